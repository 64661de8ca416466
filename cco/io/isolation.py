"""Run a file's parser in a child process under hard limits, so no file can take cco down.

A native reader that aborts or panics ends the whole process it runs in, and no `try` can catch
that; one that allocates without bound or loops never returns. So every read runs in a child
process (forked where the platform can, spawned elsewhere) that:

- has its address space capped (`RLIMIT_AS`, where the platform has it) and its processor time
  capped (`RLIMIT_CPU`, where the platform has it);
- is killed by the parent once a wall-clock deadline passes (on every platform);
- returns its result as JSON text: plain values (bytes in base64), rebuilt and checked by the
  parent.

Whatever the child does, the parent gets either that value or a `CcoError` (CCO118) naming the
limit that was hit. `CCO_ISOLATE=0` runs the reader in-process instead (to measure the cost).

A batch of files can share one child (`reading_session`): it reads them in turn, each under its
own limits, and is replaced after any file it failed on (see `_ReadingWorker`).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import faulthandler
import gc
import json
import math
import os
import select
import signal
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from cco.core.collector import collector_paused
from cco.core.limits import Limits
from cco.core.models import CcoError, Problem
from cco.core.problems import make_problem

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

_STDERR_BYTES = 4096  # how much of the child's error output is read back: its last words
_MB = 1024 * 1024
_TEMPORAL = {
    "datetime": dt.datetime.fromisoformat,
    "date": dt.date.fromisoformat,
    "time": dt.time.fromisoformat,
}
_LOCATION = ("file", "sheet", "row", "column", "header")
_PLAIN = (str, int, float, bool, type(None))
_MALFORMED = "the reader's answer is not well-formed"


def isolation_enabled(environ: dict[str, str] | None = None) -> bool:
    """False when CCO_ISOLATE is '0', 'no' or 'off': the reader then runs in-process."""
    value = (os.environ if environ is None else environ).get("CCO_ISOLATE", "")
    return value.strip().lower() not in ("0", "no", "off", "false")


def reads_capped() -> bool:
    """Whether reads run in a forked child whose address space is capped (Linux, isolated).

    Only there may a reader risk an allocation it cannot survive: the child ends, not cco.
    """
    return isolation_enabled() and sys.platform.startswith("linux")


def run_isolated(
    target: Callable[..., Any], args: tuple[Any, ...], *, path: Path, limits: Limits
) -> Any:
    """Call `target(*args)` in a child process under `limits`; return its JSON-ready value.

    `target` must be a module-level function (a spawned child imports it). Its value may hold
    dicts, lists, str, int, float, bool, None, bytes and datetime values. A `CcoError` it raises is
    raised again here.

    Raises:
        CcoError: the child's own problem, or CCO118 when the child hit a limit, crashed or
            returned something that is not a well-formed result.

    """
    if not isolation_enabled():
        return target(*args)
    if sys.platform.startswith("linux"):
        worker = _WORKER.get()
        shared = worker.run(target, args, limits) if worker is not None else None
        payload, exitcode, last_words = shared or _run_forked(target, args, limits)
    else:  # macOS and Windows: a fresh interpreter (fork is unsafe or missing there)
        payload, exitcode, last_words = _run_spawned(target, args, limits)
    if payload is None:
        raise _limit_error(path, limits, exitcode, last_words)
    return _unwrap(payload, path, limits)


_Outcome = tuple[Any, int | None, str]
"""The child's decoded answer (None if it gave none), its exit code, and its last words."""


def _run_forked(target: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> _Outcome:
    """Run in a forked child: a pipe for the answer, an unnamed file for its error output.

    os.fork directly, not multiprocessing: a read costs one fork and one wait, a few ms.
    """
    answer_end, child_end = os.pipe()
    with tempfile.TemporaryFile() as error_output:
        pid = _fork((answer_end, child_end))
        if not isinstance(pid, int):
            return pid
        if pid == 0:  # the child: never returns
            try:
                os.close(answer_end)
                _prepare_child(error_output.fileno(), limits)
                _write_all(child_end, _answer_bytes(target, args)[0])
            finally:
                os._exit(0)
        os.close(child_end)
        payload: Any = None
        data: bytearray | None = None
        too_large = False
        try:
            _work_while_reading(lambda: _readable(answer_end))
            data = _read_answer(answer_end, limits, time.monotonic() + limits.read_seconds)
        except MemoryError:  # the answer does not fit in this process: the limit it passed
            too_large = True
        finally:
            os.close(answer_end)
            if data is None:  # past the deadline, or an answer too large to be genuine
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        exitcode = os.waitstatus_to_exitcode(status)
        if too_large:
            payload = {"limit": "memory"}
        elif data is None:
            payload = {"limit": "deadline"}
        elif exitcode == 0 and data:
            text = _utf8(data)
            del data  # the bytes go before the values are made: a large answer is held once
            payload = _decoded(text)
        error_output.seek(0)
        return payload, exitcode, _last_words(error_output)


def _read_answer(descriptor: int, limits: Limits, deadline: float) -> bytearray | None:
    """Everything the child writes until it ends; None past the deadline or the size cap."""
    cap = max(limits.read_memory_bytes, _MB)  # no genuine answer outweighs the reader's memory
    answer = _read_exactly(descriptor, cap + 1, deadline)
    return None if answer is None or len(answer) > cap else answer


def _fork(descriptors: tuple[int, ...]) -> int | _Outcome:
    """`os.fork()`, its standard streams flushed first; the outcome of a read when it fails.

    On failure `descriptors` (the pipes made for the child) are closed.
    """
    for stream in (sys.stdout, sys.stderr):  # or the child would inherit, and repeat, them
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    try:
        return os.fork()
    except OSError as exc:  # no process to spare: this read fails, the next may not
        for descriptor in descriptors:
            os.close(descriptor)
        return {"limit": "crash", "detail": f"fork: {exc.strerror or exc}"}, None, ""


_FRAME = struct.Struct("<QB")
"""A worker's answer starts with its length and whether the worker retires after it."""
_RETIRE_SHARE = 8
"""A worker retires once its address space has grown by this share of the reader's budget."""

_WORKER: ContextVar[_ReadingWorker | None] = ContextVar("cco_reading_worker", default=None)


_PENDING_WORK: ContextVar[tuple[Callable[[], object], ...]] = ContextVar("cco_work", default=())


@contextlib.contextmanager
def while_reading(work: Callable[[], object], *spare: Callable[[], object]) -> Iterator[None]:
    """Do `work` here while the block's first child reads, rather than before or after it.

    The parent has nothing to do while its child reads; on two processors, work it would do
    next (importing the libraries that score a sheet) overlaps the read. Done at most once;
    not done at all when no child reads (CCO_ISOLATE=0, a file refused before reading), and an
    error in it is left for the code that needs the work to meet again.

    Each of `spare`, in turn, is done after `work` only while the child has not answered yet:
    work that may not be needed (a sheet of means needs no agreement), done where the parent
    would otherwise only wait.
    """
    token = _PENDING_WORK.set((work, *spare))
    try:
        yield
    finally:
        _PENDING_WORK.reset(token)


def _work_while_reading(answered: Callable[[], bool] = lambda: False) -> None:
    """The pending work (see `while_reading`); `answered` tells whether the child has answered."""
    steps = _PENDING_WORK.get()
    if not steps:
        return
    _PENDING_WORK.set(())
    for index, step in enumerate(steps):
        try:
            if index and answered():
                return
        except Exception:  # no answer to wait for: nor any reason for spare work
            return
        with contextlib.suppress(Exception):  # met again, and reported, where it is needed
            step()


def _readable(descriptor: int) -> bool:
    """True when reading `descriptor` would not wait: the child answered (or ended)."""
    try:
        ready, _, _ = select.select([descriptor], [], [], 0)
    except (OSError, ValueError):
        return True  # no answer to wait for here: spare work waits no longer either
    return bool(ready)


@contextlib.contextmanager
def reading_session(files: int = 2) -> Iterator[None]:
    """Within this block, files are read by one child process in turn, not by a child each.

    `files` is how many files the block will read, when known: for one, there is nothing to
    share, and nothing changes.

    A fork of a process that holds pandas costs tens of milliseconds, more than reading a small
    sheet; a batch of a thousand sheets pays it once this way. Each file keeps its own limits
    (`_ReadingWorker`). Where children are spawned rather than forked, with CCO_ISOLATE=0,
    inside another session, and in threads other than the one that opened the session,
    nothing changes: each read has a child of its own.
    """
    if (
        files < 2
        or _WORKER.get() is not None
        or not (sys.platform.startswith("linux") and isolation_enabled())
    ):
        yield
        return
    worker = _ReadingWorker()
    token = _WORKER.set(worker)
    try:
        yield
    finally:
        worker.close()
        _WORKER.reset(token)


def read_ahead(target: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> None:
    """Have the session's child read `target(*args)` next, while this process works.

    It is sent once the read being made is answered, and its answer is taken by the
    `run_isolated` call with the same target, arguments and limits. Outside a session (or
    from another thread) nothing happens.
    """
    worker = _WORKER.get()
    if worker is not None:
        worker.read_ahead(target, args, limits)


def discard_read_ahead(target: Callable[..., Any], first: object) -> None:
    """A read of `target` sent ahead with `first` as its first argument will not be asked for.

    Its file was refused before being read, at its turn: the child is stopped rather than
    awaited (it may be blocked on that file), and the next read starts a new one.
    """
    worker = _WORKER.get()
    if worker is not None and threading.get_ident() == worker.owner:
        worker.discard(target, first)


def in_reading_session() -> bool:
    """True within `reading_session`, where a read can be sent ahead."""
    return _WORKER.get() is not None


def _first(args: tuple[Any, ...]) -> object:
    """A read's first argument (a reader's: its file), None for a read of none."""
    return args[0] if args else None


def _pickled(target: Callable[..., Any], args: tuple[Any, ...]) -> bytes | None:
    """A read as the worker's request; None for a target that cannot be pickled."""
    import pickle  # here: a read without a session never needs it

    try:
        return pickle.dumps((target, args), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError):
        return None


class _Sent(NamedTuple):
    """A read sent to the child before it was asked for."""

    asked: tuple[bytes, Limits]  # the request and its limits, as `run` is asked for them
    of: tuple[Callable[..., Any], object]  # its target and first argument (a reader's file)


class _ReadingWorker:
    """A forked child that runs one read after another, each under the limits of one read.

    Per read: the parent's deadline counts from the request (and from the end of the work done
    `while_reading`), or for a read sent ahead (`read_ahead`) from when its answer is awaited;
    the child's processor time is capped at what it has used plus one read's
    allowance; its address space is capped once, at its size when forked plus one read's
    budget, and it retires after answering once it has grown by an eighth of that budget, once
    its processor time nears a hard limit set from outside, or after a read it failed. A child
    that dies, passes a limit or answers too much is reported for the file it was reading (as a
    child of its own would be) and a new one serves the next file; one found dead before a
    request is replaced before it.
    """

    def __init__(self) -> None:
        self.owner = threading.get_ident()
        self._forget()
        self.following: tuple[Callable[..., Any], tuple[Any, ...], Limits] | None = None
        # The answer to a read sent ahead that another read came before: kept for its turn.
        self.early: tuple[tuple[bytes, Limits], _Outcome] | None = None

    def _forget(self) -> None:
        """No child now: the next read starts one."""
        self.pid, self.requests, self.answers = 0, -1, -1
        self.limits: Limits | None = None
        self.error_output: IO[bytes] | None = None
        self.sent: _Sent | None = None  # a read sent before it was asked for (`read_ahead`)

    def run(
        self, target: Callable[..., Any], args: tuple[Any, ...], limits: Limits
    ) -> _Outcome | None:
        """The outcome of `target(*args)` read by the worker; None when it cannot be sent there.

        A target that cannot be pickled (a function defined inside another), and a read from
        another thread than the session's, get a child of their own from the caller. When a
        read is to follow (`read_ahead`), it is sent as soon as this one's answer is in, so
        that the child reads it while this process works on this one.
        """
        if threading.get_ident() != self.owner:
            return None
        request = _pickled(target, args)
        if request is None:
            return None
        asked = (request, limits)
        if self.early is not None and self.early[0] == asked:
            outcome = self.early[1]
            self.early = None
        else:
            if self.sent is not None and self.sent.asked != asked:
                if self.sent.of == (target, _first(args)):
                    # The same file asked otherwise (it changed since it was sent): the read
                    # sent ahead is out of date, and is stopped rather than awaited.
                    self._end()
                else:
                    # Another read came first (a sheet's baseline): the one sent ahead is
                    # awaited and its answer kept, so the child's answers stay in step.
                    self.early = (self.sent.asked, self._receive(self.sent.asked[1]))
            if self.sent is None:
                failure = self._send(request, limits)
                if failure is not None:
                    return failure
                _work_while_reading(lambda: _readable(self.answers))
            outcome = self._receive(limits)
        self._send_following()
        return outcome

    def read_ahead(self, target: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> None:
        """Send `target(*args)` to the child as soon as the read being made is answered."""
        if threading.get_ident() == self.owner:
            self.following = (target, args, limits)

    def discard(self, target: Callable[..., Any], first: object) -> None:
        """Stop the child if the read it was sent ahead is of `target` with `first` first."""
        if self.sent is not None and self.sent.of == (target, first):
            self._end()

    def _send_following(self) -> None:
        following, self.following = self.following, None
        if following is None or self.sent is not None:
            return
        target, args, limits = following
        request = _pickled(target, args)
        if request is not None and self._send(request, limits) is None:
            self.sent = _Sent((request, limits), (target, _first(args)))

    def _send(self, request: bytes, limits: Limits) -> _Outcome | None:
        """Send one read to the child, starting one if needed; the outcome if none can start."""
        if self.pid and (self.limits != limits or _has_ended(self.pid)):
            self._end()  # another budget, or found dead between reads: not this file's doing
        if not self.pid:
            failure = self._start(limits)
            if failure is not None:
                return failure
        assert self.error_output is not None
        self.error_output.seek(0)  # its offset is the child's too: last words start afresh
        self.error_output.truncate()
        # A child that is gone leaves a broken pipe here and an end of file in `_receive`.
        with contextlib.suppress(OSError):
            _write_all(self.requests, struct.pack("<Q", len(request)) + request)
        return None

    def _receive(self, limits: Limits) -> _Outcome:
        """The outcome of the read sent last; the child is ended when it gave no answer."""
        self.sent = None
        try:
            deadline = time.monotonic() + limits.read_seconds
            answer, retiring = self._answer(deadline, max(limits.read_memory_bytes, _MB))
        except MemoryError:  # the answer does not fit in this process: the limit it passed
            self._end()
            return {"limit": "memory"}, None, ""
        except BaseException:  # interrupted while the child reads: it is stopped, not awaited
            self._end()
            raise
        if not isinstance(answer, str):
            if retiring:
                self._end()
            text = _utf8(answer)
            del answer  # as in `_run_forked`: the bytes go before the values are made
            return _decoded(text), 0, ""
        # Past the deadline, too large, or ended without an answer: this child is done with,
        # as a child of its own would be.
        exitcode, last_words = self._end()
        return ({"limit": "deadline"} if answer == "deadline" else None), exitcode, last_words

    def _answer(self, deadline: float, cap: int) -> tuple[bytearray | str, bool]:
        """The child's answer and whether it retires; 'deadline' or 'ended' when none came.

        An answer larger than `cap` is counted as the deadline, as `_read_answer` counts it.
        """
        header = _read_exactly(self.answers, _FRAME.size, deadline)
        if header is None:
            return "deadline", False
        if len(header) < _FRAME.size:
            return "ended", False
        size, retiring = _FRAME.unpack(header)
        if size > cap:
            return "deadline", False
        answer = _read_exactly(self.answers, size, deadline)
        if answer is None:
            return "deadline", False
        if len(answer) < size:
            return "ended", False
        return answer, bool(retiring)

    def _start(self, limits: Limits) -> _Outcome | None:
        """Fork a new child; the outcome of a read that could not start when forking fails."""
        requests_read, requests_write = os.pipe()
        answers_read, answers_write = os.pipe()
        # Kept open as long as the child lives, and closed by `_end`.
        error_output = tempfile.TemporaryFile()  # noqa: SIM115
        pid = _fork((requests_read, requests_write, answers_read, answers_write))
        if not isinstance(pid, int):
            error_output.close()
            return pid
        if pid == 0:  # the child: never returns
            try:
                keep = (requests_read, answers_write, error_output.fileno())
                _close_all_but(keep)
                _serve(requests_read, answers_write, error_output.fileno(), limits)
            finally:
                os._exit(0)
        os.close(requests_read)
        os.close(answers_write)
        self.pid, self.requests, self.answers = pid, requests_write, answers_read
        self.limits, self.error_output = limits, error_output
        return None

    def _end(self) -> tuple[int | None, str]:
        """Stop the child, whatever it is doing, and reap it: its exit status and last words.

        Killed rather than told to end: idle, it holds nothing worth saving, and an end of
        file on its requests may never come (a process forked meanwhile may hold their pipe).
        The worker forgets the child first: an interrupt in here, and the session's own
        ending after it, never close a descriptor twice.
        """
        pid, requests, answers, error_output = (
            self.pid,
            self.requests,
            self.answers,
            self.error_output,
        )
        self._forget()
        exitcode: int | None = None
        last_words = ""
        if pid:
            os.close(requests)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):  # reaped already: found dead before
                _, status = os.waitpid(pid, 0)
                exitcode = os.waitstatus_to_exitcode(status)
            os.close(answers)
        if error_output is not None:
            error_output.seek(0)
            last_words = _last_words(error_output)
            error_output.close()
        return exitcode, last_words

    def close(self) -> None:
        """End the child, if there is one."""
        self._end()


def _has_ended(pid: int) -> bool:
    """True when the child has ended or been stopped (it can serve no read); never waits."""
    try:
        return os.waitpid(pid, os.WNOHANG | os.WUNTRACED) != (0, 0)
    except ChildProcessError:
        return True


def _close_all_but(keep: tuple[int, ...]) -> None:
    """Close every descriptor above stderr but `keep`: a worker outlives what it inherited."""
    try:
        opened = [int(name) for name in os.listdir("/proc/self/fd")]
    except (OSError, ValueError):
        return
    for descriptor in opened:
        if descriptor > 2 and descriptor not in keep:
            with contextlib.suppress(OSError):
                os.close(descriptor)


def _serve(requests: int, answers: int, error_output: int, limits: Limits) -> None:
    """The worker's loop: read a request, answer it, until it retires or is ended."""
    import pickle
    import resource

    _prepare_child(error_output, limits, worker=True)
    # The parent stops the worker itself, at an interrupt as at the end of the session.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent's objects, inherited, are never garbage: the collector leaves them alone.
    gc.freeze()
    grown_past = _address_space_now() + limits.read_memory_bytes // _RETIRE_SHARE
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    while True:
        header = _read_exactly(requests, 8, None)
        if header is None or len(header) < 8:
            return
        (size,) = struct.unpack("<Q", header)
        request = _read_exactly(requests, size, None)
        if request is None or len(request) < size:
            return
        target, args = pickle.loads(request)  # from the parent: trusted
        _cap_processor_time(limits, used=_processor_seconds())
        answer, failed = _answer_bytes(target, args)
        del target, args, request
        gc.collect()
        retiring = (
            failed
            or threading.active_count() > 1  # a read's thread still at work: not this child's
            or _address_space_now() > grown_past
            or (
                cpu_hard != resource.RLIM_INFINITY
                and _processor_seconds() + limits.read_cpu_seconds >= cpu_hard
            )
        )
        _write_all(answers, _FRAME.pack(len(answer), retiring))
        _write_all(answers, answer)
        if retiring:
            return


def _processor_seconds() -> int:
    """The processor time this process has used, in whole seconds, rounded up."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return math.ceil(usage.ru_utime + usage.ru_stime)


def _write_all(descriptor: int, data: bytes) -> None:
    """Write all of `data`: a pipe takes it a part at a time."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _read_exactly(descriptor: int, size: int, deadline: float | None) -> bytearray | None:
    """`size` bytes, fewer at an end of file; None when the deadline passes first.

    The buffer grows as bytes come: a length that is not genuine costs no memory. Past the
    deadline, what is already in the pipe is still read (a zero timeout); `deadline` None waits.
    """
    buffer = bytearray()
    while len(buffer) < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([descriptor], [], [], max(remaining, 0))
            if not ready:
                return None
        chunk = os.read(descriptor, min(size - len(buffer), 1 << 20))
        if not chunk:
            break
        buffer += chunk
    return buffer


def _run_spawned(target: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> _Outcome:
    """Run in a spawned child (multiprocessing): where fork is unsafe or missing."""
    # Imported here: the fork path never needs it, and it costs a start-up several ms.
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    with tempfile.TemporaryDirectory(prefix="cco-read-") as folder:
        stderr_path = Path(folder) / "stderr"
        child = context.Process(
            target=_spawned_main,
            args=(sender, str(stderr_path), target, args, limits),
            daemon=True,
        )
        child.start()
        sender.close()  # the child holds the only writing end: its death is an end of file
        try:
            _work_while_reading(lambda: receiver.poll(0))
            deadline = time.monotonic() + limits.read_seconds  # as the forked reads count it
            payload = _receive(receiver, child, max(deadline - time.monotonic(), 0), limits)
        finally:
            receiver.close()
            if child.is_alive():
                child.kill()
            child.join()
        try:
            with stderr_path.open("rb") as error_output:
                last_words = _last_words(error_output)
        except OSError:  # the child ended before it could open it
            last_words = ""
        return payload, child.exitcode, last_words


def _call(target: Callable[..., Any], args: tuple[Any, ...]) -> dict[str, Any]:
    """The child's outcome as a plain dict: {'value': ...}, {'problem': ...} or {'limit': ...}."""
    try:
        return {"value": target(*args)}
    except CcoError as exc:
        return {"problem": problem_to_plain(exc.problem)}
    except MemoryError:
        return {"limit": "memory"}
    except BaseException as exc:  # a Rust panic reaches Python as a BaseException
        return {"limit": "crash", "detail": f"{type(exc).__name__}: {_first_line(exc)}"}


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:160]


def _prepare_child(error_output: int, limits: Limits, *, worker: bool = False) -> None:
    """Point the child's error output where the parent can read it, and set its limits.

    A child for one read has its processor time capped here; a worker caps it before each read.
    """
    # A native abort writes its reason to stderr: keep it where the parent can read it.
    os.dup2(error_output, 2)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.environ["RUST_BACKTRACE"] = "0"  # a panic's reason is its first line; no stack walk
    faulthandler.disable()  # a crash is reported by the parent, once, as a coded line
    gc.disable()  # a short-lived reader: its memory is capped, and returned when it ends
    xcpu = getattr(signal, "SIGXCPU", None)
    if xcpu is not None:  # the processor limit ends the child, whatever the parent did with it
        signal.signal(xcpu, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {xcpu})
    _cap_memory(limits)
    if not worker:
        _cap_processor_time(limits)


def _answer_bytes(target: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bytes, bool]:
    """The encoded outcome, and whether the read failed (a limit or a crash, not a problem)."""
    outcome = _call(target, args)
    try:
        return encode(outcome), "limit" in outcome
    except MemoryError:
        return encode({"limit": "memory"}), True
    except (TypeError, ValueError) as exc:
        detail = f"{type(exc).__name__}: {_first_line(exc)}"
        return encode({"limit": "crash", "detail": detail}), True


def _spawned_main(
    sender: Connection,
    stderr_path: str,
    target: Callable[..., Any],
    args: tuple[Any, ...],
    limits: Limits,
) -> None:
    _prepare_child(os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), limits)
    sender.send_bytes(_answer_bytes(target, args)[0])
    sender.close()


def _cap_memory(limits: Limits) -> None:
    """Cap the address space at what the process holds now plus the reader's budget."""
    budget = _address_space_now() + limits.read_memory_bytes
    _set_limit("RLIMIT_AS", budget, budget)


def hold_memory_to(extra: int) -> Callable[[], None]:
    """Let the address space grow by at most `extra` bytes from now (a soft limit); undo it.

    Returns what sets the limit back. Only ever lowers the limit: for a reading child taking a
    risk that a retry covers (see `cco.io.readers._read_spreadsheet`). Where the platform has
    no such limit, or /proc does not say how large the process is, nothing changes.
    """
    now, soft = _address_space_now(), _soft_limit("RLIMIT_AS")
    if not now or soft is None:
        return _nothing
    _set_limit("RLIMIT_AS", now + extra if soft < 0 else min(now + extra, soft), None)
    return lambda: _set_limit("RLIMIT_AS", soft, None)


def _soft_limit(name: str) -> int | None:
    """A resource's soft limit (negative: none); None where the platform has no such limit."""
    try:
        import resource
    except ImportError:
        return None
    kind = getattr(resource, name, None)
    return None if kind is None else resource.getrlimit(kind)[0]


def _nothing() -> None:
    """Nothing to undo."""


def _cap_processor_time(limits: Limits, used: int | None = None) -> None:
    """Allow `limits.read_cpu_seconds` of processor time, beyond `used` seconds for a worker.

    Past the soft limit the kernel sends SIGXCPU. A child that reads one file (`used` None)
    gets a hard limit a second later (SIGKILL); a worker that reads many keeps its hard limit,
    which it could not raise again for the next file: the parent's deadline stands behind it.
    """
    soft = (used or 0) + limits.read_cpu_seconds
    _set_limit("RLIMIT_CPU", soft, soft + 1 if used is None else None)


def _set_limit(name: str, soft: int, hard: int | None) -> None:
    """Set a resource limit where the platform has it; `hard` None keeps the hard limit."""
    try:
        import resource
    except ImportError:  # Windows: only the parent's deadline holds
        return
    kind = getattr(resource, name, None)
    if kind is None:
        return
    _, current_hard = resource.getrlimit(kind)
    hard = current_hard if hard is None else hard
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    with contextlib.suppress(ValueError, OSError):  # macOS refuses RLIMIT_AS: the deadline holds
        resource.setrlimit(kind, (soft, hard))


def _address_space_now() -> int:
    """The address space of the calling process in bytes (Linux); 0 where /proc does not say."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _receive(receiver: Connection, child: Any, seconds: float, limits: Limits) -> Any:
    """The spawned child's decoded outcome; None when it died without a readable answer."""
    if not receiver.poll(seconds):
        child.kill()
        return {"limit": "deadline"}
    try:
        data = receiver.recv_bytes(maxlength=max(limits.read_memory_bytes, _MB))
    except (EOFError, OSError):
        return None
    return _decoded(data)


def _utf8(data: bytes | bytearray) -> str | None:
    """The answer's text; None when it is not UTF-8 (then it is not well-formed)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decoded(data: str | bytes | None) -> Any:
    try:
        if data is None:
            raise ValueError(_MALFORMED)
        return decode(data)
    except (ValueError, RecursionError):
        return {"limit": "crash", "detail": _MALFORMED}


def _last_words(error_output: IO[bytes]) -> str:
    """The start and the end of what the child wrote to stderr (a native abort's reason)."""
    try:
        head = error_output.read(_STDERR_BYTES)
        error_output.seek(0, os.SEEK_END)
        error_output.seek(max(len(head), error_output.tell() - _STDERR_BYTES))
        return (head + error_output.read()).decode("utf-8", "replace")
    except OSError:
        return ""


def _limit_error(
    path: Path, limits: Limits, exitcode: int | None, last_words: str, detail: str = ""
) -> CcoError:
    """CCO118 for a child that ended without an answer: which limit its end points to."""
    sigxcpu = getattr(signal, "SIGXCPU", None)
    if "memory allocation" in last_words or "MemoryError" in last_words:
        return _unsafe(path, limits, "memory")
    if exitcode is not None and sigxcpu is not None and exitcode == -sigxcpu:
        return _unsafe(path, limits, "cpu")
    if exitcode is not None and exitcode < 0:
        try:
            detail = signal.Signals(-exitcode).name
        except ValueError:
            detail = f"signal {-exitcode}"
        if exitcode == -signal.SIGKILL:
            # Past RLIMIT_CPU's hard limit, or the out-of-memory killer.
            return _unsafe(path, limits, "killed", detail=detail)
    else:
        detail = detail or f"exit status {exitcode}"
    panic = next((line for line in last_words.splitlines() if "panicked" in line), "")
    return _unsafe(path, limits, "crash", detail=(panic[:160] or detail))


def _unsafe(path: Path, limits: Limits, limit: str, detail: str = "") -> CcoError:
    return CcoError(
        make_problem(
            f"CCO118/{limit}",
            file=str(path),
            memory=f"{limits.read_memory_bytes // _MB} MB",
            cpu=limits.read_cpu_seconds,
            seconds=limits.read_seconds,
            detail=detail,
        )
    )


def _unwrap(payload: Any, path: Path, limits: Limits) -> Any:
    if not isinstance(payload, dict):
        raise _unsafe(path, limits, "crash", detail=_MALFORMED)
    if "value" in payload:
        return payload["value"]
    if "problem" in payload:
        raise CcoError(problem_from_plain(payload["problem"], path, limits))
    limit = payload.get("limit")
    if limit in ("memory", "deadline", "crash"):
        raise _unsafe(path, limits, limit, detail=str(payload.get("detail", ""))[:200])
    raise _unsafe(path, limits, "crash", detail=_MALFORMED)


def problem_to_plain(problem: Problem) -> dict[str, Any]:
    """A problem as the message key, its location and parameters: what the parent rebuilds."""
    plain: dict[str, Any] = {name: getattr(problem, name) for name in _LOCATION}
    plain["key"] = problem.key or problem.code
    plain["params"] = {k: v for k, v in problem.params.items() if isinstance(v, _PLAIN)}
    return plain


def problem_from_plain(plain: Any, path: Path, limits: Limits) -> Problem:
    """Rebuild a problem the child reported, accepting only a known key and plain values.

    Raises:
        CcoError: CCO118 when the report is not a well-formed problem.

    """
    from cco.i18n.messages import has_message

    try:
        key = plain["key"]
        params = plain["params"]
        location = {name: plain[name] for name in _LOCATION}
        well_formed = (
            isinstance(key, str)
            and has_message(key)
            and isinstance(params, dict)
            and all(isinstance(k, str) and isinstance(v, _PLAIN) for k, v in params.items())
            and all(
                isinstance(location[n], str | None) for n in ("file", "sheet", "column", "header")
            )
            and (location["row"] is None or type(location["row"]) is int)
            and not set(params) & set(_LOCATION)
        )
    except (KeyError, TypeError):
        well_formed = False
    if not well_formed:
        raise _unsafe(path, limits, "crash", detail=_MALFORMED)
    return make_problem(key, **location, **params)


def encode(value: Any) -> bytes:
    """JSON text of a plain value; bytes, dates and times are written as tagged objects."""
    return json.dumps(value, default=_encode_tagged, ensure_ascii=False).encode("utf-8")


def _encode_tagged(value: object) -> object:
    if type(value) is bytes:  # base64: a few ms for the codes of a 50,000-row grid
        return {"$": "bytes", "v": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dt.datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$": "time", "v": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$": "timedelta", "v": value.total_seconds()}
    raise TypeError(f"{type(value).__name__} is not a plain value")


def decode(data: str | bytes) -> Any:
    """The value `encode` wrote (dates and times restored).

    Raises:
        ValueError: not JSON, or a tagged object that is not bytes, a date or a time.

    """
    # The answer is lists and texts, never a cycle: the collector would only walk them again
    # and again as they are made (half the time of a large sheet's answer).
    with collector_paused():
        return json.loads(data, object_hook=_decode_tagged)


def _decode_tagged(obj: dict[str, Any]) -> Any:
    kind = obj.get("$")
    if kind is None or set(obj) != {"$", "v"}:
        return obj
    if kind == "bytes" and isinstance(obj["v"], str):
        return base64.b64decode(obj["v"], validate=True)  # binascii.Error is a ValueError
    if kind == "timedelta" and isinstance(obj["v"], int | float):
        return dt.timedelta(seconds=obj["v"])
    if kind in _TEMPORAL and isinstance(obj["v"], str):
        return _TEMPORAL[kind](obj["v"])
    raise ValueError(f"unknown tagged value {kind!r}")
