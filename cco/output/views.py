"""Display-ready views of a Scorecard: the rows and lines that every text renderer shows.

Rich tables and Markdown render the same views, so a number is formatted in one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, cast

from cco.core.models import CRITERIA, PLANS
from cco.core.text import is_missing
from cco.scoring.resampling import MIN_ORGANIZATIONS
from cco.scoring.score import (
    Scorecard,
    ScoreTable,
    extreme_positions,
    metric_column,
    to_percent,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from cco.catalog.commitments import TextsInLanguage
    from cco.scoring.agreement import Agreement
    from cco.scoring.intervals import Intervals

from cco.i18n.numbers import current_numbers
from cco.i18n.phrases import criterion_letters, level_word, phrase, summit_title
from cco.output.tables import Cell, Column, Row, TableModel, table_model


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
    numbers = current_numbers()
    if percent:
        return numbers.percent(rounded(_percent(number, scale_max), 0))
    return numbers.fixed(rounded(number, 2))


def fmt_delta(value: float | None, percent: bool = False, scale_max: float = 3.0) -> str:
    """A change with its sign and an up/down mark: '▲ +0.30', '▼ -1.70', '= 0.00'."""
    if value is None or is_missing(value):
        return "–"
    number = float(value)
    numbers = current_numbers()
    change = rounded(_percent(number, scale_max), 0) if percent else rounded(number, 2)
    unit = " pp" if percent else ""
    if math.isclose(round(number, 2), 0.0, abs_tol=1e-9):
        return f"= {numbers.fixed(abs(change))}{unit}"
    return f"{'▲' if number > 0 else '▼'} {numbers.signed(change)}{unit}"


def fmt_share(share: float, places: int | None = 0) -> str:
    """A share (0.9) as a percentage ('90%', '90 %' in French); `places` None: as many as needed."""
    percent = Decimal(f"{share * 100:g}") if places is None else rounded(share * 100, places)
    return current_numbers().percent(percent)


def fmt_fixed(value: float, places: int = 2) -> str:
    """A number with `places` decimals in the reader's format ('0.81', '0,81')."""
    return current_numbers().fixed(rounded(value, places))


def fmt_signed(value: float, places: int = 2) -> str:
    """A number with its sign, in the reader's format ('+0.39', '-0,44')."""
    return current_numbers().signed(rounded(value, places))


def fmt_general(value: float) -> str:
    """A number with the places it needs, as '%g' writes it, in the reader's format."""
    return current_numbers().general(value)


def delta_direction(value: float | None) -> int:
    """+1 for a rise, -1 for a fall, 0 for no change or no value (for colouring)."""
    if value is None or is_missing(value):
        return 0
    number = float(value)
    if math.isclose(round(number, 2), 0.0, abs_tol=1e-9):
        return 0
    return 1 if number > 0 else -1


def _any_given(rows: list[dict[str, Any]], column: str) -> bool:
    """Whether any row has a value in `column`."""
    return any(not is_missing(row[column]) for row in rows)


def frame_in_language(frame: pd.DataFrame, texts: TextsInLanguage) -> pd.DataFrame:
    """A table with the item texts and theme names the catalog gives in the reader's language.

    Texts are found by `id`, names by `summit` and `theme`; the others stay as written.
    """
    frame = frame.copy()
    if {"id", "text"} <= set(frame.columns) and texts.items:
        given = frame["id"].map(texts.items)
        frame["text"] = given.where(given.notna(), frame["text"])
    if {"summit", "theme", "name"} <= set(frame.columns) and texts.themes:
        keys = zip(frame["summit"], frame["theme"], strict=True)
        names = [texts.themes.get((summit, int(theme))) for summit, theme in keys]
        frame["name"] = [name or old for name, old in zip(names, frame["name"], strict=True)]
    return frame


def card_in_language(card: Scorecard, texts: TextsInLanguage | None) -> Scorecard:
    """The card with the item texts and theme names the catalog gives in the reader's language.

    What the catalog does not give in that language stays as the sheet or catalog wrote it.
    For the outputs people read only: JSON and CSV keep the texts as scored.
    """
    if not texts:
        return card
    items, themes = (_in_language(card.table(name), texts) for name in ("items", "themes"))
    return card.replaced(items=items, themes=themes)


def _in_language(
    table: pd.DataFrame | ScoreTable, texts: TextsInLanguage
) -> pd.DataFrame | ScoreTable:
    """`frame_in_language` of a frame, or the same of a table's plain columns (no frame made)."""
    if not isinstance(table, ScoreTable):
        return frame_in_language(table, texts)
    columns = table.columns
    changed: dict[str, list[Any]] = {}
    if {"id", "text"} <= columns.keys() and texts.items:
        given = map(texts.items.get, columns["id"])
        changed["text"] = [
            old if is_missing(new) else new for new, old in zip(given, columns["text"], strict=True)
        ]
    if {"summit", "theme", "name"} <= columns.keys() and texts.themes:
        keys = zip(columns["summit"], columns["theme"], strict=True)
        names = [texts.themes.get((summit, int(theme))) for summit, theme in keys]
        changed["name"] = [name or old for name, old in zip(names, columns["name"], strict=True)]
    return table.with_columns(**changed)


def short_text(text: str | None, width: int | None = 48) -> str:
    """A commitment text on one line, cut to `width` characters with an ellipsis (None: whole)."""
    if is_missing(text) or not text:
        return ""
    clean = " ".join(str(text).split())
    if width is None or len(clean) <= width:
        return clean
    return clean[: width - 1].rstrip() + "…"


@dataclass
class SummitView:
    """What one summit's section shows: a headline, the theme and item tables, best/worst lines."""

    summit: str
    title: str
    headline: str
    themes: TableModel
    items: TableModel
    lines: list[str]
    # Tables printed after the lines, each with its own notes.
    extra: list[tuple[TableModel, list[str]]] = field(default_factory=list)


def _rank(value: float | None) -> str:
    return "–" if value is None or is_missing(value) else str(int(value))


def change_cell(value: float | None, percent: bool = False, scale_max: float = 3.0) -> Cell:
    """A change as a cell: its text and its direction (None when there is no value)."""
    direction = None if value is None or is_missing(value) else delta_direction(value)
    return Cell(fmt_delta(value, percent, scale_max), direction=direction)


def rank_column(lang: str) -> Column[Row]:
    """The rank of a Scorecard row ('–' for an unranked one)."""
    return Column("rank", phrase("col-rank", lang), "number", lambda row: _rank(row["rank"]))


def score_columns(lang: str, percent: bool = False, scale_max: float = 3.0) -> list[Column[Row]]:
    """R, E, S and the average of a row, as scores or percentages."""

    def score(column: str) -> Callable[[Row], str]:
        return lambda row: fmt_score(row[column], percent, scale_max)

    headings = [*criterion_letters(lang), phrase("col-average", lang)]
    return [
        Column(column, heading, "number", score(column))
        for column, heading in zip((*CRITERIA, "average"), headings, strict=True)
    ]


def band_column(lang: str) -> Column[Row]:
    """The average's band of a Scorecard row, in words."""
    return Column(
        "band",
        phrase("col-band", lang),
        "band",
        lambda row: level_word(
            None if is_missing(row["band_average"]) else row["band_average"], lang
        ),
    )


def phase1_columns(
    lang: str, percent: bool = False, scale_max: float = 3.0, value: str = "average"
) -> list[Column[Row]]:
    """Phase 1's average and the change against it."""
    return [
        Column(
            "phase1",
            phrase("col-phase1", lang),
            "number",
            lambda row: fmt_score(row[f"phase1_{value}"], percent, scale_max),
        ),
        Column(
            "change",
            phrase("col-change", lang),
            "change",
            lambda row: change_cell(row[f"delta_{value}"], percent, scale_max),
        ),
    ]


def theme_table(
    themes: list[dict[str, Any]],
    summit: str,
    percent: bool,
    scale_max: float,
    lang: str = "en",
    interval: Column[Row] | None = None,
    whole_texts: bool = False,
) -> TableModel:
    """The theme ranking table of one summit (with `interval`, a last column of intervals).

    Names are cut to fit a terminal unless `whole_texts` (a document such as Markdown).
    """
    name_width = None if whole_texts else 44
    has_phase1 = _any_given(themes, "phase1_average")

    def label(row: Row) -> str:
        return f"{row['plan']} ({row['theme']})" if summit == "IX" else str(row["theme"])

    columns = [
        rank_column(lang),
        Column("theme", phrase("col-theme", lang), "text", label),
        Column(
            "name",
            phrase("col-name", lang),
            "text",
            lambda r: short_text(r["name"], name_width),
            True,
        ),
        *score_columns(lang, percent, scale_max),
        band_column(lang),
        Column("items", phrase("col-items", lang), "number", lambda r: str(r["n_items"])),
        *(phase1_columns(lang, percent, scale_max) if has_phase1 else []),
        *([interval] if interval else []),
    ]
    title = phrase("themes-title", lang, summit=summit_title(summit, lang))
    return table_model(title, columns, themes)


def raters_text(row: Row) -> str:
    """How many raters rated each criterion of an item: '4/4/3'."""
    counts = [row[f"raters_n_{c}"] for c in CRITERIA]
    return "/".join("–" if is_missing(n) else str(int(n)) for n in counts)


def item_table(
    items: list[dict[str, Any]],
    summit: str,
    percent: bool,
    scale_max: float,
    lang: str = "en",
    interval: Column[Row] | None = None,
    whole_texts: bool = False,
) -> TableModel:
    """The item table of one summit, in rank order (with `interval`, a last column of them).

    Texts are cut to fit a terminal unless `whole_texts` (a document such as Markdown).
    """
    text_width = None if whole_texts else 48
    has_phase1 = _any_given(items, "phase1_average")
    has_raters = _any_given(items, "raters_n_relevance")
    columns = [
        rank_column(lang),
        Column("id", phrase("col-id", lang), "id", lambda r: r["id"]),
        Column(
            "commitment",
            phrase("col-commitment", lang),
            "text",
            lambda r: short_text(r["text"], text_width),
            True,
        ),
        *score_columns(lang, percent, scale_max),
        band_column(lang),
        *(
            [Column("raters", phrase("col-raters", lang), "number", raters_text)]
            if has_raters
            else []
        ),
        *(phase1_columns(lang, percent, scale_max) if has_phase1 else []),
        *([interval] if interval else []),
    ]
    title = phrase("commitments-title", lang, summit=summit_title(summit, lang))
    return table_model(title, columns, items)


def metric_label(metric: str, lang: str = "en") -> str:
    """What a ranking is by, in words: 'average', 'relevancia', 'change against Phase 1'."""
    if metric in CRITERIA:
        from cco.i18n.messages import criterion_name

        return criterion_name(metric, lang)
    return phrase(f"metric-{metric}", lang)


def extreme_lines(
    card: Scorecard, summit: str, percent: bool, lang: str = "en", whole_texts: bool = False
) -> list[str]:
    """'Best theme: ...', 'Worst theme: ...', 'Best commitment: ...', 'Worst commitment: ...'."""
    width = None if whole_texts else 60
    metric, scale_max = card.settings.by, card.settings.scale_max
    column = metric_column(metric)
    show = fmt_delta if metric == "delta" else fmt_score

    def theme_name(row: Row) -> str:
        return _theme_label(row, lang, short_text(row["name"], width))

    def item_name(row: Row) -> str:
        return f"{row['id']} {short_text(row['text'], width)}".strip()

    lines = []
    for kind, table, label in (
        ("theme", "themes", theme_name),
        ("commitment", "items", item_name),
    ):
        every_row = card.rows(table)
        places_of = extreme_positions(every_row, metric, summit)
        for word, places in zip(("best", "worst"), places_of, strict=True):
            rows = [every_row[p] for p in places]
            if not rows:
                continue
            tie = phrase("tie", lang, count=len(rows)) if len(rows) > 1 else ""
            line = phrase(
                "extreme",
                lang,
                which=phrase(f"{word}-{kind}", lang),
                metric=metric_label(metric, lang),
                tie=tie,
                names="; ".join(map(label, rows)),
                value=show(rows[0][column], percent, scale_max),
            )
            lines.append(line)
    return lines


def _theme_label(row: Row, lang: str, name: str) -> str:
    """'Theme 2: Transparency', 'B. Health', or just 'Theme 2' / 'B' when the name is unknown."""
    if row["summit"] == "IX":
        return f"{row['plan']}. {name}" if name else str(row["plan"])
    label = phrase("theme-label", lang, theme=row["theme"])
    return f"{label}: {name}" if name else label


def summit_headline(summit_row: Row, percent: bool, scale_max: float, lang: str = "en") -> str:
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


def _span(row: pd.Series, percent: bool, scale_max: float, lang: str) -> str:
    """A row's interval of the average, or why it has none (too few organizations)."""
    low, high = row["average_low"], row["average_high"]
    if is_missing(low) or is_missing(high):
        count = row["organizations"]
        if not is_missing(count) and 0 < count < MIN_ORGANIZATIONS:
            return phrase("interval-few", lang, count=int(count))
        return "–"
    return f"{fmt_score(low, percent, scale_max)}–{fmt_score(high, percent, scale_max)}"


def agreement_tables(agreement: Agreement, lang: str = "en") -> list[tuple[TableModel, list[str]]]:
    """The organizations' agreement: alpha per criterion, theme rank shifts, leniencies.

    The organizations table shows the LENIENCY_ROWS with the largest leniency either way;
    the JSON has them all. Each row is keyed by the table's title and its first cell.
    """
    criteria = table_model(
        phrase("agreement-title", lang),
        [
            Column(
                "criterion",
                phrase("col-criterion", lang),
                "text",
                lambda c: metric_label(c[0], lang),
            ),
            Column(
                "alpha",
                phrase("col-alpha", lang),
                "number",
                lambda c: "–" if c[1].alpha is None else fmt_fixed(c[1].alpha),
            ),
            Column(
                "organizations",
                phrase("col-organizations", lang),
                "number",
                lambda c: str(c[1].organizations),
            ),
            Column("items", phrase("col-items", lang), "number", lambda c: str(c[1].items)),
        ],
        agreement.criteria.items(),
    )
    stability = table_model(
        phrase("stability-title", lang),
        [
            Column(
                "theme",
                phrase("col-theme", lang),
                "text",
                lambda t: (
                    phrase("theme-label", lang, theme=_theme_tag(t.summit, t.theme))
                    + f" ({t.summit})"
                ),
            ),
            Column("rank", phrase("col-rank", lang), "number", lambda t: _rank(t.rank)),
            Column(
                "largest-shift",
                phrase("col-largest-shift", lang),
                "number",
                lambda t: "–" if t.largest_rank_shift is None else str(t.largest_rank_shift),
            ),
            Column(
                "moved-by",
                phrase("col-moved-by", lang),
                "text",
                lambda t: short_text(t.organization, 40) or "–",
                wide=True,
            ),
        ],
        agreement.themes,
    )
    ordered = sorted(
        agreement.organizations,
        key=lambda o: -abs(o.leniency) if o.leniency is not None else 0.0,
    )
    organizations = table_model(
        phrase("leniency-title", lang),
        [
            Column(
                "organization",
                phrase("col-organization", lang),
                "text",
                lambda o: short_text(o.organization or f"{o.sheet}!{o.row}", 50) or "–",
                wide=True,
            ),
            Column(
                "items-rated", phrase("col-items-rated", lang), "number", lambda o: str(o.items)
            ),
            Column(
                "leniency",
                phrase("col-leniency", lang),
                "number",
                lambda o: "–" if o.leniency is None else fmt_signed(o.leniency),
            ),
        ],
        ordered[:LENIENCY_ROWS],
    )
    tables = (criteria, stability, organizations)
    for table in tables:
        for row in table.rows:
            row.key = f"{table.title}:{row.cells[0].text}"
    more = len(ordered) - len(organizations.rows)
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
    whole_texts: bool = False,
) -> list[SummitView]:
    """One view per summit present in the card (optionally only `summits`), items cut to `top`.

    Texts are cut to fit a terminal, unless `whole_texts` (Markdown, a document, keeps them).

    With `intervals` (cco.scoring.intervals), item and theme tables gain the average's interval.
    Headings, titles, level words and lines are in `lang` (en, es, pt, fr); numbers and sheet
    texts are the same in every language.
    """
    views = []
    scale_max = card.settings.scale_max
    item_rows, theme_rows = card.rows("items"), card.rows("themes")
    for summit_row in card.rows("summits"):
        summit = summit_row["summit"]
        if summits and summit not in summits:
            continue
        items = [row for row in item_rows if row["summit"] == summit]
        if top is not None:
            items = items[:top]  # as a frame's head(top): a negative top leaves out the last
        themes = [row for row in theme_rows if row["summit"] == summit]
        theme_interval = item_interval = None
        if intervals is not None:
            theme_interval, item_interval = _interval_columns(
                intervals, summit, percent, scale_max, lang
            )
        theme_view = theme_table(
            themes, summit, percent, scale_max, lang, theme_interval, whole_texts
        )
        item_view = item_table(items, summit, percent, scale_max, lang, item_interval, whole_texts)
        views.append(
            SummitView(
                summit=summit,
                title=summit_title(summit, lang),
                headline=summit_headline(summit_row, percent, scale_max, lang),
                themes=theme_view,
                items=item_view,
                lines=extreme_lines(card, summit, percent, lang, whole_texts)
                + _few_note(intervals, lang),
            )
        )
    if views and card.agreement is not None:
        views[-1].extra = agreement_tables(card.agreement, lang)
    return views


def _interval_columns(
    intervals: Intervals, summit: str, percent: bool, scale_max: float, lang: str
) -> tuple[Column[Row], Column[Row]]:
    """The interval column of a summit's theme table and of its item table."""
    label = phrase("col-interval", lang, confidence=fmt_share(intervals.confidence))
    by_item = intervals.items.set_index("id")
    by_theme = intervals.themes.set_index(["summit", "theme"])
    return (
        Column(
            "interval",
            label,
            "number",
            lambda t: _span(
                cast("pd.Series", by_theme.loc[(summit, t["theme"])]), percent, scale_max, lang
            ),
        ),
        Column(
            "interval",
            label,
            "number",
            lambda i: _span(cast("pd.Series", by_item.loc[i["id"]]), percent, scale_max, lang),
        ),
    )


def _few_note(intervals: Intervals | None, lang: str) -> list[str]:
    """The line saying why some scores have no interval, when some rest on one organization."""
    if intervals is None:
        return []
    counts = [intervals.items["organizations"], intervals.themes["organizations"]]
    few = any(((c > 0) & (c < MIN_ORGANIZATIONS)).any() for c in counts)
    return [phrase("interval-few-note", lang)] if few else []
