"""The benchmark's own arithmetic and measuring, checked without timing cco.

Per-round ratios and slopes are compared with values worked out by hand; the peak-memory
wrapper must report a child's own allocation, not the memory of the process that started it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import inputs  # noqa: E402
import measure  # noqa: E402
import run  # noqa: E402


def timed(key: str, seconds: list[float]) -> measure.Command:
    command = measure.Command(key, key, ["true"])
    command.samples = [measure.Sample(s, 10.0, 0) for s in seconds]
    return command


def test_ratios_are_taken_per_round_then_summarised():
    commands = {"a": timed("a", [2.0, 3.0, 10.0]), "b": timed("b", [1.0, 2.0, 4.0])}
    metric = run.ratio("a / b", "a", "b", limit=2.4)
    metric.evaluate(commands)
    # rounds: 2/1 = 2.0, 3/2 = 1.5, 10/4 = 2.5 -> median 2.0 (not 5/2, the ratio of medians)
    assert metric.spread == measure.Spread(2.0, 1.5, 2.5, 3)
    assert metric.verdict == "PASS"


def test_slope_ratio_compares_marginal_costs():
    commands = {
        "cmd-big": timed("cmd-big", [1.3, 1.5]),
        "cmd-small": timed("cmd-small", [0.3, 0.3]),
        "read-big": timed("read-big", [0.6, 0.5]),
        "read-small": timed("read-small", [0.1, 0.1]),
    }
    metric = run.slope_ratio(
        "slopes", ("cmd-big", "cmd-small", 100), ("read-big", "read-small", 100), 2.5
    )
    metric.evaluate(commands)
    # round 1: (1.0 / 100) / (0.5 / 100) = 2.0; round 2: 1.2 / 0.4 = 3.0 -> median 2.5
    assert metric.spread is not None
    assert (metric.spread.low, metric.spread.high) == pytest.approx((2.0, 3.0))
    assert metric.value == pytest.approx(2.5)
    assert metric.verdict == "PASS"


def test_a_failed_command_gives_no_value_and_no_pass():
    commands = {"a": timed("a", [2.0]), "b": timed("b", [1.0])}
    commands["b"].status = "failed"
    metric = run.ratio("a / b", "a", "b", limit=3.0)
    metric.evaluate(commands)
    assert metric.value is None
    assert metric.verdict == "not measured"


def test_memory_ratio_uses_the_median_peak():
    a, b = timed("a", [1.0, 1.0, 1.0]), timed("b", [1.0])
    a.samples = [measure.Sample(1.0, mb, 0) for mb in (130.0, 90.0, 100.0)]
    b.samples = [measure.Sample(1.0, 80.0, 0)]
    metric = run.memory_ratio("memory", "a", "b", 1.3)
    metric.evaluate({"a": a, "b": b})
    assert metric.value == pytest.approx(100.0 / 80.0)
    assert metric.verdict == "PASS"


def test_the_peak_wrapper_reports_the_command_not_its_parent():
    ballast = bytearray(300 * 1024 * 1024)  # this process is large; the child must not say so
    allocate = "x = bytearray(120 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"
    big, _ = measure.run_once([sys.executable, "-c", allocate], {})
    small, _ = measure.run_once(["true"], {})
    del ballast
    assert 120 <= big.peak_mb < 200
    assert small.peak_mb < 40
    assert (big.exit_code, small.exit_code) == (0, 0)


def test_country_names_stay_distinct_for_a_thousand_sheets():
    names = inputs.country_names(1000)
    assert len(set(names)) == 1000
    assert names[0] == "Freedonia" and names[200] == "Freedonia 2"


def test_rater_rows_have_one_row_per_organization_and_item(tmp_path):
    rows = list(inputs.rater_rows(2000, seed=1))
    assert len(rows) == 2000
    assert {row[5] for row in rows} <= {0, 1, 2, 3}
    per_item: dict[tuple[object, ...], int] = {}
    for row in rows:
        per_item[tuple(row[:4])] = per_item.get(tuple(row[:4]), 0) + 1
    assert set(per_item.values()) == {50}  # 2,000 rows over 40 items


def test_cell_data_counts_each_row_and_distinct_cell(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("\ufeffa,b\nc,d\n", encoding="utf-8")
    one_row = sys.getsizeof(["a", "b"]) + sys.getsizeof("a") * 2
    assert inputs.grid_bytes(path) == 2 * one_row


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_least_check_finds_every_bad_rating_and_every_item(tmp_path, monkeypatch, suffix):
    rows = [list(row) for row in inputs.rater_rows(2000, seed=3)]
    rows[7][6], rows[1500][5] = "x", 7  # two ratings no check may let through
    header = inputs.RATER_HEADER
    if suffix == "csv":
        path = inputs.write_csv(tmp_path / "raters.csv", header, rows)
        read = run.READ_CSV
    else:
        path = inputs.write_book(tmp_path / "raters.xlsx", "Freedonia", header, rows)
        read = run.READ_XLSX_KEPT
    monkeypatch.setattr(sys, "argv", ["least", str(path)])
    found: dict[str, object] = {}
    exec(read + run.LEAST_CHECK, found)
    # Every cell of a CSV is text; a number read from a workbook is a float.
    expected = ["7", "x"] if suffix == "csv" else [7.0, "x"]
    assert sorted(found["unreadable"], key=str) == expected
    gathered = found["organizations_of_item"]
    assert len(gathered) == 40  # 2,000 rows over 40 items, 50 organizations' rows each
    assert {len(organizations) for organizations in gathered.values()} == {50}


def test_the_copy_reference_writes_every_row_read_once(tmp_path, monkeypatch):
    from python_calamine import CalamineWorkbook

    paths = inputs.country_folder(tmp_path / "countries", 2)
    expected = []
    for path in paths:
        book = CalamineWorkbook.from_path(path)
        for name in book.sheet_names:
            expected += book.get_sheet_by_name(name).to_python()
    copied = tmp_path / "copied.xlsx"
    monkeypatch.setattr(sys, "argv", ["copy", str(copied), *map(str, paths)])
    exec(run.READ_AND_WRITE_XLSX, {})
    book = CalamineWorkbook.from_path(copied)
    assert book.sheet_names == ["Rows"]
    written = book.get_sheet_by_name("Rows").to_python()

    def cells(rows):  # one sheet's short rows are padded to its widest when read back
        return [[c for c in row if c != ""] for row in rows]

    assert cells(written) == cells(expected) and len(expected) > 20
