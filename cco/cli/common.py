"""What every `cco` command shares: output formats, the language option, and error reporting.

Only typer and the standard library are imported here, so that `cco --help` stays instant.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cco.core.status import ExitCode
from cco.i18n.catalogs import available_languages

if TYPE_CHECKING:
    from rich.console import Console

    from cco.catalog.commitments import Catalog
    from cco.core.models import CcoError, Problem
    from cco.core.problems import RuleSelection
    from cco.core.status import Outcome
    from cco.i18n.numbers import NumberFormat
    from cco.pipeline.config import ProjectConfig
    from cco.pipeline.score_file import FileSettings
    from cco.pipeline.sheets import Skipped
    from cco.scoring.resampling import BootstrapSettings


class Metric(StrEnum):
    """What rankings are by."""

    average = "average"
    relevance = "relevance"
    effectiveness = "effectiveness"
    sustainability = "sustainability"
    delta = "delta"


class OutputFormat(StrEnum):
    """Output formats of the commands that produce tables."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


SUMMIT_SPELLINGS = {"viii": "VIII", "8": "VIII", "ix": "IX", "9": "IX"}
"""What --summit takes, in any case: the summit's numeral or its number."""


def summit_names(values: list[str] | None) -> list[str] | None:
    """Option callback: --summit values as 'VIII'/'IX', each once; a bad one is a usage error."""
    if not values:
        return None
    names: list[str] = []
    for value in values:
        name = SUMMIT_SPELLINGS.get(value.strip().lower())
        if name is None:
            raise typer.BadParameter(f"'{value}' is not one of VIII, IX, 8, 9")
        if name not in names:
            names.append(name)
    return names


LANGUAGES = available_languages()
"""The languages of messages: one per catalog in cco/i18n/locale, so a new catalog adds one."""


def known_language(value: str | None) -> str | None:
    """Option callback: refuse a language that has no catalog, naming those that do."""
    if value is None or value in LANGUAGES:
        return value
    choices = ", ".join(repr(code) for code in LANGUAGES)
    raise typer.BadParameter(f"{value!r} is not one of {choices}.")


def finite(value: float | None) -> float | None:
    """Option callback: refuse inf and nan, which a number option would carry into every figure."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter("Input should be a finite number")
    return value


SummitOption = Annotated[
    list[str] | None,
    typer.Option(
        "--summit",
        metavar="VIII|IX",
        callback=summit_names,
        help="Only this summit: VIII or IX, also 8 or 9, any case (repeatable).",
    ),
]
# Path parameters say `readable=False`: Typer would refuse a path it may not read with an
# English line that cco can only call "invalid value"; cco's reading reports it (CCO101: the
# file or folder, and why).
PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Country sheets (.xlsx, .xlsm, .ods, .csv), or folders of them.",
        show_default=False,
        readable=False,
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="Output format [default: from --output, else table]."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of stdout.", readable=False),
]
ScaleOption = Annotated[
    float | None,
    typer.Option(
        min=0.5,
        max=100.0,  # cco.pipeline.config's MIN_SCALE and MAX_SCALE
        callback=finite,
        show_default=False,
        help="Top of the rating scale [default: the project's scale, else 3].",
    ),
]
CatalogOption = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        envvar="CCO_CATALOG",
        readable=False,
        help="A catalog file that extends the shipped one (same columns as data/catalog.csv).",
    ),
]

NoCatalogOption = Annotated[
    bool,
    typer.Option("--no-catalog", help="Do not check ids, themes and texts against the catalog."),
]
"""The catalog options of every command that reads sheets."""


SelectOption = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        metavar="CODE",
        show_default=False,
        help="Report only these rules: codes or prefixes such as CCO3 (repeatable) "
        "[default: the project's select, else all].",
    ),
]
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="GLOB",
        show_default=False,
        help="Skip files and folders matching this pattern, such as drafts or 'old/*' "
        "(repeatable).",
    ),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore",
        metavar="CODE",
        show_default=False,
        help="Do not report these rules: codes or prefixes such as CCO309 (repeatable) "
        "[default: the project's ignore, else none].",
    ),
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
SeedOption = Annotated[
    int,
    typer.Option(
        min=0,
        help="Base seed of the bootstrap's random draws (each sheet gets its own stream from it).",
    ),
]

LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar=f"<{'|'.join(LANGUAGES)}>",
        callback=known_language,
        help=f"Language of messages: {', '.join(LANGUAGES)} "
        "[default: the project's lang, else from CCO_LANG or LANG].",
    ),
]


class CsvDecimal(StrEnum):
    """The decimal mark of CSV output."""

    point = "point"
    comma = "comma"


CsvDecimalOption = Annotated[
    CsvDecimal,
    typer.Option(
        "--csv-decimal",
        help="comma: write CSV as spreadsheets in Spanish, Portuguese or French read it "
        "(1,5 and semicolons); the header stays the same.",
    ),
]

LocaleOption = Annotated[
    str | None,
    typer.Option(
        "--locale",
        metavar="LOCALE",
        show_default=False,
        help="How numbers read for people, such as es_AR (1,26) or es_PE (1.26); JSON and CSV "
        "keep 1.26 [default: the project's locale, else from CCO_LOCALE, LC_ALL, LC_NUMERIC or "
        "LANG].",
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


_SPOKEN: ContextVar[str | None] = ContextVar("cco_language", default=None)
"""The language this run speaks, once a command has resolved it (see `spoken_language`)."""


def language(choice: str | None) -> str:
    """The language to speak: the option if given, else the project's, else the environment's.

    It is remembered for the run: the run's problem lines (`cco.cli.main`) are written in it.
    """
    if choice is not None:
        speak = choice
    else:
        from cco.i18n.messages import default_language

        configured = project_config().lang
        speak = configured if configured in LANGUAGES else default_language()
    _SPOKEN.set(speak)
    return speak


def reader_numbers(choice: str | None) -> NumberFormat:
    """The number format to write for people in, set for the run (see cco.i18n.numbers).

    The option if given, else the project's locale, else the environment's; a locale the
    CLDR does not know is a usage error (CCO001) when asked for by name, and the machine
    format when it only comes from the environment (LANG=C.UTF-8, or one CLDR lacks).
    """
    from cco.i18n.numbers import locale_from_environment, number_format, use_numbers

    asked = choice if choice is not None else project_config().locale
    if asked is None:
        numbers = locale_from_environment()
    else:
        found = number_format(asked)
        if found is None:
            raise usage_error("CCO001/unknown-locale", locale=asked)
        numbers = found
    use_numbers(numbers)
    return numbers


_CONFIGS: dict[Path, ProjectConfig] = {}


def project_config() -> ProjectConfig:
    """The project settings found from the current folder upwards (read once per folder).

    A settings file that cannot be used is a usage error (CCO006), never silently skipped.
    """
    from cco.pipeline.config import load_config

    here = Path.cwd()
    if here not in _CONFIGS:
        _CONFIGS[here] = load_config(here)
    return _CONFIGS[here]


def rule_selection(select: list[str] | None, ignore: list[str] | None) -> RuleSelection:
    """The rules that report: the options where given, else the project's; CCO007 for a typo."""
    from cco.core.problems import RuleSelection

    config = project_config()
    chosen = RuleSelection(
        select=tuple(select) if select else config.select,
        ignore=tuple(ignore) if ignore else config.ignore,
    )
    for prefix in chosen.unknown():
        raise usage_error("CCO007", prefix=prefix)
    return chosen


def scale_of(scale_max: float | None) -> float:
    """The top of the rating scale: the option, else the project's, else 3."""
    if scale_max is not None:
        return scale_max
    configured = project_config().scale
    return configured if configured is not None else 3.0


def strict_of(strict: bool | None) -> bool:
    """Whether warnings fail the run: the option, else the project's, else no."""
    return bool(project_config().strict) if strict is None else strict


def speak_early(lang: str | None) -> None:
    """Speak `lang` from the start of the run (the `--lang` found before options are parsed).

    None leaves the language to the environment until the command resolves it.
    """
    _SPOKEN.set(lang)


def spoken_language() -> str:
    """The language the running command chose, else the environment's."""
    speak = _SPOKEN.get()
    if speak is None:
        from cco.i18n.messages import default_language

        speak = default_language()
    return speak


def usage_error(key: str, **params: Any) -> CcoError:
    """The error to raise for a usage problem ('CCO001/bands-order'): exit 2, one coded line."""
    from cco.core.models import CcoError
    from cco.core.problems import make_problem

    return CcoError(make_problem(key, **params))


def refuse_inapplicable(
    given: dict[str, bool], chosen: OutputFormat, applies_to: dict[str, tuple[OutputFormat, ...]]
) -> None:
    """A usage error (CCO001) for an option given with a format it has no effect on.

    `given` maps an option's name to whether the user gave it; `applies_to` maps it to the
    formats it changes. Silently ignoring it would leave the user believing it was applied.
    """
    for option, was_given in given.items():
        formats = applies_to[option]
        if was_given and chosen not in formats:
            raise usage_error(
                "CCO001/not-applicable",
                option=option,
                format=chosen.value,
                formats=", ".join(f.value for f in formats),
            )


def batch_outcome(problems: Sequence[Problem]) -> Outcome:
    """The outcome of a batch that went on past its bad sheets.

    A sheet with errors is left out (exit 1); a path that does not exist or cannot be opened
    (CCO101) is a mistake on the command line, not in a sheet, so the run could not do what
    was asked: exit 2, as `validate` and `score` give, and CI tells a typo from a bad sheet.
    """
    from cco.core.status import Outcome

    missing = sum(1 for problem in problems if problem.code == "CCO101")
    return Outcome(problems, unreadable=missing)


def say(key: str, lang: str, **params: object) -> None:
    """One 'cco: ...' line on stderr, in the reader's language (a ui key of the catalogs)."""
    from cco.i18n.messages import ui_text

    sys.stderr.write(f"cco: {ui_text(key, lang, **params)}\n")


def say_notes(path: Path, notes: list[str], lang: str) -> None:
    """One stderr line per note of a file's result ('no-raters': a sheet of means, no intervals)."""
    if not notes:
        return
    from cco.output.report import report_text

    for note in notes:
        sys.stderr.write(f"cco: {path}: {report_text(note, lang)}\n")


def sheet_files(
    paths: list[Path], exclude: list[str] | None = None, lang: str = "en"
) -> list[Path]:
    """The sheet files the paths name (folders searched at any depth, `exclude` left out).

    A file named explicitly that is no sheet (a catalog CSV) gets a note on stderr; a usage
    error (CCO002) when no sheet is left.
    """
    from cco.pipeline.sheets import find_sheets

    search = find_sheets(paths, exclude or ())
    say_skipped(search.skipped, lang)
    if not search.files:
        raise usage_error("CCO002", paths=", ".join(map(str, paths)))
    return search.files


def say_skipped(skipped: Sequence[tuple[Path, Skipped]], lang: str = "en") -> None:
    """One stderr note per file named explicitly but passed over (a catalog CSV, a lock file)."""
    from cco.i18n.messages import ui_text

    for path, reason in skipped:
        sys.stderr.write(f"cco: {ui_text(reason.value, lang, path=path)}\n")


CATALOG_WARNINGS_SHOWN = 3
"""Commands other than `validate` show this many catalog warnings, then count the rest."""


def show_problems(
    problems: list[Problem],
    lang: str = "en",
    *,
    fold: bool = False,
    console: Console | None = None,
) -> None:
    """Print problems on stderr, one line each, errors red and warnings yellow.

    With `fold`, warnings that an item is not in the catalog (a sheet of commitments the
    catalog lacks has one per item) are cut to a few and a count; `cco validate` lists all.
    `console` is the stderr console to print on: a progress display's own, so that lines go
    above its bar instead of into it.
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
    console = console or Console(stderr=True, highlight=False)
    print_problems(console, shown, lang)
    if hidden:
        from rich.text import Text

        from cco.i18n.messages import ui_text

        note = ui_text("more-not-in-catalog", lang, count=hidden)
        console.print(Text(note, style="yellow"), soft_wrap=True)


def output_format(fmt: OutputFormat | None, output: Path | None) -> OutputFormat:
    """The format asked for, else the one the output's extension names, else a table.

    Raises a usage error (CCO001) when the format cannot be told, or xlsx has no output file.
    """
    found = fmt
    if output is not None:
        named = SUFFIX_FORMATS.get(output.suffix.lower())
        if fmt is not None and named is not None and named is not fmt:
            raise usage_error("CCO001/format-mismatch", format=fmt.value, name=output.name)
        if found is None:
            found = named
            if found is None:
                suffixes = ".json, .csv, .md, .xlsx"
                raise usage_error("CCO001/format-unknown", name=output.name, suffixes=suffixes)
    found = found or OutputFormat.table
    if found is OutputFormat.xlsx and output is None:
        raise usage_error("CCO001/xlsx-needs-output")
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

    The command then goes on to its outcome, so that `cco validate ... | head` still exits 1
    when it found errors (what `set -o pipefail` reports), and 0 only when it found none.
    """
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush
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

    A reader that closes the pipe early (`cco validate ... | head`) ends the output quietly; the
    command goes on to its outcome and exit code, as in `reader_may_leave`.
    """
    import os

    from rich.console import Console

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # what follows is written to nobody

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


def open_catalog(catalog_file: Path | None, lang: str = "en") -> Catalog:
    """Load the catalog in use, print its problems, and stop (CCO116, exit 2) when a row is bad."""
    from cco.catalog.commitments import load_catalog

    known = load_catalog(catalog_file)
    show_problems(list(known.problems), lang)
    if known.errors:
        raise usage_error("CCO116/summary", count=len(known.errors))
    return known


def catalog_in_use(catalog_file: Path | None, no_catalog: bool, lang: str = "en") -> Catalog | None:
    """The catalog `--catalog`/`--no-catalog` ask for: None with --no-catalog (see open_catalog).

    Giving both is a contradiction, refused rather than guessed at (exit 2).
    """
    if no_catalog and catalog_file is not None:
        raise usage_error("CCO001/catalog-both")
    if no_catalog:
        return None
    return open_catalog(catalog_file or project_config().catalog, lang)


def file_settings(
    lang: str,
    *,
    scale_max: float | None,
    catalog_file: Path | None,
    no_catalog: bool,
    select: list[str] | None,
    ignore: list[str] | None,
    bootstrap: BootstrapSettings | None = None,
    baseline: Path | None = None,
    frames: bool = True,
    **score: Any,
) -> FileSettings:
    """The settings of the reading options every command shares, the project's filling gaps.

    `score` adds ScoreSettings fields (bands, by); `bootstrap` asks for intervals; `baseline`
    is a separate Phase 1 file; `frames` False: the command makes no DataFrame (FileSettings).
    """
    from cco.pipeline.score_file import FileSettings
    from cco.scoring.score import ScoreSettings

    return FileSettings(
        score=ScoreSettings(scale_max=scale_of(scale_max), **score),
        catalog=catalog_in_use(catalog_file, no_catalog, lang),
        bootstrap=bootstrap,
        rules=rule_selection(select, ignore),
        baseline=baseline,
        frames=frames,
    )


def check_output(output: Path | None, inputs: Sequence[Path], settings: FileSettings) -> None:
    """Refuse an output that names an input (CCO108).

    The inputs are the sheets, the baseline and every file of the catalog in use, however it
    was chosen (--catalog, CCO_CATALOG or the project's settings).
    """
    if output is None:
        return
    from cco.io.files import check_output_path

    catalog = settings.catalog.files if settings.catalog is not None else ()
    baseline = [settings.baseline] if settings.baseline is not None else []
    check_output_path(output, [*inputs, *baseline, *map(Path, catalog)])
