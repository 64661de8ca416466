"""`cco compare` and `cco chart`: compare countries' sheets, and draw them.

Register them with `app.command()(compare)` and `app.command()(chart)`. Only typer, the
standard library and light cco modules load at start-up; pandas, openpyxl, matplotlib and rich
load inside the commands. Sheets are streamed: each is read, scored once and cut down to a
`CountrySummary` of a few rows before the next is read.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cco.cli.common import (
    FILE_WIDTH,
    CatalogOption,
    ConfidenceOption,
    CsvDecimal,
    CsvDecimalOption,
    ExcludeOption,
    FormatOption,
    IgnoreOption,
    LangOption,
    LocaleOption,
    Metric,
    NoCatalogOption,
    OutputFormat,
    OutputOption,
    PathsArgument,
    ScaleOption,
    SeedOption,
    SelectOption,
    SummitOption,
    batch_outcome,
    check_output,
    colour_terminal,
    file_settings,
    language,
    output_format,
    plain_width,
    reader_may_leave,
    reader_numbers,
    refuse_inapplicable,
    say,
    sheet_files,
    show_problems,
    stdout_console,
    usage_error,
    write_stdout,
)
from cco.core.status import Outcome
from cco.scoring.defaults import DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED

if TYPE_CHECKING:
    from rich.console import Console

    from cco.core.models import Problem
    from cco.pipeline.batch import Batch
    from cco.pipeline.score_file import FileSettings
    from cco.scoring.compare import Comparison

PROGRESS_MIN_SHEETS = 5
"""Batches of at least this many sheets show a progress bar (on a terminal's stderr only)."""
LISTED_LEFT_OUT = 10
"""How many left-out files the closing line names before '...'."""


class CompareTable(StrEnum):
    """Which long table a CSV export of a comparison holds."""

    countries = "countries"
    themes = "themes"
    commitments = "commitments"


@contextlib.contextmanager
def _progress(
    total: int, lang: str = "en"
) -> Iterator[tuple[Callable[[str], None], Console | None]]:
    """A transient progress bar on stderr for long batches on a terminal; else nothing.

    Yields the function that moves the bar and the console to print problems on while it
    shows (None: no bar, print as usual): lines printed there go above the bar, never into it.
    """
    if total < PROGRESS_MIN_SHEETS or not sys.stderr.isatty():
        yield (lambda _name: None), None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from cco.i18n.messages import ui_text

    with Progress(
        TextColumn(ui_text("reading", lang)),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True, highlight=False),
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)
        yield (lambda name: progress.update(task, advance=1, description=name)), progress.console


def _closing_line(batch: Batch, lang: str) -> None:
    """'compared N of M sheets', with the first sheets left out, in the reader's language."""
    left_out = batch.left_out
    counts = {"compared": len(batch.statuses) - len(left_out), "count": len(batch.statuses)}
    if not left_out:
        say("compared", lang, **counts)
        return
    names = [Path(s.file).name for s in left_out[:LISTED_LEFT_OUT]]
    more = ", ..." if len(left_out) > LISTED_LEFT_OUT else ""
    say("compared-left-out", lang, names=", ".join(names) + more, **counts)


def _table_text(heading: str, comparison: Comparison, width: int, lang: str) -> str:
    from cco.output.compare_views import summit_sections
    from cco.output.render import plain_comparison

    return plain_comparison(heading, summit_sections(comparison, width, lang), width)


# ---- the commands --------------------------------------------------------------------------


def _read(files: list[Path], settings: FileSettings, lang: str) -> Batch:
    """Read the batch, showing each sheet's problems and a progress bar as it goes."""
    from cco.pipeline.batch import read_batch

    with _progress(len(files), lang) as (advance, console):

        def on_sheet(path: Path, problems: list[Problem]) -> None:
            show_problems(problems, lang, fold=True, console=console)
            advance(path.name)

        return read_batch(files, settings, on_sheet=on_sheet)


def _nothing_left(batch: Batch, key: str, lang: str) -> Outcome:
    """Every sheet was left out: the closing line, one coded problem, exit 1.

    When no file was a sheet at all (every one a CSV of something else, CCO120), there was
    nothing to compare in the first place: CCO002, exit 2, as for a folder with no sheet.
    """
    from cco.core.models import Severity
    from cco.core.problems import make_problem

    if not any(p.severity is Severity.ERROR for p in batch.problems):
        raise usage_error("CCO002/not-a-sheet", paths=", ".join(s.file for s in batch.statuses))
    _closing_line(batch, lang)
    problem = make_problem(key)
    show_problems([problem], lang)
    return batch_outcome([*batch.problems, problem])


def _write_json_file(data: dict[str, Any], path: Path) -> None:
    from cco.output.compare_views import write_comparison_json

    with path.open("w", encoding="utf-8") as handle:
        write_comparison_json(data, handle)


def compare(
    paths: PathsArgument,
    summit: SummitOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    table: Annotated[
        CompareTable, typer.Option(help="Which long table a CSV holds.")
    ] = CompareTable.countries,
    by: Annotated[
        Metric, typer.Option(help="Rank countries, themes and commitments by this metric.")
    ] = Metric.average,
    top: Annotated[
        int | None,
        typer.Option(min=1, help="Show only the N best-ranked countries of each summit."),
    ] = None,
    resamples: Annotated[
        int, typer.Option(min=1, help="Bootstrap resamples for each country's rank certainty.")
    ] = DEFAULT_RESAMPLES,
    confidence: ConfidenceOption = DEFAULT_CONFIDENCE,
    seed: SeedOption = DEFAULT_SEED,
    scale_max: ScaleOption = None,
    catalog_file: CatalogOption = None,
    no_catalog: NoCatalogOption = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    exclude: ExcludeOption = None,
    lang: LangOption = None,
    locale: LocaleOption = None,
    csv_decimal: CsvDecimalOption = CsvDecimal.point,
) -> Outcome:
    """Compare countries: ranking per summit, themes and commitments by country.

    Each sheet is read as `cco score` reads it. A sheet with errors is reported and left out;
    the others are compared. Exit code: 0 all compared, 1 a sheet was left out, 2 could not run.

    Example: cco compare submissions/ --output comparison.xlsx
    """
    speak = language(lang)
    reader_numbers(locale)
    chosen = output_format(fmt, output)
    refuse_inapplicable(
        {
            "--table": table is not CompareTable.countries,
            "--csv-decimal": csv_decimal is not CsvDecimal.point,
        },
        chosen,
        {"--table": (OutputFormat.csv,), "--csv-decimal": (OutputFormat.csv,)},
    )
    files = sheet_files(paths, exclude, speak)
    from cco.i18n.phrases import phrase
    from cco.io.files import write_atomic, write_text_atomic
    from cco.output import compare_views as views
    from cco.scoring.compare import compare_countries, top_countries
    from cco.scoring.resampling import BootstrapSettings

    settings = file_settings(
        speak,
        scale_max=scale_max,
        catalog_file=catalog_file,
        no_catalog=no_catalog,
        select=select,
        ignore=ignore,
        bootstrap=BootstrapSettings(resamples, confidence, seed),
    )
    check_output(output, files, settings)
    scale_max = settings.score.scale_max
    batch = _read(files, settings, speak)
    if not batch.summaries:
        return _nothing_left(batch, "CCO003/compared", speak)
    comparison = compare_countries(batch.summaries, summit or [], confidence, by.value)
    if top is not None:
        comparison = top_countries(comparison, top)
    heading = phrase("comparison-heading", speak, count=len(batch.summaries))
    if chosen not in (OutputFormat.json, OutputFormat.csv) and settings.catalog is not None:
        comparison = views.comparison_in_language(comparison, settings.catalog.texts_in(speak))
    if chosen is OutputFormat.xlsx:
        from cco.output.workbook import write_comparison_workbook

        assert output is not None
        write_comparison_workbook(
            comparison, output, sheets=batch.statuses, scale_max=scale_max, lang=speak
        )
        text = None
    elif chosen is OutputFormat.json:
        # Streamed: a whole-document string would grow with the batch.
        data = views.comparison_dict(comparison, batch, scale_max)
        if output is None:
            with reader_may_leave():
                views.write_comparison_json(data, sys.stdout)
        else:
            write_atomic(output, lambda path: _write_json_file(data, path))
        text = None
    elif chosen is OutputFormat.csv:
        text = views.comparison_csv(comparison, table.value, csv_decimal is CsvDecimal.comma)
    elif chosen is OutputFormat.markdown:
        text = views.comparison_markdown(heading, views.summit_sections(comparison, None, speak))
    elif output is not None:
        text = _table_text(heading, comparison, FILE_WIDTH, speak)
    elif not colour_terminal():
        text = _table_text(heading, comparison, plain_width(), speak)
    else:
        from cco.output.render import print_comparison

        console = stdout_console(fit=True)
        sections = views.summit_sections(comparison, console.width, speak)
        print_comparison(console, heading, sections)
        text = None
    if text is not None and output is None:
        write_stdout(text)
    elif text is not None:
        assert output is not None
        write_text_atomic(output, text)
    if output is not None:
        say("wrote", speak, path=output)
    _closing_line(batch, speak)
    return batch_outcome(batch.problems)


def chart(
    paths: PathsArgument,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The figure to write: .png, .svg or .pdf.", readable=False
        ),
    ],
    summit: SummitOption = None,
    dpi: Annotated[int, typer.Option(min=50, max=600, help="Pixels per inch of a PNG.")] = 150,
    scale_max: ScaleOption = None,
    catalog_file: CatalogOption = None,
    no_catalog: NoCatalogOption = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    exclude: ExcludeOption = None,
    lang: LangOption = None,
    locale: LocaleOption = None,
) -> Outcome:
    """Draw one country's scores, or a theme x country heat map of several.

    One sheet: per summit, R/E/S bars per commitment with the Phase 1 average marked, and the
    theme averages. Several sheets (or a folder): theme averages by country, values in the
    cells. Exit code: 0 drawn, 1 a sheet was left out, 2 could not run.

    Example: cco chart data/peru-2024.xlsx --output peru.png
    """
    from cco.output.charts import CHART_SUFFIXES

    speak = language(lang)
    reader_numbers(locale)
    if output.suffix.lower() not in CHART_SUFFIXES:
        raise usage_error("CCO001/chart-name", name=output.name)
    files = sheet_files(paths, exclude, speak)
    from cco.output.charts import country_figure, heatmap_figure, write_figure
    from cco.scoring.compare import compare_countries

    # A figure draws averages only: no sheet is bootstrapped for it.
    settings = file_settings(
        speak,
        scale_max=scale_max,
        catalog_file=catalog_file,
        no_catalog=no_catalog,
        select=select,
        ignore=ignore,
    )
    check_output(output, files, settings)
    scale_max = settings.score.scale_max
    batch = _read(files, settings, speak)
    if not batch.summaries:
        return _nothing_left(batch, "CCO003/drawn", speak)
    summits = summit or []
    texts = settings.catalog.texts_in(speak) if settings.catalog is not None else None
    if len(files) == 1:
        from cco.output.views import frame_in_language

        one = batch.summaries[0]
        items, themes = one.items, one.themes
        if summits:
            items, themes = (f[f["summit"].isin(summits)] for f in (items, themes))
        if texts:
            items, themes = frame_in_language(items, texts), frame_in_language(themes, texts)
        figure = country_figure(one.country, items, themes, scale_max=scale_max, lang=speak)
    else:
        from cco.output.compare_views import comparison_in_language

        comparison = comparison_in_language(compare_countries(batch.summaries, summits), texts)
        figure = heatmap_figure(comparison, scale_max=scale_max, lang=speak)
    write_figure(figure, output, dpi=dpi)
    say("wrote", speak, path=output)
    if len(files) > 1:
        _closing_line(batch, speak)
    return batch_outcome(batch.problems)
