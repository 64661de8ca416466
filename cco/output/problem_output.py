"""Validation reports for people (text), machines (JSON) and GitHub Actions (annotations)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cco.core.problems import RULES, format_problem, localized
from cco.i18n.messages import counted, counted_things, ui_text
from cco.pipeline.validate import ValidationReport

if TYPE_CHECKING:
    from rich.console import Console

    from cco.core.models import Problem

VALIDATION_SCHEMA_VERSION = 1
# GitHub shows at most ten error and ten warning annotations of a step; more are dropped.
GITHUB_ANNOTATIONS_PER_KIND = 10
_LINES_PER_PRINT = 1000


def summary_line(report: ValidationReport, lang: str = "en") -> str:
    """'N files, N with errors, N errors, N warnings' in the chosen language."""
    numbers = report.summary()
    words = {name: counted(numbers[name], name, lang) for name in counted_things()}
    return ui_text("summary", lang, **{**numbers, **words})


def print_validation(console: Console, report: ValidationReport, lang: str = "en") -> None:
    """The report grouped by file: a heading per file, its problems, then the summary line."""
    from rich.text import Text

    for file_report in report.files:
        mark = ("✗", "red") if file_report.errors else ("✓", "green")
        if file_report.warnings and not file_report.errors:
            mark = ("!", "yellow")
        console.print(Text.assemble(mark, " ", (file_report.file, "bold")))
        if not file_report.problems:
            console.print(f"    {ui_text('clean', lang)}")
        # Problem lines printed in blocks: a print each cost a tenth of a millisecond of the
        # console's own work (minutes for a sheet with a million bad rows), one print of all
        # of them would hold them all again as the console's segments.
        for start in range(0, len(file_report.problems), _LINES_PER_PRINT):
            lines = Text()
            for problem in file_report.problems[start : start + _LINES_PER_PRINT]:
                colour = "red" if problem.is_error else "yellow"
                lines.append("    ")
                lines.append(format_problem(problem, lang, with_file=False), style=colour)
                lines.append("\n")
            console.print(lines, soft_wrap=True, end="")
    console.print(Text(summary_line(report, lang), style="bold"))


def problem_record(problem: Problem) -> dict[str, Any]:
    """One problem as the JSON contract describes it, its message and hint in English.

    JSON is for machines: the same bytes in every language and locale (codes and names say
    the rest).
    """
    from cco.i18n.numbers import MACHINE, numbers_in

    with numbers_in(MACHINE):  # the message as made, whatever format people read
        problem = localized(problem, "en")
    return {
        "code": problem.code,
        "name": RULES[problem.code].name,
        "severity": problem.severity.value,
        "file": problem.file,
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "header": problem.header,
        "message": problem.message,
        "hint": problem.hint,
    }


def validation_json(report: ValidationReport, *, strict: bool = False) -> str:
    """The report as stable JSON: summary, then each file with its problems (in English)."""
    data = {
        "schema": VALIDATION_SCHEMA_VERSION,
        "valid": report.valid and not (strict and report.problems),
        "summary": report.summary(),
        "files": [
            {
                "file": file_report.file,
                "readable": file_report.readable,
                "errors": file_report.errors,
                "warnings": file_report.warnings,
                "problems": [problem_record(p) for p in file_report.problems],
            }
            for file_report in report.files
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, lang: str = "en") -> str:
    """One '::error file=...,line=...,title=CODE::message' workflow command."""
    problem = localized(problem, lang)
    kind = "error" if problem.is_error else "warning"
    properties = [f"file={_escape_property(problem.file or '')}"]
    if problem.row is not None:
        properties.append(f"line={problem.row}")
    properties.append(f"title={_escape_property(problem.code + ' ' + RULES[problem.code].name)}")
    # The file and row are the annotation's own properties; the words name the rest, in `lang`.
    words = (ui_text("sheet", lang), ui_text("row", lang), ui_text("column", lang))
    where = problem.replace(row=None).location(words, with_file=False)
    message = f"{where}: {problem.message}" if where else problem.message
    if problem.hint:
        message += f" ({problem.hint})"
    return f"::{kind} {','.join(properties)}::{_escape_data(message)}"


def github_output(report: ValidationReport, lang: str = "en") -> str:
    """The full plain report for the log, then annotations for the first problems of each kind."""
    lines: list[str] = []
    for file_report in report.files:
        lines.extend(format_problem(p, lang) for p in file_report.problems)
    lines.append(summary_line(report, lang))
    counts = {"error": 0, "warning": 0}
    skipped = 0
    for problem in report.problems:
        kind = "error" if problem.is_error else "warning"
        if counts[kind] < GITHUB_ANNOTATIONS_PER_KIND:
            counts[kind] += 1
            lines.append(github_annotation(problem, lang))
        else:
            skipped += 1
    if skipped:
        note = ui_text("not-annotated", lang, count=skipped, limit=GITHUB_ANNOTATIONS_PER_KIND)
        lines.append(f"::notice title=cco::{_escape_data(note)}")
    return "\n".join(lines) + "\n"
