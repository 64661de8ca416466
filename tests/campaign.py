"""A campaign of fictional countries' sheets, in different layouts, for comparisons.

Freedonia (tidy English .xlsx, country from the file name; the seven items of tests/sheets.py),
Sylvania (a CSV with a Country column; four items, one of them VIII-25 that nobody else rates),
Genovia (a workbook with a Metadata sheet, phase 2, ids layout; VIII only) and Elbonia (a sheet
with a score outside the scale). Tests work their expected numbers out by hand from these scores.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from tests import sheets


def freedonia(folder: Path) -> Path:
    """tests/sheets.py's Freedonia, named by its file."""
    return sheets.tidy_english(folder / "Freedonia.xlsx")


SYLVANIA = [
    # summit, theme, commitment, R, E, S
    ("VIII", 1, 3, 3, 3, 3),
    ("VIII", 2, 20, 1, 1, 1),
    ("VIII", 3, 25, 2, 2, 2),
    ("IX", "A", 4, 1, 2, 0),
]


def sylvania(folder: Path) -> Path:
    """A comma CSV whose Country column names the country."""
    path = folder / "submission-07.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Country", "Summit", "Theme", "Commitment", "R", "E", "S"])
        for row in SYLVANIA:
            writer.writerow(["Sylvania", *row])
    return path


def genovia(folder: Path, phase: str = "2", name: str = "gnv.xlsx") -> Path:
    """An ids-only sheet with a Metadata sheet giving the country and the phase."""
    book = Workbook()
    scores = book.active
    scores.title = "Scores"
    scores.append(["Id", "Theme", "R", "E", "S"])
    scores.append(["VIII-3", 1, 2, 2, 2])
    scores.append(["VIII-14", 2, 2, 2, 2])
    metadata = book.create_sheet("Metadata")
    metadata.append(["Country", "Genovia"])
    metadata.append(["Phase", phase])
    book.save(folder / name)
    return folder / name


def broken(folder: Path) -> Path:
    """Elbonia's sheet with a score outside the scale."""
    return sheets.save(
        [["Country", "Id", "Theme", "R", "E", "S"], ["Elbonia", "VIII-3", 1, 2, 4.5, 1]],
        folder / "elbonia.xlsx",
    )


def three_countries(folder: Path) -> list[Path]:
    """Freedonia, Sylvania and Genovia, in that order."""
    return [freedonia(folder), sylvania(folder), genovia(folder)]


COUNTRIES: dict[str, Callable[[Path], Path]] = {
    "Freedonia": freedonia,
    "Sylvania": sylvania,
    "Genovia": genovia,
    "Elbonia": broken,
}
"""Each fictional country of the campaign and the builder of its sheet."""


def build_campaign(folder: Path, *countries: str) -> list[Path]:
    """The sheets of `countries` (default Freedonia, Sylvania and Genovia) written in `folder`."""
    return [COUNTRIES[name](folder) for name in countries or ("Freedonia", "Sylvania", "Genovia")]
