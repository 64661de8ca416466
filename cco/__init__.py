"""cco: score, compare and validate the evaluation sheets of the Citizen Corruption Observatory.

The library entry points a notebook user calls are importable from here; each is loaded on first
use, so that `import cco` (and every command's start-up) stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# name -> module that defines it, imported on first access
_ENTRY_POINTS = {
    "read_sheet": "cco.io.ingest",
    "score_country": "cco.scoring.score",
    "ScoreSettings": "cco.scoring.score",
    "load_catalog": "cco.catalog.commitments",
    "validate_paths": "cco.pipeline.validate",
    "read_batch": "cco.pipeline.batch",
}

__all__ = ["__version__", *_ENTRY_POINTS]


def __getattr__(name: str) -> Any:
    """Load a library entry point on first access."""
    module = _ENTRY_POINTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cco' has no attribute {name!r}")
    return getattr(import_module(module), name)
