"""The JSON contracts: `cco schema` publishes them, docs/schema ships them, and they hold.

Every test that reads the JSON of score, validate or compare goes through `load_json`, which
checks it against these contracts; here the contracts themselves are checked: that they refuse
what the JSON must never be, and that their enumerations are cco's own.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from cco.cli.main import app
from cco.core.models import PLANS, SUMMITS, Severity
from cco.output import contracts
from cco.scoring.score import METRICS, Bands
from tests import sheets
from tests.conftest import ROOT, load_json
from tests.raters import each, rater_sheet

runner = CliRunner()
COMMANDS = ("score", "validate", "compare")


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


# ---- publishing ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_the_shipped_schema_is_what_the_command_prints(command):
    result = run("schema", command)
    assert result.exit_code == 0, result.output
    shipped = (ROOT / "docs" / "schema" / f"{command}.json").read_text(encoding="utf-8")
    assert result.stdout == shipped
    schema = json.loads(shipped)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == f"cco {command}"
    assert schema["additionalProperties"] is False


def test_the_console_script_prints_the_schema():
    """Through `run()`, which builds only the invoked command, as the `cco` script does."""
    script = Path(sys.executable).with_name("cco")
    if script.is_file():
        command = [str(script), "schema", "compare"]
    else:  # an interpreter without the installed script: the same entry point
        entry = "import sys; from cco.cli.main import run; sys.argv[0] = 'cco'; run()"
        command = [sys.executable, "-c", entry, "schema", "compare"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / "docs" / "schema" / "compare.json").read_text("utf-8")


def test_an_unknown_contract_is_a_usage_error():
    result = run("schema", "report")
    assert result.exit_code == 2
    assert "score" in result.output and "validate" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_field_is_always_written(command):
    """The writers put every key in every record (null when unknown): no field is optional."""
    schema = contracts.json_schema(command)
    objects = [schema, *schema["$defs"].values()]
    for definition in objects:
        if "properties" in definition:
            assert sorted(definition["required"]) == sorted(definition["properties"]), definition
            assert definition["additionalProperties"] is False, definition["title"]


def test_the_enumerations_are_ccos_own():
    assert get_args(contracts.Summit) == SUMMITS
    assert get_args(contracts.Plan) == tuple(PLANS)
    assert get_args(contracts.Metric) == METRICS
    # a score at each threshold of the default bands, and one below the first
    bands = Bands()
    levels = {bands.name(x) for x in (0.0, bands.medium, bands.medium_high, bands.high)}
    assert set(get_args(contracts.Band)) == levels == {"low", "medium", "medium-high", "high"}
    severity = contracts.json_schema("validate")["$defs"]["Severity"]
    assert severity["enum"] == [s.value for s in Severity] == ["error", "warning"]


# ---- the contracts hold, and refuse ----------------------------------------------------------


@pytest.fixture(scope="module")
def peru_json() -> dict:
    result = run("score", ROOT / "data" / "peru-2024.xlsx", "-f", "json")
    assert result.exit_code == 0, result.output
    return load_json(result, "score")


def refused(command: str, data: dict) -> bool:
    """True when the contract refuses `data` (as JSON text, as a command would print it)."""
    try:
        contracts.CONTRACTS[command].model_validate_json(json.dumps(data))
    except ValidationError:
        return True
    return False


def changed(data: dict, change) -> dict:
    copied = copy.deepcopy(data)
    change(copied)
    return copied


def test_the_peru_json_holds(peru_json):
    assert not refused("score", peru_json)


@pytest.mark.parametrize(
    "what, change",
    [
        ("a score as text", lambda d: d["items"][0].update(average="1.5")),
        ("a rank as a float", lambda d: d["items"][0].update(rank=1.0)),
        ("a rank of 0", lambda d: d["items"][0].update(rank=0)),
        ("an undeclared field", lambda d: d["items"][0].update(note="x")),
        ("a missing field", lambda d: d["items"][0].pop("sub")),
        ("an unknown summit", lambda d: d["items"][0].update(summit="X")),
        ("an unknown band", lambda d: d["themes"][0]["band"].update(average="very high")),
        ("an unknown metric", lambda d: d.update(by="median")),
        ("another schema version", lambda d: d.update(schema=2)),
        ("a number where a list is", lambda d: d["summits"][0].update(items=3)),
        ("Phase 1 of a theme without n", lambda d: d["themes"][0]["phase1"].pop("n")),
        ("a plan letter F", lambda d: d["themes"][-1].update(plan="F")),
        ("a boolean as a number", lambda d: d.update(scale_max=True)),
    ],
)
def test_the_score_contract_refuses(peru_json, what, change):
    assert not refused("score", peru_json)
    assert refused("score", changed(peru_json, change)), what


def test_nan_is_refused_even_where_a_number_may_be_null(peru_json):
    data = changed(peru_json, lambda d: d["items"][0].update(average=float("nan")))
    assert "NaN" in json.dumps(data)
    assert refused("score", data)


VALID_REPORT = {
    "schema": 1,
    "valid": False,
    "summary": {"files": 1, "files_with_errors": 1, "errors": 1, "warnings": 0},
    "files": [
        {
            "file": "freedonia.xlsx",
            "readable": True,
            "errors": 1,
            "warnings": 0,
            "problems": [
                {
                    "code": "CCO201",
                    "name": "score-out-of-range",
                    "severity": "error",
                    "file": "freedonia.xlsx",
                    "sheet": "Scores",
                    "row": 2,
                    "column": "D",
                    "header": "R",
                    "message": "4.5 is outside the scale 0-3",
                    "hint": None,
                }
            ],
        }
    ],
}


def problem(change):
    return changed(VALID_REPORT, lambda d: change(d["files"][0]["problems"][0]))


def test_a_hand_written_report_holds():
    assert not refused("validate", VALID_REPORT)


@pytest.mark.parametrize(
    "what, report",
    [
        ("a severity of 'fatal'", problem(lambda p: p.update(severity="fatal"))),
        ("a code not like CCO123", problem(lambda p: p.update(code="E201"))),
        ("a row 0", problem(lambda p: p.update(row=0))),
        ("a row as text", problem(lambda p: p.update(row="2"))),
        ("no hint field", problem(lambda p: p.pop("hint"))),
        ("a key field (score's problems only)", problem(lambda p: p.update(key="CCO201"))),
        ("a negative count", changed(VALID_REPORT, lambda d: d["summary"].update(errors=-1))),
        ("readable as 1", changed(VALID_REPORT, lambda d: d["files"][0].update(readable=1))),
    ],
)
def test_the_validate_contract_refuses(what, report):
    assert refused("validate", report), what


def test_a_comparison_holds_and_refuses(campaign):
    result = run("compare", *campaign(), "-f", "json")
    data = load_json(result, "compare")
    assert {s["compared"] for s in data["sheets"]} == {True}
    for what, change in [
        ("a probability above 1", lambda d: d["countries"][0].update(rank_probability=1.5)),
        ("a whole-summit theme of 0", lambda d: d["coverage"][0].update(theme=0)),
        ("no one rating", lambda d: d["commitments"][0].update(countries_rating=0)),
        ("a sheet without `compared`", lambda d: d["sheets"][0].pop("compared")),
    ]:
        assert refused("compare", changed(data, change)), what


# ---- intervals: the fields --intervals adds --------------------------------------------------


def test_score_with_intervals_holds_with_numbers_worked_by_hand(tmp_path):
    # Five organizations agree on every rating, so every resample is the sheet itself and each
    # interval has no width: VIII-3 R 2, E 1, S 3 (average 2); VIII-14 R 1, E 1, S 0 (2/3).
    path = rater_sheet(
        tmp_path / "Freedonia.xlsx",
        [
            ("VIII", 1, 3, None, each([2] * 5, [1] * 5, [3] * 5)),
            ("VIII", 2, 14, None, each([1] * 5, [1] * 5, [0] * 5)),
        ],
    )
    result = run("score", path, "--intervals", "--resamples", 40, "--no-catalog", "-f", "json")
    assert result.exit_code == 0, result.output
    data = load_json(result, "score")
    assert data["intervals"]["resamples"] == 40 and data["intervals"]["confidence"] == 0.9
    items = {i["id"]: i for i in data["items"]}
    v3 = items["VIII-3"]
    assert v3["interval"] == {"low": 2.0, "high": 2.0}
    assert v3["criteria_intervals"] == {
        "relevance": {"low": 2.0, "high": 2.0},
        "effectiveness": {"low": 1.0, "high": 1.0},
        "sustainability": {"low": 3.0, "high": 3.0},
    }
    assert v3["rank_interval"] == {"low": 1, "high": 1}
    assert items["VIII-14"]["rank_interval"] == {"low": 2, "high": 2}
    assert v3["raters"]["relevance"] == {"n": 5, "sd": 0.0}
    (summit,) = data["summits"]
    # R (2 + 1) / 2, E (1 + 1) / 2, S (3 + 0) / 2: average (1.5 + 1 + 1.5) / 3
    assert summit["interval"]["low"] == pytest.approx(4 / 3)
    assert summit["interval"]["high"] == pytest.approx(4 / 3)


def test_without_rater_rows_the_interval_fields_are_null(tmp_path):
    path = sheets.tidy_english(tmp_path / "Freedonia.xlsx")
    data = load_json(run("score", path, "--no-catalog", "-f", "json"), "score")
    assert data["intervals"] is None
    assert {
        (r["interval"], r["criteria_intervals"], r.get("rank_interval"))
        for r in [*data["summits"], *data["themes"], *data["items"]]
    } == {(None, None, None)}


def test_a_folder_of_broken_files_reports_within_the_contract(tmp_path):
    """Unreadable, invalid and warned files: nulls where a problem has no sheet, row or column."""
    sheets.save([["Id", "Theme", "R", "E", "S"], ["VIII-3", 1, 4.5, 1, 1]], tmp_path / "a.xlsx")
    (tmp_path / "b.xlsx").write_text("not a workbook", encoding="utf-8")
    sheets.save([["Id", "Theme", "R", "E", "S"], ["VIII-3", 1, 1, None, 2]], tmp_path / "c.xlsx")
    result = run("validate", tmp_path, "-f", "json", "--no-catalog", "--lang", "fr")
    assert result.exit_code == 2  # a file could not be read
    data = load_json(result, "validate")
    # a.xlsx: one error (4.5); b.xlsx: one error (not a workbook); c.xlsx: one warning (no E)
    assert data["summary"] == {"files": 3, "files_with_errors": 2, "errors": 2, "warnings": 1}
    by_name = {Path(f["file"]).name: f for f in data["files"]}
    assert [by_name[n]["readable"] for n in ("a.xlsx", "b.xlsx", "c.xlsx")] == [True, False, True]
    (unreadable,) = by_name["b.xlsx"]["problems"]
    assert (unreadable["code"], unreadable["sheet"], unreadable["row"]) == ("CCO102", None, None)
    (gap,) = by_name["c.xlsx"]["problems"]
    assert (gap["code"], gap["severity"], gap["row"]) == ("CCO204", "warning", 2)
