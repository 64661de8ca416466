"""Safe output files: written to a temporary file and renamed into place, never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from cco.core.models import CcoError
from cco.core.problems import make_problem

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(text: str) -> str:
    """Make a text cell inert in a spreadsheet: a leading '=', '+', '-', '@' gets a quote."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def check_output_path(output: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output path that names one of the inputs.

    Raises:
        CcoError: the output is an input file (CCO108).

    """
    target = output.resolve()
    for source in inputs:
        if source.resolve() == target or (
            source.exists() and output.exists() and os.path.samefile(source, output)
        ):
            raise CcoError(make_problem("CCO108", file=str(output), input=str(source)))


@contextlib.contextmanager
def _atomic_path(output: Path) -> Iterator[Path]:
    named = output
    if output.is_symlink():  # write the link's target: the link itself stays a link
        output = Path(os.path.realpath(output))
    if output.exists() and not output.is_file():
        # Renaming over /dev/full, a FIFO or a folder would replace the node, not write to it.
        raise CcoError(make_problem("CCO101/not-a-file", file=str(named)))
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise CcoError(make_problem("CCO101/no-folder", file=str(output), folder=str(directory)))
    handle, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=directory)
    os.close(handle)
    temporary = Path(name)
    # mkstemp makes the file private (0600); an output gets the usual permissions instead.
    umask = os.umask(0)
    os.umask(umask)
    temporary.chmod(0o666 & ~umask)
    try:
        yield temporary
        os.replace(temporary, output)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(output: Path, write: Callable[[Path], None]) -> None:
    """Call `write(temporary_path)`, then move the finished file to `output`.

    A failure leaves no partial file behind and the previous `output`, if any, untouched.
    """
    try:
        with _atomic_path(output) as temporary:
            write(temporary)
    except OSError as exc:
        raise CcoError(
            make_problem("CCO101/unwritable", file=str(output), reason=exc.strerror or str(exc))
        ) from None


def write_text_atomic(output: Path, text: str) -> None:
    """Write text (UTF-8) to `output` through a temporary file."""
    write_atomic(output, lambda path: path.write_text(text, encoding="utf-8"))
