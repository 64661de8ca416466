"""Walk a sheet's grid and turn its rows into located row records.

Handles every layout ingest accepts with one pass: title rows above a header, summit and theme
title rows between blocks, a header row repeated (and possibly different) in every block,
commitment numbers at the start of text cells, continuation rows that inherit the commitment
above, and one row per organization.
"""

from __future__ import annotations

import bisect
import math
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from itertools import accumulate, groupby, repeat
from typing import Any, Literal, NamedTuple, cast

from cco.core import ids
from cco.core.models import CRITERIA, CcoError, Problem
from cco.core.problems import Location, make_problem
from cco.core.text import (
    ROW_TEXT_CACHE,
    NotANumber,
    cell_text,
    column_letter,
    fold,
    parse_number,
)
from cco.io.headers import FIELD_BY_ALIAS, HeaderMap, delta_field, header_key, match_header
from cco.io.readers import SheetData

VALUE_FIELDS: tuple[str, ...] = CRITERIA + tuple(delta_field(c) for c in CRITERIA)

# Rater sheets repeat the same cells thousands of times, so parses are cached; typed=True
# because True == 1 == 1.0 would otherwise share one cache entry.
_parse_id = lru_cache(maxsize=4096, typed=True)(ids.parse_id)
_parse_summit = lru_cache(maxsize=1024, typed=True)(ids.parse_summit)
_parse_theme = lru_cache(maxsize=1024, typed=True)(ids.parse_theme)
_parse_commitment = lru_cache(maxsize=4096, typed=True)(ids.parse_commitment)
_parse_sub = lru_cache(maxsize=4096, typed=True)(ids.parse_sub)


class _Unreadable:
    """The reading of a text that is neither a number nor a 'not rated' marker."""


_UNREADABLE = _Unreadable()


@lru_cache(maxsize=4096)
def _number_in_text(text: str) -> float | _Unreadable | None:
    """`parse_number` of a text cell, cached: a CSV gives every score as text ('2')."""
    try:
        return parse_number(text)
    except NotANumber:
        return _UNREADABLE


@lru_cache(maxsize=ROW_TEXT_CACHE)
def _names_a_field(text: str) -> bool:
    """True for a text a header row could use to name a field (see `match_header`)."""
    return header_key(text) in FIELD_BY_ALIAS


@lru_cache(maxsize=ROW_TEXT_CACHE)
def _stripped_text(text: str) -> str:
    """`cell_text` of a text cell, cached: rater rows repeat their organizations' names."""
    return cell_text(text)


class ItemIdentity(NamedTuple):
    """Which item a row scores, resolved from its cells and the rows above it.

    Every row of one item in one block (one row per organization) shares one instance.
    """

    summit: str
    theme: int | None  # None only for a VIII row whose theme no cell or title gives
    plan: str | None
    commitment: int
    sub: str | None
    text: str | None
    commitment_text: str | None
    theme_name: str | None
    country: str | None
    item_id: str  # the canonical id of the item the row scores


_NO_FIELDS: frozenset[str] = frozenset()


@dataclass(slots=True)
class RowRecord:
    """One data row, with the item it scores and its values, located in its sheet."""

    sheet: str
    row: int  # 1-based spreadsheet row
    identity: ItemIdentity
    item_id: str  # the identity's, kept apart as the most read of its fields
    organization: str | None
    values: dict[str, float | None]
    unreadable: frozenset[str]  # fields whose cell held text that is not a number (reported)
    cells: dict[str, tuple[str, str | None]]  # field -> (column letter, header text)

    # The identity's fields, read through the record (rows of one item share the identity).
    summit = property(lambda self: self.identity.summit)
    theme = property(lambda self: self.identity.theme)
    plan = property(lambda self: self.identity.plan)
    commitment = property(lambda self: self.identity.commitment)
    sub = property(lambda self: self.identity.sub)
    text = property(lambda self: self.identity.text)
    commitment_text = property(lambda self: self.identity.commitment_text)
    theme_name = property(lambda self: self.identity.theme_name)
    country = property(lambda self: self.identity.country)


_Snapshot = tuple[
    str | None,
    ids.ThemeRef | None,
    ids.CommitmentRef | None,
    str | None,
    ids.SubRef | None,
    str | None,
    bool,
]
"""A `_Context` as a hashable value: its fields, in order."""


@dataclass
class _Context:
    """What earlier rows of a sheet established for the rows below them."""

    summit: str | None = None
    theme: ids.ThemeRef | None = None
    commitment: ids.CommitmentRef | None = None
    commitment_text: str | None = None
    sub: ids.SubRef | None = None
    country: str | None = None
    # True when the summit above came from an item's id, not from a title or a summit cell:
    # it carries on to the organizations' rows of that item, not to a bare number below
    # ('IX-A-12A' then '13' does not say whether 13 is IX-A-13 or the Lima Commitment's 13).
    summit_from_id: bool = False

    def snapshot(self) -> _Snapshot:
        """The whole context as a hashable value (its fields, in order)."""
        return cast("_Snapshot", _CONTEXT_FIELDS(self))

    def restore(self, snapshot: _Snapshot) -> None:
        """Set the context back to a snapshot."""
        for name, value in zip(_CONTEXT_NAMES, snapshot, strict=True):
            setattr(self, name, value)


_CONTEXT_NAMES = tuple(item.name for item in fields(_Context))
_CONTEXT_FIELDS = operator.attrgetter(*_CONTEXT_NAMES)
"""A `_Context`'s fields as one tuple, read at C speed: it keys the cache of every row."""


@dataclass
class SheetParse:
    """What parsing one sheet found: its headers, its row records and its problems."""

    headers: list[HeaderMap] = field(default_factory=list)
    records: list[RowRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blank: bool = True  # no cell of the sheet holds anything


_NOT_CONTENT = " \t\r\n\ufeff,;"
"""What a file of nothing holds: blanks, byte-order marks, CSV separators not taken as such."""


def parse_sheet(data: SheetData, file: str, *, row_runs: bool = True) -> SheetParse:
    """Parse one sheet's grid into row records and problems; the grid is emptied after.

    `data.rows` ends empty: a large sheet's cells are let go as soon as its records are made.
    All at once, at the end: rows let go one by one would leave the allocator's pages of
    cells a third used, under the records, and hold as much memory as keeping them.

    `row_runs=False` reads every row on its own: the same records and problems, slower (the
    reference that reading runs of rows column by column is tested against).

    Raises:
        CcoError: a header row lacks a criterion column (the sheet cannot be scored).

    """
    result = SheetParse()
    context = _Context(summit=_parse_summit(data.name))
    header: HeaderMap | None = None
    reader: _BlockReader | None = None
    resume = 0  # the first row after the last run of rows read together
    for index, cells in enumerate(data.rows):
        if index < resume:
            continue
        if reader is not None and row_runs:
            taken = reader.read_run(data.rows, index, context, result.records)
            if taken:
                resume = index + taken
                continue
        if reader is not None and (
            reader.holds_a_score(cells) or reader.holds_a_score_as_text(cells)
        ):
            # A number under R, E or S: neither a header nor a title, so no need to ask.
            record = reader.read(cells, index, context)
            if record is not None:
                result.records.append(record)
            continue
        filled = [(c, v) for c, v in enumerate(cells) if v != "" and v is not None]
        if not filled:
            continue
        if result.blank and any(cell_text(v).strip(_NOT_CONTENT) for _, v in filled):
            result.blank = False
        if header is not None and _unknown_summit_title(filled):
            # Between blocks, a title the parse cannot read would leave the rows below under
            # the summit above: an IX block scored as VIII.
            result.problems.append(
                make_problem(
                    "CCO205/title",
                    file=file,
                    sheet=data.name,
                    row=data.spreadsheet_row(index),
                    column=column_letter(filled[0][0] + data.col_offset),
                    value=cell_text(filled[0][1])[:60],
                )
            )
            continue
        found = match_header(cells, index)
        if found is not None:
            _check_criteria(found, data, file)
            header = found
            reader = _BlockReader(found, data, file, result.problems, cells)
            result.headers.append(found)
            context.commitment, context.commitment_text, context.sub = None, None, None
            for column, name in found.repeated:
                result.problems.append(_repeated(data, file, index, column, name, found))
            continue
        if _is_title(filled, header, context):
            continue
        if reader is None:
            # Above the first header, a title row may carry its theme's averages as well.
            if isinstance(filled[0][1], str):
                _apply_title(filled[0][1], context)
            continue
        record = reader.read(cells, index, context)
        if record is not None:
            result.records.append(record)
    data.rows.clear()
    return result


def _check_criteria(header: HeaderMap, data: SheetData, file: str) -> None:
    missing = [c for c in CRITERIA if c not in header.columns]
    if missing:
        raise CcoError(
            make_problem(
                "CCO105",
                file=file,
                sheet=data.name,
                row=data.spreadsheet_row(header.row),
                criteria=missing,
            )
        )


def _repeated(
    data: SheetData, file: str, index: int, column: int, name: str, header: HeaderMap
) -> Problem:
    first = column_letter(header.columns[name] + data.col_offset)
    return make_problem(
        "CCO107",
        field=name,
        first=first,
        file=file,
        sheet=data.name,
        row=data.spreadsheet_row(index),
        column=column_letter(column + data.col_offset),
    )


def _unknown_summit_title(filled: list[tuple[int, object]]) -> bool:
    """A row of one text that speaks of a summit without naming VIII or IX clearly."""
    value = filled[0][1]
    if not isinstance(value, str) or any(v != value for _, v in filled[1:]):
        return False
    return ids.leads_with_summit(value) and _parse_summit(value) is None


def _is_title(filled: list[tuple[int, object]], header: HeaderMap | None, ctx: _Context) -> bool:
    """Treat a row with one distinct text as a summit or theme title, updating the context."""
    value = filled[0][1]
    if not isinstance(value, str) or any(v != value for _, v in filled[1:]):
        return False
    if _apply_title(value, ctx):
        return True
    # Any other lone text above the first header is a document title; inside a block it is
    # a data row unless it sits outside every column the header names.
    return header is None or filled[0][0] not in header.columns.values()


class _BlockReader:
    """Reads the data rows under one header row; holds what every row of the block shares."""

    def __init__(
        self,
        header: HeaderMap,
        data: SheetData,
        file: str,
        problems: list[Problem],
        header_cells: list[object],
    ) -> None:
        self.header = header
        self.columns = header.columns
        self.places = {
            name: (column_letter(column + data.col_offset), header.labels.get(column))
            for name, column in header.columns.items()
        }
        self.value_columns = [
            (n, header.columns[n], n in CRITERIA) for n in VALUE_FIELDS if n in header.columns
        ]
        self.first_row = data.spreadsheet_row(0)
        self.organization_column = header.columns.get("organization")
        self.criterion_columns = [header.columns[c] for c in CRITERIA]
        self.identity_columns = [
            column
            for name, column in header.columns.items()
            if name not in VALUE_FIELDS and name != "organization"
        ]
        self.identities: dict[tuple[object, ...], tuple[ItemIdentity, _Snapshot]] = {}
        # A second column read as a criterion or change: a comment column is fine (CCO107),
        # but numbers in it leave the score in doubt (CCO117, once per column).
        self.percent_columns_reported: set[int] = set()
        self.second_score_columns = {
            column: name for column, name in header.repeated if name in VALUE_FIELDS
        }
        # In a CSV, cells past the header's last one are most often a number split at its
        # decimal comma; in a workbook they are notes beside the table.
        self.header_width: int | None = (
            max((i + 1 for i, v in enumerate(header_cells) if v not in ("", None)), default=0)
            if data.delimited
            else None
        )
        self.data = data
        self.file = file
        self.problems = problems
        self.run_rows: _RunRows | None = None  # what reading runs of rows found, see read_run
        self.run_size = _FIRST_RUN_ROWS

    def holds_a_score(self, cells: list[object]) -> bool:
        """True when a criterion cell of the row holds a number."""
        width = len(cells)
        for column in self.criterion_columns:  # a plain loop: this runs on every row
            if column < width and type(cells[column]) is float:
                return True
        return False

    def holds_a_score_as_text(self, cells: list[object]) -> bool:
        """True when a criterion cell holds a number as text, and the row is no header or title.

        Every CSV cell is text ('2'). The checks `parse_sheet` would make are settled here at
        less cost: a title row holds one distinct text, a header row two texts naming fields.
        """
        width = len(cells)
        for column in self.criterion_columns:
            if column < width:
                score = cells[column]
                if type(score) is str and type(_number_in_text(score)) is float:
                    break
        else:
            return False
        field_names = 0
        other_value = False
        for value in cells:
            if type(value) is str:
                if value and value != score:
                    other_value = True
                    if _names_a_field(value):
                        field_names += 1
            elif value is not None:
                other_value = True
        return other_value and field_names < 2

    def read_run(
        self, rows: list[list[object]], index: int, ctx: _Context, records: list[RowRecord]
    ) -> int:
        """Read the rows from `index` on that `read` would read plainly, as one item: how many.

        A rater sheet gives each item on one row per organization: the same identity cells,
        scores that are numbers, no problem to report. Such rows are read column by column
        (see `_RunRows`), and their records are the ones `read` would make one row at a time;
        0 means the row at `index` is not such a row, and is read on its own.
        """
        if self.organization_column is None:
            return 0  # a sheet of means: an item a row, no runs to gain from
        if self.second_score_columns or self.data.percent_cells:
            return 0  # rows that may hold a problem to report: each is read on its own
        found = self.run_rows
        if found is None or not found.start <= index < found.ends[-1]:
            found = self.run_rows = self._run_rows(rows, index)
        first = index - found.start
        if found.keys[first] is _NOT_PLAIN:
            return 0
        # The row's identity must be one `read` resolved before, in this same context, and
        # that left the context as it was: then every row with the same cells shares it.
        cells = rows[index]
        width = len(cells)
        identity_cells = [cells[c] if c < width else "" for c in self.identity_columns]
        before = ctx.snapshot()
        known = self.identities.get((*identity_cells, *map(type, identity_cells), *before))
        if known is None or known[1] != before:
            return 0
        identity = known[0]
        end = found.ends[bisect.bisect_right(found.ends, index)] - found.start
        row = index + self.first_row
        records.extend(
            map(
                RowRecord,
                repeat(self.data.name),
                range(row, row + end - first),
                repeat(identity),
                repeat(identity.item_id),
                found.organizations[first:end],
                found.values[first:end],
                repeat(_NO_FIELDS),
                repeat(self.places),
            )
        )
        return end - first

    def _run_rows(self, rows: list[list[object]], start: int) -> _RunRows:
        """Look at the rows from `start` on, column by column, for rows `read` reads plainly.

        Each call looks at twice as many rows as the one before (up to `_MOST_RUN_ROWS`): a
        block of a few rows costs little, a sheet of 50,000 rows few calls.
        """
        block = rows[start : start + self.run_size]
        self.run_size = min(2 * self.run_size, _MOST_RUN_ROWS)
        count = len(block)
        widths = set(map(len, block))
        if len(widths) != 1:  # rows of uneven widths: read one by one
            uneven = [_NOT_PLAIN] * count
            return _RunRows(start, uneven, _run_ends(start, uneven), [], [])
        width = widths.pop()
        columns: list[Sequence[object]] = list(zip(*block, strict=True))
        blank: Sequence[object] = ("",) * count

        def column(index: int | None) -> Sequence[object]:
            return columns[index] if index is not None and index < width else blank

        not_plain: set[int] = set()
        numbers: list[Sequence[float | _Unreadable | None]] = []
        for _name, index, _ in self.value_columns:
            found = _plain_numbers(column(index))
            if _UNREADABLE in found:
                not_plain.update(k for k, v in enumerate(found) if v is _UNREADABLE)
            numbers.append(found)
        scores = [(c, numbers[k]) for k, c in enumerate(self.criterion_columns) if c < width]
        not_plain.update(self._rows_not_read(block, columns, scores))
        if self.header_width is not None and width > self.header_width:
            for extra in columns[self.header_width :]:  # a CSV row wider than its header
                not_plain.update(k for k, v in enumerate(extra) if v != "" and v is not None)
        organizations = _organizations(column(self.organization_column))
        summaries = {name for name in set(organizations) if name and _is_summary_name(name)}
        if summaries:  # 'Promedio' rows: not a rater's (read reports them)
            not_plain.update(k for k, name in enumerate(organizations) if name in summaries)
        identities = [column(c) for c in self.identity_columns]
        # Rows with equal identity cells share an identity when their cells' types agree too
        # (True == 1 == 1.0): the types join the key where a column holds more than one.
        mixed = [list(map(type, c)) for c in identities if len(set(map(type, c))) > 1]
        keys: list[object] = list(zip(*identities, *mixed, strict=True)) or [()] * count
        for k in not_plain:
            keys[k] = _NOT_PLAIN
        names = [name for name, _, _ in self.value_columns]
        return _RunRows(
            start,
            keys,
            _run_ends(start, keys),
            [name or None for name in organizations],
            list(map(dict, map(zip, repeat(names), zip(*numbers, strict=True)))),
        )

    def _rows_not_read(
        self,
        block: list[list[object]],
        columns: list[Sequence[object]],
        scores: list[tuple[int, Sequence[float | _Unreadable | None]]],
    ) -> Iterable[int]:
        """The rows of `block` that `parse_sheet` might not hand to `read` (see holds_a_score).

        `scores` gives each criterion column (within the rows) with what its cells read as.
        A float under a criterion settles it. Else (a CSV) the row must hold a number as
        text under a criterion, some other value, and at most one text naming a field; the
        texts naming fields are counted per column, on each column's distinct values.
        """
        if any(set(map(type, columns[c])) == {float} for c, _ in scores):
            return ()  # a float in every row: every row holds a score
        texts = _score_texts(block, columns, scores)
        not_read = {k for k, text in enumerate(texts) if text is None}
        named: list[tuple[int, set[str]]] = []
        for index, values in enumerate(columns):
            found = {v for v in set(values) if type(v) is str and v and _names_a_field(v)}
            if found:
                named.append((index, found))
        if len(named) > 1:  # one column can name at most one field per row
            not_read.update(
                k
                for k, cells in enumerate(block)
                if sum(cells[c] in found for c, found in named) > 1
            )
        # Some value besides the score text: a cell neither blank nor the same text. Looked
        # for a column at a time, among the rows no earlier column settled: the first filled
        # column (a summit, an id) most often settles them all.
        waiting = [k for k, text in enumerate(texts) if text is not None]
        for values in columns:
            if not waiting:
                break
            waiting = [
                k
                for k in waiting
                if (v := values[k]) is texts[k] or v == "" or v is None or v == texts[k]
            ]
        not_read.update(waiting)
        return not_read

    def report(self, key: str, row: int, name: str | None, **params: Any) -> None:
        """Record a problem at this row, in the named field's cell when the block has one."""
        location: Location = {"file": self.file, "sheet": self.data.name, "row": row}
        if name in self.places:
            location["column"], location["header"] = self.places[name]
        self.problems.append(make_problem(key, **location, **params))

    def report_at(self, key: str, row: int, column: int, **params: Any) -> None:
        """Record a problem at this row, in the cell of grid column `column`."""
        letter = column_letter(column + self.data.col_offset)
        self.problems.append(
            make_problem(
                key, file=self.file, sheet=self.data.name, row=row, column=letter, **params
            )
        )

    def read(self, cells: list[object], index: int, ctx: _Context) -> RowRecord | None:
        """The row's record, or None for a row that scores nothing (its problems reported)."""
        row = index + self.first_row
        width = len(cells)
        if self.header_width is not None and width > self.header_width:
            extra = [c for c in cells[self.header_width :] if c not in ("", None)]
            # Digits only, as the decimals of a split number are; a note is text.
            if extra and all(isinstance(c, str) and c.strip().isdigit() for c in extra):
                self.report_at("CCO202/split", row, self.header_width, count=len(extra))
                return None
        if self.second_score_columns:
            self._check_second_score_columns(cells, row)
        values: dict[str, float | None] = {}
        unreadable = _NO_FIELDS  # shared: a row has its own set only when a cell is unreadable
        has_scores = False
        for name, column, is_criterion in self.value_columns:
            raw = cells[column] if column < width else ""
            if type(raw) is float and raw - raw == 0:  # the common case, checked inline
                values[name] = raw
                has_scores = has_scores or is_criterion
                continue
            value = _cell_number(raw)
            if value is _UNREADABLE:
                values[name] = None
                unreadable = unreadable | {name}
                self.report("CCO202", row, name, value=cell_text(raw)[:40])
                has_scores = True
            else:
                values[name] = value  # type: ignore[assignment]
                has_scores = has_scores or (value is not None and is_criterion)
        organization = ""
        if self.organization_column is not None and self.organization_column < width:
            named = cells[self.organization_column]
            organization = _stripped_text(named) if type(named) is str else cell_text(named)
        if organization and _is_summary_name(organization):
            # 'Promedio' in the organization column: the organizations' mean, not a rater.
            if has_scores:
                self.report("CCO209", row, "organization", value=organization[:40])
            return None

        # Rows of one item repeat the same identity cells (one row per organization), so a
        # resolution is reused when the cells and the context above them are the same.
        # The key holds each cell's type too: True == 1 == 1.0 must not share an entry.
        identity_cells = [cells[c] if c < width else "" for c in self.identity_columns]
        before = ctx.snapshot()
        key = (*identity_cells, *map(type, identity_cells), *before)
        known = self.identities.get(key)
        identity: ItemIdentity | None
        if known is not None:
            identity, after = known
            if after != before:  # most rows repeat the row above: the context is unchanged
                ctx.restore(after)
        else:
            identity = self._identity(cells, width, row, ctx, has_scores)
            if identity is None:
                return None
            self.identities[key] = (identity, ctx.snapshot())
        if self.data.percent_cells and self._shown_as_percent(cells, row):
            return None  # checked on item rows only: a total or title row may show a percent
        return RowRecord(
            self.data.name,
            row,
            identity,
            identity.item_id,
            organization or None,
            values,
            unreadable,
            self.places,
        )

    def _shown_as_percent(self, cells: list[object], row: int) -> bool:
        """True when a score of the row is formatted as a percentage (0.94 shown as '94%').

        Reported at the first such cell of each column: a column formatted so repeats itself.
        """
        found = False
        for _name, column, _ in self.value_columns:
            value = cells[column] if column < len(cells) else ""
            place = (row, column + self.data.col_offset + 1)
            if isinstance(value, float) and place in self.data.percent_cells:
                found = True
                if column in self.percent_columns_reported:
                    continue
                self.percent_columns_reported.add(column)
                self.report_at(
                    "CCO201/percent",
                    row,
                    column,
                    value=_fmt_number(value),
                    percent=f"{value:.0%}",
                )
        return found

    def _check_second_score_columns(self, cells: list[object], row: int) -> None:
        for column, name in list(self.second_score_columns.items()):
            value = cells[column] if column < len(cells) else ""
            try:
                number = parse_number(value)
            except NotANumber:
                continue
            if number is not None:
                del self.second_score_columns[column]
                self.report_at("CCO117", row, column, field=name, first=self.places[name][0])

    def _identity(
        self, cells: list[object], width: int, row: int, ctx: _Context, has_scores: bool
    ) -> ItemIdentity | None:
        """Resolve which item the row scores, reporting why when it cannot be told."""
        cell = {name: cells[c] if c < width else "" for name, c in self.columns.items()}.get
        country = cell_text(cell("country", "")) or ctx.country
        ctx.country = country
        raw_id = cell("id", "")
        raw_commitment = cell("commitment", "")
        # A Commitment column may hold full ids ('VIII-13', 'IX-A-3D'): read them as ids.
        id_in_commitment = _parse_id(raw_commitment) if isinstance(raw_commitment, str) else None
        if _is_running_number(raw_id) and (
            id_in_commitment is not None or _parse_commitment(raw_commitment) is not None
        ):
            raw_id = ""  # an 'Item' or 'N°' column counting rows beside the commitment column
        parsed_id = _parse_id(raw_id) if raw_id != "" else id_in_commitment
        if raw_id != "" and parsed_id is None:
            self.report("CCO207/id", row, "id", value=cell_text(raw_id)[:40])
            return None

        names_commitment = parsed_id is None and cell("commitment", "") != ""
        summit = _summit_for(cell("summit", ""), cell("plan", ""), parsed_id, ctx, names_commitment)
        if summit is False:
            if has_scores:  # a note written across the table (no scores) is not an item
                self.report("CCO205/value", row, "summit", value=cell_text(cell("summit"))[:40])
            return None

        theme = _theme_for(
            cell("theme", ""),
            cell("plan", ""),
            parsed_id,
            ctx,
            lambda key, name, **params: self.report(key, row, name, **params),
        )
        if theme is False:
            return None

        commitment = _commitment_for(
            cell("commitment", ""), cell("sub", ""), parsed_id, self.header, ctx
        )
        if commitment == "CCO207/unreadable" and _is_summary(cell("commitment", ""), ctx):
            if has_scores:
                self.report("CCO209", row, "commitment", value=cell_text(cell("commitment"))[:40])
            return None
        if isinstance(commitment, str):
            if has_scores or cell("text", "") != "":
                name = "sub" if commitment in ("CCO302", "CCO207/bad-sub") else "commitment"
                self.report(commitment, row, name, value=cell_text(cell(name, ""))[:40])
            return None
        number, sub, sub_text, commitment_text = commitment

        if summit is None:
            if has_scores:
                self.report("CCO205/unknown", row, "summit")
            return None
        if theme is None and summit == "IX":
            # A IX id needs its plan; a VIII item without a theme is reported by ingest, which
            # knows whether the sheet is scored (theme needed) or a baseline (matched by id).
            if has_scores:
                self.report("CCO206/no-plan", row, "plan")
            return None
        plan = ids.plan_for_theme(theme.number) if summit == "IX" and theme else None
        if parsed_id is not None and parsed_id.plan and parsed_id.plan != plan:
            self.report("CCO305/id", row, "id", id_plan=parsed_id.plan, plan=plan)
            return None
        return ItemIdentity(
            summit=summit,
            theme=theme.number if theme else None,
            plan=plan,
            commitment=number,
            sub=sub,
            text=cell_text(cell("text", "")) or sub_text or commitment_text,
            commitment_text=cell_text(cell("commitment_text", "")) or commitment_text,
            theme_name=cell_text(cell("theme_name", "")) or (theme.name if theme else None),
            country=country or None,
            item_id=ids.make_id(summit, number, plan, sub),
        )


_FIRST_RUN_ROWS = 64
_MOST_RUN_ROWS = 8192


@dataclass(slots=True)
class _RunRows:
    """Rows of a block looked at column by column: which `read` reads plainly, and their parts.

    `keys[k]` is _NOT_PLAIN for grid row `start + k` unless `parse_sheet` hands it to `read`,
    every value cell holds a number or nothing, and nothing in it is reported; for such rows
    it holds the identity cells (and their types where a column mixes them), and
    `organizations` and `values` hold what the record takes.
    """

    start: int
    keys: list[object]
    ends: list[int]  # grid index after each run of equal keys
    organizations: list[str | None]
    values: list[dict[str, float | None]]


_NOT_PLAIN: Any = object()
"""The key of a row `read` does not read plainly: equal to no other row's."""


def _run_ends(start: int, keys: list[object]) -> list[int]:
    """Where each run of rows with equal keys ends (grid index of the row after it)."""
    ends = list(accumulate(map(len, map(list, map(operator.itemgetter(1), groupby(keys))))))
    return [start + end for end in ends]


def _score_texts(
    block: list[list[object]],
    columns: list[Sequence[object]],
    scores: list[tuple[int, Sequence[float | _Unreadable | None]]],
) -> Sequence[object]:
    """Per row, the first criterion cell holding a number: its text, or the float itself.

    None where no criterion cell holds a number. A sheet read from CSV gives every first
    criterion as a numeric text: that column is the answer.
    """
    if scores:
        first, numbers = scores[0]
        if set(map(type, numbers)) == {float} and set(map(type, columns[first])) == {str}:
            return columns[first]
    texts: list[object] = []
    for cells in block:
        for c, _ in scores:
            value = cells[c]
            if type(value) is float or (
                type(value) is str and type(_number_in_text(value)) is float
            ):
                texts.append(value)
                break
        else:
            texts.append(None)
    return texts


def _plain_numbers(cells: Sequence[object]) -> Sequence[float | _Unreadable | None]:
    """What each value cell holds (see `_cell_number`), a column at a time."""
    types = set(map(type, cells))
    if types == {float}:
        try:
            if math.isfinite(math.fsum(cast("Sequence[float]", cells))):
                return cast("Sequence[float]", cells)
        except (OverflowError, ValueError):  # a sum past the largest float; inf - inf
            pass
    elif types <= {str}:
        return list(map(_number_in_text, cast("Sequence[str]", cells)))
    return list(map(_cell_number, cells))


def _cell_number(value: object) -> float | _Unreadable | None:
    """What a value cell holds: a number, None (blank, not rated) or _UNREADABLE (reported)."""
    return _number_in_text(value) if type(value) is str else _number_or_unreadable(value)


def _organizations(cells: Sequence[object]) -> list[str]:
    """Each organization cell's name as `read` takes it."""
    if set(map(type, cells)) <= {str}:
        return list(map(_stripped_text, cast("Sequence[str]", cells)))
    return [_stripped_text(v) if type(v) is str else cell_text(v) for v in cells]


def _number_or_unreadable(value: object) -> float | _Unreadable | None:
    """`parse_number` of a cell that is not text, with _UNREADABLE for what it refuses."""
    try:
        return parse_number(value)
    except NotANumber:
        return _UNREADABLE


_SUMMARY_WORDS = frozenset(
    (
        "total",
        "subtotal",
        "average",
        "averages",
        "mean",
        "promedio",
        "media",
        "moyenne",
        "suma",
        "soma",
        "sum",
        "somme",
        "overall",
        "general",
        "geral",
    )
)


@lru_cache(maxsize=ROW_TEXT_CACHE)  # called on every organization's row
def _is_summary_name(text: str) -> bool:
    """True for a name that is a total or a mean: 'Promedio', 'Average', 'Media general'."""
    words = fold(text).split()
    return (
        1 <= len(words) <= 2
        and words[0] not in _QUALIFIERS  # 'General' or 'Overall' alone could be a name
        and all(word in _SUMMARY_WORDS for word in words)
    )


_QUALIFIERS = frozenset(("general", "geral", "overall"))


def _is_summary(value: object, ctx: _Context) -> bool:
    """True for a commitment cell that titles a summit or theme, or names a total or average.

    A title updates the context, as a title row would; its numbers are not an item's.
    """
    if not isinstance(value, str):
        return False
    return _apply_title(value, ctx) or bool(_SUMMARY_WORDS & set(fold(value).split()))


def _apply_title(value: str, ctx: _Context) -> bool:
    """When the text titles a summit or a theme, make it the context of the rows below."""
    # '12. Support the commitments of the Eighth Summit (Lima) ...' is a commitment's text;
    # '7. IX Summit (Los Angeles, 2022)' is a numbered title.
    numbered_text = ids.is_numbered(value) and not ids.leads_with_summit(value)
    summit = None if numbered_text else _parse_summit(value)
    if summit is not None:
        ctx.summit, ctx.theme, ctx.summit_from_id = summit, None, False
        return True
    theme = _parse_theme(value, title=True)
    if theme is not None:
        ctx.theme = theme
        return True
    return False


def _fmt_number(value: float) -> str:
    return f"{value:.4g}"


def _is_running_number(value: object) -> bool:
    """True for a bare whole number (1, '2', 3.0): a row count, not an item id."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return float(value).is_integer()
    return isinstance(value, str) and value.strip().isdigit()


def _is_plan_letter(value: object) -> bool:
    """True for a plan cell naming an IX action plan by its letter ('C', 'c', 'C.')."""
    found = _parse_theme(value) if isinstance(value, str) and value.strip() else None
    return found is not None and found.letter


def _summit_for(
    raw: object,
    raw_plan: object,
    parsed_id: ids.ParsedId | None,
    ctx: _Context,
    names_commitment: bool = False,
) -> str | Literal[False] | None:
    """The row's summit, or False when its summit cell cannot be read.

    From its id, its summit cell, a plan letter (only IX has action plans), or else the summit
    above it. The rows below continue the summit found; a bare commitment number
    (`names_commitment`) does not continue a summit that only an item's id gave (None).
    """
    summit: str | None
    ctx_from_id = parsed_id is not None
    if parsed_id is not None:
        summit = parsed_id.summit
    elif raw != "":
        summit = _parse_summit(raw)
        if summit is None:
            return False
    elif _is_plan_letter(raw_plan):
        summit = "IX"
    else:
        return None if names_commitment and ctx.summit_from_id else ctx.summit
    ctx.summit_from_id = ctx_from_id
    if summit != ctx.summit:
        if ctx.summit is not None:  # a theme title above an unknown summit still holds
            ctx.theme = None
        ctx.summit = summit
    return summit


def _theme_for(
    raw_theme: object,
    raw_plan: object,
    parsed_id: ids.ParsedId | None,
    ctx: _Context,
    report: Callable[..., None],
) -> ids.ThemeRef | Literal[False] | None:
    """The row's theme from its theme cell, plan cell or id, else the theme above it."""
    found: ids.ThemeRef | None = None
    if raw_theme != "":
        found = _parse_theme(raw_theme)
        if found is None:
            report("CCO206/theme", "theme", value=cell_text(raw_theme)[:40])
            return False
    if raw_plan != "":
        plan = _parse_theme(raw_plan)
        if plan is None:
            report("CCO206/plan", "plan", value=cell_text(raw_plan)[:40])
            return False
        if found is not None and found.number != plan.number:
            report("CCO305/plan", "plan", theme=found.number, plan=ids.plan_for_theme(plan.number))
            return False
        found = found or plan
    if found is None and parsed_id is not None and parsed_id.plan:
        found = ids.ThemeRef(ids.PLANS.index(parsed_id.plan) + 1, None, True)
    if found is not None:
        keep_name = ctx.theme is not None and ctx.theme.number == found.number and not found.name
        ctx.theme = ctx.theme if keep_name else found
    return ctx.theme


def _commitment_for(
    raw: object,
    raw_sub: object,
    parsed_id: ids.ParsedId | None,
    header: HeaderMap,
    ctx: _Context,
) -> tuple[int, str | None, str | None, str | None] | str:
    """The row's (number, sub, sub text, commitment text), or the key of what prevents it."""
    sub = _parse_sub(raw_sub) if raw_sub != "" else None
    if raw_sub != "" and sub is None:
        return "CCO207/bad-sub"
    if parsed_id is not None:  # a Sub column completes an id that names no sub-commitment
        letter = parsed_id.sub or (sub.letter if sub else None)
        # Organizations' rows below with a blank (or merged) id cell rate the same item.
        ctx.commitment = ids.CommitmentRef(parsed_id.commitment, None, None)
        ctx.commitment_text = None
        ctx.sub = ids.SubRef(letter, sub.text if sub else None) if letter else None
        return parsed_id.commitment, letter, sub.text if sub else None, None
    if raw != "":
        commitment = _parse_commitment(raw)
        if commitment is None:
            return "CCO207/unreadable"
        ctx.commitment, ctx.commitment_text = commitment, commitment.text
        ctx.sub = sub or (ids.SubRef(commitment.sub, None) if commitment.sub else None)
    elif sub is not None:
        if ctx.commitment is None:
            return "CCO302"
        ctx.sub = sub
    elif not header.is_rater_layout or ctx.commitment is None:
        return "CCO207/missing"
    if ctx.commitment is None:
        return "CCO207/missing"
    sub_text = ctx.sub.text if ctx.sub else None
    return ctx.commitment.number, ctx.sub.letter if ctx.sub else None, sub_text, ctx.commitment_text
