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

from cco.cli.catalog import CatalogOption, NoCatalogOption, catalog_in_use
from cco.cli.common import (
    FILE_WIDTH,
    ConfidenceOption,
    FormatOption,
    LangOption,
    OutputFormat,
    OutputOption,
    PathsArgument,
    ScaleOption,
    SeedOption,
    SummitOption,
    colour_terminal,
    fail,
    language,
    output_format,
    plain_width,
    reader_may_leave,
    reported_errors,
    show_problems,
    stdout_console,
    write_stdout,
)
from cco.cli.report import DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED
from cco.core.status import ExitCode

if TYPE_CHECKING:
    from cco.catalog.commitments import Catalog
    from cco.core.models import Problem
    from cco.pipeline.batch import Batch
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
def _progress(total: int) -> Iterator[Callable[[str], None]]:
    """A transient progress bar on stderr for long batches on a terminal; else nothing."""
    if total < PROGRESS_MIN_SHEETS or not sys.stderr.isatty():
        yield lambda _name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)
        yield lambda name: progress.update(task, advance=1, description=name)


def _sheet_files(paths: list[Path]) -> list[Path]:
    from cco.pipeline.validate import expand_paths

    files = list(expand_paths(paths))
    if not files:
        raise fail(f"no .xlsx, .xlsm, .ods or .csv file in {', '.join(map(str, paths))}")
    return files


def _closing_line(batch: Batch) -> str:
    left_out = batch.left_out
    line = f"cco: compared {len(batch.statuses) - len(left_out)} of {len(batch.statuses)} sheets"
    if left_out:
        names = [Path(s.file).name for s in left_out[:LISTED_LEFT_OUT]]
        more = ", ..." if len(left_out) > LISTED_LEFT_OUT else ""
        line += f"; left out: {', '.join(names)}{more}"
    return line + "\n"


def _table_text(heading: str, comparison: Comparison, width: int, lang: str) -> str:
    from cco.output.compare_views import summit_sections
    from cco.output.render import plain_comparison

    return plain_comparison(heading, summit_sections(comparison, width, lang), width)


# ---- the commands --------------------------------------------------------------------------


def _read(
    files: list[Path],
    scale_max: float,
    lang: str,
    catalog: Catalog | None,
    bootstrap: tuple[int, float, int] | None = None,
) -> Batch:
    """Read the batch, showing each sheet's problems and a progress bar as it goes.

    `bootstrap` is (resamples, confidence, seed) for rater sheets (the defaults when None).
    """
    from cco.pipeline.batch import read_batch
    from cco.scoring.intervals import BootstrapSettings

    settings = BootstrapSettings(*bootstrap) if bootstrap is not None else None

    with _progress(len(files)) as advance:

        def on_sheet(path: Path, problems: list[Problem]) -> None:
            show_problems(problems, lang, fold=True)
            advance(path.name)

        return read_batch(
            files, scale_max=scale_max, on_sheet=on_sheet, catalog=catalog, bootstrap=settings
        )


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
    resamples: Annotated[
        int, typer.Option(min=1, help="Bootstrap resamples for each country's rank certainty.")
    ] = DEFAULT_RESAMPLES,
    confidence: ConfidenceOption = DEFAULT_CONFIDENCE,
    seed: SeedOption = DEFAULT_SEED,
    scale_max: ScaleOption = 3.0,
    catalog_file: CatalogOption = None,
    no_catalog: NoCatalogOption = False,
    lang: LangOption = None,
) -> None:
    """Compare countries: ranking per summit, themes and commitments by country.

    Each sheet is read as `cco score` reads it. A sheet with errors is reported and left out;
    the others are compared. Exit code: 0 all compared, 1 a sheet was left out, 2 could not run.

    Example: cco compare submissions/ --output comparison.xlsx
    """
    chosen = output_format(fmt, output)
    speak = language(lang)
    files = _sheet_files(paths)
    with reported_errors(speak):
        from cco.i18n.phrases import phrase
        from cco.io.files import check_output_path, write_atomic, write_text_atomic
        from cco.output import compare_views as views
        from cco.scoring.compare import compare_countries

        if output is not None:
            check_output_path(output, [*files, *([catalog_file] if catalog_file else [])])
        known = catalog_in_use(catalog_file, no_catalog, speak)
        batch = _read(files, scale_max, speak, known, (resamples, confidence, seed))
        if not batch.summaries:
            sys.stderr.write(_closing_line(batch))
            raise fail("no sheet could be compared", ExitCode.INVALID)
        summits = [s.value for s in summit or []]
        comparison = compare_countries(batch.summaries, summits, confidence)
        heading = phrase("comparison-heading", speak, count=len(batch.summaries))
        if chosen is OutputFormat.xlsx:
            from cco.output.workbook import write_comparison_workbook

            assert output is not None
            write_comparison_workbook(
                comparison, output, sheets=batch.statuses, scale_max=scale_max
            )
            text = None
        elif chosen is OutputFormat.json:
            # Streamed: a whole-document string would grow with the batch.
            data = views.comparison_dict(comparison, batch, scale_max, speak)
            if output is None:
                with reader_may_leave():
                    views.write_comparison_json(data, sys.stdout)
            else:
                write_atomic(output, lambda path: _write_json_file(data, path))
            text = None
        elif chosen is OutputFormat.csv:
            text = views.comparison_csv(comparison, table.value)
        elif chosen is OutputFormat.markdown:
            text = views.comparison_markdown(
                heading, views.summit_sections(comparison, None, speak)
            )
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
            sys.stderr.write(f"cco: wrote {output}\n")
    sys.stderr.write(_closing_line(batch))
    raise typer.Exit(int(ExitCode.INVALID if batch.left_out else ExitCode.OK))


def chart(
    paths: PathsArgument,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The figure to write: .png, .svg or .pdf.")
    ],
    summit: SummitOption = None,
    dpi: Annotated[int, typer.Option(min=50, max=600, help="Pixels per inch of a PNG.")] = 150,
    scale_max: ScaleOption = 3.0,
    catalog_file: CatalogOption = None,
    no_catalog: NoCatalogOption = False,
    lang: LangOption = None,
) -> None:
    """Draw one country's scores, or a theme x country heat map of several.

    One sheet: per summit, R/E/S bars per commitment with the Phase 1 average marked, and the
    theme averages. Several sheets (or a folder): theme averages by country, values in the
    cells. Exit code: 0 drawn, 1 a sheet was left out, 2 could not run.

    Example: cco chart data/peru-2024.xlsx --output peru.png
    """
    from cco.output.charts import CHART_SUFFIXES

    if output.suffix.lower() not in CHART_SUFFIXES:
        raise fail(f"cannot draw '{output.name}': use a .png, .svg or .pdf name for --output")
    speak = language(lang)
    files = _sheet_files(paths)
    with reported_errors(speak):
        from cco.io.files import check_output_path
        from cco.output.charts import country_figure, heatmap_figure, write_figure
        from cco.scoring.compare import compare_countries

        check_output_path(output, [*files, *([catalog_file] if catalog_file else [])])
        known = catalog_in_use(catalog_file, no_catalog, speak)
        batch = _read(files, scale_max, speak, known)
        if not batch.summaries:
            sys.stderr.write(_closing_line(batch))
            raise fail("no sheet could be drawn", ExitCode.INVALID)
        summits = [s.value for s in summit or []]
        if len(files) == 1:
            one = batch.summaries[0]
            items, themes = one.items, one.themes
            if summits:
                items, themes = (f[f["summit"].isin(summits)] for f in (items, themes))
            figure = country_figure(one.country, items, themes, scale_max=scale_max)
        else:
            comparison = compare_countries(batch.summaries, summits)
            figure = heatmap_figure(comparison, scale_max=scale_max)
        write_figure(figure, output, dpi=dpi)
        sys.stderr.write(f"cco: wrote {output}\n")
    if len(files) > 1:
        sys.stderr.write(_closing_line(batch))
    raise typer.Exit(int(ExitCode.INVALID if batch.left_out else ExitCode.OK))
