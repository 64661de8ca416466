"""What cco writes cannot act: no live formula, no HTML, no hidden text direction, no short file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cco.core.text import cell_text, markdown_cell, markdown_inert, one_line
from cco.io.files import remove_stale_temporaries, write_atomic, write_text_atomic
from cco.io.readers import SheetData, _fill_vertical_merges
from cco.output.workbook import sheet_title
from cco.pipeline.sheets import find_sheets
from tests import sheets
from tests.conftest import PERU


@pytest.mark.parametrize("override", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"])
def test_bidirectional_overrides_are_dropped(override):
    assert one_line(f"Free{override}donia") == "Freedonia"
    assert cell_text(f"  Syl{override}vania\u2066\u2067\u2068\u2069 ") == "Sylvania"


def test_right_to_left_letters_stay():
    assert one_line("Freedonia \u0627\u0644\u0639\u0631\u0628\u064a\u0629") == (
        "Freedonia \u0627\u0644\u0639\u0631\u0628\u064a\u0629"
    )


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("Themes VIII", "Themes VIII"),
        ("a/b[c]:d*e?f\\g", "a_b_c__d_e_f_g"),
        ("x" * 40, "x" * 31),
        ("", "Sheet"),
    ],
)
def test_sheet_titles_are_inert_and_valid(name, title):
    assert sheet_title(name) == title


def test_a_country_named_like_a_formula_is_text_in_every_cell_of_compare(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    sheets.tidy_english(folder / "=HYPERLINK(1).xlsx")  # the country is the file's name
    sheets.tidy_english(folder / "@SUM(1).xlsx")
    output = tmp_path / "compare.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "cco", "compare", str(folder), "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    book = load_workbook(output)
    texts = [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert "'=HYPERLINK(1)" in texts  # the country reached a header and is inert there
    assert not [t for t in texts if t.startswith(("=", "@", "+"))]
    assert not [s.title for s in book.worksheets if s.title.startswith(("=", "@", "+"))]


@pytest.mark.parametrize(
    ("text", "inert"),
    [
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ('<img src=x onerror="alert(1)">', '&lt;img src=x onerror="alert(1)">'),
        ("&lt;b&gt;", "&amp;lt;b&amp;gt;"),
        ("3 < 4 & 5", "3 < 4 & 5"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_text_holds_no_html(text, inert):
    assert markdown_inert(text) == inert
    assert markdown_cell(text + "|x") == inert + "\\|x"


def test_sheet_text_in_markdown_output_is_escaped(tmp_path):
    path = sheets.save(
        [
            ["Summit", "Theme", "Commitment", "Text", "R", "E", "S"],
            ["VIII", 1, 3, "<script>alert('Freedonia')</script>", 2, 1, 3],
            ["VIII", 2, 14, "<img src=x onerror=alert(1)>", 1, 1, 1],
        ],
        tmp_path / "freedonia.xlsx",
    )
    done = subprocess.run(
        [sys.executable, "-m", "cco", "score", str(path), "-f", "markdown"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "&lt;script>" in done.stdout
    assert "<script" not in done.stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "table"])
def test_a_failed_write_to_stdout_is_exit_2_with_one_line(fmt):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cco", "score", str(PERU), "-f", fmt],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "[CCO101]" in lines[0] and "No space left" in lines[0]


def _dead_pid() -> int:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


def test_a_stale_temporary_file_of_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    output = tmp_path / "out.csv"
    stale = tmp_path / f".out.csv.cco{_dead_pid()}.k3j2h1g0.tmp"
    live = tmp_path / f".out.csv.cco{os.getppid()}.a1b2c3d4.tmp"  # a writer still running
    other = tmp_path / ".notes.csv.cco1.a1b2c3d4.tmp"  # beside another output
    for path in (stale, live, other):
        path.write_text("partial")
    write_text_atomic(output, "Freedonia\n")
    assert output.read_text() == "Freedonia\n"
    assert not stale.exists()
    assert live.exists() and other.exists()
    assert remove_stale_temporaries(output) == []


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path):
    output = tmp_path / "out.xlsx"

    def write_then_get_terminated(path: Path) -> None:
        path.write_text("half a workbook")
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the signal arrives first

    with pytest.raises(SystemExit) as ended:
        write_atomic(output, write_then_get_terminated)
    assert ended.value.code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is put back


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges there")
def test_a_folder_is_not_left_through_a_symbolic_link(tmp_path):
    outside = sheets.tidy_english(tmp_path / "outside.xlsx")
    folder = tmp_path / "sheets"
    folder.mkdir()
    inside = sheets.tidy_english(folder / "freedonia.xlsx")
    (folder / "escape.xlsx").symlink_to(outside)
    (folder / "passwd.csv").symlink_to("/etc/passwd")
    (folder / "alias.xlsx").symlink_to(inside)
    (folder / "broken.csv").symlink_to(folder / "missing.csv")
    (folder / "loop.xlsx").symlink_to(folder / "loop.xlsx")
    listed = [p.name for p in find_sheets([folder]).files]
    # A dangling link and a loop are listed, so that reading them says what is wrong.
    assert listed == ["alias.xlsx", "broken.csv", "freedonia.xlsx", "loop.xlsx"]


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges there")
def test_a_dangling_link_and_a_loop_of_links_are_reported_not_skipped(tmp_path):
    from typer.testing import CliRunner

    from cco.cli.main import app

    sheets.tidy_english(tmp_path / "freedonia.xlsx")
    (tmp_path / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    (tmp_path / "loop.xlsx").symlink_to(tmp_path / "loop.xlsx")
    result = CliRunner().invoke(app, ["validate", str(tmp_path), "-f", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    found = {Path(f["file"]).name: f["problems"] for f in data["files"]}
    assert [p["code"] for p in found["gone.csv"]] == ["CCO101"]
    assert "not found" in found["gone.csv"][0]["message"]
    assert [p["code"] for p in found["loop.xlsx"]] == ["CCO101"]
    assert "symbolic links" in found["loop.xlsx"][0]["message"]
    assert not [p for p in found["freedonia.xlsx"] if p["severity"] == "error"]


def test_merged_ranges_fill_down_once_each():
    grid = [["a", "x"], ["", ""], ["", "y"], ["b", ""], ["", ""]]
    data = SheetData(name="S", rows=[list(r) for r in grid], row_offset=10, col_offset=2)
    # Spreadsheet rows 11-13 and 11-12 of column C (overlapping), 14-15 of C, 12-14 of D
    # (past a value: only empty cells fill), and one range beyond the grid (ignored).
    ranges = [
        ((10, 2), (12, 2)),
        ((10, 2), (11, 2)),
        ((13, 2), (14, 2)),
        ((11, 3), (13, 3)),
        ((12, 2), (99, 2)),
    ]
    _fill_vertical_merges(data, ranges)
    assert data.rows == [["a", "x"], ["a", ""], ["a", "y"], ["b", ""], ["b", ""]]


def test_many_merged_ranges_cost_the_cells_present():
    rows = [["v"]] + [[""] for _ in range(1_999)]
    data = SheetData(name="S", rows=rows)
    started = time.perf_counter()
    _fill_vertical_merges(data, [((0, 0), (1_999, 0))] * 100_000)  # 2 x 10^8 cells named
    assert time.perf_counter() - started < 2.0
    assert all(row == ["v"] for row in data.rows)


def test_a_folder_that_cannot_be_listed_is_reported_not_skipped(tmp_path, monkeypatch):
    """A subfolder the search may not list, and a file in a folder it may not search."""
    from typer.testing import CliRunner

    from cco.cli.main import app

    sheets.tidy_english(tmp_path / "freedonia.xlsx")
    locked = tmp_path / "locked"
    locked.mkdir()
    sheets.tidy_english(locked / "sylvania.xlsx")
    hidden = tmp_path / "unsearchable"
    hidden.mkdir()
    inside = sheets.tidy_english(hidden / "genovia.xlsx")
    denied = PermissionError(13, "Permission denied")
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path="."):
        if Path(path) == locked:
            raise denied
        return real_scandir(path)

    def stat(path, *args, **kwargs):
        if Path(path).parent == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    # As a user without the right to list `locked` or to search `unsearchable` would see them.
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)
    result = CliRunner().invoke(app, ["validate", str(tmp_path), str(inside), "-f", "json"])
    assert result.exit_code == 2, result.output
    found = {f["file"]: f["problems"] for f in json.loads(result.stdout)["files"]}
    assert [p["message"] for p in found[str(locked)]] == [
        "cannot open the folder: Permission denied"
    ]
    assert [p["message"] for p in found[str(inside)]] == ["cannot open the file: Permission denied"]
    assert not [p for p in found[str(tmp_path / "freedonia.xlsx")] if p["severity"] == "error"]


def test_typer_does_not_judge_whether_a_path_can_be_read(tmp_path, monkeypatch):
    """Reading decides (CCO101 naming the file and why), not a generic 'invalid value' line."""
    from typer.testing import CliRunner

    from cco.cli.main import app

    sheet = sheets.tidy_english(tmp_path / "freedonia.xlsx")
    real_access = os.access
    # Typer asks os.access whether a path it is given may be read; cco never asks it.
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode, **kw: False if Path(path) == sheet else real_access(path, mode, **kw),
    )
    for args in (
        ["score", sheet, "-f", "json"],
        ["validate", sheet],
        ["compare", sheet, "-f", "json"],
    ):
        result = CliRunner().invoke(app, [str(a) for a in args])
        assert "CCO001" not in result.output, (args, result.output)
        assert result.exit_code == 0, (args, result.output)
