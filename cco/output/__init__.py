"""Presentation.

Tables, terminal rendering, problem reports, exports, workbooks, charts and the report page.
"""
