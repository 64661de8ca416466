"""Safe output files: written to a temporary file and renamed into place, never over an input."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from cco.core.models import CcoError
from cco.core.problems import make_problem

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(text: str) -> str:
    """Make a text cell inert in a spreadsheet: a leading '=', '+', '-', '@' gets a quote."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def check_output_path(output: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output path that names one of the inputs, or that cannot be written.

    Checked before any input is read: a workbook half made when its path turns out to be
    unwritable would be work thrown away (and openpyxl's unsaved sheets complain as they go).

    Raises:
        CcoError: the output is an input file (CCO108), or cannot be written (CCO101, see
            `writable_target`).

    """
    writable_target(output)
    # os.path's forms: Path.resolve raises on a loop of links, Path.exists on a folder that may
    # not be searched; here a path that cannot be followed is simply not the same file.
    target = os.path.realpath(output)
    for source in inputs:
        if os.path.realpath(source) == target or (
            os.path.exists(source) and os.path.exists(output) and os.path.samefile(source, output)
        ):
            raise CcoError(make_problem("CCO108", file=str(output), input=str(source)))


_TEMPORARY_MARK = ".cco"
_STALE_SECONDS = 24 * 3600  # where a writer's process cannot be asked about, a day means stale


def _temporary_prefix(output: Path) -> str:
    """The name start of this process's temporary files for `output`: '.NAME.cco1234.'."""
    return f".{output.name}{_TEMPORARY_MARK}{os.getpid()}."


def remove_stale_temporaries(output: Path) -> list[Path]:
    """Remove temporary files cco left beside `output` when a writer was killed.

    A temporary file is cco's own when it is named '.NAME.cco<pid>.<random>.tmp'; it is stale
    when that process no longer runs (or, where processes cannot be asked, after a day).
    Returns the files removed.
    """
    removed: list[Path] = []
    start = f".{output.name}{_TEMPORARY_MARK}"
    directory = output.parent if str(output.parent) else Path(".")
    try:
        candidates = [c for c in directory.iterdir() if c.name.startswith(start)]
    except OSError:
        return removed
    for candidate in candidates:
        pid, _, rest = candidate.name[len(start) :].partition(".")
        if not (pid.isdigit() and rest.endswith(".tmp") and candidate.is_file()):
            continue
        if _writer_gone(int(pid), candidate):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _writer_gone(pid: int, temporary: Path) -> bool:
    if pid == os.getpid():
        return False
    if os.name == "posix":
        try:
            os.kill(pid, 0)  # signal 0 only asks whether the process exists
        except ProcessLookupError:
            return True
        except PermissionError:  # it exists, and belongs to someone else
            return False
        return False
    try:
        return time.time() - temporary.stat().st_mtime > _STALE_SECONDS
    except OSError:
        return False


@contextlib.contextmanager
def _removed_on_termination() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exit, so that `finally` blocks remove temporary files.

    SIGINT already raises KeyboardInterrupt; SIGKILL cannot be handled, which is what
    `remove_stale_temporaries` is for.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}

    def leave(number: int, _frame: object) -> None:
        raise SystemExit(128 + number)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, leave)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def writable_target(output: Path) -> Path:
    """The file writing `output` replaces: its own path, or a link's target.

    Raises:
        CcoError: CCO101 when it cannot be written: a loop of links, something that is not a
            regular file (a device, a pipe, a folder), a folder that does not exist.

    """
    named = output
    # The name itself, then what a link names. Not there is fine (a new file, or a dangling
    # link's target); a name too long, a folder that may not be searched or a loop of links
    # cannot be written.
    for look in (os.lstat, os.stat):
        try:
            look(output)
        except FileNotFoundError:
            pass
        except OSError as exc:
            problem = make_problem("CCO101/unwritable", file=str(named), reason=exc.strerror)
            raise CcoError(problem) from None
    if os.path.islink(output):  # write the link's target: the link itself stays a link
        output = Path(os.path.realpath(output))
    if os.path.exists(output) and not os.path.isfile(output):
        # Renaming over /dev/full, a FIFO or a folder would replace the node, not write to it.
        raise CcoError(make_problem("CCO101/not-a-file", file=str(named)))
    directory = output.parent if str(output.parent) else Path(".")
    if not os.path.isdir(directory):
        raise CcoError(make_problem("CCO101/no-folder", file=str(output), folder=str(directory)))
    return output


@contextlib.contextmanager
def _atomic_path(output: Path) -> Iterator[Path]:
    output = writable_target(output)
    directory = output.parent if str(output.parent) else Path(".")
    remove_stale_temporaries(output)
    with _removed_on_termination():
        handle, name = tempfile.mkstemp(
            prefix=_temporary_prefix(output), suffix=".tmp", dir=directory
        )
        os.close(handle)
        temporary = Path(name)
        try:
            # mkstemp makes the file private (0600); an output gets the usual permissions.
            umask = os.umask(0)
            os.umask(umask)
            temporary.chmod(0o666 & ~umask)
            yield temporary
            os.replace(temporary, output)
        finally:
            temporary.unlink(missing_ok=True)


def write_atomic(output: Path, write: Callable[[Path], object]) -> None:
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


@contextlib.contextmanager
def writing_workbook(output: Path) -> Iterator[None]:
    """Within this block a workbook is made and saved to `output`: a failed write is CCO101.

    openpyxl streams a large workbook's sheets to temporary files as rows are added, and
    writes through lxml when it is installed: lxml reports the system's refusal (a full disk,
    a file size limit) as `SerialisationError('IO_ENOSPC')`. Either way the workbook cannot
    be written. The sheets left half written then fail again when Python collects them at
    exit; those echoes are silenced (`_quiet_writer_echoes`), the failure having been said.
    """
    try:
        yield
    except CcoError:  # the save refused (write_atomic): its writers are left unfinished too
        _quiet_writer_echoes()
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
    except Exception as exc:
        failure = _io_failure(exc)
        if failure is None:
            raise
        reason = failure
    else:
        return
    _quiet_writer_echoes()
    raise CcoError(make_problem("CCO101/unwritable", file=str(output), reason=reason)) from None


def _io_failure(exc: BaseException) -> str | None:
    """Why a write failed, for an lxml serialiser error that stands for one ('IO_ENOSPC')."""
    try:
        from lxml.etree import SerialisationError  # type: ignore[import-untyped]
    except ImportError:  # openpyxl writes without lxml: its failures are OSErrors already
        return None
    message = str(exc)
    if not isinstance(exc, SerialisationError) or not message.startswith("IO_"):
        return None
    code = getattr(errno, message.removeprefix("IO_"), None)
    return os.strerror(code) if isinstance(code, int) else message


def _quiet_writer_echoes() -> None:
    """Let Python drop, not print, the errors of openpyxl's sheet writers left unfinished.

    Called once a write has failed: each sheet writer (a generator) then fails again as it
    is collected, writing to a file gone bad (`OSError`, lxml's 'IO_...', 'I/O operation on
    closed file'). Public API only (`sys.unraisablehook`): an error raised while an openpyxl
    generator is finalized is dropped; any other is printed as ever.
    """
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        code = getattr(unraisable.object, "gi_code", None)
        from_openpyxl = code is not None and "openpyxl" in code.co_filename
        if not (from_openpyxl and isinstance(unraisable.exc_value, Exception)):
            previous(unraisable)

    sys.unraisablehook = hook
