"""A large workbook is scanned while calamine reads it (cco.io.readers._read_spreadsheet).

The scan's verdicts, and every value read, must be what the scan-then-read order gives; a child
that calamine ends (a far cell's grid too large to allocate) is read again with the scan first.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from cco.core.limits import Limits
from cco.core.models import CcoError
from cco.io import isolation, readers
from tests import unsafe_files as unsafe

pytestmark = pytest.mark.skipif(
    not isolation.reads_capped(), reason="reads overlap only in a memory-capped child (Linux)"
)

_LIMITS = Limits(read_memory_bytes=256 * 1024 * 1024)


def _big_sheet(path: Path, rows: int = 12_000, far: str = "") -> Path:
    """A worksheet of over 1 MB: a header, rated rows, a hidden row, a formula with no value."""
    cells = [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Commitment</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Organization</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>R</t></is></c><c r="D1" t="inlineStr"><is><t>E</t></is>'
        '</c><c r="E1" t="inlineStr"><is><t>S</t></is></c></row>'
    ]
    for n in range(2, rows + 2):
        hidden = ' hidden="1"' if n == 7 else ""
        formula = f'<c r="F{n}"><f>SUM(C{n}:E{n})</f></c>' if n == 9 else ""
        cells.append(
            f'<row r="{n}"{hidden}><c r="A{n}" t="inlineStr"><is><t>VIII-{n % 57 + 1}</t></is></c>'
            f'<c r="B{n}" t="inlineStr"><is><t>Org {n % 31}</t></is></c>'
            f'<c r="C{n}"><v>{n % 4}</v></c><c r="D{n}"><v>{(n + 1) % 4}</v></c>'
            f'<c r="E{n}"><v>{(n + 2) % 4}</v></c>{formula}</row>'
        )
    path = unsafe.xlsx(path, unsafe.sheet_xml("".join(cells) + far))
    return path


def _plain(path: Path, overlap: bool) -> dict[str, object]:
    path_, limits, head, version, _ = readers._read_request(path, _LIMITS)
    return readers._read_plain(path_, limits, head, version, overlap)


def test_a_large_workbook_read_with_the_scan_alongside_is_read_as_in_turn(tmp_path, monkeypatch):
    path = _big_sheet(tmp_path / "big.xlsx")
    started = []
    real = readers._InBackground

    def counted(*args):
        started.append(args)
        return real(*args)

    monkeypatch.setattr(readers, "_InBackground", counted)
    in_turn = _plain(path, overlap=False)
    assert started == []
    alongside = _plain(path, overlap=True)
    assert len(started) == 1  # the thread was used
    assert alongside == in_turn
    sheet = readers._workbook_from_plain(alongside, path, _LIMITS).sheets[0]
    assert sheet.hidden_rows == {7}
    assert len(sheet.rows) == 12_001 and sheet.rows[1][:3] == ["VIII-3", "Org 2", 2.0]
    assert [note.code for note in readers._workbook_from_plain(alongside, path, _LIMITS).notes] == [
        "CCO111"
    ]


def test_a_small_workbook_is_scanned_then_read(tmp_path, monkeypatch):
    path = unsafe.xlsx(tmp_path / "small.xlsx")
    monkeypatch.setattr(readers, "_InBackground", None)  # calling it would fail
    assert _plain(path, overlap=True) == _plain(path, overlap=False)


def test_a_far_cell_in_a_large_sheet_is_still_refused_for_its_range(tmp_path):
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = _big_sheet(tmp_path / "far.xlsx", far=far)
    with pytest.raises(CcoError) as caught:
        readers.read_workbook(path, _LIMITS)
    assert caught.value.problem.code == "CCO114"
    assert "XFD" in caught.value.problem.message


def test_a_child_that_ends_while_reading_alongside_is_read_again_in_turn(tmp_path, monkeypatch):
    path = _big_sheet(tmp_path / "big.xlsx")
    real = readers._calamine_sheets
    reads = []

    def abort_in_a_thread(file: Path):
        if threading.current_thread() is not threading.main_thread():
            os.abort()  # in the child: what a failed allocation in calamine does
        return real(file)

    monkeypatch.setattr(readers, "_calamine_sheets", abort_in_a_thread)
    real_run = readers.run_isolated

    def counted_run(target, args, **kwargs):
        reads.append(args[-1])
        return real_run(target, args, **kwargs)

    monkeypatch.setattr(readers, "run_isolated", counted_run)
    book = readers.read_workbook(path, _LIMITS)
    assert reads == [True, False]  # alongside, then in turn
    assert len(book.sheets[0].rows) == 12_001


def test_a_child_left_with_a_read_at_work_is_not_given_the_next_file(tmp_path, monkeypatch):
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    refused = _big_sheet(tmp_path / "far.xlsx", far=far)
    good = _big_sheet(tmp_path / "good.xlsx", rows=200)
    real = readers._calamine_sheets
    event = threading.Event()

    def slow_in_a_thread(file: Path):
        if threading.current_thread() is not threading.main_thread():
            event.wait(5)  # still reading when the scan refuses the file
        return real(file)

    monkeypatch.setattr(readers, "_calamine_sheets", slow_in_a_thread)
    with isolation.reading_session(2):
        with pytest.raises(CcoError) as caught:
            readers.read_workbook(refused, _LIMITS)
        assert caught.value.problem.code == "CCO114"
        worker = isolation._WORKER.get()
        assert worker is not None and worker.pid == 0  # retired: it answered and ended
        assert len(readers.read_workbook(good, _LIMITS).sheets[0].rows) == 201


def test_only_a_spreadsheet_of_office_xml_is_read_alongside_its_scan(tmp_path):
    from tests import sheets

    alongside = readers._processors() >= 2
    assert readers._read_request(unsafe.xlsx(tmp_path / "a.xlsx"), _LIMITS)[-1] is alongside
    assert readers._read_request(sheets.tidy_spanish_csv(tmp_path / "b.csv"), _LIMITS)[-1] is False


def test_a_far_cell_read_alongside_costs_no_more_than_a_sheet_within_the_limits(
    tmp_path, monkeypatch
):
    """calamine makes the far cell's grid (590 MB) before the scan ends: within the 2 GB cap,
    but past what a sheet within the cell limit needs, so the child ends and the file is read
    again with the scan first, which refuses it."""
    import time

    from cco.io import archive

    limits = Limits(read_memory_bytes=2048 * 1024 * 1024, cells=200_000)
    far = '<row r="18000"><c r="AMJ18000"><v>1</v></c></row>'
    path = _big_sheet(tmp_path / "far.xlsx", far=far)
    threads: list[readers._InBackground] = []
    real_thread, real_scan = readers._InBackground, archive.scan_worksheet

    def kept(*args):
        threads.append(real_thread(*args))
        return threads[-1]

    def scan_after_calamine(*args, **kwargs):
        waited = time.monotonic()
        while threads and threads[-1].running() and time.monotonic() - waited < 60:
            time.sleep(0.01)
        return real_scan(*args, **kwargs)

    monkeypatch.setattr(readers, "_InBackground", kept)
    monkeypatch.setattr(archive, "scan_worksheet", scan_after_calamine)
    reads = []
    real_run = readers.run_isolated

    def counted_run(target, args, **kwargs):
        reads.append(args[-1])
        return real_run(target, args, **kwargs)

    monkeypatch.setattr(readers, "run_isolated", counted_run)
    with pytest.raises(CcoError) as caught:
        readers.read_workbook(path, limits)
    assert caught.value.problem.code == "CCO114"
    assert reads == [True, False]  # the child reading alongside ended; read again in turn


def test_memory_is_held_while_reading_alongside_and_let_go_after():
    """In a child: past the held budget an allocation fails; after `undo` it succeeds."""
    import subprocess
    import sys

    source = """
import resource
from cco.io import isolation
mb = 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (4096 * mb, 4096 * mb))
undo = isolation.hold_memory_to(200 * mb)
try:
    bytearray(400 * mb)
    print("allocated while held")
except MemoryError:
    print("refused while held")
undo()
bytearray(400 * mb)
print("allocated after", resource.getrlimit(resource.RLIMIT_AS)[0] == 4096 * mb)
"""
    done = subprocess.run(
        [sys.executable, "-c", source], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.split("\n")[:2] == ["refused while held", "allocated after True"], (
        done.stdout + done.stderr
    )
