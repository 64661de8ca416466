"""Ingest: one entry point from a file to a validated CountrySheet plus every problem found."""

from __future__ import annotations

import functools
import math
import operator
from collections import defaultdict
from collections.abc import Callable, Mapping
from itertools import repeat
from pathlib import Path

from cco.core import ids
from cco.core.collector import collector_paused
from cco.core.limits import Limits
from cco.core.models import (
    CRITERIA,
    WRITTEN_BY,
    CcoError,
    CountrySheet,
    IngestResult,
    Item,
    Problem,
    RaterStats,
    RatingColumns,
)
from cco.core.problems import Location, make_problem
from cco.core.text import (
    ROW_TEXT_CACHE,
    cell_text,
    fold,
    fold_name,
    parse_number,
    without_controls,
)
from cco.i18n.catalogs import translator
from cco.i18n.messages import LANGUAGES
from cco.io.layout import RowRecord, SheetParse, parse_sheet
from cco.io.readers import SheetData, Workbook, read_workbook

DEFAULT_SCALE_MAX = 3.0
LIMA_COMMITMENTS = 57
# Published sheets round to two decimals, so a Phase 1 value rebuilt as score - change may
# fall just outside the scale (e.g. 3.004); that is rounding, not an error.
_ROUNDING = 0.011

_METADATA_SHEETS = frozenset(
    fold(n) for n in ("metadata", "metadatos", "metadados", "métadonnées", "meta", "info")
)
_METADATA_KEYS = {
    **dict.fromkeys(("country", "pais", "pays"), "country"),
    **dict.fromkeys(("phase", "fase"), "phase"),
    **dict.fromkeys(("year", "ano", "annee"), "year"),
    **dict.fromkeys(("source", "fuente", "fonte"), "source"),
    fold(WRITTEN_BY): "written_by",
}


def _metadata_key(label: str) -> str | None:
    """The metadata field a folded label names, if any."""
    # The translated marks only for a label that is none of the others: they load every
    # language's catalog, and a sheet's usual labels (country, year) do not need them.
    return _METADATA_KEYS.get(label) or _written_by_marks().get(label)


@functools.cache
def _written_by_marks() -> dict[str, str]:
    """The mark of cco's results ('Written by cco ...') in every language it writes, folded."""
    marks = (translator(lang).text("workbook:meta-written-by") for lang in LANGUAGES)
    return dict.fromkeys((fold(mark) for mark in marks), "written_by")


def read_sheet(
    path: str | Path,
    *,
    baseline: str | Path | None = None,
    scale_max: float = DEFAULT_SCALE_MAX,
    baseline_of: str | None = None,
    limits: Limits | None = None,
    themes: Mapping[str, int] | None = None,
) -> IngestResult:
    """Read one country's file into a CountrySheet and the problems found in it.

    Args:
        path: a .xlsx, .xlsm, .ods or .csv file in any layout the README describes.
        baseline: an optional file with Phase 1 scores, from which changes are computed.
        scale_max: the top of the rating scale (3 by default).
        baseline_of: set when this file is the Phase 1 baseline of that file; its items are
            matched by id, so they need no theme.
        limits: size limits for hostile files (default: cco.core.limits.Limits.from_env()).
        themes: the theme of each known id (a catalog's), given to an item whose sheet
            names none; a theme the sheet gives is kept (the catalog check compares them).

    Returns:
        An IngestResult with the sheet (its items may be empty) and every problem.

    Raises:
        CcoError: the file cannot be read at all (missing, not what its extension says,
            no header row, a header without a criterion column).

    """
    path = Path(path)
    book = read_workbook(path, limits)
    metadata = _read_metadata(book)
    if metadata.get("written_by", "").startswith("cco"):
        # cco's own results workbook (a score or compare export) holds tables that look like a
        # sheet: reading it as one would count a country twice.
        raise CcoError(make_problem("CCO102/result", file=str(path), by=metadata["written_by"]))
    problems: list[Problem] = list(book.notes)
    with collector_paused():  # a record per row, then items: see cco.core.collector
        records = _parse_records(book, problems)
        items = build_items(
            records,
            str(path),
            scale_max,
            problems,
            theme_required=baseline_of is None,
            themes=themes,
        )
    country = (
        metadata.get("country") or _country_from_records(records) or without_controls(path.stem)
    )
    sheet = CountrySheet(
        country=country,
        file=str(path),
        phase=metadata.get("phase"),
        year=_year(metadata.get("year")),
        source=metadata.get("source"),
        items=items,
    )
    if baseline is not None:
        base = read_sheet(baseline, scale_max=scale_max, baseline_of=str(path), limits=limits)
        problems.extend(base.problems)
        if base.sheet is not None:
            problems.extend(apply_baseline(sheet, base.sheet, scale_max))
    if not items and not any(p.is_error for p in problems):
        problems.append(make_problem("CCO106", file=str(path)))
    return IngestResult(sheet=sheet, problems=sorted(problems, key=_reading_order(book)))


def _reading_order(book: Workbook) -> Callable[[Problem], tuple[int, int, int, str]]:
    """Sort key putting problems in the order a reader meets them: sheet, row, column."""
    sheet_order = {data.name: index for index, data in enumerate(book.sheets)}

    def key(problem: Problem) -> tuple[int, int, int, str]:
        column = problem.column or ""
        return (sheet_order.get(problem.sheet or "", -1), problem.row or 0, len(column), column)

    return key


def _parse_records(book: Workbook, problems: list[Problem]) -> list[RowRecord]:
    parses: list[tuple[SheetData, SheetParse]] = []
    blank = True
    for data in book.sheets:
        if fold(data.name) in _METADATA_SHEETS:
            continue
        parsed = parse_sheet(data, str(book.path))
        problems.extend(parsed.problems)
        blank = blank and parsed.blank
        if parsed.headers:
            parses.append((data, parsed))
    if not parses:  # a file of nothing at all is told apart: no CSV of something else either
        raise CcoError(make_problem("CCO104/blank" if blank else "CCO104", file=str(book.path)))
    for data, parsed in parses:
        if data.hidden and parsed.records:
            problems.append(make_problem("CCO110", file=str(book.path), sheet=data.name))
        problems.extend(
            make_problem("CCO112", file=str(book.path), sheet=data.name, row=r.row, id=r.item_id)
            for r in parsed.records
            if r.row in data.hidden_rows
        )
    return [record for _, parsed in parses for record in parsed.records]


def build_items(
    records: list[RowRecord],
    file: str,
    scale_max: float,
    problems: list[Problem],
    *,
    theme_required: bool = True,
    themes: Mapping[str, int] | None = None,
) -> list[Item]:
    """Turn row records into items: one per row, or one per item from organizations' rows.

    An item whose rows give no theme takes it from `themes` (id -> theme), when that knows it.
    """
    by_id: dict[str, list[RowRecord]] = defaultdict(list)
    for record in records:
        by_id[record.item_id].append(record)
    items: list[Item] = []
    for item_id, rows in by_id.items():
        rated = any(r.organization for r in rows)
        columns: _Values
        summary: RaterSummary | None = None
        ratings: RatingColumns | None = None
        plain = False  # only organizations' whole ratings within the scale, no changes
        if rated:
            columns = _ValueColumns(rows)
            summary = rater_summary(columns)
            plain = _plain_ratings(summary, columns, scale_max)
            ratings = _ratings(item_id, rows, columns)
        else:
            columns = _RowValues(rows)
        if not rated and len(rows) > 1:
            first = rows[0]
            for again in rows[1:]:
                problems.append(
                    make_problem(
                        "CCO301",
                        file=file,
                        sheet=again.sheet,
                        row=again.row,
                        id=item_id,
                        other_sheet=first.sheet,
                        other_row=first.row,
                    )
                )
        if ratings is not None:
            _check_organizations(item_id, rows, ratings, file, problems)
        if not plain:
            _check_values(rows, file, scale_max, rated, problems)
        items.append(_item_from_rows(item_id, rows, columns, summary, ratings))
    unreadable: dict[str, set[str]] = defaultdict(set)
    for record in records:
        if record.unreadable:
            unreadable[record.item_id] |= record.unreadable
    items = _without_parent_rows(items)
    if themes:
        _themes_from(items, themes)
    places = {item_id: rows[0].cells for item_id, rows in by_id.items()}
    _check_items(items, file, problems, theme_required, unreadable, places)
    _check_theme_names(records, file, problems)
    return items


def _themes_from(items: list[Item], themes: Mapping[str, int]) -> None:
    """Give each item without a theme the one `themes` knows for its id or its commitment.

    A sheet with no Theme column names only ids ('VIII-25'); the catalog places them.
    """
    for item in items:
        if item.theme is None:
            parent = ids.make_id(item.summit, item.commitment, item.plan)
            item.theme = themes.get(item.id) or themes.get(parent)


def _without_parent_rows(items: list[Item]) -> list[Item]:
    """The items, less a commitment's own unscored row when its sub-commitments are listed.

    Annexes give '3. Support ...' on a row of its own, then 3D, 3E with their scores: that
    row titles the sub-commitments; it is not a commitment waiting for scores.
    """
    with_subs = {(item.summit, item.plan, item.commitment) for item in items if item.sub}
    return [
        item
        for item in items
        if item.sub
        or (item.summit, item.plan, item.commitment) not in with_subs
        or any(getattr(item, c) is not None for c in CRITERIA)
    ]


def _check_organizations(
    item_id: str, rows: list[RowRecord], ratings: RatingColumns, file: str, problems: list[Problem]
) -> None:
    """Warn when one organization rates an item on two rows (both ratings count).

    Rows of one named organization share their ratings' key (see `Rating`): keys all
    different say at once that no organization rated twice.
    """
    keys = ratings.keys
    if len(set(keys)) == len(keys):
        return
    first_row: dict[str, RowRecord] = {}
    for record, name, key in zip(rows, ratings.organizations, keys, strict=True):
        if name is None or not key:  # no name, or one that folds to nothing: no one's twice
            continue
        first = first_row.setdefault(key, record)
        if first is not record:
            problems.append(
                make_problem(
                    "CCO312",
                    file=file,
                    sheet=record.sheet,
                    row=record.row,
                    id=item_id,
                    organization=record.organization,
                    other_sheet=first.sheet,
                    other_row=first.row,
                )
            )


def _plain_ratings(summary: RaterSummary, columns: _ValueColumns, scale_max: float) -> bool:
    """True when an item's organizations gave only whole ratings within the scale, no changes.

    Checked on the gathered ratings at C speed; only an item that fails is checked cell by
    cell, to say which cells are wrong.
    """
    for _mean, stats in summary.values():
        given = set(stats.ratings)  # a few distinct values, looked at once each
        if given and (
            min(given) < 0 or max(given) > scale_max or not all(map(float.is_integer, given))
        ):
            return False
    return not columns.has_changes


DELTA_FIELDS = tuple(f"delta_{c}" for c in CRITERIA)
_VALUES = operator.attrgetter("values")
_ORGANIZATION = operator.attrgetter("organization")
_IDENTITY = operator.attrgetter("identity")


class _ValueColumns:
    """One item's rows read column by column: a value field's cells, in the rows' order."""

    def __init__(self, rows: list[RowRecord]) -> None:
        self.values: list[dict[str, float | None]] = list(map(_VALUES, rows))
        self.made: dict[str, list[float | None]] = {}
        # Rows of one block share one columns dict: look at each block once for change columns.
        blocks = dict(zip(map(id, map(_CELLS, rows)), map(_CELLS, rows), strict=True)).values()
        self.has_changes = any(d in cells for cells in blocks for d in DELTA_FIELDS)

    def __call__(self, name: str) -> list[float | None]:
        """Each row's value of field `name` (None where blank or not a column); do not change it.

        Made once per field: the summary and the ratings both read the criteria.
        """
        found = self.made.get(name)
        if found is None:
            found = self.made[name] = list(map(dict.get, self.values, repeat(name)))
        return found

    def given(self, name: str) -> list[float]:
        """The values of field `name` the rows give, blanks left out."""
        return [v for v in self(name) if v is not None]


class _RowValues:
    """One item's rows read row by row: most items of a sheet of means have one row."""

    has_changes = True  # looked for in each row's values

    def __init__(self, rows: list[RowRecord]) -> None:
        self.rows = rows

    def given(self, name: str) -> list[float]:
        """The values of field `name` the rows give, blanks left out."""
        return [v for r in self.rows if (v := r.values.get(name)) is not None]


_Values = _ValueColumns | _RowValues
"""An item's values: by column for organizations' rows, by row for a few rows of means."""
_CELLS = operator.attrgetter("cells")
_SHEET = operator.attrgetter("sheet")
_ROW = operator.attrgetter("row")


def _check_values(
    rows: list[RowRecord], file: str, scale_max: float, rated: bool, problems: list[Problem]
) -> None:
    for record in rows:
        for criterion in CRITERIA:
            value = record.values.get(criterion)
            if value is None:
                continue
            column, header = record.cells[criterion]
            at = Location(
                file=file, sheet=record.sheet, row=record.row, column=column, header=header
            )
            if not 0 <= value <= scale_max:
                problems.append(
                    make_problem("CCO201", **at, value=_fmt(value), max=_fmt(scale_max))
                )
            elif rated and not value.is_integer():
                problems.append(make_problem("CCO203", **at, value=_fmt(value)))
            delta = record.values.get(f"delta_{criterion}")
            if delta is not None and not -_ROUNDING <= value - delta <= scale_max + _ROUNDING:
                column, header = record.cells[f"delta_{criterion}"]
                problems.append(
                    make_problem(
                        "CCO303",
                        **Location(**{**at, "column": column, "header": header}),
                        delta=_fmt(delta),
                        value=_fmt(value),
                        phase1=_fmt(value - delta),
                        max=_fmt(scale_max),
                    )
                )


RaterSummary = dict[str, tuple[float | None, RaterStats]]
"""Per criterion: the mean over the organizations that rated it, and their count and sd."""


def rater_summary(columns: _ValueColumns) -> RaterSummary:
    """Mean, count and sample standard deviation per criterion, over one item's rater rows.

    Blank ratings are left out, and the sd is None where fewer than two organizations rated.
    Plain Python on purpose: pandas would cost more to import than the whole computation
    takes, and `validate` needs no pandas otherwise.
    """
    return {criterion: _summarize(columns.given(criterion)) for criterion in CRITERIA}


def _summarize(values: list[float]) -> tuple[float | None, RaterStats]:
    """The mean of some ratings, with their count and sample standard deviation."""
    n = len(values)
    if not n:
        return None, RaterStats(n=0)
    try:
        mean = math.fsum(values) / n
        squares = map(pow, map(operator.sub, values, repeat(mean)), repeat(2))  # (v - mean) ** 2
        sd = math.sqrt(math.fsum(squares) / (n - 1)) if n >= 2 else None
    except OverflowError:  # ratings far past any scale (1e300): reported as such (CCO201)
        return math.nan, RaterStats(n=n, ratings=values)
    return mean, RaterStats(n=n, sd=sd, ratings=values)


@functools.lru_cache(maxsize=ROW_TEXT_CACHE)
def _folded(name: str | None) -> str:
    """An organization's name folded, to tell one organization's rows ('' for no name)."""
    return fold_name(name or "")


@functools.lru_cache(maxsize=ROW_TEXT_CACHE)
def _written_name(name: str | None) -> str | None:
    """An organization's name as a rating keeps it: stripped, None for none."""
    return (name or "").strip() or None


def _ratings(item_id: str, rows: list[RowRecord], columns: _ValueColumns) -> RatingColumns:
    """The rater rows in long form; a row without an organization's name stands for its own."""
    names = list(map(_written_name, map(_ORGANIZATION, rows)))
    sheets: list[str | None] = list(map(_SHEET, rows))
    places: list[int | None] = list(map(_ROW, rows))
    if None in names:
        keys = [
            _folded(name) if name else f"\x00{sheet}!{row}"
            for name, sheet, row in zip(names, sheets, places, strict=True)
        ]
    else:
        keys = list(map(_folded, names))
    return RatingColumns(item_id, names, keys, tuple(map(columns, CRITERIA)), sheets, places)


def _item_from_rows(
    item_id: str,
    rows: list[RowRecord],
    columns: _Values,
    rated: RaterSummary | None,
    ratings: RatingColumns | None,
) -> Item:
    first = rows[0]
    fields: dict[str, object] = {}
    raters: dict[str, RaterStats] | None = {} if rated is not None else None
    for criterion in CRITERIA:
        if rated is not None and raters is not None:
            fields[criterion], raters[criterion] = rated[criterion]
        else:
            fields[criterion] = next(iter(columns.given(criterion)), None)
        delta = f"delta_{criterion}"
        deltas = columns.given(delta) if columns.has_changes else []
        # Organizations' own changes average like their ratings do.
        fields[delta] = math.fsum(deltas) / len(deltas) if deltas else None
    # Rows of one item in one block share their identity: its texts are looked at once.
    shared = list(map(_IDENTITY, rows))
    identities = dict(zip(map(id, shared), shared, strict=True)).values()
    return Item(
        id=item_id,
        summit=first.summit,
        theme=first.theme,
        plan=first.plan,
        commitment=first.commitment,
        sub=first.sub,
        text=next((i.text for i in identities if i.text), None),
        commitment_text=next((i.commitment_text for i in identities if i.commitment_text), None),
        theme_name=next((i.theme_name for i in identities if i.theme_name), None),
        raters=raters,
        ratings=ratings,
        sheet=first.sheet,
        row=first.row,
        **fields,  # type: ignore[arg-type]
    )


def _check_items(
    items: list[Item],
    file: str,
    problems: list[Problem],
    theme_required: bool,
    unreadable: dict[str, set[str]],
    places: Mapping[str, Mapping[str, tuple[str, str | None]]],
) -> None:
    """Per item: an impossible VIII number, a missing theme, a criterion left unrated.

    `places` gives each item's columns (field -> letter and header), so that a criterion left
    unrated names its cell, as an error would.
    """
    for item in items:
        if item.summit == "VIII" and not 1 <= item.commitment <= LIMA_COMMITMENTS:
            problems.append(
                make_problem(
                    "CCO208",
                    file=file,
                    sheet=item.sheet,
                    row=item.row,
                    id=item.id,
                    max=LIMA_COMMITMENTS,
                )
            )
        if item.theme is None and theme_required:
            problems.append(
                make_problem(
                    "CCO206/no-theme", file=file, sheet=item.sheet, row=item.row, id=item.id
                )
            )
        # A criterion whose cell was unreadable is already reported as an error.
        missing = [c for c in CRITERIA if getattr(item, c) is None and c not in unreadable[item.id]]
        if missing:
            key = "CCO204/unscored" if len(missing) == len(CRITERIA) else "CCO204"
            column, header = (None, None)
            if key == "CCO204":  # a whole unscored row is the row's matter, not one cell's
                column, header = places.get(item.id, {}).get(missing[0], (None, None))
            problems.append(
                make_problem(
                    key,
                    file=file,
                    sheet=item.sheet,
                    row=item.row,
                    column=column,
                    header=header,
                    id=item.id,
                    criteria=missing,
                )
            )


def _check_theme_names(records: list[RowRecord], file: str, problems: list[Problem]) -> None:
    names: dict[tuple[str, int], tuple[str, RowRecord]] = {}
    last: object = None
    for record in records:
        # Rater sheets repeat one item's identity on many rows: only a change needs a look.
        if record.identity is last or not record.theme_name:
            continue
        last = record.identity
        key = (record.summit, record.theme)
        seen = names.setdefault(key, (record.theme_name, record))
        if fold(seen[0]) != fold(record.theme_name):
            problems.append(
                make_problem(
                    "CCO304",
                    file=file,
                    sheet=record.sheet,
                    row=record.row,
                    summit=record.summit,
                    theme=record.theme,
                    name=record.theme_name[:40],
                    other_name=seen[0][:40],
                    other_sheet=seen[1].sheet,
                    other_row=seen[1].row,
                )
            )
            names[key] = (record.theme_name, record)


def apply_baseline(sheet: CountrySheet, base: CountrySheet, scale_max: float) -> list[Problem]:
    """Set each item's changes from a Phase 1 sheet (change = current - Phase 1)."""
    problems: list[Problem] = []
    current = {item.id: item for item in sheet.items}
    for old in base.items:
        item = current.get(old.id)
        if item is None:
            problems.append(
                make_problem(
                    "CCO306/missing", file=base.file, sheet=old.sheet, row=old.row, id=old.id
                )
            )
            continue
        for criterion in CRITERIA:
            now, before = getattr(item, criterion), getattr(old, criterion)
            if now is None or before is None:
                continue
            inline = getattr(item, f"delta_{criterion}")
            if inline is not None and abs(inline - (now - before)) > _ROUNDING:
                problems.append(
                    make_problem(
                        "CCO306/disagrees",
                        file=sheet.file,
                        sheet=item.sheet,
                        row=item.row,
                        id=item.id,
                        criterion=criterion,
                        delta=_fmt(inline),
                        value=_fmt(now),
                        phase1=_fmt(before),
                    )
                )
            setattr(item, f"delta_{criterion}", now - before)
    return problems


def _read_metadata(book: Workbook) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for data in book.sheets:
        if fold(data.name) not in _METADATA_SHEETS:
            continue
        for cells in data.rows:
            texts = [cell_text(c) for c in cells if cell_text(c)]
            if len(texts) >= 2 and (key := _metadata_key(fold(texts[0]))):
                metadata.setdefault(key, texts[1])
    return metadata


def _country_from_records(records: list[RowRecord]) -> str | None:
    return next((r.country for r in records if r.country), None)


def _year(value: str | None) -> int | None:
    try:
        number = parse_number(value)
    except ValueError:
        return None
    return int(number) if number is not None and number.is_integer() else None


def _fmt(value: float) -> str:
    if value != value:
        return "NaN"
    if abs(value) >= 1e6:  # a value far off the scale, said in a few digits ('1e+300')
        return f"{value:.4g}"
    return f"{value:.2f}".rstrip("0").rstrip(".")
