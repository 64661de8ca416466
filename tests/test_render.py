"""The plain text renderer writes exactly what rich writes without colour, and text is never markup.

Pipes, files and CI get tables from `plain_scorecard` / `plain_comparison` (no rich import, no
per-cell measuring); a colour terminal gets rich. Each test renders both ways and compares.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from cco.cli.main import app
from cco.io.ingest import read_sheet
from cco.output.compare_views import summit_sections
from cco.output.render import (
    plain_comparison,
    plain_scorecard,
    plain_table,
    print_comparison,
    print_scorecard,
    print_table,
)
from cco.output.tables import Column, table_model
from cco.output.views import summit_views
from cco.scoring.compare import compare_countries, summarize
from cco.scoring.score import score_country
from tests import sheets

ROOT = Path(__file__).resolve().parents[1]


def rich_text(draw, width: int) -> str:
    """What rich prints through `draw(console)` on a console of `width` without colour."""
    with open(os.devnull, "w") as sink:
        console = Console(record=True, width=width, file=sink, highlight=False)
        draw(console)
    return console.export_text()


@pytest.mark.parametrize("width", [132, 160, 300])
def test_the_peru_scorecard_is_the_same_text_both_ways(width, peru_card):
    for options in ({}, {"percent": True}, {"top": 3}):
        views = summit_views(peru_card, **options)
        expected = rich_text(lambda c, v=views: print_scorecard(c, "Peru — peru.xlsx", v), width)
        assert plain_scorecard("Peru — peru.xlsx", views, width) == expected


def test_a_comparison_is_the_same_text_both_ways(tmp_path):
    paths = [sheets.tidy_english(tmp_path / f"{name}.xlsx") for name in ("freedonia", "sylvania")]
    paths.append(ROOT / "data" / "peru-2024.xlsx")
    comparison = compare_countries([summarize(score_country(read_sheet(p).sheet)) for p in paths])
    sections = summit_sections(comparison, 160)
    expected = rich_text(lambda c: print_comparison(c, "Comparison", sections), 160)
    assert plain_comparison("Comparison", sections, 160) == expected


# Sheet text: accents precomposed or combining, brackets and backslashes, wide characters.
# Zero-width format characters (category Cf, e.g. U+200D) are left out: rich's grapheme
# handling may place them a column apart from plain text, a difference of looks only.
sheet_text = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"), max_codepoint=0x2FFF),
        st.sampled_from(["\u0301", "[", "]", "/", "\\", "漢", "字", "é", " "]),
    ),
    max_size=60,
).filter(lambda t: t == t.strip())


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(sheet_text, min_size=1, max_size=5),
    texts=st.lists(sheet_text, min_size=1, max_size=4),
    numbers=st.lists(st.floats(0, 3).map(lambda x: f"{x:.2f}"), min_size=4, max_size=4),
    width=st.integers(40, 200),
)
def test_any_table_is_the_same_text_both_ways(names, texts, numbers, width):
    kinds = [("Rank", "number"), ("Id", "id"), ("Commitment", "text"), ("R", "number")]
    columns = [
        Column(heading, heading, kind, lambda row, i=i: row[i])
        for i, (heading, kind) in enumerate(kinds)
    ]
    rows = [
        [str(i + 1), name or "-", texts[i % len(texts)], numbers[i % 4]]
        for i, name in enumerate(names)
    ]
    table = table_model("T [bold]itle[/]", columns, rows)
    plain = plain_table(table, width)
    if len(plain[1]) > width:  # the headings line: the table's own width
        return  # wider than the console: rich would squeeze what plain text keeps
    expected = rich_text(lambda c: print_table(c, table), width)
    assert "\n".join(plain) + "\n" == expected


@pytest.mark.parametrize("text", ["Ley [N° 30] de [/x] datos", "[bold]open[/bold] data", "a\\[b]"])
def test_sheet_text_that_looks_like_markup_is_printed_as_it_is(tmp_path, text):
    path = freedonia_csv(tmp_path / "freedonia.csv", {(0, 4): text})
    views = summit_views(score_country(read_sheet(path).sheet))
    for width in (160, 300):
        shown = rich_text(lambda c, w=width: print_scorecard(c, "Freedonia", views), width)
        assert text in shown
        assert plain_scorecard("Freedonia", views, width) == shown
    result = CliRunner().invoke(app, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert text in result.output


def freedonia_csv(path: Path, edits: dict[tuple[int, int], object]) -> Path:
    """The Freedonia sheet as CSV (which, unlike .xlsx, can hold any character), edited."""
    import csv

    rows = [
        [r.summit, r.theme, r.commitment, r.sub, r.text, r.r, r.e, r.s] for r in sheets.FREEDONIA
    ]
    for (row, column), value in edits.items():
        rows[row][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["Summit", "Theme", "Commitment", "Sub", "Text", "R", "E", "S"], *rows]
        )
    return path


def test_control_characters_in_a_sheet_never_reach_the_terminal(tmp_path):
    text = "Esc\x1b[31mRED\x1b[0m bell\x07 end"
    bad = freedonia_csv(tmp_path / "bad.csv", {(0, 4): text, (1, 5): "2\x1b[2J"})
    result = CliRunner().invoke(app, ["score", str(bad)])
    assert result.exit_code == 1  # the bad score is an error, shown with its cell's text
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "2[2J" in result.output
    good = freedonia_csv(tmp_path / "good.csv", {(0, 4): text})
    result = CliRunner().invoke(app, ["score", str(good)])
    assert result.exit_code == 0, result.output
    assert "Esc[31mRED[0m bell end" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    views = summit_views(score_country(read_sheet(good).sheet))
    shown = rich_text(lambda c: print_scorecard(c, "Freedonia", views), 160)
    assert plain_scorecard("Freedonia", views, 160) == shown


def test_a_line_break_in_a_cell_keeps_a_problem_on_one_line(tmp_path):
    path = freedonia_csv(tmp_path / "freedonia.csv", {(0, 5): "two\nlines"})
    result = CliRunner().invoke(app, ["validate", str(path), "--no-catalog"])
    assert result.exit_code == 1
    (line,) = [line for line in result.output.splitlines() if "CCO202" in line]
    assert "'two lines'" in line
