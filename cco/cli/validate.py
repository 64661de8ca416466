"""`cco validate` and `cco rules`: check submitted sheets, and list the rules they are checked by.

Register them with `app.command()(validate)` and `app.command()(rules)`.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cco.cli.common import (
    CatalogOption,
    ExcludeOption,
    IgnoreOption,
    LangOption,
    LocaleOption,
    NoCatalogOption,
    ScaleOption,
    SelectOption,
    file_settings,
    language,
    reader_numbers,
    rule_selection,
    say_skipped,
    stdout_console,
    strict_of,
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
        typer.Argument(
            help="Sheets, or folders of sheets, to check.", show_default=False, readable=False
        ),
    ],
    fmt: Annotated[
        ValidateFormat,
        typer.Option("--format", "-f", help="text for people, json for tools, github for CI."),
    ] = ValidateFormat.text,
    strict: Annotated[
        bool | None,
        typer.Option(
            "--strict/--no-strict",
            show_default=False,
            help="Fail on warnings too [default: the project's strict, else no].",
        ),
    ] = None,
    scale_max: ScaleOption = None,
    catalog_file: CatalogOption = None,
    no_catalog: NoCatalogOption = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    exclude: ExcludeOption = None,
    lang: LangOption = None,
    locale: LocaleOption = None,
) -> Outcome:
    """Check sheets and list every problem of every file, with its cell, code and a hint.

    Exit code: 0 clean, 1 errors found (or warnings with --strict), 2 a file could not be read.
    Folders are searched at any depth; hidden folders, lock files, catalog CSVs and what
    --exclude names are skipped. A folder with no sheet yet is clean (a note says so); a path
    that does not exist is exit 2; a CSV that is no sheet is a warning (CCO120).

    Example: cco validate submissions/ --format github
    """
    from cco.output.problem_output import github_output, print_validation, validation_json
    from cco.pipeline.validate import validate_paths

    speak = language(lang)
    reader_numbers(locale)
    settings = file_settings(
        speak,
        scale_max=scale_max,
        catalog_file=catalog_file,
        no_catalog=no_catalog,
        select=select,
        ignore=ignore,
    )
    strict = strict_of(strict)
    report = validate_paths(paths, settings, exclude or ())
    say_skipped(report.skipped, speak)
    if not report.files and not report.skipped:
        # Only folders were given, and they hold no sheet yet: nothing is wrong.
        from cco.i18n.messages import ui_text

        note = ui_text("no-sheets", speak, paths=", ".join(map(str, paths)))
        sys.stderr.write(f"cco: {note}\n")
    if fmt is ValidateFormat.json:
        write_stdout(validation_json(report, strict=strict))
    elif fmt is ValidateFormat.github:
        write_stdout(github_output(report, speak))
    else:
        print_validation(stdout_console(), report, speak)
    return Outcome(report.problems, unreadable=report.unreadable, strict=strict)


def rules(
    select: SelectOption = None, ignore: IgnoreOption = None, lang: LangOption = None
) -> None:
    """List every problem code with its name, severity and meaning; '(off)' marks a rule turned off.

    Rules are turned off by --select/--ignore, or by the project's cco.toml / [tool.cco].

    Example: cco rules --ignore CCO309
    """
    from cco.core.problems import RULES
    from cco.i18n.messages import ui_text

    speak = language(lang)
    chosen = rule_selection(select, ignore)
    off = f"  {ui_text('rule-off', speak)}"
    severities = {rule.severity: ui_text(rule.severity.value, speak) for rule in RULES.values()}
    width = max(len(word) for word in severities.values())
    write_stdout(
        "".join(
            f"{rule.code}  {severities[rule.severity]:<{width}}  {rule.name:<24}  "
            f"{rule.describe(speak)}" + ("" if chosen.is_on(rule.code) else off) + "\n"
            for rule in RULES.values()
        )
    )
