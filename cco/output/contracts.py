"""The JSON contracts of `cco score`, `cco validate` and `cco compare`, as pydantic models.

The writers (cco.output.export, cco.output.problem_output, cco.output.compare_views) build plain
dicts, which is fast; these models describe exactly what they write, so that `cco schema` can
publish a JSON Schema and tests can check every JSON output against it. Importing this module
loads pydantic, which costs start-up time: only the schema command and tests import it.

The models are strict and closed (`extra="forbid"`): a field of the wrong type, a missing field,
an undeclared one or a NaN fails validation, so the contract cannot drift silently.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from cco.core.models import Severity

Summit = Literal["VIII", "IX"]
"""VIII = Lima 2018 (themes 1-5, commitments 1-57); IX = Los Angeles 2022 (plans A-E)."""

Plan = Literal["A", "B", "C", "D", "E"]
"""A IX Summit action plan; plan letter n is theme n."""

Band = Literal["low", "medium", "medium-high", "high"]
"""A score's level under the bands in use."""

Metric = Literal["average", "relevance", "effectiveness", "sustainability", "delta"]
"""What rankings are by."""

SCHEMA_VERSION_NOTE = "The contract's version, raised on any incompatible change."

ProblemCode = Field(pattern=r"^CCO\d{3}$", description="A stable problem code, as `cco rules`.")


class Contract(BaseModel):
    """A record of a JSON contract: strict types, no undeclared field.

    Built on first use (`defer_build`): `cco schema score` builds the score models only.
    """

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, allow_inf_nan=False, defer_build=True
    )


# ---- shared pieces ----------------------------------------------------------------------------


class Span(Contract):
    """A bootstrap interval of a score: its low and high bounds."""

    low: float
    high: float


class RankSpan(Contract):
    """A bootstrap interval of a rank: best and worst rank within it."""

    low: int
    high: int


class CriteriaSpans(Contract):
    """An interval per criterion; null for a criterion nobody rated."""

    relevance: Span | None
    effectiveness: Span | None
    sustainability: Span | None


class Scores(Contract):
    """Relevance, effectiveness, sustainability and their average; null where not scored."""

    relevance: float | None
    effectiveness: float | None
    sustainability: float | None
    average: float | None


class CountedScores(Scores):
    """Phase 1 scores or changes of a theme or summit, with `n`, the number of items compared."""

    n: int = Field(ge=0)


class Bands(Contract):
    """The band of each score."""

    relevance: Band | None
    effectiveness: Band | None
    sustainability: Band | None
    average: Band | None


class ProblemRecord(Contract):
    """One problem of `cco validate` and `cco compare`, located as a spreadsheet shows it."""

    code: str = ProblemCode
    name: str = Field(description="The code's stable name, e.g. 'score-out-of-range'.")
    severity: Severity
    file: str | None
    sheet: str | None
    row: int | None = Field(ge=1, description="1-based, as the spreadsheet shows it.")
    column: str | None = Field(description="The column letter, e.g. 'D'.")
    header: str | None = Field(description="The column's header text.")
    message: str = Field(description="In the language chosen with --lang.")
    hint: str | None


# ---- cco score --format json --------------------------------------------------------------------


class ScoreBands(Contract):
    """The band thresholds in use (`--bands medium/medium-high/high`)."""

    medium: float
    medium_high: float = Field(alias="medium-high")
    high: float


class BootstrapRecord(Contract):
    """How a bootstrap was drawn: enough to draw it again."""

    method: str = Field(description="Whole organizations are resampled (a cluster bootstrap).")
    resamples: int = Field(ge=1)
    confidence: float = Field(gt=0, lt=1)
    seed: int = Field(ge=0, description="The base seed; each sheet draws from its own stream.")


class IntervalSettings(BootstrapRecord):
    """How intervals were computed (`--intervals`)."""

    stream: str = Field(description="The sheet's random stream: its country and phase.")
    organizations: int = Field(ge=0, description="How many organizations were resampled.")
    rank_by: Metric


class CriterionAgreement(Contract):
    """Krippendorff's alpha (ordinal) of one criterion, and what it rests on."""

    alpha: float | None = Field(description="Null where it cannot be computed.")
    organizations: int = Field(ge=0)
    items: int = Field(ge=0)


class OrganizationLeniency(Contract):
    """One organization: how many items it rated and its mean deviation from the others."""

    organization: str | None
    items: int = Field(ge=0)
    leniency: float | None = Field(description="Above 0: more lenient than the others.")
    sheet: str | None
    row: int | None = Field(ge=1, description="Its first row.")


class ThemeStability(Contract):
    """How far a theme's rank moves when one organization is left out."""

    summit: Summit
    theme: int = Field(ge=1)
    rank: int | None = Field(ge=1)
    largest_rank_shift: int | None = Field(ge=0)
    organization: str | None = Field(description="The organization whose absence moves it most.")


class Agreement(Contract):
    """How far a rater sheet's organizations agree; null on a sheet of means."""

    relevance: CriterionAgreement
    effectiveness: CriterionAgreement
    sustainability: CriterionAgreement
    level: Literal["ordinal"]
    value_domain: list[int]
    organizations: list[OrganizationLeniency]
    themes: list[ThemeStability]


class RaterCount(Contract):
    """How many organizations rated a criterion, and their standard deviation (null if n < 2)."""

    n: int = Field(ge=0)
    sd: float | None


class Raters(Contract):
    """Rater counts of an item of a sheet with one row per organization."""

    relevance: RaterCount
    effectiveness: RaterCount
    sustainability: RaterCount


class IntervalRecord(Contract):
    """The intervals of a summit; null unless --intervals was given for a sheet with rater rows."""

    interval: Span | None = Field(description="Interval of the average.")
    criteria_intervals: CriteriaSpans | None


class RankedIntervalRecord(IntervalRecord):
    """The intervals of a theme or item, with that of its rank."""

    rank_interval: RankSpan | None


class TopAndBottom(Contract):
    """The best or worst themes and items of a summit (ties share)."""

    themes: list[int]
    items: list[str]


class ScoredSummit(IntervalRecord, Scores):
    """One summit of a scored sheet."""

    summit: Summit
    band: Bands
    n_items: int = Field(ge=0)
    items: list[str] = Field(description="The ids of the summit's items.")
    phase1: CountedScores | None = Field(description="Null where no baseline is known.")
    delta: CountedScores | None
    best: TopAndBottom
    worst: TopAndBottom


class ScoredTheme(RankedIntervalRecord, Scores):
    """One theme (VIII) or action plan (IX) of a scored sheet."""

    summit: Summit
    theme: int = Field(ge=1)
    plan: Plan | None
    name: str | None
    band: Bands
    rank: int | None = Field(ge=1, description="Within the summit, by `by`.")
    n_items: int = Field(ge=0)
    items: list[str]
    phase1: CountedScores | None
    delta: CountedScores | None


class ScoredItem(RankedIntervalRecord, Scores):
    """One scored commitment or sub-commitment."""

    id: str = Field(description="e.g. 'VIII-12', 'VIII-12b', 'IX-A-3'.")
    summit: Summit
    theme: int = Field(ge=1)
    plan: Plan | None
    commitment: int = Field(ge=1)
    sub: str | None
    text: str | None
    commitment_text: str | None
    theme_name: str | None
    band: Bands
    rank: int | None = Field(ge=1, description="Within the summit, by `by`; null without it.")
    phase1: Scores | None
    delta: Scores | None
    raters: Raters | None = Field(description="Null unless the sheet has a row per organization.")


class ScoreProblem(Contract):
    """A warning of the scored sheet, with the message key and values it was written from."""

    code: str = ProblemCode
    severity: Severity
    message: str = Field(description="In English.")
    hint: str | None
    file: str | None
    sheet: str | None
    row: int | None = Field(ge=1)
    column: str | None
    header: str | None
    key: str | None = Field(description="The message key, e.g. 'CCO204'.")
    params: dict[str, Any] = Field(description="The values the message was written from.")


class ScoreOutput(Contract):
    """`cco score FILE --format json`: one country's scores, themes and items per summit."""

    model_config = ConfigDict(title="cco score")

    schema_version: Literal[1] = Field(alias="schema", description=SCHEMA_VERSION_NOTE)
    country: str
    file: str
    scale_max: float = Field(gt=0)
    by: Metric
    bands: ScoreBands
    intervals: IntervalSettings | None
    agreement: Agreement | None
    summits: list[ScoredSummit]
    themes: list[ScoredTheme]
    items: list[ScoredItem]
    problems: list[ScoreProblem]


# ---- cco validate --format json -----------------------------------------------------------------


class ValidationSummary(Contract):
    """The counts of the summary line."""

    files: int = Field(ge=0)
    files_with_errors: int = Field(ge=0)
    errors: int = Field(ge=0)
    warnings: int = Field(ge=0)


class FileReport(Contract):
    """One checked file and its problems."""

    file: str
    readable: bool
    errors: int = Field(ge=0)
    warnings: int = Field(ge=0)
    problems: list[ProblemRecord]


class ValidationOutput(Contract):
    """`cco validate PATHS --format json`: every problem of every file."""

    model_config = ConfigDict(title="cco validate")

    schema_version: Literal[1] = Field(alias="schema", description=SCHEMA_VERSION_NOTE)
    valid: bool
    summary: ValidationSummary
    files: list[FileReport]


# ---- cco compare --format json ------------------------------------------------------------------


class ComparedSheet(Contract):
    """One input sheet, the country and phase it was read as, and whether it was compared."""

    file: str
    country: str | None
    phase: str | None
    compared: bool


class Entity(Contract):
    """The sheet a row comes from; `label` is unique per sheet."""

    country: str
    phase: str | None
    label: str


class CountryRow(Entity):
    """A country's summit row: its rank among countries and its scores."""

    file: str
    summit: Summit
    rank: int | None = Field(ge=1)
    average: float | None
    relevance: float | None
    effectiveness: float | None
    sustainability: float | None
    items: int = Field(ge=0)
    phase1: float | None
    delta: float | None
    phase1_items: int | None = Field(ge=0)
    rank_probability: float | None = Field(
        ge=0, le=1, description="The chance of holding the rank; null for a sheet of means."
    )
    rank_probability_error: float | None = Field(
        ge=0, description="The Monte Carlo standard error of rank_probability."
    )
    rank_interval: RankSpan | None


class ThemeRow(Entity):
    """A country's theme: its rank among the countries rating that theme."""

    summit: Summit
    theme: int = Field(ge=1)
    plan: Plan | None
    name: str | None
    rank: int | None = Field(ge=1)
    average: float | None
    relevance: float | None
    effectiveness: float | None
    sustainability: float | None
    items: int = Field(ge=0)


class CommitmentRow(Entity):
    """A country's item: its rank among the countries rating it."""

    id: str
    summit: Summit
    theme: int = Field(ge=1)
    rank: int | None = Field(ge=1)
    average: float | None
    relevance: float | None
    effectiveness: float | None
    sustainability: float | None
    phase1: float | None
    delta: float | None
    countries_rating: int = Field(ge=1, description="1: rated by one country, not compared.")


class Coverage(Contract):
    """Where countries rated different sets of items; `theme` null for the whole summit."""

    summit: Summit
    theme: int | None = Field(ge=1)
    countries: int = Field(ge=0)
    of: int = Field(ge=0)
    items_min: int = Field(ge=0)
    items_max: int = Field(ge=0)
    shared: int = Field(ge=0)
    total: int = Field(ge=0)
    rated_by_one: int = Field(ge=0)


class PhaseChange(Contract):
    """A country given in two consecutive phases: the change of a summit, theme or item.

    Compared over the items both phases rated (`items`): `theme` and `id` are null for a
    summit's row, `id` null for a theme's.
    """

    country: str
    from_phase: str | None
    to_phase: str | None
    summit: Summit
    theme: int | None = Field(ge=1)
    id: str | None
    items: int = Field(ge=1)
    from_average: float | None
    to_average: float | None
    change: float | None


class ComparisonOutput(Contract):
    """`cco compare PATHS --format json`: countries ranked per summit, theme and item."""

    model_config = ConfigDict(title="cco compare")

    schema_version: Literal[1] = Field(alias="schema", description=SCHEMA_VERSION_NOTE)
    scale_max: float = Field(gt=0)
    by: Metric = Field(description="What countries, themes and commitments are ranked by.")
    intervals: BootstrapRecord | None = Field(
        description="How rank certainty was resampled; null when no sheet has rater rows."
    )
    sheets: list[ComparedSheet]
    countries: list[CountryRow]
    themes: list[ThemeRow]
    commitments: list[CommitmentRow]
    coverage: list[Coverage]
    phase_changes: list[PhaseChange] = Field(
        description="Empty unless a country is given in several phases."
    )
    problems: list[ProblemRecord]


CONTRACTS: dict[str, type[Contract]] = {
    "score": ScoreOutput,
    "validate": ValidationOutput,
    "compare": ComparisonOutput,
}
"""Each command with a JSON output, and the model of that output."""


def json_schema(command: str) -> dict[str, Any]:
    """The JSON Schema of `command`'s JSON output ('score', 'validate' or 'compare')."""
    model = CONTRACTS[command]
    schema = model.model_json_schema(by_alias=True, mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text(command: str) -> str:
    """The JSON Schema of `command`'s output as `cco schema` prints it and docs/schema ships it."""
    return json.dumps(json_schema(command), indent=2, ensure_ascii=False) + "\n"
