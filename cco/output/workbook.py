"""Formatted .xlsx workbooks with native Excel charts: one country's Scorecard, or a comparison.

Every table gets a bold frozen header row, two-decimal number formats, column widths that fit,
and a colour scale on scores (orange 0, white mid-scale, blue top: safe for colour-blind
readers, and black text stays readable). Charts are openpyxl bar charts that Excel and
LibreOffice draw from the cells. Exporters write; they do not compute.

Every word a reader sees (sheet names, headings, band words, chart and axis titles, series
names, metadata labels) is a catalog entry `workbook:KEY` (or a shared `phrase:`, `level:` or
`letter:` one) in the reader's language; cell values (numbers, ids, countries, texts) are
written as they are, numbers as numbers with a number format, so that Excel and LibreOffice
show them with the decimal mark of the reader's own locale.

Workbooks are built in openpyxl's write-only mode: rows stream to disk as they are appended,
so a comparison of a thousand countries does not hold a million cell objects at once. Column
widths, frozen panes and the header's height are therefore set before a sheet's first row.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, overload

from cco.core.models import CRITERIA, SUMMITS
from cco.core.problems import localized
from cco.core.text import is_missing
from cco.i18n.catalogs import translator
from cco.i18n.phrases import level_word, phrase, summit_title
from cco.io.files import neutralize, write_atomic, writing_workbook
from cco.output.views import fmt_general
from cco.scoring.compare import commitment_matrix, theme_matrix, theme_tag

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.chart import BarChart
    from openpyxl.chart.text import RichText
    from openpyxl.chart.title import Title
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from cco.scoring.compare import Comparison, SheetStatus
    from cco.scoring.score import Scorecard

SCORE_FORMAT = "0.00"
DELTA_FORMAT = "+0.00;-0.00;0.00"
COUNT_FORMAT = "0"
SCALE_COLOURS = ("F4A582", "F7F7F7", "92C5DE")
"""Colour scale of score cells: 0, mid-scale, top (ColorBrewer orange-white-blue)."""
SERIES_COLOURS = ("0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "F0E442")
"""Okabe-Ito colours of chart series, in order (R, E, S use the first three)."""
HEADER_FILL = "DCE6F1"
WIDE_WIDTH = 60
HEADER_WRAP = 20
"""Wrapped headers are at most this many characters a line (and at most 8 lines)."""
LINE_HEIGHT = 15
TEXT_WIDTH = 40
ROW_CM = 0.53
"""Height of a default worksheet row (15 points), in cm: charts are stacked by it."""
CLUSTERED_BARS = 40
"""A summit's theme chart holds every theme of every country up to this many bars; beyond it
(a campaign of many countries) each theme gets a chart of its own."""
SERIES_NAME = 40
"""The longest series name or theme in a chart title; longer ones are cut with an ellipsis."""
ROTATED_LABELS = 12
"""A column chart with more categories than this turns its category labels."""


class Kind(StrEnum):
    """How a column's cells are formatted."""

    text = "text"  # short text, width fitted
    wide = "wide"  # long text (commitment texts, theme names)
    score = "score"  # 0-scale: two decimals and the colour scale
    delta = "delta"  # a change: two decimals with a sign
    number = "number"  # two decimals
    whole = "whole"  # a whole number: a count, a rank, a theme number


_FORMATS = {
    Kind.score: SCORE_FORMAT,
    Kind.number: SCORE_FORMAT,
    Kind.delta: DELTA_FORMAT,
    Kind.whole: COUNT_FORMAT,
}


@dataclass(frozen=True)
class SheetTable:
    """One worksheet's table: header, column kinds and plain rows (None for a missing value)."""

    name: str
    headers: list[str]
    kinds: list[Kind]
    rows: Sequence[Sequence[object]]
    freeze: str = "A2"
    wrap_header: bool = False


def workbook_text(key: str, lang: str = "en", **params: object) -> str:
    """A word of the workbooks (catalog entry `workbook:KEY`) in a language, fields filled."""
    return translator(lang).text(f"workbook:{key}", **params)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cut(text: str, length: int) -> str:
    """A text of at most `length` characters, cut with an ellipsis if longer."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# ---- shared writing --------------------------------------------------------------------------


def _new_book() -> Workbook:
    from openpyxl import Workbook

    return Workbook(write_only=True)  # opens without a sheet


def _cell_value(value: object) -> str | float | None:
    """A value as a cell holds it: None for missing, text neutralized, numpy as Python."""
    if is_missing(value):
        return None
    if isinstance(value, str):
        return neutralize(value)
    # Numbers (a numpy one as its Python number): what tables hold besides text.
    return cast("float", value.item() if hasattr(value, "item") else value)


_TITLE_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
_TITLE_CHARS = 31  # the longest sheet name Excel accepts


def sheet_title(name: str) -> str:
    """A sheet name made safe: no leading formula character, no []:*?/ or backslash, 31 long."""
    return neutralize(name.translate(_TITLE_FORBIDDEN))[:_TITLE_CHARS] or "Sheet"


def _fitted_width(header: str, kind: Kind, values: list[object], wrap_header: bool) -> float:
    if kind is Kind.wide:
        longest = max((len(str(v)) for v in values if v is not None), default=0)
        return min(WIDE_WIDTH, max(12, longest + 2))
    if kind in (Kind.score, Kind.delta, Kind.number):
        cells = 6
    else:
        cells = max((len(str(v)) for v in values if v is not None), default=0)
    head = min(len(header), HEADER_WRAP) if wrap_header else len(header)
    return min(TEXT_WIDTH, max(cells, head) + 3)


def _column_values(rows: Sequence[Sequence[object]], index: int) -> list[object]:
    """One column of a table's rows."""
    if isinstance(rows, FrameRows):
        return rows.column(index)
    return [row[index] for row in rows]


def write_table(book: Workbook, table: SheetTable, scale_max: float) -> WriteOnlyWorksheet:
    """Add a worksheet holding `table`, formatted: frozen bold header, formats, widths, scale.

    The sheet streams (write-only): its rows are written here, once; charts and conditional
    formats may still be added to it.

    Returns:
        The worksheet; data rows start on row 2, in the order of `table.rows`.

    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(sheet_title(table.name))
    wrap_header = table.wrap_header
    widths = [
        _fitted_width(header, kind, _column_values(table.rows, index), wrap_header)
        for index, (header, kind) in enumerate(zip(table.headers, table.kinds, strict=True))
    ]
    # A streamed sheet writes its columns, panes and row heights before its first row.
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = table.freeze
    if wrap_header:
        lines = max(
            (math.ceil(len(h) / (w - 2)) for h, w in zip(table.headers, widths, strict=True)),
            default=1,
        )
        sheet.row_dimensions[1].height = LINE_HEIGHT * min(max(lines, 1), 8)
    font, fill = Font(bold=True), PatternFill("solid", start_color=HEADER_FILL)
    alignment = Alignment(wrap_text=wrap_header, vertical="bottom")
    header_cells = []
    for header in table.headers:
        cell = WriteOnlyCell(sheet, _cell_value(header))
        cell.font, cell.fill, cell.alignment = font, fill, alignment
        header_cells.append(cell)
    sheet.append(header_cells)
    formats = [_FORMATS.get(kind) for kind in table.kinds]
    for row in table.rows:
        cells: list[object] = []
        for value, number_format in zip(row, formats, strict=True):
            plain = _cell_value(value)
            if number_format is None:
                cells.append(plain)
            else:
                cell = WriteOnlyCell(sheet, plain)
                cell.number_format = number_format
                cells.append(cell)
        sheet.append(cells)
    last_row = len(table.rows) + 1
    scored = [
        f"{get_column_letter(index)}2:{get_column_letter(index)}{last_row}"
        for index, kind in enumerate(table.kinds, start=1)
        if kind is Kind.score and last_row > 1
    ]
    if scored:
        low, mid, high = SCALE_COLOURS
        rule = ColorScaleRule(
            start_type="num",
            start_value=0,
            start_color=low,
            mid_type="num",
            mid_value=scale_max / 2,
            mid_color=mid,
            end_type="num",
            end_value=scale_max,
            end_color=high,
        )
        sheet.conditional_formatting.add(" ".join(scored), rule)
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{last_row}"
    return sheet


def _written_by(
    book: Workbook, command: str, lang: str, rows: Sequence[tuple[str, str]] = ()
) -> None:
    """Add the Metadata sheet: who wrote the book, then `rows` of (label, value).

    'Written by' marks a book of results, which `cco.io.ingest` refuses to read as a sheet to
    score; it knows the label in every language.
    """
    sheet = book.create_sheet(sheet_title(workbook_text("sheet-metadata", lang)))
    labelled = [(workbook_text("meta-written-by", lang), command), *rows]
    sheet.column_dimensions["A"].width = max(14, *(len(label) + 2 for label, _ in labelled))
    longest = max(len(value) for _, value in labelled)
    sheet.column_dimensions["B"].width = max(20, min(WIDE_WIDTH, longest + 2))
    for label, value in labelled:
        sheet.append([neutralize(label), neutralize(value)])


@dataclass(frozen=True)
class ChartSpec:
    """A clustered bar chart over cells: categories and series are column ranges of a sheet.

    `labels` are the category texts (the cells' values), to size the chart by; a horizontal
    chart lists its categories down the side, in row order, for many or long labels.
    """

    title: str
    sheet: WriteOnlyWorksheet
    category_column: int
    series: list[tuple[str, int]]  # (title, column)
    first_row: int
    last_row: int
    x_title: str
    y_title: str
    labels: Sequence[str] = ()
    horizontal: bool = False


LABEL_CM = 0.2
"""Width of a character of a 9-10 point category label, in cm (a generous average)."""


def _column_width(spec: ChartSpec) -> float:
    """A column chart's width in cm: 0.35 a bar (at least two a category) + 6, 16 to 60."""
    count = spec.last_row - spec.first_row + 1
    return max(16.0, min(60.0, 0.35 * count * max(len(spec.series), 2) + 6))


def _longest_label(spec: ChartSpec) -> int:
    return min(max((len(label) for label in spec.labels), default=4), 40)


def turns_labels(spec: ChartSpec) -> bool:
    """Whether a column chart turns its category labels: many, or too long to sit level."""
    if spec.horizontal:
        return False
    count = spec.last_row - spec.first_row + 1
    level = _longest_label(spec) * LABEL_CM * count  # the labels side by side
    return count > ROTATED_LABELS or level > _column_width(spec) - 4  # 4: the value axis


def chart_size(spec: ChartSpec) -> tuple[float, float]:
    """A chart's width and height in cm, grown with its bars and labels, within limits.

    A column chart widens with categories x series (16 to 60 cm) and heightens by what turned
    labels need; a horizontal chart heightens with its bars (7.5 to 50 cm) and widens for long
    labels (14 to 26 cm).
    """
    count = spec.last_row - spec.first_row + 1
    longest = _longest_label(spec)
    if spec.horizontal:
        bars = count * max(len(spec.series), 1)
        width = min(26.0, max(14.0, 11.0 + 1.1 * LABEL_CM * longest))
        return width, min(50.0, max(7.5, 3.5 + 0.42 * bars))
    # A label turned 45 degrees takes about 0.7 of its length in height.
    turned = 0.8 * LABEL_CM * longest if turns_labels(spec) else 0.0
    return _column_width(spec), 9.5 + turned


def _fitted_title(text: str, width_cm: float) -> str:
    """A title cut (with an ellipsis) to what a chart of this width shows on one line."""
    return _cut(text, max(20, int(width_cm / 0.25)))  # 12-point bold: 0.25 cm a character


def bar_chart(spec: ChartSpec, scale_max: float) -> BarChart:
    """A native bar chart with a fixed 0-scale axis and Okabe-Ito series colours, sized to fit.

    Many or long category labels are turned 45 degrees on a column chart; a horizontal chart
    keeps them level down the side, first row on top.
    """
    from openpyxl.chart import BarChart, Reference, Series
    from openpyxl.chart.data_source import AxDataSource, StrRef

    width, height = chart_size(spec)
    chart = BarChart()
    chart.type = "bar" if spec.horizontal else "col"
    chart.grouping = "clustered"
    chart.title = _chart_title(_fitted_title(spec.title, width))
    chart.style = 10
    chart.y_axis.title = spec.y_title
    chart.x_axis.title = spec.x_title
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = scale_max
    chart.y_axis.majorUnit = 0.5
    chart.y_axis.number_format = SCORE_FORMAT
    chart.y_axis.delete = False  # openpyxl 3.1 hides axes unless told otherwise
    chart.x_axis.delete = False
    if spec.horizontal:
        chart.x_axis.axPos = "l"
        chart.y_axis.axPos = "b"
        chart.x_axis.scaling.orientation = "maxMin"  # the first row on top, as in the sheet
        chart.y_axis.crosses = "max"  # ... and the value axis still below the bars
    else:
        chart.x_axis.axPos = "b"
        if turns_labels(spec):  # chart_size made room for them
            chart.x_axis.txPr = _turned_labels(-45)
    if len(spec.series) > 1:
        chart.legend.position = "b"
    else:
        chart.legend = None  # one series: the title says what it is
    for index, (title, column) in enumerate(spec.series):
        values = Reference(
            spec.sheet,
            min_col=column,
            max_col=column,
            min_row=spec.first_row,
            max_row=spec.last_row,
        )
        series = Series(values, title=_cut(title, SERIES_NAME))
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
        chart.series.append(series)
    categories = Reference(
        spec.sheet,
        min_col=spec.category_column,
        max_col=spec.category_column,
        min_row=spec.first_row,
        max_row=spec.last_row,
    )
    for series in chart.series:  # text categories (ids, countries): a string reference
        series.cat = AxDataSource(strRef=StrRef(f=str(categories)))
    # In cm, any number: the stubs type them int (from their defaults, 15 and 7.5).
    chart.width = width  # type: ignore[assignment]
    chart.height = height
    return chart


def _turned_labels(degrees: int) -> RichText:
    """Text properties that turn an axis' labels by `degrees` (negative: rising to the right)."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RichTextProperties,
    )

    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=CharacterProperties(sz=900)),
        endParaRPr=CharacterProperties(sz=900),
    )
    return RichText(bodyPr=RichTextProperties(rot=degrees * 60000, vert="horz"), p=[paragraph])


def _chart_title(text: str) -> Title:
    """A chart title in 12-point bold (the applications' default is larger than needed)."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
    )

    font = CharacterProperties(sz=1200, b=True)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=font), r=[RegularTextRun(rPr=font, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _stack_charts(
    sheet: WriteOnlyWorksheet, specs: Sequence[ChartSpec], column: str, scale_max: float
) -> None:
    """Charts one below the other from row 2 of `column`, each given the rows its height needs."""
    row = 2
    for spec in specs:
        chart = bar_chart(spec, scale_max)
        # The streamed sheet shares Worksheet.add_chart, which the stubs type for Worksheet.
        sheet.add_chart(chart, f"{column}{row}")  # type: ignore[misc]
        row += math.ceil(float(chart.height) / ROW_CM) + 2


def _save(book: Workbook, output: Path) -> None:
    write_atomic(output, lambda path: book.save(path))


# ---- one country ----------------------------------------------------------------------------

_SCORECARD_TABLES = ("summits", "themes", "items")
_METRICS = (*CRITERIA, "average")
_SCORECARD_HEADINGS = {
    "summit": "col-summit",
    "theme": "col-theme",
    "plan": "col-plan",
    "id": "col-id",
    "commitment": "col-commitment",
    "sub": "col-sub",
    "rank": "col-rank",
    "text": "col-text",
    "theme_name": "col-theme-name",
    "name": "col-name",
    "n_items": "col-items",
    "phase1_n": "col-phase1-items",
}
"""Headings of the flat Scorecard columns that are not about one metric."""
_METRIC_HEADINGS = (
    ("band_", "col-band"),
    ("phase1_", "col-phase1-of"),
    ("delta_", "col-delta-of"),
    ("raters_n_", "col-raters-of"),
    ("raters_sd_", "col-spread-of"),
)
"""Headings of the flat Scorecard columns about one metric ('band_relevance'), by prefix."""


def metric_heading(metric: str, lang: str = "en") -> str:
    """'Relevance', 'Average': a criterion or the average as a heading or series name."""
    return _capitalized(workbook_text(f"metric-{metric}", lang))


def scorecard_heading(column: str, lang: str = "en") -> str:
    """The heading of a flat Scorecard column in a language: 'delta_average' -> 'Change in average'.

    A column it does not know keeps its field name.
    """
    if column in _SCORECARD_HEADINGS:
        return workbook_text(_SCORECARD_HEADINGS[column], lang)
    if column in _METRICS:
        return metric_heading(column, lang)
    for prefix, key in _METRIC_HEADINGS:
        metric = column.removeprefix(prefix)
        if column.startswith(prefix) and metric in _METRICS:
            return _capitalized(
                workbook_text(key, lang, metric=workbook_text(f"metric-{metric}", lang))
            )
    return column


def scorecard_kind(column: str) -> Kind:
    """How a column of the flat Scorecard tables (cco.output.export.flat_rows) is formatted."""
    if column in _METRICS or (column.startswith("phase1_") and column != "phase1_n"):
        return Kind.score
    if column.startswith("delta_"):
        return Kind.delta
    if column.startswith("raters_sd_"):
        return Kind.number
    if column in ("rank", "theme", "commitment", "n_items", "phase1_n") or column.startswith(
        "raters_n_"
    ):
        return Kind.whole
    if column in ("text", "name", "theme_name", "commitment_text"):
        return Kind.wide
    return Kind.text


def _in_words(columns: list[str], rows: list[list[object]], lang: str) -> list[list[object]]:
    """Rows with their band cells ('medium') as level words in the language ('medio')."""
    bands = [n for n, column in enumerate(columns) if column.startswith("band_")]
    if not bands or lang == "en":
        return rows
    worded = []
    for row in rows:
        row = list(row)
        for n in bands:
            band = row[n]
            if isinstance(band, str):
                row[n] = level_word(band, lang)
        worded.append(row)
    return worded


@dataclass(frozen=True)
class _Written:
    """A Scorecard table as written: its sheet, field names and rows."""

    sheet: WriteOnlyWorksheet
    columns: list[str]
    rows: list[list[object]]


def _summit_chart(
    table: _Written,
    summit: str,
    title: str,
    category: str,
    series: tuple[str, ...],
    x_title: str,
    scale_max: float,
    lang: str,
) -> ChartSpec | None:
    """A chart of one summit's rows of a written Scorecard table; None if it has none."""
    at = table.columns.index("summit")
    found = [n for n, row in enumerate(table.rows, start=2) if row[at] == summit]
    if not found:
        return None
    category_at = table.columns.index(category)
    return ChartSpec(
        title,
        table.sheet,
        category_at + 1,
        [(metric_heading(c, lang), table.columns.index(c) + 1) for c in series],
        found[0],
        found[-1],
        x_title,
        workbook_text("axis-score", lang, max=fmt_general(scale_max)),
        labels=[str(table.rows[n - 2][category_at]) for n in found],
    )


def write_scorecard_workbook(
    card: Scorecard, output: Path, top: int | None = None, *, lang: str = "en"
) -> None:
    """Write one country's card: Summits, Themes, Items, Charts and Metadata sheets.

    Items and themes are in rank order per summit; `top` keeps the N best items per summit.
    The Charts sheet has, per summit, a bar chart of R/E/S per item and one of theme averages.
    Sheet names, headings, band words and chart texts are in `lang`.
    """
    with writing_workbook(output):
        from cco.output.export import flat_rows

        book = _new_book()
        scale_max = card.settings.scale_max
        tables = {}
        for name in _SCORECARD_TABLES:
            columns, rows = flat_rows(card, name, top)
            rows = _in_words(columns, rows, lang)
            frozen = {"items": "E2", "themes": "E2"}.get(name, "B2")
            table = SheetTable(
                workbook_text(f"sheet-{name}", lang),
                [scorecard_heading(c, lang) for c in columns],
                [scorecard_kind(c) for c in columns],
                rows,
                frozen,
            )
            tables[name] = _Written(write_table(book, table, scale_max), columns, rows)
        charts = book.create_sheet(sheet_title(workbook_text("sheet-charts", lang)))
        letters = ", ".join(translator(lang).text(f"letter:{c}") for c in CRITERIA)
        specs = []
        for summit in SUMMITS:
            title = summit_title(summit, lang)
            plans = summit == "IX"
            specs += [
                _summit_chart(
                    tables["items"],
                    summit,
                    workbook_text("chart-items", lang, summit=title, letters=letters),
                    "id",
                    CRITERIA,
                    workbook_text("axis-commitment-ranked", lang),
                    scale_max,
                    lang,
                ),
                _summit_chart(
                    tables["themes"],
                    summit,
                    workbook_text("chart-plans" if plans else "chart-themes", lang, summit=title),
                    "plan" if plans else "theme",
                    _METRICS,
                    workbook_text("axis-plan-ranked" if plans else "axis-theme-ranked", lang),
                    scale_max,
                    lang,
                ),
            ]
        _stack_charts(charts, [s for s in specs if s is not None], "A", scale_max)
        summits = ", ".join(s for s in SUMMITS if s in set(card.column("summits", "summit")))
        metric = f"metric-{card.settings.by}"  # 'average' or 'delta', said in words
        words = translator(lang)
        ranked_by = (
            words.text(f"phrase:{metric}") if words.has(f"phrase:{metric}") else card.settings.by
        )
        _written_by(
            book,
            "cco score",
            lang,
            [
                (workbook_text("meta-country", lang), card.country),
                (workbook_text("meta-source", lang), card.file),
                (workbook_text("meta-scale", lang), f"0-{fmt_general(scale_max)}"),
                (workbook_text("meta-ranked-by", lang), ranked_by),
                (workbook_text("meta-summits", lang), summits),
            ],
        )
        _save(book, output)


# ---- a comparison ---------------------------------------------------------------------------


def _theme_header(summit: str, theme: int, name: str | None, lang: str) -> str:
    tag = theme_tag(summit, theme)
    return f"{tag}. {name}" if name else phrase("theme-label", lang, theme=tag)


Column = tuple[str, Kind, str]
"""A worksheet column taken from a DataFrame: its heading's catalog entry, kind, the frame's
column ('workbook:col-country', or 'letter:relevance' for R, E, S)."""

SCORE_COLUMNS: tuple[Column, ...] = (
    ("letter:relevance", Kind.score, "relevance"),
    ("letter:effectiveness", Kind.score, "effectiveness"),
    ("letter:sustainability", Kind.score, "sustainability"),
    ("workbook:col-average", Kind.score, "average"),
    ("workbook:col-phase1", Kind.score, "phase1_average"),
    ("workbook:col-change", Kind.delta, "delta_average"),
)
"""R, E, S, the average, Phase 1 and the change: the same in every comparison sheet."""

SUMMARY_COLUMNS: tuple[Column, ...] = (
    ("workbook:col-summit", Kind.text, "summit"),
    ("workbook:col-rank", Kind.whole, "rank"),
    ("workbook:col-country", Kind.text, "label"),
    ("workbook:col-phase", Kind.text, "phase"),
    ("workbook:col-items", Kind.whole, "n_items"),
    *SCORE_COLUMNS,
    ("workbook:col-phase1-items", Kind.whole, "phase1_n"),
    ("workbook:col-file", Kind.wide, "file"),
)
"""The Summary sheet: `Comparison.countries`."""

ITEM_COLUMNS: tuple[Column, ...] = (
    ("workbook:col-country", Kind.text, "label"),
    ("workbook:col-phase", Kind.text, "phase"),
    ("workbook:col-summit", Kind.text, "summit"),
    ("workbook:col-theme", Kind.whole, "theme"),
    ("workbook:col-id", Kind.text, "id"),
    *SCORE_COLUMNS,
    ("workbook:col-rank", Kind.whole, "rank"),
    ("workbook:col-rated-by", Kind.whole, "countries_rating"),
    ("workbook:col-commitment", Kind.wide, "text"),
)
"""The Items sheet: `Comparison.commitments`, one row per country and item."""

COVERAGE_COLUMNS: tuple[Column, ...] = (
    ("workbook:col-summit", Kind.text, "summit"),
    ("workbook:col-theme", Kind.whole, "theme"),
    ("workbook:col-countries-rating", Kind.whole, "countries"),
    ("workbook:col-of", Kind.whole, "of"),
    ("workbook:col-fewest-items", Kind.whole, "items_min"),
    ("workbook:col-most-items", Kind.whole, "items_max"),
    ("workbook:col-rated-by-all", Kind.whole, "shared"),
    ("workbook:col-rated-by-any", Kind.whole, "total"),
    ("workbook:col-rated-by-one", Kind.whole, "rated_by_one"),
)
"""The Coverage sheet: `Comparison.coverage`."""


def frame_table(
    name: str,
    frame: pd.DataFrame,
    columns: Sequence[Column],
    freeze: str = "A2",
    *,
    lang: str = "en",
) -> SheetTable:
    """A sheet table of a DataFrame's columns, in the frame's row order, headed in `lang`."""
    words = translator(lang)
    return SheetTable(
        name,
        [words.text(h) for h, _, _ in columns],
        [k for _, k, _ in columns],
        FrameRows(frame[[c for _, _, c in columns]]),
        freeze,
    )


class FrameRows(Sequence[tuple[object, ...]]):
    """A frame's rows as plain tuples, made as they are read rather than all held at once.

    The Items sheet of a thousand countries has 20,000 rows: held as tuples of Python values,
    they were the largest thing a comparison workbook made.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def __len__(self) -> int:
        return len(self.frame)

    def __iter__(self) -> Iterator[tuple[object, ...]]:
        return self.frame.itertuples(index=False, name=None)

    @overload
    def __getitem__(self, index: int) -> tuple[object, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[object, ...]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return FrameRows(self.frame.iloc[index])
        return next(self.frame.iloc[[index]].itertuples(index=False, name=None))

    def column(self, index: int) -> list[object]:
        """One column's values, as the rows give them."""
        return self.frame.iloc[:, index].tolist()


def _theme_charts(
    sheet: WriteOnlyWorksheet,
    summit: str,
    headers: list[str],
    countries: list[str],
    scale_max: float,
    lang: str,
) -> list[ChartSpec]:
    """The charts of a summit's theme sheet (countries in rows 2 on, themes in columns B on).

    A few countries: one clustered chart of every theme by country. A campaign (more than
    CLUSTERED_BARS bars): a horizontal chart per theme, countries down the side, so that each
    stays readable at 20 countries and more.
    """
    themes = headers[1:]
    last_row = len(countries) + 1
    x_title = workbook_text("axis-country-ranked", lang)
    y_title = workbook_text("axis-average", lang, max=fmt_general(scale_max))
    if len(countries) * len(themes) <= CLUSTERED_BARS:
        title = workbook_text("chart-themes-by-country", lang, summit=summit_title(summit, lang))
        series = [(header, column) for column, header in enumerate(themes, start=2)]
        spec = ChartSpec(title, sheet, 1, series, 2, last_row, x_title, y_title, countries)
        return [spec]
    return [
        ChartSpec(
            workbook_text(
                "chart-theme-by-country", lang, summit=summit, theme=_cut(header, SERIES_NAME)
            ),
            sheet,
            1,
            [(workbook_text("col-average", lang), column)],
            2,
            last_row,
            x_title,
            y_title,
            countries,
            horizontal=True,
        )
        for column, header in enumerate(themes, start=2)
    ]


def _theme_sheet(
    book: Workbook, comparison: Comparison, summit: str, scale_max: float, lang: str
) -> None:
    """A summit's countries by theme: averages, then ranks, and bar charts beside them."""
    from openpyxl.utils import get_column_letter

    matrix = theme_matrix(comparison, summit)
    themes = list(matrix.names)  # the theme numbers, in the order of the frames' columns
    headings = [_theme_header(summit, t, matrix.names[t], lang) for t in themes]
    headers = [workbook_text("col-country", lang), *headings]
    headers += [workbook_text("col-rank-of", lang, tag=theme_tag(summit, t)) for t in themes]
    countries = [str(label) for label in matrix.averages.index]
    rows = [
        [label, *matrix.averages.loc[label].tolist(), *matrix.ranks.loc[label].tolist()]
        for label in matrix.averages.index
    ]
    kinds = [Kind.text, *[Kind.score] * len(themes), *[Kind.whole] * len(themes)]
    name = workbook_text("sheet-themes-of", lang, summit=summit)
    table = SheetTable(name, headers, kinds, rows, freeze="B2", wrap_header=True)
    sheet = write_table(book, table, scale_max)
    if rows:
        specs = _theme_charts(sheet, summit, headers[: len(themes) + 1], countries, scale_max, lang)
        _stack_charts(sheet, specs, get_column_letter(len(headers) + 2), scale_max)


def _commitment_sheet(book: Workbook, comparison: Comparison, scale_max: float, lang: str) -> None:
    """Items by country: what each item is, how many rated it, then each country's average."""
    matrix = commitment_matrix(comparison)
    labels = comparison.labels
    only_one = workbook_text("only-one-country", lang)
    rows = [
        [
            row["summit"],
            row["theme"],
            item_id,
            row["text"],
            row["countries_rating"],
            only_one if row["countries_rating"] == 1 else None,
            *(row[label] for label in labels),
        ]
        for item_id, row in matrix.iterrows()
    ]
    keys = ("col-summit", "col-theme", "col-id", "col-commitment", "col-rated-by", "col-note")
    headers = [*(workbook_text(key, lang) for key in keys), *labels]
    kinds = [Kind.text, Kind.whole, Kind.text, Kind.wide, Kind.whole, Kind.text]
    kinds += [Kind.score] * len(labels)
    name = workbook_text("sheet-commitments", lang)
    table = SheetTable(name, headers, kinds, rows, freeze="G2", wrap_header=True)
    write_table(book, table, scale_max)


def _files_sheet(
    book: Workbook, sheets: Sequence[SheetStatus], scale_max: float, lang: str
) -> None:
    """Every input sheet, whether it was compared and, if not, why (messages in `lang`)."""
    yes, no = workbook_text("yes", lang), workbook_text("no", lang)
    files = [
        [
            s.file,
            s.country,
            s.phase,
            yes if s.compared else no,
            # numbers in messages follow the run's format (cco.i18n.numbers)
            "; ".join(f"{localized(p, lang).message} [{p.code}]" for p in s.errors) or None,
        ]
        for s in sheets
    ]
    kinds = [Kind.wide, Kind.text, Kind.text, Kind.text, Kind.wide]
    keys = ("col-file", "col-country", "col-phase", "col-compared", "col-errors")
    headers = [workbook_text(key, lang) for key in keys]
    name = workbook_text("sheet-files", lang)
    write_table(book, SheetTable(name, headers, kinds, files), scale_max)


def write_comparison_workbook(
    comparison: Comparison,
    output: Path,
    *,
    sheets: Sequence[SheetStatus] = (),
    scale_max: float = 3.0,
    lang: str = "en",
) -> None:
    """Write a comparison as a formatted workbook with native bar charts.

    Sheets: Summary (the ranking per summit), Themes VIII and Themes IX (countries by theme,
    with charts), Commitments (items by country), Items (the long table), Coverage, Files and
    Metadata, named and headed in `lang`.

    Args:
        comparison: from `cco.scoring.compare.compare_countries`.
        output: the .xlsx path (written atomically).
        sheets: every input sheet and whether it was compared (the Files sheet).
        scale_max: the top of the scale, for the colour scale and chart axes.
        lang: the language of sheet names, headings and chart texts.

    """
    with writing_workbook(output):
        import pandas as pd

        book = _new_book()
        summary = frame_table(
            workbook_text("sheet-summary", lang),
            comparison.countries,
            SUMMARY_COLUMNS,
            freeze="D2",
            lang=lang,
        )
        write_table(book, summary, scale_max)
        for summit in [s for s in SUMMITS if s in set(comparison.themes["summit"])]:
            _theme_sheet(book, comparison, summit, scale_max, lang)
        _commitment_sheet(book, comparison, scale_max, lang)
        items = frame_table(
            workbook_text("sheet-items", lang),
            comparison.commitments,
            ITEM_COLUMNS,
            freeze="F2",
            lang=lang,
        )
        write_table(book, items, scale_max)
        del items  # the written rows: a long table at a thousand countries
        notes = pd.DataFrame(
            [asdict(n) for n in comparison.coverage], columns=[c for _, _, c in COVERAGE_COLUMNS]
        )
        coverage = frame_table(
            workbook_text("sheet-coverage", lang), notes, COVERAGE_COLUMNS, lang=lang
        )
        write_table(book, coverage, scale_max)
        _files_sheet(book, sheets, scale_max, lang)
        _written_by(book, "cco compare", lang)
        _save(book, output)
