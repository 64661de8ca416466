"""Reading files and writing outputs safely.

Archive checks, readers, headers, layout and ingest; safe output files.
"""
