"""Size limits that keep a hostile or broken file from hanging cco or eating memory.

Every limit can be raised (or lowered) through an environment variable, or by passing a
Limits object to the library.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What an input may weigh before it is refused, without being inflated or allocated."""

    file_bytes: int = 50 * _MB  # CCO_MAX_FILE_MB: the file on disk
    unpacked_bytes: int = 500 * _MB  # CCO_MAX_UNPACKED_MB: a workbook's declared unpacked size
    parts: int = 2_000  # CCO_MAX_PARTS: files inside a workbook archive
    rows: int = 1_048_576  # CCO_MAX_ROWS: a sheet's used range, rows
    columns: int = 1_024  # CCO_MAX_COLUMNS: a sheet's used range, columns
    cells: int = 5_000_000  # CCO_MAX_CELLS: rows x columns of a sheet's used range
    # Files are parsed in a child process under these limits (see cco.io.isolation).
    read_memory_bytes: int = 2048 * _MB  # CCO_MAX_READ_MEMORY_MB: address space the reader adds
    read_cpu_seconds: int = 60  # CCO_MAX_READ_CPU_SECONDS: processor time of one file's read
    read_seconds: int = 120  # CCO_MAX_READ_SECONDS: wall-clock time of one file's read
    field_chars: int = 100_000  # CCO_MAX_FIELD_CHARS: one CSV field, in characters

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults, overridden by CCO_MAX_* environment variables where they are set."""
        environ = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for field in fields(cls):
            name, scale = _ENV[field.name]
            raw = environ.get(name)
            if raw:
                try:
                    values[field.name] = int(float(raw) * scale)
                except ValueError:
                    continue
        return cls(**values)


_ENV = {
    "file_bytes": ("CCO_MAX_FILE_MB", _MB),
    "unpacked_bytes": ("CCO_MAX_UNPACKED_MB", _MB),
    "parts": ("CCO_MAX_PARTS", 1),
    "rows": ("CCO_MAX_ROWS", 1),
    "columns": ("CCO_MAX_COLUMNS", 1),
    "cells": ("CCO_MAX_CELLS", 1),
    "read_memory_bytes": ("CCO_MAX_READ_MEMORY_MB", _MB),
    "read_cpu_seconds": ("CCO_MAX_READ_CPU_SECONDS", 1),
    "read_seconds": ("CCO_MAX_READ_SECONDS", 1),
    "field_chars": ("CCO_MAX_FIELD_CHARS", 1),
}
