"""Rules chosen by code (--select/--ignore), project settings files, duplicates across files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cco.cli.main import app
from cco.core.problems import RULES, RuleSelection
from cco.pipeline.config import ProjectConfig, load_config
from tests.campaign import genovia, sylvania
from tests.conftest import load_json

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def codes_of(result) -> list[str]:
    data = load_json(result, "validate")
    return [p["code"] for f in data["files"] for p in f["problems"]]


def warned(folder: Path) -> Path:
    """A sheet whose second row leaves sustainability blank: a CCO204 warning among others."""
    path = folder / "freedonia.csv"
    path.write_text("Id,Theme,R,E,S\nVIII-25,3,1,2,\nVIII-2,1,1,1,1\n", encoding="utf-8")
    return path


def test_rule_selection_by_prefix_written_out_by_hand():
    chosen = RuleSelection(select=("CCO2", "CCO309"), ignore=("CCO20",))
    on = {code for code in RULES if chosen.is_on(code)}
    # CCO2xx minus CCO20x leaves CCO209 out too (it starts with CCO20); CCO309 is selected alone.
    expected = {c for c in RULES if c.startswith("CCO2") and not c.startswith("CCO20")}
    assert on == expected | {"CCO309"}
    assert RuleSelection(ignore=("CCO9",)).unknown() == ["CCO9"]


def test_ignore_drops_exactly_the_listed_code(tmp_path):
    path = warned(tmp_path)
    every = codes_of(run("validate", path, "-f", "json"))
    assert "CCO204" in every
    without = codes_of(run("validate", path, "-f", "json", "--ignore", "CCO204"))
    assert without == [code for code in every if code != "CCO204"]
    only = codes_of(run("validate", path, "-f", "json", "--select", "CCO204"))
    assert only == [code for code in every if code == "CCO204"]


def test_a_prefix_that_names_no_rule_is_refused(tmp_path):
    result = run("validate", warned(tmp_path), "--ignore", "CCO9")
    assert result.exit_code == 2
    assert "[CCO007]" in result.stderr


def test_strict_fails_on_warnings_unless_they_are_ignored(tmp_path):
    path = warned(tmp_path)
    assert run("validate", path, "--strict").exit_code == 1
    assert run("validate", path, "--strict", "--ignore", "CCO2", "--ignore", "CCO3").exit_code == 0


def test_project_settings_from_cco_toml_found_upwards(tmp_path, monkeypatch):
    (tmp_path / "cco.toml").write_text('ignore = ["CCO204"]\nstrict = true\nlang = "es"\n')
    inner = tmp_path / "submissions" / "peru"
    inner.mkdir(parents=True)
    path = warned(inner)
    monkeypatch.chdir(inner)
    assert load_config() == ProjectConfig(
        path=(tmp_path / "cco.toml").resolve(), ignore=("CCO204",), strict=True, lang="es"
    )
    result = run("validate", path, "-f", "json")
    assert "CCO204" not in codes_of(result)
    # strict from the file: any warning left fails; the command line wins over the file
    assert result.exit_code == (1 if codes_of(result) else 0)
    assert run("validate", path, "--no-strict").exit_code == 0
    assert "CCO204" in codes_of(run("validate", path, "-f", "json", "--ignore", "CCO309"))
    rules = run("rules")  # in the project's language
    assert "CCO204  aviso  criterion-not-scored" in rules.stdout
    assert "un ítem no tiene valor para un criterio  (desactivada)" in rules.stdout
    assert [line for line in rules.stdout.splitlines() if line.endswith("(desactivada)")] == [
        line for line in rules.stdout.splitlines() if line.startswith("CCO204")
    ]


def test_project_settings_from_pyproject_tool_table(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.cco]\nscale = 5\n')
    monkeypatch.chdir(tmp_path)
    assert load_config().scale == 5
    # A 4 is inside a 0-5 scale: no CCO201.
    path = tmp_path / "freedonia.csv"
    path.write_text("Id,Theme,R,E,S\nVIII-25,3,4,4,4\n", encoding="utf-8")
    assert "CCO201" not in codes_of(run("validate", path, "-f", "json"))
    assert "CCO201" in codes_of(run("validate", path, "-f", "json", "--scale-max", "3"))


@pytest.mark.parametrize(
    ("text", "variant"),
    [("select = [", "toml"), ("colour = 'red'", "key"), ("strict = 'yes'", "value")],
)
def test_a_settings_file_that_cannot_be_used_stops_the_run(tmp_path, monkeypatch, text, variant):
    (tmp_path / "cco.toml").write_text(text)
    monkeypatch.chdir(tmp_path)
    result = run("rules")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'cco.toml'}: error: ")
    assert "[CCO006]" in result.stderr


def test_validate_names_two_sheets_of_one_country_and_phase_on_both(tmp_path):
    first = genovia(tmp_path, phase="2", name="gnv-a.xlsx")
    second = genovia(tmp_path, phase="2", name="gnv-b.xlsx")
    other_phase = genovia(tmp_path, phase="3", name="gnv-c.xlsx")
    sylvania(tmp_path)
    result = run("validate", tmp_path, "-f", "json", "--no-catalog")
    data = load_json(result, "validate")
    by_file = {Path(f["file"]).name: [p["code"] for p in f["problems"]] for f in data["files"]}
    assert by_file[first.name].count("CCO311") == 1
    assert by_file[second.name].count("CCO311") == 1
    assert "CCO311" not in by_file[other_phase.name]
    assert "CCO311" not in by_file["submission-07.csv"]
    assert result.exit_code == 1
    # compare leaves exactly those two out, as validate warned
    compared = run("compare", tmp_path, "-f", "json", "--no-catalog")
    assert compared.exit_code == 1
    countries = load_json(compared, "compare")
    assert len(countries["sheets"]) == 4
    assert sorted(Path(s["file"]).name for s in countries["sheets"] if not s["compared"]) == [
        first.name,
        second.name,
    ]


@pytest.mark.parametrize(
    "text", ['lang = "de"', "scale = -1", "scale = 0", "scale = 1e400", "scale = 1e6"]
)
def test_a_setting_a_command_line_would_refuse_is_refused_in_the_file_too(
    tmp_path, monkeypatch, text
):
    (tmp_path / "cco.toml").write_text(text)
    monkeypatch.chdir(tmp_path)
    result = run("rules")
    assert result.exit_code == 2
    assert "[CCO006]" in result.stderr


def test_compare_names_both_copies_of_a_sheet_it_leaves_out(tmp_path):
    first = genovia(tmp_path, phase="2", name="gnv-a.xlsx")
    second = genovia(tmp_path, phase="2", name="gnv-b.xlsx")
    result = run("compare", first, second, sylvania(tmp_path), "--no-catalog")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "[CCO311]" in line]
    assert sorted(line.split(":")[0] for line in lines) == sorted([str(first), str(second)])


def test_an_output_never_replaces_the_catalog_the_project_settings_chose(tmp_path, monkeypatch):
    catalog = tmp_path / "observatory.csv"
    catalog.write_text("id,theme,text\nVIII-3,1,Fictional text\n", encoding="utf-8")
    (tmp_path / "cco.toml").write_text('catalog = "observatory.csv"\n')
    monkeypatch.chdir(tmp_path)
    before = catalog.read_bytes()
    sheet = sylvania(tmp_path)
    for command in (["score", sheet], ["compare", sheet], ["report", sheet]):
        result = run(*command, "-o", catalog, "-f", "csv" if command[0] != "report" else "markdown")
        assert result.exit_code == 2, (command, result.output)
        assert "[CCO108]" in result.stderr
    assert catalog.read_bytes() == before


@pytest.mark.parametrize("top", ["100.5", "1e6", "1e300"])
def test_a_scale_past_100_is_a_usage_error_not_a_failure_of_memory(tmp_path, top):
    """Ordinal alpha holds a value-by-value matrix: a scale of a million asked for terabytes
    (an internal error, exit 3); every command now refuses it as it refuses one under 0.5."""
    from tests.raters import ten_raters_32_items

    sheet = ten_raters_32_items(tmp_path / "f.xlsx")
    for command in ("score", "validate", "compare"):
        result = run(command, sheet, "--scale-max", top)
        assert result.exit_code == 2, (command, result.stderr)
        assert "--scale-max must be at most 100" in result.stderr and "[CCO001]" in result.stderr
    assert run("score", sheet, "--scale-max", "100", "-f", "json").exit_code == 0
