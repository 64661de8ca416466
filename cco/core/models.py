"""Typed records that flow from ingest to scoring: problems, items and country sheets.

They are plain dataclasses. Their values are checked where they are read, cell by cell, by
ingest, which can say which cell is wrong; a validating model library would check them a second
time and, on every run, cost more start-up time than the rest of a small sheet's scoring.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import repeat
from typing import Any, NamedTuple, overload

CRITERIA: tuple[str, str, str] = ("relevance", "effectiveness", "sustainability")
"""The three criteria every item is rated on, in the order sheets give them."""

SUMMITS: tuple[str, str] = ("VIII", "IX")
"""The summits, oldest first: VIII = Lima 2018, IX = Los Angeles 2022."""

SUMMIT_ORDER: dict[str, int] = {summit: index for index, summit in enumerate(SUMMITS)}
"""Each summit's place in SUMMITS: what tables sort by (VIII first)."""

PLANS: str = "ABCDE"
"""IX Summit action plans; plan letter n (A = 1) is theme n."""

WRITTEN_BY = "Written by"
"""Metadata key that marks a workbook of results written by cco (not a sheet to score)."""


class Severity(StrEnum):
    """How bad a problem is: errors stop scoring, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, kw_only=True, slots=True)
class Problem:
    """One thing wrong with an input, located as a spreadsheet user would find it.

    `row` is 1-based, as the spreadsheet shows it; `column` is a letter ("D") and `header`
    that column's header text; `key` is the message key ("CCO102/text") and `params` the
    message's values.
    """

    code: str
    severity: Severity = Severity.ERROR
    message: str
    hint: str | None = None
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None
    key: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def replace(self, **changes: Any) -> Problem:
        """A copy with `changes` applied (problems are immutable)."""
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The problem as plain JSON-ready values (severity as its string)."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        values["severity"] = self.severity.value
        values["params"] = dict(self.params)
        return values

    @property
    def is_error(self) -> bool:
        """True when this problem prevents scoring."""
        return self.severity is Severity.ERROR

    def location(
        self, words: tuple[str, str, str] = ("sheet", "row", "column"), *, with_file: bool = True
    ) -> str:
        """Return 'file, sheet 'X', row N, column D (Header)' with the parts that are known.

        `words` names sheet, row and column in the reader's language; without `with_file`, the
        file is left out (a report grouped by file names it once, above).
        """
        sheet, row, column = words
        # a usage problem belongs to no file: the program itself speaks
        parts = [self.file or "cco"] if with_file else []
        if self.sheet is not None:
            parts.append(f"{sheet} '{self.sheet}'")
        if self.row is not None:
            parts.append(f"{row} {self.row}")
        if self.column is not None:
            parts.append(f"{column} {self.column}" + (f" ({self.header})" if self.header else ""))
        return ", ".join(parts)


class CcoError(Exception):
    """Raised when an input cannot be read at all; carries the one problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(kw_only=True, slots=True)
class RaterStats:
    """How many organizations rated one criterion of an item, their ratings, and their sd."""

    n: int
    sd: float | None = None
    ratings: list[float] = field(default_factory=list)


class Rating(NamedTuple):
    """One organization's ratings of one item: a row of a rater sheet (blank = None, not rated).

    `organization` is the name as written (None on a row without one); `key` identifies the
    organization across items (its name folded; a row without a name is an organization of its
    own), so that everything one organization rated can be resampled together. A named tuple:
    a large sheet makes one per row, at a third of a frozen dataclass's cost.
    """

    item_id: str
    organization: str | None
    key: str
    relevance: float | None = None
    effectiveness: float | None = None
    sustainability: float | None = None
    sheet: str | None = None
    row: int | None = None


class RatingColumns(Sequence[Rating]):
    """One item's organizations' ratings, a `Rating` per rater row, kept as columns.

    A large sheet has a rating per row: kept as one list per field, they are gathered into
    arrays (cco.scoring.intervals) without a record made per row; each `Rating` is made only
    when it is read. Equal to a list of the same ratings, added to one as a list, copied and
    pickled; not a list itself (`list(item.ratings)` is one, for json or in place changes).
    """

    __slots__ = ("item_id", "keys", "organizations", "rows", "scores", "sheets")

    def __init__(
        self,
        item_id: str,
        organizations: list[str | None],
        keys: list[str],
        scores: tuple[list[float | None], ...],
        sheets: list[str | None],
        rows: list[int | None],
    ) -> None:
        self.item_id = item_id
        self.organizations = organizations
        self.keys = keys
        self.scores = scores  # one list per criterion, in CRITERIA's order
        self.sheets = sheets
        self.rows = rows

    @classmethod
    def of(cls, ratings: Sequence[Rating]) -> RatingColumns:
        """The ratings as columns: themselves when they are already (the item's id: the first's)."""
        if isinstance(ratings, RatingColumns):
            return ratings
        fields = list(map(list, zip(*ratings, strict=True))) or [[] for _ in Rating._fields]
        item_ids, organizations, keys, *scores, sheets, rows = fields
        item_id = item_ids[0] if item_ids else ""
        return cls(item_id, organizations, keys, tuple(scores), sheets, rows)

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[Rating]:
        return map(
            Rating,
            repeat(self.item_id),
            self.organizations,
            self.keys,
            *self.scores,
            self.sheets,
            self.rows,
        )

    @overload
    def __getitem__(self, index: int) -> Rating: ...

    @overload
    def __getitem__(self, index: slice) -> list[Rating]: ...

    def __getitem__(self, index: int | slice) -> Rating | list[Rating]:
        if isinstance(index, slice):
            return list(self)[index]
        relevance, effectiveness, sustainability = (column[index] for column in self.scores)
        return Rating(
            self.item_id,
            self.organizations[index],
            self.keys[index],
            relevance,
            effectiveness,
            sustainability,
            self.sheets[index],
            self.rows[index],
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RatingColumns | list):
            return list(self) == list(other)
        return NotImplemented

    def __add__(self, other: Sequence[Rating]) -> list[Rating]:
        return [*self, *other]

    def __radd__(self, other: Sequence[Rating]) -> list[Rating]:
        return [*other, *self]

    def __reduce__(self) -> tuple[type[RatingColumns], tuple[Any, ...]]:
        # Copied and pickled by its columns (with every protocol: the class has slots).
        columns = (self.organizations, self.keys, self.scores, self.sheets, self.rows)
        return (RatingColumns, (self.item_id, *columns))

    __hash__ = None  # type: ignore[assignment]  # equal to a list, which has no hash

    def __repr__(self) -> str:
        return f"RatingColumns({list(self)!r})"


@dataclass(kw_only=True, slots=True)
class Item:
    """One scored commitment or sub-commitment of one country's sheet."""

    id: str
    summit: str
    theme: int | None = None  # always set on a sheet that is scored (see ingest)
    plan: str | None = None
    commitment: int
    sub: str | None = None
    text: str | None = None
    commitment_text: str | None = None
    theme_name: str | None = None
    relevance: float | None = None
    effectiveness: float | None = None
    sustainability: float | None = None
    delta_relevance: float | None = None
    delta_effectiveness: float | None = None
    delta_sustainability: float | None = None
    raters: dict[str, RaterStats] | None = None
    ratings: Sequence[Rating] | None = None  # each organization's row, on rater sheets
    sheet: str | None = None
    row: int | None = None


@dataclass(kw_only=True, slots=True)
class CountrySheet:
    """Everything read from one country's file: metadata and its scored items."""

    country: str
    file: str
    phase: str | None = None
    year: int | None = None
    source: str | None = None
    items: list[Item] = field(default_factory=list)

    def ratings(self) -> list[Rating]:
        """Every organization's ratings in long form: one record per (organization, item) row."""
        return [rating for item in self.items for rating in item.ratings or ()]


class WithProblems:
    """A result that carries `problems`: its errors and its warnings, apart."""

    __slots__ = ()
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        """The problems that prevent scoring."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are shown but do not prevent scoring."""
        return [p for p in self.problems if not p.is_error]


@dataclass(kw_only=True, slots=True)
class IngestResult(WithProblems):
    """What ingest returns: the sheet (possibly with no items) and every problem found."""

    sheet: CountrySheet | None
    problems: list[Problem] = field(default_factory=list)
