"""Command-line mistakes (an unknown option, a value of the wrong kind) as one coded line.

Typer reports them in English on three lines. cco reports them as CCO001 problems in the run's
language, with a hint naming the help to read. What the line says is taken from the error's
public attributes (the option, its parameter, the close matches) and, for the reason a value
was refused, from the text of the Typer releases cco is tested with (`cco.cli.lean`); a reason
worded otherwise (another release) gets the general line "invalid value for --top", never an
English fragment and never a traceback.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer

from cco.core.status import ExitCode


def _usage_error_class() -> type[Exception]:
    """Click's UsageError, the base of every parsing error, reached through a public class."""
    for base in typer.BadParameter.__mro__:
        if base.__name__ == "UsageError":
            return base
    return typer.BadParameter  # pragma: no cover - a Typer whose errors are shaped otherwise


USAGE_ERROR = _usage_error_class()

# Typer 0.29's reasons for refusing a value, and the catalog entry that says each. Patterns stay
# text until a mistake is reported (re compiles and keeps them then): most runs make none.
_REASONS: tuple[tuple[str, str], ...] = (
    (r"valid integer", "CCO001/usage-whole"),
    (r"valid number", "CCO001/usage-number"),
    (r"greater than or equal to (?P<limit>\S+?)\.?$", "CCO001/usage-at-least"),
    (r"less than or equal to (?P<limit>\S+?)\.?$", "CCO001/usage-at-most"),
    (r"'(?P<value>[^']*)' is not one of (?P<choices>.+?)\.?$", "CCO001/usage-choice"),
    (r"finite number", "CCO001/usage-finite"),
)
_NO_COMMAND = r"No such command '(?P<name>[^']*)'"
_EXTRA = r"unexpected extra argument\S* \((?P<extra>.*)\)"
_NEEDS_VALUE = r"requires an argument"
_TAKES_NO_VALUE = r"does not take a value"


def language_in(args: Sequence[str]) -> str | None:
    """The `--lang` value among raw arguments (`--lang es`, `--lang=es`), if it names a catalog.

    Mistakes are found while the arguments are parsed, before `--lang` has a value: this is
    how a line about them can already be in the language asked for.
    """
    from cco.i18n.catalogs import available_languages

    found = None
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found if found in available_languages() else None


def _option_name(error: Any) -> str:
    """The option or argument an error is about: '--top', or 'FILE' for an argument."""
    param = getattr(error, "param", None)
    opts = [opt for opt in getattr(param, "opts", None) or [] if opt.startswith("-")]
    if opts:
        return max(opts, key=len)
    name = getattr(param, "name", None) or getattr(error, "option_name", None)
    if getattr(param, "param_type_name", None) == "argument" and name:
        return str(name).upper()
    return str(name or "")


def _command_of(error: Any, command: str) -> str:
    """The command a mistake was made in ('cco score'), else `command`."""
    context = getattr(error, "ctx", None)
    path = getattr(context, "command_path", None)
    if not isinstance(path, str) or not path:
        return command
    return "cco" + path[1:] if path.startswith("-") else path


def usage_problem_key(error: Exception) -> tuple[str, dict[str, Any]]:
    """The catalog entry and values that say what was wrong with the command line."""
    kind = type(error).__name__
    text = str(getattr(error, "message", "") or "")
    option = _option_name(error)
    if kind == "NoSuchOption":
        matches = list(getattr(error, "possibilities", None) or [])
        if matches:
            return "CCO001/usage-no-option-near", {"option": option, "near": ", ".join(matches)}
        return "CCO001/usage-no-option", {"option": option}
    if kind == "MissingParameter":
        return "CCO001/usage-missing", {"option": option}
    if kind == "BadOptionUsage":
        if re.search(_NEEDS_VALUE, text):
            return "CCO001/usage-needs-value", {"option": option}
        if re.search(_TAKES_NO_VALUE, text):
            return "CCO001/usage-takes-no-value", {"option": option}
    if kind == "BadParameter":
        for pattern, key in _REASONS:
            found = re.search(pattern, text)
            if found:
                return key, {"option": option, **found.groupdict()}
        return "CCO001/usage-invalid", {"option": option}
    command = re.search(_NO_COMMAND, text)
    if command:
        return "CCO001/usage-no-command", {"name": command["name"]}
    extra = re.search(_EXTRA, text)
    if extra:
        return "CCO001/usage-extra", {"extra": extra["extra"]}
    return "CCO001/usage-other", {}


def usage_line(error: Exception, lang: str, command: str = "cco") -> str:
    """The one line that reports a command-line mistake, in `lang`.

    `command` names the command when the error does not ('cco score').
    """
    from cco.core.problems import format_problem, make_problem

    key, params = usage_problem_key(error)
    problem = make_problem(key, command=_command_of(error, command), **params)
    return format_problem(problem, lang)


@contextmanager
def usage_errors_as_problems(lang: str, context: Any = None) -> Iterator[None]:
    """Inside the block, a command-line mistake is one coded line on stderr and exit 2.

    `context` is the program's parsing context, which knows the command being parsed.
    """
    try:
        yield
    except USAGE_ERROR as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # `cco` alone: the help, as asked
            raise
        name = getattr(context, "invoked_subcommand", None)
        command = f"cco {name}" if isinstance(name, str) and name else "cco"
        sys.stderr.write(usage_line(error, lang, command) + "\n")
        raise typer.Exit(int(ExitCode.CANNOT_RUN)) from None
