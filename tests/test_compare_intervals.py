"""`cco compare` gives each country's chance of holding its rank when sheets have rater rows."""

from __future__ import annotations

from typer.testing import CliRunner

from cco.cli.main import app
from tests import sheets
from tests.conftest import load_json

runner = CliRunner()
HEAD = ["Country", "Summit", "Theme", "Commitment", "Organization", "R", "E", "S"]


def rater_sheet(path, country, ratings):
    """One VIII item, theme 1, rated by each organization with the same R, E and S."""
    rows = [HEAD] + [
        [country, "VIII", 1, 7, f"Org {n}", value, value, value] for n, value in enumerate(ratings)
    ]
    return sheets.save(rows, path)


def compare_json(*paths):
    result = runner.invoke(app, ["compare", *map(str, paths), "-f", "json"])
    assert result.exit_code == 0, result.output
    return {c["country"]: c for c in load_json(result, "compare")["countries"]}


def test_countries_far_apart_always_hold_their_ranks(tmp_path):
    # Freedonia's raters all give 3 and Sylvania's all give 1: every resample keeps 3 > 1.
    countries = compare_json(
        rater_sheet(tmp_path / "f.xlsx", "Freedonia", [3, 3, 3]),
        rater_sheet(tmp_path / "s.xlsx", "Sylvania", [1, 1, 1]),
    )
    assert countries["Freedonia"]["rank"] == 1
    assert countries["Freedonia"]["rank_probability"] == 1.0
    assert countries["Sylvania"]["rank_probability"] == 1.0


def test_overlapping_countries_hold_their_ranks_less_often(tmp_path):
    # Genovia's two organizations give 0 and 3 on R, E and S; Sylvania's both give 1. A resample
    # draws Genovia's two organizations with replacement once for all criteria: its average is
    # 0, 1.5 or 3 with probabilities 1/4, 1/2, 1/4; Sylvania's is always 1. Genovia (1.5) keeps
    # rank 1 unless it draws 0 (1/4); Sylvania keeps rank 2 in exactly the same resamples: 3/4.
    countries = compare_json(
        rater_sheet(tmp_path / "g.xlsx", "Genovia", [0, 3]),
        rater_sheet(tmp_path / "s.xlsx", "Sylvania", [1, 1]),
    )
    assert countries["Genovia"]["rank"] == 1
    # 2,000 resamples: a standard error of about 0.0097 on these shares
    assert abs(countries["Genovia"]["rank_probability"] - 3 / 4) < 0.035
    assert countries["Sylvania"]["rank_probability"] == countries["Genovia"]["rank_probability"]
    assert countries["Genovia"]["rank_interval"] == {"low": 1, "high": 2}
    assert countries["Sylvania"]["rank_interval"] == {"low": 1, "high": 2}


def test_sheets_of_means_give_no_probability(tmp_path):
    countries = compare_json(
        sheets.tidy_english(tmp_path / "freedonia.xlsx"),
        sheets.annex_blocks(tmp_path / "sylvania.xlsx"),
    )
    assert {c["rank_probability"] for c in countries.values()} == {None}


def test_the_table_shows_the_chance(tmp_path):
    result = runner.invoke(
        app,
        [
            "compare",
            str(rater_sheet(tmp_path / "f.xlsx", "Freedonia", [3, 3])),
            str(rater_sheet(tmp_path / "s.xlsx", "Sylvania", [1, 1])),
        ],
    )
    assert "Holds rank" in result.stdout
    assert "100%" in result.stdout


def test_cco_results_in_the_folder_are_reported_not_compared(tmp_path, peru):
    folder = tmp_path / "sheets"
    folder.mkdir()
    (folder / "peru.xlsx").write_bytes(peru.read_bytes())
    assert (
        runner.invoke(app, ["score", str(peru), "-o", str(folder / "scores.xlsx")]).exit_code == 0
    )
    result = runner.invoke(app, ["compare", str(folder), "-f", "json"])
    assert result.exit_code == 1
    assert "written by cco score, not a sheet to score [CCO102]" in result.stderr
    assert [c["country"] for c in load_json(result, "compare")["countries"]] == ["Peru", "Peru"]
