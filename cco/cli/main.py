"""The `cco` command line: parse options, call the library, render. Nothing is computed here."""

from __future__ import annotations

import math
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from cco.cli.catalog import CatalogOption, NoCatalogOption, catalog, catalog_in_use, template
from cco.cli.common import (
    FILE_WIDTH,
    ConfidenceOption,
    FormatOption,
    LangOption,
    OutputFormat,
    OutputOption,
    ScaleOption,
    SeedOption,
    SummitChoice,
    SummitOption,
    colour_terminal,
    fail,
    language,
    output_format,
    plain_width,
    reported_errors,
    show_problems,
    stdout_console,
    write_stdout,
)
from cco.cli.compare import chart, compare
from cco.cli.report import DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED, report
from cco.core.status import ExitCode

if TYPE_CHECKING:
    from cco.core.models import Problem

app = typer.Typer(
    name="cco",
    help="Score, compare and check the evaluation sheets of the Citizen Corruption Observatory.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: faster, and "[default: ...]" is not read as markup
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Metric(StrEnum):
    """What rankings are by."""

    average = "average"
    relevance = "relevance"
    effectiveness = "effectiveness"
    sustainability = "sustainability"
    delta = "delta"


class TableChoice(StrEnum):
    """Which table a CSV export holds."""

    items = "items"
    themes = "themes"
    summits = "summits"


def _parse_bands(text: str | None) -> object:
    from cco.scoring.score import Bands

    if text is None:
        return Bands()
    try:
        medium, medium_high, high = (float(x.replace(",", ".")) for x in text.split("/"))
        if not all(map(math.isfinite, (medium, medium_high, high))):
            raise ValueError(text)
    except ValueError:
        raise fail(f"--bands takes three thresholds like 1.5/2.5/2.8, not '{text}'") from None
    if not medium <= medium_high <= high:
        raise fail("--bands thresholds must rise: medium <= medium-high <= high")
    return Bands(medium, medium_high, high)


@app.command()
def score(
    file: Annotated[Path, typer.Argument(help="A country sheet: .xlsx, .xlsm, .ods or .csv.")],
    by: Annotated[Metric, typer.Option(help="Rank themes and items by this metric.")] = (
        Metric.average
    ),
    summit: SummitOption = None,
    top: Annotated[
        int | None, typer.Option(min=1, help="Show only the N best-ranked items per summit.")
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    table: Annotated[
        TableChoice, typer.Option(help="Which table a CSV holds.")
    ] = TableChoice.items,
    baseline: Annotated[
        Path | None,
        typer.Option(help="A Phase 1 sheet; changes are computed against its scores."),
    ] = None,
    percent: Annotated[
        bool, typer.Option("--percent", help="Show scores as percentages (score / scale max).")
    ] = False,
    scale_max: ScaleOption = 3.0,
    bands: Annotated[
        str | None,
        typer.Option(help="Band thresholds medium/medium-high/high [default: 1.5/2.5/2.8]."),
    ] = None,
    intervals: Annotated[
        bool,
        typer.Option(
            "--intervals",
            help="Bootstrap intervals of scores and ranks (sheets with one row per organization).",
        ),
    ] = False,
    resamples: Annotated[
        int, typer.Option(min=1, help="Bootstrap resamples for --intervals.")
    ] = DEFAULT_RESAMPLES,
    confidence: ConfidenceOption = DEFAULT_CONFIDENCE,
    seed: SeedOption = DEFAULT_SEED,
    catalog_file: CatalogOption = None,
    no_catalog: NoCatalogOption = False,
    lang: LangOption = None,
) -> None:
    """Score one country's sheet: theme and commitment rankings per summit.

    Example: cco score data/peru-2024.xlsx --summit IX --top 5
    """
    chosen = output_format(fmt, output)
    band_thresholds = _parse_bands(bands)
    speak = language(lang)
    with reported_errors(speak):
        from cco.io.files import check_output_path
        from cco.io.ingest import read_sheet
        from cco.output.export import select
        from cco.scoring.score import ScoreSettings, score_country

        if output is not None:
            inputs = [file, *(p for p in (baseline, catalog_file) if p is not None)]
            check_output_path(output, inputs)
        known = catalog_in_use(catalog_file, no_catalog, speak)
        result = read_sheet(file, baseline=baseline, scale_max=scale_max)
        if known is not None:
            from cco.catalog.commitments import apply_catalog

            apply_catalog(result, known)
        show_problems(result.problems, speak, fold=True)
        if result.errors or result.sheet is None:
            from cco.i18n.messages import ui_text

            line = ui_text("not-scored", speak, count=len(result.errors), file=file)
            sys.stderr.write(f"cco: {line}\n")
            raise typer.Exit(int(ExitCode.INVALID))
        settings = ScoreSettings(scale_max=scale_max, bands=band_thresholds, by=by.value)  # type: ignore[arg-type]
        card = score_country(result.sheet, settings)
        _say_unranked(card, speak, summit)
        bootstrap = None
        if intervals:
            from cco.scoring.intervals import bootstrap_intervals, has_rater_ratings

            if has_rater_ratings(result.sheet):
                bootstrap = bootstrap_intervals(
                    result.sheet, card, resamples=resamples, confidence=confidence, seed=seed
                )
            else:
                from cco.output.report import report_text

                sys.stderr.write(f"cco: {file}: {report_text('no-raters', speak)}\n")
        summits = [s.value for s in summit] if summit else None
        options = EmitOptions(chosen, output, table.value, top, percent, speak)
        _emit(select(card, summits), options, result.warnings, bootstrap)


def _say_unranked(card: object, lang: str, summits: list[SummitChoice] | None) -> None:
    """A line on stderr per shown summit with nothing to rank by (e.g. --by delta, no Phase 1)."""
    from cco.i18n.messages import ui_text
    from cco.output.views import metric_label, summit_title
    from cco.scoring.score import unranked_summits

    wanted = {s.value for s in summits} if summits else None
    for summit in unranked_summits(card):  # type: ignore[arg-type]
        if wanted is None or summit in wanted:
            metric = metric_label(card.settings.by, lang)  # type: ignore[attr-defined]
            line = ui_text("unranked", lang, summit=summit_title(summit, lang), metric=metric)
            sys.stderr.write(f"cco: {line}\n")


class EmitOptions(NamedTuple):
    """How `cco score` writes its result."""

    chosen: OutputFormat
    output: Path | None
    table: str
    top: int | None
    percent: bool
    lang: str = "en"  # of the table and Markdown words; JSON and CSV keys stay English


def _emit(
    card: object, options: EmitOptions, warnings: list[Problem], intervals: object = None
) -> None:
    from cco.output import export

    chosen, output, table, top, percent, lang = options
    from cco.core.text import one_line
    from cco.io.files import write_text_atomic
    from cco.output.views import summit_views

    heading = one_line(f"{card.country} — {card.file}")  # type: ignore[attr-defined]
    if chosen is OutputFormat.xlsx:
        assert output is not None
        from cco.output.workbook import write_scorecard_workbook

        write_scorecard_workbook(card, output, top)  # type: ignore[arg-type]
        sys.stderr.write(f"cco: wrote {output}\n")
        return
    if chosen is OutputFormat.table:
        views = summit_views(card, top=top, percent=percent, intervals=intervals, lang=lang)  # type: ignore[arg-type]
        if output is None and colour_terminal():
            from cco.output.render import print_scorecard

            print_scorecard(stdout_console(fit=True), heading, views)
            return
        from cco.output.render import plain_scorecard

        text = plain_scorecard(heading, views, FILE_WIDTH if output else plain_width())
    elif chosen is OutputFormat.json:
        text = export.to_json(card, warnings, top, intervals)  # type: ignore[arg-type]
    elif chosen is OutputFormat.csv:
        text = export.to_csv(card, table, top)  # type: ignore[arg-type]
    else:
        views = summit_views(card, top=top, percent=percent, intervals=intervals, lang=lang)  # type: ignore[arg-type]
        text = export.to_markdown(heading, views)
    if output is None:
        write_stdout(text)
    else:
        write_text_atomic(output, text)
        sys.stderr.write(f"cco: wrote {output}\n")


class ValidateFormat(StrEnum):
    """Output formats of `cco validate`."""

    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Sheets, or folders of sheets, to check.", show_default=False),
    ],
    fmt: Annotated[
        ValidateFormat,
        typer.Option("--format", "-f", help="text for people, json for tools, github for CI."),
    ] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    scale_max: ScaleOption = 3.0,
    catalog_file: CatalogOption = None,
    no_catalog: NoCatalogOption = False,
    lang: LangOption = None,
) -> None:
    """Check sheets and list every problem of every file, with its cell, code and a hint.

    Exit code: 0 clean, 1 errors found (or warnings with --strict), 2 a file could not be read.

    Example: cco validate submissions/ --format github
    """
    from cco.output.problem_output import (
        github_output,
        print_validation,
        validation_exit_code,
        validation_json,
    )
    from cco.pipeline.validate import validate_paths

    speak = language(lang)
    checks = []
    with reported_errors(speak):
        known = catalog_in_use(catalog_file, no_catalog, speak)
    if known is not None:
        from cco.catalog.commitments import catalog_check

        checks.append(catalog_check(known))
    report = validate_paths(paths, scale_max=scale_max, checks=checks)
    if not report.files:
        raise fail(f"no .xlsx, .xlsm, .ods or .csv file in {', '.join(map(str, paths))}")
    if fmt is ValidateFormat.json:
        write_stdout(validation_json(report, speak, strict=strict))
    elif fmt is ValidateFormat.github:
        write_stdout(github_output(report, speak))
    else:
        print_validation(stdout_console(), report, speak)
    raise typer.Exit(int(validation_exit_code(report, strict=strict)))


app.command()(compare)
app.command()(chart)
app.command()(report)
app.command()(catalog)
app.command()(template)


@app.command()
def rules() -> None:
    """List every problem code with its name, severity and meaning.

    Example: cco rules
    """
    from cco.core.problems import RULES

    for rule in RULES.values():
        write_stdout(
            f"{rule.code}  {rule.severity.value:<7}  {rule.name:<24}  {rule.description}\n"
        )


def _lean_or_full_app() -> typer.Typer:
    """The app this run needs (see cco.cli.lean); the full app if the lean one cannot be made."""
    try:
        from cco.cli.lean import lean_app

        return lean_app(app, sys.argv[1:])
    except Exception:  # a Typer whose internals differ: correctness first, speed second
        if os.environ.get("CCO_DEBUG"):
            raise
        return app


def main() -> None:
    """Console-script entry point: run the app; an unexpected failure is one line, exit 3."""
    try:
        _lean_or_full_app()()
    except BrokenPipeError:  # the reader of stdout went away (`| head`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(int(ExitCode.OK))
    except Exception as exc:  # the last line of defence: users get one line, never a traceback
        if os.environ.get("CCO_DEBUG"):
            raise
        sys.stderr.write(
            f"cco: internal error: {type(exc).__name__}: {exc} "
            "(set CCO_DEBUG=1 to see the traceback, and please report it)\n"
        )
        sys.exit(int(ExitCode.INTERNAL))


if __name__ == "__main__":
    main()
