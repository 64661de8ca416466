"""The ground floor.

The data model, problems and their rules, exit codes, ids, text and limits. Imports nothing else
of cco but the translations.
"""
