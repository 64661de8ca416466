"""Run a file's parser in a child process under hard limits, so no file can take cco down.

A native reader that aborts or panics ends the whole process it runs in, and no `try` can catch
that; one that allocates without bound or loops never returns. So every read runs in a child
process (forked where the platform can, spawned elsewhere) that:

- has its address space capped (`RLIMIT_AS`, where the platform has it) and its processor time
  capped (`RLIMIT_CPU`, where the platform has it);
- is killed by the parent once a wall-clock deadline passes (on every platform);
- returns its result as JSON text: plain values, rebuilt and checked by the parent.

Whatever the child does, the parent gets either that value or a `CcoError` (CCO118) naming the
limit that was hit. `CCO_ISOLATE=0` runs the reader in-process instead (to measure the cost).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import faulthandler
import gc
import json
import os
import select
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

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


def run_isolated(
    target: Callable[..., Any], args: tuple[Any, ...], *, path: Path, limits: Limits
) -> Any:
    """Call `target(*args)` in a child process under `limits`; return its JSON-ready value.

    `target` must be a module-level function (a spawned child imports it). Its value may hold
    dicts, lists, str, int, float, bool, None and datetime values. A `CcoError` it raises is
    raised again here.

    Raises:
        CcoError: the child's own problem, or CCO118 when the child hit a limit, crashed or
            returned something that is not a well-formed result.

    """
    if not isolation_enabled():
        return target(*args)
    if sys.platform.startswith("linux"):
        payload, exitcode, last_words = _run_forked(target, args, limits)
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
        for stream in (sys.stdout, sys.stderr):  # or the child would inherit, and repeat, them
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            try:
                os.close(answer_end)
                _prepare_child(error_output.fileno(), limits)
                view = memoryview(_answer_bytes(target, args))
                while view:
                    view = view[os.write(child_end, view) :]
            finally:
                os._exit(0)
        os.close(child_end)
        payload: Any = None
        data: bytes | None = None
        try:
            data = _read_answer(answer_end, limits)
        finally:
            os.close(answer_end)
            if data is None:  # past the deadline, or an answer too large to be genuine
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        exitcode = os.waitstatus_to_exitcode(status)
        if data is None:
            payload = {"limit": "deadline"}
        elif exitcode == 0 and data:
            payload = _decoded(data)
        error_output.seek(0)
        return payload, exitcode, _last_words(error_output)


def _read_answer(descriptor: int, limits: Limits) -> bytes | None:
    """Everything the child writes until it ends; None past the deadline or the size cap."""
    deadline = time.monotonic() + limits.read_seconds
    cap = max(limits.read_memory_bytes, _MB)  # no genuine answer outweighs the reader's memory
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([descriptor], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(descriptor, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            return None


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
            payload = _receive(receiver, child, limits)
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


def _prepare_child(error_output: int, limits: Limits) -> None:
    """Point the child's error output where the parent can read it, and set its limits."""
    # A native abort writes its reason to stderr: keep it where the parent can read it.
    os.dup2(error_output, 2)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.environ["RUST_BACKTRACE"] = "0"  # a panic's reason is its first line; no stack walk
    faulthandler.disable()  # a crash is reported by the parent, once, as a coded line
    gc.disable()  # a short-lived reader: its memory is capped, and returned when it ends
    _apply_limits(limits)


def _answer_bytes(target: Callable[..., Any], args: tuple[Any, ...]) -> bytes:
    outcome = _call(target, args)
    try:
        return encode(outcome)
    except MemoryError:
        return encode({"limit": "memory"})
    except (TypeError, ValueError) as exc:
        return encode({"limit": "crash", "detail": f"{type(exc).__name__}: {_first_line(exc)}"})


def _spawned_main(
    sender: Connection,
    stderr_path: str,
    target: Callable[..., Any],
    args: tuple[Any, ...],
    limits: Limits,
) -> None:
    _prepare_child(os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), limits)
    sender.send_bytes(_answer_bytes(target, args))
    sender.close()


def _apply_limits(limits: Limits) -> None:
    try:
        import resource
    except ImportError:  # Windows: only the parent's deadline holds
        return
    budget = _address_space_now() + limits.read_memory_bytes
    for name, soft, hard in (
        ("RLIMIT_AS", budget, budget),
        # Past the soft limit the kernel sends SIGXCPU; past the hard one, SIGKILL.
        ("RLIMIT_CPU", limits.read_cpu_seconds, limits.read_cpu_seconds + 1),
    ):
        kind = getattr(resource, name, None)
        if kind is None:
            continue
        _, current_hard = resource.getrlimit(kind)
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        try:
            resource.setrlimit(kind, (soft, hard))
        except (ValueError, OSError):  # macOS refuses RLIMIT_AS: the deadline still holds
            continue


def _address_space_now() -> int:
    """The address space of the calling process in bytes (Linux); 0 where /proc does not say."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _receive(receiver: Connection, child: Any, limits: Limits) -> Any:
    """The spawned child's decoded outcome; None when it died without a readable answer."""
    if not receiver.poll(limits.read_seconds):
        child.kill()
        return {"limit": "deadline"}
    try:
        data = receiver.recv_bytes(maxlength=max(limits.read_memory_bytes, _MB))
    except (EOFError, OSError):
        return None
    return _decoded(data)


def _decoded(data: bytes) -> Any:
    try:
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
    """JSON text of a plain value; dates and times are written as tagged objects."""
    return json.dumps(value, default=_encode_temporal, ensure_ascii=False).encode("utf-8")


def _encode_temporal(value: object) -> object:
    if isinstance(value, dt.datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$": "time", "v": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$": "timedelta", "v": value.total_seconds()}
    raise TypeError(f"{type(value).__name__} is not a plain value")


def decode(data: bytes) -> Any:
    """The value `encode` wrote (dates and times restored).

    Raises:
        ValueError: not JSON, or a tagged object that is not a date or time.

    """
    # The answer is lists and texts, never a cycle: the collector would only walk them again
    # and again as they are made (half the time of a large sheet's answer).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(data, object_hook=_decode_temporal)
    finally:
        if enabled:
            gc.enable()


def _decode_temporal(obj: dict[str, Any]) -> Any:
    kind = obj.get("$")
    if kind is None or set(obj) != {"$", "v"}:
        return obj
    if kind == "timedelta" and isinstance(obj["v"], int | float):
        return dt.timedelta(seconds=obj["v"])
    if kind in _TEMPORAL and isinstance(obj["v"], str):
        return _TEMPORAL[kind](obj["v"])
    raise ValueError(f"unknown tagged value {kind!r}")
