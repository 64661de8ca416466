"""`cco report`: the country report page of one or several sheets, as HTML or Markdown.

Register it with `app.command()(report)`. Only typer, the standard library and light cco modules
load at start-up; pandas, numpy and the report builder load when the command runs.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cco.cli.catalog import CatalogOption, NoCatalogOption, catalog_in_use
from cco.cli.common import (
    ConfidenceOption,
    LangOption,
    PathsArgument,
    ScaleOption,
    SeedOption,
    SummitOption,
    fail,
    language,
    reported_errors,
    show_problems,
    write_stdout,
)
from cco.core.status import ExitCode

if TYPE_CHECKING:
    from cco.catalog.commitments import Catalog
    from cco.output.report import CountryReport

DEFAULT_RESAMPLES = (
    2000  # the same as cco.scoring.intervals.DEFAULT_RESAMPLES, which loads numpy's kin
)
DEFAULT_CONFIDENCE = 0.90
DEFAULT_SEED = 2024  # the same as cco.scoring.intervals.DEFAULT_SEED


class ReportFormat(StrEnum):
    """What `cco report` writes."""

    html = "html"
    markdown = "markdown"


REPORT_SUFFIXES = {
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".md": ReportFormat.markdown,
    ".markdown": ReportFormat.markdown,
}


def report_format(fmt: ReportFormat | None, output: Path | None) -> ReportFormat:
    """The format asked for, else the one the output's extension names, else HTML."""
    if fmt is not None:
        return fmt
    if output is None:
        return ReportFormat.html
    found = REPORT_SUFFIXES.get(output.suffix.lower())
    if found is None:
        raise fail(
            f"cannot tell the format from '{output.name}'; use --format (or a .html or .md name)"
        )
    return found


def report(
    paths: PathsArgument,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the page to this file instead of stdout."),
    ] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format", "-f", help="html or markdown [default: from --output, else html]."
        ),
    ] = None,
    summit: SummitOption = None,
    resamples: Annotated[
        int, typer.Option(min=1, help="Bootstrap resamples for intervals (sheets with raters).")
    ] = DEFAULT_RESAMPLES,
    confidence: ConfidenceOption = DEFAULT_CONFIDENCE,
    seed: SeedOption = DEFAULT_SEED,
    scale_max: ScaleOption = 3.0,
    catalog_file: CatalogOption = None,
    no_catalog: NoCatalogOption = False,
    lang: LangOption = None,
) -> None:
    """Write the country report page: results per summit and theme, charts, Phase 1, intervals.

    One self-contained HTML file (no network needed; print it to PDF from a browser, a page per
    summit) or Markdown. Several sheets add the comparison of countries. Sheets with one row per
    organization get bootstrap intervals. A sheet with errors is reported and left out. Exit
    code: 0 written, 1 a sheet was left out, 2 could not run.

    Example: cco report data/peru-2024.xlsx --output peru.html --lang es
    """
    chosen = report_format(fmt, output)
    speak = language(lang)
    with reported_errors(speak):
        from cco.io.files import check_output_path, write_text_atomic
        from cco.pipeline.validate import expand_paths

        files = list(expand_paths(paths))
        if not files:
            raise fail(f"no .xlsx, .xlsm, .ods or .csv file in {', '.join(map(str, paths))}")
        if output is not None:
            check_output_path(output, [*files, *([catalog_file] if catalog_file else [])])
        known = catalog_in_use(catalog_file, no_catalog, speak)
        reports, left_out = [], []
        for path in files:
            found = _country_report(path, speak, scale_max, (resamples, confidence, seed), known)
            if found is None:
                left_out.append(path)
            else:
                reports.append(found)
        if not reports:
            raise fail("no sheet could be reported", ExitCode.INVALID)
        text = _page_text(reports, [s.value for s in summit or []], chosen, speak)
        if output is None:
            write_stdout(text)
        else:
            write_text_atomic(output, text)
            sys.stderr.write(f"cco: wrote {output}\n")
    if left_out:
        names = ", ".join(p.name for p in left_out)
        sys.stderr.write(f"cco: {len(left_out)} sheet(s) left out of the report: {names}\n")
        raise typer.Exit(int(ExitCode.INVALID))


def _country_report(
    path: Path,
    lang: str,
    scale_max: float,
    bootstrap: tuple[int, float, int],
    catalog: Catalog | None,
) -> CountryReport | None:
    """Read, score and (with rater rows) bootstrap one sheet; None when it has errors.

    `bootstrap` is (resamples, confidence, seed); with a `catalog`, the sheet is checked against it
    and its empty texts and theme names are filled from it.
    """
    from cco.catalog.commitments import apply_catalog
    from cco.core.models import CcoError
    from cco.io.ingest import read_sheet
    from cco.output.report import CountryReport, report_text
    from cco.scoring.intervals import bootstrap_intervals, has_rater_ratings
    from cco.scoring.score import ScoreSettings, score_country

    try:
        result = apply_catalog(read_sheet(path, scale_max=scale_max), catalog)
    except CcoError as exc:
        show_problems([exc.problem], lang)
        return None
    show_problems(result.problems, lang, fold=True)
    if result.errors or result.sheet is None:
        sys.stderr.write(f"cco: {len(result.errors)} error(s) in {path}; left out\n")
        return None
    sheet = result.sheet
    card = score_country(sheet, ScoreSettings(scale_max=scale_max))
    intervals = None
    if has_rater_ratings(sheet):
        resamples, confidence, seed = bootstrap
        intervals = bootstrap_intervals(
            sheet, card, resamples=resamples, confidence=confidence, seed=seed
        )
    else:
        sys.stderr.write(f"cco: {path}: {report_text('no-raters', lang)}\n")
    return CountryReport(
        card=card, intervals=intervals, phase=sheet.phase, year=sheet.year, source=sheet.source
    )


def _page_text(
    reports: list[CountryReport], summits: list[str], chosen: ReportFormat, lang: str
) -> str:
    """The page of the reports (cut to `summits`, if any) as HTML or Markdown text."""
    from dataclasses import replace

    from cco.output.export import select
    from cco.output.report import build_report, render_html, render_markdown

    if summits:
        reports = [replace(r, card=select(r.card, summits)) for r in reports]
    try:
        page = build_report(reports, lang)
    except ValueError as exc:
        raise fail(str(exc)) from None
    return render_html(page) if chosen is ReportFormat.html else render_markdown(page)
