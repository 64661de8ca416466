"""What every `cco` command shares: output formats, the language option, and error reporting.

Only typer and the standard library are imported here, so that `cco --help` stays instant.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cco.core.status import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from cco.core.models import Problem


class OutputFormat(StrEnum):
    """Output formats of the commands that produce tables."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


class SummitChoice(StrEnum):
    """The two summits."""

    VIII = "VIII"
    IX = "IX"


class Language(StrEnum):
    """Languages of messages and hints."""

    en = "en"
    es = "es"
    pt = "pt"
    fr = "fr"


def finite(value: float) -> float:
    """Option callback: refuse inf and nan, which a number option would carry into every figure."""
    import math

    if not math.isfinite(value):
        raise typer.BadParameter("Input should be a finite number")
    return value


SummitOption = Annotated[
    list[SummitChoice] | None, typer.Option("--summit", help="Only this summit (repeatable).")
]
PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Country sheets (.xlsx, .xlsm, .ods, .csv), or folders of them.", show_default=False
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="Output format [default: from --output, else table]."),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
ScaleOption = Annotated[
    float, typer.Option(min=0.5, callback=finite, help="Top of the rating scale.")
]
ConfidenceOption = Annotated[
    float,
    typer.Option(
        min=0.5,
        max=0.999,
        callback=finite,
        help="Share of resamples an interval covers (0.9: 90%).",
    ),
]

LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help="Language of messages: en, es, pt, fr [default: from CCO_LANG or LANG].",
    ),
]

SUFFIX_FORMATS = {
    ".json": OutputFormat.json,
    ".csv": OutputFormat.csv,
    ".md": OutputFormat.markdown,
    ".markdown": OutputFormat.markdown,
    ".xlsx": OutputFormat.xlsx,
    ".txt": OutputFormat.table,
}


def language(choice: Language | None) -> str:
    """The language to speak: the option if given, else the environment's."""
    if choice is not None:
        return choice.value
    from cco.i18n.messages import default_language

    return default_language()


def fail(message: str, code: ExitCode = ExitCode.CANNOT_RUN) -> typer.Exit:
    """Print 'cco: message' on stderr and return the Exit to raise."""
    sys.stderr.write(f"cco: {message}\n")
    return typer.Exit(int(code))


@contextlib.contextmanager
def reported_errors(lang: str = "en") -> Iterator[None]:
    """Turn a CcoError into its one stderr line and exit code 2."""
    from cco.core.models import CcoError
    from cco.core.problems import format_problem

    try:
        yield
    except CcoError as exc:
        sys.stderr.write(format_problem(exc.problem, lang) + "\n")
        raise typer.Exit(int(ExitCode.CANNOT_RUN)) from None


CATALOG_WARNINGS_SHOWN = 3
"""Commands other than `validate` show this many catalog warnings, then count the rest."""


def show_problems(problems: list[Problem], lang: str = "en", *, fold: bool = False) -> None:
    """Print problems on stderr, one line each, errors red and warnings yellow.

    With `fold`, warnings that an item is not in the catalog (a sheet of commitments the
    catalog lacks has one per item) are cut to a few and a count; `cco validate` lists all.
    """
    if not problems:
        return
    from rich.console import Console

    from cco.output.render import print_problems

    shown, hidden = problems, 0
    if fold:
        missing = [p for p in problems if p.code == "CCO309"]
        if len(missing) > CATALOG_WARNINGS_SHOWN:
            dropped = {id(p) for p in missing[CATALOG_WARNINGS_SHOWN:]}
            shown = [p for p in problems if id(p) not in dropped]
            hidden = len(dropped)
    console = Console(stderr=True, highlight=False)
    print_problems(console, shown, lang)
    if hidden:
        from rich.text import Text

        from cco.i18n.messages import ui_text

        note = ui_text("more-not-in-catalog", lang, count=hidden)
        console.print(Text(note, style="yellow"), soft_wrap=True)


def output_format(fmt: OutputFormat | None, output: Path | None) -> OutputFormat:
    """The format asked for, else the one the output's extension names, else a table.

    Raises typer.Exit (code 2) when the format cannot be told, or xlsx has no output file.
    """
    found = fmt
    named = SUFFIX_FORMATS.get(output.suffix.lower()) if output is not None else None
    if fmt is not None and named is not None and named is not fmt:
        raise fail(f"--format {fmt.value} does not match the output name '{output.name}'")  # type: ignore[union-attr]
    if found is None and output is not None:
        found = SUFFIX_FORMATS.get(output.suffix.lower())
        if found is None:
            raise fail(
                f"cannot tell the format from '{output.name}'; use --format "
                "(or a .json, .csv, .md or .xlsx name)"
            )
    found = found or OutputFormat.table
    if found is OutputFormat.xlsx and output is None:
        raise fail("--format xlsx needs --output FILE.xlsx")
    return found


PIPE_WIDTH = 132
"""Width of tables written to a pipe (rich's 80 columns would cut them)."""

FILE_WIDTH = 160
"""Width of tables written to a file with --output."""


def colour_terminal() -> bool:
    """True when stdout is a terminal (or FORCE_COLOR asks for colour): tables go through rich."""
    import os

    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


def plain_width() -> int:
    """The width plain text tables are laid out for: $COLUMNS when set, else PIPE_WIDTH."""
    import os

    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPE_WIDTH


@contextlib.contextmanager
def reader_may_leave() -> Iterator[None]:
    """Write to stdout inside this block: a reader that closes the pipe early ends it quietly.

    `cco ... | head` then exits 0, not 1, which means "errors found".
    """
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush
        raise typer.Exit(int(ExitCode.OK)) from None
    except OSError as exc:
        stdout_failed(exc)


def stdout_failed(exc: OSError) -> None:
    """A write to stdout failed (a full disk): one line on stderr and exit 2, never exit 0.

    What stayed in the buffer is dropped, so that exiting does not fail a second time.
    """
    import os

    from cco.core.problems import format_problem, make_problem

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    problem = make_problem("CCO101/unwritable", file="<stdout>", reason=exc.strerror or str(exc))
    sys.stderr.write(format_problem(problem) + "\n")
    raise typer.Exit(int(ExitCode.CANNOT_RUN))


def write_stdout(text: str) -> None:
    """Write a command's text result to stdout (see `reader_may_leave`)."""
    with reader_may_leave():
        sys.stdout.write(text)


def stdout_console(*, width: int | None = None, fit: bool = False) -> Console:
    """A rich console on stdout; `fit` gives a pipe or file room for wide tables.

    A reader that closes the pipe early (`cco score ... | head`) ends the command quietly with
    exit code 0, not 1, which means "errors found".
    """
    import os

    from rich.console import Console

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(int(ExitCode.OK))

        def _check_buffer(self) -> None:
            try:
                super()._check_buffer()
                if self.file is sys.stdout:
                    self.file.flush()
            except BrokenPipeError:
                self.on_broken_pipe()
            except OSError as exc:
                stdout_failed(exc)

    if fit and width is None and not sys.stdout.isatty() and "COLUMNS" not in os.environ:
        width = PIPE_WIDTH
    return QuietConsole(highlight=False, width=width)
