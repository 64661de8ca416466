"""Fictional inputs for the benchmark: tidy country sheets and rater sheets, .xlsx and .csv.

Item ids come from the shipped catalog (data/catalog.csv) so that sheets raise no catalog
warning and the timing covers the normal path; without that file, a made-up VIII/IX list.
"""

from __future__ import annotations

import csv
import functools
import random
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

SHIPPED_CATALOG = Path(__file__).resolve().parent.parent / "data" / "catalog.csv"

COUNTRIES = (
    "Freedonia",
    "Sylvania",
    "Genovia",
    "Latveria",
    "Elbonia",
    "Ruritania",
    "Grand Fenwick",
    "Zubrowka",
    "Florin",
    "Guilder",
    "Kasnia",
    "Bialya",
    "Qumar",
    "Markovia",
    "Santa Prisca",
    "Corto Maltese",
    "San Lorenzo",
    "Costa Luna",
    "Val Verde",
    "Tropico",
)
REGIONS = ("", "North ", "South ", "East ", "West ", "New ", "Upper ", "Lower ", "Old ", "Port ")
ORGANIZATIONS = tuple(f"{c} Integrity Forum" for c in COUNTRIES)
VIII_THEME_ENDS = (6, 23, 25, 29, 57)  # last Lima commitment of themes 1-5
IX_PLAN_SIZES = {"A": 12, "B": 8, "C": 17, "D": 6, "E": 6}  # commitments per action plan
IX_SUBS = {("A", 3): "ABCDE"}  # commitments split into sub-commitments
RATED_ITEMS = 40  # items of the rater sheets: 2,000 rows = 40 items x 50 organizations' rows
TIDY_HEADER = ["Summit", "Theme", "Commitment", "Sub", "R", "E", "S"]
RATER_HEADER = ["Summit", "Theme", "Commitment", "Sub", "Organization", "R", "E", "S"]


@dataclass(frozen=True)
class Item:
    """One scored item as a sheet names it."""

    summit: str
    theme: int | str  # a number for VIII, the plan letter for IX
    commitment: int
    sub: str | None


@functools.cache
def catalog() -> list[Item]:
    """The shipped catalog's items; else a made-up list of VIII commitments and IX plans."""
    if SHIPPED_CATALOG.exists():
        with SHIPPED_CATALOG.open(encoding="utf-8", newline="") as handle:
            return [
                Item(
                    row["summit"],
                    row["plan"] or int(row["theme"]),
                    int(row["commitment"]),
                    row["sub"] or None,
                )
                for row in csv.DictReader(handle)
            ]
    items = []
    for number in range(1, VIII_THEME_ENDS[-1] + 1):
        theme = next(t for t, end in enumerate(VIII_THEME_ENDS, 1) if number <= end)
        items.append(Item("VIII", theme, number, None))
    for plan, size in IX_PLAN_SIZES.items():
        for number in range(1, size + 1):
            items.extend(Item("IX", plan, number, s) for s in IX_SUBS.get((plan, number), [None]))
    return items


def country_names(count: int) -> list[str]:
    """`count` distinct fictional names: Freedonia, ..., North Freedonia, ..., Freedonia 2, ..."""
    names = [f"{region}{name}" for region in REGIONS for name in COUNTRIES]
    return [
        names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "")
        for i in range(count)
    ]


def write_book(
    path: Path, country: str, header: list[str], rows: Iterable[Sequence[object]]
) -> Path:
    """Write a Scores sheet and a Metadata sheet naming the country (streamed, write-only)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    scores = book.create_sheet("Scores")
    scores.append(header)
    for row in rows:
        scores.append(row)
    metadata = book.create_sheet("Metadata")
    metadata.append(["Country", country])
    metadata.append(["Year", 2024])
    book.save(path)
    return path


def write_csv(path: Path, header: list[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a UTF-8 CSV (with byte-order mark, as Excel writes it) of the header and rows."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return path


def tidy_sheet(path: Path, country: str, n_items: int, rng: random.Random) -> Path:
    """A tidy sheet: one row per item with R, E, S scores to two decimals."""
    rows = (
        [i.summit, i.theme, i.commitment, i.sub] + [round(rng.uniform(0, 3), 2) for _ in "RES"]
        for i in rng.sample(catalog(), min(n_items, len(catalog())))
    )
    return write_book(path, country, TIDY_HEADER, rows)


def rater_rows(n_rows: int, seed: int) -> Iterator[Sequence[object]]:
    """One row per organization (and rating round) per item, whole-number ratings 0-3."""
    rng = random.Random(seed)
    items = catalog()[:RATED_ITEMS]
    per_item = n_rows // len(items)
    for item in items:
        for k in range(per_item):
            rater = f"{ORGANIZATIONS[k % len(ORGANIZATIONS)]}, round {k // len(ORGANIZATIONS) + 1}"
            yield [item.summit, item.theme, item.commitment, item.sub, rater] + [
                rng.randint(0, 3) for _ in "RES"
            ]


def rater_sheet(path: Path, n_rows: int, seed: int = 7) -> Path:
    """A rater sheet of `n_rows` rows as .xlsx or .csv (by the suffix of `path`)."""
    rows = rater_rows(n_rows, seed)
    if path.suffix == ".csv":
        return write_csv(path, RATER_HEADER, rows)
    return write_book(path, "Freedonia", RATER_HEADER, rows)


def country_folder(folder: Path, count: int, seed: int = 11) -> list[Path]:
    """`count` small tidy sheets of 10-32 items; every 20 sheets repeat the same sizes."""
    rng = random.Random(seed)
    folder.mkdir(exist_ok=True)
    paths = []
    for index, name in enumerate(country_names(count)):
        size = 10 + (index % 20) * 22 // 19
        path = folder / f"{index:04d}-{name.lower().replace(' ', '-')}.xlsx"
        paths.append(tidy_sheet(path, name, size, rng))
    return paths


def grid_bytes(path: Path) -> int:
    """The cell data of a file: the deep size of the rows the bare reader returns.

    Python objects as the reader gives them (the row lists, their cells, each distinct object
    once): what a reader that holds the whole grid must hold, and what `cco` is compared with.
    """
    seen: set[int] = set()
    total = 0
    for row in bare_rows(path):
        total += sys.getsizeof(row)
        for cell in row:
            if id(cell) not in seen:
                seen.add(id(cell))
                total += sys.getsizeof(cell)
    return total


def bare_rows(path: Path) -> Sequence[Sequence[object]]:
    """Every row of the first sheet, read the way the floor reads it."""
    if path.suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        import io

        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_index(0).to_python()
