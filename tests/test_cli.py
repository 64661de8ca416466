"""`cco score` through Typer's CliRunner: formats, options, and every error path."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cco.cli.main import app
from tests import sheets
from tests.conftest import load_json

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_table_output_names_country_and_file_and_both_summits(peru):
    result = run("score", peru)
    assert result.exit_code == 0, result.output
    assert "Peru" in result.stdout and "peru-2024.xlsx" in result.stdout
    assert "VIII Summit" in result.stdout and "IX Summit" in result.stdout
    assert "Best theme by average: B. Action Plan on Health" in result.stdout
    assert "VIII-25" in result.stdout


def test_json_is_strict_and_carries_the_contract(peru):
    result = run("score", peru, "--format", "json")
    assert result.exit_code == 0
    data = load_json(result, "score")
    assert {"country", "items", "themes", "summits"} <= set(data)
    items = {i["id"]: i for i in data["items"]}
    v25 = items["VIII-25"]
    for key in (
        "id",
        "summit",
        "theme",
        "plan",
        "commitment",
        "sub",
        "text",
        "relevance",
        "effectiveness",
        "sustainability",
        "average",
        "band",
        "rank",
        "phase1",
        "delta",
        "raters",
    ):
        assert key in v25
    assert v25["band"] == {
        "relevance": "high",
        "effectiveness": "low",
        "sustainability": "low",
        "average": "low",
    }
    assert v25["phase1"]["average"] == pytest.approx(6.15 / 3)
    assert items["IX-A-3D"]["plan"] == "A" and items["IX-A-3D"]["sub"] == "D"
    assert items["IX-A-3D"]["phase1"] is None
    theme = next(t for t in data["themes"] if t["summit"] == "VIII" and t["theme"] == 3)
    assert theme["items"] == ["VIII-25"]
    assert theme["delta"]["n"] == 1
    assert theme["delta"]["average"] == pytest.approx((0.81 - 1.17 - 1.92) / 3)


def test_json_numbers_are_not_rounded(peru):
    data = load_json(run("score", peru, "-f", "json"), "score")
    v25 = next(i for i in data["items"] if i["id"] == "VIII-25")
    assert v25["average"] == (2.81 + 1.06 + 0.0) / 3


def test_summit_and_top_filter_items_but_not_best_and_worst(peru):
    data = load_json(run("score", peru, "-f", "json", "--summit", "IX", "--top", "3"), "score")
    assert {i["summit"] for i in data["items"]} == {"IX"}
    assert [i["rank"] for i in data["items"]] == [1, 2, 3]
    assert data["summits"][0]["worst"]["items"] == ["IX-A-23"]


def test_rank_by_delta(peru):
    data = load_json(run("score", peru, "-f", "json", "--by", "delta"), "score")
    first = next(i for i in data["items"] if i["rank"] == 1 and i["summit"] == "VIII")
    # VIII-14 changes +2.33, 0.00, -0.14: the largest mean change (+0.73)
    assert first["id"] == "VIII-14"
    assert all(i["rank"] is None for i in data["items"] if i["summit"] == "IX")


def test_csv_export_of_themes(peru, tmp_path):
    out = tmp_path / "themes.csv"
    result = run("score", peru, "--output", out, "--table", "themes")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 10
    b = next(r for r in rows if r["summit"] == "IX" and r["plan"] == "B")
    assert float(b["average"]) == pytest.approx(8.83 / 3)


def test_markdown_output(peru):
    result = run("score", peru, "-f", "markdown", "--summit", "VIII")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Peru")
    assert "| VIII-25 |" in result.stdout


def test_xlsx_export_reopens(peru, tmp_path):
    out = tmp_path / "peru-scores.xlsx"
    assert run("score", peru, "-o", out).exit_code == 0
    book = load_workbook(out)
    assert {"Summits", "Themes", "Items"} <= set(book.sheetnames)
    assert book["Items"].max_row == 33


def test_percent_shows_score_over_three(peru):
    result = run("score", peru, "--percent", "--summit", "IX", "--top", "1")
    assert "100%" in result.stdout  # IX-C-3 scores 3.00 everywhere


def test_output_never_overwrites_the_input(tmp_path):
    path = sheets.tidy_english(tmp_path / "f.xlsx")
    before = path.read_bytes()
    result = run("score", path, "--output", path)
    assert result.exit_code == 2
    assert "refusing to write over the input" in result.stderr
    assert path.read_bytes() == before


def test_missing_file():
    result = run("score", "nowhere/none.xlsx")
    assert result.exit_code == 2
    assert "none.xlsx: error: file not found [CCO101]" in result.stderr


def test_directory_instead_of_file(tmp_path):
    folder = tmp_path / "d.xlsx"
    folder.mkdir()
    result = run("score", folder)
    assert result.exit_code == 2
    assert "CCO101" in result.stderr


def test_unsupported_extension(tmp_path):
    path = tmp_path / "scores.txt"
    path.write_text("hello")
    result = run("score", path)
    assert result.exit_code == 2
    assert "unsupported file type '.txt'" in result.stderr


def test_text_file_named_xlsx(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("Commitment,R,E,S\n25,1,2,3\n")
    result = run("score", path)
    assert result.exit_code == 2
    assert "fake.xlsx" in result.stderr
    assert "is not a .xlsx workbook: its content is text" in result.stderr


def test_legacy_xls_bytes(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = run("score", path)
    assert result.exit_code == 2
    assert "encrypted workbook or a legacy .xls" in result.stderr


def test_truncated_workbook(tmp_path):
    good = sheets.tidy_english(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good[: len(good) // 2])
    result = run("score", path)
    assert result.exit_code == 2
    assert "cut.xlsx" in result.stderr and "CCO102" in result.stderr


def test_no_recognisable_header(tmp_path):
    path = sheets.save([["Name", "Age"], ["Ana", 31]], tmp_path / "people.xlsx")
    result = run("score", path)
    assert result.exit_code == 2
    assert "people.xlsx: error: no header row found" in result.stderr


def test_missing_criterion_column_names_sheet_and_row(tmp_path):
    path = sheets.save(
        [["Freedonia"], ["Commitment", "Theme", "R", "E"], [25, 3, 1, 2]], tmp_path / "no-s.xlsx"
    )
    result = run("score", path)
    assert result.exit_code == 2
    assert (
        "no-s.xlsx, sheet 'Scores', row 2: error: the header row has no sustainability"
        in result.stderr
    )


def test_every_bad_score_is_listed_with_its_cell(tmp_path):
    path = sheets.save(
        [
            ["Freedonia 2024"],
            [],
            ["Summit", "Theme", "Commitment", "R", "E", "S"],
            ["VIII", 1, 3, 2.5, 4.5, 1],
            ["VIII", 1, 7, "alto", 2, -1],
            ["VIII", 2, 14, 1, 1, 1],
        ],
        tmp_path / "bad.xlsx",
    )
    result = run("score", path)
    assert result.exit_code == 1
    err = result.stderr
    assert (
        "bad.xlsx, sheet 'Scores', row 4, column E (E): error: 4.5 is outside the scale 0-3" in err
    )
    assert "row 5, column D (R): error: 'alto' is not a number [CCO202]" in err
    assert "row 5, column F (S): error: -1 is outside the scale 0-3 [CCO201]" in err
    assert "nothing was scored" in err
    assert result.stdout == ""


def test_scale_max_accepts_a_wider_scale(tmp_path):
    path = sheets.save(
        [["Id", "Theme", "R", "E", "S"], ["VIII-3", 1, 4, 5, 3]], tmp_path / "five.xlsx"
    )
    assert run("score", path).exit_code == 1
    result = run("score", path, "--scale-max", 5, "-f", "json")
    assert result.exit_code == 0
    assert load_json(result, "score")["items"][0]["average"] == 4.0


def test_phase1_outside_the_scale_is_an_error(tmp_path):
    path = sheets.save(
        [["Id", "Theme", "R", "+-", "E", "S"], ["VIII-3", 1, 0.5, 1.5, 1, 1]],
        tmp_path / "delta.xlsx",
    )
    result = run("score", path)
    assert result.exit_code == 1
    assert "puts Phase 1 at -1, outside 0-3 [CCO303]" in result.stderr


def test_duplicate_item_names_both_rows(tmp_path):
    path = sheets.save(
        [["Id", "Theme", "R", "E", "S"], ["VIII-3", 1, 1, 1, 1], ["VIII-3", 1, 2, 2, 2]],
        tmp_path / "dup.xlsx",
    )
    result = run("score", path)
    assert result.exit_code == 1
    assert "row 3: error: VIII-3 is scored twice: also in sheet 'Scores' row 2" in result.stderr


def test_warnings_are_shown_and_scoring_goes_on(tmp_path):
    path = sheets.save(
        [["Id", "Theme", "R", "E", "S"], ["VIII-3", 1, 1, None, 2]], tmp_path / "gap.xlsx"
    )
    result = run("score", path, "-f", "json")
    assert result.exit_code == 0
    assert "VIII-3 has no effectiveness score [CCO204]" in result.stderr
    item = load_json(result, "score")["items"][0]
    assert item["effectiveness"] is None
    assert item["average"] == 1.5  # the mean of what it has


def test_bad_bands_option():
    result = run("score", "x.xlsx", "--bands", "high")
    assert result.exit_code == 2
    assert "--bands" in result.stderr


def test_unknown_output_extension(peru, tmp_path):
    result = run("score", peru, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 2
    assert "cannot tell the format" in result.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_rules_lists_every_code():
    result = run("rules")
    assert result.exit_code == 0
    assert "CCO201" in result.stdout and "score-out-of-range" in result.stdout


@pytest.mark.parametrize(
    "command", [c.name or c.callback.__name__ for c in app.registered_commands]
)
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_no_nan_reaches_the_csv(peru):
    rows = list(csv.reader(io.StringIO(run("score", peru, "-f", "csv").stdout)))
    cells = {cell.lower() for row in rows for cell in row}
    assert not cells & {"nan", "inf", "-inf", "<na>", "none"}
    assert "" in cells  # IX items have no Phase 1: an empty cell


def test_score_folds_many_not_in_catalog_warnings(tmp_path):
    rows = [["Id", "Theme", "R", "E", "S"]] + [[f"VIII-{n}", 1, 1, 1, 1] for n in (3, 4, 5, 6, 9)]
    path = sheets.save(rows, tmp_path / "uncatalogued.xlsx")
    result = run("score", path)
    assert result.exit_code == 0
    assert result.stderr.count("[CCO309]") == 4  # three shown, then the count line
    assert "... and 2 more items not in the catalog [CCO309]" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_a_partly_scored_sheet_scores_in_every_format(tmp_path, fmt):
    path = sheets.save(
        [["Id", "Theme", "R", "E", "S"], ["VIII-2", 1, 1, 2, 3], ["VIII-7", 1, 2, None, None]],
        tmp_path / "partial.xlsx",
    )
    result = run("score", path, "--no-catalog", "-f", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        items = {i["id"]: i for i in load_json(result, "score")["items"]}
        assert items["VIII-7"]["band"] == {
            "relevance": "medium",
            "effectiveness": None,
            "sustainability": None,
            "average": "medium",
        }


def test_equal_averages_at_a_band_boundary_share_the_band(tmp_path):
    # (1.4 + 2.8 + 0.3) / 3 is 1.4999999999999998 in floating point: it is 1.5, "medium"
    path = sheets.save(
        [
            ["Id", "Theme", "R", "E", "S"],
            ["VIII-2", 1, 1.4, 2.8, 0.3],
            ["VIII-7", 1, 1.5, 1.5, 1.5],
        ],
        tmp_path / "boundary.xlsx",
    )
    items = load_json(run("score", path, "--no-catalog", "-f", "json"), "score")["items"]
    assert [i["band"]["average"] for i in items] == ["medium", "medium"]
    assert [i["rank"] for i in items] == [1, 1]


def test_intervals_show_in_the_table_for_rater_sheets(tmp_path):
    path = sheets.rater_rows(tmp_path / "raters.xlsx")
    result = run("score", path, "--intervals", "--no-catalog", "--summit", "IX")
    assert result.exit_code == 0
    assert "90% interval" in result.stdout
    # IX-A-4 is rated 3 by all four organizations: its interval has no width
    line = next(line for line in result.stdout.splitlines() if "IX-A-4 " in line)
    assert line.rstrip().endswith("3.00–3.00")


def test_ranking_by_change_says_which_summit_has_nothing_to_rank(peru):
    """Peru's IX commitments are new since Phase 1: no change, so no rank by change."""
    result = run("score", peru, "--by", "delta", "--summit", "IX")
    assert result.exit_code == 0
    assert "IX Summit (Los Angeles, 2022): no item has a value to rank by" in result.stderr
    assert "VIII Summit" not in result.stderr
    assert (
        "no item has a value" not in run("score", peru, "--by", "delta", "--summit", "VIII").stderr
    )


def test_best_and_worst_lines_of_unnamed_themes_have_no_dangling_punctuation(tmp_path):
    path = sheets.save(
        [
            ["Summit", "Theme", "Commitment", "Sub", "R", "E", "S"],
            ["VIII", 2, 14, None, 2.0, 2.0, 2.0],
            ["VIII", 3, 25, None, 1.0, 1.0, 1.0],
            ["IX", 1, 3, "D", 3.0, 3.0, 3.0],
        ],
        tmp_path / "ruritania.xlsx",
    )
    out = run("score", path, "--no-catalog").stdout
    assert "Best theme by average: Theme 2 — 2.00" in out
    assert "Worst theme by average: Theme 3 — 1.00" in out
    assert "Best theme by average: A — 3.00" in out
    assert ": —" not in out and ". —" not in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--bands", "nan/nan/nan"], "--bands takes three thresholds"),
        (["--bands", "1/inf/2"], "--bands takes three thresholds"),
        (["--no-catalog", "--catalog", "mine.csv"], "contradict each other"),
    ],
)
def test_contradictory_or_impossible_options_are_refused(peru, args, says):
    result = run("score", peru, *args)
    assert result.exit_code == 2
    assert says in result.stderr


def test_a_baseline_item_of_a_summit_left_out_is_not_warned_about(tmp_path):
    """--summit VIII with a baseline that also has IX items: say nothing of the IX ones."""
    sheet = sheets.save(
        [["Id", "Theme", "R", "E", "S"], ["VIII-3", 1, 2, 2, 2], ["IX-A-4", 1, 1, 1, 1]],
        tmp_path / "freedonia.xlsx",
    )
    baseline = sheets.save(
        [["Id", "R", "E", "S"], ["VIII-3", 1, 1, 1], ["VIII-5", 1, 1, 1], ["IX-A-9", 1, 1, 1]],
        tmp_path / "phase1.xlsx",
    )
    both = run("score", sheet, "--baseline", baseline, "--no-catalog")
    assert "VIII-5" in both.stderr and "IX-A-9" in both.stderr  # CCO306 for each
    viii = run("score", sheet, "--baseline", baseline, "--no-catalog", "--summit", "VIII")
    assert viii.exit_code == 0
    assert "VIII-5" in viii.stderr and "IX-A-9" not in viii.stderr
