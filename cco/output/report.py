"""The country report page: results per summit and theme, as self-contained HTML or Markdown.

`build_report` turns Scorecards (and their bootstrap `Intervals`, when the sheets have rater
rows) into a `ReportPage` of display strings; `render_html` and `render_markdown` write it. Every
figure comes from the Scorecard that `cco score` prints, formatted by `cco.output.views`;
nothing here computes a score. Tables are `cco.output.tables.TableModel`s of column specs, the
model the terminal and Markdown views use, written by its HTML and Markdown renderers. The HTML
needs no network: the stylesheet is inline, charts are inline SVG drawn here, and no font or
script is loaded. Every text read from a sheet is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cco.core.models import CRITERIA, SUMMITS
from cco.core.text import fold, markdown_cell
from cco.i18n.messages import LANGUAGES, criterion_name
from cco.i18n.numbers import current_numbers
from cco.i18n.phrases import (
    criterion_letters,
    criterion_level_word,
    level_word,
    phrase,
    report_text,
)
from cco.output.palette import CRITERION_COLOURS
from cco.output.tables import Cell, Column, TableModel, html_table, markdown_table, table_model
from cco.output.views import (
    change_cell,
    fmt_delta,
    fmt_general,
    fmt_score,
    fmt_share,
    is_missing,
    raters_text,
    short_text,
)
from cco.scoring.compare import theme_tag
from cco.scoring.resampling import MIN_ORGANIZATIONS
from cco.scoring.score import AVERAGE_COLUMNS, extremes, metric_column

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from cco.scoring.compare import Comparison, ThemeMatrix
    from cco.scoring.intervals import Intervals
    from cco.scoring.score import Bands, Scorecard

# ---- words ------------------------------------------------------------------------------------


def level_phrase(bands: dict[str, str | None], lang: str = "en") -> str:
    """The levels of the three criteria in words: 'high relevance, medium effectiveness and ...'.

    Args:
        bands: each criterion's band name ('low', 'medium', 'medium-high', 'high' or None).
        lang: en, es, pt or fr.

    """
    words = {c: criterion_level_word(bands.get(c), lang) for c in CRITERIA}
    return report_text("levels", lang, **words)


# ---- the page as display strings ---------------------------------------------------------------


@dataclass(frozen=True)
class ChartRow:
    """One row of a bar chart: a label and each criterion's value and interval (or None)."""

    label: str
    title: str
    values: tuple[float | None, ...]
    spans: tuple[tuple[float, float] | None, ...]


@dataclass(frozen=True)
class BarChart:
    """Horizontal R/E/S bars on a fixed 0..scale_max axis, the bands shaded behind them."""

    title: str
    rows: list[ChartRow]
    legend: tuple[str, ...]
    scale_max: float
    thresholds: tuple[float, float, float]
    notes: list[str]
    band_names: tuple[str, ...]


@dataclass(frozen=True)
class KeyFigure:
    """A headline number of a summit: label, score, percentage, band and band name."""

    key: str
    label: str
    score: str
    percent: str
    band: str | None
    band_word: str
    interval: str = ""


@dataclass
class ThemeSection:
    """One theme of one summit: its level sentence, Phase 1 comparison, chart and items."""

    anchor: str
    tag: str  # "Theme 2", or the plan letter "B": the table of contents' link
    heading: str
    levels: str
    phase1: TableModel | None
    chart: BarChart
    items: TableModel
    item_levels: list[str]


@dataclass
class SummitSection:
    """One summit of one country: the summary of general results, then a section per theme."""

    anchor: str
    title: str
    summary_heading: str
    figures: list[KeyFigure]
    overview: list[str]
    extremes: list[tuple[str, str]]  # (label, "name — value (percent)")
    themes_table: TableModel
    chart: BarChart
    themes: list[ThemeSection]


@dataclass
class CountrySection:
    """One country's results: details of its sheet, notes, and a section per summit."""

    anchor: str
    title: str
    details: list[str]
    notes: list[str]
    summits: list[SummitSection]
    agreement: list[tuple[TableModel, list[str]]] = field(default_factory=list)


@dataclass
class ComparisonSummit:
    """One summit compared across countries: the ranking and the theme x country table."""

    anchor: str
    title: str
    ranking: TableModel
    themes: TableModel
    notes: list[str]
    changes: TableModel | None = None  # a country given in several phases: phase to phase


@dataclass
class ReportPage:
    """The whole page, in one language, ready to be written as HTML or Markdown."""

    lang: str
    title: str
    subtitle: str
    comparison: list[ComparisonSummit]
    countries: list[CountrySection]
    notes: list[str]
    footer: str
    comparison_title: str = ""
    contents_title: str = ""


@dataclass(frozen=True)
class CountryReport:
    """What the page shows of one country: its Scorecard, and intervals if it has rater rows."""

    card: Scorecard
    intervals: Intervals | None = None
    phase: str | None = None
    year: int | None = None
    source: str | None = None  # the sheet's Metadata "Source", if it gives one


# ---- building ----------------------------------------------------------------------------------


class _Words:
    """The formatting helpers of one page: language, scale and confidence."""

    def __init__(self, lang: str, scale_max: float, bands: Bands) -> None:
        self.lang = lang if lang in LANGUAGES else "en"
        self.scale_max = scale_max
        self.bands = bands

    def text(self, key: str, **params: object) -> str:
        return report_text(key, self.lang, **params)

    def score(self, value: float | None) -> str:
        return fmt_score(value)

    def percent(self, value: float | None) -> str:
        return fmt_score(value, percent=True, scale_max=self.scale_max)

    def level(self, band: str | None) -> str:
        return level_word(band, self.lang, unknown="–")

    def summit(self, summit: str) -> str:
        return self.text(f"summit-{summit}")

    def theme_label(self, summit: str, theme: int, name: object) -> str:
        tag = (
            f"{theme_tag(summit, theme)}."
            if summit == "IX"
            else self.text("theme-label", theme=theme) + ":"
        )
        return f"{tag} {name}" if isinstance(name, str) and name else tag.rstrip(".:")

    def theme_short(self, summit: str, theme: int) -> str:
        return theme_tag(summit, theme) if summit == "IX" else str(theme)

    def criterion(self, criterion: str) -> str:
        return criterion_name(criterion, self.lang)

    def letters(self) -> tuple[str, str, str]:
        return criterion_letters(self.lang)

    def count(self, number: int) -> str:
        numbers = current_numbers()
        if numbers.locale is not None:
            return numbers.whole(number)
        # With no locale, English groups thousands with a comma; elsewhere a grouping mark
        # could read as the decimal sign, so no grouping at all.
        return f"{number:,}" if self.lang == "en" else str(number)

    def confidence(self, intervals: Intervals) -> str:
        return fmt_share(intervals.confidence, None)


Row = Any
"""A Scorecard or comparison row (a pandas Series) that a report column reads."""


def _rank_text(value: object) -> str:
    return "–" if is_missing(value) else str(int(value))  # type: ignore[call-overload]


def _span_text(row: Any, column: str, whole: bool = False, lang: str = "en") -> str:
    """'1.17–1.83' (or '2–4' for ranks) from an interval row; '–' when not computed.

    A score resting on fewer than two organizations says so: '– (1 org.)'.
    """
    if row is None:
        return "–"
    if is_missing(row[f"{column}_low"]):
        count = row.get("organizations")
        if count is not None and not is_missing(count) and 0 < count < MIN_ORGANIZATIONS:
            return phrase("interval-few", lang, count=int(count))
        return "–"
    low, high = row[f"{column}_low"], row[f"{column}_high"]
    if whole:
        return str(int(low)) if low == high else f"{int(low)}–{int(high)}"
    return f"{fmt_score(low)}–{fmt_score(high)}"


def _lookup(frame: pd.DataFrame | None, **keys: object) -> Any:
    """The one row of an interval frame matching `keys`, or None."""
    if frame is None or frame.empty:
        return None
    mask = None
    for column, value in keys.items():
        match = frame[column] == value
        mask = match if mask is None else mask & match
    rows = frame[mask]
    return None if rows.empty else rows.iloc[0]


def _band(value: object) -> str | None:
    """A band name from a Scorecard cell (None, or NaN, where there is no score)."""
    return value if isinstance(value, str) and value else None


def _bands_of(row: Any) -> dict[str, str | None]:
    return {c: _band(row[f"band_{c}"]) for c in CRITERIA}


def _score_columns(words: _Words, band: Callable[[Row], object]) -> list[Column[Row]]:
    """R, E, S, the average, its percentage and its band (`band` gives a row's band name)."""

    def score(column: str) -> Callable[[Row], str]:
        return lambda row: words.score(row[column])

    def band_cell(row: Row) -> Cell:
        name = _band(band(row))
        return Cell(words.level(name), band=name)

    headings = [*words.letters(), words.text("col-average")]
    return [
        *(
            Column(column, heading, "number", score(column))
            for column, heading in zip((*CRITERIA, "average"), headings, strict=True)
        ),
        Column("percent", "%", "number", lambda row: words.percent(row["average"])),
        Column("band", words.text("col-level"), "band", band_cell),
    ]


def _phase1_columns(words: _Words, frame: pd.DataFrame) -> list[Column[Row]]:
    """The Phase 1 and change columns, when any row of the table has a baseline."""
    if not frame["phase1_average"].notna().any():
        return []
    return [
        Column(
            "phase1",
            words.text("col-phase1"),
            "number",
            lambda row: words.score(row["phase1_average"]),
        ),
        Column(
            "change",
            words.text("col-change"),
            "change",
            lambda row: change_cell(row["delta_average"]),
        ),
    ]


def _interval_columns(
    words: _Words, intervals: Intervals | None, spans: Callable[[Row], Any]
) -> list[Column[Row]]:
    """The average's interval and the rank's, when the sheet has rater rows.

    `spans` finds a row's line of the interval frames (None when it has none).
    """
    if intervals is None:
        return []
    confidence = words.confidence(intervals)
    return [
        Column(
            "interval",
            words.text("col-interval", confidence=confidence),
            "number",
            lambda row: _span_text(spans(row), "average", lang=words.lang),
        ),
        Column(
            "rank-interval",
            words.text("col-rank-interval", confidence=confidence),
            "number",
            lambda row: _span_text(spans(row), "rank", True, words.lang),
        ),
    ]


def _chart_row(label: str, title: str, row: Any, spans: Any) -> ChartRow:
    """A chart row of a Scorecard row's R, E, S and, when known, their intervals."""
    return ChartRow(
        label=label,
        title=title,
        values=tuple(None if is_missing(row[c]) else float(row[c]) for c in CRITERIA),
        spans=tuple(
            None
            if spans is None or is_missing(spans[f"{c}_low"])
            else (float(spans[f"{c}_low"]), float(spans[f"{c}_high"]))
            for c in CRITERIA
        ),
    )


def _chart(words: _Words, key: str, rows: list[ChartRow], intervals: Intervals | None) -> BarChart:
    notes = [words.text("chart-shading")]
    if intervals is not None:
        notes.append(words.text("chart-whiskers", confidence=words.confidence(intervals)))
    bands = words.bands
    return BarChart(
        title=words.text(key, max=fmt_general(words.scale_max)),
        rows=rows,
        legend=tuple(words.criterion(c).capitalize() for c in CRITERIA),
        scale_max=words.scale_max,
        thresholds=(bands.medium, bands.medium_high, bands.high),
        notes=notes,
        band_names=tuple(words.level(b) for b in ("low", "medium", "medium-high", "high")),
    )


def _rank_column(words: _Words) -> Column[Row]:
    return Column("rank", words.text("col-rank"), "number", lambda row: _rank_text(row["rank"]))


def _text_of(value: object) -> str:
    """A sheet's text, or '' where the sheet gives none."""
    return str(value) if isinstance(value, str) else ""


def _themes_table(
    words: _Words, themes: pd.DataFrame, summit: str, intervals: Intervals | None
) -> TableModel:
    """A summit's themes in rank order: scores, band, items, Phase 1 and intervals."""
    frame = intervals.themes if intervals else None
    columns = [
        _rank_column(words),
        Column(
            "theme",
            words.text("col-theme"),
            "text",
            lambda row: words.theme_short(summit, int(row["theme"])),
        ),
        Column("name", words.text("col-name"), "text", lambda row: _text_of(row["name"])),
        *_score_columns(words, lambda row: row["band_average"]),
        Column("items", words.text("col-items"), "number", lambda row: str(row["n_items"])),
        *_phase1_columns(words, themes),
        *_interval_columns(
            words, intervals, lambda row: _lookup(frame, summit=summit, theme=row["theme"])
        ),
    ]
    return table_model(
        words.text("themes-ranked"),
        columns,
        (row for _, row in themes.iterrows()),
        key=lambda row: f"theme:{summit}:{int(row['theme'])}",
    )


def _items_table(words: _Words, items: pd.DataFrame, intervals: Intervals | None) -> TableModel:
    """A theme's items in rank order: full text, scores, raters, Phase 1 and intervals."""
    frame = intervals.items if intervals else None
    has_raters = bool(items["raters_n_relevance"].notna().any())
    columns = [
        _rank_column(words),
        Column("id", words.text("col-id"), "id", lambda row: str(row["id"])),
        Column("commitment", words.text("col-commitment"), "long", lambda r: _text_of(r["text"])),
        *_score_columns(words, lambda row: row["band_average"]),
        *(
            [Column("raters", words.text("col-raters"), "number", raters_text)]
            if has_raters
            else []
        ),
        *_phase1_columns(words, items),
        *_interval_columns(words, intervals, lambda row: _lookup(frame, id=row["id"])),
    ]
    return table_model(
        words.text("commitments"),
        columns,
        (row for _, row in items.iterrows()),
        key=lambda row: f"item:{row['id']}",
    )


def _phase1_table(words: _Words, theme: Any) -> TableModel | None:
    """A theme's Phase 1 value and change per criterion and average; None without baseline."""
    if is_missing(theme["phase1_average"]):
        return None

    def name(column: str) -> str:
        words_name = words.text("col-average") if column == "average" else words.criterion(column)
        return words_name.capitalize()

    columns: list[Column[str]] = [
        Column("criterion", words.text("col-criterion"), "text", name),
        Column(
            "phase1",
            words.text("col-phase1"),
            "number",
            lambda column: words.score(theme[f"phase1_{column}"]),
        ),
        Column(
            "change",
            words.text("col-change"),
            "change",
            lambda column: change_cell(theme[f"delta_{column}"]),
        ),
    ]
    caption = words.text(
        "theme-phase1", compared=int(theme["phase1_n"]), count=int(theme["n_items"])
    )
    return table_model(
        caption,
        columns,
        AVERAGE_COLUMNS,
        key=lambda column: f"phase1:{theme['summit']}:{int(theme['theme'])}:{column}",
    )


def _extreme_lines(words: _Words, card: Scorecard, summit: str) -> list[tuple[str, str]]:
    """Best and worst theme and commitment (every tie), with the value and its percentage."""
    metric = card.settings.by
    column = metric_column(metric)
    show = fmt_delta if metric == "delta" else fmt_score
    lines = []
    for kind, frame in (("theme", card.themes), ("commitment", card.items)):
        best, worst = extremes(frame[frame["summit"] == summit], metric)
        for word, rows in (("best", best), ("worst", worst)):
            if rows.empty:
                continue
            names = [
                words.theme_label(summit, int(r["theme"]), r["name"])
                if kind == "theme"
                else f"{r['id']} {r['text'] or ''}".strip()
                for _, r in rows.iterrows()
            ]
            value = rows.iloc[0][column]
            shown = show(value, False, card.settings.scale_max)
            if metric != "delta":
                shown += f" ({words.percent(value)})"
            label = words.text(f"{word}-{kind}")
            if len(rows) > 1:
                label += words.text("tie", count=len(rows))
            lines.append((label, f"{'; '.join(names)} — {shown}"))
    return lines


def _key_figures(words: _Words, summit_row: Any, spans: Any) -> list[KeyFigure]:
    """The summit's average and criteria, each with its percentage, band and interval."""
    figures = []
    for column in ("average", *CRITERIA):
        label = words.text("col-average") if column == "average" else words.criterion(column)
        band = _band(summit_row[f"band_{column}"])
        figures.append(
            KeyFigure(
                key=f"figure:{summit_row['summit']}:{column}",
                label=label.capitalize(),
                score=words.score(summit_row[column]),
                percent=words.percent(summit_row[column]),
                band=band,
                band_word=words.level(band),
                interval="" if spans is None else _span_text(spans, column),
            )
        )
    return figures


def _overview(words: _Words, summit_row: Any) -> list[str]:
    """The summit's overall sentence, and its change against Phase 1 when known."""
    sentences = [
        words.text(
            "overall",
            count=int(summit_row["n_items"]),
            average=words.score(summit_row["average"]),
            max=fmt_general(words.scale_max),
            percent=words.percent(summit_row["average"]),
            band=words.level(_band(summit_row["band_average"])),
            levels=level_phrase(_bands_of(summit_row), words.lang),
        )
    ]
    if not is_missing(summit_row["phase1_average"]):
        sentences.append(
            words.text(
                "summit-phase1",
                phase1=words.score(summit_row["phase1_average"]),
                change=fmt_delta(summit_row["delta_average"]),
                count=int(summit_row["phase1_n"]),
            )
        )
    return sentences


def _theme_section(
    words: _Words, theme: Any, items: pd.DataFrame, intervals: Intervals | None, anchor: str
) -> ThemeSection:
    """One theme: its level sentence, Phase 1 table, R/E/S chart, items and their levels."""
    summit, number = theme["summit"], int(theme["theme"])
    chart_rows = [
        _chart_row(
            str(item["id"]),
            str(item["text"]) if isinstance(item["text"], str) else str(item["id"]),
            item,
            _lookup(intervals.items if intervals else None, id=item["id"]),
        )
        for _, item in items.iterrows()
    ]
    return ThemeSection(
        anchor=anchor,
        tag=words.theme_label(summit, number, None),
        heading=words.theme_label(summit, number, theme["name"]),
        levels=words.text(
            "theme-levels",
            levels=level_phrase(_bands_of(theme), words.lang),
            average=words.score(theme["average"]),
            percent=words.percent(theme["average"]),
            band=words.level(_band(theme["band_average"])),
        ),
        phase1=_phase1_table(words, theme),
        chart=_chart(words, "chart-items", chart_rows, intervals),
        items=_items_table(words, items, intervals),
        item_levels=[
            words.text("item-levels", id=i["id"], levels=level_phrase(_bands_of(i), words.lang))
            for _, i in items.iterrows()
        ],
    )


def _summit_section(
    words: _Words, report: CountryReport, summit_row: Any, anchor: str
) -> SummitSection:
    """One summit: the summary of general results, then its themes in theme order."""
    card, intervals = report.card, report.intervals
    summit = summit_row["summit"]
    themes = card.themes[card.themes["summit"] == summit]
    items = card.items[card.items["summit"] == summit]
    chart_rows = []
    for _, theme in themes.iterrows():
        label = words.theme_label(summit, int(theme["theme"]), theme["name"])
        spans = _lookup(
            intervals.themes if intervals else None, summit=summit, theme=theme["theme"]
        )
        chart_rows.append(_chart_row(label, label, theme, spans))
    return SummitSection(
        anchor=anchor,
        title=words.summit(summit),
        summary_heading=words.text("general-results"),
        figures=_key_figures(
            words, summit_row, _lookup(intervals.summits if intervals else None, summit=summit)
        ),
        overview=_overview(words, summit_row),
        extremes=_extreme_lines(words, card, summit),
        themes_table=_themes_table(words, themes, summit, intervals),
        chart=_chart(words, "chart-themes", chart_rows, intervals),
        themes=[
            _theme_section(
                words,
                theme,
                items[items["theme"] == theme["theme"]],
                intervals,
                f"{anchor}-t{int(theme['theme'])}",
            )
            for _, theme in themes.sort_values("theme").iterrows()
        ],
    )


def _phase_label(words: _Words, report: CountryReport) -> str:
    """'Genovia (Phase 2)': a country's name with its sheet's phase, or its file's name."""
    phase = (report.phase or "").strip()
    if not phase:
        return f"{report.card.country} ({Path(report.card.file).name})"
    shown = words.text("phase", phase=phase) if phase.isdigit() else phase
    return f"{report.card.country} ({shown})"


def _country_section(
    words: _Words, report: CountryReport, index: int, label: str | None = None
) -> CountrySection:
    """One country (named `label`, else by its country): its source, intervals and summits."""
    card = report.card
    # The file's name, not its path: a published page has no business with a local folder.
    name = Path(card.file).name
    source = f"{report.source} ({name})" if report.source else name
    details = [f"{words.text('source')}: {source}"]
    if report.phase:
        phase = report.phase.strip()
        details.append(words.text("phase", phase=phase) if phase.isdigit() else phase)
    if report.year:
        details.append(str(report.year))
    # A sheet of means says so on stderr only: a published page has nothing to add about it.
    notes = []
    if report.intervals is not None:
        notes.append(
            words.text(
                "intervals-method",
                confidence=words.confidence(report.intervals),
                resamples=words.count(report.intervals.resamples),
                seed=report.intervals.seed,
            )
        )
    summits = [
        _summit_section(words, report, row, f"c{index}-{row['summit']}")
        for _, row in card.summits.iterrows()
    ]
    agreement = []
    if card.agreement is not None:
        from cco.output.views import agreement_tables

        agreement = agreement_tables(card.agreement, words.lang)
    return CountrySection(
        f"c{index}", label or card.country, [" · ".join(details)], notes, summits, agreement
    )


def _ranking_table(
    words: _Words, ranking: pd.DataFrame, summit: str, hold: pd.Series | None
) -> TableModel:
    """The countries of one summit in rank order, with their chance of holding the rank."""
    from cco.output.compare_views import chance_text

    def band(row: Row) -> str | None:
        return words.bands.name(None if is_missing(row["average"]) else float(row["average"]))

    columns = [
        _rank_column(words),
        Column("country", words.text("col-country"), "text", lambda row: str(row["label"])),
        Column("items", words.text("col-items"), "number", lambda row: str(int(row["n_items"]))),
        *_score_columns(words, band),
        *_phase1_columns(words, ranking),
    ]
    if hold is not None:
        columns.append(
            Column(
                "hold-rank",
                words.text("col-hold-rank"),
                "number",
                # The row's name is its index in the comparison, as in `hold`.
                lambda row: chance_text(hold.at[row.name], row["rank_probability_error"]),
            )
        )
    return table_model(
        words.text("country-ranking"),
        columns,
        (row for _, row in ranking.iterrows()),
        key=lambda row: f"country:{summit}:{row['label']}",
    )


def _theme_matrix_table(words: _Words, matrix: ThemeMatrix) -> TableModel:
    """Theme averages by country, each with the country's rank in the theme, shaded by band."""

    def theme_cell(theme: object) -> Callable[[object], Cell]:
        def cell(label: object) -> Cell:
            average = cast(float, matrix.averages.at[label, theme])
            rank = cast(int, matrix.ranks.at[label, theme])
            if is_missing(average):
                return Cell("–")
            band = words.bands.name(float(average))
            if is_missing(rank):  # ranked by a metric the theme lacks (a change, no Phase 1)
                return Cell(words.score(average), band=band)
            return Cell(f"{words.score(average)} ({int(rank)})", band=band)

        return cell

    columns: list[Column[object]] = [
        Column("country", words.text("col-country"), "text", str),
        *(
            Column(
                f"theme-{theme}",
                words.theme_short(matrix.summit, int(theme)),
                "number",
                theme_cell(theme),
            )
            for theme in matrix.averages.columns
        ),
    ]
    return table_model(
        words.text("themes-by-country"),
        columns,
        matrix.averages.index,
        key=lambda label: f"matrix:{matrix.summit}:{label}",
    )


def _comparison(
    words: _Words, comparison: Comparison, hold: pd.Series | None, resamples: int
) -> list[ComparisonSummit]:
    """Per summit: the country ranking and the theme x country table, with their notes.

    A country given in several phases adds the table of its changes from phase to phase.
    """
    from cco.output.compare_views import phase_change_table
    from cco.scoring.compare import theme_matrix

    parts = []
    for summit in [s for s in SUMMITS if s in set(comparison.countries["summit"])]:
        ranking = comparison.countries[comparison.countries["summit"] == summit]
        held = None
        if hold is not None and hold.loc[ranking.index].notna().all():
            held = hold.loc[ranking.index]
        matrix = theme_matrix(comparison, summit)
        notes = [
            f"{words.theme_short(summit, int(t))}: {name}"
            for t, name in matrix.names.items()
            if name
        ]
        notes += [
            words.text("coverage", **note.sentence_fields())
            for note in comparison.coverage
            if note.summit == summit and note.theme is None
        ]
        if held is not None:
            notes.append(words.text("hold-rank", resamples=words.count(resamples)))
        elif hold is not None:
            notes.append(words.text("hold-rank-needs-raters"))
        parts.append(
            ComparisonSummit(
                anchor=f"cmp-{summit}",
                title=words.summit(summit),
                ranking=_ranking_table(words, ranking, summit, held),
                themes=_theme_matrix_table(words, matrix),
                notes=notes,
                changes=phase_change_table(comparison, summit, words.lang),
            )
        )
    return parts


def build_report(reports: Sequence[CountryReport], lang: str = "en") -> ReportPage:
    """The page of one or several countries, in a language.

    One country: its summary of general results per summit and a section per theme. Several:
    first the comparison of countries (ranking per summit, with each country's chance of
    holding its rank when every sheet has rater rows; themes by country), then each country.

    Args:
        reports: one per country, in the order the page shows them.
        lang: en, es, pt or fr (headings and sentences; texts from the sheets stay as written).

    Raises:
        ValueError: no country, or two reports of the same country and phase.

    """
    if not reports:
        raise ValueError("a report needs at least one country")
    settings = reports[0].card.settings
    words = _Words(lang, settings.scale_max, settings.bands)
    comparison: list[ComparisonSummit] = []
    if len(reports) > 1:
        comparison = _comparison(words, *_compared(reports))
    # A country given in several phases is one country: its sections are told apart by phase.
    folded = [fold(r.card.country) for r in reports]
    labels = [
        _phase_label(words, r) if folded.count(key) > 1 else r.card.country
        for r, key in zip(reports, folded, strict=True)
    ]
    countries = [
        _country_section(words, r, i, label)
        for i, (r, label) in enumerate(zip(reports, labels, strict=True), start=1)
    ]
    distinct = len(set(folded))
    if len(reports) == 1:
        named = reports[0].card.country
    elif distinct == 1:
        named = words.text("phases-title", country=reports[0].card.country, count=len(reports))
    elif distinct < len(reports):
        named = words.text("countries-phases-title", countries=distinct, sheets=len(reports))
    else:
        named = words.text("countries-title", count=distinct)
    title = words.text("observatory") + " — " + named
    bands = settings.bands
    return ReportPage(
        lang=words.lang,
        title=title,
        subtitle=words.text("monitor") + ("" if len(labels) == 1 else " · " + ", ".join(labels)),
        comparison=comparison,
        countries=countries,
        notes=[
            words.text(
                "scale-note",
                max=fmt_general(settings.scale_max),
                medium=fmt_general(bands.medium),
                medium_high=fmt_general(bands.medium_high),
                high=fmt_general(bands.high),
            )
        ],
        footer=words.text("generated", files=", ".join(Path(r.card.file).name for r in reports)),
        comparison_title=words.text("comparison") if comparison else "",
        contents_title=words.text("contents"),
    )


def _compared(reports: Sequence[CountryReport]) -> tuple[Comparison, pd.Series | None, int]:
    """The countries compared, each one's chance of holding its rank, and from how many resamples.

    The chance is None, and the resamples 0, when no sheet has rater rows.
    """
    from cco.scoring.compare import compare_countries, summarize

    summaries = [
        replace(
            summarize(r.card, r.phase),
            summit_draws=dict(r.intervals.summit_draws) if r.intervals is not None else None,
        )
        for r in reports
    ]
    confidences = [r.intervals.confidence for r in reports if r.intervals is not None]
    resampled = [r.intervals.resamples for r in reports if r.intervals is not None]
    if not resampled:
        return compare_countries(summaries), None, 0
    comparison = compare_countries(summaries, confidence=confidences[0])
    return comparison, comparison.countries["rank_probability"], max(resampled)


# ---- HTML --------------------------------------------------------------------------------------

STYLE = """
:root { --ink: #1d2433; --muted: #5a6275; --rule: #d9dde5; --paper: #ffffff; --accent: #0b5394;
  --low: #f6d5cf; --medium: #fbeab3; --medium-high: #d3ebc6; --high: #a9d8a0;
  --up: #1b7a3a; --down: #b3261e; }
* { box-sizing: border-box; }
html { background: #f3f4f7; }
body { margin: 0 auto; max-width: 1120px; padding: 32px 40px 48px; background: var(--paper);
  color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "Liberation Sans", Arial, sans-serif; }
header.page { border-bottom: 4px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
header.page .kicker { color: var(--accent); font-weight: 600; letter-spacing: .04em;
  text-transform: uppercase; font-size: 13px; margin: 0; }
h1 { font-size: 30px; line-height: 1.2; margin: 4px 0 2px; }
h2 { font-size: 24px; margin: 36px 0 8px; color: var(--accent); }
h3 { font-size: 20px; margin: 28px 0 6px; border-bottom: 1px solid var(--rule);
  padding-bottom: 4px; }
h4 { font-size: 16px; margin: 22px 0 6px; }
p { margin: 6px 0; }
.muted, .details { color: var(--muted); font-size: 13px; }
nav.contents { background: #f7f8fb; border: 1px solid var(--rule); border-radius: 6px;
  padding: 10px 16px; margin: 16px 0; font-size: 14px; }
nav.contents ul { margin: 4px 0; padding-left: 18px; }
nav.contents a { color: var(--accent); text-decoration: none; }
.note { background: #f7f8fb; border-left: 4px solid var(--rule); padding: 6px 12px;
  margin: 10px 0; font-size: 13px; color: var(--muted); }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 12px 0 16px; }
.figure { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 14px; }
.figure .label { font-size: 13px; color: var(--muted); }
.figure .score { font-size: 28px; font-weight: 700; line-height: 1.15; }
.figure .percent { font-size: 15px; color: var(--muted); margin-left: 4px; }
.figure .interval { font-size: 12px; color: var(--muted); }
.figure .pill { margin-top: 4px; }
.overview p { font-size: 15px; }
ul.extremes { list-style: none; padding: 0; margin: 10px 0; }
ul.extremes li { display: grid; grid-template-columns: 220px 1fr; gap: 12px; padding: 4px 0;
  border-bottom: 1px dotted var(--rule); }
ul.levels { margin: 8px 0; padding-left: 20px; font-size: 14px; }
p.levels { font-size: 15px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 13.5px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; font-size: 14px; }
th, td { padding: 5px 7px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: #eef1f6; text-align: left; font-weight: 600; vertical-align: bottom; }
th.num { text-align: right; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.wide { font-size: 12.5px; }
table.wide th, table.wide td { padding: 4px 5px; }
table.compact { width: auto; min-width: 60%; }
td.id { white-space: nowrap; font-weight: 600; }
td.long { font-size: 12.5px; color: #333a48; min-width: 260px; }
tr:nth-child(even) td { background: #fafbfc; }
td.up { color: var(--up); font-weight: 600; }
td.down { color: var(--down); font-weight: 600; }
.pill, td.band-low, td.band-medium, td.band-medium-high, td.band-high { white-space: nowrap; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; }
.band-low { background: var(--low) !important; }
.band-medium { background: var(--medium) !important; }
.band-medium-high { background: var(--medium-high) !important; }
.band-high { background: var(--high) !important; }
table.phase1 { width: auto; min-width: 520px; }
figure.chart { margin: 10px 0 16px; }
figure.chart svg { width: 100%; height: auto; display: block; }
figure.chart figcaption { font-size: 13px; color: var(--muted); margin-top: 2px; }
.theme-block { break-inside: auto; }
footer.page { margin-top: 40px; border-top: 1px solid var(--rule); padding-top: 10px;
  font-size: 12px; color: var(--muted); }
@media (max-width: 760px) {
  body { padding: 16px; overflow-wrap: anywhere; }
  h1 { font-size: 24px; }
  .figures { grid-template-columns: 1fr 1fr; }
  ul.extremes li { grid-template-columns: 1fr; gap: 2px; }
  table { display: block; overflow-x: auto; }
  table.phase1, table.compact, td.long { min-width: 0; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html, body { background: #fff; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav.contents { display: none; }
  section.country + section.country, section.comparison + section.country,
  section.summit + section.summit,
  section.comparison-summit + section.comparison-summit { break-before: page; }
  h2, h3, h4, caption { break-after: avoid; }
  figure.chart, .figures, table.phase1, tr, ul.extremes li { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  td.long { font-size: 9pt; }
}
"""
"""The page's stylesheet: screen, narrow screens, and print (a page break per summit)."""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


_SHADES = ("#ffffff", "#f1f2f5", "#e3e6eb", "#d3d7de")
"""Background of each band, low to high: darker is higher."""
_WIDTH = 1000
"""Width of every chart, in SVG units (the page shows it at its content width)."""
_BAR = 10
"""Height of one bar; a row holds three bars and a gap."""
_ROW = 3 * (_BAR + 1) + 12
_CHAR = 8.0
"""Rough width of a 12.5-unit bold character, to size the label column."""
_LABEL_CHARACTERS = 30
"""Chart labels longer than this are cut (the full text shows on hover)."""


def chart_svg(chart: BarChart) -> str:
    """An R/E/S bar chart as inline SVG: one row per label, three horizontal bars each.

    The axis is fixed at 0..scale_max so that charts compare; the bands are shaded behind the
    bars (darker = higher) and named above them where the name fits; each value is written at
    its bar's end, and an interval, when known, is a line with end ticks across the bar.
    """
    longest = max((len(r.label) for r in chart.rows), default=4)
    left = int(max(60, _CHAR * min(longest, _LABEL_CHARACTERS) + 20))
    right = _WIDTH - 50
    top = 44
    bottom = top + _ROW * len(chart.rows)
    height = bottom + 26

    def x(value: float) -> float:
        return left + (right - left) * max(0.0, min(value, chart.scale_max)) / chart.scale_max

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-label="{_e(chart.title)}" font-family="system-ui, Arial, sans-serif">',
        f"<title>{_e(chart.title)}</title>",
    ]
    edges = (0.0, *chart.thresholds, chart.scale_max)
    for k, (start, end) in enumerate(pairwise(edges)):
        parts.append(
            f'<rect x="{x(start):.1f}" y="{top - 16}" width="{x(end) - x(start):.1f}" '
            f'height="{bottom - top + 16}" fill="{_SHADES[k]}"/>'
        )
        name = chart.band_names[k]
        if len(name) * 5.6 < x(end) - x(start) - 4:
            parts.append(
                f'<text x="{(x(start) + x(end)) / 2:.1f}" y="{top - 5}" font-size="10" '
                f'text-anchor="middle" fill="#5a6275">{_e(name)}</text>'
            )
    ticks = sorted({*(float(t) for t in range(int(chart.scale_max) + 1)), *chart.thresholds})
    for tick in ticks:
        whole = tick == int(tick)
        stroke = 'stroke="#b7bcc6"' if whole else 'stroke="#c3c8d0" stroke-dasharray="3 3"'
        parts.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 16}" y2="{bottom}" '
            f'{stroke} stroke-width="1"/>'
            f'<text x="{x(tick):.1f}" y="{bottom + 16}" font-size="12" text-anchor="middle" '
            f'fill="#5a6275">{fmt_general(tick)}</text>'
        )
    legend_x = float(left)
    for criterion, name in zip(CRITERIA, chart.legend, strict=True):
        parts.append(
            f'<rect x="{legend_x:.0f}" y="4" width="13" height="13" rx="2" '
            f'fill="{CRITERION_COLOURS[criterion]}"/>'
            f'<text x="{legend_x + 19:.0f}" y="15" font-size="13" fill="#1d2433">{_e(name)}</text>'
        )
        legend_x += 40 + 7.2 * len(name)
    for index, row in enumerate(chart.rows):
        y0 = top + 6 + index * _ROW
        if index:
            parts.append(
                f'<line x1="{left - 4}" x2="{right}" y1="{y0 - 6}" y2="{y0 - 6}" '
                f'stroke="#ffffff" stroke-width="2"/>'
            )
        parts.append(
            f'<text x="{left - 10}" y="{y0 + 1.5 * (_BAR + 1) + 4:.1f}" font-size="12.5" '
            f'text-anchor="end" font-weight="600" fill="#1d2433"><title>{_e(row.title)}</title>'
            f"{_e(short_text(row.label, _LABEL_CHARACTERS))}</text>"
        )
        for k, criterion in enumerate(CRITERIA):
            parts.append(_bar(x, left, y0 + k * (_BAR + 1), criterion, row.values[k], row.spans[k]))
    parts.append("</svg>")
    return "".join(parts)


def _bar(
    x: Any,
    left: float,
    y: float,
    criterion: str,
    value: float | None,
    span: tuple[float, float] | None,
) -> str:
    """One bar with its value written after it, and its interval across it when known."""
    text_y = y + _BAR - 1.5
    if value is None:
        return f'<text x="{left + 3}" y="{text_y}" font-size="10" fill="#5a6275">–</text>'
    parts = [
        f'<rect x="{left}" y="{y}" width="{max(x(value) - left, 0.0):.1f}" height="{_BAR}" '
        f'fill="{CRITERION_COLOURS[criterion]}"/>'
    ]
    label_x = x(value) + 4
    if span is not None:
        mid, low, high = y + _BAR / 2, x(span[0]), x(span[1])
        parts.append(
            f'<path d="M{low:.1f} {mid:.1f}H{high:.1f}M{low:.1f} {mid - 4:.1f}V{mid + 4:.1f}'
            f'M{high:.1f} {mid - 4:.1f}V{mid + 4:.1f}" stroke="#1d2433" stroke-width="1.3" '
            f'fill="none"/>'
        )
        label_x = max(label_x, high + 4)
    parts.append(
        f'<text x="{label_x:.1f}" y="{text_y}" font-size="10.5" fill="#1d2433">'
        f"{fmt_score(value)}</text>"
    )
    return "".join(parts)


def _html_chart(chart: BarChart) -> str:
    caption = " ".join([chart.title + ".", *chart.notes])
    return (
        f'<figure class="chart">{chart_svg(chart)}<figcaption>{_e(caption)}</figcaption></figure>'
    )


def _html_figures(figures: list[KeyFigure]) -> str:
    cards = []
    for figure in figures:
        pill = (
            f'<span class="pill band-{figure.band}">{_e(figure.band_word)}</span>'
            if figure.band
            else ""
        )
        interval = f'<div class="interval">{_e(figure.interval)}</div>' if figure.interval else ""
        cards.append(
            f'<div class="figure" data-key="{_e(figure.key)}">'
            f'<div class="label">{_e(figure.label)}</div>'
            f'<div><span class="score">{_e(figure.score)}</span>'
            f'<span class="percent">{_e(figure.percent)}</span></div>{interval}'
            f"<div>{pill}</div></div>"
        )
    return f'<div class="figures">{"".join(cards)}</div>'


def _html_summit(summit: SummitSection) -> str:
    parts = [
        f'<section class="summit" id="{summit.anchor}">',
        f"<h3>{_e(summit.title)}</h3>",
        f"<h4>{_e(summit.summary_heading)}</h4>",
        _html_figures(summit.figures),
        '<div class="overview">' + "".join(f"<p>{_e(p)}</p>" for p in summit.overview) + "</div>",
        '<ul class="extremes">'
        + "".join(f"<li><b>{_e(label)}:</b> {_e(text)}</li>" for label, text in summit.extremes)
        + "</ul>",
        _html_chart(summit.chart),
        html_table(summit.themes_table),
    ]
    for theme in summit.themes:
        parts += [
            f'<section class="theme-block" id="{theme.anchor}">',
            f"<h4>{_e(theme.heading)}</h4>",
            f'<p class="levels">{_e(theme.levels)}</p>',
        ]
        if theme.phase1 is not None:
            parts.append(html_table(theme.phase1, "phase1"))
        parts += [
            _html_chart(theme.chart),
            html_table(theme.items),
            '<ul class="levels">'
            + "".join(f"<li>{_e(s)}</li>" for s in theme.item_levels)
            + "</ul>",
            "</section>",
        ]
    parts.append("</section>")
    return "\n".join(parts)


def _html_contents(page: ReportPage) -> str:
    entries = []
    if page.comparison:
        links = "".join(
            f'<li><a href="#{s.anchor}">{_e(s.title)}</a></li>' for s in page.comparison
        )
        entries.append(
            f'<li><a href="#comparison">{_e(page.comparison_title)}</a><ul>{links}</ul></li>'
        )
    for country in page.countries:
        summits = "".join(
            f'<li><a href="#{s.anchor}">{_e(s.title)}</a>: '
            + ", ".join(f'<a href="#{t.anchor}">{_e(t.tag)}</a>' for t in s.themes)
            + "</li>"
            for s in country.summits
        )
        entries.append(
            f'<li><a href="#{country.anchor}">{_e(country.title)}</a><ul>{summits}</ul></li>'
        )
    return (
        f'<nav class="contents"><b>{_e(page.contents_title)}</b><ul>{"".join(entries)}</ul></nav>'
    )


def render_html(page: ReportPage) -> str:
    """The page as one self-contained HTML document (inline CSS and SVG; no network needed)."""
    body = [
        '<header class="page">',
        f'<p class="kicker">{_e(page.subtitle)}</p>',
        f"<h1>{_e(page.title)}</h1>",
        "".join(f'<p class="muted">{_e(n)}</p>' for n in page.notes),
        "</header>",
        _html_contents(page),
    ]
    if page.comparison:
        body.append(
            f'<section class="comparison" id="comparison"><h2>{_e(page.comparison_title)}</h2>'
        )
        for part in page.comparison:
            body += [
                f'<section class="comparison-summit" id="{part.anchor}">',
                f"<h3>{_e(part.title)}</h3>",
                html_table(part.ranking, "compact"),
                html_table(part.themes, "matrix"),
                html_table(part.changes, "compact") if part.changes is not None else "",
                "".join(f'<p class="muted">{_e(n)}</p>' for n in part.notes),
                "</section>",
            ]
        body.append("</section>")
    for country in page.countries:
        body += [
            f'<section class="country" id="{country.anchor}">',
            f"<h2>{_e(country.title)}</h2>",
            "".join(f'<p class="details">{_e(d)}</p>' for d in country.details),
            "".join(f'<p class="note">{_e(n)}</p>' for n in country.notes),
        ]
        body += [_html_summit(s) for s in country.summits]
        for table, lines in country.agreement:
            body.append(html_table(table, "compact"))
            body.append("".join(f'<p class="muted">{_e(n)}</p>' for n in lines))
        body.append("</section>")
    body.append(f'<footer class="page">{_e(page.footer)}</footer>')
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(page.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(page.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


# ---- Markdown ----------------------------------------------------------------------------------


_md = markdown_cell


def render_markdown(page: ReportPage) -> str:
    """The page as Markdown: the same headings, sentences and tables, without the charts."""
    lines = [f"# {_md(page.title)}", "", f"*{_md(page.subtitle)}*", ""]
    lines += [*(_md(n) for n in page.notes), ""]
    if page.comparison:
        lines += [f"## {_md(page.comparison_title)}", ""]
        for part in page.comparison:
            lines += [f"### {_md(part.title)}", ""]
            lines += markdown_table(part.ranking) + markdown_table(part.themes)
            if part.changes is not None:
                lines += markdown_table(part.changes)
            lines += [*(f"- {_md(n)}" for n in part.notes), ""]
    for country in page.countries:
        lines += [f"## {_md(country.title)}", ""]
        lines += [*(_md(d) for d in country.details), ""]
        lines += [*(f"> {_md(n)}" for n in country.notes), ""]
        for summit in country.summits:
            lines += [f"### {_md(summit.title)}", "", f"#### {_md(summit.summary_heading)}", ""]
            lines += [
                f"- **{_md(f.label)}**: {f.score} ({f.percent}), {_md(f.band_word)}"
                + (f", {f.interval}" if f.interval else "")
                for f in summit.figures
            ]
            lines += ["", *(_md(p) for p in summit.overview), ""]
            lines += [f"- **{_md(label)}**: {_md(text)}" for label, text in summit.extremes]
            lines += ["", *markdown_table(summit.themes_table)]
            for theme in summit.themes:
                lines += [f"#### {_md(theme.heading)}", "", _md(theme.levels), ""]
                if theme.phase1 is not None:
                    lines += markdown_table(theme.phase1)
                lines += markdown_table(theme.items)
                lines += [*(f"- {_md(s)}" for s in theme.item_levels), ""]
        for table, notes in country.agreement:
            lines += markdown_table(table)
            lines += [*(f"- {_md(n)}" for n in notes), ""]
    lines += ["---", "", _md(page.footer)]
    return "\n".join(lines).rstrip() + "\n"
