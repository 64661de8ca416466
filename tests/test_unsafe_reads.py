"""Files crafted against the readers themselves: each ends in one coded line, never a crash.

Every command here runs in a fresh process under a memory cap, so that a failure of the
isolation cannot take the test run down; its wall time and the peak memory of it and its
children (`RUSAGE_CHILDREN`, measured by a wrapper process) are asserted too.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cco.core.limits import Limits
from cco.core.models import CcoError
from cco.io.isolation import run_isolated
from tests import sheets
from tests import unsafe_files as unsafe

_CAP_BYTES = 6 * 1024**3  # address space of the whole command, reader included
_READ_MEMORY_MB = 512  # what the reader may add: a hit ends well below the cap
_WRAPPER = """
import json, resource, subprocess, sys, time
cap = int(sys.argv[1])
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
start = time.monotonic()
done = subprocess.run(sys.argv[2:], capture_output=True, text=True, preexec_fn=limit, timeout=300)
print(json.dumps({
    "code": done.returncode,
    "stdout": done.stdout,
    "stderr": done.stderr,
    "seconds": time.monotonic() - start,
    "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""
_PROBLEM_LINE = re.compile(r"\[(CCO\d{3})\]")


def run_cco(*args: str, **env: str) -> dict[str, object]:
    """Run `cco ARGS` in a fresh, memory-capped process; its exit code, output, time and peak."""
    environment = {**os.environ, "CCO_MAX_READ_MEMORY_MB": str(_READ_MEMORY_MB), **env}
    wrapper = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(_CAP_BYTES), sys.executable, "-m", "cco", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=400,
        check=True,
    )
    return json.loads(wrapper.stdout)


def coded_lines(stderr: str) -> list[str]:
    """The stderr lines that carry a problem code."""
    return [line for line in stderr.splitlines() if _PROBLEM_LINE.search(line)]


CASES: dict[str, tuple[Callable[[Path], Path], str, str, str]] = {
    # name: (builder, file name, code, words of the message)
    "far cell in lower case": (unsafe.far_cell_lower_case, "far.xlsx", "CCO114", "XFD"),
    "uniqueCount 2^64-1": (unsafe.huge_unique_count, "sst.xlsx", "CCO118", "could not be read"),
    "uniqueCount 1e11": (
        lambda p: unsafe.huge_unique_count(p, "100000000000"),
        "sst.xlsx",
        "CCO118",
        "memory limit",
    ),
    "zip encrypted flag": (unsafe.encrypted_flag, "enc.xlsx", "CCO102", "encrypted"),
    "bzip2 member": (
        lambda p: unsafe.bzip2_member(p, 50_000_000),
        "bz.xlsx",
        "CCO102",
        "method 12",
    ),
    "deflate member with a lying size": (
        lambda p: unsafe.lying_size(p, 50_000_000),
        "lie.xlsx",
        "CCO102",
        "damaged",
    ),
    "unclosed tags": (
        lambda p: unsafe.unclosed_tags(p, 20_000),
        "tags.xlsx",
        "CCO102",
        "not closed",
    ),
    "ods text repeated": (unsafe.ods_repeated_text, "rep.ods", "CCO114", "1048576"),
    "csv stray quote": (unsafe.csv_stray_quote, "quote.csv", "CCO119", "never closes"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_is_one_coded_line_within_time_and_memory(tmp_path, case):
    build, name, code, words = CASES[case]
    path = build(tmp_path / name)
    assert path.stat().st_size < 300_000  # small files, the size an attacker sends
    result = run_cco("validate", str(path))
    lines = coded_lines(str(result["stderr"]) + str(result["stdout"]))
    assert result["code"] == 2, result
    assert len(lines) == 1, result
    assert f"[{code}]" in lines[0] and words in lines[0], lines[0]
    assert "Traceback" not in str(result["stderr"])
    assert float(result["seconds"]) < 60
    # The reader may add 512 MB to the ~100 MB cco holds; nothing near the 550 GB asked for.
    assert float(result["peak_mb"]) < _READ_MEMORY_MB + 400, result["peak_mb"]


def test_a_batch_goes_on_past_hostile_files_and_reports_the_good_ones(tmp_path):
    good = sheets.tidy_english(tmp_path / "a-freedonia.xlsx")
    hostile = [
        unsafe.far_cell_lower_case(tmp_path / "b-far.xlsx"),
        unsafe.huge_unique_count(tmp_path / "c-sst.xlsx"),
        unsafe.encrypted_flag(tmp_path / "d-enc.xlsx"),
        unsafe.csv_stray_quote(tmp_path / "e-quote.csv"),
    ]
    also_good = sheets.tidy_spanish_csv(tmp_path / "f-sylvania.csv")
    result = run_cco("validate", "--format", "json", str(tmp_path))
    assert result["code"] == 2
    report = json.loads(str(result["stdout"]))
    by_file = {Path(f["file"]).name: f for f in report["files"]}
    assert set(by_file) == {p.name for p in (good, *hostile, also_good)}
    assert by_file[good.name]["errors"] == 0
    assert by_file[also_good.name]["errors"] == 0
    codes = {name: [p["code"] for p in by_file[name]["problems"]] for name in by_file}
    assert codes["b-far.xlsx"] == ["CCO114"]
    assert codes["c-sst.xlsx"] == ["CCO118"]
    assert codes["d-enc.xlsx"] == ["CCO102"]
    assert codes["e-quote.csv"] == ["CCO119"]


def test_compare_goes_on_past_a_file_that_crashes_its_reader(tmp_path):
    sheets.tidy_english(tmp_path / "freedonia.xlsx")
    unsafe.huge_unique_count(tmp_path / "crash.xlsx")
    result = run_cco("compare", "--format", "json", str(tmp_path))
    data = json.loads(str(result["stdout"]))
    assert {c["country"] for c in data["countries"]} == {"freedonia"}  # named by its file
    assert "[CCO118]" in str(result["stderr"])


# ---- the isolation itself: each way a reader can end ------------------------------------------


def _sleep_forever() -> None:
    time.sleep(600)


def _spin_forever() -> None:
    while True:
        pass


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _answer(value: object) -> object:
    return value


def _read_limit(**changes: int) -> Limits:
    return Limits(**{"read_memory_bytes": 256 * 1024 * 1024, **changes})


def _unsafe(target: Callable[..., object], args: tuple[object, ...], limits: Limits) -> str:
    with pytest.raises(CcoError) as caught:
        run_isolated(target, args, path=Path("f.xlsx"), limits=limits)
    assert caught.value.problem.code == "CCO118"
    return str(caught.value.problem.key)


def test_a_reader_past_the_deadline_is_killed():
    started = time.monotonic()
    assert _unsafe(_sleep_forever, (), _read_limit(read_seconds=1)) == "CCO118/deadline"
    assert time.monotonic() - started < 10


@pytest.mark.skipif(not hasattr(signal, "SIGXCPU"), reason="no RLIMIT_CPU on this platform")
def test_a_reader_past_its_processor_time_is_stopped():
    limits = _read_limit(read_cpu_seconds=1, read_seconds=30)
    assert _unsafe(_spin_forever, (), limits) == "CCO118/cpu"


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS holds on Linux")
def test_a_reader_past_its_memory_is_stopped():
    assert _unsafe(_allocate, (1024,), _read_limit()) == "CCO118/memory"
    assert run_isolated(_allocate, (16,), path=Path("f.xlsx"), limits=_read_limit()) == 16 * 2**20


def test_a_reader_that_aborts_is_a_crash_naming_the_signal():
    key = _unsafe(os.abort, (), _read_limit())
    assert key == "CCO118/crash"


def test_an_answer_that_is_not_plain_data_is_refused():
    assert _unsafe(_answer, (object(),), _read_limit()) == "CCO118/crash"


GOOD_REPORT = {
    "key": "CCO101/missing",
    "params": {},
    "file": "f.xlsx",
    "sheet": None,
    "row": None,
    "column": None,
    "header": None,
}


@pytest.mark.parametrize(
    "forged",
    [
        {**GOOD_REPORT, "key": "NOT-A-KEY"},
        {**GOOD_REPORT, "row": "7"},
        {**GOOD_REPORT, "params": {"reason": ["a", "list"]}},
        {**GOOD_REPORT, "params": {"file": "another"}},
        {key: value for key, value in GOOD_REPORT.items() if key != "header"},
        ["not", "a", "dict"],
    ],
)
def test_a_forged_problem_report_is_refused(forged):
    from cco.io.isolation import problem_from_plain

    assert problem_from_plain(GOOD_REPORT, Path("f.xlsx"), _read_limit()).code == "CCO101"
    with pytest.raises(CcoError) as caught:
        problem_from_plain(forged, Path("f.xlsx"), _read_limit())
    assert caught.value.problem.key == "CCO118/crash"


def test_a_problem_raised_in_the_child_comes_back_as_itself():
    from cco.core.problems import make_problem

    def fail() -> None:
        raise CcoError(make_problem("CCO114", file="f.xlsx", sheet="S", rows=9, columns="B"))

    with pytest.raises(CcoError) as caught:
        run_isolated(fail, (), path=Path("f.xlsx"), limits=_read_limit())
    assert (caught.value.problem.code, caught.value.problem.sheet) == ("CCO114", "S")


def test_dates_and_numbers_cross_unchanged():
    import datetime as dt

    value = [1, 2.5, None, True, "Freedonia", dt.datetime(2024, 5, 1, 12), dt.date(2024, 5, 1)]
    assert run_isolated(_answer, (value,), path=Path("f"), limits=_read_limit()) == value


# ---- one reading child for a batch: each read keeps its own limits ---------------------------


_KEPT: list[bytearray] = []


def _pid_after(seconds_of_work: float = 0.0) -> int:
    """The reading process's id, after spinning the processor for a while."""
    end = time.process_time() + seconds_of_work
    while time.process_time() < end:
        pass
    return os.getpid()


def _keep(megabytes: int) -> int:
    """Grow the reader for good (a leak), and say which process it was."""
    _KEPT.append(bytearray(megabytes * 1024 * 1024))
    return os.getpid()


def _read(target: Callable[..., object], *args: object, limits: Limits | None = None) -> object:
    return run_isolated(target, args, path=Path("f.xlsx"), limits=limits or _read_limit())


def _ended(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_session_reads_in_one_child_and_ends_it():
    from cco.io.isolation import reading_session

    with reading_session():
        pids = {_read(_pid_after) for _ in range(3)}
    (pid,) = pids
    assert pid != os.getpid()
    assert _ended(pid)
    # Outside a session, each read has a child of its own.
    assert len({_read(_pid_after) for _ in range(2)}) == 2


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_read_that_fails_in_a_session_is_reported_and_the_next_gets_a_new_child():
    from cco.io.isolation import reading_session

    with reading_session():
        first = _read(_pid_after)
        assert _unsafe(os.abort, (), _read_limit()) == "CCO118/crash"
        after_crash = _read(_pid_after)
        assert _unsafe(_sleep_forever, (), _read_limit(read_seconds=1)) == "CCO118/deadline"
        after_deadline = _read(_pid_after)
        assert _unsafe(_allocate, (1024,), _read_limit()) == "CCO118/memory"
        after_memory = _read(_pid_after)
        assert _unsafe(_answer, (object(),), _read_limit()) == "CCO118/crash"
        assert _read(_answer, [1.5, "Freedonia", None]) == [1.5, "Freedonia", None]
    # After any read it failed (a refused allocation and an answer that is not plain data
    # included: it said so itself), a child retires: the next read has a new one.
    assert len({first, after_crash, after_deadline, after_memory}) == 4
    assert all(_ended(pid) for pid in (first, after_crash, after_deadline, after_memory))


@pytest.mark.skipif(not hasattr(signal, "SIGXCPU"), reason="no RLIMIT_CPU on this platform")
def test_each_read_in_a_session_has_its_own_processor_time():
    from cco.io.isolation import reading_session

    limits = _read_limit(read_cpu_seconds=1, read_seconds=30)
    with reading_session():
        # Three reads of 0.6 s each: 1.8 s in one child, within one second per read.
        pids = {_read(_pid_after, 0.6, limits=limits) for _ in range(3)}
        assert len(pids) == 1
        assert _unsafe(_spin_forever, (), limits) == "CCO118/cpu"
        assert _read(_pid_after, limits=limits) not in pids


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS holds on Linux")
def test_a_child_that_grew_retires_so_the_next_read_has_its_whole_budget():
    from cco.io.isolation import reading_session

    limits = _read_limit()  # 256 MB: a child that kept more than a quarter of it retires
    with reading_session():
        small = _read(_keep, 8, limits=limits)
        assert _read(_keep, 8, limits=limits) == small
        grown = _read(_keep, 80, limits=limits)
        assert grown == small
        fresh = _read(_keep, 8, limits=limits)
    assert fresh != grown
    # Two reads of 200 MB, kept: each in a child of its own budget, none refused.
    with reading_session():
        assert _read(_keep, 200, limits=limits) != _read(_keep, 200, limits=limits)


def _answer_and_log(value: object, log: str) -> object:
    """Answer `value`, noting in the file `log` (in the child) that it was read, and when."""
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"{value} {time.monotonic()}\n")
    return value


def _reads_in(log: Path) -> list[str]:
    return [line.rsplit(maxsplit=1)[0] for line in log.read_text(encoding="utf-8").splitlines()]


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_read_asked_ahead_is_made_while_the_one_before_is_worked_on(tmp_path):
    from cco.io import isolation

    log = str(tmp_path / "reads.log")
    limits = _read_limit()
    with isolation.reading_session():
        isolation.read_ahead(_answer_and_log, ("second", log), limits)
        assert _read(_answer_and_log, "first", log, limits=limits) == "first"
        time.sleep(0.5)  # this process at work on the first answer: the child reads on
        assert _reads_in(tmp_path / "reads.log") == ["first", "second"]
        asked = time.monotonic()
        assert _read(_answer_and_log, "second", log, limits=limits) == "second"
        # Its answer was waiting: the read was made before it was asked for, and not again.
        second_read_at = float((tmp_path / "reads.log").read_text().splitlines()[1].split()[1])
        assert second_read_at < asked
        assert _reads_in(tmp_path / "reads.log") == ["first", "second"]


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_read_asked_ahead_that_another_read_comes_before_keeps_its_answer(tmp_path):
    from cco.io import isolation

    log = str(tmp_path / "reads.log")
    limits = _read_limit()
    with isolation.reading_session():
        isolation.read_ahead(_answer_and_log, ("sheet 2", log), limits)
        assert _read(_answer_and_log, "sheet 1", log, limits=limits) == "sheet 1"
        # A baseline read between two sheets: its answer is its own, not the sheet's.
        assert _read(_answer_and_log, "baseline", log, limits=limits) == "baseline"
        assert _read(_answer_and_log, "sheet 2", log, limits=limits) == "sheet 2"
        # Other limits for the next read than for the one asked ahead: the read made ahead
        # (logged by now) is out of date, and the file is read again, under them.
        isolation.read_ahead(_answer_and_log, ("sheet 3", log), limits)
        assert _read(_answer_and_log, "sheet 2b", log, limits=limits) == "sheet 2b"
        time.sleep(0.5)
        other = _read_limit(read_seconds=7)
        assert _read(_answer_and_log, "sheet 3", log, limits=other) == "sheet 3"
    assert _reads_in(tmp_path / "reads.log") == [
        "sheet 1",
        "sheet 2",
        "baseline",
        "sheet 2b",
        "sheet 3",
        "sheet 3",
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_read_asked_ahead_that_fails_is_reported_for_its_own_file():
    from cco.io import isolation

    limits = _read_limit(read_seconds=1)
    with isolation.reading_session():
        isolation.read_ahead(os.abort, (), limits)
        assert _read(_answer, "Freedonia", limits=limits) == "Freedonia"
        time.sleep(0.3)  # the child aborts on the read sent ahead, while this one works
        assert _unsafe(os.abort, (), limits) == "CCO118/crash"
        isolation.read_ahead(_sleep_forever, (), limits)
        assert _read(_answer, "Sylvania", limits=limits) == "Sylvania"
        assert _unsafe(_sleep_forever, (), limits) == "CCO118/deadline"
        assert _read(_answer, "Genovia", limits=limits) == "Genovia"


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_read_ahead_that_is_discarded_is_not_waited_for():
    from cco.io import isolation

    limits = _read_limit(read_seconds=30)
    with isolation.reading_session():
        isolation.read_ahead(_sleep_forever, ("b.csv",), limits)
        assert _read(_answer, "a", limits=limits) == "a"
        isolation.discard_read_ahead(_sleep_forever, "b.csv")  # b refused at its turn
        started = time.monotonic()
        assert _read(_answer, "c", limits=limits) == "c"
        assert time.monotonic() - started < 10  # not the 30 s of the read never asked for


def _answer_after(value: object, seconds: float) -> object:
    time.sleep(seconds)
    return value


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_read_ahead_asked_for_otherwise_is_stopped_not_awaited():
    # The same file (first argument) asked with other arguments: what was sent is out of date.
    from cco.io import isolation

    limits = _read_limit(read_seconds=30)
    with isolation.reading_session():
        isolation.read_ahead(_answer_after, ("b.csv", 60), limits)
        assert _read(_answer, "a", limits=limits) == "a"
        started = time.monotonic()
        assert _read(_answer_after, "b.csv", 0, limits=limits) == "b.csv"
        assert time.monotonic() - started < 10


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_file_changed_after_its_read_ahead_is_read_again(tmp_path):
    from cco.io import isolation, readers

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("Commitment,R,E,S\nVIII-1,1,1,1\n", encoding="utf-8")
    second.write_text("Commitment,R,E,S\nVIII-2,2,2,2\n", encoding="utf-8")
    with isolation.reading_session():
        readers.read_ahead(second)
        readers.read_workbook(first)  # b.csv is sent to the child as this answer comes
        time.sleep(0.5)  # read by now
        second.write_text("Commitment,R,E,S\nVIII-2,3,3,3\nVIII-3,0,0,0\n", encoding="utf-8")
        rows = readers.read_workbook(second).sheets[0].rows
    assert rows[1:] == [["VIII-2", "3", "3", "3"], ["VIII-3", "0", "0", "0"]]


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_file_read_ahead_then_refused_at_its_turn_discards_the_read(tmp_path, monkeypatch):
    from cco.io import isolation, readers

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    for path in (first, second):
        path.write_text("Commitment,R,E,S\nVIII-1,1,1,1\n", encoding="utf-8")
    discarded: list[object] = []
    real_discard = isolation.discard_read_ahead
    monkeypatch.setattr(
        isolation,
        "discard_read_ahead",
        lambda target, first: discarded.append(first) or real_discard(target, first),
    )
    with isolation.reading_session():
        readers.read_ahead(second)
        readers.read_workbook(first)
        second.unlink()
        os.mkfifo(second)  # no longer a file to read
        with pytest.raises(CcoError) as caught:
            readers.read_workbook(second)
    assert caught.value.problem.key == "CCO101/not-regular"
    assert discarded == [second]


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_validate_compare_and_report_of_a_folder_ask_each_next_file_ahead(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from cco.cli.main import app
    from cco.io import readers
    from tests import campaign

    folder = tmp_path / "sheets"
    folder.mkdir()
    files = sorted(campaign.three_countries(folder))
    asked: list[Path] = []
    real_read_ahead = readers.read_ahead

    def noted(path: Path, limits: Limits | None = None) -> None:
        asked.append(path)
        real_read_ahead(path, limits)

    monkeypatch.setattr(readers, "read_ahead", noted)
    runner = CliRunner()
    for command in (["validate"], ["compare", "-f", "json"], ["report", "-f", "markdown"]):
        asked.clear()
        runner.invoke(app, [*command, str(folder), "--no-catalog"])
        assert asked == files[1:], command  # each file but the first, asked before its turn


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_an_interrupt_with_a_read_asked_ahead_ends_the_child():
    from cco.io import isolation

    limits = _read_limit()
    with pytest.raises(KeyboardInterrupt), isolation.reading_session():
        isolation.read_ahead(_sleep_forever, (), limits)
        pid = _read(_pid_after, limits=limits)
        raise KeyboardInterrupt
    assert _ended(pid)


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_reader_defined_inside_a_function_still_reads_in_a_session():
    from cco.io.isolation import reading_session

    def local() -> int:
        return os.getpid()

    with reading_session():
        pids = [_read(local), _read(local), _read(_pid_after)]
    assert os.getpid() not in pids
    assert len(set(pids)) == 3  # not picklable: each in a child of its own


def test_a_batch_read_by_one_child_reports_what_each_file_read_alone_reports(tmp_path):
    files = [
        sheets.tidy_english(tmp_path / "a-freedonia.xlsx"),
        sheets.tidy_spanish_csv(tmp_path / "b-sylvania.csv"),
        unsafe.huge_unique_count(tmp_path / "c-crash.xlsx"),
        unsafe.csv_stray_quote(tmp_path / "d-quote.csv"),
        sheets.tidy_english(tmp_path / "e-genovia.xlsx"),
    ]
    batch = run_cco("validate", "--format", "json", str(tmp_path))
    assert batch["code"] == 2
    by_file = {
        Path(f["file"]).name: f["problems"] for f in json.loads(str(batch["stdout"]))["files"]
    }
    for path in files:
        alone = run_cco("validate", "--format", "json", str(path))
        (report,) = json.loads(str(alone["stdout"]))["files"]
        assert by_file[path.name] == report["problems"], path.name
    assert [p["code"] for p in by_file["c-crash.xlsx"]] == ["CCO118"]
    assert [p["code"] for p in by_file["d-quote.csv"]] == ["CCO119"]
    for good in ("a-freedonia.xlsx", "b-sylvania.csv", "e-genovia.xlsx"):
        assert all(p["severity"] == "warning" for p in by_file[good]), by_file[good]


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
@pytest.mark.parametrize("stop", ["SIGKILL", "SIGSTOP"])
def test_a_child_found_dead_or_stopped_between_reads_is_replaced_and_the_next_file_read(stop):
    from cco.io.isolation import reading_session

    with reading_session():
        first = _read(_pid_after)
        os.kill(first, getattr(signal, stop))  # as the out-of-memory killer might, or a user
        time.sleep(0.2)
        assert _read(_answer, "Freedonia", limits=_read_limit(read_seconds=5)) == "Freedonia"
        assert _read(_pid_after) != first
    assert _ended(first)


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_second_interrupt_while_a_read_is_being_ended_closes_nothing_twice(monkeypatch):
    from cco.io import isolation

    real_kill = os.kill
    interrupted: list[int] = []

    def kill_then_interrupt(pid: int, sig: int) -> None:
        real_kill(pid, sig)
        if not interrupted:  # the second Ctrl-C, inside the first one's clean-up
            interrupted.append(pid)
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), isolation.reading_session():
        pid = _read(_pid_after)
        monkeypatch.setattr(os, "kill", kill_then_interrupt)
        _read(_sleep_forever, limits=_read_limit(read_seconds=1))
    monkeypatch.undo()
    assert interrupted == [pid]
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)  # the interrupted clean-up could not reap it: this test does
    assert _ended(pid)


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_a_session_ends_at_once_even_when_a_process_forked_meanwhile_holds_its_pipes():
    from cco.io.isolation import reading_session

    started = time.monotonic()
    with reading_session():
        _read(_pid_after)
        other = os.fork()
        if other == 0:  # a process that inherits every descriptor and keeps them
            time.sleep(30)
            os._exit(0)
    took = time.monotonic() - started
    os.kill(other, signal.SIGKILL)
    os.waitpid(other, 0)
    assert took < 10


@pytest.mark.skipif(sys.platform != "linux", reason="a shared reader is forked, on Linux")
def test_reads_from_other_threads_in_a_session_each_get_their_own_answer():
    import contextvars
    import threading

    from cco.io.isolation import reading_session

    answers: dict[str, object] = {}

    def read(name: str) -> None:
        answers[name] = _read(_answer_later, name, 0.3)

    with reading_session():
        threads = [
            threading.Thread(target=contextvars.copy_context().run, args=(read, name))
            for name in ("Freedonia", "Sylvania", "Genovia")
        ]
        for thread in threads:
            thread.start()
        answers["main"] = _read(_answer_later, "main", 0.1)
        for thread in threads:
            thread.join()
    assert answers == {name: name for name in ("Freedonia", "Sylvania", "Genovia", "main")}


def _answer_later(value: object, seconds: float) -> object:
    time.sleep(seconds)
    return value


def test_a_length_that_is_not_genuine_costs_no_memory():
    import tracemalloc

    from cco.io.isolation import _read_exactly

    reading, writing = os.pipe()
    os.write(writing, b"twelve bytes")
    os.close(writing)
    tracemalloc.start()
    try:
        got = _read_exactly(reading, 2**31, time.monotonic() + 5)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        os.close(reading)
    assert got == b"twelve bytes"
    assert peak < 10 * 2**20


@pytest.mark.skipif(not hasattr(signal, "SIGXCPU"), reason="no RLIMIT_CPU on this platform")
@pytest.mark.parametrize("shared", [False, True], ids=["a child per read", "a session"])
def test_the_processor_limit_holds_when_the_parent_blocks_its_signal(shared):
    from cco.io.isolation import reading_session

    limits = _read_limit(read_cpu_seconds=1, read_seconds=30)
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGXCPU})
    try:
        with reading_session() if shared else contextlib.nullcontext():
            assert _unsafe(_spin_forever, (), limits) == "CCO118/cpu"
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@pytest.mark.parametrize("shared", [False, True], ids=["a child per read", "a session"])
def test_a_fork_that_fails_is_a_coded_problem_and_leaks_no_descriptor(monkeypatch, shared):
    import errno

    from cco.io.isolation import reading_session

    def no_fork() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    opened = len(os.listdir("/proc/self/fd"))
    with reading_session() if shared else contextlib.nullcontext():
        monkeypatch.setattr(os, "fork", no_fork)
        for _ in range(5):
            assert _unsafe(_answer, (1,), _read_limit()) == "CCO118/crash"
        monkeypatch.undo()
    assert len(os.listdir("/proc/self/fd")) == opened


def _mark_and_wait(marker: str, release: str) -> str:
    """A read that says it has started, then waits (up to 20 s) for the parent's word."""
    Path(marker).write_text("reading")
    deadline = time.monotonic() + 20
    while not Path(release).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return Path(release).read_text() if Path(release).exists() else "never released"


@pytest.mark.parametrize("shared", [False, True], ids=["a child per read", "a session"])
def test_work_given_to_while_reading_runs_once_while_the_child_reads(tmp_path, shared):
    from cco.io.isolation import reading_session, while_reading

    marker, release = tmp_path / "started", tmp_path / "released"
    done: list[bool] = []

    def work() -> None:
        # Runs in the parent while the child is inside its read: it sees the child's marker,
        # and only then lets the child finish.
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        done.append(marker.exists())
        release.write_text("released by the parent")

    with reading_session() if shared else contextlib.nullcontext(), while_reading(work):
        answer = _read(_mark_and_wait, str(marker), str(release))
        assert _read(_answer, 7) == 7  # a second read in the block: the work is done already
    assert answer == "released by the parent"
    assert done == [True]


@pytest.mark.parametrize("shared", [False, True], ids=["a child per read", "a session"])
def test_work_while_reading_that_outlasts_the_deadline_does_not_count_against_the_read(shared):
    from cco.io.isolation import reading_session, while_reading

    limits = _read_limit(read_seconds=1)
    with (
        reading_session() if shared else contextlib.nullcontext(),
        while_reading(lambda: time.sleep(1.5)),
    ):
        assert _read(_answer, "Freedonia", limits=limits) == "Freedonia"


def test_work_given_to_while_reading_is_not_done_without_a_child_and_never_breaks_a_read(
    monkeypatch,
):
    from cco.io.isolation import while_reading

    calls: list[str] = []

    def failing() -> None:
        calls.append("failing")
        raise ImportError("a library that is not there")

    with while_reading(failing):
        assert _read(_answer, [1, "Freedonia"]) == [1, "Freedonia"]
    assert calls == ["failing"]
    monkeypatch.setenv("CCO_ISOLATE", "0")
    with while_reading(lambda: calls.append("in-process")):
        assert _read(_answer, 2) == 2
    assert calls == ["failing"]


# ---- linear time ------------------------------------------------------------------------------


def _best_of_three(function: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        with contextlib.suppress(CcoError):
            function()
        best = min(best, time.perf_counter() - started)
    return best


def _worksheet_scan(xml: bytes) -> Callable[[], object]:
    from cco.io.archive import scan_worksheet

    archive = _archive({"s.xml": xml})
    huge = Limits(rows=10**9, columns=10**9, cells=10**18)
    return lambda: scan_worksheet(archive, "s.xml", "S", Path("x"), huge)


def _workbook_scan(xml: bytes) -> Callable[[], object]:
    from cco.io.archive import percent_styles, worksheet_parts

    names = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml")
    archive = _archive(dict.fromkeys(names, xml))
    return lambda: (worksheet_parts(archive, Path("x")), percent_styles(archive, Path("x")))


def _ods_scan(xml: bytes) -> Callable[[], object]:
    from cco.io.archive import scan_ods

    archive = _archive({"content.xml": xml})
    return lambda: scan_ods(archive, Path("x"), Limits(rows=10**12, columns=10**12, cells=10**24))


def _prolog_scan(xml: bytes) -> Callable[[], object]:
    import io

    from cco.io.archive import _prolog_declares

    return lambda: _prolog_declares(io.BytesIO(xml).read)


def _archive(parts: dict[str, bytes]):
    import io
    import zipfile

    from cco.io.archive import CountedArchive

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    buffer.seek(0)
    counted = CountedArchive(buffer)
    counted.inflated_limit = 1 << 40
    return counted


MALFORMED = {
    "cell tags that never close": (
        _worksheet_scan,
        lambda n: b'<row r="1">' + b'<c r="A1" s="1' * n,
    ),
    "cells inside one tag": (_worksheet_scan, lambda n: b'<c r="A1" ' + b'<c r="B2" ' * n + b">"),
    "hidden rows that never close": (_worksheet_scan, lambda n: b'<row r="1" hidden="1" ' * n),
    "formulas in a cell that never closes": (
        _worksheet_scan,
        lambda n: b'<c r="A1">' + b"<f>1</f>" * n,
    ),
    "a long attribute name": (_worksheet_scan, lambda n: b"<c " + b"a" * (20 * n) + b">"),
    "sheet tags that never close": (_workbook_scan, lambda n: b'<sheet name="a" r:id="r"' * n),
    "number formats that never close": (_workbook_scan, lambda n: b'<numFmt numFmtId="9"' * n),
    "style blocks that never close": (_workbook_scan, lambda n: b'<cellXfs><xf numFmtId="9">' * n),
    "ods tables that never close": (_ods_scan, lambda n: b'<table:table table:name="a">' * n),
    "ods cells that never close": (
        _ods_scan,
        lambda n: (
            b'<t:table t:name="a"><t:table-row>'
            + b'<t:table-cell o:value-type="string">' * n
            + b"</t:table-row></t:table>"
        ),
    ),
    "prolog comments that never close": (_prolog_scan, lambda n: b"<!--" * n),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_part_ten_times_larger_takes_about_ten_times_longer(case):
    """Linear, not quadratic: 10x the text costs well under 30x the time (100x if quadratic)."""
    make, grow = MALFORMED[case]
    small = _best_of_three(make(grow(10_000)))
    large = _best_of_three(make(grow(100_000)))
    # Times under 5 ms are mostly noise on a shared machine: they count as 5 ms.
    assert large < 30 * max(small, 0.005), (small, large)


# ---- CSV: no row is lost without a word ----------------------------------------------------------


def _read_csv_text(tmp_path: Path, text: str, **limits: int):
    from cco.io.readers import read_workbook

    path = tmp_path / "freedonia.csv"
    path.write_text(text, encoding="utf-8")
    return read_workbook(path, Limits(**limits))


@pytest.mark.parametrize(
    ("text", "key", "row", "line"),
    [
        # The quote opened on line 3 never closes: lines 4 and 5 would be one cell.
        (
            'Id,R,E,S,Note\nVIII-1-3,1,1,1,ok\nVIII-1-4,2,2,2,"see\nVIII-1-5,3,3,3,x\n',
            "quote",
            3,
            3,
        ),
        # A later quote closes it, two rows down: the row in between would vanish.
        (
            'Id,R,E,S,Note\nVIII-1-3,1,1,1,"see\nVIII-1-4,2,2,2,x\nVIII-1-5,3,3,3,end"\n',
            "swallowed",
            2,
            2,
        ),
        # Record 3 starts on line 4: line numbers and row numbers part after a multi-line cell.
        (
            'Id,R,E,S,Note\nVIII-1-3,1,1,1,"two\nlines"\nVIII-1-4,1,1,1,"x\nVIII-1-5,1,1,1\n',
            "quote",
            3,
            4,
        ),
    ],
)
def test_a_csv_quote_that_would_hide_rows_names_where_it_starts(tmp_path, text, key, row, line):
    with pytest.raises(CcoError) as caught:
        _read_csv_text(tmp_path, text)
    problem = caught.value.problem
    assert (problem.key, problem.row, problem.params["line"]) == (f"CCO119/{key}", row, line)
    assert f"line {line}" in problem.message


def test_a_csv_field_over_the_limit_is_an_error_naming_its_row(tmp_path):
    text = "Id,R,E,S,Note\nVIII-1-3,1,1,1,ok\nVIII-1-4,1,1,1," + "x" * 101 + "\n"
    with pytest.raises(CcoError) as caught:
        _read_csv_text(tmp_path, text, field_chars=100)
    problem = caught.value.problem
    assert (problem.key, problem.row, problem.params["limit"]) == ("CCO119/field", 3, 100)
    assert len(_read_csv_text(tmp_path, text, field_chars=101).sheets[0].rows) == 3


def test_a_cell_with_its_own_line_breaks_is_read_whole(tmp_path):
    text = 'Id,R,E,S,Note\nVIII-1-3,1,1,1,"first line\nsecond, with a comma"\nVIII-1-4,2,2,2,x\n'
    rows = _read_csv_text(tmp_path, text).sheets[0].rows
    assert len(rows) == 3
    assert rows[1][4] == "first line\nsecond, with a comma"
    assert rows[2][0] == "VIII-1-4"


def test_a_csv_that_never_ends_is_read_no_further_than_the_limit(tmp_path):
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc")
    link = tmp_path / "status.csv"
    link.symlink_to("/proc/self/status")  # says 0 bytes, holds text
    result = run_cco("validate", str(link))
    # Read to its end within the file limit: a text that is no evaluation sheet (CCO120, a
    # warning: exit 0, or 1 with --strict), never an endless read or an internal error.
    assert result["code"] == 0
    assert "[CCO120]" in str(result["stdout"])
    assert "internal error" not in str(result["stderr"])
    assert run_cco("validate", "--strict", str(link))["code"] == 1


# A sheet simply larger than a limit (issue 15): the problem names the limit passed and its
# variable, and gives no advice to delete stray cells, which it does not have.
def _dense_rows(count: int) -> list[list[object]]:
    header = ["Summit", "Theme", "Commitment", "Organization", "R", "E", "S"]
    return [header] + [["VIII", 1, 3, f"Org {n}", 1, 2, 3] for n in range(count)]


def _read_problem(path: Path, limits: Limits):
    from cco.io.readers import read_workbook

    with pytest.raises(CcoError) as caught:
        read_workbook(path, limits)
    return caught.value.problem


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_large_sheet_names_the_cell_limit_and_its_variable(tmp_path, suffix):
    path = tmp_path / f"large{suffix}"
    rows = _dense_rows(39)  # 40 rows of 7 columns: 280 cells, every one filled
    if suffix == ".csv":
        path.write_text("\n".join(",".join(map(str, row)) for row in rows) + "\n")
    else:
        sheets.save(rows, path)
    problem = _read_problem(path, Limits(cells=100))
    assert (problem.code, problem.key) == ("CCO114", "CCO114/large-cells")
    # The whole sheet is counted, even a CSV whose reading stopped at the limit.
    assert (problem.params["rows"], problem.params["columns"]) == (40, "G")
    assert problem.params["cells"] == 280
    assert "CCO_MAX_CELLS" in problem.message and "100 cells" in problem.message
    assert "CCO_MAX_CELLS=290" in problem.hint  # 280 rounded up to two significant digits
    assert "stray" not in problem.hint


def test_a_large_sheet_names_the_row_limit_when_that_is_the_one_passed(tmp_path):
    path = sheets.save(_dense_rows(29), tmp_path / "rows.xlsx")
    problem = _read_problem(path, Limits(rows=20))
    assert problem.key == "CCO114/large-rows"
    assert "20 rows" in problem.message and "CCO_MAX_ROWS" in problem.message
    assert "CCO_MAX_ROWS=31" in problem.hint and "stray" not in problem.hint


def test_a_stray_cell_far_from_the_data_still_says_to_delete_it(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in _dense_rows(3):
        sheet.append(row)
    sheet["Z500"] = "x"  # 500 x 26 cells in range, 29 filled
    book.save(tmp_path / "stray.xlsx")
    problem = _read_problem(tmp_path / "stray.xlsx", Limits(cells=1000))
    assert problem.key == "CCO114"
    assert "stray" in problem.hint and "CCO_MAX_CELLS" not in problem.message


def test_the_shipped_catalog_is_read_in_process_and_any_other_file_in_a_child(
    monkeypatch, tmp_path
):
    # The catalog that comes with cco was written by no stranger: reading it costs no fork.
    import sys

    from cco.catalog.commitments import load_catalog, shipped_catalog_path
    from cco.io import isolation

    if not sys.platform.startswith("linux"):
        pytest.skip("counts forked children (Linux)")
    children: list[object] = []
    forked = isolation._run_forked

    def counted(*args: object) -> object:
        children.append(args)
        return forked(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(isolation, "_run_forked", counted)
    monkeypatch.setenv("CCO_ISOLATE", "1")
    load_catalog()
    assert children == []
    extra = tmp_path / "extra.csv"
    extra.write_bytes(shipped_catalog_path().read_bytes())
    load_catalog(extra)
    assert len(children) == 1
    load_catalog(shipped=extra)  # a shipped path given by a caller is not trusted either
    assert len(children) == 2
