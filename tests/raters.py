"""Sheets with one row per organization (rater rows), for bootstrap intervals.

The country is the file's name: Freedonia, Sylvania, ...
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from openpyxl import Workbook

from cco.core.models import CRITERIA

# An item of a rater sheet: summit, theme (number, or plan letter for IX), commitment, sub, and
# per criterion each organization's rating (None: that organization did not rate it).
RaterItem = tuple[str, object, int, str | None, dict[str, list[int | None]]]


def rater_sheet(path: Path, items: list[RaterItem]) -> Path:
    """Write a sheet with one row per organization and item; the country is the file's name."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Ratings"
    sheet.append(["Summit", "Theme", "Commitment", "Sub", "Organization", "R", "E", "S"])
    for summit, theme, commitment, sub, ratings in items:
        raters = max(len(r) for r in ratings.values())
        for k in range(raters):
            values = [
                ratings[c][k] if c in ratings and k < len(ratings[c]) else None for c in CRITERIA
            ]
            sheet.append([summit, theme, commitment, sub, f"Org {k + 1}", *values])
    book.save(path)
    return path


def each(r: list[int | None], e: list[int | None], s: list[int | None]) -> dict:
    return {"relevance": r, "effectiveness": e, "sustainability": s}


def ten_raters_32_items(path: Path) -> Path:
    """32 items (VIII 1-16 in themes 1-4, IX plan A-D 1-16), ten organizations each."""
    rng = np.random.default_rng(3)
    items: list[RaterItem] = []
    for k in range(32):
        summit, theme = ("VIII", 1 + k % 4) if k < 16 else ("IX", "ABCD"[k % 4])
        ratings = {c: [int(v) for v in rng.integers(0, 4, size=10)] for c in CRITERIA}
        items.append((summit, theme, k % 16 + 1, None, ratings))
    return rater_sheet(path, items)
