"""Typed records that flow from ingest to scoring: problems, items and country sheets."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

CRITERIA: tuple[str, str, str] = ("relevance", "effectiveness", "sustainability")
"""The three criteria every item is rated on, in the order sheets give them."""

SUMMITS: tuple[str, str] = ("VIII", "IX")
"""The summits, oldest first: VIII = Lima 2018, IX = Los Angeles 2022."""

PLANS: str = "ABCDE"
"""IX Summit action plans; plan letter n (A = 1) is theme n."""

WRITTEN_BY = "Written by"
"""Metadata key that marks a workbook of results written by cco (not a sheet to score)."""


class Severity(StrEnum):
    """How bad a problem is: errors stop scoring, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


class Problem(BaseModel):
    """One thing wrong with an input, located as a spreadsheet user would find it."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity = Severity.ERROR
    message: str
    hint: str | None = None
    file: str | None = None
    sheet: str | None = None
    row: int | None = Field(default=None, description="1-based, as the spreadsheet shows it")
    column: str | None = Field(default=None, description="column letter, e.g. 'D'")
    header: str | None = Field(default=None, description="the column's header text")
    key: str | None = Field(default=None, description="message key, e.g. 'CCO102/text'")
    params: dict[str, Any] = Field(default_factory=dict, description="the message's values")

    @property
    def is_error(self) -> bool:
        """True when this problem prevents scoring."""
        return self.severity is Severity.ERROR

    def location(self, words: tuple[str, str, str] = ("sheet", "row", "column")) -> str:
        """Return 'file, sheet 'X', row N, column D (Header)' with the parts that are known.

        `words` names sheet, row and column in the reader's language.
        """
        sheet, row, column = words
        parts = [self.file or "<input>"]
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


class RaterStats(BaseModel):
    """How many organizations rated one criterion of an item, and how much they disagreed."""

    n: int
    sd: float | None = None
    ratings: list[float] = Field(default_factory=list, description="each organization's rating")


class Item(BaseModel):
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
    sheet: str | None = None
    row: int | None = None


class CountrySheet(BaseModel):
    """Everything read from one country's file: metadata and its scored items."""

    country: str
    file: str
    phase: str | None = None
    year: int | None = None
    source: str | None = None
    items: list[Item] = Field(default_factory=list)


class IngestResult(BaseModel):
    """What ingest returns: the sheet (possibly with no items) and every problem found."""

    sheet: CountrySheet | None
    problems: list[Problem] = Field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that prevent scoring."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are shown but do not prevent scoring."""
        return [p for p in self.problems if not p.is_error]
