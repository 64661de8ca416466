"""Resampling's light half: its settings, rater rows, the JSON fields of intervals.

The settings of a bootstrap, whether a sheet has one row per organization, and the fields its
intervals add to JSON records. Apart from cco.scoring.intervals, which holds the bootstrap
itself, so that scoring a sheet of means, or any command's start-up, does not import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cco.core.models import CRITERIA, CountrySheet
from cco.scoring.defaults import DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED

if TYPE_CHECKING:
    from cco.scoring.intervals import Intervals

MIN_ORGANIZATIONS = 2
"""A score resting on fewer organizations than this gets no interval."""

METHOD = "cluster bootstrap over organizations, percentile (inverted_cdf)"
"""How the intervals are made, as the JSON records it."""


@dataclass(frozen=True)
class BootstrapSettings:
    """How to bootstrap: resamples drawn, the share an interval covers, the base seed."""

    resamples: int = DEFAULT_RESAMPLES
    confidence: float = DEFAULT_CONFIDENCE
    seed: int = DEFAULT_SEED

    def as_dict(self) -> dict[str, Any]:
        """The settings as the JSON records them, to reproduce a result."""
        return {
            "method": METHOD,
            "resamples": self.resamples,
            "confidence": self.confidence,
            "seed": self.seed,
        }


def has_rater_ratings(sheet: CountrySheet) -> bool:
    """True when at least one item carries each organization's rating (rater rows)."""
    return any(
        getattr(rating, criterion) is not None
        for item in sheet.items
        for rating in item.ratings or ()
        for criterion in CRITERIA
    )


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

    `settings` is {"method", "resamples", "confidence", "seed", "stream", "organizations",
    "rank_by"}, or None when no
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
            "method": METHOD,
            "resamples": intervals.resamples,
            "confidence": intervals.confidence,
            "seed": intervals.seed,
            "stream": intervals.stream,
            "organizations": intervals.organizations,
            "rank_by": intervals.metric,
        },
    )
