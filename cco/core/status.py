"""Exit codes of every `cco` command, and the one rule that turns an outcome into one.

Kept free of pandas and pydantic so that the command line starts light.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from cco.core.models import Problem


class ExitCode(IntEnum):
    """Exit status of every `cco` command."""

    OK = 0
    INVALID = 1  # the input was read and holds errors (or warnings, with --strict)
    CANNOT_RUN = 2  # usage error, or an input that cannot be read at all
    INTERNAL = 3  # a bug: one line on stderr, CCO_DEBUG=1 shows the traceback


class Outcome(NamedTuple):
    """What a command found, as far as its exit status is concerned.

    `problems` are those the command reported; `unreadable` counts inputs that could not be
    read at all (a batch goes on past them, but the run still says so); `strict` makes warnings
    count as errors. A named tuple: every command, `--help` included, loads this module, and
    a frozen dataclass costs ten times as much to define.
    """

    problems: Sequence[Problem] = ()
    unreadable: int = 0
    strict: bool = False


def exit_status(outcome: Outcome | None) -> ExitCode:
    """The exit code of an outcome: 2 when an input could not be read, 1 on errors, else 0.

    A command that returns nothing succeeded. Usage errors never reach here: they are raised as
    a `CcoError` and are exit 2 (see `cco.cli.main`).
    """
    if outcome is None:
        return ExitCode.OK
    if outcome.unreadable:
        return ExitCode.CANNOT_RUN
    if any(p.is_error or outcome.strict for p in outcome.problems):
        return ExitCode.INVALID
    return ExitCode.OK
