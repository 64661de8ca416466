"""Scoring as pure functions over DataFrames: item, theme and summit means, Phase 1, ranks, bands.

Everything is kept at full precision; rounding is the renderers' business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cco.core.models import CRITERIA, SUMMITS, CountrySheet
from cco.core.text import is_missing

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from pandas.api.extensions import ExtensionArray

    from cco.scoring.agreement import Agreement

METRICS: tuple[str, ...] = ("average", *CRITERIA, "delta")
"""What a ranking can be by; 'delta' is the change of the average against Phase 1."""

AVERAGE_COLUMNS: tuple[str, ...] = (*CRITERIA, "average")
PHASE1 = {c: f"phase1_{c}" for c in AVERAGE_COLUMNS}
# Means of two-decimal scores taken in different orders differ in the 15th digit; ranks and
# ties compare values at this many decimals so that equal scores tie.
TIE_DECIMALS = 9
DELTA = {c: f"delta_{c}" for c in AVERAGE_COLUMNS}


@dataclass(frozen=True)
class Bands:
    """Thresholds naming a score's level: low < medium <= ... < medium-high <= ... < high."""

    medium: float = 1.5
    medium_high: float = 2.5
    high: float = 2.8

    def name(self, score: float | None) -> str | None:
        """The band of one score ('low', 'medium', 'medium-high', 'high'), None for no score."""
        if score is None or score != score:
            return None
        # A mean of 1.4999999999999998 is 1.5: bands compare at the precision ranks tie at.
        score = round(score, TIE_DECIMALS)
        if score >= self.high:
            return "high"
        if score >= self.medium_high:
            return "medium-high"
        if score >= self.medium:
            return "medium"
        return "low"


@dataclass(frozen=True)
class ScoreSettings:
    """How to score: the scale's top, the bands and the metric rankings use."""

    scale_max: float = 3.0
    bands: Bands = field(default_factory=Bands)
    by: str = "average"


@dataclass
class Scorecard:
    """One country's scored tables: items, themes and summits, each with ranks by `settings.by`."""

    country: str
    file: str
    items: pd.DataFrame
    themes: pd.DataFrame
    summits: pd.DataFrame
    settings: ScoreSettings
    agreement: Agreement | None = None  # of the organizations, on a sheet of rater rows


def items_frame(sheet: CountrySheet) -> pd.DataFrame:
    """One row per item with its identity, texts, criteria, changes and rater counts."""
    import numpy as np
    import pandas as pd

    items = sheet.items
    columns: dict[str, np.ndarray | ExtensionArray] = {}
    for name in _ITEM_FIELDS:
        values = [getattr(item, name) for item in items]
        # Built with their dtypes at once: numbers as float64 (None -> NaN), themes as int64.
        if name in _NUMERIC_FIELDS:
            columns[name] = np.array(values, dtype="float64")
        elif name == "theme":
            columns[name] = np.array(values, dtype="int64")
        else:
            columns[name] = pd.array(values, dtype=object)
    for criterion in CRITERIA:
        stats = [item.raters.get(criterion) if item.raters else None for item in items]
        columns[f"raters_n_{criterion}"] = np.array(
            [s.n if s else None for s in stats], dtype="float64"
        )
        columns[f"raters_sd_{criterion}"] = np.array(
            [s.sd if s else None for s in stats], dtype="float64"
        )
    return pd.DataFrame(columns, columns=_ITEM_COLUMNS)


_ITEM_FIELDS = (
    "id",
    "summit",
    "theme",
    "plan",
    "commitment",
    "sub",
    "text",
    "commitment_text",
    "theme_name",
    *CRITERIA,
    *(f"delta_{c}" for c in CRITERIA),
)
"""The `Item` attributes an items frame keeps."""

_NUMERIC_FIELDS = frozenset((*CRITERIA, *(f"delta_{c}" for c in CRITERIA)))

_ITEM_COLUMNS = [*_ITEM_FIELDS, *(f"raters_{k}_{c}" for c in CRITERIA for k in ("n", "sd"))]


def score_items(items: pd.DataFrame) -> pd.DataFrame:
    """Add each item's average, its Phase 1 values and the change of its average."""
    scored = items.copy()
    scored["average"] = scored[list(CRITERIA)].mean(axis=1, skipna=True)
    for criterion in CRITERIA:
        scored[PHASE1[criterion]] = scored[criterion] - scored[DELTA[criterion]]
    has_baseline = scored[[DELTA[c] for c in CRITERIA]].notna().all(axis=1)
    phase1 = scored[[PHASE1[c] for c in CRITERIA]].mean(axis=1)
    scored["phase1_average"] = phase1.where(has_baseline)
    scored["delta_average"] = (scored["average"] - phase1).where(has_baseline)
    return scored


def group_means(scored: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Criterion means over each group's items (each item once), their average, and Phase 1.

    Phase 1 and the change are computed over the group's items that carry a baseline, so both
    sides compare the same items; `phase1_n` counts them.
    """
    import pandas as pd

    grouped = scored.groupby(keys, sort=True)
    result = grouped[list(CRITERIA)].mean()
    result["average"] = result[list(CRITERIA)].mean(axis=1)
    result["n_items"] = grouped.size()
    result["items"] = _ids_by_group(scored, keys, result.index)
    has_base = scored["phase1_average"].notna()
    if not has_base.any():
        nothing = dict.fromkeys((*PHASE1.values(), *DELTA.values()), float("nan"))
        result = result.assign(**nothing, phase1_n=0)
    else:
        base = scored[has_base].groupby(keys, sort=True)
        current = base[list(CRITERIA)].mean()
        before = base[[PHASE1[c] for c in CRITERIA]].mean()
        before.columns = list(CRITERIA)
        current["average"] = current.mean(axis=1)
        before["average"] = before.mean(axis=1)
        for column in AVERAGE_COLUMNS:
            result[PHASE1[column]] = before[column]
            result[DELTA[column]] = current[column] - before[column]
        result["phase1_n"] = base.size()
        result["phase1_n"] = result["phase1_n"].fillna(0).astype("int64")
    return pd.DataFrame(result).reset_index()


def _ids_by_group(scored: pd.DataFrame, keys: list[str], groups: pd.Index) -> list[list[str]]:
    """The item ids of each group, in row order: a group-by's agg(list), without its cost."""
    columns = [scored[key].tolist() for key in keys]
    ids: dict[Any, list[str]] = {}
    group_of_row = zip(*columns, strict=True) if len(keys) > 1 else columns[0]
    for group, item_id in zip(group_of_row, scored["id"].tolist(), strict=True):
        ids.setdefault(group, []).append(item_id)
    return [ids[group] for group in groups]


def theme_means(scored: pd.DataFrame) -> pd.DataFrame:
    """Per summit and theme: criterion means, average, Phase 1 and change, theme name, plan."""
    themes = group_means(scored, ["summit", "theme"])
    keys = list(zip(themes["summit"].tolist(), themes["theme"].tolist(), strict=True))
    names, plans = _first_present(scored, "theme_name"), _first_present(scored, "plan")
    themes["name"] = [names.get(key) for key in keys]
    # A theme none of whose items names a plan (VIII) gets NaN, as a group's first() gives.
    themes["plan"] = [plans.get(key, float("nan")) for key in keys]
    return themes


def _first_present(scored: pd.DataFrame, column: str) -> dict[tuple[str, int], Any]:
    """Per summit and theme, the column's first value that is not missing, in row order.

    What a group-by's first() gives, in one pass over a few dozen rows instead of a group-by
    (whose fixed cost, paid for every sheet of a comparison, is the larger part).
    """
    first: dict[tuple[str, int], Any] = {}
    keys = zip(scored["summit"].tolist(), scored["theme"].tolist(), strict=True)
    for key, value in zip(keys, scored[column].tolist(), strict=True):
        if key not in first and not is_missing(value):
            first[key] = value
    return first


def summit_means(scored: pd.DataFrame) -> pd.DataFrame:
    """Per summit: criterion means over all its items (each once, not a mean of theme means)."""
    return group_means(scored, ["summit"])


def metric_column(metric: str) -> str:
    """The column a ranking metric reads ('delta' -> 'delta_average')."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric '{metric}'; choose from {', '.join(METRICS)}")
    return "delta_average" if metric == "delta" else metric


def add_ranks(frame: pd.DataFrame, metric: str, within: str = "summit") -> pd.DataFrame:
    """Rank rows within each summit by a metric, highest first; ties share a rank (1, 2, 2, 4).

    Rows without a value for the metric get no rank.
    """
    column = metric_column(metric)
    ranked = frame.copy()
    ranks = (
        ranked[column]
        .round(TIE_DECIMALS)
        .groupby(ranked[within])
        .rank(method="min", ascending=False)
    )
    ranked["rank"] = ranks.astype("Int64")
    return ranked


def sort_ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Order rows by summit (VIII first) then rank, unranked rows last."""
    # A stable sort of the row positions by plain tuples: a frame of a few dozen rows sorts
    # in microseconds, where assigning key columns, sorting and dropping them cost milliseconds.
    summit_order = {s: i for i, s in enumerate(SUMMITS)}
    ranks = frame["rank"].astype("float64").fillna(1e9).tolist()
    keys = [
        [summit_order.get(s, len(SUMMITS)) for s in frame["summit"].tolist()],  # others last
        ranks,
        frame["theme"].tolist(),
        *([frame["commitment"].tolist()] if "commitment" in frame else []),
    ]
    rows = list(zip(*keys, strict=True))
    return frame.iloc[sorted(range(len(rows)), key=rows.__getitem__)]


def extremes(frame: pd.DataFrame, metric: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The best and the worst rows by a metric, every tied row included."""
    import numpy as np

    # On the column's numpy values: a few array operations instead of a dozen frame ones.
    values = frame[metric_column(metric)].to_numpy(dtype="float64", na_value=np.nan)
    rounded = np.round(values, TIE_DECIMALS)
    valued = ~np.isnan(rounded)
    if not valued.any():
        empty = frame.iloc[0:0]
        return empty, empty
    best = frame[rounded == rounded[valued].max()]
    worst = frame[rounded == rounded[valued].min()]
    return best, worst


def add_bands(frame: pd.DataFrame, bands: Bands) -> pd.DataFrame:
    """Add a band column for each criterion and the average ('band_average', ...)."""
    import pandas as pd

    # object dtype keeps None for "no score"; a string dtype would turn it into NaN
    names = {
        f"band_{column}": pd.array([bands.name(v) for v in frame[column].tolist()], dtype=object)
        for column in AVERAGE_COLUMNS
    }
    return frame.assign(**names)


def score_country(sheet: CountrySheet, settings: ScoreSettings | None = None) -> Scorecard:
    """Score one country's sheet: item, theme and summit tables, ranked and banded.

    Args:
        sheet: the sheet returned by `cco.io.ingest.read_sheet`.
        settings: scale, bands and ranking metric; defaults to the observatory's.

    The organizations' agreement (`card.agreement`) is measured apart, by
    `cco.scoring.agreement.organization_agreement`, as `cco.pipeline.score_file` does.

    """
    settings = settings or ScoreSettings()
    scored = score_items(items_frame(sheet))
    items = add_bands(add_ranks(scored, settings.by), settings.bands)
    themes = add_bands(add_ranks(theme_means(scored), settings.by), settings.bands)
    summits = add_bands(summit_means(scored), settings.bands)
    card = Scorecard(
        country=sheet.country,
        file=sheet.file,
        items=sort_ranked(items),
        themes=sort_ranked(themes),
        summits=summits.assign(_order=summits["summit"].map({s: i for i, s in enumerate(SUMMITS)}))
        .sort_values("_order")
        .drop(columns="_order"),
        settings=settings,
    )
    return card


def unranked_summits(card: Scorecard) -> list[str]:
    """The summits of a card none of whose items has a rank (no value of the ranking metric)."""
    summits = card.items["summit"].tolist()
    ranked = set(card.items["summit"][card.items["rank"].notna()].tolist())
    return [summit for summit in SUMMITS if summit in summits and summit not in ranked]


def to_percent(score: float | None, scale_max: float = 3.0) -> float | None:
    """A score as the observatory's percentage: score / scale max * 100."""
    if score is None or score != score:
        return None
    return score / scale_max * 100
