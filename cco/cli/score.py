"""`cco score`: one country's sheet in, ranked theme and commitment tables out.

Register it with `app.command()(score)`. Only typer, the standard library and light cco modules
load at start-up; pandas and the writers load when the command runs.
"""

from __future__ import annotations

import math
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from cco.cli.common import (
    FILE_WIDTH,
    CatalogOption,
    ConfidenceOption,
    CsvDecimal,
    CsvDecimalOption,
    FormatOption,
    IgnoreOption,
    LangOption,
    LocaleOption,
    Metric,
    NoCatalogOption,
    OutputFormat,
    OutputOption,
    ScaleOption,
    SeedOption,
    SelectOption,
    SummitOption,
    check_output,
    colour_terminal,
    file_settings,
    language,
    output_format,
    plain_width,
    reader_numbers,
    refuse_inapplicable,
    say,
    say_notes,
    show_problems,
    stdout_console,
    usage_error,
    write_stdout,
)
from cco.core.status import Outcome
from cco.scoring.defaults import DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED

if TYPE_CHECKING:
    from cco.core.models import Problem
    from cco.scoring.intervals import Intervals
    from cco.scoring.score import Bands, Scorecard


class TableChoice(StrEnum):
    """Which table a CSV export holds."""

    items = "items"
    themes = "themes"
    summits = "summits"


def parse_bands(text: str | None) -> Bands:
    """The --bands option ('1.5/2.5/2.8') as Bands; a usage error (CCO001) when it is not."""
    from cco.scoring.score import Bands

    if text is None:
        return Bands()
    try:
        medium, medium_high, high = (float(x.replace(",", ".")) for x in text.split("/"))
        if not all(map(math.isfinite, (medium, medium_high, high))):
            raise ValueError(text)
    except ValueError:
        raise usage_error("CCO001/bands-format", text=text) from None
    if not medium <= medium_high <= high:
        raise usage_error("CCO001/bands-order")
    return Bands(medium, medium_high, high)


def score(
    file: Annotated[
        Path,
        typer.Argument(help="A country sheet: .xlsx, .xlsm, .ods or .csv.", readable=False),
    ],
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
        typer.Option(
            help="A Phase 1 sheet; changes are computed against its scores.", readable=False
        ),
    ] = None,
    percent: Annotated[
        bool, typer.Option("--percent", help="Show scores as percentages (score / scale max).")
    ] = False,
    scale_max: ScaleOption = None,
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
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    lang: LangOption = None,
    locale: LocaleOption = None,
    csv_decimal: CsvDecimalOption = CsvDecimal.point,
) -> Outcome:
    """Score one country's sheet: theme and commitment rankings per summit.

    Example: cco score data/peru-2024.xlsx --summit IX --top 5
    """
    from cco.pipeline.score_file import score_file
    from cco.scoring.resampling import BootstrapSettings

    speak = language(lang)
    reader_numbers(locale)
    chosen = output_format(fmt, output)
    refuse_inapplicable(
        {
            "--percent": percent,
            "--table": table is not TableChoice.items,
            "--csv-decimal": csv_decimal is not CsvDecimal.point,
        },
        chosen,
        {
            "--percent": (OutputFormat.table, OutputFormat.markdown),
            "--table": (OutputFormat.csv,),
            "--csv-decimal": (OutputFormat.csv,),
        },
    )
    settings = file_settings(
        speak,
        scale_max=scale_max,
        catalog_file=catalog_file,
        no_catalog=no_catalog,
        select=select,
        ignore=ignore,
        bootstrap=BootstrapSettings(resamples, confidence, seed) if intervals else None,
        baseline=baseline,
        frames=False,  # every output of a card is made from its plain columns
        bands=parse_bands(bands),
        by=by.value,
    )
    check_output(output, [file], settings)
    result = score_file(file, settings)
    result.problems = _baseline_in_view(result.problems, summit)
    show_problems(result.problems, speak, fold=True)
    if result.not_a_sheet:
        raise usage_error("CCO002/not-a-sheet", paths=str(file))
    if result.card is None:
        if result.readable:
            from cco.i18n.messages import ui_text

            line = ui_text("not-scored", speak, count=len(result.errors), file=file)
            sys.stderr.write(f"cco: {line}\n")
        return Outcome(result.problems, unreadable=0 if result.readable else 1)
    _say_unranked(result.card, speak, summit)
    say_notes(file, result.notes, speak)
    from cco.output.export import select as select_summits

    card = select_summits(result.card, summit)
    if chosen not in (OutputFormat.json, OutputFormat.csv) and settings.catalog is not None:
        from cco.output.views import card_in_language

        card = card_in_language(card, settings.catalog.texts_in(speak))
    if summit and not card.column("items", "id"):
        from cco.i18n.messages import ui_text

        note = ui_text("empty-selection", speak, file=file, summits=", ".join(summit))
        sys.stderr.write(f"cco: {note}\n")
        return Outcome(result.problems)
    comma = csv_decimal is CsvDecimal.comma
    options = EmitOptions(chosen, output, table.value, top, percent, speak, comma)
    _emit(card, options, result.warnings, result.intervals)
    return Outcome(result.problems)


def _baseline_in_view(problems: list[Problem], summits: list[str] | None) -> list[Problem]:
    """The problems, less a baseline's items (CCO306) of summits --summit leaves out.

    `--summit VIII` with a baseline of both summits says nothing about the IX items it
    does not show.
    """
    if not summits:
        return problems
    from cco.core.ids import parse_id

    def shown(problem: Problem) -> bool:
        found = parse_id(str(problem.params.get("id", ""))) if problem.code == "CCO306" else None
        return found is None or found.summit in summits

    return [problem for problem in problems if shown(problem)]


def _say_unranked(card: Scorecard, lang: str, summits: list[str] | None) -> None:
    """A line on stderr per shown summit with nothing to rank by (e.g. --by delta, no Phase 1)."""
    from cco.scoring.score import unranked_summits

    wanted = set(summits) if summits else None
    unranked = [s for s in unranked_summits(card) if wanted is None or s in wanted]
    if not unranked:  # the usual case: the views' module is not needed
        return
    from cco.i18n.messages import ui_text
    from cco.output.views import metric_label, summit_title

    for summit in unranked:
        metric = metric_label(card.settings.by, lang)
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
    decimal_comma: bool = False  # CSV as a spreadsheet in a comma locale reads it


def _emit(
    card: Scorecard,
    options: EmitOptions,
    warnings: list[Problem],
    intervals: Intervals | None = None,
) -> None:
    from cco.core.text import one_line
    from cco.io.files import write_text_atomic
    from cco.output import export

    chosen, output, table, top, percent, lang, decimal_comma = options
    heading = one_line(f"{card.country} — {card.file}")
    if chosen is OutputFormat.xlsx:
        from cco.output.workbook import write_scorecard_workbook

        assert output is not None  # output_format refuses xlsx without an output
        write_scorecard_workbook(card, output, top, lang=lang)
        say("wrote", lang, path=output)
        return
    if chosen is OutputFormat.table:
        from cco.output.views import summit_views  # the views' module: tables people read

        views = summit_views(card, top=top, percent=percent, intervals=intervals, lang=lang)
        if output is None and colour_terminal():
            from cco.output.render import print_scorecard

            print_scorecard(stdout_console(fit=True), heading, views)
            return
        from cco.output.render import plain_scorecard

        text = plain_scorecard(heading, views, FILE_WIDTH if output else plain_width())
    elif chosen is OutputFormat.json:
        text = export.to_json(card, warnings, top, intervals)
    elif chosen is OutputFormat.csv:
        text = export.to_csv(card, table, top, decimal_comma)
    else:  # Markdown is a document: texts are kept whole
        from cco.output.views import summit_views

        views = summit_views(
            card, top=top, percent=percent, intervals=intervals, lang=lang, whole_texts=True
        )
        text = export.to_markdown(heading, views)
    if output is None:
        write_stdout(text)
    else:
        write_text_atomic(output, text)
        say("wrote", lang, path=output)
