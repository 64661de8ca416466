"""Rows read in bulk give exactly what reading each row (or line) on its own gives.

`parse_sheet(..., row_runs=False)` reads every row by itself: the plain reference. Grids are
made of a few values per column, so that rows repeat as an organization's rows do, with
the cells that make a row anything but plain mixed in: blanks, numbers as text and as
numbers (True, 1 and 1.0 among them), unreadable scores, titles, a repeated header,
'Promedio', a field's name in a data cell, rows wider or narrower than the rest.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import random
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cco.core.limits import Limits
from cco.core.models import CcoError
from cco.io import readers
from cco.io.layout import SheetParse, _BlockReader, parse_sheet
from cco.io.readers import SheetData

RUNS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADERS = [
    ["Summit", "Theme", "Commitment", "Sub", "Organization", "R", "E", "S"],
    ["ID", "Organization", "R", "E", "S", "Notes"],
    ["Commitment", "Organización", "Relevancia", "Eficacia", "Sostenibilidad"],
    ["Summit", "Plan", "Commitment", "Sub", "R", "+-", "E", "+-", "S", "+-"],
    ["Commitment", "R", "E", "S"],
]
IDENTITY = ["VIII", "IX", "", "1", 1.0, 1, True, "3D", "E", "A", "VIII-25", "IX-A-3D", "C", "x"]
ORGANIZATIONS = ["Org Alfa", "Org Beta", " Org Alfa ", "", "Promedio", "R", None, 3.0]
SCORES = ["", "0", "1", "2", "2,5", 1.0, 2.0, 2.5, None, "n/a", "abc", 7.0, True, 1, float("inf")]
ODD_ROWS = [
    ["Theme 2: Transparency"],
    ["IX Summit"],
    ["Cumbre IX"],
    ["R", "E", "S", "Commitment"],
    [],
    ["", "", ""],
]
IDENTITY_FIELDS = ("Summit", "Theme", "Commitment", "Sub", "ID", "Plan")
ORGANIZATION_FIELDS = ("Organization", "Organización")
NOTES = ["", "see annex", "12"]


@st.composite
def grids(draw: st.DrawFn) -> tuple[list[list[object]], bool]:
    """A header, then items each rated on several rows, a few rows twisted out of shape."""
    header = draw(st.sampled_from(HEADERS))
    delimited = draw(st.booleans())
    identity_columns = [c for c, name in enumerate(header) if name in IDENTITY_FIELDS]
    items = draw(
        st.lists(
            st.lists(
                st.sampled_from(IDENTITY),
                min_size=len(identity_columns),
                max_size=len(identity_columns),
            ),
            min_size=1,
            max_size=4,
        )
    )
    scores = draw(st.lists(st.sampled_from(SCORES), min_size=1, max_size=3))
    rows: list[list[object]] = [list(header)]
    for _ in range(draw(st.integers(1, 10))):
        item = draw(st.sampled_from(items))
        for _ in range(draw(st.integers(1, 12))):
            row: list[object] = []
            for name in header:
                if name in IDENTITY_FIELDS:
                    row.append(item[identity_columns.index(header.index(name))])
                elif name in ORGANIZATION_FIELDS:
                    row.append(draw(st.sampled_from(ORGANIZATIONS)))
                elif name == "Notes":
                    row.append(draw(st.sampled_from(NOTES)))
                else:
                    row.append(draw(st.sampled_from(scores)))
            twist = draw(st.integers(0, 15))
            if twist == 0:
                row = list(draw(st.sampled_from(ODD_ROWS)))
            elif twist == 1:
                row.append(draw(st.sampled_from(["", "5", "note", None])))
            elif twist == 2:
                row = row[:-1]
            elif twist == 3:
                column = draw(st.integers(0, len(row) - 1))
                row[column] = draw(st.sampled_from(SCORES + IDENTITY + ORGANIZATIONS))
            rows.append(row)
    return rows, delimited


def parsed(rows: list[list[object]], delimited: bool, row_runs: bool) -> SheetParse | str:
    data = SheetData(name="Scores", rows=copy.deepcopy(rows), row_offset=2, delimited=delimited)
    try:
        return parse_sheet(data, "sheet.xlsx", row_runs=row_runs)
    except CcoError as error:
        return repr(error.problem)


def assert_same_parse(rows: list[list[object]], delimited: bool) -> None:
    by_runs = parsed(rows, delimited, row_runs=True)
    by_rows = parsed(rows, delimited, row_runs=False)
    if isinstance(by_rows, str) or isinstance(by_runs, str):
        assert by_runs == by_rows
        return
    assert by_runs.records == by_rows.records
    # The same values of the same types: 1.0 and True are equal but not the same reading.
    assert [repr(r.values) for r in by_runs.records] == [repr(r.values) for r in by_rows.records]
    assert by_runs.problems == by_rows.problems
    assert by_runs.headers == by_rows.headers
    assert by_runs.blank == by_rows.blank


@RUNS
@given(grids())
def test_runs_of_rows_read_as_each_row_alone(grid: tuple[list[list[object]], bool]) -> None:
    # Every kind of cell in every column: few of these rows make a run, most are read alone
    # (the rater grids below are where runs are read, and compared).
    assert_same_parse(*grid)


def test_long_rater_sheet_with_odd_rows_reads_as_each_row_alone() -> None:
    """Thousands of rows, so that the looks at runs of rows meet their limits and ends."""
    rng = random.Random(20261130)
    header = ["Summit", "Theme", "Commitment", "Sub", "Organization", "R", "E", "S"]
    for delimited in (False, True):
        rows: list[list[object]] = [header]
        for commitment in range(1, 58):
            for organization in range(rng.randint(1, 400)):
                score: object = float(rng.randint(0, 3))
                if delimited:
                    score = str(int(score))  # type: ignore[call-overload]
                row: list[object] = [
                    "VIII",
                    "1",
                    str(commitment),
                    "",
                    f"Org {organization}",
                    score,
                    score,
                    score,
                ]
                if rng.random() < 0.01:
                    row[rng.randint(0, 7)] = rng.choice(SCORES + IDENTITY + ORGANIZATIONS)
                if rng.random() < 0.002:
                    row = rng.choice(ODD_ROWS)
                rows.append(row)
        assert len(rows) > 9000
        assert_same_parse(rows, delimited)


RATER = ["Summit", "Theme", "Commitment", "Sub", "Organization", "R", "E", "S"]


def rated(identity: list[object], organizations: int, score: object = 2.0) -> list[list[object]]:
    """One item's rows: the identity cells, then one organization and its scores per row."""
    return [[*identity, f"Org {n}", score, score, score] for n in range(organizations)]


def runs_read(rows: list[list[object]], delimited: bool) -> int:
    """How many rows were read in runs: a case below must take that path to test it."""
    taken = 0
    read_run = _BlockReader.read_run

    def counting(self: _BlockReader, *args: Any) -> int:
        nonlocal taken
        count = read_run(self, *args)
        taken += count
        return count

    with patch.object(_BlockReader, "read_run", counting):
        parsed(rows, delimited, row_runs=True)
    return taken


def assert_same_parse_with_runs(rows: list[list[object]], delimited: bool = False) -> None:
    assert runs_read(rows, delimited) > 0
    assert_same_parse(rows, delimited)


def test_equal_cells_of_other_types_are_other_items() -> None:
    # 1.0 == True: as identity cells they still say different things.
    rows = [RATER, *rated(["VIII", 1.0, 1.0, ""], 5), *rated(["VIII", 1.0, True, ""], 5)]
    assert_same_parse_with_runs(rows)


def test_rows_back_in_an_earlier_context_restore_what_it_became() -> None:
    # The second item's rows come back to a context the first item's rows left: the
    # resolution is known, but the context must move on as it did, for the blank rows after.
    first, second = ["VIII", "1", "3", "B"], ["VIII", "1", "", "C"]
    rows = [RATER, *rated(first, 2), *rated(second, 2), *rated(first, 2), *rated(second, 3)]
    rows += rated(["", "", "", ""], 3)
    for delimited in (False, True):
        assert_same_parse_with_runs(rows, delimited)


def test_a_row_naming_fields_is_not_read_as_scores() -> None:
    # An item whose text cell names a field ('Commitment') is read in runs; the row whose
    # organization is 'R' and whose note is 'País' names three fields, one a criterion,
    # and is taken for a header (one that lacks E and S: CCO105).
    header = ["Summit", "Commitment", "Text", "Organization", "R", "E", "S", "Notes"]
    item = ["VIII", "3", "Commitment"]
    rows = [header, *[[*item, f"Org {n}", "2", "2", "2", ""] for n in range(4)]]
    rows += [[*item, "R", "2", "2", "2", "País"], [*item, "Org", "2", "2", "2", ""]]
    assert_same_parse_with_runs(rows, delimited=True)


def test_a_second_score_column_is_read_row_by_row() -> None:
    # Read row by row until a number in the second R column is reported (CCO117); in runs
    # after that.
    header = ["Summit", "Theme", "Commitment", "Organization", "R", "E", "S", "R"]
    item = ["VIII", "1", "3"]
    rows = [header, *[[*item, f"Org {n}", 2.0, 2.0, 2.0, ""] for n in range(5)]]
    rows += [[*item, "Org 9", 2.0, 2.0, 2.0, 1.0], [*item, "Org 10", 2.0, 2.0, 2.0, ""]]
    rows += [[*item, f"Org {n}", 2.0, 2.0, 2.0, ""] for n in range(11, 15)]
    assert_same_parse_with_runs(rows)


def test_percent_cells_are_read_row_by_row() -> None:
    data = SheetData(name="S", rows=[RATER, *rated(["VIII", "1", "3", ""], 6, 0.5)])
    data.percent_cells = {(4, 6), (6, 7)}
    by_runs = parse_sheet(copy.deepcopy(data), "f.xlsx")
    by_rows = parse_sheet(data, "f.xlsx", row_runs=False)
    assert [p.key for p in by_rows.problems] == ["CCO201/percent", "CCO201/percent"]
    assert by_runs.problems == by_rows.problems
    assert by_runs.records == by_rows.records


def test_csv_rows_wider_than_their_header() -> None:
    header = ["Summit", "Commitment", "Organization", "R", "E", "S", ""]
    for extra in ("5", "note", ""):
        rows = [header, *[["VIII", "3", f"Org {n}", "2", "2", "2", ""] for n in range(4)]]
        rows += [["VIII", "3", f"Org {n}", "2", "2", "2", extra] for n in range(4, 8)]
        assert_same_parse_with_runs(rows, delimited=True)


CSV_PIECES = ["a", "1", '"', '""', ",", ";", "\n", "\r", "\r\n", 'x"y', "  ", "é"]


def csv_read(text: str, limits: Limits, *, one_by_one: bool) -> object:
    """The rows a CSV text reads as, or the problem that refuses it."""
    reference = patch.object(readers, "_single_line_rows", lambda *args: None)
    with reference if one_by_one else contextlib.nullcontext():
        try:
            return readers._csv_rows(text, ",", Path("f.csv"), limits)
        except CcoError as error:
            return (error.problem.key, error.problem.row, error.problem.params)


@settings(max_examples=400, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(CSV_PIECES), max_size=60),
    rows=st.integers(1, 12),
    columns=st.integers(1, 6),
    field_chars=st.integers(2, 20),
)
def test_csv_read_a_thousand_lines_at_a_time_as_line_by_line(
    pieces: list[str], rows: int, columns: int, field_chars: int
) -> None:
    """Texts of quotes, separators and line ends, under limits they may pass."""
    text = "".join(pieces)
    limits = Limits(rows=rows, columns=columns, field_chars=field_chars)
    previous = csv.field_size_limit(field_chars)
    try:
        assert csv_read(text, limits, one_by_one=False) == csv_read(text, limits, one_by_one=True)
    finally:
        csv.field_size_limit(previous)


def test_long_csv_read_in_batches_as_line_by_line() -> None:
    lines = [f"VIII,{n % 57 + 1},Org {n % 50},2,1,3\r\n" for n in range(5000)]
    limits = Limits()
    for text in (
        "".join(lines),
        "".join(lines) + 'VIII,1,"Org',  # a quote the end of the file leaves open
        "".join(lines[:2500]) + 'VIII,1,"Org\nX",2,2,2\n' + "".join(lines[2500:]),
    ):
        assert csv_read(text, limits, one_by_one=False) == csv_read(text, limits, one_by_one=True)
    assert len(csv_read("".join(lines), Limits(rows=3000), one_by_one=True)) == 3  # refused


def test_csv_of_more_separators_than_the_cell_limit_is_read_line_by_line() -> None:
    """A batch of rows is never larger than what the line-by-line read holds before refusing."""
    limits = Limits(cells=1000)
    narrow = "a,b\n" * 300  # 900 separators and line ends: under the limit
    wide = "Commitment,R,E,S\n" + ("x," * 400 + "\n") * 3  # 1,200 separators: over it
    assert readers._single_line_rows(narrow, ",", limits) == [["a", "b"]] * 300
    assert readers._single_line_rows(wide, ",", limits) is None
    refused = csv_read(wide, limits, one_by_one=False)
    assert refused == csv_read(wide, limits, one_by_one=True)
    assert isinstance(refused, tuple) and str(refused[0]).startswith("CCO114")


def random_rater_grid(rng: random.Random) -> tuple[list[list[object]], bool]:
    """A rater sheet whose rows are mostly plain, so that runs are read, with twists mixed in."""
    delimited = rng.random() < 0.5
    header = list(
        rng.choice(
            [
                RATER,
                ["Summit", "Theme", "Commitment", "Sub", "Organization", "R", "+-", "E", "S"],
                ["ID", "Organization", "R", "E", "S", "Notes"],
                ["Commitment", "Organización", "Relevancia", "Eficacia", "Sostenibilidad"],
            ]
        )
    )
    identities = [  # mostly items a sheet names well; a few it does not
        {"Summit": "VIII", "Theme": "1", "Commitment": "3", "Sub": "", "ID": "VIII-3"},
        {"Summit": "VIII", "Theme": 2.0, "Commitment": 14.0, "Sub": "", "ID": "VIII-14"},
        {"Summit": "IX", "Theme": "A", "Commitment": "3", "Sub": "D", "ID": "IX-A-3D"},
        {"Summit": "", "Theme": "", "Commitment": "", "Sub": "", "ID": ""},
        {"Summit": "VIII", "Theme": "1", "Commitment": "VIII-25", "Sub": "E", "ID": "x"},
        {"Summit": "IX", "Theme": "1", "Commitment": True, "Sub": "", "ID": 3.0},
    ]
    plain_scores = ["0", "1", "2", "3", "2,5", ""] if delimited else [0.0, 1.0, 2.0, 3.0, 2.5, ""]
    odd_scores = [float("nan"), float("inf"), 1e300, True, 1, None, "n/a", "abc", 7.0, "-"]
    rows: list[list[object]] = [header]
    for _ in range(rng.randint(1, 8)):
        item = rng.choice(identities[:3] if rng.random() < 0.8 else identities)
        for organization in range(rng.randint(1, 40)):
            row: list[object] = []
            for name in header:
                if name in item:
                    row.append(item[name])
                elif name in ("Organization", "Organización"):
                    row.append(
                        rng.choice(
                            [f"Org {organization}", "Promedio", "", "R"][
                                : 1 + (rng.random() < 0.05) * 3
                            ]
                        )
                    )
                elif name == "Notes":
                    row.append(rng.choice(["", "", "see annex", "12"]))
                else:
                    row.append(rng.choice(odd_scores if rng.random() < 0.03 else plain_scores))
            twist = rng.random()
            if twist < 0.005:
                row = list(rng.choice(ODD_ROWS))
            elif twist < 0.007:
                row.append(rng.choice(["", "5", "note"]))
            elif twist < 0.009:
                row = [*row[:-1]]
            elif twist < 0.012:  # of the width, only scores: blanks or the score's text again
                score = rng.choice(plain_scores[:4])
                row = [rng.choice(["", score, None]) for _ in row]
            rows.append(row)
    return rows, delimited


def test_random_rater_grids_read_in_runs_as_row_by_row() -> None:
    """Thousands of grids, most rows read in runs: every one reads as its rows read alone."""
    rng = random.Random(1130)
    in_runs = total = 0
    for _ in range(1000):
        rows, delimited = random_rater_grid(rng)
        assert_same_parse(rows, delimited)
        in_runs += runs_read(rows, delimited)
        total += len(rows) - 1
    assert in_runs > total // 4, (in_runs, total)  # the runs are what is tested here


@pytest.mark.parametrize(
    "lone", [["3", "3", "3", "3", "3"], ["3", "", "3", "", None], ["", "", "3", "", ""]]
)
def test_a_csv_row_of_one_score_text_and_blanks_in_a_run_reads_as_alone(
    lone: list[object],
) -> None:
    # Its identity cell is the item's above, or blank: the rows around it read as a run, and
    # it is looked at for a value besides its score text (a column at a time) before joining.
    header: list[object] = ["Commitment", "Organization", "R", "E", "S"]
    raters = [["3", f"Org {n}", "2", "1", "3"] for n in range(6)]
    rows = [["VIII Summit", "", "", "", ""], header, *raters[:3], lone, *raters[3:]]
    assert_same_parse(rows, delimited=True)
    by_runs = parsed(rows, True, row_runs=True)
    assert not isinstance(by_runs, str)
    assert [r.row for r in by_runs.records] == list(range(5, 12))
