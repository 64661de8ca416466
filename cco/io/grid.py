"""A sheet's cells as the reading child hands them over: each distinct value once, and codes.

A rater sheet of 50,000 rows holds 400,000 cells but few distinct values: the same ids,
names and ratings on row after row. The child (cco.io.isolation) sends the distinct values of
a grid once, and every cell as a small whole number, column after column, in bytes; the
parent rebuilds the rows with `map` and `zip`. Sent as JSON cell by cell, the same grid took
longer to write, to read back and to check than every other step of reading it but the
read itself, and held every text once per cell.

A zero read as a float is sent as 0.0: a spreadsheet shows a negative zero as 0, and a
cell's sign is not what tells one cell from another here.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

_SAMPLE_CELLS = 4096
_NUMBER_TYPES = frozenset((int, float, bool))
"""Types whose values can be equal across types (1 == 1.0 == True): told apart by type."""


def pack_rows(rows: Sequence[Sequence[object]]) -> dict[str, Any]:
    """The rows as distinct values, the cells' codes row after row, and the rows' lengths.

    The lengths are left out when every row is as long as the first (`width`): the usual
    grid, which the parent cuts into rows at C speed (see `unpack_rows`). A grid whose first
    cells are mostly distinct (free texts, means) is sent as plain rows: coding it would cost
    more than it saves.
    """
    sample = list(itertools.islice(_cells(rows), _SAMPLE_CELLS))
    if len(sample) == _SAMPLE_CELLS and len(set(map(repr, sample))) * 2 > _SAMPLE_CELLS:
        return {"rows": [list(map(_zero, row)) for row in rows]}
    lengths = list(map(len, rows))
    width = lengths[0] if lengths else 0
    even = width > 0 and min(lengths) == max(lengths)
    by_type = len(set(map(type, _cells(rows))) & _NUMBER_TYPES) > 1

    def keys() -> Iterable[object]:
        cells = _cells(rows)
        return zip(map(type, _cells(rows)), cells, strict=True) if by_type else cells

    codes = _Codes()
    numbers = list(map(codes.__getitem__, keys()))  # each value's code: its first cell's order
    values = [key[1] for key in codes] if by_type else list(codes)  # type: ignore[index]
    values = list(map(_zero, values))
    cells = array(_typecode(len(values)))
    cells.fromlist(numbers)
    return {
        "values": values,
        "width": width,
        "cells": cells.tobytes(),
        "lengths": None if even else array("I", lengths).tobytes(),
    }


class _Codes(dict[object, int]):
    """Each distinct value's code, given as it is first met: one pass over the cells, in C."""

    def __missing__(self, key: object) -> int:
        self[key] = code = len(self)
        return code


def unpack_rows(packed: Any, most_cells: int | None = None) -> list[list[object]]:
    """The rows `pack_rows` packed, checking every size against the bytes received.

    The sizes are read from the bytes themselves (the cells' codes, the rows' lengths), never
    from a count the child states; a grid of more than `most_cells` cells and rows (a sheet's
    cell limit: no reader returns more) is refused before any row is built.

    Raises:
        ValueError: the packed grid is not what `pack_rows` makes.
        KeyError, TypeError: a part is missing or of the wrong kind.

    """
    if "rows" in packed:  # sent as plain rows: every cell is checked as it is
        rows = packed["rows"]
        _require(type(rows) is list and set(map(type, rows)) <= {list})
        _require(most_cells is None or sum(map(len, rows)) + len(rows) <= 2 * most_cells)
        return rows
    values, width = packed["values"], packed["width"]
    _require(type(values) is list and type(width) is int)
    cells = array(_typecode(len(values)), _bytes(packed["cells"]))
    lengths_bytes = packed["lengths"]
    rows_sent = len(lengths_bytes) // 4 if type(lengths_bytes) is bytes else 0
    _require(most_cells is None or len(cells) + rows_sent <= 2 * most_cells)
    _require(not cells or max(cells) < len(values))
    cell_values = map(values.__getitem__, cells)
    if packed["lengths"] is None:
        _require(0 < width <= len(cells) and len(cells) % width == 0)
        # The same iterator `width` times: zip takes a row's cells one after another.
        return list(map(list, zip(*[cell_values] * width, strict=True)))
    lengths = array("I", _bytes(packed["lengths"]))
    _require(sum(lengths) == len(cells))
    return [list(itertools.islice(cell_values, length)) for length in lengths]


def _zero(value: object) -> object:
    """A float zero as 0.0, whatever its sign; any other value as it is."""
    return 0.0 if type(value) is float and value == 0 else value


def _cells(rows: Sequence[Sequence[object]]) -> Iterator[object]:
    return itertools.chain.from_iterable(rows)


def _typecode(distinct: int) -> str:
    """The smallest unsigned array type that numbers `distinct` values."""
    return "B" if distinct <= 1 << 8 else "H" if distinct <= 1 << 16 else "I"


def _bytes(data: object) -> bytes:
    _require(type(data) is bytes)
    return data  # type: ignore[return-value]


def _require(condition: bool) -> None:
    if not condition:
        raise ValueError("not a packed grid")
