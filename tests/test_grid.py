"""A sheet's cells packed by the reading child and rebuilt by the parent (cco.io.grid)."""

from __future__ import annotations

import datetime as dt
import math
import random
from array import array
from pathlib import Path

import pytest

from cco.core.limits import Limits
from cco.core.models import CcoError
from cco.io.grid import pack_rows, unpack_rows
from cco.io.isolation import decode, encode, run_isolated

DATE = dt.date(2024, 5, 1)
MOMENT = dt.datetime(2024, 5, 1, 12, 30)


def _round_trip(rows):
    """Packed, written as the child writes it, read as the parent reads it, rebuilt."""
    return unpack_rows(decode(encode(pack_rows(rows))))


def _typed(rows):
    """Each cell with its exact type: 1, 1.0 and True are equal but not the same cell."""
    return [[(type(cell), cell) for cell in row] for row in rows]


def test_cells_come_back_with_their_values_and_types():
    rows = [
        ["Summit", "Theme", "R", "E", "Flag", "When"],
        ["VIII", 1.0, 1, True, False, DATE],
        ["VIII", 1, 1.0, 1, 0, MOMENT],
        ["IX", True, 2.5, 0.0, "", dt.time(9, 15)],
        ["IX", None, 3, 3.0, dt.timedelta(days=2), "ä – ñ"],
    ]
    assert _typed(_round_trip(rows)) == _typed(rows)


def test_uneven_and_empty_rows_keep_their_lengths():
    rows = [["a", "b", "c"], [], ["d"], ["e", 1.5], [], ["f", "g", "h", "i"]]
    assert _round_trip(rows) == rows
    assert _round_trip([[], []]) == [[], []]
    assert _round_trip([]) == []
    assert _round_trip([["only"]]) == [["only"]]


def test_a_grid_of_many_distinct_values_uses_wider_codes():
    # 70,000 distinct texts pass both the one-byte and the two-byte codes.
    rows = [[f"org {n}", float(n % 4), "VIII"] for n in range(70_000)]
    packed = pack_rows(rows)
    assert len(packed["cells"]) == 210_000 * 4
    assert _round_trip(rows) == rows


def test_every_row_is_a_list_of_its_own():
    rows = _round_trip([["a", 1.0], ["a", 1.0]])
    rows[0][0] = "changed"
    assert rows == [["changed", 1.0], ["a", 1.0]]


def test_a_negative_zero_reads_as_zero_and_nan_stays_nan():
    rows = [[-0.0, 0.0, float("nan"), float("inf"), -0.0]]
    back = _round_trip(rows)[0]
    assert [math.copysign(1.0, value) for value in (back[0], back[1], back[4])] == [1.0] * 3
    assert math.isnan(back[2]) and back[3] == math.inf


def test_random_grids_come_back_as_they_went():
    rng = random.Random(5)
    pool = ["", "VIII", "IX", "Org A", 0.0, 1.0, 2.0, 3.0, 2, 1, True, False, 1.5, DATE]
    for _ in range(300):
        width = rng.randint(1, 6)
        rows = [
            [rng.choice(pool) for _ in range(rng.choice((width, width, rng.randint(0, 8))))]
            for _ in range(rng.randint(0, 30))
        ]
        assert _typed(_round_trip(rows)) == _typed(rows)


def _packed(**changes):
    packed = pack_rows([["a", 1.0], ["b", 2.0]])
    packed.update(changes)
    return packed


@pytest.mark.parametrize(
    "forged",
    [
        _packed(cells=bytes([0, 1, 2, 9])),  # a code past the distinct values
        _packed(cells=bytes([0, 1, 2])),  # not whole rows
        _packed(width=10**12),  # wider than the cells: rows it does not hold
        _packed(width=0),
        _packed(width=-2),
        _packed(width="2"),
        _packed(values="ab"),
        _packed(values=[], cells=b"\x00"),
        _packed(cells="AAEC"),  # text, not bytes
        _packed(lengths=array("I", [2, 2, 2]).tobytes()),  # more cells than it holds
        _packed(lengths=array("I", [10**9]).tobytes()),
        _packed(lengths=b"\x01"),  # not whole lengths
        {"values": ["a"], "width": 1},
    ],
)
def test_a_forged_grid_is_refused_not_built(forged):
    assert unpack_rows(_packed()) == [["a", 1.0], ["b", 2.0]]
    with pytest.raises((ValueError, KeyError, TypeError)):
        unpack_rows(forged)


def test_bytes_cross_from_the_child_and_bad_base64_is_refused():
    assert decode(encode({"v": b"\x00\xff"})) == {"v": b"\x00\xff"}
    with pytest.raises(ValueError):
        decode(b'{"$": "bytes", "v": "not base64!"}')


def _forged_answer(grid):
    return {
        "sheets": [
            {
                "name": "S",
                "grid": grid,
                "row_offset": 0,
                "col_offset": 0,
                "hidden": False,
                "hidden_rows": [],
                "delimited": False,
                "percent_cells": [],
            }
        ],
        "notes": [],
    }


@pytest.mark.parametrize(
    "grid",
    [
        _packed(values=[object(), 1.0]),
        _packed(values=[["a", "list"], 1.0]),
        _packed(values=[{"$": "x"}, 1.0]),
        _packed(width=10**12),
    ],
)
def test_a_reader_answer_with_a_forged_grid_is_cco118(grid):
    from cco.io.readers import _workbook_from_plain

    path, limits = Path("f.xlsx"), Limits()
    good = _workbook_from_plain(_forged_answer(_packed()), path, limits)
    assert good.sheets[0].rows == [["a", 1.0], ["b", 2.0]]
    with pytest.raises(CcoError) as caught:
        _workbook_from_plain(_forged_answer(grid), path, limits)
    assert caught.value.problem.key == "CCO118/crash"


def test_a_packed_grid_crosses_from_a_child():
    rows = [["Summit", "R"], ["VIII", 2.0], ["IX", 3]]
    back = run_isolated(pack_rows, (rows,), path=Path("f"), limits=Limits())
    assert _typed(unpack_rows(back)) == _typed(rows)


def test_a_grid_past_the_cell_limit_is_refused_before_its_rows_are_built():
    packed = pack_rows([["a", 1.0]] * 10)
    assert len(unpack_rows(packed, most_cells=10)) == 10
    with pytest.raises(ValueError):
        unpack_rows(packed, most_cells=5)
    with pytest.raises(ValueError):
        unpack_rows(pack_rows([[]] * 30), most_cells=10)


def test_a_grid_of_mostly_distinct_values_is_sent_as_plain_rows():
    rows = [[f"comment {n}", n / 7, -0.0, n] for n in range(3_000)]
    packed = pack_rows(rows)
    assert "rows" in packed and "values" not in packed
    back = _round_trip(rows)
    assert _typed(back) == _typed([[text, mean, 0.0, n] for text, mean, _, n in rows])
    assert math.copysign(1.0, back[5][2]) == 1.0
    with pytest.raises(ValueError):
        unpack_rows(packed, most_cells=1_000)
    with pytest.raises(ValueError):
        unpack_rows({"rows": [["a"], "not a row"]})
