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

from cco.cli.common import (
    CatalogOption,
    ConfidenceOption,
    ExcludeOption,
    IgnoreOption,
    LangOption,
    LocaleOption,
    NoCatalogOption,
    PathsArgument,
    ScaleOption,
    SeedOption,
    SelectOption,
    SummitOption,
    batch_outcome,
    check_output,
    file_settings,
    language,
    reader_numbers,
    say,
    say_notes,
    sheet_files,
    show_problems,
    usage_error,
    write_stdout,
)
from cco.core.status import Outcome
from cco.scoring.defaults import DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED

if TYPE_CHECKING:
    from cco.core.models import Problem
    from cco.output.report import CountryReport
    from cco.pipeline.score_file import FileSettings


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
        raise usage_error("CCO001/format-unknown", name=output.name, suffixes=".html, .md")
    return found


def report(
    paths: PathsArgument,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the page to this file instead of stdout.", readable=False
        ),
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
    scale_max: ScaleOption = None,
    catalog_file: CatalogOption = None,
    no_catalog: NoCatalogOption = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    exclude: ExcludeOption = None,
    lang: LangOption = None,
    locale: LocaleOption = None,
) -> Outcome:
    """Write the country report page: results per summit and theme, charts, Phase 1, intervals.

    One self-contained HTML file (no network needed; print it to PDF from a browser, a page per
    summit) or Markdown. Several sheets add the comparison of countries. Sheets with one row per
    organization get bootstrap intervals. A sheet with errors is reported and left out. Exit
    code: 0 written, 1 a sheet was left out, 2 could not run.

    Example: cco report data/peru-2024.xlsx --output peru.html --lang es
    """
    from cco.core.models import Severity
    from cco.core.problems import make_problem
    from cco.io.files import write_text_atomic
    from cco.io.readers import reading_in_turn
    from cco.pipeline.batch import duplicated_sheets
    from cco.scoring.resampling import BootstrapSettings

    speak = language(lang)
    reader_numbers(locale)
    chosen = report_format(fmt, output)
    if output is None and chosen is ReportFormat.html and sys.stdout.isatty():
        raise usage_error("CCO001/terminal")
    files = sheet_files(paths, exclude, speak)
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
    # Intervals come with every rater sheet; a bootstrap option given means they were asked for.
    asked = (resamples, confidence, seed) != (DEFAULT_RESAMPLES, DEFAULT_CONFIDENCE, DEFAULT_SEED)
    read: list[tuple[Path, CountryReport | None]] = []
    problems: list[Problem] = []
    with reading_in_turn(files, settings.limits) as in_turn:  # one reading child for all
        for path in in_turn:
            read.append((path, _country_report(path, settings, speak, problems, asked)))
    twice = duplicated_sheets(
        [(str(path), one.card.country, one.phase) for path, one in read if one is not None]
    )
    show_problems(list(twice.values()), speak)
    problems.extend(twice.values())
    reports = [one for path, one in read if one is not None]
    reports = [one for index, one in enumerate(reports) if index not in twice]
    left_out = [path for path, one in read if one is None]
    left_out += [Path(problem.file or "") for problem in twice.values()]
    if not reports and not any(p.severity is Severity.ERROR for p in problems):
        raise usage_error("CCO002/not-a-sheet", paths=", ".join(map(str, files)))
    if not reports:
        nothing = make_problem("CCO003/reported")
        show_problems([nothing], speak)
        return batch_outcome([*problems, nothing])
    text = _page_text(reports, summit or [], chosen, speak)
    if output is None:
        write_stdout(text)
    else:
        write_text_atomic(output, text)
        say("wrote", speak, path=output)
    if left_out:
        names = ", ".join(p.name for p in left_out)
        say("left-out-of-report", speak, count=len(left_out), names=names)
    return batch_outcome(problems)


def _country_report(
    path: Path, settings: FileSettings, lang: str, problems: list[Problem], asked: bool
) -> CountryReport | None:
    """Read, score and (with rater rows) bootstrap one sheet; None when it has errors.

    The sheet's problems are shown and added to `problems`.
    """
    from cco.output.report import CountryReport
    from cco.output.views import card_in_language
    from cco.pipeline.score_file import score_file

    result = score_file(path, settings)
    show_problems(result.problems, lang, fold=True)
    problems.extend(result.problems)
    if result.card is None or result.ingest is None or result.ingest.sheet is None:
        if result.readable:
            say("errors-left-out", lang, count=len(result.errors), file=path)
        return None
    if asked:  # a sheet of means has no intervals: worth saying only to who asked for them
        say_notes(path, result.notes, lang)
    sheet = result.ingest.sheet
    texts = settings.catalog.texts_in(lang) if settings.catalog is not None else None
    return CountryReport(
        card=card_in_language(result.card, texts),
        intervals=result.intervals,
        phase=sheet.phase,
        year=sheet.year,
        source=sheet.source,
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
    page = build_report(reports, lang)
    return render_html(page) if chosen is ReportFormat.html else render_markdown(page)
