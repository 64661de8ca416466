"""The `cco` command ends its process at once (`cco.cli.main.run`), as `main` would have ended it.

`run` skips the interpreter's teardown after flushing what was written. Each case runs both
entry points in fresh interpreters with stdout a pipe (block-buffered: what is not flushed is
lost) and compares what they printed and their exit status.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PERU

ENTRY = "import sys; from cco.cli.main import {0}; sys.argv[0] = 'cco'; {0}()"

# Buffered as a user's shell leaves it: with PYTHONUNBUFFERED every write reaches the pipe at
# once, and a missing flush could not be seen.
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _run(entry: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-c", ENTRY.format(entry), *args]
    return subprocess.run(command, capture_output=True, timeout=120, check=False, env=BUFFERED)


def _cases(tmp_path: Path) -> dict[str, list[str]]:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    return {
        "score json": ["score", str(PERU), "-f", "json"],
        "score table": ["score", str(PERU)],
        "validate with errors": ["validate", str(broken)],
        "missing file": ["score", str(tmp_path / "nowhere.xlsx")],
        "usage error": ["score", "--no-such-option"],
        "help": ["--help"],
        "version": ["--version"],
    }


@pytest.mark.parametrize(
    "case",
    [
        "score json",
        "score table",
        "validate with errors",
        "missing file",
        "usage error",
        "help",
        "version",
    ],
)
def test_the_command_prints_and_exits_as_main_does(tmp_path, case):
    args = _cases(tmp_path)[case]
    quick = _run("run", *args)
    plain = _run("main", *args)
    assert quick.returncode == plain.returncode
    assert quick.stdout == plain.stdout
    assert quick.stderr == plain.stderr
    if case == "score json":  # the whole document came through the pipe
        assert quick.returncode == 0
        assert json.loads(quick.stdout)["country"] == "Peru"
    if case == "version":
        assert quick.stdout.startswith(b"cco ")
    if case in ("validate with errors", "missing file", "usage error"):
        assert quick.returncode != 0 and quick.stdout + quick.stderr


def test_output_written_to_a_full_disk_is_still_reported(tmp_path):
    """stdout on /dev/full: the same one-line CCO101 and exit status as `main`."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    outcomes = []
    for entry in ("run", "main"):
        with open("/dev/full", "wb") as full:
            command = [sys.executable, "-c", ENTRY.format(entry), "score", str(PERU), "-f", "json"]
            done = subprocess.run(
                command, stdout=full, stderr=subprocess.PIPE, timeout=120, check=False, env=BUFFERED
            )
        outcomes.append((done.returncode, done.stderr))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] != 0 and b"CCO101" in outcomes[0][1]


@pytest.mark.parametrize("entry", ["run", "main"])
def test_a_reader_leaving_the_pipe_ends_the_command_quietly(entry):
    """`cco score ... | head -c 10`: the reader goes away; exit 0 and nothing on stderr.

    The pipe is made to hold one page, so that the writer meets the closed pipe.
    """
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        pytest.skip("pipe sizes cannot be set here")
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    command = [sys.executable, "-c", ENTRY.format(entry), "score", str(PERU), "-f", "json"]
    with subprocess.Popen(
        command, stdout=write_end, stderr=subprocess.PIPE, env=BUFFERED
    ) as process:
        os.close(write_end)
        with os.fdopen(read_end, "rb") as reader:
            assert reader.read(10)
        assert process.stderr is not None
        error = process.stderr.read()
        code = process.wait(timeout=120)
    assert (code, error) == (0, b"")


@pytest.mark.parametrize(("status", "code"), [(None, 0), (0, 0), (3, 3)])
def test_what_is_left_in_the_buffers_is_written_before_the_process_ends(status, code):
    """`_exit_now` flushes stdout and stderr itself: a write no command flushed still arrives."""
    source = (
        "import sys; from cco.cli.main import _exit_now; "
        "sys.stdout.write('out'); sys.stderr.write('err'); "
        f"_exit_now(SystemExit({status!r}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", source], capture_output=True, timeout=60, check=False, env=BUFFERED
    )
    assert (done.returncode, done.stdout, done.stderr) == (code, b"out", b"err")


def test_a_message_as_the_status_is_printed_as_python_prints_it():
    source = "from cco.cli.main import _exit_now; _exit_now(SystemExit('a message'))"
    done = subprocess.run(
        [sys.executable, "-c", source], capture_output=True, timeout=60, check=False, env=BUFFERED
    )
    assert (done.returncode, done.stderr) == (1, b"a message\n")


FROZEN = """
import gc, sys
import cco.pipeline
from pathlib import Path
from cco.pipeline.score_file import FileSettings, score_file
cco.pipeline.freeze_imported_libraries = sys.argv[1] == "on"
assert "pandas" not in sys.modules
result = score_file(Path(sys.argv[2]), FileSettings())
assert result.card is not None and "pandas" in sys.modules
print(gc.get_freeze_count())
"""


@pytest.mark.parametrize("setting", ["on", "off"])
def test_pandas_import_is_frozen_out_of_the_collector_only_where_asked(setting):
    done = subprocess.run(
        [sys.executable, "-c", FROZEN, setting, str(PERU)],
        capture_output=True,
        timeout=120,
        check=True,
        text=True,
    )
    frozen = int(done.stdout)
    if setting == "on":  # pandas and numpy alone hold some 90,000 objects
        assert frozen > 50_000, frozen
    else:  # a notebook's process: as it was
        assert frozen == 0


def test_the_cco_command_asks_for_the_freeze_and_main_does_not():
    script = (
        "import sys, cco.cli.main as m, cco.pipeline as p\n"
        "m.main = lambda: print(p.freeze_imported_libraries)\n"
        "print(p.freeze_imported_libraries)\n"
        "m.run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=60, check=True, text=True
    )
    assert done.stdout.split() == ["False", "True"]
