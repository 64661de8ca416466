"""Formatted .xlsx workbooks with native Excel charts: one country's Scorecard, or a comparison.

Every table gets a bold frozen header row, two-decimal number formats, column widths that fit,
and a colour scale on scores (orange 0, white mid-scale, blue top: safe for colour-blind
readers, and black text stays readable). Charts are openpyxl bar charts that Excel and
LibreOffice draw from the cells. Exporters write; they do not compute.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from cco.core.models import CRITERIA, SUMMITS, WRITTEN_BY
from cco.core.text import is_missing
from cco.i18n.phrases import summit_title
from cco.io.files import neutralize, write_atomic
from cco.scoring.compare import commitment_matrix, theme_matrix, theme_tag

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.chart import BarChart
    from openpyxl.chart.title import Title
    from openpyxl.worksheet.worksheet import Worksheet

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
CHART_ROWS = 21
"""Rows between the tops of two charts stacked on a sheet."""


class Kind(StrEnum):
    """How a column's cells are formatted."""

    text = "text"  # short text, width fitted
    wide = "wide"  # long text (commitment texts, theme names)
    score = "score"  # 0-scale: two decimals and the colour scale
    delta = "delta"  # a change: two decimals with a sign
    number = "number"  # two decimals
    whole = "whole"  # a whole number: a count, a rank, a theme number


@dataclass(frozen=True)
class SheetTable:
    """One worksheet's table: header, column kinds and plain rows (None for a missing value)."""

    name: str
    headers: list[str]
    kinds: list[Kind]
    rows: Sequence[Sequence[object]]
    freeze: str = "A2"
    wrap_header: bool = False


# ---- shared writing --------------------------------------------------------------------------


def _new_book() -> Workbook:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook opens on
    return book


def _cell_value(value: object) -> object:
    if is_missing(value):
        return None
    if isinstance(value, str):
        return neutralize(value)
    return value.item() if hasattr(value, "item") else value


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


def write_table(book: Workbook, table: SheetTable, scale_max: float) -> Worksheet:
    """Add a worksheet holding `table`, formatted: frozen bold header, formats, widths, scale.

    Returns:
        The worksheet; data rows start on row 2, in the order of `table.rows`.

    """
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(sheet_title(table.name))
    sheet.append([_cell_value(header) for header in table.headers])
    for row in table.rows:
        sheet.append([_cell_value(v) for v in row])
    wrap_header = table.wrap_header
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", start_color=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=wrap_header, vertical="bottom")
    sheet.freeze_panes = table.freeze
    last_row = len(table.rows) + 1
    formats = {
        Kind.score: SCORE_FORMAT,
        Kind.number: SCORE_FORMAT,
        Kind.delta: DELTA_FORMAT,
        Kind.whole: COUNT_FORMAT,
    }
    scored = []
    for index, (header, kind) in enumerate(zip(table.headers, table.kinds, strict=True), 1):
        letter = get_column_letter(index)
        values = [row[index - 1] for row in table.rows]
        sheet.column_dimensions[letter].width = _fitted_width(header, kind, values, wrap_header)
        if kind in formats and last_row > 1:
            for (cell,) in sheet.iter_rows(
                min_row=2, max_row=last_row, min_col=index, max_col=index
            ):
                cell.number_format = formats[kind]
        if kind is Kind.score and last_row > 1:
            scored.append(f"{letter}2:{letter}{last_row}")
    if wrap_header:
        lines = max(
            math.ceil(len(header) / (sheet.column_dimensions[get_column_letter(i)].width - 2))
            for i, header in enumerate(table.headers, start=1)
        )
        sheet.row_dimensions[1].height = LINE_HEIGHT * min(max(lines, 1), 8)
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


@dataclass(frozen=True)
class ChartSpec:
    """A clustered bar chart over cells: categories and series are column ranges of a sheet."""

    title: str
    sheet: Worksheet
    category_column: int
    series: list[tuple[str, int]]  # (title, column)
    first_row: int
    last_row: int
    x_title: str
    y_title: str


def bar_chart(spec: ChartSpec, scale_max: float) -> BarChart:
    """A native clustered bar chart with a fixed 0-scale axis and Okabe-Ito series colours."""
    from openpyxl.chart import BarChart, Reference, Series
    from openpyxl.chart.data_source import AxDataSource, StrRef

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = _chart_title(spec.title)
    chart.style = 10
    chart.y_axis.title = spec.y_title
    chart.x_axis.title = spec.x_title
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = scale_max
    chart.y_axis.majorUnit = 0.5
    chart.y_axis.number_format = SCORE_FORMAT
    chart.y_axis.delete = False  # openpyxl 3.1 hides axes unless told otherwise
    chart.x_axis.delete = False
    chart.x_axis.axPos = "b"
    chart.legend.position = "b"
    for index, (title, column) in enumerate(spec.series):
        values = Reference(
            spec.sheet,
            min_col=column,
            max_col=column,
            min_row=spec.first_row,
            max_row=spec.last_row,
        )
        series = Series(values, title=title if len(title) <= 40 else title[:39].rstrip() + "…")
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
    count = spec.last_row - spec.first_row + 1
    # In cm, any number: the stubs type it int (from its default, 15).
    chart.width = max(16.0, min(60.0, 0.35 * count * max(len(spec.series), 2) + 6))  # type: ignore[assignment]
    chart.height = 9.5
    return chart


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


def _save(book: Workbook, output: Path) -> None:
    write_atomic(output, lambda path: book.save(path))


# ---- one country ----------------------------------------------------------------------------

_SCORECARD_TABLES = ("summits", "themes", "items")


def scorecard_kind(column: str) -> Kind:
    """How a column of the flat Scorecard tables (cco.output.export.flat_rows) is formatted."""
    if column in (*CRITERIA, "average") or (column.startswith("phase1_") and column != "phase1_n"):
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


def _summit_chart(
    table: tuple[Worksheet, list[str], list[list[object]]],
    summit: str,
    title: str,
    category: str,
    series: tuple[str, ...],
    x_title: str,
    scale_max: float,
) -> ChartSpec | None:
    """A chart of one summit's rows of a written Scorecard table; None if it has none."""
    sheet, columns, rows = table
    at = columns.index("summit")
    found = [n for n, row in enumerate(rows, start=2) if row[at] == summit]
    if not found:
        return None
    return ChartSpec(
        f"{summit_title(summit)}: {title}",
        sheet,
        columns.index(category) + 1,
        [(c.capitalize(), columns.index(c) + 1) for c in series],
        found[0],
        found[-1],
        x_title,
        f"Score (0-{scale_max:g})",
    )


def write_scorecard_workbook(card: Scorecard, output: Path, top: int | None = None) -> None:
    """Write one country's card: Summits, Themes, Items, Charts and Metadata sheets.

    Items and themes are in rank order per summit; `top` keeps the N best items per summit.
    The Charts sheet has, per summit, a bar chart of R/E/S per item and one of theme averages.
    """
    from cco.output.export import flat_rows

    book = _new_book()
    scale_max = card.settings.scale_max
    tables = {}
    for name in _SCORECARD_TABLES:
        columns, rows = flat_rows(card, name, top)
        frozen = {"items": "E2", "themes": "E2"}.get(name, "B2")
        table = SheetTable(
            name.capitalize(), columns, [scorecard_kind(c) for c in columns], rows, frozen
        )
        tables[name] = (write_table(book, table, scale_max), columns, rows)
    charts = book.create_sheet("Charts")
    specs = [
        spec
        for summit in SUMMITS
        for spec in (
            _summit_chart(
                tables["items"],
                summit,
                "R, E, S per commitment",
                "id",
                CRITERIA,
                "Commitment (in rank order)",
                scale_max,
            ),
            _summit_chart(
                tables["themes"],
                summit,
                "theme averages",
                "plan" if summit == "IX" else "theme",
                (*CRITERIA, "average"),
                "Action plan (in rank order)" if summit == "IX" else "Theme (in rank order)",
                scale_max,
            ),
        )
        if spec is not None
    ]
    for index, spec in enumerate(specs):
        charts.add_chart(bar_chart(spec, scale_max), f"A{1 + CHART_ROWS * index}")
    meta = book.create_sheet("Metadata")
    for key, value in (
        (WRITTEN_BY, "cco score"),
        ("Country", card.country),
        ("Source file", card.file),
        ("Scale", f"0-{scale_max:g}"),
        ("Ranked by", card.settings.by),
        ("Summits", ", ".join(s for s in SUMMITS if s in set(card.summits["summit"]))),
    ):
        meta.append([key, neutralize(value)])
    meta.column_dimensions["A"].width = 14
    meta.column_dimensions["B"].width = max(20, min(WIDE_WIDTH, len(card.file) + 2))
    _save(book, output)


# ---- a comparison ---------------------------------------------------------------------------


def _theme_header(summit: str, theme: int, name: str | None) -> str:
    tag = theme_tag(summit, theme)
    return f"{tag}. {name}" if name else f"Theme {tag}"


Column = tuple[str, Kind, str]
"""A worksheet column taken from a DataFrame: header, kind, the frame's column."""

SCORE_COLUMNS: tuple[Column, ...] = (
    ("R", Kind.score, "relevance"),
    ("E", Kind.score, "effectiveness"),
    ("S", Kind.score, "sustainability"),
    ("Average", Kind.score, "average"),
    ("Phase 1", Kind.score, "phase1_average"),
    ("Change", Kind.delta, "delta_average"),
)
"""R, E, S, the average, Phase 1 and the change: the same in every comparison sheet."""

SUMMARY_COLUMNS: tuple[Column, ...] = (
    ("Summit", Kind.text, "summit"),
    ("Rank", Kind.whole, "rank"),
    ("Country", Kind.text, "label"),
    ("Phase", Kind.text, "phase"),
    ("Items", Kind.whole, "n_items"),
    *SCORE_COLUMNS,
    ("Phase 1 items", Kind.whole, "phase1_n"),
    ("File", Kind.wide, "file"),
)
"""The Summary sheet: `Comparison.countries`."""

ITEM_COLUMNS: tuple[Column, ...] = (
    ("Country", Kind.text, "label"),
    ("Phase", Kind.text, "phase"),
    ("Summit", Kind.text, "summit"),
    ("Theme", Kind.whole, "theme"),
    ("Id", Kind.text, "id"),
    *SCORE_COLUMNS,
    ("Rank", Kind.whole, "rank"),
    ("Rated by", Kind.whole, "countries_rating"),
    ("Commitment", Kind.wide, "text"),
)
"""The Items sheet: `Comparison.commitments`, one row per country and item."""

COVERAGE_COLUMNS: tuple[Column, ...] = (
    ("Summit", Kind.text, "summit"),
    ("Theme", Kind.whole, "theme"),
    ("Countries rating", Kind.whole, "countries"),
    ("Of", Kind.whole, "of"),
    ("Fewest items", Kind.whole, "items_min"),
    ("Most items", Kind.whole, "items_max"),
    ("Rated by all", Kind.whole, "shared"),
    ("Rated by any", Kind.whole, "total"),
    ("Rated by one", Kind.whole, "rated_by_one"),
)
"""The Coverage sheet: `Comparison.coverage`."""


def frame_table(
    name: str, frame: pd.DataFrame, columns: Sequence[Column], freeze: str = "A2"
) -> SheetTable:
    """A sheet table of a DataFrame's columns, in the frame's row order."""
    rows = frame[[c for _, _, c in columns]].itertuples(index=False, name=None)
    return SheetTable(
        name,
        [h for h, _, _ in columns],
        [k for _, k, _ in columns],
        [list(r) for r in rows],
        freeze,
    )


def _theme_sheet(book: Workbook, comparison: Comparison, summit: str, scale_max: float) -> None:
    """A summit's countries by theme: averages, then ranks, and a bar chart beside them."""
    from openpyxl.utils import get_column_letter

    matrix = theme_matrix(comparison, summit)
    themes = list(matrix.names)  # the theme numbers, in the order of the frames' columns
    headers = ["Country", *(_theme_header(summit, t, matrix.names[t]) for t in themes)]
    headers += [f"Rank {theme_tag(summit, t)}" for t in themes]
    rows = [
        [label, *matrix.averages.loc[label].tolist(), *matrix.ranks.loc[label].tolist()]
        for label in matrix.averages.index
    ]
    kinds = [Kind.text, *[Kind.score] * len(themes), *[Kind.whole] * len(themes)]
    sheet = write_table(
        book,
        SheetTable(f"Themes {summit}", headers, kinds, rows, freeze="B2", wrap_header=True),
        scale_max,
    )
    if not rows:
        return
    spec = ChartSpec(
        f"{summit_title(summit)}: theme averages by country",
        sheet,
        1,
        [(headers[i], i + 1) for i in range(1, len(themes) + 1)],
        2,
        len(rows) + 1,
        "Country (in ranking order)",
        f"Average (0-{scale_max:g})",
    )
    sheet.add_chart(bar_chart(spec, scale_max), f"{get_column_letter(len(headers) + 2)}2")


def _commitment_sheet(book: Workbook, comparison: Comparison, scale_max: float) -> None:
    """Items by country: what each item is, how many rated it, then each country's average."""
    matrix = commitment_matrix(comparison)
    labels = comparison.labels
    rows = [
        [
            row["summit"],
            row["theme"],
            item_id,
            row["text"],
            row["countries_rating"],
            "only one country" if row["countries_rating"] == 1 else None,
            *(row[label] for label in labels),
        ]
        for item_id, row in matrix.iterrows()
    ]
    headers = ["Summit", "Theme", "Id", "Commitment", "Rated by", "Note", *labels]
    kinds = [Kind.text, Kind.whole, Kind.text, Kind.wide, Kind.whole, Kind.text]
    kinds += [Kind.score] * len(labels)
    table = SheetTable("Commitments", headers, kinds, rows, freeze="G2", wrap_header=True)
    write_table(book, table, scale_max)


def write_comparison_workbook(
    comparison: Comparison,
    output: Path,
    *,
    sheets: Sequence[SheetStatus] = (),
    scale_max: float = 3.0,
) -> None:
    """Write a comparison as a formatted workbook with native bar charts.

    Sheets: Summary (the ranking per summit), Themes VIII and Themes IX (countries by theme,
    with a chart), Commitments (items by country), Items (the long table), Coverage, Files.

    Args:
        comparison: from `cco.scoring.compare.compare_countries`.
        output: the .xlsx path (written atomically).
        sheets: every input sheet and whether it was compared (the Files sheet).
        scale_max: the top of the scale, for the colour scale and chart axes.

    """
    import pandas as pd

    book = _new_book()
    summary = frame_table("Summary", comparison.countries, SUMMARY_COLUMNS, freeze="D2")
    write_table(book, summary, scale_max)
    for summit in [s for s in SUMMITS if s in set(comparison.themes["summit"])]:
        _theme_sheet(book, comparison, summit, scale_max)
    _commitment_sheet(book, comparison, scale_max)
    items = frame_table("Items", comparison.commitments, ITEM_COLUMNS, freeze="F2")
    write_table(book, items, scale_max)
    notes = pd.DataFrame(
        [asdict(n) for n in comparison.coverage], columns=[c for _, _, c in COVERAGE_COLUMNS]
    )
    write_table(book, frame_table("Coverage", notes, COVERAGE_COLUMNS), scale_max)
    files = [
        [
            s.file,
            s.country,
            s.phase,
            "yes" if s.compared else "no",
            "; ".join(f"{p.message} [{p.code}]" for p in s.errors) or None,
        ]
        for s in sheets
    ]
    kinds = [Kind.wide, Kind.text, Kind.text, Kind.text, Kind.wide]
    headers = ["File", "Country", "Phase", "Compared", "Errors"]
    write_table(book, SheetTable("Files", headers, kinds, files), scale_max)
    book.create_sheet("Metadata").append([WRITTEN_BY, "cco compare"])
    _save(book, output)
