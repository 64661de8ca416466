"""Exit codes of every `cco` command (kept apart so the CLI starts without pydantic)."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit status of every `cco` command."""

    OK = 0
    INVALID = 1  # the input was read and holds errors
    CANNOT_RUN = 2  # usage error, or an input that cannot be read at all
    INTERNAL = 3  # a bug: one line on stderr, CCO_DEBUG=1 shows the traceback
