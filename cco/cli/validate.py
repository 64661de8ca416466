"""`cco validate` and `cco rules`: check submitted sheets, and list the rules they are checked by.

Register them with `app.command()(validate)` and `app.command()(rules)`.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cco.cli.catalog import CatalogOption, NoCatalogOption, catalog_in_use
from cco.cli.common import (
    LangOption,
    ScaleOption,
    language,
    stdout_console,
    write_stdout,
)
from cco.core.status import Outcome


class ValidateFormat(StrEnum):
    """Output formats of `cco validate`."""

    text = "text"
    json = "json"
    github = "github"


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
) -> Outcome:
    """Check sheets and list every problem of every file, with its cell, code and a hint.

    Exit code: 0 clean, 1 errors found (or warnings with --strict), 2 a file could not be read.
    A folder with no sheet yet is clean (a note says so); a path that does not exist is exit 2.

    Example: cco validate submissions/ --format github
    """
    from cco.output.problem_output import github_output, print_validation, validation_json
    from cco.pipeline.score_file import FileSettings
    from cco.pipeline.validate import validate_paths
    from cco.scoring.score import ScoreSettings

    speak = language(lang)
    settings = FileSettings(
        score=ScoreSettings(scale_max=scale_max),
        catalog=catalog_in_use(catalog_file, no_catalog, speak),
    )
    report = validate_paths(paths, settings)
    if not report.files:  # only folders were given, and they hold no sheet yet: nothing is wrong
        from cco.i18n.messages import ui_text

        note = ui_text("no-sheets", speak, paths=", ".join(map(str, paths)))
        sys.stderr.write(f"cco: {note}\n")
    if fmt is ValidateFormat.json:
        write_stdout(validation_json(report, speak, strict=strict))
    elif fmt is ValidateFormat.github:
        write_stdout(github_output(report, speak))
    else:
        print_validation(stdout_console(), report, speak)
    return Outcome(report.problems, unreadable=report.unreadable, strict=strict)


def rules() -> None:
    """List every problem code with its name, severity and meaning.

    Example: cco rules
    """
    from cco.core.problems import RULES

    write_stdout(
        "".join(
            f"{rule.code}  {rule.severity.value:<7}  {rule.name:<24}  {rule.description}\n"
            for rule in RULES.values()
        )
    )
