"""Scoring as pure functions: item, theme and summit means, Phase 1, ranks, bands.

Computed on plain columns; a card's tables become DataFrames only when read as frames, so the
outputs made from its plain rows (`Scorecard.rows`) need no pandas.

Everything is kept at full precision; rounding is the renderers' business.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast, overload

from cco.core.models import CRITERIA, SUMMIT_ORDER, SUMMITS, CountrySheet, Item
from cco.core.text import is_missing

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

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


class _Table:
    """A Scorecard field holding a DataFrame, or the `ScoreTable` it is made from when read.

    A descriptor, so that the card stays a dataclass (`dataclasses.replace`, assignment) while
    a table no one reads is never made into a frame.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.key = f"_{name}_table"  # each in its own slot: a copy.copy of the card stays apart

    @overload
    def __get__(self, card: None, owner: type | None = None) -> _Table: ...

    @overload
    def __get__(self, card: Scorecard, owner: type | None = None) -> pd.DataFrame: ...

    def __get__(self, card: Scorecard | None, owner: type | None = None) -> Any:
        if card is None:  # no default: the field must be given
            raise AttributeError(self.name)
        found = card.__dict__[self.key]
        if isinstance(found, ScoreTable):
            found = card.__dict__[self.key] = found.frame()
        return found

    def __set__(self, card: Scorecard, value: pd.DataFrame | ScoreTable) -> None:
        card.__dict__[self.key] = value

    def held(self, card: Scorecard) -> pd.DataFrame | ScoreTable:
        """What the card holds: the frame, or the plain columns not yet made into one."""
        return cast("pd.DataFrame | ScoreTable", card.__dict__[self.key])


@dataclass
class Scorecard:
    """One country's scored tables: items, themes and summits, each with ranks by `settings.by`.

    `items`, `themes` and `summits` are DataFrames. `score_country` gives each as plain columns
    (a `ScoreTable`), made into its frame the first time it is read: a comparison reads only
    the few columns it keeps (`column`), and making the frames would cost more than the
    scoring.
    """

    country: str
    file: str
    items: _Table = _Table()
    themes: _Table = _Table()
    summits: _Table = _Table()
    # A default only because the tables before it look like defaults to type checkers.
    settings: ScoreSettings = field(default_factory=ScoreSettings)
    agreement: Agreement | None = None  # of the organizations, on a sheet of rater rows

    def column(self, table: str, name: str) -> list[Any]:
        """One column of a table ('items', 'themes', 'summits') as plain values, in row order.

        A missing number is NaN, a missing rank or text None (as `tolist()` of the frame's
        column gives them, once `pd.NA` and NaN texts are read as None).
        """
        found = self.table(table)
        if isinstance(found, ScoreTable):
            return found.column(name)
        return cast("list[Any]", found[name].tolist())

    def table(self, name: str) -> pd.DataFrame | ScoreTable:
        """What the card holds of a table: its frame, or the plain columns not yet made one."""
        return _TABLES[name].held(self)

    def rows(self, table: str) -> list[dict[str, Any]]:
        """A table's rows in order, each a dict of its columns' plain values.

        The values `frame_records` gives of the table's frame, but a missing rank or text may
        be None where the frame has NA or NaN: read them with `is_missing`. A table not yet
        made into a frame is read from its columns, and stays unmade (no pandas).
        """
        found = self.table(table)
        if isinstance(found, ScoreTable):
            return found.rows()
        return frame_records(found)

    def only_summits(self, summits: Iterable[str]) -> Scorecard:
        """A copy of the card with only the rows of the given summits, in every table."""
        wanted = frozenset([summits] if isinstance(summits, str) else summits)  # 'VIII' is one
        return self.replaced(**{name: _summits_only(self.table(name), wanted) for name in _TABLES})

    def replaced(self, **tables: pd.DataFrame | ScoreTable) -> Scorecard:
        """A copy of the card with some tables replaced; the others are not made into frames."""
        merged = {
            name: tables[name] if name in tables else slot.held(self)
            for name, slot in _TABLES.items()
        }
        return Scorecard(
            self.country,
            self.file,
            merged["items"],
            merged["themes"],
            merged["summits"],
            self.settings,
            self.agreement,
        )


_TABLES = {name: Scorecard.__dict__[name] for name in ("items", "themes", "summits")}
"""The card's table fields (their descriptors), by name."""


@dataclass(frozen=True)
class ScoreTable:
    """A table of a Scorecard before it is a frame: plain columns, the rows' order, how typed.

    `summits`: only the rows of these summits are the table's (None: every row); its frame is
    the whole table's, cut to them, so that every column is typed as the whole table's is.
    """

    columns: Columns
    order: list[int]
    inferred: tuple[str, ...] = ()
    summits: frozenset[str] | None = None

    def column(self, name: str) -> list[Any]:
        """One column's values, rows in order, numbers typed as the frame types them."""
        values = self.columns[name]
        taken = [values[i] for i in self._shown()]
        if name in _FLOAT_COLUMNS:
            return [_NAN if v is None else float(v) for v in taken]  # as numpy makes them
        if name in _INT_COLUMNS:
            return [int(v) for v in taken]
        return taken

    def rows(self) -> list[dict[str, Any]]:
        """The rows in order, each a dict of its columns' values as `column` gives them."""
        names = list(self.columns)
        values = zip(*map(self.column, names), strict=True)
        return [dict(zip(names, row, strict=True)) for row in values]

    def with_columns(self, **columns: list[Any]) -> ScoreTable:
        """The same table with some columns' values replaced (each value at its row's place)."""
        return replace(self, columns=self.columns | columns)

    def frame(self) -> pd.DataFrame:
        """The table as its DataFrame (`_frame`)."""
        whole = _frame(self.columns, self.order, self.inferred)
        if self.summits is None:
            return whole
        return whole[whole["summit"].isin(sorted(self.summits))]

    def _shown(self) -> list[int]:
        if self.summits is None:
            return self.order
        summit = self.columns["summit"]
        return [i for i in self.order if summit[i] in self.summits]


def _summits_only(
    table: pd.DataFrame | ScoreTable, summits: frozenset[str]
) -> pd.DataFrame | ScoreTable:
    """A table's rows of the given summits: a frame cut to them, or a table marked so."""
    if isinstance(table, ScoreTable):
        kept = summits if table.summits is None else table.summits & summits
        return replace(table, summits=kept)
    return table[table["summit"].isin(sorted(summits))]


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts of its columns, with the values `DataFrame.iterrows` gives.

    Both read the frame's values as one array of objects; a Series made for every row cost
    more than the rest of a table (about 1 ms a table of 30 rows).
    """
    columns = list(frame.columns)
    return [dict(zip(columns, values, strict=True)) for values in frame.to_numpy(dtype=object)]


Columns = dict[str, list[Any]]
"""A table under construction: each column's values in row order (a missing number as NaN),
in the column order of the frame it becomes."""

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
)
"""The `Item` attributes naming and describing an item, first in an item table."""

_SCORE_FIELDS = (*CRITERIA, *(DELTA[c] for c in CRITERIA))
"""The `Item` attributes holding its scores and their changes against Phase 1."""

_RATER_COLUMNS = tuple(f"raters_{k}_{c}" for c in CRITERIA for k in ("n", "sd"))
"""How many organizations rated each criterion, and their standard deviation."""

_NAN = float("nan")


def _item_columns(items: list[Item]) -> Columns:
    """An item table as read: identity, texts, scores, changes and rater counts."""
    columns: Columns = {name: [getattr(item, name) for item in items] for name in _ITEM_FIELDS}
    for name in _SCORE_FIELDS:
        columns[name] = [_number(getattr(item, name)) for item in items]
    for criterion in CRITERIA:
        stats = [item.raters.get(criterion) if item.raters else None for item in items]
        columns[f"raters_n_{criterion}"] = [_number(s.n if s else None) for s in stats]
        columns[f"raters_sd_{criterion}"] = [_number(s.sd if s else None) for s in stats]
    return columns


def _number(value: float | None) -> float:
    """A number as a float, None as NaN (as a float64 column holds them)."""
    return _NAN if value is None else float(value)


def _row_means(rows: Iterable[tuple[float, ...]]) -> list[float]:
    """The mean of each row's values that are not NaN; NaN for a row without any.

    pandas' mean(axis=1): a sum from 0.0 in column order, a missing value counting as 0.0,
    then divided by the count of values present.
    """
    means = []
    for row in rows:
        total, count = 0.0, 0
        for value in row:
            if value == value:
                total += value
                count += 1
        means.append(total / count if count else _NAN)
    return means


def _group_mean(values: Iterable[float]) -> float:
    """The mean of the values that are not NaN (NaN for none), by a compensated sum.

    The Kahan sum, in row order from 0.0, of pandas' group-by mean when it cannot use reduceat.
    """
    total, compensation, count = 0.0, 0.0, 0
    for value in values:
        if value == value:
            count += 1
            y = value - compensation
            t = total + y
            compensation = t - total - y
            if compensation != compensation:  # an infinite value: keep it, as pandas does
                compensation = 0.0
            total = t
    return total / count if count else _NAN


def _block_means(
    items: Columns, block: Sequence[str], groups: list[list[int]]
) -> list[list[float]]:
    """The mean of each column of `block` over each group's rows (row numbers, ascending).

    As pandas' group-by mean computes it, so that every table stays bit for bit what it was:
    the columns of a block (ones a frame stores together) are aggregated together; when the
    groups' rows follow one another in row order and the block has no NaN, pandas sums each
    group with numpy's reduceat, otherwise with a compensated sum. The two round differently.
    """
    import numpy as np

    in_row_order = all(a[-1] < b[0] for a, b in itertools.pairwise(groups))
    if in_row_order and groups:
        rows = [r for group in groups for r in group]
        values = np.array([[items[column][r] for r in rows] for column in block])
        if not np.isnan(values).any():
            sizes = np.array([len(group) for group in groups], dtype="float64")
            starts = np.cumsum([0, *sizes[:-1]]).astype("intp")
            means: list[list[float]] = (np.add.reduceat(values, starts, axis=1) / sizes).tolist()
            return means
    return [[_group_mean(items[column][r] for r in rows) for rows in groups] for column in block]


def _score_items(columns: Columns) -> None:
    """Add each item's average, its Phase 1 values and the change of its average."""
    criteria = [columns[c] for c in CRITERIA]
    deltas = [columns[DELTA[c]] for c in CRITERIA]
    average = _row_means(zip(*criteria, strict=True))
    columns["average"] = average
    phase1 = [
        [value - delta for value, delta in zip(values, changes, strict=True)]
        for values, changes in zip(criteria, deltas, strict=True)
    ]
    for criterion, values in zip(CRITERIA, phase1, strict=True):
        columns[PHASE1[criterion]] = values
    # An item has a baseline when all three changes are given.
    has_baseline = [all(d == d for d in row) for row in zip(*deltas, strict=True)]
    phase1_mean = _row_means(zip(*phase1, strict=True))
    columns["phase1_average"] = [
        p if based else _NAN for p, based in zip(phase1_mean, has_baseline, strict=True)
    ]
    columns["delta_average"] = [
        a - p if based else _NAN
        for a, p, based in zip(average, phase1_mean, has_baseline, strict=True)
    ]


def _group_columns(items: Columns, keys: tuple[str, ...]) -> Columns:
    """Criterion means over each group's items (each item once), their average, and Phase 1.

    Groups are sorted by their keys. Phase 1 and the change are computed over the group's
    items that carry a baseline, so both sides compare the same items; `phase1_n` counts them.
    The columns come in the order pandas' group-by gave them (the Phase 1 ones interleaved
    with the changes when any item has a baseline).
    """
    rows_of: dict[tuple[Any, ...], list[int]] = {}
    for row, key in enumerate(zip(*(items[k] for k in keys), strict=True)):
        rows_of.setdefault(key, []).append(row)
    groups = sorted(rows_of)
    rows_by_group = [rows_of[g] for g in groups]
    result: Columns = {key: [g[i] for g in groups] for i, key in enumerate(keys)}
    current = _block_means(items, CRITERIA, rows_by_group)
    result.update(zip(CRITERIA, current, strict=True))
    result["average"] = _row_means(zip(*current, strict=True))
    result["n_items"] = [len(rows) for rows in rows_by_group]
    result["items"] = [[items["id"][r] for r in rows] for rows in rows_by_group]
    based = [p == p for p in items["phase1_average"]]
    if not any(based):
        for column in (*PHASE1.values(), *DELTA.values()):
            result[column] = [_NAN] * len(groups)
        result["phase1_n"] = [0] * len(groups)
        return result
    # Phase 1 of the groups with a baseline item, each criterion a block of its own (as the
    # frame pandas aggregated stored them); the other groups have none (NaN).
    base_rows = [[r for r in rows if based[r]] for rows in rows_by_group]
    based_groups = [rows for rows in base_rows if rows]
    now = _block_means(items, CRITERIA, based_groups)
    before = [_block_means(items, [PHASE1[c]], based_groups)[0] for c in CRITERIA]
    now.append(_row_means(zip(*now, strict=True)))
    before.append(_row_means(zip(*before, strict=True)))
    for column, after, was in zip(AVERAGE_COLUMNS, now, before, strict=True):
        values = iter(zip(after, was, strict=True))
        pairs = [next(values) if rows else (_NAN, _NAN) for rows in base_rows]
        result[PHASE1[column]] = [b for _, b in pairs]
        result[DELTA[column]] = [a - b for a, b in pairs]
    result["phase1_n"] = [len(rows) for rows in base_rows]
    return result


def _theme_columns(items: Columns) -> Columns:
    """Per summit and theme: the group means, then the theme's name and plan.

    Each is the first value given by one of the theme's items, in row order; a theme none of
    whose items names a plan (VIII) gets NaN, as a group-by's first() gives.
    """
    themes = _group_columns(items, ("summit", "theme"))
    names: dict[tuple[str, int], Any] = {}
    plans: dict[tuple[str, int], Any] = {}
    for key, name, plan in zip(
        zip(items["summit"], items["theme"], strict=True),
        items["theme_name"],
        items["plan"],
        strict=True,
    ):
        if key not in names and not is_missing(name):
            names[key] = name
        if key not in plans and not is_missing(plan):
            plans[key] = plan
    keys = list(zip(themes["summit"], themes["theme"], strict=True))
    themes["name"] = [names.get(key) for key in keys]
    themes["plan"] = [plans.get(key, _NAN) for key in keys]
    return themes


def _ranks(values: Sequence[float], groups: Sequence[Any]) -> list[int | None]:
    """Each value's rank within its group, highest first; ties share the lowest (1, 2, 2, 4).

    Values equal to TIE_DECIMALS decimals tie (rounded as numpy rounds). A NaN value, or a
    missing group, gets no rank (None), as pandas' group-by rank(method="min") gives.
    """
    import numpy as np

    rounded = np.round(np.asarray(values, dtype="float64"), TIE_DECIMALS).tolist()
    members: dict[Any, list[int]] = {}
    for row, (value, group) in enumerate(zip(rounded, groups, strict=True)):
        if value == value and not is_missing(group):
            members.setdefault(group, []).append(row)
    ranks: list[int | None] = [None] * len(rounded)
    for rows in members.values():
        rows.sort(key=rounded.__getitem__, reverse=True)
        rank, previous = 0, None
        for position, row in enumerate(rows, start=1):
            if rounded[row] != previous:
                rank, previous = position, rounded[row]
            ranks[row] = rank
    return ranks


def metric_column(metric: str) -> str:
    """The column a ranking metric reads ('delta' -> 'delta_average')."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric '{metric}'; choose from {', '.join(METRICS)}")
    return "delta_average" if metric == "delta" else metric


def add_ranks(frame: pd.DataFrame, metric: str, within: str = "summit") -> pd.DataFrame:
    """Rank rows within each summit by a metric, highest first; ties share a rank (1, 2, 2, 4).

    Rows without a value for the metric get no rank.
    """
    import numpy as np
    import pandas as pd

    values = frame[metric_column(metric)].to_numpy(dtype="float64", na_value=np.nan)
    ranked = frame.copy(deep=False)  # the rank is a new column; the others are not changed
    ranked["rank"] = pd.array(_ranks(values.tolist(), frame[within].tolist()), dtype="Int64")
    return ranked


def extremes(frame: pd.DataFrame, metric: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The best and the worst rows by a metric, every tied row included."""
    import numpy as np

    # On the column's numpy values: a few array operations instead of a dozen frame ones.
    values = frame[metric_column(metric)].to_numpy(dtype="float64", na_value=np.nan)
    marks = _extreme_marks(values)
    if marks is None:
        empty = frame.iloc[0:0]
        return empty, empty
    return frame[marks[0]], frame[marks[1]]


def extreme_keys(
    rows: Sequence[Mapping[str, Any]], metric: str, key: str, summit: str
) -> tuple[list[Any], list[Any]]:
    """The `key` values of a summit's best and worst rows by a metric, every tie included.

    `rows` as `Scorecard.rows` gives them: `extremes` of the summit's rows, without a frame.
    """
    best, worst = extreme_positions(rows, metric, summit)
    return [rows[p][key] for p in best], [rows[p][key] for p in worst]


def extreme_positions(
    rows: Sequence[Mapping[str, Any]], metric: str, summit: str
) -> tuple[list[int], list[int]]:
    """Where a summit's best and worst rows by a metric are in `rows` (0-based), ties included."""
    import numpy as np

    column = metric_column(metric)
    positions = [p for p, row in enumerate(rows) if row["summit"] == summit]
    given = (rows[p][column] for p in positions)
    values = np.array([_NAN if is_missing(v) else float(v) for v in given], dtype="float64")
    marks = _extreme_marks(values)
    if marks is None:
        return [], []
    best, worst = (m.tolist() for m in marks)
    return (
        [p for p, m in zip(positions, best, strict=True) if m],
        [p for p, m in zip(positions, worst, strict=True) if m],
    )


def _extreme_marks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Which values are the highest and which the lowest, to TIE_DECIMALS; None: none is."""
    import numpy as np

    rounded = np.round(values, TIE_DECIMALS)
    valued = ~np.isnan(rounded)
    if not valued.any():
        return None
    return rounded == rounded[valued].max(), rounded == rounded[valued].min()


def _add_bands(columns: Columns, bands: Bands) -> None:
    """Add a band column for each criterion and the average ('band_average', ...)."""
    for column in AVERAGE_COLUMNS:
        columns[f"band_{column}"] = [bands.name(v) for v in columns[column]]


def _ranked_order(columns: Columns) -> list[int]:
    """Row positions by summit (VIII first), rank (unranked last), theme and commitment.

    A summit other than VIII and IX sorts last; the sort is stable, so rows that tie keep
    their order.
    """
    keys = [
        [SUMMIT_ORDER.get(s, len(SUMMITS)) for s in columns["summit"]],
        [_UNRANKED if r is None else r for r in columns["rank"]],
        columns["theme"],
        *([columns["commitment"]] if "commitment" in columns else []),
    ]
    rows = list(zip(*keys, strict=True))
    return sorted(range(len(rows)), key=rows.__getitem__)


_UNRANKED = 1e9
"""The rank an unranked row sorts by: after every ranked one."""

_FLOAT_COLUMNS = frozenset(
    (
        *_SCORE_FIELDS,
        *_RATER_COLUMNS,
        *AVERAGE_COLUMNS,
        *PHASE1.values(),
        *DELTA.values(),
    )
)
_INT_COLUMNS = frozenset(("theme", "n_items", "phase1_n"))


def _frame(columns: Columns, order: list[int], inferred: Iterable[str] = ()) -> pd.DataFrame:
    """The table as a DataFrame, its rows taken in `order`, built at once with its dtypes.

    Numbers as float64, counts and themes as int64, ranks as Int64, lists as objects, other
    values as objects for pandas to type (text as str, numbers left alone); the `inferred`
    columns are typed from their values, as a column assigned from a list is (a list of NaN
    as float64). The index is the rows' positions before the reordering, as take() gives it.
    """
    import numpy as np
    import pandas as pd

    data: dict[str, Any] = {}
    for name, values in columns.items():
        taken = [values[i] for i in order]
        if name in _FLOAT_COLUMNS:
            data[name] = np.array(taken, dtype="float64")
        elif name in _INT_COLUMNS:
            data[name] = np.array(taken, dtype="int64")
        elif name == "rank":
            unranked = np.array([r is None for r in taken], dtype=bool)
            ranks = np.array([0 if r is None else r for r in taken], dtype="int64")
            data[name] = pd.arrays.IntegerArray(ranks, unranked)
        elif name == "items" and taken:
            lists = np.empty(len(taken), dtype=object)
            for row, value in enumerate(taken):  # one list per cell, never a 2-D array
                lists[row] = value
            data[name] = lists
        elif name == "items":
            data[name] = taken  # none: float64, as pandas types an empty list
        elif name in inferred:
            data[name] = taken
        else:
            data[name] = np.array(taken, dtype=object)
    return pd.DataFrame(data, index=pd.RangeIndex(len(order)).take(order))


def score_country(sheet: CountrySheet, settings: ScoreSettings | None = None) -> Scorecard:
    """Score one country's sheet: item, theme and summit tables, ranked and banded.

    Args:
        sheet: the sheet returned by `cco.io.ingest.read_sheet`.
        settings: scale, bands and ranking metric; defaults to the observatory's.

    The organizations' agreement (`card.agreement`) is measured apart, by
    `cco.scoring.agreement.organization_agreement`, as `cco.pipeline.score_file` does.

    """
    # Computed on plain lists and made into frames once: a sheet has a few dozen rows, where
    # each pandas operation's fixed cost, not the arithmetic, would be most of the time.
    settings = settings or ScoreSettings()
    metric = metric_column(settings.by)
    items = _item_columns(sheet.items)
    _score_items(items)
    themes = _theme_columns(items)
    summits = _group_columns(items, ("summit",))
    for table in (items, themes):
        table["rank"] = _ranks(table[metric], table["summit"])
    for table in (items, themes, summits):
        _add_bands(table, settings.bands)
    summit_order = sorted(
        range(len(summits["summit"])),
        key=lambda row: SUMMIT_ORDER.get(summits["summit"][row], len(SUMMITS)),
    )
    return Scorecard(
        country=sheet.country,
        file=sheet.file,
        items=ScoreTable(items, _ranked_order(items)),
        themes=ScoreTable(themes, _ranked_order(themes), inferred=("name", "plan")),
        summits=ScoreTable(summits, summit_order),
        settings=settings,
    )


def unranked_summits(card: Scorecard) -> list[str]:
    """The summits of a card none of whose items has a rank (no value of the ranking metric)."""
    summits = card.column("items", "summit")
    ranks = card.column("items", "rank")
    ranked = {s for s, rank in zip(summits, ranks, strict=True) if not is_missing(rank)}
    return [summit for summit in SUMMITS if summit in summits and summit not in ranked]


def to_percent(score: float | None, scale_max: float = 3.0) -> float | None:
    """A score as the observatory's percentage: score / scale max * 100."""
    if score is None or score != score:
        return None
    return score / scale_max * 100
