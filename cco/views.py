"""Display-ready views of a Scorecard: the rows and lines that every text renderer shows.

Rich tables and Markdown render the same views, so a number is formatted in one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from cco.models import CRITERIA
from cco.scoring import Scorecard, extremes, metric_column, to_percent

if TYPE_CHECKING:
    import pandas as pd

    from cco.intervals import Intervals

SUMMIT_TITLES = {"VIII": "VIII Summit (Lima, 2018)", "IX": "IX Summit (Los Angeles, 2022)"}
METRIC_LABELS = {
    "average": "average",
    "relevance": "relevance",
    "effectiveness": "effectiveness",
    "sustainability": "sustainability",
    "delta": "change against Phase 1",
}


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA refuses to be a bool
        return True


def rounded(number: float, places: int) -> Decimal:
    """A number rounded as a spreadsheet shows it: at 15 significant digits, then half up.

    So 2.135 shows as 2.14 (not 2.13, as binary floating point would have it) and a mean
    that comes out as 1.4999999999999998 shows as 1.50.
    """
    return Decimal(f"{number:.15g}").quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt_score(value: object, percent: bool = False, scale_max: float = 3.0) -> str:
    """A score with two decimals, or as a whole percentage; '–' when missing."""
    if is_missing(value):
        return "–"
    number = float(value)  # type: ignore[arg-type]
    if percent:
        return f"{rounded(to_percent(number, scale_max), 0)}%"  # type: ignore[arg-type]
    return f"{rounded(number, 2)}"


def fmt_delta(value: object, percent: bool = False, scale_max: float = 3.0) -> str:
    """A change with its sign and an up/down mark: '▲ +0.30', '▼ -1.70', '= 0.00'."""
    if is_missing(value):
        return "–"
    number = float(value)  # type: ignore[arg-type]
    shown = (
        f"{rounded(to_percent(number, scale_max), 0):+} pp"  # type: ignore[arg-type]
        if percent
        else f"{rounded(number, 2):+}"
    )
    if math.isclose(round(number, 2), 0.0, abs_tol=1e-9):
        return f"= {shown.replace('+', '').replace('-', '')}"
    return f"{'▲' if number > 0 else '▼'} {shown}"


def delta_direction(value: object) -> int:
    """+1 for a rise, -1 for a fall, 0 for no change or no value (for colouring)."""
    if is_missing(value) or math.isclose(round(float(value), 2), 0.0, abs_tol=1e-9):  # type: ignore[arg-type]
        return 0
    return 1 if float(value) > 0 else -1  # type: ignore[arg-type]


def short_text(text: object, width: int = 48) -> str:
    """A commitment text cut to `width` characters with an ellipsis."""
    if is_missing(text) or not text:
        return ""
    clean = " ".join(str(text).split())
    return clean if len(clean) <= width else clean[: width - 1].rstrip() + "…"


@dataclass
class Table:
    """A titled table of display strings, with the change column's directions for colouring."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    directions: list[int]  # per row: the sign of the change column
    numeric: set[int]  # indexes of right-aligned columns


@dataclass
class SummitView:
    """What one summit's section shows: a headline, the theme and item tables, best/worst lines."""

    summit: str
    title: str
    headline: str
    themes: Table
    items: Table
    lines: list[str]


def _rank(value: object) -> str:
    return "–" if is_missing(value) else str(int(value))  # type: ignore[call-overload]


def _score_cells(row: Any, percent: bool, scale_max: float) -> list[str]:
    return [fmt_score(row[c], percent, scale_max) for c in (*CRITERIA, "average")]


def theme_table(themes: pd.DataFrame, summit: str, percent: bool, scale_max: float) -> Table:
    """The theme ranking table of one summit."""
    has_phase1 = bool(themes["phase1_average"].notna().any())
    columns = ["Rank", "Theme", "Name", "R", "E", "S", "Average", "Band", "Items"]
    if has_phase1:
        columns += ["Phase 1", "Change"]
    rows, directions = [], []
    for _, row in themes.iterrows():
        label = f"{row['plan']} ({row['theme']})" if summit == "IX" else str(row["theme"])
        cells = [
            _rank(row["rank"]),
            label,
            short_text(row["name"], 44),
            *_score_cells(row, percent, scale_max),
            "–" if is_missing(row["band_average"]) else row["band_average"],
            str(row["n_items"]),
        ]
        if has_phase1:
            cells += [
                fmt_score(row["phase1_average"], percent, scale_max),
                fmt_delta(row["delta_average"], percent, scale_max),
            ]
        rows.append(cells)
        directions.append(delta_direction(row["delta_average"]))
    numeric = {0, 3, 4, 5, 6, 8, 9, 10}
    return Table(f"{SUMMIT_TITLES[summit]}: themes", columns, rows, directions, numeric)


def item_table(items: pd.DataFrame, summit: str, percent: bool, scale_max: float) -> Table:
    """The item table of one summit, in rank order."""
    has_phase1 = bool(items["phase1_average"].notna().any())
    has_raters = bool(items["raters_n_relevance"].notna().any())
    columns = ["Rank", "Id", "Commitment", "R", "E", "S", "Average", "Band"]
    if has_raters:
        columns.append("Raters")
    if has_phase1:
        columns += ["Phase 1", "Change"]
    rows, directions = [], []
    for _, row in items.iterrows():
        cells = [
            _rank(row["rank"]),
            row["id"],
            short_text(row["text"]),
            *_score_cells(row, percent, scale_max),
            "–" if is_missing(row["band_average"]) else row["band_average"],
        ]
        if has_raters:
            counts = [row[f"raters_n_{c}"] for c in CRITERIA]
            cells.append("/".join("–" if is_missing(n) else str(int(n)) for n in counts))
        if has_phase1:
            cells += [
                fmt_score(row["phase1_average"], percent, scale_max),
                fmt_delta(row["delta_average"], percent, scale_max),
            ]
        rows.append(cells)
        directions.append(delta_direction(row["delta_average"]))
    numeric = {0, 3, 4, 5, 6} | ({8, 9, 10} if has_raters else {8, 9})
    return Table(f"{SUMMIT_TITLES[summit]}: commitments", columns, rows, directions, numeric)


def extreme_lines(card: Scorecard, summit: str, percent: bool) -> list[str]:
    """'Best theme: ...', 'Worst theme: ...', 'Best commitment: ...', 'Worst commitment: ...'."""
    metric, scale_max = card.settings.by, card.settings.scale_max
    column = metric_column(metric)
    show = fmt_delta if metric == "delta" else fmt_score
    lines = []
    for kind, frame, label in (
        ("theme", card.themes, lambda r: f"{_theme_label(r)} {short_text(r['name'], 60)}".strip()),
        ("commitment", card.items, lambda r: f"{r['id']} {short_text(r['text'], 60)}".strip()),
    ):
        best, worst = extremes(frame[frame["summit"] == summit], metric)
        for word, rows in (("Best", best), ("Worst", worst)):
            if rows.empty:
                continue
            value = show(rows.iloc[0][column], percent, scale_max)
            names = "; ".join(label(r) for _, r in rows.iterrows())
            tie = f" (tie of {len(rows)})" if len(rows) > 1 else ""
            lines.append(f"{word} {kind} by {METRIC_LABELS[metric]}{tie}: {names} — {value}")
    return lines


def _theme_label(row: Any) -> str:
    return f"{row['plan']}." if row["summit"] == "IX" else f"Theme {row['theme']}:"


def summit_headline(summit_row: Any, percent: bool, scale_max: float) -> str:
    """One line per summit: item count, R, E, S, average with band, Phase 1 and its change."""
    parts = [f"{summit_row['n_items']} items"]
    parts += [f"{c[0].upper()} {fmt_score(summit_row[c], percent, scale_max)}" for c in CRITERIA]
    band = None if is_missing(summit_row["band_average"]) else summit_row["band_average"]
    parts.append(
        f"average {fmt_score(summit_row['average'], percent, scale_max)}"
        + (f" ({band})" if band else "")
    )
    if not is_missing(summit_row["phase1_average"]):
        parts.append(
            f"Phase 1 {fmt_score(summit_row['phase1_average'], percent, scale_max)} "
            f"({fmt_delta(summit_row['delta_average'], percent, scale_max)}, "
            f"{summit_row['phase1_n']} items compared)"
        )
    return " · ".join(parts)


def _add_spans(table: Table, spans: list[str], label: str) -> Table:
    """The table with one more column: each row's interval."""
    rows = [[*row, span] for row, span in zip(table.rows, spans, strict=True)]
    numeric = table.numeric | {len(table.columns)}
    return Table(table.title, [*table.columns, label], rows, table.directions, numeric)


def _span(low: object, high: object, percent: bool, scale_max: float) -> str:
    if is_missing(low) or is_missing(high):
        return "–"
    return f"{fmt_score(low, percent, scale_max)}–{fmt_score(high, percent, scale_max)}"


def summit_views(
    card: Scorecard,
    *,
    summits: list[str] | None = None,
    top: int | None = None,
    percent: bool = False,
    intervals: Intervals | None = None,
) -> list[SummitView]:
    """One view per summit present in the card (optionally only `summits`), items cut to `top`.

    With `intervals` (cco.intervals), item and theme tables gain the average's interval.
    """
    views = []
    scale_max = card.settings.scale_max
    for _, summit_row in card.summits.iterrows():
        summit = summit_row["summit"]
        if summits and summit not in summits:
            continue
        items = card.items[card.items["summit"] == summit]
        if top is not None:
            items = items.head(top)
        themes = card.themes[card.themes["summit"] == summit]
        theme_view = theme_table(themes, summit, percent, scale_max)
        item_view = item_table(items, summit, percent, scale_max)
        if intervals is not None:
            label = f"{intervals.confidence:.0%} interval"
            by_item = intervals.items.set_index("id")
            by_theme = intervals.themes.set_index(["summit", "theme"])
            item_view = _add_spans(
                item_view,
                [
                    _span(*by_item.loc[i, ["average_low", "average_high"]], percent, scale_max)
                    for i in items["id"]
                ],
                label,
            )
            theme_view = _add_spans(
                theme_view,
                [
                    _span(
                        *by_theme.loc[(summit, t), ["average_low", "average_high"]],
                        percent,
                        scale_max,
                    )
                    for t in themes["theme"]
                ],
                label,
            )
        views.append(
            SummitView(
                summit=summit,
                title=SUMMIT_TITLES[summit],
                headline=summit_headline(summit_row, percent, scale_max),
                themes=theme_view,
                items=item_view,
                lines=extreme_lines(card, summit, percent),
            )
        )
    return views
