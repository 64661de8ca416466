"""Compare countries: rankings per summit, theme x country and commitment x country tables.

Pure functions over small per-country summaries of Scorecards: a batch keeps one
`CountrySummary` per sheet (a few rows), never the sheets themselves. Nothing here reads a file
or prints; numbers are kept at full precision.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from cco.core.models import CRITERIA, PLANS, SUMMIT_ORDER, Problem
from cco.core.text import fold, is_missing
from cco.scoring.defaults import DEFAULT_CONFIDENCE
from cco.scoring.score import add_ranks

if TYPE_CHECKING:
    import pandas as pd

    from cco.scoring.score import Scorecard

SUMMIT_COLUMNS: tuple[str, ...] = (
    "summit",
    *CRITERIA,
    "average",
    "n_items",
    "phase1_average",
    "delta_average",
    "phase1_n",
)
"""The columns of a Scorecard's summit table that a comparison keeps."""

THEME_COLUMNS: tuple[str, ...] = (
    "summit",
    "theme",
    "plan",
    "name",
    *CRITERIA,
    "average",
    "n_items",
    "phase1_average",
    "delta_average",
)
"""The columns of a Scorecard's theme table that a comparison keeps."""

ITEM_COLUMNS: tuple[str, ...] = (
    "id",
    "summit",
    "theme",
    "plan",
    "commitment",
    "sub",
    "text",
    *CRITERIA,
    "average",
    "phase1_average",
    "delta_average",
)
"""The columns of a Scorecard's item table that a comparison keeps."""

ENTITY_COLUMNS: tuple[str, ...] = ("country", "phase", "label", "file")
"""The columns naming the sheet a comparison row comes from; `label` is unique per sheet."""


def _summit_order(summit: str) -> int:
    """VIII before IX (the sort key of summits)."""
    return SUMMIT_ORDER[summit]


_DIGITS = re.compile(r"\d+")


Row = tuple[Any, ...]
"""One table row as plain Python values (None or NaN for a missing value)."""

_FLOAT_COLUMNS = frozenset((*CRITERIA, "average", "phase1_average", "delta_average"))
_INT_COLUMNS = frozenset(("theme", "commitment", "n_items", "phase1_n"))


@dataclass(frozen=True)
class CountrySummary:
    """The few rows of one country's Scorecard that a comparison needs, as plain tuples.

    Tuples, not DataFrames, so that a batch of hundreds of sheets stays small. `summit_rows`,
    `theme_rows` and `item_rows` follow SUMMIT_COLUMNS, THEME_COLUMNS and ITEM_COLUMNS; items
    without any score are left out (nobody rated them). `summits`, `themes` and `items` give
    them back as DataFrames.
    """

    country: str
    phase: str | None
    file: str
    summit_rows: tuple[Row, ...]
    theme_rows: tuple[Row, ...]
    item_rows: tuple[Row, ...]
    summit_draws: dict[str, Any] | None = None  # bootstrap summit averages, for rater sheets

    @property
    def summits(self) -> pd.DataFrame:
        """The summit rows as a DataFrame."""
        return rows_frame(self.summit_rows, SUMMIT_COLUMNS)

    @property
    def themes(self) -> pd.DataFrame:
        """The theme rows as a DataFrame."""
        return rows_frame(self.theme_rows, THEME_COLUMNS)

    @property
    def items(self) -> pd.DataFrame:
        """The item rows as a DataFrame."""
        return rows_frame(self.item_rows, ITEM_COLUMNS)


def rows_frame(rows: Sequence[Row], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame of plain rows, numeric columns typed (float64 with NaN, int64)."""
    return columns_frame(zip(columns, _columns_of(rows, len(columns)), strict=True))


def _columns_of(rows: Sequence[Row], width: int) -> Iterator[Iterable[Any]]:
    """Rows of `width` values as that many columns, made one at a time."""
    if not rows:
        return iter([[]] * width)
    return zip(*rows, strict=True)


def columns_frame(columns: Iterable[tuple[str, Iterable[Any]]]) -> pd.DataFrame:
    """A DataFrame of plain columns (name, values), numeric ones typed (float64 with NaN, int64).

    Column by column, each made into its array before the next is made: a frame made from rows
    holds every row as a tuple, then all of them again as one array of objects, before its
    columns are split out.
    """
    import numpy as np
    import pandas as pd

    typed: dict[str, Any] = {}
    for name, values in columns:
        if name in _FLOAT_COLUMNS:
            typed[name] = pd.to_numeric(
                pd.Series(list(values), dtype=object), errors="coerce"
            ).astype("float64")
        elif name in _INT_COLUMNS:
            typed[name] = np.array(list(values), dtype="int64")
        else:
            typed[name] = pd.Series(list(values))
    return pd.DataFrame(typed)


def _plain_rows(
    card: Scorecard, table: str, columns: Sequence[str], keep: Sequence[bool] | None = None
) -> tuple[Row, ...]:
    """A card's table's rows (those `keep` marks, or all) as plain values, in `columns` order."""
    # Column by column (plain values, as iterating rows gives them), then zipped.
    values = [card.column(table, column) for column in columns]
    rows: Iterable[Row] = zip(*values, strict=True)
    if keep is not None:
        rows = itertools.compress(rows, keep)
    return tuple(tuple(map(_kept_value, row)) for row in rows)


def _kept_value(value: object) -> Any:
    """`_value`, with texts shared: every sheet of a batch repeats the same ids and texts."""
    plain = _value(value)
    if type(plain) is not str:
        return plain
    if len(_SHARED_TEXTS) >= _SHARED_TEXTS_MAX:  # bounded: a long-lived process sees many
        _SHARED_TEXTS.clear()
    return _SHARED_TEXTS.setdefault(plain, plain)


_SHARED_TEXTS: dict[str, str] = {}
_SHARED_TEXTS_MAX = 1 << 16
"""Texts of summaries kept once (not `sys.intern`: interned texts may outlive every sheet)."""


@dataclass(frozen=True)
class SheetStatus:
    """One input of a batch: the country and phase it was read as, and whether it was compared.

    `errors` say why a sheet was left out (its own errors, or a duplicate country and phase).
    """

    file: str
    country: str | None
    phase: str | None
    compared: bool
    errors: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class CoverageNote:
    """Where the compared countries rated different sets of items, in a summit or a theme.

    `theme` is None for the whole summit. `countries` rated at least one item of the scope, out
    of `of` compared; each of those rated `items_min` to `items_max` items; `shared` items were
    rated by every one of the `of`, `total` by at least one, `rated_by_one` by exactly one.
    """

    summit: str
    theme: int | None
    countries: int
    of: int
    items_min: int
    items_max: int
    shared: int
    total: int
    rated_by_one: int

    def sentence_fields(self) -> dict[str, int | str]:
        """The counts by the names the coverage sentences use ({countries}, {span}, ...).

        `span` is the items each country rated: '2-3', or '2' when every one rated as many.
        """
        same = self.items_min == self.items_max
        return {
            "countries": self.countries,
            "of": self.of,
            "span": str(self.items_min) if same else f"{self.items_min}-{self.items_max}",
            "total": self.total,
            "shared": self.shared,
            "single": self.rated_by_one,
        }


@dataclass(frozen=True)
class Comparison:
    """Long tables comparing countries, every row named by ENTITY_COLUMNS.

    countries: one row per country and summit: criteria, average, its `rank` among the
        countries (ties share a rank), `n_items`, `phase1_average`, `delta_average`,
        `phase1_n`.
    themes: one row per country, summit and theme: criteria, average, `n_items`, and the
        country's `rank` within that theme; `name` and `plan` are the same for every country.
    commitments: one row per country and rated item: criteria, average, Phase 1 and change,
        the country's `rank` among those rating the item, and `countries_rating`.
    coverage: a note for each summit and theme where countries rated different items.
    labels: every compared sheet's label, in the order the sheets were given.
    phase_changes: for a country given in several phases, the change between each phase and
        the next, per summit, theme and item (see `phase_changes`).
    Rater sheets' countries also get `rank_probability` (with its Monte Carlo standard error
    `rank_probability_error`) and the rank interval `rank_low`-`rank_high` at `confidence`.
    """

    countries: pd.DataFrame
    themes: pd.DataFrame
    commitments: pd.DataFrame
    coverage: list[CoverageNote]
    labels: list[str]
    confidence: float = DEFAULT_CONFIDENCE  # of the countries' rank intervals
    phase_changes: pd.DataFrame | None = None  # see `phase_changes`; None: no country recurs
    by: str = "average"  # what the rankings are by


def summarize(card: Scorecard, phase: str | None = None) -> CountrySummary:
    """Keep the rows of a Scorecard a comparison needs (the card can then be freed).

    Args:
        card: one country's Scorecard (`cco.scoring.score.score_country`).
        phase: the sheet's phase, from its metadata (`CountrySheet.phase`), if known.

    """
    # Rows picked from the card's plain columns: its frames, or a boolean selection of them,
    # would cost more than the rest of the summary.
    rated = [average == average for average in card.column("items", "average")]
    return CountrySummary(
        country=card.country,
        phase=phase,
        file=card.file,
        summit_rows=_plain_rows(card, "summits", SUMMIT_COLUMNS),
        theme_rows=_plain_rows(card, "themes", THEME_COLUMNS),
        item_rows=_plain_rows(card, "items", ITEM_COLUMNS, keep=rated),
    )


def theme_tag(summit: str, theme: int) -> str:
    """A theme in short: its number ('2'), or for the IX Summit its plan letter ('B')."""
    return PLANS[theme - 1] if summit == "IX" and 1 <= theme <= len(PLANS) else str(theme)


def phase_key(phase: str | None) -> str:
    """A phase compared loosely: 'Phase 2', 'Fase 2' and '2' are all '2'; None is ''."""
    if phase is None:
        return ""
    digits = _DIGITS.search(phase)
    return digits.group() if digits else fold(phase)


def summary_key(country: str, phase: str | None) -> tuple[str, str]:
    """What makes two sheets the same one: the country (case and accents aside) and phase."""
    return fold(country), phase_key(phase)


def entity_labels(summaries: Sequence[CountrySummary]) -> list[str]:
    """One display name per sheet: the country, with its phase when the country recurs."""
    counts = Counter(fold(summary.country) for summary in summaries)
    labels = []
    for summary in summaries:
        if counts[fold(summary.country)] == 1:
            labels.append(summary.country)
        elif summary.phase:
            phase = summary.phase
            shown = f"phase {phase}" if phase.isdigit() else phase
            labels.append(f"{summary.country} ({shown})")
        else:  # no phase to tell it apart: its file does
            labels.append(f"{summary.country} ({PurePath(summary.file).name})")
    return labels


def compare_countries(
    summaries: Sequence[CountrySummary],
    summits: Sequence[str] | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
    by: str = "average",
) -> Comparison:
    """Compare countries: rankings per summit, themes and commitments by country, coverage.

    Args:
        summaries: one per sheet (`summarize`), at most one per country and phase.
        summits: only these summits (all by default).
        confidence: the share of resamples each country's rank interval covers.
        by: what countries, themes and commitments are ranked by (`cco.scoring.score.METRICS`);
            the chance of holding a rank is drawn for the average only, so another metric
            leaves it out.

    Raises:
        ValueError: two summaries share a country and phase (see `summary_key`).

    """
    seen: dict[tuple[str, str], str] = {}
    for summary in summaries:
        key = summary_key(summary.country, summary.phase)
        if key in seen:
            raise ValueError(
                f"{summary.country} ({summary.phase or 'no phase'}) is given twice: "
                f"{seen[key]}, {summary.file}"
            )
        seen[key] = summary.file
    labels = entity_labels(summaries)
    countries = _stacked(summaries, labels, "summit", SUMMIT_COLUMNS, summits)
    themes = _stacked(summaries, labels, "theme", THEME_COLUMNS, summits)
    items = _stacked(summaries, labels, "item", ITEM_COLUMNS, summits)
    commitments = commitment_table(items, by)
    ranked = country_ranking(countries, by)
    certainty = _rank_certainty(ranked, summaries, labels, confidence)
    if by != "average":  # the resampled summit draws are of the average
        certainty.loc[:, :] = float("nan")
    return Comparison(
        countries=ranked.join(certainty),
        themes=theme_table(themes, by),
        commitments=commitments,
        coverage=coverage_notes(commitments, labels),
        labels=labels,
        confidence=confidence,
        phase_changes=phase_changes(items, summaries, labels),
        by=by,
    )


def top_countries(comparison: Comparison, top: int) -> Comparison:
    """The comparison cut to the `top` best-ranked countries of each summit, in every table.

    A country is kept in a summit's themes and commitments when it is kept in its ranking;
    coverage and phase changes, which speak of the whole batch, are left whole.
    """
    from dataclasses import replace

    countries = comparison.countries
    kept = countries[countries["rank"].notna() & (countries["rank"] <= top)]
    pairs = set(zip(kept["summit"], kept["label"], strict=True))

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        chosen = [pair in pairs for pair in zip(frame["summit"], frame["label"], strict=True)]
        return frame[chosen].reset_index(drop=True)

    return replace(
        comparison,
        countries=kept.reset_index(drop=True),
        themes=keep(comparison.themes),
        commitments=keep(comparison.commitments),
    )


PHASE_CHANGE_COLUMNS: tuple[str, ...] = (
    "country",
    "from_phase",
    "to_phase",
    "summit",
    "theme",
    "id",
    "items",
    "from_average",
    "to_average",
    "change",
)
"""A phase change row: the scope is a summit (theme and id None), a theme (id None) or an item."""


def phase_order(phase: str | None) -> tuple[int, float, str]:
    """Sort key of phases: numbered ones by number ('Phase 2' before 'Phase 10'), then others."""
    key = phase_key(phase)
    return (0, float(key), "") if key.isdigit() else (1, 0.0, key)


def phase_changes(
    items: pd.DataFrame, summaries: Sequence[CountrySummary], labels: list[str]
) -> pd.DataFrame | None:
    """The change of each country given in several phases, from each phase to the next.

    Each summit, theme and item is compared over the items both phases rated (`items` counts
    them), with the formulas of `cco.scoring.score`: a criterion is the mean over those items,
    the average the mean of the criteria. None when no country recurs.
    """
    by_country: dict[str, list[tuple[CountrySummary, str]]] = {}
    for summary, label in zip(summaries, labels, strict=True):
        by_country.setdefault(fold(summary.country), []).append((summary, label))
    rows: list[tuple[Any, ...]] = []
    for sheets in by_country.values():
        if len(sheets) < 2:
            continue
        ordered = sorted(sheets, key=lambda pair: phase_order(pair[0].phase))
        for (first, first_label), (then, then_label) in itertools.pairwise(ordered):
            before = items[items["label"] == first_label].set_index("id")
            after = items[items["label"] == then_label].set_index("id")
            shared = [i for i in before.index if i in after.index]
            rows += _phase_change_rows(first, then, before.loc[shared], after.loc[shared])
    if not rows:
        return None
    import pandas as pd

    # not rows_frame: a summit's row has no theme, so the theme column is a nullable integer
    frame = pd.DataFrame.from_records(rows, columns=list(PHASE_CHANGE_COLUMNS))
    frame["theme"] = frame["theme"].astype("Int64")
    for column in ("from_average", "to_average", "change"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def _phase_change_rows(
    first: CountrySummary, then: CountrySummary, before: pd.DataFrame, after: pd.DataFrame
) -> list[tuple[Any, ...]]:
    """The rows of one pair of phases: per summit, theme and item, over the shared items."""
    rows: list[tuple[Any, ...]] = []

    def add(summit: str, theme: int | None, item: str | None, ids: list[str]) -> None:
        if not ids:
            return
        old, new = _average_of(before.loc[ids]), _average_of(after.loc[ids])
        change = None if old is None or new is None else new - old
        phases = (first.phase, then.phase)
        rows.append((first.country, *phases, summit, theme, item, len(ids), old, new, change))

    for summit in sorted(set(before["summit"]), key=_summit_order):
        in_summit = before[before["summit"] == summit]
        add(summit, None, None, list(in_summit.index))
        for theme in sorted(set(in_summit["theme"])):
            add(summit, int(theme), None, list(in_summit[in_summit["theme"] == theme].index))
        for item in in_summit.index:
            add(summit, int(in_summit.at[item, "theme"]), str(item), [item])
    return rows


def _average_of(items: pd.DataFrame) -> float | None:
    """The average of a set of items as scoring computes it: the mean of the criteria's means."""
    means = [items[c].astype("float64").mean() for c in CRITERIA]
    known = [m for m in means if m == m]
    return sum(known) / len(known) if known else None


def _rank_certainty(
    countries: pd.DataFrame,
    summaries: Sequence[CountrySummary],
    labels: list[str],
    confidence: float,
) -> pd.DataFrame:
    """Each country's chance of holding its rank and its rank interval.

    Given where every country of a summit has rater rows, NaN elsewhere (see
    `cco.scoring.intervals.country_rank_certainty`).
    """
    from cco.scoring.intervals import country_rank_certainty

    draws = {
        (label, summit): values
        for label, summary in zip(labels, summaries, strict=True)
        for summit, values in (summary.summit_draws or {}).items()
    }
    return country_rank_certainty(countries, draws, confidence)


def _stacked(
    summaries: Sequence[CountrySummary],
    labels: list[str],
    table: str,
    columns: tuple[str, ...],
    summits: Sequence[str] | None,
) -> pd.DataFrame:
    """One table of every summary, each row prefixed by its sheet's ENTITY_COLUMNS."""
    # Made column by column from the summaries' own rows: 20,000 item rows of 1,000 sheets
    # made into new, longer rows first would be held three times over at the peak.
    summit_at = columns.index("summit")
    kept: list[Row] = []
    owners: list[int] = []
    for index, summary in enumerate(summaries):
        for row in getattr(summary, f"{table}_rows"):
            if not summits or row[summit_at] in summits:
                kept.append(row)
                owners.append(index)
    entities = (
        (summaries[i].country for i in owners),
        (summaries[i].phase for i in owners),
        (labels[i] for i in owners),
        (summaries[i].file for i in owners),
    )
    values = itertools.chain(entities, _columns_of(kept, len(columns)))
    return columns_frame(zip((*ENTITY_COLUMNS, *columns), values, strict=True))


def _order(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sort by summit (VIII first), then `keys`; missing values last."""
    keyed = frame.assign(_summit=frame["summit"].map(SUMMIT_ORDER))
    if "rank" in keys:
        keyed["_rank"] = keyed["rank"].astype("float64")
        keys = ["_rank" if k == "rank" else k for k in keys]
    ordered = keyed.sort_values(["_summit", *keys], kind="stable", na_position="last")
    return ordered.drop(columns=[c for c in ("_summit", "_rank") if c in ordered]).reset_index(
        drop=True
    )


def country_ranking(countries: pd.DataFrame, by: str = "average") -> pd.DataFrame:
    """Rank each summit's rows (one per country) by `by`, highest first, ties shared."""
    if countries.empty:
        return countries.assign(rank=[])
    return _order(add_ranks(countries, by, within="summit"), ["rank", "label"])


def theme_table(themes: pd.DataFrame, by: str = "average") -> pd.DataFrame:
    """Rank countries within each summit's theme; give each theme one name and plan letter.

    The name is the first one a sheet gives for the theme; a IX theme's plan is its letter.
    """
    if themes.empty:
        return themes.assign(rank=[])
    framed = themes.copy(deep=False)  # whole columns are replaced, never changed in place
    groups = framed.groupby(["summit", "theme"], sort=False)
    framed["name"] = groups["name"].transform("first")
    framed["plan"] = [
        theme_tag(s, t) if s == "IX" else None
        for s, t in zip(framed["summit"], framed["theme"], strict=True)
    ]
    framed["_group"] = framed["summit"] + ":" + framed["theme"].astype(str)
    ranked = add_ranks(framed, by, within="_group").drop(columns="_group")
    return _order(ranked, ["theme", "rank", "label"])


def commitment_table(items: pd.DataFrame, by: str = "average") -> pd.DataFrame:
    """Per item id: each country's scores, its rank among them, and how many countries rated it.

    An item's theme, commitment and text are taken from the first sheet that gives them, so
    every country's row of an item sorts together; items rated by one country are kept.
    """
    if items.empty:
        return items.assign(rank=[], countries_rating=[])
    framed = items.copy(deep=False)  # whole columns are replaced, never changed in place
    groups = framed.groupby("id", sort=False)
    for column in ("summit", "theme", "plan", "commitment", "sub", "text"):
        framed[column] = groups[column].transform("first")
    framed["theme"] = framed["theme"].astype("int64")
    framed["countries_rating"] = groups["average"].transform("count").astype("int64")
    ranked = add_ranks(framed, by, within="id")
    ranked["_sub"] = ranked["sub"].fillna("")
    ordered = _order(ranked, ["theme", "commitment", "_sub", "id", "rank", "label"])
    return ordered.drop(columns="_sub")


def coverage_notes(commitments: pd.DataFrame, labels: Sequence[str]) -> list[CoverageNote]:
    """A note for each summit, and each theme in it, where countries rated different items.

    A summit is compared over every sheet in `labels`; a theme over the sheets that rated
    that summit. Nothing is noted when fewer than two sheets are compared.
    """
    if len(labels) < 2 or commitments.empty:
        return []
    notes = []
    needed = commitments[["summit", "theme", "label", "id"]]  # subsets of four columns, not all
    for summit in sorted(set(needed["summit"]), key=_summit_order):
        rows = needed[needed["summit"] == summit]
        note = _coverage(summit, None, rows, list(labels))
        if note is not None:
            notes.append(note)
        raters = list(dict.fromkeys(rows["label"]))
        for theme in sorted(set(rows["theme"])):
            note = _coverage(summit, int(theme), rows[rows["theme"] == theme], raters)
            if note is not None:
                notes.append(note)
    return notes


def _coverage(
    summit: str, theme: int | None, rows: pd.DataFrame, labels: list[str]
) -> CoverageNote | None:
    if len(labels) < 2:
        return None
    ids_by_label = rows.groupby("label", sort=False)["id"].agg(frozenset).to_dict()
    sets = [ids_by_label.get(label, frozenset()) for label in labels]
    if all(s == sets[0] for s in sets):
        return None
    raters = rows.groupby("id", sort=False)["label"].nunique()
    rated = [len(s) for s in sets if s]  # a country that rated none of it is counted apart
    return CoverageNote(
        summit=summit,
        theme=theme,
        countries=len(rated),
        of=len(labels),
        items_min=min(rated),
        items_max=max(rated),
        shared=len(frozenset.intersection(*sets)),
        total=len(raters),
        rated_by_one=int((raters == 1).sum()),
    )


@dataclass(frozen=True)
class ThemeMatrix:
    """One summit's themes by country.

    `averages` and `ranks` have a row per country label (in the summit's ranking order) and a
    column per theme number; `names` names the themes.
    """

    summit: str
    averages: pd.DataFrame
    ranks: pd.DataFrame
    names: dict[int, str | None]


def theme_matrix(comparison: Comparison, summit: str) -> ThemeMatrix:
    """The theme x country table of one summit, countries in the summit's ranking order.

    A theme a country did not rate is NaN (its rank NA).
    """
    themes = comparison.themes[comparison.themes["summit"] == summit]
    ranking = comparison.countries[comparison.countries["summit"] == summit]
    labels = list(dict.fromkeys(ranking["label"]))
    columns = sorted(int(t) for t in set(themes["theme"]))

    def wide(values: str) -> pd.DataFrame:
        table = themes.pivot(index="label", columns="theme", values=values)
        return table.reindex(index=labels, columns=columns)

    names = themes.groupby("theme")["name"].first()
    return ThemeMatrix(
        summit=summit,
        averages=wide("average").astype("float64"),
        ranks=wide("rank"),
        names={t: _value(names.get(t)) for t in columns},
    )


COMMITMENT_INFO: tuple[str, ...] = ("summit", "theme", "text", "countries_rating")
"""The columns of `commitment_matrix` before the countries' ones."""


def commitment_matrix(comparison: Comparison) -> pd.DataFrame:
    """The commitment x country table.

    A row per item id (VIII first, in commitment order) holding COMMITMENT_INFO, then one
    column of averages per country label (NaN: not rated).
    """
    commitments = comparison.commitments
    ids = list(dict.fromkeys(commitments["id"]))
    info = commitments.groupby("id", sort=False)[list(COMMITMENT_INFO)].first().reindex(ids)
    averages = commitments.pivot(index="id", columns="label", values="average")
    averages = averages.reindex(index=ids, columns=comparison.labels).astype("float64")
    matrix = info.join(averages)
    matrix.index.name = "id"
    return matrix


def _value(value: object) -> Any:
    """A cell as plain JSON: None for None/NaN/NA, Python numbers for numpy ones."""
    kind = type(value)
    if kind is str or kind is int:  # most cells: nothing to look at
        return value
    if kind is float:
        return None if value != value else value
    if is_missing(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _records(frame: pd.DataFrame, fields: dict[str, str]) -> list[dict[str, Any]]:
    return list(_each_record(frame, fields))


def _each_record(frame: pd.DataFrame, fields: dict[str, str]) -> Iterator[dict[str, Any]]:
    """The frame's rows as JSON records (field -> value), made one at a time."""
    columns = list(fields.values())
    for row in frame[columns].itertuples(index=False, name=None):
        yield {name: _value(v) for name, v in zip(fields, row, strict=True)}


COUNTRY_FIELDS = {
    "country": "country",
    "phase": "phase",
    "label": "label",
    "file": "file",
    "summit": "summit",
    "rank": "rank",
    "average": "average",
    **{c: c for c in CRITERIA},
    "items": "n_items",
    "phase1": "phase1_average",
    "delta": "delta_average",
    "phase1_items": "phase1_n",
    "rank_probability": "rank_probability",
    "rank_probability_error": "rank_probability_error",
    "rank_low": "rank_low",
    "rank_high": "rank_high",
}
"""JSON field -> column of `Comparison.countries`."""

THEME_FIELDS = {
    "country": "country",
    "phase": "phase",
    "label": "label",
    "summit": "summit",
    "theme": "theme",
    "plan": "plan",
    "name": "name",
    "rank": "rank",
    "average": "average",
    **{c: c for c in CRITERIA},
    "items": "n_items",
}
"""JSON field -> column of `Comparison.themes`."""

COMMITMENT_FIELDS = {
    "country": "country",
    "phase": "phase",
    "label": "label",
    "id": "id",
    "summit": "summit",
    "theme": "theme",
    "rank": "rank",
    "average": "average",
    **{c: c for c in CRITERIA},
    "phase1": "phase1_average",
    "delta": "delta_average",
    "countries_rating": "countries_rating",
}
"""JSON field -> column of `Comparison.commitments`."""


LONG_TABLES: dict[str, dict[str, str]] = {
    "countries": COUNTRY_FIELDS,
    "themes": THEME_FIELDS,
    "commitments": COMMITMENT_FIELDS,
}
"""The long tables of the JSON contract, each with its JSON field -> column mapping."""


def table_records(comparison: Comparison, table: str) -> list[dict[str, Any]]:
    """One long table ('countries', 'themes' or 'commitments') as JSON records, in order."""
    return _records(getattr(comparison, table), LONG_TABLES[table])


def comparison_records(comparison: Comparison) -> dict[str, list[dict[str, Any]]]:
    """The comparison as the long-form JSON contract: countries, themes, commitments, coverage.

    Numbers are unrounded; a missing value is None (never NaN). A country's `rank_interval`
    is {low, high}, or None where no rank was resampled.
    """
    return {name: list(records) for name, records in comparison_record_streams(comparison).items()}


def comparison_record_streams(comparison: Comparison) -> dict[str, Iterator[dict[str, Any]]]:
    """`comparison_records`, each list made record by record as it is read (a writer's)."""
    found = {
        table: _each_record(getattr(comparison, table), LONG_TABLES[table]) for table in LONG_TABLES
    }
    found["countries"] = map(_with_rank_interval, found["countries"])
    found["coverage"] = (asdict(note) for note in comparison.coverage)
    changes = comparison.phase_changes
    found["phase_changes"] = (
        iter(()) if changes is None else _each_record(changes, {c: c for c in PHASE_CHANGE_COLUMNS})
    )
    return found


def _with_rank_interval(record: dict[str, Any]) -> dict[str, Any]:
    """A country record with `rank_low` and `rank_high` as one `rank_interval` (or None)."""
    low, high = record.pop("rank_low"), record.pop("rank_high")
    record["rank_interval"] = None if low is None else {"low": int(low), "high": int(high)}
    return record
