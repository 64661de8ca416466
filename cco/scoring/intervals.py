"""Honest uncertainty: cluster bootstrap intervals of scores and ranks over the organizations.

The same organizations rate every item of a country, so an organization's leniency is shared
by all its ratings. `bootstrap_intervals` therefore resamples whole organizations: each resample
draws the sheet's organizations with replacement once (a row of a count matrix: how many times
each organization was drawn) and uses that one draw for every item, criterion, theme, summit
and rank. An item's criterion in a resample is the mean of the drawn organizations' ratings,
each counted as often as its organization was drawn; an item none of the drawn organizations
rated has no value in that resample and drops out of the theme and summit means. Then every
score is recomputed with the formulas of `cco.scoring.score` (item average = mean of its
criteria; a theme's or summit's criterion = mean over its items; its average = mean of its
criteria) and the ranks within each summit (highest first, ties sharing the best rank).

An interval is the central `confidence` share of the resampled values that exist: the
percentiles at (1 - confidence) / 2 and (1 + confidence) / 2, taken with
`numpy.quantile(..., method="inverted_cdf")`, so every bound is a value some resample gave.
A score resting on fewer than two organizations gets no interval (NaN): resampling one
organization would only repeat it, and a zero-width interval would read as perfect agreement.

Hand case: one item rated 0, 0, 0 by one organization and 3, 3, 3 by another averages 0, 1.5
or 3 with probabilities 1/4, 1/2, 1/4, so its 90% interval is [0, 3].

Each sheet has its own random stream, derived from the seed and its country and phase, so
countries and phases compared are resampled independently and a sheet gets the same intervals
from `cco score`, `cco report` and `cco compare`. Vectorized: no Python loop per resample.
Pure: no file is read, nothing is printed.
"""

from __future__ import annotations

import bisect
import itertools
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from cco.core.models import CRITERIA, SUMMITS, CountrySheet, RatingColumns
from cco.scoring.defaults import DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED
from cco.scoring.resampling import METHOD as METHOD
from cco.scoring.resampling import MIN_ORGANIZATIONS as MIN_ORGANIZATIONS
from cco.scoring.resampling import BootstrapSettings as BootstrapSettings
from cco.scoring.resampling import IntervalFields as IntervalFields
from cco.scoring.resampling import has_rater_ratings as has_rater_ratings
from cco.scoring.resampling import interval_fields as interval_fields
from cco.scoring.score import AVERAGE_COLUMNS, TIE_DECIMALS, metric_column

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from cco.scoring.score import Scorecard

QUANTILE_METHOD: Final = "inverted_cdf"
"""numpy's percentile definition: the smallest resampled value whose share reaches the level."""

_DENSE_BUDGET = 4_000_000
"""Organizations x rated cells up to which the ratings are held as dense matrices."""

_DENSE_WASTE = 8
"""Dense matrices are used while at least one cell in this many holds a rating: a matrix
product beats summing the ratings one by one only while few of its cells are empty."""

_COUNT_BUDGET = 4_000_000
"""At most this many (resample, organization) counts are drawn at once."""

_CHUNK_BUDGET = 8_000_000
"""At most this many resampled values are held at once when the ratings are sparse."""

_TABLE_SPAN = 4
"""Codes below this many times their count (or below 65,536) are told apart by a table of every
possible code rather than by sorting them (`distinct_codes`)."""


class NoRaterRatings(ValueError):
    """Raised when intervals are asked of a sheet without one row per organization."""


@dataclass(frozen=True)
class Intervals:
    """Bootstrap intervals of one country's scores and ranks.

    items: one row per item of the card (`id`, `summit`, `theme`) with `<m>_low` and `<m>_high`
        for m in relevance, effectiveness, sustainability, average, and `rank_low`, `rank_high`
        (the rank by `metric`), and `organizations` (how many organizations rated it); bounds
        are NaN where the item has no value or fewer than MIN_ORGANIZATIONS organizations.
    themes: one row per theme (`summit`, `theme`), the same columns.
    summits: one row per summit (`summit`), the same columns without ranks.
    summit_draws: each summit's resampled averages (one per resample), to compare countries.
    rated_items: how many items carry organizations' ratings.
    organizations: how many organizations the sheet has (the resampled units).
    seed: the base seed given; `stream` names the sheet's own stream derived from it.
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
    organizations: int = 0
    stream: str = ""


def sheet_stream(country: str, phase: str | None) -> str:
    """The name of a sheet's random stream: its country and phase, case ignored."""
    return f"{country.casefold()}|{(phase or '').casefold()}"


def sheet_rng(stream: str, seed: int = DEFAULT_SEED) -> np.random.Generator:
    """A random generator of its own for each sheet: the base seed and the stream's CRC-32.

    Two sheets (two countries, or two phases of one country) get independent streams; the
    same sheet and seed always get the same one.
    """
    import numpy as np

    return np.random.default_rng([seed, zlib.crc32(stream.encode("utf-8"))])


def organization_counts(organizations: int, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """(resamples, organizations): how many times each organization is drawn in each resample.

    Each row is one bootstrap draw of `organizations` organizations with replacement.
    """
    import numpy as np

    picks = rng.integers(0, organizations, size=(resamples, organizations))
    rows = np.repeat(np.arange(resamples), organizations)
    flat = np.bincount(rows * organizations + picks.ravel(), minlength=resamples * organizations)
    return flat.reshape(resamples, organizations)


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
    counts: np.ndarray | None = None,
) -> Intervals:
    """Intervals of every item, theme and summit score, and of item and theme ranks.

    Args:
        sheet: the sheet as read (`cco.io.ingest.read_sheet`), with each organization's ratings.
        card: its Scorecard (`cco.scoring.score.score_country`); ranks are by `card.settings.by`.
        resamples: how many bootstrap resamples to draw.
        confidence: the share of resamples each interval covers (0.9: the 5th to 95th percentile).
        seed: the base seed (DEFAULT_SEED when None); the draws come from the sheet's own
            stream (`sheet_rng`), so a sheet gets the same intervals from every command.
        counts: the count matrix to use instead of drawing one (resamples x organizations, in
            the order of `OrganizationRatings.keys`), to reproduce a given draw.

    Raises:
        NoRaterRatings: no item carries organizations' ratings (a sheet of means only).
        ValueError: resamples or confidence out of range (see `check_settings`).

    """
    import pandas as pd

    check_settings(resamples, confidence)
    if not has_rater_ratings(sheet):
        raise NoRaterRatings(
            f"{sheet.file}: intervals need rater rows (one row per organization); "
            "this sheet gives means only"
        )
    seed = DEFAULT_SEED if seed is None else seed
    stream = sheet_stream(card.country, sheet.phase)
    layout = ScoreLayout.of(card)
    ratings = OrganizationRatings.of(sheet, layout.ids)
    if counts is None:
        criteria = ratings.drawn_criteria(layout.observed, resamples, sheet_rng(stream, seed))
    else:
        criteria = ratings.criteria(layout.observed, counts)
    scores = layout.scores(criteria, card.settings.by)
    levels = (0.5 - confidence / 2, 0.5 + confidence / 2)
    support = ratings.support(layout)
    item_keys = card.items.reset_index(drop=True)[["id", "summit", "theme"]].copy()
    theme_keys = card.themes[["summit", "theme"]].reset_index(drop=True)
    summit_keys = pd.DataFrame({"summit": layout.summits})
    return Intervals(
        resamples=int(criteria.shape[0]),
        confidence=confidence,
        seed=seed,
        metric=card.settings.by,
        items=_interval_frame(item_keys, scores["items"], levels, support["items"]),
        themes=_interval_frame(theme_keys, scores["themes"], levels, support["themes"]),
        summits=_interval_frame(summit_keys, scores["summits"], levels, support["summits"]),
        summit_draws={
            summit: scores["summits"]["average"][:, index]
            for index, summit in enumerate(layout.summits)
        },
        rated_items=int((support["items"][0] > 0).sum()),
        organizations=len(ratings.keys),
        stream=stream,
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


def tie_spans(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions each row's values occupy, highest first: a tie spans its shared places.

    Of (4, 2, 2, 1) the spans are [1, 1], [2, 3], [2, 3], [4, 4]. Values equal to nine
    decimals tie, as in `min_ranks`; NaN occupies no place (NaN bounds).

    Args:
        values: shape (rows, n), n small (countries of one summit): compared pairwise.

    Returns:
        (first, last) places, float arrays of the same shape.

    """
    import numpy as np

    rounded = np.round(values, TIE_DECIMALS)
    present = ~np.isnan(rounded)
    other = rounded[:, None, :]  # (rows, 1, n): every value, against each (rows, n, 1)
    mine = rounded[:, :, None]
    above = ((other > mine) & present[:, None, :]).sum(axis=2)
    level = ((other == mine) & present[:, None, :]).sum(axis=2)
    first = np.where(present, above + 1.0, np.nan)
    return first, np.where(present, above + level * 1.0, np.nan)


def rank_hold_probabilities(
    observed: Sequence[float] | np.ndarray, draws: np.ndarray
) -> np.ndarray:
    """How often each competitor holds its observed place across resamples.

    A competitor holds its place in a resample when it occupies the same places as observed:
    its rank and the span of its tie (see `tie_spans`). So a tie counts the same for every
    competitor in it: two countries ranked 1 and 2 that tie in a resample both lose their
    place there, and two countries observed tied both keep it only where they tie again.

    Args:
        observed: the score of each of K competitors (e.g. countries within a summit).
        draws: shape (resamples, K): each competitor's resampled score (a competitor without
            rater data repeats its score in every resample).

    Returns:
        shape (K,): the share of resamples in which each competitor holds its place; NaN for
        a competitor with no observed score.

    """
    import numpy as np

    seen = np.asarray(observed, dtype="float64")[None, :]
    seen_first, seen_last = tie_spans(seen)
    first, last = tie_spans(np.asarray(draws, dtype="float64"))
    held = ((first == seen_first) & (last == seen_last)).mean(axis=0)
    return np.where(np.isnan(seen[0]), np.nan, held)


def monte_carlo_error(probability: np.ndarray, resamples: int) -> np.ndarray:
    """The standard error of shares estimated from `resamples` independent resamples."""
    return (probability * (1 - probability) / resamples) ** 0.5


RANK_CERTAINTY_COLUMNS = ("rank_probability", "rank_probability_error", "rank_low", "rank_high")
"""The columns `country_rank_certainty` gives each country."""


def country_rank_certainty(
    countries: pd.DataFrame,
    draws: Mapping[tuple[str, str], np.ndarray],
    confidence: float = DEFAULT_CONFIDENCE,
) -> pd.DataFrame:
    """Each country's probability of holding its rank within its summit, and its rank interval.

    Args:
        countries: one row per country and summit with `label`, `summit` and `average` (as in
            `cco.scoring.compare.Comparison.countries`).
        draws: resampled summit averages per (label, summit), from each country's
            `Intervals.summit_draws` (each sheet drawn from its own stream), all of one length.
        confidence: the share of resamples the rank interval covers.

    Returns:
        aligned with `countries`' index, RANK_CERTAINTY_COLUMNS: NaN for every country of a
        summit where some country has no draws (a sheet of means only) or the lengths differ.
        The rank interval is of the rank (highest first, ties sharing the best rank).

    """
    import numpy as np
    import pandas as pd

    result = pd.DataFrame(np.nan, index=countries.index, columns=list(RANK_CERTAINTY_COLUMNS))
    levels = (0.5 - confidence / 2, 0.5 + confidence / 2)
    for _, rows in countries.groupby("summit", sort=False):
        keys = list(zip(rows["label"], rows["summit"], strict=True))
        if not all(key in draws for key in keys):
            continue
        columns = [np.asarray(draws[key], dtype="float64") for key in keys]
        if len({len(c) for c in columns}) != 1:
            continue
        stacked = np.column_stack(columns)
        observed = rows["average"].astype("float64").to_numpy()
        low, high = _percentiles(min_ranks(stacked), levels)
        held = rank_hold_probabilities(observed, stacked)
        result.loc[rows.index, "rank_probability"] = held
        result.loc[rows.index, "rank_probability_error"] = monte_carlo_error(held, len(stacked))
        result.loc[rows.index, "rank_low"] = np.where(np.isnan(observed), np.nan, low)
        result.loc[rows.index, "rank_high"] = np.where(np.isnan(observed), np.nan, high)
    return result


# ---- the machinery ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreLayout:
    """What the formulas need of a Scorecard: items, their groups, and their fixed Phase 1.

    Read from the card's plain columns: measuring agreement makes no frame (and so needs no
    pandas); the intervals' frames are made from the card itself (`bootstrap_intervals`).
    """

    ids: list[str]
    observed: np.ndarray  # (items, criteria): the card's scores
    theme_keys: list[tuple[str, int]]  # (summit, theme) of each theme, in the card's order
    summits: list[str]  # the summits present, in SUMMITS order
    theme_members: np.ndarray  # (themes, items) bool
    summit_members: np.ndarray  # (summits, items) bool
    item_summits: np.ndarray  # (items,) summit of each item
    theme_summits: np.ndarray  # (themes,) summit of each theme
    with_baseline: np.ndarray  # (items,) bool: the item has a Phase 1 average
    item_phase1: np.ndarray  # (items,) Phase 1 average
    theme_phase1: np.ndarray  # (themes,) Phase 1 average over the theme's baseline items

    @classmethod
    def of(cls, card: Scorecard) -> ScoreLayout:
        """The layout of a card's items, themes and summits."""
        import numpy as np

        def items(name: str) -> list[Any]:
            return card.column("items", name)

        item_summits = np.array(items("summit"), dtype=object)
        item_themes = np.array(items("theme"), dtype="int64")
        theme_summits = card.column("themes", "summit")
        theme_keys = list(zip(theme_summits, card.column("themes", "theme"), strict=True))
        present = set(item_summits.tolist())
        summits = [s for s in SUMMITS if s in present]
        phase1 = dict(zip(theme_keys, card.column("themes", "phase1_average"), strict=True))
        item_phase1 = np.array(items("phase1_average"), dtype="float64")
        # (criteria, items) seen as (items, criteria), laid out as a frame's float block is.
        observed = np.array([items(c) for c in CRITERIA], dtype="float64").T
        key_summits = np.array(theme_summits, dtype=object)
        key_themes = np.array([theme for _, theme in theme_keys], dtype="int64")
        return cls(
            ids=items("id"),
            observed=observed,
            theme_keys=theme_keys,
            summits=summits,
            theme_members=(
                (key_summits[:, None] == item_summits[None, :])
                & (key_themes[:, None] == item_themes[None, :])
            ),
            summit_members=np.array(summits, dtype=object)[:, None] == item_summits[None, :],
            item_summits=item_summits,
            theme_summits=key_summits,
            with_baseline=~np.isnan(item_phase1),
            item_phase1=item_phase1,
            theme_phase1=np.array([phase1.get(key, np.nan) for key in theme_keys], dtype=float),
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
class OrganizationRatings:
    """A sheet's rater rows as arrays: each organization's ratings of each rated (item, criterion).

    keys: the organizations (the resampled units), in the order of a count matrix's columns.
    cell_items, cell_criteria: (cells,) the item index and criterion index of each rated cell.
    entry_organizations, entry_cells, entry_sums, entry_counts: one entry per (organization,
        cell) rated: the sum and number of that organization's ratings of the cell (an
        organization that rated an item on two rows counts both, as the item's mean does).
    rating_organizations, rating_cells, rating_values: one per single rating given.
    first_rows: per organization, its name as written (None: unnamed), sheet and row first seen.
    """

    keys: list[str]
    first_rows: list[tuple[str | None, str | None, int | None]]
    cell_items: np.ndarray
    cell_criteria: np.ndarray
    entry_organizations: np.ndarray
    entry_cells: np.ndarray
    entry_sums: np.ndarray
    entry_counts: np.ndarray
    rating_organizations: np.ndarray
    rating_cells: np.ndarray
    rating_values: np.ndarray

    @classmethod
    def of(cls, sheet: CountrySheet, ids: Sequence[str]) -> OrganizationRatings:
        """Gather the ratings of the items `ids` (in that order) from the sheet's rater rows."""
        import numpy as np

        position = {item_id: index for index, item_id in enumerate(ids)}
        # Gathered a column at a time (a large sheet has a rating per row); numpy makes a
        # missing rating (None) NaN.
        # Every item's ratings number the organizations, and their first rows name them.
        every_keys: list[str] = []
        rated_items: list[RatingColumns] = []  # every item's ratings, in sheet order
        keys: list[str] = []
        item_rows: list[int] = []
        scores: list[list[float | None]] = [[] for _ in CRITERIA]  # a list per criterion
        for item in sheet.items:
            if not item.ratings:
                continue
            ratings = RatingColumns.of(item.ratings)
            every_keys += ratings.keys
            rated_items.append(ratings)
            index = position.get(item.id)
            if index is not None:
                keys += ratings.keys
                item_rows += [index] * len(ratings)
                for column, given in zip(scores, ratings.scores, strict=True):
                    column += given
        # Organizations numbered as they are first met; each one's first row names it.
        organizations = {key: n for n, key in enumerate(dict.fromkeys(every_keys))}
        first_rows = _first_rows(organizations, every_keys, rated_items)
        del every_keys
        values = np.empty((len(keys), len(CRITERIA)))
        for k, criterion_scores in enumerate(scores):
            values[:, k] = np.array(criterion_scores, dtype="float64")
        del scores
        rated = ~np.isnan(values)  # (rows, criteria)
        row_of, criterion = np.nonzero(rated)
        numbers = map(organizations.__getitem__, keys)
        organization = np.fromiter(numbers, dtype=np.int64, count=len(keys))[row_of]
        del keys
        value = values[row_of, criterion]
        del values
        # Cells in (item, criterion) order; entries in (organization, cell) order. Codes are
        # made in place: a large sheet's rating arrays are a dozen megabytes each.
        codes = np.array(item_rows, dtype=np.int64)[row_of]
        del item_rows, row_of
        codes *= len(CRITERIA)
        codes += criterion
        del criterion
        cell_codes, cell = distinct_codes(codes, len(ids) * len(CRITERIA))
        width = max(1, len(cell_codes))
        codes = np.multiply(organization, width, out=codes)
        codes += cell
        entry_codes, entry = distinct_codes(codes, len(organizations) * width)
        del codes
        entries = len(entry_codes)
        entry_organizations, entry_cells = np.divmod(entry_codes, width)
        del entry_codes
        entry_sums = np.bincount(entry, value, minlength=entries)
        entry_counts = np.bincount(entry, minlength=entries).astype("float64")
        del entry
        return cls(
            keys=list(organizations),
            first_rows=first_rows,
            cell_items=cell_codes // len(CRITERIA),
            cell_criteria=cell_codes % len(CRITERIA),
            entry_organizations=entry_organizations,
            entry_cells=entry_cells,
            entry_sums=entry_sums,
            entry_counts=entry_counts,
            rating_organizations=organization,
            rating_cells=cell.astype(np.int64, copy=False),
            rating_values=value,
        )

    def name(self, index: int) -> str:
        """An organization's name as written, or where its unnamed row is ('Sheet!12')."""
        name, sheet, row = self.first_rows[index]
        return name if name is not None else f"{sheet}!{row}"

    def cell_means(self, counts: np.ndarray) -> np.ndarray:
        """(resamples, cells): each cell's mean rating over the organizations drawn.

        Each drawn organization's ratings count as many times as it was drawn; a cell that no
        drawn organization rated is NaN.
        """
        import numpy as np

        weights = np.asarray(counts, dtype="float64")
        organizations, cells = len(self.keys), len(self.cell_items)
        dense = organizations * cells
        if dense <= _DENSE_BUDGET and dense <= _DENSE_WASTE * len(self.entry_cells):
            # Organizations that rate most items: two matrix products do it all.
            sums = np.zeros((organizations, cells))
            rated = np.zeros((organizations, cells))
            sums[self.entry_organizations, self.entry_cells] = self.entry_sums
            rated[self.entry_organizations, self.entry_cells] = self.entry_counts
            total, number = weights @ sums, weights @ rated
        else:
            total, number = self._sparse_products(weights)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(number > 0, total / number, np.nan)

    def _sparse_products(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`weights @ sums` and `weights @ counts` without the dense (organizations x cells).

        Many organizations that each rate few items: entries are summed into their cells,
        resamples a chunk at a time.
        """
        import numpy as np

        order = np.argsort(self.entry_cells, kind="stable")
        cells = self.entry_cells[order]
        organizations = self.entry_organizations[order]
        starts = np.flatnonzero(np.r_[True, cells[1:] != cells[:-1]])
        resamples, width = weights.shape[0], len(self.cell_items)
        total = np.zeros((resamples, width))
        number = np.zeros((resamples, width))
        chunk = max(1, _CHUNK_BUDGET // max(1, len(cells)))
        for start in range(0, resamples, chunk):
            drawn = weights[start : start + chunk][:, organizations]
            for values, out in (
                (self.entry_sums[order], total),
                (self.entry_counts[order], number),
            ):
                out[start : start + chunk, cells[starts]] = np.add.reduceat(
                    drawn * values, starts, axis=1
                )
        return total, number

    def criteria(self, observed: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """(resamples, items, criteria): observed scores, every rated cell resampled.

        Cells without organizations' ratings (an item given as a mean) keep their observed
        score in every resample.
        """
        import numpy as np

        found = np.repeat(observed[None, :, :], counts.shape[0], axis=0)
        found[:, self.cell_items, self.cell_criteria] = self.cell_means(counts)
        return found

    def left_out_criteria(self, observed: np.ndarray, left_out: np.ndarray) -> np.ndarray:
        """(len(left_out), items, criteria): the observed scores with one organization left out.

        Row r leaves out organization `left_out[r]`: only the cells it rated change, to the
        mean of the other organizations' ratings (NaN where nobody else rated the cell).
        Computed from cell totals, so it costs the ratings once, not once per organization.
        """
        import numpy as np

        cells = len(self.cell_items)
        total = np.bincount(self.entry_cells, self.entry_sums, minlength=cells)
        number = np.bincount(self.entry_cells, self.entry_counts, minlength=cells)
        row_of = np.full(len(self.keys), -1)
        row_of[left_out] = np.arange(len(left_out))
        entries = np.flatnonzero(row_of[self.entry_organizations] >= 0)
        cell = self.entry_cells[entries]
        rest = number[cell] - self.entry_counts[entries]
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(rest > 0, (total[cell] - self.entry_sums[entries]) / rest, np.nan)
        found = np.repeat(observed[None, :, :], len(left_out), axis=0)
        rows = row_of[self.entry_organizations[entries]]
        found[rows, self.cell_items[cell], self.cell_criteria[cell]] = value
        return found

    def drawn_criteria(
        self, observed: np.ndarray, resamples: int, rng: np.random.Generator
    ) -> np.ndarray:
        """As `criteria`, for `resamples` count matrices drawn here (`organization_counts`).

        Drawn a chunk of resamples at a time, so that a sheet of many thousand organizations
        never holds a whole (resamples x organizations) matrix.
        """
        import numpy as np

        found = np.repeat(observed[None, :, :], resamples, axis=0)
        chunk = max(1, _COUNT_BUDGET // max(1, len(self.keys)))
        for start in range(0, resamples, chunk):
            counts = organization_counts(len(self.keys), min(chunk, resamples - start), rng)
            rows = slice(start, start + len(counts))
            found[rows, self.cell_items, self.cell_criteria] = self.cell_means(counts)
        return found

    def support(self, layout: ScoreLayout) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """How many organizations each item, theme and summit rests on.

        By level: ((rows,) organizations that rated any criterion, (rows, criteria) those that
        rated each criterion).
        """
        import numpy as np

        entry_items = self.cell_items[self.entry_cells]
        entry_criteria = self.cell_criteria[self.entry_cells]
        width = len(CRITERIA)
        found: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for level, members in (
            ("items", np.eye(len(layout.ids), dtype=bool)),
            ("themes", layout.theme_members),
            ("summits", layout.summit_members),
        ):
            groups = len(members)
            if groups == 0:
                found[level] = (np.zeros(0, dtype=np.int64), np.zeros((0, width), dtype=np.int64))
                continue
            # Each item belongs to one group at most; -1 for an item in none.
            group_of_item = np.where(members.any(axis=0), members.argmax(axis=0), -1)
            group = group_of_item[entry_items]
            kept = group >= 0
            organization, group, criterion = (
                self.entry_organizations[kept],
                group[kept],
                entry_criteria[kept],
            )
            pairs = np.unique(organization * groups + group)
            triples = np.unique((organization * groups + group) * width + criterion)
            any_criterion = np.bincount(pairs % groups, minlength=groups)
            by_criterion = np.bincount(triples % (groups * width), minlength=groups * width)
            found[level] = (any_criterion, by_criterion.reshape(groups, width))
        return found


def _first_rows(
    organizations: Mapping[str, int], keys: Sequence[str], rated_items: Sequence[RatingColumns]
) -> list[tuple[str | None, str | None, int | None]]:
    """Each organization's name as written, sheet and row, where its key is first in `keys`.

    `keys` are the keys of every item's ratings in turn, as `rated_items` holds them: a
    position among them is found in its item's columns, not in a tuple made for every row.
    """
    first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))  # first places
    starts = list(itertools.accumulate((len(r) for r in rated_items), initial=0))
    found = []
    for key in organizations:
        place = first[key]
        item = bisect.bisect_right(starts, place) - 1
        ratings, row = rated_items[item], place - starts[item]
        found.append((ratings.organizations[row], ratings.sheets[row], ratings.rows[row]))
    return found


def distinct_codes(codes: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(codes, return_inverse=True)` for whole numbers in [0, bound).

    The distinct codes in order and, per code given, the position of its value among them.
    While `bound` is small next to the codes (organizations x cells on a sheet where most
    organizations rate most items), a table of every possible code marks the ones present in
    one pass; otherwise the codes are sorted, as `np.unique` does.
    """
    import numpy as np

    if bound > max(1 << 16, _TABLE_SPAN * len(codes)):
        distinct, inverse = np.unique(codes, return_inverse=True)
        return distinct, inverse.reshape(-1)
    present = np.zeros(bound, dtype=bool)
    present[codes] = True
    position = np.cumsum(present) - 1
    return np.flatnonzero(present), position[codes]


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
    keys: pd.DataFrame,
    scores: dict[str, np.ndarray],
    levels: tuple[float, float],
    support: tuple[np.ndarray, np.ndarray],
) -> pd.DataFrame:
    """Keys, `organizations`, and `<m>_low`/`<m>_high` for each score column and the rank.

    Bounds are NaN where the score rests on fewer than MIN_ORGANIZATIONS organizations (for a
    criterion, those that rated it).
    """
    import numpy as np

    organizations, by_criterion = support
    frame = keys.reset_index(drop=True).copy()
    frame["organizations"] = organizations.astype("int64")
    too_few = organizations < MIN_ORGANIZATIONS
    for column in (*AVERAGE_COLUMNS, *(["rank"] if "rank" in scores else [])):
        low, high = _percentiles(scores[column], levels)
        if column in CRITERIA:
            short = by_criterion[:, CRITERIA.index(column)] < MIN_ORGANIZATIONS
        else:
            short = too_few
        frame[f"{column}_low"] = np.where(short, np.nan, low)
        frame[f"{column}_high"] = np.where(short, np.nan, high)
    return frame


def _percentiles(draws: np.ndarray, levels: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """The low and high percentile of each column's draws that have a value (NaN: none has).

    A resample in which the score has no value (nobody drawn rated it) does not count.
    """
    import numpy as np

    low = np.full(draws.shape[1], np.nan)
    high = np.full(draws.shape[1], np.nan)
    missing = np.isnan(draws)
    valued = ~missing.all(axis=0)
    complete = valued & ~missing.any(axis=0)
    if complete.any():  # the common case, at numpy's sorted speed
        bounds = np.quantile(draws[:, complete], levels, axis=0, method=QUANTILE_METHOD)
        low[complete], high[complete] = bounds[0], bounds[1]
    partial = valued & ~complete
    if partial.any():
        bounds = np.nanquantile(draws[:, partial], levels, axis=0, method=QUANTILE_METHOD)
        low[partial], high[partial] = bounds[0], bounds[1]
    return low, high
