"""`cco compare` and `cco chart`: compare countries' sheets, and draw them.

Register them with `app.command()(compare)` and `app.command()(chart)`. Only typer, the
standard library and light cco modules load at start-up; pandas, openpyxl, matplotlib and rich
load inside the commands. Sheets are streamed: each is read, scored once and cut down to a
`CountrySummary` of a few rows before the next is read.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cco.cli_common import (
    LangOption,
    OutputFormat,
    SummitChoice,
    fail,
    language,
    output_format,
    reported_errors,
    show_problems,
)
from cco.models import CcoError, Problem
from cco.problems import ExitCode, make_problem

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console

    from cco.compare import Comparison, CountrySummary, SheetStatus, ThemeMatrix
    from cco.scoring import ScoreSettings
    from cco.views import Table

COMPARE_SCHEMA_VERSION = 1
PROGRESS_MIN_SHEETS = 5
"""Batches of at least this many sheets show a progress bar (on a terminal's stderr only)."""
LISTED_LEFT_OUT = 10
"""How many left-out files the closing line names before '...'."""
SINGLE_MARK = "*"


class CompareTable(StrEnum):
    """Which long table a CSV export of a comparison holds."""

    countries = "countries"
    themes = "themes"
    commitments = "commitments"


SummitOption = Annotated[
    list[SummitChoice] | None, typer.Option("--summit", help="Only this summit (repeatable).")
]
ScaleOption = Annotated[float, typer.Option(min=0.5, help="Top of the rating scale.")]
PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Country sheets (.xlsx, .xlsm, .ods, .csv), or folders of them.", show_default=False
    ),
]


# ---- reading a batch -----------------------------------------------------------------------


@dataclass
class Batch:
    """A batch read: a summary per compared sheet, a status per sheet, every problem found."""

    summaries: list[CountrySummary]
    statuses: list[SheetStatus]
    problems: list[Problem]

    @property
    def left_out(self) -> list[SheetStatus]:
        """The sheets that were not compared."""
        return [s for s in self.statuses if not s.compared]


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


def _read_one(path: Path, settings: ScoreSettings) -> tuple[CountrySummary | None, list[Problem]]:
    """Read and score one sheet; None (with its problems) when it cannot be compared."""
    from cco.compare import summarize
    from cco.ingest import read_sheet
    from cco.scoring import score_country

    try:
        result = read_sheet(path, scale_max=settings.scale_max)
    except CcoError as exc:
        return None, [exc.problem]
    if result.errors or result.sheet is None:
        return None, result.problems
    return summarize(score_country(result.sheet, settings), result.sheet.phase), result.problems


def read_batch(files: list[Path], *, scale_max: float = 3.0, lang: str = "en") -> Batch:
    """Read, score and summarize each sheet in turn, printing its problems on stderr.

    A sheet with errors is left out. Two sheets of the same country and phase are both left out,
    with a CCO311 error on the later one (and on the earlier one, naming the later).
    """
    from cco.compare import SheetStatus, summary_key
    from cco.scoring import ScoreSettings

    settings = ScoreSettings(scale_max=scale_max)
    kept: dict[tuple[str, str], tuple[int, CountrySummary]] = {}
    duplicated: set[tuple[str, str]] = set()
    statuses: list[SheetStatus] = []
    problems: list[Problem] = []
    with _progress(len(files)) as advance:
        for path in files:
            summary, found = _read_one(path, settings)
            compared = summary is not None
            if summary is not None:
                key = summary_key(summary.country, summary.phase)
                if key in kept:
                    first_index, first = kept[key]
                    found = [*found, _duplicate(summary, first.file)]
                    if key not in duplicated:
                        earlier = statuses[first_index]
                        statuses[first_index] = replace(
                            earlier, compared=False, errors=(_duplicate(first, summary.file),)
                        )
                    duplicated.add(key)
                    compared = False
                else:
                    kept[key] = (len(statuses), summary)
            show_problems(found, lang)
            problems.extend(found)
            statuses.append(
                SheetStatus(
                    file=str(path),
                    country=summary.country if summary is not None else None,
                    phase=summary.phase if summary is not None else None,
                    compared=compared,
                    errors=tuple(p for p in found if p.is_error),
                )
            )
            advance(path.name)
    summaries = [summary for key, (_, summary) in kept.items() if key not in duplicated]
    return Batch(summaries=summaries, statuses=statuses, problems=problems)


def _duplicate(summary: CountrySummary, other: str) -> Problem:
    return make_problem(
        "CCO311",
        file=summary.file,
        country=summary.country,
        phase=summary.phase or "–",
        other=other,
    )


def _sheet_files(paths: list[Path]) -> list[Path]:
    from cco.validate import expand_paths

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


# ---- tables for people ---------------------------------------------------------------------


def ranking_table(comparison: Comparison, summit: str) -> Table:
    """The country ranking of one summit: rank, items, R, E, S, average, Phase 1, change."""
    from cco.views import SUMMIT_TITLES, Table, delta_direction, fmt_delta, fmt_score, is_missing

    rows = comparison.countries[comparison.countries["summit"] == summit]
    has_phase1 = bool(rows["phase1_average"].notna().any())
    columns = ["Rank", "Country", "Items", "R", "E", "S", "Average"]
    columns += ["Phase 1", "Change"] if has_phase1 else []
    cells, directions = [], []
    for _, row in rows.iterrows():
        line = [
            "–" if is_missing(row["rank"]) else str(int(row["rank"])),
            str(row["label"]),
            str(int(row["n_items"])),
            *(fmt_score(row[c]) for c in ("relevance", "effectiveness", "sustainability")),
            fmt_score(row["average"]),
        ]
        if has_phase1:
            line += [fmt_score(row["phase1_average"]), fmt_delta(row["delta_average"])]
        cells.append(line)
        directions.append(delta_direction(row["delta_average"]))
    numeric = {0, 2, 3, 4, 5, 6, 7, 8}
    return Table(f"{SUMMIT_TITLES[summit]}: countries", columns, cells, directions, numeric)


def theme_matrix_table(matrix: ThemeMatrix) -> Table:
    """Countries by theme of one summit: each cell 'average (rank among countries)'."""
    from cco.compare import theme_tag
    from cco.views import SUMMIT_TITLES, Table, fmt_score, is_missing

    themes = list(matrix.averages.columns)
    columns = ["Country", *(theme_tag(matrix.summit, t) for t in themes)]
    rows = []
    for label in matrix.averages.index:
        line = [str(label)]
        for theme in themes:
            average, rank = matrix.averages.at[label, theme], matrix.ranks.at[label, theme]
            line.append("–" if is_missing(average) else f"{fmt_score(average)} ({int(rank)})")
        rows.append(line)
    title = f"{SUMMIT_TITLES[matrix.summit]}: themes by country"
    return Table(title, columns, rows, [0] * len(rows), set(range(1, len(columns))))


def commitment_tables(matrix: pd.DataFrame, summit: str, width: int | None) -> list[Table]:
    """Commitments by country of one summit, split so that each table fits `width` columns.

    `matrix` is the comparison's `cco.compare.commitment_matrix`.
    """
    from cco.compare import COMMITMENT_INFO
    from cco.views import SUMMIT_TITLES, Table, fmt_score

    matrix = matrix[matrix["summit"] == summit]
    labels = [
        label for label in matrix.columns[len(COMMITMENT_INFO) :] if matrix[label].notna().any()
    ]
    groups = _column_groups(labels, [*matrix.index, "Rated by"], width)
    tables = []
    for number, group in enumerate(groups, start=1):
        rows = []
        for item_id, row in matrix.iterrows():
            count = int(row["countries_rating"])
            rated = f"{count}{SINGLE_MARK}" if count == 1 else str(count)
            rows.append([str(item_id), rated, *(fmt_score(row[label]) for label in group)])
        title = f"{SUMMIT_TITLES[summit]}: commitment averages by country"
        if len(groups) > 1:
            title += f" ({number}/{len(groups)})"
        columns = ["Id", "Rated by", *group]
        tables.append(Table(title, columns, rows, [0] * len(rows), set(range(1, len(columns)))))
    return tables


def _column_groups(labels: list[str], fixed: list[str], width: int | None) -> list[list[str]]:
    """Split country columns into groups that fit `width` next to the fixed columns."""
    if width is None or not labels:
        return [labels]
    room = width - max(len(str(f)) for f in fixed) - len("Rated by") - 4
    groups: list[list[str]] = [[]]
    used = 0
    for label in labels:
        need = max(len(label), 4) + 2
        if groups[-1] and used + need > room:
            groups.append([])
            used = 0
        groups[-1].append(label)
        used += need
    return groups


def theme_notes(matrix: ThemeMatrix) -> list[str]:
    """What a theme table's cells hold, and the name of each of its columns."""
    from cco.compare import theme_tag
    from cco.views import short_text

    word = "plan" if matrix.summit == "IX" else "theme"
    lines = [f"Each cell: the {word}'s average (the country's rank in that {word})."]
    lines += [
        f"{theme_tag(matrix.summit, t)}: {short_text(n, 90) or '(no name given)'}"
        for t, n in matrix.names.items()
    ]
    return lines


def coverage_lines(comparison: Comparison, summit: str, *, themes: bool) -> list[str]:
    """A line per coverage note of a summit (or of its themes): countries rated different items."""
    from cco.compare import theme_tag

    lines = []
    for note in comparison.coverage:
        if note.summit != summit or (note.theme is not None) != themes:
            continue
        if note.theme is None:
            scope = f"{summit} Summit"
        else:
            scope = f"{'plan' if summit == 'IX' else 'theme'} {theme_tag(summit, note.theme)}"
        lines.append(
            f"Coverage differs, {scope}: {note.countries} of {note.of} countries rated "
            f"{note.items_min}-{note.items_max} items each; of {note.total} items, "
            f"{note.shared} rated by all, {note.rated_by_one} by only one."
        )
    return lines


@dataclass
class SummitSection:
    """What the terminal and Markdown show for one summit."""

    title: str
    tables: list[tuple[Table, list[str]]]  # each table with the lines printed under it


def summit_sections(comparison: Comparison, width: int | None) -> list[SummitSection]:
    """Per summit: the ranking, the theme table, the commitment tables, each with its notes."""
    from cco.compare import commitment_matrix, theme_matrix
    from cco.models import SUMMITS
    from cco.views import SUMMIT_TITLES

    present = set(comparison.countries["summit"])
    by_commitment = commitment_matrix(comparison)
    sections = []
    for summit in [s for s in SUMMITS if s in present]:
        matrix = theme_matrix(comparison, summit)
        commitments = commitment_tables(by_commitment, summit, width)
        single = any(SINGLE_MARK in row[1] for row in commitments[0].rows)
        footnote = [f"{SINGLE_MARK} rated by one country only: not compared."] if single else []
        tables = [
            (ranking_table(comparison, summit), coverage_lines(comparison, summit, themes=False)),
            (
                theme_matrix_table(matrix),
                [*theme_notes(matrix), *coverage_lines(comparison, summit, themes=True)],
            ),
            *((table, []) for table in commitments[:-1]),
            (commitments[-1], footnote),
        ]
        sections.append(SummitSection(SUMMIT_TITLES[summit], tables))
    return sections


def print_comparison(console: Console, heading: str, sections: list[SummitSection]) -> None:
    """Print the comparison's tables and notes with rich."""
    from rich.markup import escape

    from cco.render import _rich_table

    console.print(f"[bold]{escape(heading)}[/]")
    for section in sections:
        console.print()
        console.rule(f"[bold]{escape(section.title)}[/]", align="left")
        for table, lines in section.tables:
            console.print()
            console.print(_rich_table(table, console.width))
            for line in lines:
                console.print(escape(line))


def comparison_markdown(heading: str, sections: list[SummitSection]) -> str:
    """The same tables and notes as the terminal, as Markdown."""
    from cco.export import _markdown_table

    lines = [f"# {heading}", ""]
    for section in sections:
        lines += [f"## {section.title}", ""]
        for table, notes in section.tables:
            lines += _markdown_table(table)
            lines += [*(f"- {n}" for n in notes), *([""] if notes else [])]
    return "\n".join(lines).rstrip() + "\n"


# ---- files for tools -----------------------------------------------------------------------


def comparison_json(
    comparison: Comparison, batch: Batch, scale_max: float, lang: str = "en"
) -> str:
    """The comparison as its stable JSON contract (strict: null, never NaN)."""
    from cco.compare import comparison_records
    from cco.problem_output import problem_record

    data: dict[str, Any] = {
        "schema": COMPARE_SCHEMA_VERSION,
        "scale_max": scale_max,
        "sheets": [
            {"file": s.file, "country": s.country, "phase": s.phase, "compared": s.compared}
            for s in batch.statuses
        ],
        **comparison_records(comparison),
        "problems": [problem_record(p, lang) for p in batch.problems],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def comparison_csv(comparison: Comparison, table: CompareTable) -> str:
    """One long table of the comparison as CSV, with the JSON field names; full precision."""
    from cco.compare import LONG_TABLES, table_records
    from cco.files import neutralize

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(LONG_TABLES[table.value]))
    for record in table_records(comparison, table.value):
        writer.writerow(
            [
                "" if v is None else neutralize(v) if isinstance(v, str) else v
                for v in record.values()
            ]
        )
    return buffer.getvalue()


def _table_text(heading: str, comparison: Comparison) -> str:
    from rich.console import Console

    with open(os.devnull, "w") as sink:
        console = Console(record=True, width=160, file=sink)
        print_comparison(console, heading, summit_sections(comparison, console.width))
    return console.export_text()


# ---- the commands --------------------------------------------------------------------------


def compare(
    paths: PathsArgument,
    summit: SummitOption = None,
    fmt: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="Output format [default: from --output, else table]."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    table: Annotated[
        CompareTable, typer.Option(help="Which long table a CSV holds.")
    ] = CompareTable.countries,
    scale_max: ScaleOption = 3.0,
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
        from cco.compare import compare_countries
        from cco.files import check_output_path, write_text_atomic

        if output is not None:
            check_output_path(output, files)
        batch = read_batch(files, scale_max=scale_max, lang=speak)
        if not batch.summaries:
            sys.stderr.write(_closing_line(batch))
            raise fail("no sheet could be compared", ExitCode.INVALID)
        comparison = compare_countries(batch.summaries, [s.value for s in summit or []])
        heading = f"Comparison of {len(batch.summaries)} sheets"
        if chosen is OutputFormat.xlsx:
            from cco.workbook import write_comparison_workbook

            assert output is not None
            write_comparison_workbook(
                comparison, output, sheets=batch.statuses, scale_max=scale_max
            )
            text = None
        elif chosen is OutputFormat.json:
            text = comparison_json(comparison, batch, scale_max, speak)
        elif chosen is OutputFormat.csv:
            text = comparison_csv(comparison, table)
        elif chosen is OutputFormat.markdown:
            text = comparison_markdown(heading, summit_sections(comparison, None))
        elif output is not None:
            text = _table_text(heading, comparison)
        else:
            from rich.console import Console

            # A pipe or file gets a width that fits the tables instead of rich's 80 columns.
            width = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 132
            console = Console(highlight=False, width=width)
            print_comparison(console, heading, summit_sections(comparison, console.width))
            text = None
        if text is not None and output is None:
            sys.stdout.write(text)
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
    lang: LangOption = None,
) -> None:
    """Draw one country's scores, or a theme x country heat map of several.

    One sheet: per summit, R/E/S bars per commitment with the Phase 1 average marked, and the
    theme averages. Several sheets (or a folder): theme averages by country, values in the
    cells. Exit code: 0 drawn, 1 a sheet was left out, 2 could not run.

    Example: cco chart data/peru-2024.xlsx --output peru.png
    """
    from cco.charts import CHART_SUFFIXES

    if output.suffix.lower() not in CHART_SUFFIXES:
        raise fail(f"cannot draw '{output.name}': use a .png, .svg or .pdf name for --output")
    speak = language(lang)
    files = _sheet_files(paths)
    with reported_errors(speak):
        from cco.charts import country_figure, heatmap_figure, write_figure
        from cco.compare import compare_countries
        from cco.files import check_output_path

        check_output_path(output, files)
        batch = read_batch(files, scale_max=scale_max, lang=speak)
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
