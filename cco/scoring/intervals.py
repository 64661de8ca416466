"""Honest uncertainty: bootstrap intervals of scores and ranks from each organization's rating.

A score of 1.17 from six organizations that disagree is less certain than 1.17 from six that
agree. For sheets with one row per organization, `bootstrap_intervals` resamples the raters:
each resample draws, for every item and criterion, n ratings with replacement from that item's
n organizations' ratings, then recomputes every item, theme and summit score with the formulas
of `cco.scoring.score` (item average = mean of its criteria; a theme's or summit's criterion = mean
over its items, each once; its average = mean of its criteria) and the ranks within each summit
(highest first, ties sharing the best rank, as `cco.scoring.score.add_ranks` does).
An interval is the central `confidence` share of the resampled values: the percentiles at
(1 - confidence) / 2 and (1 + confidence) / 2, taken with
`numpy.quantile(..., method="inverted_cdf")`, so that every bound is a value some resample
actually gave (a rank stays a whole number).

Everything is vectorized over arrays of shape (resamples, items): no Python loop per resample.
Pure: no file is read, nothing is printed.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cco.core.models import CRITERIA, SUMMITS, CountrySheet
from cco.scoring.score import AVERAGE_COLUMNS, TIE_DECIMALS, metric_column

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from cco.scoring.score import Scorecard

DEFAULT_RESAMPLES = 2000
"""How many bootstrap resamples are drawn unless told otherwise."""

DEFAULT_CONFIDENCE = 0.90
"""The share of resamples an interval covers unless told otherwise."""

DEFAULT_SEED = 2024
"""The random generator's seed: the same sheet always gives the same intervals."""

QUANTILE_METHOD = "inverted_cdf"
"""numpy's percentile definition: the smallest resampled value whose share reaches the level."""

_DRAW_BUDGET = 4_000_000
"""At most this many single ratings are drawn at once (resamples are drawn in chunks)."""


class NoRaterRatings(ValueError):
    """Raised when intervals are asked of a sheet without one row per organization."""


@dataclass(frozen=True)
class Intervals:
    """Bootstrap intervals of one country's scores and ranks.

    items: one row per item of the card (`id`, `summit`, `theme`) with `<m>_low` and `<m>_high`
        for m in relevance, effectiveness, sustainability, average, and `rank_low`, `rank_high`
        (the rank by `metric`); NaN where the item has no value or no organization's ratings.
    themes: one row per theme (`summit`, `theme`), the same columns.
    summits: one row per summit (`summit`), the same columns without ranks.
    summit_draws: each summit's resampled averages (one per resample), to compare countries.
    rated_items: how many items carry organizations' ratings.
    """

    resamples: int
    confidence: float
    seed: int
    metric: str
    items: pd.DataFrame
    themes: pd.DataFrame
    summits: pd.DataFrame
    summit_draws: dict[str, np.ndarray] = field(repr=False)
    rated_items: int


def has_rater_ratings(sheet: CountrySheet) -> bool:
    """True when at least one item carries each organization's rating (rater rows)."""
    return any(
        stats.ratings for item in sheet.items if item.raters for stats in item.raters.values()
    )


def country_seed(country: str, seed: int = DEFAULT_SEED) -> int:
    """A seed of its own for each country, so that countries compared are resampled independently.

    Fixed for a given country name and base seed (CRC-32 of the name, case ignored).
    """
    return (seed * 1_000_003 + zlib.crc32(country.casefold().encode("utf-8"))) % 2**32


def check_settings(resamples: int, confidence: float) -> None:
    """Refuse settings that give no interval.

    Raises:
        ValueError: resamples below 1, or a confidence not strictly between 0 and 1.

    """
    if resamples < 1:
        raise ValueError(f"the number of resamples must be at least 1, not {resamples}")
    if not 0 < confidence < 1:
        raise ValueError(f"the confidence must be between 0 and 1 (e.g. 0.9), not {confidence}")


def bootstrap_intervals(
    sheet: CountrySheet,
    card: Scorecard,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int | None = None,
) -> Intervals:
    """Intervals of every item, theme and summit score, and of item and theme ranks.

    Args:
        sheet: the sheet as read (`cco.io.ingest.read_sheet`), with each organization's ratings.
        card: its Scorecard (`cco.scoring.score.score_country`); ranks are by `card.settings.by`.
        resamples: how many bootstrap resamples to draw.
        confidence: the share of resamples each interval covers (0.9: the 5th to 95th percentile).
        seed: the random generator's seed; by default `country_seed(card.country)`, so that
            `cco score`, `cco report` and `cco compare` give a sheet the same intervals and two
            countries compared are resampled independently.

    Raises:
        NoRaterRatings: no item carries organizations' ratings (a sheet of means only).
        ValueError: resamples or confidence out of range (see `check_settings`).

    """
    import numpy as np

    check_settings(resamples, confidence)
    if not has_rater_ratings(sheet):
        raise NoRaterRatings(
            f"{sheet.file}: intervals need rater rows (one row per organization); "
            "this sheet gives means only"
        )
    seed = country_seed(card.country) if seed is None else seed
    layout = _Layout.of(card)
    cells = _RatedCells.of(sheet, layout.ids)
    criteria = cells.resample(layout.observed, resamples, np.random.default_rng(seed))
    scores = layout.scores(criteria, card.settings.by)
    levels = (0.5 - confidence / 2, 0.5 + confidence / 2)
    items = _interval_frame(layout.item_keys, scores["items"], levels)
    unrated = ~np.isin(np.arange(len(layout.ids)), cells.items)
    items.loc[unrated, [c for c in items.columns if c.endswith(("_low", "_high"))]] = np.nan
    return Intervals(
        resamples=resamples,
        confidence=confidence,
        seed=seed,
        metric=card.settings.by,
        items=items,
        themes=_interval_frame(layout.theme_keys, scores["themes"], levels),
        summits=_interval_frame(layout.summit_keys, scores["summits"], levels),
        summit_draws={
            summit: scores["summits"]["average"][:, index]
            for index, summit in enumerate(layout.summit_keys["summit"])
        },
        rated_items=len(set(cells.items.tolist())),
    )


def min_ranks(values: np.ndarray) -> np.ndarray:
    """Rank each row's values highest first, ties sharing the best rank (1, 2, 2, 4).

    Values equal to nine decimals tie, as in `cco.scoring.score.add_ranks`; NaN gets no rank (NaN).

    Args:
        values: shape (rows, n); each row is ranked on its own.

    Returns:
        float array of the same shape: ranks 1..n, NaN where the value is NaN.

    """
    import numpy as np

    rounded = np.round(values, TIE_DECIMALS)
    keyed = np.where(np.isnan(rounded), -np.inf, rounded)
    order = np.argsort(-keyed, axis=1, kind="stable")
    ordered = np.take_along_axis(keyed, order, axis=1)
    positions = np.broadcast_to(np.arange(values.shape[1]), values.shape)
    new_value = np.ones(values.shape, dtype=bool)
    new_value[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first_of_tie = np.maximum.accumulate(np.where(new_value, positions, 0), axis=1)
    ranks = np.empty(values.shape, dtype="float64")
    np.put_along_axis(ranks, order, first_of_tie + 1.0, axis=1)
    return np.where(np.isnan(values), np.nan, ranks)


def rank_hold_probabilities(observed_ranks: Sequence[float], draws: np.ndarray) -> np.ndarray:
    """How often each competitor holds its observed rank across resamples.

    Args:
        observed_ranks: the rank each of K competitors holds (e.g. countries within a summit).
        draws: shape (resamples, K): each competitor's resampled score (a competitor without
            rater data repeats its score in every resample).

    Returns:
        shape (K,): the share of resamples in which each competitor has exactly its rank
        (ranked highest first, ties sharing the best rank); NaN for a competitor with no rank.

    """
    import numpy as np

    observed = np.asarray(observed_ranks, dtype="float64")
    held = (min_ranks(draws) == observed[None, :]).mean(axis=0)
    return np.where(np.isnan(observed), np.nan, held)


def country_rank_probabilities(
    countries: pd.DataFrame, draws: Mapping[tuple[str, str], np.ndarray]
) -> pd.Series:
    """Each country's probability of holding its rank within its summit.

    Args:
        countries: one row per country and summit with `label`, `summit` and `rank` (as in
            `cco.scoring.compare.Comparison.countries`).
        draws: resampled summit averages per (label, summit), from each country's
            `Intervals.summit_draws` (drawn with `country_seed`), all of the same length.

    Returns:
        aligned with `countries`' index: the probability, or NaN for every country of a summit
        where some country has no draws (a sheet of means only) or the lengths differ.

    """
    import numpy as np
    import pandas as pd

    result = pd.Series(np.nan, index=countries.index, dtype="float64")
    for _, rows in countries.groupby("summit", sort=False):
        keys = list(zip(rows["label"], rows["summit"], strict=True))
        if not all(key in draws for key in keys):
            continue
        columns = [np.asarray(draws[key], dtype="float64") for key in keys]
        if len({len(c) for c in columns}) != 1:
            continue
        ranks = rows["rank"].astype("float64").to_numpy()
        result.loc[rows.index] = rank_hold_probabilities(ranks, np.column_stack(columns))
    return result


@dataclass(frozen=True)
class IntervalFields:
    """The JSON fields intervals add to `cco score`'s records, looked up per item, theme, summit.

    Every lookup returns its keys even when nothing was computed (the values are then None), so
    the JSON contract keeps the same shape whether or not a sheet has rater rows.
    """

    items: dict[str, dict[str, Any]]
    themes: dict[tuple[str, int], dict[str, Any]]
    summits: dict[str, dict[str, Any]]
    settings: dict[str, Any] | None

    def item(self, item_id: str) -> dict[str, Any]:
        """`interval`, `criteria_intervals` and `rank_interval` of one item."""
        return self.items.get(item_id, dict.fromkeys(_RANKED_FIELDS))

    def theme(self, summit: str, theme: int) -> dict[str, Any]:
        """`interval`, `criteria_intervals` and `rank_interval` of one theme."""
        return self.themes.get((summit, int(theme)), dict.fromkeys(_RANKED_FIELDS))

    def summit(self, summit: str) -> dict[str, Any]:
        """`interval` and `criteria_intervals` of one summit."""
        return self.summits.get(summit, dict.fromkeys(_FIELDS))


_FIELDS = ("interval", "criteria_intervals")
_RANKED_FIELDS = (*_FIELDS, "rank_interval")


def interval_fields(intervals: Intervals | None) -> IntervalFields:
    """The `interval`, `criteria_intervals` and `rank_interval` fields of JSON records.

    `interval` is {low, high} of the average, `criteria_intervals` the same of relevance,
    effectiveness and sustainability, and `rank_interval` of the rank.

    `settings` is {"method", "resamples", "confidence", "seed", "rank_by"}, or None when no
    intervals were computed. Numbers are plain Python floats and ints; a missing bound is None.
    """
    if intervals is None:
        return IntervalFields({}, {}, {}, None)

    def span(row: Any, low: str, high: str, kind: type) -> dict[str, Any] | None:
        if row[low] != row[low]:  # NaN: not computed
            return None
        return {"low": kind(row[low]), "high": kind(row[high])}

    def fields(row: Any, ranked: bool) -> dict[str, Any]:
        found = {
            "interval": span(row, "average_low", "average_high", float),
            "criteria_intervals": {c: span(row, f"{c}_low", f"{c}_high", float) for c in CRITERIA},
        }
        if ranked:
            found["rank_interval"] = span(row, "rank_low", "rank_high", int)
        return found

    return IntervalFields(
        items={r["id"]: fields(r, True) for _, r in intervals.items.iterrows()},
        themes={
            (r["summit"], int(r["theme"])): fields(r, True) for _, r in intervals.themes.iterrows()
        },
        summits={r["summit"]: fields(r, False) for _, r in intervals.summits.iterrows()},
        settings={
            "method": "bootstrap over raters, percentile (inverted_cdf)",
            "resamples": intervals.resamples,
            "confidence": intervals.confidence,
            "seed": intervals.seed,
            "rank_by": intervals.metric,
        },
    )


# ---- the machinery ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """What the formulas need of a Scorecard: items, their groups, and their fixed Phase 1."""

    ids: list[str]
    observed: np.ndarray  # (items, criteria): the card's scores
    item_keys: pd.DataFrame  # id, summit, theme
    theme_keys: pd.DataFrame  # summit, theme
    summit_keys: pd.DataFrame  # summit
    theme_members: np.ndarray  # (themes, items) bool
    summit_members: np.ndarray  # (summits, items) bool
    item_summits: np.ndarray  # (items,) summit of each item
    theme_summits: np.ndarray  # (themes,) summit of each theme
    with_baseline: np.ndarray  # (items,) bool: the item has a Phase 1 average
    item_phase1: np.ndarray  # (items,) Phase 1 average
    theme_phase1: np.ndarray  # (themes,) Phase 1 average over the theme's baseline items

    @classmethod
    def of(cls, card: Scorecard) -> _Layout:
        import numpy as np
        import pandas as pd

        items = card.items.reset_index(drop=True)
        item_keys = items[["id", "summit", "theme"]].copy()
        theme_keys = card.themes[["summit", "theme"]].reset_index(drop=True)
        present = set(items["summit"])
        summit_keys = pd.DataFrame({"summit": [s for s in SUMMITS if s in present]})
        theme_index = list(zip(theme_keys["summit"], theme_keys["theme"], strict=True))
        phase1 = card.themes.set_index(["summit", "theme"])["phase1_average"]
        return cls(
            ids=list(items["id"]),
            observed=items[list(CRITERIA)].to_numpy(dtype="float64"),
            item_keys=item_keys,
            theme_keys=theme_keys,
            summit_keys=summit_keys,
            theme_members=(
                (theme_keys["summit"].to_numpy()[:, None] == items["summit"].to_numpy()[None, :])
                & (theme_keys["theme"].to_numpy()[:, None] == items["theme"].to_numpy()[None, :])
            ),
            summit_members=(
                summit_keys["summit"].to_numpy()[:, None] == items["summit"].to_numpy()[None, :]
            ),
            item_summits=items["summit"].to_numpy(),
            theme_summits=theme_keys["summit"].to_numpy(),
            with_baseline=items["phase1_average"].notna().to_numpy(),
            item_phase1=items["phase1_average"].to_numpy(dtype="float64"),
            theme_phase1=np.array([phase1.get(key, np.nan) for key in theme_index], dtype=float),
        )

    def scores(self, criteria: np.ndarray, metric: str) -> dict[str, dict[str, np.ndarray]]:
        """Every score of every resample, by level ('items', 'themes', 'summits') and column.

        `criteria` is (resamples, items, criteria); each returned array is (resamples, rows).
        Items and themes also get 'rank' by `metric`, within their summit.
        """
        import numpy as np

        column = metric_column(metric)
        found: dict[str, dict[str, np.ndarray]] = {"items": _named(criteria)}
        found["items"]["average"] = _mean_present(criteria, axis=2)
        found["items"]["delta_average"] = np.where(
            self.with_baseline, found["items"]["average"] - self.item_phase1, np.nan
        )
        for level, members in (("themes", self.theme_members), ("summits", self.summit_members)):
            means = _group_criteria(criteria, members)
            found[level] = _named(means)
            found[level]["average"] = _mean_present(means, axis=2)
        baseline_members = self.theme_members & self.with_baseline
        current = _mean_present(_group_criteria(criteria, baseline_members), axis=2)
        found["themes"]["delta_average"] = current - self.theme_phase1
        found["items"]["rank"] = _ranks_within(found["items"][column], self.item_summits)
        found["themes"]["rank"] = _ranks_within(found["themes"][column], self.theme_summits)
        return found


@dataclass(frozen=True)
class _RatedCells:
    """The (item, criterion) cells that carry organizations' ratings, padded into one array."""

    items: np.ndarray  # (cells,) item index
    criteria: np.ndarray  # (cells,) criterion index
    counts: np.ndarray  # (cells,) how many organizations rated
    ratings: np.ndarray  # (cells, most raters) ratings, zero-padded

    @classmethod
    def of(cls, sheet: CountrySheet, ids: list[str]) -> _RatedCells:
        import numpy as np

        by_id = {item.id: item for item in sheet.items}
        found: list[tuple[int, int, list[float]]] = []
        for index, item_id in enumerate(ids):
            item = by_id.get(item_id)
            for k, criterion in enumerate(CRITERIA):
                stats = item.raters.get(criterion) if item and item.raters else None
                if stats is not None and stats.ratings:
                    found.append((index, k, stats.ratings))
        widest = max(len(r) for _, _, r in found)
        ratings = np.zeros((len(found), widest))
        for row, (_, _, values) in enumerate(found):
            ratings[row, : len(values)] = values
        return cls(
            items=np.array([i for i, _, _ in found], dtype=int),
            criteria=np.array([k for _, k, _ in found], dtype=int),
            counts=np.array([len(r) for _, _, r in found], dtype=int),
            ratings=ratings,
        )

    def resample(
        self, observed: np.ndarray, resamples: int, rng: np.random.Generator
    ) -> np.ndarray:
        """(resamples, items, criteria): the observed scores with every rated cell resampled.

        For each rated cell, n organizations' ratings are drawn with replacement and averaged;
        cells without ratings keep their observed score in every resample.
        """
        import numpy as np

        cells, widest = self.ratings.shape
        criteria = np.repeat(observed[None, :, :], resamples, axis=0)
        valid = np.arange(widest)[None, :] < self.counts[:, None]  # (cells, widest)
        rows = np.arange(cells)[None, :, None]
        chunk = max(1, _DRAW_BUDGET // (cells * widest))
        for start in range(0, resamples, chunk):
            size = min(chunk, resamples - start)
            picks = rng.integers(0, self.counts[None, :, None], size=(size, cells, widest))
            drawn = np.where(valid[None], self.ratings[rows, picks], 0.0)
            criteria[start : start + size, self.items, self.criteria] = (
                drawn.sum(axis=2) / self.counts[None, :]
            )
        return criteria


def _named(values: np.ndarray) -> dict[str, np.ndarray]:
    """Split (resamples, rows, criteria) into one (resamples, rows) array per criterion."""
    return {criterion: values[:, :, k] for k, criterion in enumerate(CRITERIA)}


def _mean_present(values: np.ndarray, axis: int) -> np.ndarray:
    """The mean of the values that are not NaN along an axis (NaN when none is): pandas' mean."""
    import numpy as np

    present = ~np.isnan(values)
    total = np.where(present, values, 0.0).sum(axis=axis)
    count = present.sum(axis=axis)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _group_criteria(criteria: np.ndarray, members: np.ndarray) -> np.ndarray:
    """(resamples, groups, criteria): each group's criterion means over its items, each once.

    An item without a value for a criterion does not count for it, as in pandas' group mean.
    """
    import numpy as np

    present = ~np.isnan(criteria)
    weights = members.T.astype("float64")  # (items, groups)
    total = np.einsum("bik,ig->bgk", np.where(present, criteria, 0.0), weights)
    count = np.einsum("bik,ig->bgk", present.astype("float64"), weights)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _ranks_within(values: np.ndarray, summits: np.ndarray) -> np.ndarray:
    """Ranks of (resamples, rows) values within each summit's rows (see `min_ranks`)."""
    import numpy as np

    ranks = np.full(values.shape, np.nan)
    for summit in dict.fromkeys(summits.tolist()):
        columns = np.flatnonzero(summits == summit)
        ranks[:, columns] = min_ranks(values[:, columns])
    return ranks


def _interval_frame(
    keys: pd.DataFrame, scores: dict[str, np.ndarray], levels: tuple[float, float]
) -> pd.DataFrame:
    """Keys plus `<m>_low`/`<m>_high` for each score column, and `rank_low`/`rank_high`."""
    frame = keys.reset_index(drop=True).copy()
    for column in (*AVERAGE_COLUMNS, *(["rank"] if "rank" in scores else [])):
        low, high = _percentiles(scores[column], levels)
        frame[f"{column}_low"], frame[f"{column}_high"] = low, high
    return frame


def _percentiles(draws: np.ndarray, levels: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """The low and high percentile of each column's draws; NaN for a column without values."""
    import numpy as np

    low = np.full(draws.shape[1], np.nan)
    high = np.full(draws.shape[1], np.nan)
    valued = ~np.isnan(draws).any(axis=0)
    if valued.any():
        bounds = np.quantile(draws[:, valued], levels, axis=0, method=QUANTILE_METHOD)
        low[valued], high[valued] = bounds[0], bounds[1]
    return low, high
