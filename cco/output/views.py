"""Display-ready views of a Scorecard: the rows and lines that every text renderer shows.

Rich tables and Markdown render the same views, so a number is formatted in one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from cco.core.models import CRITERIA, PLANS
from cco.core.text import is_missing
from cco.scoring.intervals import MIN_ORGANIZATIONS
from cco.scoring.score import Scorecard, extremes, metric_column, to_percent

if TYPE_CHECKING:
    import pandas as pd

    from cco.scoring.agreement import Agreement
    from cco.scoring.intervals import Intervals

from cco.i18n.phrases import criterion_letters, level_word, phrase, summit_title


def rounded(number: float, places: int) -> Decimal:
    """A number rounded as a spreadsheet shows it: at 15 significant digits, then half up.

    So 2.135 shows as 2.14 (not 2.13, as binary floating point would have it) and a mean
    that comes out as 1.4999999999999998 shows as 1.50.
    """
    return Decimal(f"{number:.15g}").quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _percent(number: float, scale_max: float) -> float:
    """`to_percent` of a number known not to be missing (so never None)."""
    share = to_percent(number, scale_max)
    assert share is not None, "a present number has a percentage"
    return share


def fmt_score(value: float | None, percent: bool = False, scale_max: float = 3.0) -> str:
    """A score with two decimals, or as a whole percentage; '–' when missing."""
    if value is None or is_missing(value):
        return "–"
    number = float(value)
    if percent:
        return f"{rounded(_percent(number, scale_max), 0)}%"
    return f"{rounded(number, 2)}"


def fmt_delta(value: float | None, percent: bool = False, scale_max: float = 3.0) -> str:
    """A change with its sign and an up/down mark: '▲ +0.30', '▼ -1.70', '= 0.00'."""
    if value is None or is_missing(value):
        return "–"
    number = float(value)
    shown = (
        f"{rounded(_percent(number, scale_max), 0):+} pp" if percent else f"{rounded(number, 2):+}"
    )
    if math.isclose(round(number, 2), 0.0, abs_tol=1e-9):
        return f"= {shown.replace('+', '').replace('-', '')}"
    return f"{'▲' if number > 0 else '▼'} {shown}"


def delta_direction(value: float | None) -> int:
    """+1 for a rise, -1 for a fall, 0 for no change or no value (for colouring)."""
    if value is None or is_missing(value):
        return 0
    number = float(value)
    if math.isclose(round(number, 2), 0.0, abs_tol=1e-9):
        return 0
    return 1 if number > 0 else -1


def short_text(text: str | None, width: int = 48) -> str:
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
    wide: frozenset[int] = frozenset()  # text columns that give way on a narrow screen
    change: int | None = None  # index of the change column, coloured by `directions`


@dataclass
class SummitView:
    """What one summit's section shows: a headline, the theme and item tables, best/worst lines."""

    summit: str
    title: str
    headline: str
    themes: Table
    items: Table
    lines: list[str]
    extra: list[tuple[Table, list[str]]] = field(default_factory=list)  # tables after the lines


def _rank(value: float | None) -> str:
    return "–" if value is None or is_missing(value) else str(int(value))


def _score_cells(row: pd.Series, percent: bool, scale_max: float) -> list[str]:
    return [fmt_score(row[c], percent, scale_max) for c in (*CRITERIA, "average")]


def heading_words(lang: str, *keys: str) -> list[str]:
    """Column headings: `keys` are phrase keys, or 'RES' for the three criteria's letters."""
    headings: list[str] = []
    for key in keys:
        headings += criterion_letters(lang) if key == "RES" else [phrase(f"col-{key}", lang)]
    return headings


def theme_table(
    themes: pd.DataFrame, summit: str, percent: bool, scale_max: float, lang: str = "en"
) -> Table:
    """The theme ranking table of one summit."""
    has_phase1 = bool(themes["phase1_average"].notna().any())
    keys = ["rank", "theme", "name", "RES", "average", "band", "items"]
    columns = heading_words(lang, *keys, *(["phase1", "change"] if has_phase1 else []))
    rows, directions = [], []
    for _, row in themes.iterrows():
        label = f"{row['plan']} ({row['theme']})" if summit == "IX" else str(row["theme"])
        cells = [
            _rank(row["rank"]),
            label,
            short_text(row["name"], 44),
            *_score_cells(row, percent, scale_max),
            level_word(None if is_missing(row["band_average"]) else row["band_average"], lang),
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
    title = phrase("themes-title", lang, summit=summit_title(summit, lang))
    change = 10 if has_phase1 else None
    return Table(title, columns, rows, directions, numeric, frozenset({2}), change)


def item_table(
    items: pd.DataFrame, summit: str, percent: bool, scale_max: float, lang: str = "en"
) -> Table:
    """The item table of one summit, in rank order."""
    has_phase1 = bool(items["phase1_average"].notna().any())
    has_raters = bool(items["raters_n_relevance"].notna().any())
    keys = ["rank", "id", "commitment", "RES", "average", "band"]
    keys += ["raters"] if has_raters else []
    keys += ["phase1", "change"] if has_phase1 else []
    columns = heading_words(lang, *keys)
    rows, directions = [], []
    for _, row in items.iterrows():
        cells = [
            _rank(row["rank"]),
            row["id"],
            short_text(row["text"]),
            *_score_cells(row, percent, scale_max),
            level_word(None if is_missing(row["band_average"]) else row["band_average"], lang),
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
    title = phrase("commitments-title", lang, summit=summit_title(summit, lang))
    change = len(columns) - 1 if has_phase1 else None
    return Table(title, columns, rows, directions, numeric, frozenset({2}), change)


def metric_label(metric: str, lang: str = "en") -> str:
    """What a ranking is by, in words: 'average', 'relevancia', 'change against Phase 1'."""
    if metric in CRITERIA:
        from cco.i18n.messages import criterion_name

        return criterion_name(metric, lang)
    return phrase(f"metric-{metric}", lang)


def extreme_lines(card: Scorecard, summit: str, percent: bool, lang: str = "en") -> list[str]:
    """'Best theme: ...', 'Worst theme: ...', 'Best commitment: ...', 'Worst commitment: ...'."""
    metric, scale_max = card.settings.by, card.settings.scale_max
    column = metric_column(metric)
    show = fmt_delta if metric == "delta" else fmt_score

    def theme_name(row: pd.Series) -> str:
        return _theme_label(row, lang, short_text(row["name"], 60))

    def item_name(row: pd.Series) -> str:
        return f"{row['id']} {short_text(row['text'], 60)}".strip()

    lines = []
    for kind, frame, label in (
        ("theme", card.themes, theme_name),
        ("commitment", card.items, item_name),
    ):
        best, worst = extremes(frame[frame["summit"] == summit], metric)
        for word, rows in (("best", best), ("worst", worst)):
            if rows.empty:
                continue
            tie = phrase("tie", lang, count=len(rows)) if len(rows) > 1 else ""
            line = phrase(
                "extreme",
                lang,
                which=phrase(f"{word}-{kind}", lang),
                metric=metric_label(metric, lang),
                tie=tie,
                names="; ".join(label(r) for _, r in rows.iterrows()),
                value=show(rows.iloc[0][column], percent, scale_max),
            )
            lines.append(line)
    return lines


def _theme_label(row: pd.Series, lang: str, name: str) -> str:
    """'Theme 2: Transparency', 'B. Health', or just 'Theme 2' / 'B' when the name is unknown."""
    if row["summit"] == "IX":
        return f"{row['plan']}. {name}" if name else str(row["plan"])
    label = phrase("theme-label", lang, theme=row["theme"])
    return f"{label}: {name}" if name else label


def summit_headline(
    summit_row: pd.Series, percent: bool, scale_max: float, lang: str = "en"
) -> str:
    """One line per summit: item count, R, E, S, average with band, Phase 1 and its change."""
    letters = criterion_letters(lang)
    parts = [phrase("items-count", lang, count=summit_row["n_items"])]
    parts += [
        f"{letter} {fmt_score(summit_row[c], percent, scale_max)}"
        for letter, c in zip(letters, CRITERIA, strict=True)
    ]
    band = None if is_missing(summit_row["band_average"]) else summit_row["band_average"]
    average = phrase(
        "average-value", lang, value=fmt_score(summit_row["average"], percent, scale_max)
    )
    parts.append(average + (f" ({level_word(band, lang)})" if band else ""))
    if not is_missing(summit_row["phase1_average"]):
        parts.append(
            phrase(
                "phase1-value",
                lang,
                value=fmt_score(summit_row["phase1_average"], percent, scale_max),
                change=fmt_delta(summit_row["delta_average"], percent, scale_max),
                count=summit_row["phase1_n"],
            )
        )
    return " · ".join(parts)


def _add_spans(table: Table, spans: list[str], label: str) -> Table:
    """The table with one more column: each row's interval."""
    rows = [[*row, span] for row, span in zip(table.rows, spans, strict=True)]
    numeric = table.numeric | {len(table.columns)}
    columns = [*table.columns, label]
    return Table(table.title, columns, rows, table.directions, numeric, table.wide, table.change)


def _span(row: pd.Series, percent: bool, scale_max: float, lang: str) -> str:
    """A row's interval of the average, or why it has none (too few organizations)."""
    low, high = row["average_low"], row["average_high"]
    if is_missing(low) or is_missing(high):
        count = row["organizations"]
        if not is_missing(count) and 0 < count < MIN_ORGANIZATIONS:
            return phrase("interval-few", lang, count=int(count))
        return "–"
    return f"{fmt_score(low, percent, scale_max)}–{fmt_score(high, percent, scale_max)}"


def agreement_tables(agreement: Agreement, lang: str = "en") -> list[tuple[Table, list[str]]]:
    """The organizations' agreement: alpha per criterion, theme rank shifts, leniencies.

    The organizations table shows the LENIENCY_ROWS with the largest leniency either way;
    the JSON has them all.
    """
    criteria = Table(
        phrase("agreement-title", lang),
        heading_words(lang, "criterion", "alpha", "organizations", "items"),
        [
            [
                metric_label(criterion, lang),
                "–" if found.alpha is None else f"{found.alpha:.2f}",
                str(found.organizations),
                str(found.items),
            ]
            for criterion, found in agreement.criteria.items()
        ],
        [0] * len(agreement.criteria),
        {1, 2, 3},
    )
    stability = Table(
        phrase("stability-title", lang),
        heading_words(lang, "theme", "rank", "largest-shift", "moved-by"),
        [
            [
                phrase("theme-label", lang, theme=_theme_tag(t.summit, t.theme)) + f" ({t.summit})",
                _rank(t.rank),
                "–" if t.largest_rank_shift is None else str(t.largest_rank_shift),
                short_text(t.organization, 40) or "–",
            ]
            for t in agreement.themes
        ],
        [0] * len(agreement.themes),
        {1, 2},
        frozenset({3}),
    )
    ordered = sorted(
        agreement.organizations,
        key=lambda o: -abs(o.leniency) if o.leniency is not None else 0.0,
    )
    shown = ordered[:LENIENCY_ROWS]
    organizations = Table(
        phrase("leniency-title", lang),
        heading_words(lang, "organization", "items-rated", "leniency"),
        [
            [
                short_text(o.organization or f"{o.sheet}!{o.row}", 50) or "–",
                str(o.items),
                "–" if o.leniency is None else f"{o.leniency:+.2f}",
            ]
            for o in shown
        ],
        [0] * len(shown),
        {1, 2},
        frozenset({0}),
    )
    more = len(ordered) - len(shown)
    leniency_lines = [phrase("leniency-note", lang)]
    leniency_lines += [phrase("leniency-more", lang, count=more)] if more else []
    return [
        (criteria, [phrase("agreement-note", lang)]),
        (stability, [phrase("stability-note", lang)]),
        (organizations, leniency_lines),
    ]


LENIENCY_ROWS = 10
"""How many organizations the table shows (the most lenient or severe)."""


def _theme_tag(summit: str, theme: int) -> str:
    """A theme's number, or for the IX Summit its plan letter."""
    return PLANS[theme - 1] if summit == "IX" and 1 <= theme <= len(PLANS) else str(theme)


def summit_views(
    card: Scorecard,
    *,
    summits: list[str] | None = None,
    top: int | None = None,
    percent: bool = False,
    intervals: Intervals | None = None,
    lang: str = "en",
) -> list[SummitView]:
    """One view per summit present in the card (optionally only `summits`), items cut to `top`.

    With `intervals` (cco.scoring.intervals), item and theme tables gain the average's interval.
    Headings, titles, level words and lines are in `lang` (en, es, pt, fr); numbers and sheet
    texts are the same in every language.
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
        theme_view = theme_table(themes, summit, percent, scale_max, lang)
        item_view = item_table(items, summit, percent, scale_max, lang)
        if intervals is not None:
            label = phrase("col-interval", lang, confidence=f"{intervals.confidence:.0%}")
            by_item = intervals.items.set_index("id")
            by_theme = intervals.themes.set_index(["summit", "theme"])
            item_view = _add_spans(
                item_view,
                [_span(by_item.loc[i], percent, scale_max, lang) for i in items["id"]],
                label,
            )
            theme_view = _add_spans(
                theme_view,
                [
                    _span(by_theme.loc[(summit, t)], percent, scale_max, lang)
                    for t in themes["theme"]
                ],
                label,
            )
        views.append(
            SummitView(
                summit=summit,
                title=summit_title(summit, lang),
                headline=summit_headline(summit_row, percent, scale_max, lang),
                themes=theme_view,
                items=item_view,
                lines=extreme_lines(card, summit, percent, lang) + _few_note(intervals, lang),
            )
        )
    if views and card.agreement is not None:
        views[-1].extra = agreement_tables(card.agreement, lang)
    return views


def _few_note(intervals: Intervals | None, lang: str) -> list[str]:
    """The line saying why some scores have no interval, when some rest on one organization."""
    if intervals is None:
        return []
    counts = [intervals.items["organizations"], intervals.themes["organizations"]]
    few = any(((c > 0) & (c < MIN_ORGANIZATIONS)).any() for c in counts)
    return [phrase("interval-few-note", lang)] if few else []
