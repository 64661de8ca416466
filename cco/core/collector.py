"""Python's cycle collector paused while many objects that form no cycle are made.

A sheet of 50,000 rows makes hundreds of thousands of small objects (its rows as the read
rebuilds them, then their records), none in a reference cycle; each few hundred allocations the
collector would walk every live object, pandas' included: a third of the parse, and as much
as rebuilding the rows. Paused only around such work, never while a process waits (a host
application's other threads keep their collections).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector within the block; switched back on after (if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
