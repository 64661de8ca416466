"""The commitment catalog: every commitment whose official number and text are known.

The shipped catalog is `cco/data/catalog.csv`, package data installed with cco (the
repository's `data/catalog.csv` links to it). A coordinator's own file in the same format (CSV,
or a workbook whose first sheet holds the same columns) extends it: its new ids are added and an
id already shipped is replaced by its row. Sheets are checked against the catalog in use with
`check_against_catalog`.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from cco.core.ids import make_id, parse_id, parse_summit, parse_theme, plan_for_theme
from cco.core.models import PLANS, SUMMITS, CcoError, CountrySheet, IngestResult, Item, Problem
from cco.core.problems import Location, make_problem
from cco.core.text import cell_text, column_letter, fold
from cco.io.files import neutralize
from cco.io.ingest import LIMA_COMMITMENTS
from cco.io.readers import read_workbook

CATALOG_COLUMNS: tuple[str, ...] = (
    "id",
    "summit",
    "theme",
    "theme_name",
    "plan",
    "commitment",
    "sub",
    "text",
    "commitment_text",
    "other_texts",
    "source",
)
"""The columns of a catalog file, in the order cco writes them."""

REQUIRED_COLUMNS: tuple[str, ...] = ("id", "text")
"""The columns a catalog file must have; the others may be absent or empty."""

TRANSLATED_COLUMNS: tuple[str, ...] = ("text", "theme_name", "commitment_text")
"""Columns a catalog may also give in other languages: `text_es`, `theme_name_pt`, ..."""

_TRANSLATED_COLUMN = re.compile(r"^(text|theme name|commitment text) ([a-z]{2,3})$")

OTHER_TEXTS_SEPARATOR = " | "
"""Separates the other published wordings in the `other_texts` column."""

# How far a text excerpt in a mismatch warning reaches around the first differing word.
_WORDS_BEFORE, _WORDS_SHOWN = 3, 10


def shipped_catalog_path() -> Path:
    """Where the shipped catalog lives: cco/data/catalog.csv, installed with the package.

    The repository's data/catalog.csv is a link to it.
    """
    return Path(__file__).resolve().parent / "data" / "catalog.csv"


@dataclass(frozen=True)
class CatalogEntry:
    """One commitment or sub-commitment: its id, place and official text."""

    id: str
    summit: str
    theme: int
    commitment: int
    text: str
    plan: str | None = None
    sub: str | None = None
    theme_name: str | None = None
    commitment_text: str | None = None  # a sub-commitment's parent text; None for a commitment
    other_texts: tuple[str, ...] = ()  # other published wordings of `text`
    source: str | None = None
    # Texts in other languages, as (column, text): ('text_es', '...'), ('theme_name_pt', '...').
    translations: tuple[tuple[str, str], ...] = ()

    def translated(self, column: str, lang: str) -> str | None:
        """The entry's `column` ('text', 'theme_name') in `lang`, if the catalog gives it."""
        wanted = f"{column}_{lang}"
        return next((text for name, text in self.translations if name == wanted), None)

    @property
    def parent_id(self) -> str:
        """The id of the commitment itself: 'IX-A-3' for 'IX-A-3D', the id for a commitment."""
        return make_id(self.summit, self.commitment, self.plan)

    @property
    def parent_text(self) -> str | None:
        """The commitment's text: the parent's for a sub-commitment, else the entry's own."""
        return self.commitment_text if self.sub else self.text

    def texts(self) -> tuple[str, ...]:
        """The official text, then its other published wordings and its translations."""
        translated = (text for name, text in self.translations if name.startswith("text_"))
        return (self.text, *self.other_texts, *translated)

    def parent_texts(self) -> tuple[str, ...]:
        """The commitment's known texts: the parent's for a sub-commitment, else `texts()`."""
        if self.sub:
            return (self.commitment_text,) if self.commitment_text else ()
        return self.texts()

    def haystack(self) -> str:
        """Everything a search looks at, folded: id, theme name, texts."""
        parts = (self.id, self.theme_name, self.text, self.commitment_text, *self.other_texts)
        return fold(" ".join(p for p in parts if p))

    def sort_key(self) -> tuple[int, int, int, str]:
        """Catalog order: VIII before IX, then theme (plan), number, sub-commitment."""
        return (SUMMITS.index(self.summit), self.theme, self.commitment, self.sub or "")


class UnknownCommitments(Exception):
    """Raised when ids asked for are not in the catalog, or are not commitment ids at all."""

    def __init__(self, ids: list[str]) -> None:
        super().__init__(", ".join(ids))
        self.ids = ids


@dataclass(frozen=True)
class TextsInLanguage:
    """What a catalog says in one language: item texts by id, theme names by (summit, theme)."""

    lang: str
    items: dict[str, str] = field(default_factory=dict)
    themes: dict[tuple[str, int], str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        """True when the catalog gives anything in this language."""
        return bool(self.items or self.themes)


@dataclass(frozen=True)
class Catalog:
    """The commitments cco knows, in catalog order, with the files and problems they came from."""

    entries: tuple[CatalogEntry, ...]
    files: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    _by_id: dict[str, CatalogEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.entries, key=CatalogEntry.sort_key))
        by_id = {entry.id: entry for entry in ordered}
        if len(by_id) != len(ordered):
            raise ValueError("a catalog lists each id once")
        object.__setattr__(self, "entries", ordered)
        object.__setattr__(self, "_by_id", by_id)

    def __len__(self) -> int:
        """How many entries the catalog holds."""
        return len(self.entries)

    def __iter__(self) -> Iterator[CatalogEntry]:
        """The entries in catalog order."""
        return iter(self.entries)

    def __contains__(self, item_id: object) -> bool:
        """True when the catalog has an entry with this id (any spelling parse_id accepts)."""
        return self.get(str(item_id)) is not None

    def texts_in(self, lang: str) -> TextsInLanguage:
        """The item texts and theme names this catalog gives in `lang` (often none)."""
        items: dict[str, str] = {}
        themes: dict[tuple[str, int], str] = {}
        for entry in self.entries:
            text = entry.translated("text", lang)
            if text:
                items[entry.id] = text
            name = entry.translated("theme_name", lang)
            if name:
                themes.setdefault((entry.summit, entry.theme), name)
        return TextsInLanguage(lang, items, themes)

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the catalog unusable (bad rows, missing columns)."""
        return [p for p in self.problems if p.is_error]

    def get(self, item_id: str) -> CatalogEntry | None:
        """The entry of an id ('VIII-25', 'ix-a-3d'); None when it is not in the catalog."""
        canonical = canonical_id(item_id)
        return self._by_id.get(canonical) if canonical else None

    def themes(self) -> dict[str, int]:
        """Each id's theme, by canonical id.

        A commitment known only through its sub-commitments ('IX-A-3' through IX-A-3D) is
        listed under its own id too. Plain data for ingest, which gives an item the theme its
        sheet leaves out.
        """
        found = {entry.parent_id: entry.theme for entry in self.entries if entry.sub}
        found.update((entry.id, entry.theme) for entry in self.entries)
        return found

    def sub_commitments(self, commitment_id: str) -> list[CatalogEntry]:
        """The sub-commitments of a commitment ('IX-A-12' -> IX-A-12A, IX-A-12G, ...)."""
        canonical = canonical_id(commitment_id)
        return [e for e in self.entries if e.sub and e.parent_id == canonical]

    def of_summit(self, summit: str | None = None) -> list[CatalogEntry]:
        """The entries of one summit ('VIII' or 'IX'), or all of them."""
        return [e for e in self.entries if summit is None or e.summit == summit]

    def search(self, query: str, summit: str | None = None) -> list[CatalogEntry]:
        """Entries whose id, texts or theme name hold every word of `query`.

        Case and accents do not matter, and a word may be part of a longer one ('transparen'
        finds 'transparency'). A query that is an id finds that entry and its sub-commitments.
        """
        pool = self.of_summit(summit)
        wanted = canonical_id(query)
        if wanted is not None:
            return [e for e in pool if wanted in (e.id, e.parent_id)]
        words = fold(query).split()
        return [e for e in pool if all(word in e.haystack() for word in words)]

    def select(self, ids: Iterable[str]) -> list[CatalogEntry]:
        """The entries of the ids asked for, in catalog order.

        A commitment id that the catalog knows only through its sub-commitments ('IX-A-12')
        selects all of them.

        Raises:
            UnknownCommitments: some ids are not ids, or not in the catalog.

        """
        chosen: dict[str, CatalogEntry] = {}
        unknown: list[str] = []
        for raw in ids:
            canonical = canonical_id(raw)
            entry = self._by_id.get(canonical) if canonical else None
            found = [entry] if entry else self.sub_commitments(canonical) if canonical else []
            if not found:
                unknown.append(canonical or raw)
            chosen.update((e.id, e) for e in found)
        if unknown:
            raise UnknownCommitments(unknown)
        return sorted(chosen.values(), key=CatalogEntry.sort_key)

    def counts(self) -> dict[str, int]:
        """How many entries each summit has."""
        return {summit: len(self.of_summit(summit)) for summit in SUMMITS}


@functools.lru_cache(maxsize=4096)  # a batch looks up the same ids in every sheet
def canonical_id(value: str) -> str | None:
    """The canonical spelling of an id ('ix a 3 d' -> 'IX-A-3D'); None when it is not an id."""
    parsed = parse_id(value)
    return make_id(parsed.summit, parsed.commitment, parsed.plan, parsed.sub) if parsed else None


def same_text(first: str, second: str) -> bool:
    """True when two texts differ only in case, accents, whitespace or punctuation."""
    return fold(first) == fold(second)


# Reading catalog files ----------------------------------------------------------------------


@dataclass
class CatalogFile:
    """The entries read from one catalog file, and the problems found in it."""

    path: str
    entries: list[CatalogEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_catalog_file(path: Path, *, shipped: bool = False) -> CatalogFile:
    """Read one catalog file (.csv, or the first sheet of a .xlsx/.ods) into entries.

    Every bad row is reported (and left out), so that one run lists them all. `shipped`: the
    catalog that comes with cco, read without a child process (see `read_workbook`).

    Raises:
        CcoError: the file is missing or cannot be read at all.

    """
    book = read_workbook(path, shipped=shipped)
    result = CatalogFile(path=str(path), problems=list(book.notes))
    sheet = book.sheets[0] if book.sheets else None
    grid = sheet.rows if sheet else []
    rows = [(i, cells) for i, cells in enumerate(grid) if any(map(cell_text, cells))]
    sheet_name = sheet.name if sheet and path.suffix.lower() != ".csv" else None
    if not rows:
        result.problems.extend(
            make_problem("CCO116/column", file=str(path), name=name) for name in REQUIRED_COLUMNS
        )
        return result
    assert sheet is not None
    header_index, header = rows[0]
    columns = _catalog_columns(header)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        result.problems.extend(
            make_problem(
                "CCO116/column",
                file=str(path),
                sheet=sheet_name,
                row=sheet.spreadsheet_row(header_index),
                name=name,
            )
            for name in missing
        )
        return result
    seen: dict[str, int] = {}
    for index, cells in rows[1:]:
        row = _CatalogRow(
            cells, columns, str(path), sheet_name, sheet.spreadsheet_row(index), sheet.col_offset
        )
        entry = row.entry()
        result.problems.extend(row.problems)
        if entry is None:
            continue
        if entry.id in seen:
            result.problems.append(
                row.problem("CCO116/duplicate", "id", id=entry.id, other_row=seen[entry.id])
            )
            continue
        seen[entry.id] = row.row
        result.entries.append(entry)
    return result


def is_catalog_file(path: Path) -> bool:
    """True for a CSV whose first row is a catalog's header (id, text, ... and no R/E/S).

    A folder of sheets may hold the coordinators' catalog beside them; it is not a sheet.
    """
    from cco.io.headers import match_header

    # Only a regular file is opened: a pipe or a device named .csv would block or never end.
    if path.suffix.lower() != ".csv" or not os.path.isfile(path):  # False where it cannot look
        return False
    try:
        with path.open("rb") as handle:
            first = handle.readline(8192).decode("utf-8-sig", "replace")
    except OSError:
        return False
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        cells = next(csv.reader([first], delimiter=delimiter), [])
    except csv.Error:  # a stray carriage return or NUL: not a catalog's header, whatever it is
        return False
    columns = _catalog_columns(cells)
    has_columns = all(name in columns for name in REQUIRED_COLUMNS)
    return has_columns and match_header(cells, 0) is None


def _catalog_columns(header: Sequence[object]) -> dict[str, int]:
    """Map the catalog's column names to their indexes ('Theme name' and 'theme_name' alike).

    A column of texts in another language is named by its column and language: 'text_es',
    'Theme name pt'.
    """
    names = {fold(name): name for name in CATALOG_COLUMNS}
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        folded = fold(cell_text(cell))
        name = names.get(folded)
        if name is None:
            translated = _TRANSLATED_COLUMN.match(folded.replace("_", " "))
            if translated:
                name = f"{translated[1].replace(' ', '_')}_{translated[2]}"
        if name is not None:
            columns.setdefault(name, index)
    return columns


class _CatalogRow:
    """One data row of a catalog file, turned into an entry or into the problems that stop it."""

    def __init__(
        self,
        cells: list[object],
        columns: dict[str, int],
        file: str,
        sheet: str | None,
        row: int,
        col_offset: int,
    ) -> None:
        self.cells, self.columns, self.file, self.sheet = cells, columns, file, sheet
        self.row, self.col_offset = row, col_offset
        self.problems: list[Problem] = []

    def text(self, name: str) -> str:
        index = self.columns.get(name)
        return cell_text(self.cells[index]) if index is not None and index < len(self.cells) else ""

    def problem(self, key: str, name: str, **params: Any) -> Problem:
        index = self.columns.get(name)
        column = column_letter(index + self.col_offset) if index is not None else None
        return make_problem(
            key, file=self.file, sheet=self.sheet, row=self.row, column=column, **params
        )

    def report(self, key: str, name: str, **params: Any) -> None:
        self.problems.append(self.problem(key, name, **params))

    def entry(self) -> CatalogEntry | None:
        parsed = parse_id(self.text("id"))
        if parsed is None:
            self.report("CCO116/value", "id", field="id", value=self.text("id")[:40])
            return None
        item_id = make_id(parsed.summit, parsed.commitment, parsed.plan, parsed.sub)
        if parsed.summit == "VIII" and not 1 <= parsed.commitment <= LIMA_COMMITMENTS:
            self.report("CCO208", "id", id=item_id, max=LIMA_COMMITMENTS)
            return None
        expected = {
            "summit": parsed.summit,
            "plan": parsed.plan or "",
            "commitment": str(parsed.commitment),
            "sub": parsed.sub or "",
        }
        given = {
            "summit": parse_summit(self.text("summit")) or self.text("summit"),
            "plan": self.text("plan").upper(),
            "commitment": self.text("commitment"),
            "sub": self.text("sub").upper(),
        }
        for name, value in given.items():
            if value and value != expected[name]:
                self.report(
                    "CCO116/disagrees",
                    name,
                    id=item_id,
                    field=name,
                    value=value,
                    expected=expected[name] or "-",
                )
        theme = self._theme(item_id, parsed.plan)
        text = self.text("text")
        if not text:
            self.report("CCO116/missing", "text", id=item_id, field="text")
        if self.problems or theme is None:
            return None
        others = self.text("other_texts").split(OTHER_TEXTS_SEPARATOR.strip())
        return CatalogEntry(
            id=item_id,
            summit=parsed.summit,
            theme=theme,
            commitment=parsed.commitment,
            text=text,
            plan=parsed.plan,
            sub=parsed.sub,
            theme_name=self.text("theme_name") or None,
            commitment_text=(self.text("commitment_text") or None) if parsed.sub else None,
            other_texts=tuple(t.strip() for t in others if t.strip()),
            source=self.text("source") or None,
            translations=tuple(
                (name, self.text(name))
                for name in self.columns
                if name not in CATALOG_COLUMNS and self.text(name)
            ),
        )

    def _theme(self, item_id: str, plan: str | None) -> int | None:
        raw = self.text("theme")
        plan_theme = PLANS.index(plan) + 1 if plan else None
        if not raw:
            if plan_theme is None:
                self.report("CCO116/missing", "theme", id=item_id, field="theme")
            return plan_theme
        ref = parse_theme(raw)
        if ref is None:
            self.report("CCO116/value", "theme", field="theme", value=raw[:40])
            return None
        if plan_theme is not None and ref.number != plan_theme:
            self.report(
                "CCO116/disagrees",
                "theme",
                id=item_id,
                field="theme",
                value=raw[:40],
                expected=f"{plan_theme} ({plan_for_theme(plan_theme)})",
            )
            return None
        return ref.number


def merge_catalog_files(files: Sequence[CatalogFile]) -> Catalog:
    """One catalog from several files: a later file's row replaces an earlier one's with its id.

    A theme's name comes from the latest file that names it, so that every row of a theme
    carries one name; a sub-commitment without its parent's text takes it from a sibling.
    """
    by_id: dict[str, CatalogEntry] = {}
    theme_names: dict[tuple[str, int], str] = {}
    parent_texts: dict[str, str] = {}
    for catalog_file in files:
        names_here: dict[tuple[str, int], str] = {}
        for entry in catalog_file.entries:
            by_id[entry.id] = entry
            if entry.theme_name:
                names_here.setdefault((entry.summit, entry.theme), entry.theme_name)
            if entry.sub and entry.commitment_text:
                parent_texts[entry.parent_id] = entry.commitment_text
        theme_names.update(names_here)
    entries = [
        replace(
            entry,
            theme_name=theme_names.get((entry.summit, entry.theme)),
            commitment_text=(entry.commitment_text or parent_texts.get(entry.parent_id))
            if entry.sub
            else None,
        )
        for entry in by_id.values()
    ]
    return Catalog(
        entries=tuple(entries),
        files=tuple(f.path for f in files),
        problems=tuple(p for f in files for p in f.problems),
    )


def load_catalog(extra: str | Path | None = None, *, shipped: Path | None = None) -> Catalog:
    """The shipped catalog, extended by a coordinator's file when one is given.

    Args:
        extra: a catalog file whose rows add to the shipped ones (a shipped id is replaced).
        shipped: the shipped catalog's path (default: `shipped_catalog_path()`).

    Returns:
        The merged Catalog; its `errors` list the rows that could not be read (left out).

    Raises:
        CcoError: the shipped catalog is missing (CCO116), or a file cannot be read at all.

    """
    ours = shipped is None  # a path given here may be anyone's file: read it isolated
    shipped = shipped or shipped_catalog_path()
    if not shipped.is_file():
        raise CcoError(make_problem("CCO116/shipped", file=str(shipped)))
    files = [read_catalog_file(shipped, shipped=ours)]
    if extra is not None:
        files.append(read_catalog_file(Path(extra)))
    return merge_catalog_files(files)


# Writing the catalog ------------------------------------------------------------------------


def catalog_row(entry: CatalogEntry) -> dict[str, str]:
    """An entry as the text cells of a catalog file's row (its translated columns too)."""
    values = asdict(entry)
    values["other_texts"] = OTHER_TEXTS_SEPARATOR.join(entry.other_texts)
    row = {name: "" if values[name] is None else str(values[name]) for name in CATALOG_COLUMNS}
    return {**row, **dict(entry.translations)}


def catalog_to_csv(entries: Iterable[CatalogEntry]) -> str:
    """Entries as a catalog file (CSV, UTF-8), formula-like texts neutralized.

    Columns in other languages (`text_es`) that any entry has follow the shipped columns.
    """
    entries = list(entries)
    translated = sorted({name for entry in entries for name, _ in entry.translations})
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=[*CATALOG_COLUMNS, *translated], restval="", lineterminator="\n"
    )
    writer.writeheader()
    for entry in entries:
        writer.writerow({k: neutralize(v) for k, v in catalog_row(entry).items()})
    return buffer.getvalue()


def catalog_to_json(entries: Iterable[CatalogEntry], files: Sequence[str] = ()) -> str:
    """Entries as a JSON object: {"files": [...], "commitments": [{id, summit, theme, ...}]}."""
    commitments = []
    for entry in entries:
        record = asdict(entry)
        record["other_texts"] = list(entry.other_texts)
        commitments.append({name: record[name] for name in CATALOG_COLUMNS})
    return (
        json.dumps({"files": list(files), "commitments": commitments}, ensure_ascii=False, indent=2)
        + "\n"
    )


# Checking sheets against the catalog --------------------------------------------------------


def check_against_catalog(sheet: CountrySheet, catalog: Catalog) -> list[Problem]:
    """Warn about items the catalog does not know (CCO309) or disagrees with (CCO310).

    An item whose theme number, text or commitment text differs from the catalog's is named
    with both values; texts are compared loosely (case, accents, whitespace, punctuation and a
    leading commitment number or sub-commitment letter do not count). A VIII number outside
    1-57 is left to ingest (CCO208).
    """
    problems: list[Problem] = []
    for item in sheet.items:
        at: Location = {"file": sheet.file, "sheet": item.sheet, "row": item.row}
        if item.summit == "VIII" and not 1 <= item.commitment <= LIMA_COMMITMENTS:
            continue
        expected = _expected_of(item, catalog)
        if expected is None:
            problems.append(make_problem("CCO309", **at, id=item.id))
            continue
        theme, texts = expected
        if item.theme is not None and item.theme != theme:
            problems.append(
                make_problem(
                    "CCO310",
                    **at,
                    id=item.id,
                    field="theme",
                    value=str(item.theme),
                    expected=str(theme),
                )
            )
        for name, value, known in texts:
            if not value or not known or any(_same_item_text(value, k, item) for k in known):
                continue
            shown, official = difference_excerpts(value, known[0])
            problems.append(
                make_problem("CCO310", **at, id=item.id, field=name, value=shown, expected=official)
            )
    return problems


_TextCheck = tuple[str, str | None, tuple[str, ...]]  # field, the sheet's text, accepted texts


def _expected_of(item: Item, catalog: Catalog) -> tuple[int, list[_TextCheck]] | None:
    """The theme and texts the catalog expects of an item; None when it does not know it."""
    entry = catalog.get(item.id)
    if entry is not None:
        texts: list[_TextCheck] = [("text", item.text, entry.texts())]
        if item.commitment_text and not same_text(item.commitment_text, item.text or ""):
            texts.append(("commitment text", item.commitment_text, entry.parent_texts()))
        return entry.theme, texts
    subs = [] if item.sub else catalog.sub_commitments(item.id)
    if not subs:
        return None
    # A commitment scored as a whole, which the catalog knows through its sub-commitments.
    return subs[0].theme, [("text", item.text, subs[0].parent_texts())]


def fill_from_catalog(sheet: CountrySheet, catalog: Catalog) -> None:
    """Give items the texts and theme names their sheet left empty, from the catalog.

    Only what is missing is filled; a sheet's own wording is never replaced.
    """
    for item in sheet.items:
        entry = catalog.get(item.id)
        if entry is None:
            continue
        item.text = item.text or entry.text
        item.commitment_text = item.commitment_text or entry.commitment_text
        if entry.theme == item.theme:
            item.theme_name = item.theme_name or entry.theme_name


def apply_catalog(result: IngestResult, catalog: Catalog | None) -> IngestResult:
    """Check a sheet just read against the catalog and fill what it leaves empty, in place.

    The catalog's warnings (CCO309, CCO310) join the result's problems; texts and theme names
    the sheet left empty come from the catalog. With no catalog, or no sheet, nothing changes.
    """
    if catalog is not None and result.sheet is not None:
        result.problems.extend(check_against_catalog(result.sheet, catalog))
        fill_from_catalog(result.sheet, catalog)
    return result


def _same_item_text(value: str, known: str, item: Item) -> bool:
    """Loose text equality that also ignores a leading '25.' or 'D.' label of the item."""
    labels = {str(item.commitment), f"{item.commitment}{item.sub or ''}".lower()}
    if item.sub:
        labels.add(item.sub.lower())

    def bare(text: str) -> str:
        words = fold(text).split()
        return " ".join(words[1:] if words and words[0] in labels else words)

    return bare(value) == bare(known)


def difference_excerpts(first: str, second: str) -> tuple[str, str]:
    """The two texts cut to a few words around where they first differ, marked with '…'.

    Words are compared folded, so only a real difference moves the window.
    """
    first_words = [w for w in first.split() if fold(w)]
    second_words = [w for w in second.split() if fold(w)]
    folded_first = [fold(w) for w in first_words]
    folded_second = [fold(w) for w in second_words]
    at = 0
    while at < min(len(folded_first), len(folded_second)) and folded_first[at] == folded_second[at]:
        at += 1
    start = max(0, at - _WORDS_BEFORE)

    def excerpt(words: list[str]) -> str:
        shown = " ".join(words[start : start + _WORDS_SHOWN])
        before = "…" if start > 0 else ""
        after = "…" if start + _WORDS_SHOWN < len(words) else ""
        return f"{before}{shown}{after}"

    return excerpt(first_words), excerpt(second_words)
