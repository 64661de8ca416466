"""The one path from a file to a result.

Score one file, stream a batch, validate many files.
"""
