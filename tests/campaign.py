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


# A submissions repository ------------------------------------------------------------------
#
# Twenty fictional countries laid out as national teams send them, one folder per country:
# twelve workbooks with ids and no Theme column (the catalog places each id), three sheets whose
# Commitment column holds full ids, Genovia in two phases, Ruritania sent twice, Latveria rating
# a commitment only the coordinators' catalog knows, Markovia giving VIII-25 a theme the catalog
# disagrees with. Beside them: the coordinators' catalog CSV, a contacts list, a hidden folder,
# a lock file, a link back to the top (a loop) and a link to a folder outside.

# Shipped catalog themes, written out by hand: VIII-2/7 theme 1, VIII-13/14 theme 2, VIII-25
# theme 3, VIII-29 theme 4, VIII-41 theme 5; IX-A-3D and IX-A-4 are in plan A (theme 1).
NO_THEME_COUNTRIES: dict[str, list[tuple[str, int, int, int]]] = {
    # country: (id, R, E, S) rows
    "Borduria": [("VIII-13", 2, 2, 2), ("VIII-25", 1, 1, 1)],
    "Syldavia": [("VIII-13", 3, 3, 3), ("VIII-25", 3, 2, 1)],
    "Zubrowka": [("VIII-2", 1, 2, 3), ("VIII-29", 0, 0, 0)],
    "Krakozhia": [("VIII-7", 2, 1, 0), ("VIII-41", 3, 3, 3)],
    "Osterlich": [("VIII-14", 1, 1, 1), ("IX-A-4", 2, 2, 2)],
    "Tomainia": [("VIII-2", 3, 3, 3), ("VIII-13", 0, 1, 2)],
    "Pottsylvania": [("VIII-25", 2, 3, 2), ("VIII-41", 1, 0, 1)],
    "Qumar": [("VIII-29", 2, 2, 1), ("VIII-7", 1, 1, 1)],
    "Ardistan": [("VIII-14", 3, 2, 1), ("VIII-25", 0, 0, 1)],
    "Vulgaria": [("VIII-13", 1, 2, 1), ("IX-A-3D", 2, 2, 2)],
    "Carpania": [("VIII-2", 2, 2, 2), ("VIII-14", 2, 1, 2)],
    "Kerplakistan": [("VIII-41", 0, 1, 0), ("VIII-29", 3, 3, 2)],
}
ID_COMMITMENT_COUNTRIES: dict[str, list[tuple[str, int, int, int]]] = {
    "Sylvania": [("VIII-13", 2, 2, 2), ("VIII-25", 1, 2, 3), ("IX-A-3D", 3, 3, 3)],
    "Grand Fenwick": [("VIII-7", 1, 1, 1), ("IX-A-4", 2, 1, 0)],
    "San Lorenzo": [("VIII-41", 2, 2, 2), ("VIII-2", 3, 2, 1)],
}
GENOVIA_PHASES = {
    # phase: (id, theme, R, E, S) rows; the change between phases is worked out in the tests
    "1": [("VIII-13", 2, 1, 1, 1), ("VIII-25", 3, 2, 2, 2)],
    "2": [("VIII-13", 2, 2, 2, 3), ("VIII-25", 3, 2, 3, 2)],
}
COORDINATORS_CATALOG = "id,summit,theme,commitment,text\nVIII-50,VIII,5,50,Regional cooperation\n"

SUBMISSION_CODES: dict[str, list[str]] = {
    # path under submissions/ -> codes `cco validate --catalog submissions/catalog.csv` gives
    "contacts.csv": ["CCO120"],
    **{f"{c.lower().replace(' ', '-')}/{c}.xlsx": [] for c in NO_THEME_COUNTRIES},
    "sylvania/sylvania.csv": [],
    "grand-fenwick/Grand Fenwick.csv": [],
    "san-lorenzo/San Lorenzo.xlsx": [],
    "freedonia/freedonia-2024.csv": [],
    "genovia/2023/phase1.xlsx": [],
    "genovia/2024/phase2.xlsx": [],
    "latveria/latveria.xlsx": [],
    "markovia/markovia.csv": ["CCO310"],
    "ruritania/ruritania.xlsx": ["CCO311"],
    "ruritania/ruritania-resent.xlsx": ["CCO311"],
}
"""Every file a folder search finds, and its codes; anything else under submissions/ is skipped."""


def _csv(path: Path, rows: list[list[object]], delimiter: str = ",") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def _xlsx(path: Path, rows: list[list[object]], metadata: dict[str, str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    scores = book.active
    scores.title = "Scores"
    for row in rows:
        scores.append(row)
    if metadata:
        sheet = book.create_sheet("Metadata")
        for key, value in metadata.items():
            sheet.append([key, value])
    book.save(path)
    return path


def build_submissions(root: Path) -> Path:
    """The submissions folder described above, written under `root`; returns the folder."""
    folder = root / "submissions"
    for country, rows in NO_THEME_COUNTRIES.items():
        _xlsx(
            folder / country.lower().replace(" ", "-") / f"{country}.xlsx",
            [["Id", "R", "E", "S"], *map(list, rows)],
        )
    # Sylvania: a Spanish semicolon CSV whose Compromiso column holds the ids.
    _csv(
        folder / "sylvania" / "sylvania.csv",
        [["País", "Compromiso", "R", "E", "S"]]
        + [["Sylvania", *row] for row in ID_COMMITMENT_COUNTRIES["Sylvania"]],
        delimiter=";",
    )
    # Grand Fenwick: a row counter beside a Commitment column of ids.
    _csv(
        folder / "grand-fenwick" / "Grand Fenwick.csv",
        [["Item", "Commitment", "R", "E", "S"]]
        + [[n, *row] for n, row in enumerate(ID_COMMITMENT_COUNTRIES["Grand Fenwick"], 1)],
    )
    _xlsx(
        folder / "san-lorenzo" / "San Lorenzo.xlsx",
        [["Compromiso", "R", "E", "S"], *map(list, ID_COMMITMENT_COUNTRIES["San Lorenzo"])],
    )
    _csv(
        folder / "freedonia" / "freedonia-2024.csv",
        [
            ["Country", "Summit", "Theme", "Commitment", "R", "E", "S"],
            ["Freedonia", "VIII", 1, 2, 2, 2, 2],
            ["Freedonia", "VIII", 2, 13, 1, 2, 3],
        ],
    )
    for phase, year in (("1", "2023"), ("2", "2024")):
        _xlsx(
            folder / "genovia" / year / f"phase{phase}.xlsx",
            [["Id", "Theme", "R", "E", "S"], *map(list, GENOVIA_PHASES[phase])],
            {"Country": "Genovia", "Phase": phase},
        )
    for name in ("ruritania", "ruritania-resent"):
        _xlsx(
            folder / "ruritania" / f"{name}.xlsx",
            [["Country", "Id", "R", "E", "S"], ["Ruritania", "VIII-14", 2, 2, 2]],
        )
    _xlsx(
        folder / "latveria" / "latveria.xlsx",
        [["Country", "Id", "R", "E", "S"], ["Latveria", "VIII-50", 1, 2, 1]],
    )
    _csv(
        folder / "markovia" / "markovia.csv",
        [["Country", "Id", "Theme", "R", "E", "S"], ["Markovia", "VIII-25", 4, 2, 2, 2]],
    )
    (folder / "catalog.csv").write_text(COORDINATORS_CATALOG, encoding="utf-8")
    (folder / "contacts.csv").write_text("name,email\nAna,ana@example.org\n", encoding="utf-8")
    _csv(folder / ".git" / "stray.csv", [["Id", "R", "E", "S"], ["VIII-13", 9, 9, 9]])
    (folder / "freedonia" / "~$freedonia-2024.xlsx").write_bytes(b"lock")
    (folder / "genovia" / "back-to-top").symlink_to(folder, target_is_directory=True)
    outside = _xlsx(
        root / "elsewhere" / "Elbonia.xlsx", [["Id", "R", "E", "S"], ["VIII-13", 9, 9, 9]]
    )
    (folder / "elsewhere").symlink_to(outside.parent, target_is_directory=True)
    return folder
