"""Startup stays light: importing the CLI and printing its help load no data library.

Each check runs in a fresh interpreter, since this test session may already have imported
pandas. These tests check behaviour (what is imported), never timing; bench/run.py times.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.imports import heavy_modules_after


def test_importing_the_cli_loads_no_data_library():
    loaded, _ = heavy_modules_after("import cco.cli.main")
    assert loaded == []


@pytest.mark.parametrize("args", [["--help"], ["score", "--help"], ["validate", "--help"]])
def test_help_loads_no_data_library(args):
    code = f"""
import sys
from cco.cli.main import main
sys.argv = ["cco", *{args!r}]
try:
    main()
except SystemExit as stop:
    assert stop.code in (0, None), stop.code
"""
    loaded, output = heavy_modules_after(code)
    assert "Usage: cco" in output
    assert loaded == []


def test_scoring_a_sheet_builds_no_pydantic_schema():
    """Option values and records are checked by plain code: pydantic's schema machinery
    (about 40 ms of a run) is never loaded by the console script."""
    from cco.cli.lean import HAS_RUNTIME_PARAMS

    if not HAS_RUNTIME_PARAMS:
        pytest.skip("this Typer coerces through click types")
    peru = Path(__file__).resolve().parents[1] / "data" / "peru-2024.xlsx"
    code = f"""
import contextlib, io, sys
from cco.cli.main import main
sys.argv = ["cco", "score", {str(peru)!r}, "--format", "json", "--top", "3"]
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        main()
    except SystemExit as stop:
        assert stop.code in (0, None), stop.code
assert '"country": "Peru"' in out.getvalue()
schema = sorted(m for m in sys.modules if m.startswith(("pydantic._internal", "pydantic.type")))
print("SCHEMA=" + ",".join(schema))
"""
    _, output = heavy_modules_after(code)
    (line,) = [line for line in output.splitlines() if line.startswith("SCHEMA=")]
    assert line == "SCHEMA="


@pytest.mark.parametrize("intervals", [[], ["--intervals", "--resamples", "20"]])
def test_scoring_a_sheet_loads_neither_pydantic_nor_the_contracts(intervals):
    """The JSON contracts are pydantic models for `cco schema` and tests only: `cco score`
    writes the same JSON from plain dicts, and never pays for importing pydantic."""
    peru = Path(__file__).resolve().parents[1] / "data" / "peru-2024.xlsx"
    code = f"""
import contextlib, io, sys
from cco.cli.main import main
sys.argv = ["cco", "score", {str(peru)!r}, "--format", "json", *{intervals!r}]
with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
    try:
        main()
    except SystemExit as stop:
        assert stop.code in (0, None), stop.code
assert '"country": "Peru"' in out.getvalue()
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "pydantic" or m.endswith("contracts"))
print("LOADED=" + ",".join(loaded))
"""
    _, output = heavy_modules_after(code)
    (line,) = [line for line in output.splitlines() if line.startswith("LOADED=")]
    assert line == "LOADED="


def _score_loads(args: list[str]) -> tuple[list[str], str]:
    """The heavy libraries `cco score ARGS` loads, and what it printed."""
    code = f"""
import contextlib, io, sys
from cco.cli.main import main
sys.argv = ["cco", "score", *{args!r}]
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        main()
    except SystemExit as stop:
        assert stop.code in (0, None), stop.code
print(out.getvalue())
"""
    return heavy_modules_after(code)


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--format", "json", "--top", "2"],
        ["--format", "csv", "--table", "themes"],
        ["--format", "markdown", "--summit", "IX", "--lang", "es"],
        ["--by", "delta", "--percent"],
    ],
)
def test_scoring_to_text_json_csv_or_markdown_makes_no_frame(options):
    """The card's tables are read as plain columns: pandas is never imported (numpy is: ranks)."""
    peru = Path(__file__).resolve().parents[1] / "data" / "peru-2024.xlsx"
    loaded, output = _score_loads([str(peru), *options])
    assert "pandas" not in loaded and "openpyxl" not in loaded, loaded
    assert output.count("\n") > 10  # the card was written


def test_the_organizations_agreement_is_measured_without_a_frame(tmp_path):
    from tests.raters import ten_raters_32_items

    sheet = ten_raters_32_items(tmp_path / "freedonia.xlsx")
    loaded, output = _score_loads([str(sheet), "--format", "json"])
    assert "pandas" not in loaded, loaded
    assert '"alpha":' in output and '"leniency":' in output


def test_a_workbook_makes_no_frame_and_intervals_do(tmp_path):
    """The other side of the tests above: intervals are frames, and do import pandas."""
    from tests.raters import ten_raters_32_items

    peru = Path(__file__).resolve().parents[1] / "data" / "peru-2024.xlsx"
    loaded, _ = _score_loads([str(peru), "--output", str(tmp_path / "peru.xlsx")])
    assert "pandas" not in loaded and "openpyxl" in loaded, loaded
    assert (tmp_path / "peru.xlsx").stat().st_size > 0
    sheet = ten_raters_32_items(tmp_path / "freedonia.xlsx")
    options = ["--intervals", "--resamples", "50", "--format", "json"]
    loaded, output = _score_loads([str(sheet), *options])
    assert "pandas" in loaded and '"interval":' in output
