"""Exports never carry a live formula and never leave a partial file behind."""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cco.cli.main import app
from cco.core.models import CcoError
from cco.io.files import neutralize, write_atomic
from tests import sheets
from tests.conftest import ROOT

runner = CliRunner()

DANGEROUS = ['=HYPERLINK("http://example.invalid","click")', "+1+1", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize("text", [*DANGEROUS, "\t=1", "\r=1"])
def test_formula_like_text_gets_a_quote(text):
    assert neutralize(text) == "'" + text


def test_plain_text_is_unchanged():
    assert neutralize("Promote open data") == "Promote open data"


def formula_sheet(tmp_path):
    """Texts that look like formulas, stored as text cells (as a careful spreadsheet does)."""
    path = sheets.save([["Id", "Theme", "Theme name", "Text", "R", "E", "S"]], tmp_path / "f.xlsx")
    book = load_workbook(path)
    for number, text in enumerate(DANGEROUS, start=1):
        book.active.append([f"VIII-{number}", 1, None, None, 1, 2, 3])
        for column, value in (("C", "=CMD()"), ("D", text)):
            cell = book.active[f"{column}{number + 1}"]
            cell.value = value
            cell.data_type = "s"
    book.save(path)
    return path


def test_xlsx_export_keeps_formula_like_texts_inert_and_numbers_numbers(tmp_path):
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["score", str(formula_sheet(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    items = book["Items"]
    header = [c.value for c in items[1]]
    texts = [row[header.index("Text")] for row in items.iter_rows(min_row=2)]
    assert {c.data_type for c in texts} == {"s"}
    assert sorted(c.value for c in texts) == sorted("'" + t for t in DANGEROUS)
    averages = [row[header.index("Average")].value for row in items.iter_rows(min_row=2)]
    assert averages == [2.0] * len(DANGEROUS)  # (1 + 2 + 3) / 3, a number


def test_csv_export_keeps_formula_like_texts_inert(tmp_path):
    result = runner.invoke(app, ["score", str(formula_sheet(tmp_path)), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(r["text"] for r in rows) == sorted("'" + t for t in DANGEROUS)
    assert {r["theme_name"] for r in rows} == {"'=CMD()"}
    assert {r["average"] for r in rows} == {"2.0"}


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("previous")

    def broken(path):
        path.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(CcoError):
        write_atomic(out, broken)
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_into_a_missing_folder_is_refused(tmp_path, peru):
    result = runner.invoke(app, ["score", str(peru), "-o", str(tmp_path / "no" / "x.json")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_outputs_get_the_usual_permissions(tmp_path, peru):
    out = tmp_path / "peru.json"
    old = os.umask(0o022)
    try:
        assert runner.invoke(app, ["score", str(peru), "-o", str(out)]).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_a_format_that_contradicts_the_output_name_is_refused(tmp_path, peru):
    result = runner.invoke(app, ["score", str(peru), "-f", "csv", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.xlsx").exists()


def test_the_catalog_file_is_never_overwritten(tmp_path, peru):
    catalog = tmp_path / "catalog.csv"
    catalog.write_text((ROOT / "data" / "catalog.csv").read_text(encoding="utf-8"))
    before = catalog.read_bytes()
    args = ["score", str(peru), "--catalog", str(catalog), "-o", str(catalog), "-f", "csv"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert catalog.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_an_output_that_is_a_pipe_or_a_folder_is_refused_and_left_as_it_is(tmp_path):
    peru = ROOT / "data" / "peru-2024.xlsx"
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    folder = tmp_path / "out.md"
    folder.mkdir()
    for target in (fifo, folder):
        result = runner.invoke(app, ["score", str(peru), "--output", str(target)])
        assert result.exit_code == 2, result.output
        assert "is not a regular file" in result.output and "CCO101" in result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not replaced by a file
    assert folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "out.md"]  # no leftovers


def test_an_output_that_is_a_link_writes_its_target_and_keeps_the_link(tmp_path):
    peru = ROOT / "data" / "peru-2024.xlsx"
    target = tmp_path / "results" / "peru.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    result = runner.invoke(app, ["score", str(peru), "--output", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("{")


@pytest.mark.parametrize("command", ["score", "compare", "report"])
def test_an_output_that_is_a_loop_of_links_is_refused_before_anything_is_made(tmp_path, command):
    """One CCO101 line and exit 2: no internal error, nothing from a half-made workbook."""
    import subprocess
    import sys

    sheet = sheets.tidy_english(tmp_path / "freedonia.xlsx")
    suffix = ".html" if command == "report" else ".xlsx"
    loop = tmp_path / f"out{suffix}"
    loop.symlink_to(loop)
    done = subprocess.run(
        [sys.executable, "-m", "cco", command, str(sheet), "-o", str(loop)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"{loop}: error: cannot write the file: Too many levels of symbolic links [CCO101]"
    ]
    assert loop.is_symlink() and os.readlink(loop) == str(loop)  # left as it was


def test_an_output_name_too_long_is_one_line_not_an_internal_error(tmp_path):
    sheet = sheets.tidy_english(tmp_path / "freedonia.xlsx")
    for output in (tmp_path / ("a" * 300 + ".json"), tmp_path / ("b" * 300) / "x.json"):
        result = runner.invoke(app, ["score", str(sheet), "-o", str(output)])
        assert result.exit_code == 2, result.output
        assert "File name too long [CCO101]" in result.output
        assert "internal error" not in result.output


@pytest.mark.skipif(not hasattr(os, "posix_spawn"), reason="a file size limit (RLIMIT_FSIZE)")
@pytest.mark.parametrize("lxml", ["True", "False"])
@pytest.mark.parametrize("command", ["score", "compare", "template"])
def test_a_workbook_the_system_refuses_to_write_is_one_line_and_no_file(tmp_path, command, lxml):
    """A full disk or a file size limit while a workbook is made or saved: CCO101, exit 2.

    openpyxl streams sheets to temporary files as rows are added and writes through lxml
    when asked to (OPENPYXL_LXML): lxml says 'IO_EFBIG' where Python says OSError. Either
    way, no internal error, no echo of the half-written sheets at exit, no file left.
    """
    import resource
    import subprocess
    import sys

    from tests import campaign

    folder = tmp_path / "sheets"
    folder.mkdir()
    inputs = [str(p) for p in campaign.three_countries(folder)]
    output = tmp_path / "out.xlsx"
    given = {
        "score": [inputs[0], "--no-catalog"],
        "compare": [*inputs, "--no-catalog"],
        "template": ["--country", "Freedonia"],
    }[command]

    def limit_file_size() -> None:  # 4 KB: less than any workbook cco writes
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run(
        [sys.executable, "-m", "cco", command, *given, "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit_file_size,
        env={**os.environ, "OPENPYXL_LXML": lxml, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"{output}: error: cannot write the file: File too large [CCO101]"
    )
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert list(tmp_path.iterdir()) == [folder]  # no workbook, no temporary file
