"""Whether a sheet's used range passes the size limits, and the problem that says so.

Shared by the workbook scan (cco.io.archive, in the reading child) and the CSV reader, which
also reads cco's own catalog in-process: apart, so that reading it does not load the archive
scanner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cco.core.limits import Limits
from cco.core.models import CcoError
from cco.core.problems import make_problem
from cco.core.text import column_letter


def check_used_range(
    rows: int,
    columns: int,
    limits: Limits,
    path: Path,
    sheet: str,
    filled: int | Callable[[], int] | None = None,
) -> None:
    """Refuse a sheet whose used range is beyond the row, column or cell limit.

    `filled` counts the cells that hold a value (a count, or a function called only when a
    limit is passed, since counting costs a pass over the sheet): when they fill at least half
    the used range, the sheet is simply large, and the problem names the limit passed and the
    variable that raises it; otherwise stray cells far from the data stretch the range, and
    the hint says to delete them.

    Raises:
        CcoError: CCO114, naming the sheet, its range and the limits.

    """
    over = limit_passed(rows, columns, limits)
    if over is None:
        return
    column = column_letter(max(columns, 1) - 1)
    if callable(filled):
        filled = filled()
    if filled is not None and filled * 2 >= rows * columns > 0:
        kind, limit, needed = over
        raise CcoError(
            make_problem(
                f"CCO114/large-{kind}",
                file=str(path),
                sheet=sheet,
                rows=rows,
                columns=column,
                cells=rows * columns,
                limit=limit,
                variable=_LIMIT_VARIABLES[kind],
                suggested=_round_up(needed),
            )
        )
    raise CcoError(
        make_problem(
            "CCO114",
            file=str(path),
            sheet=sheet,
            rows=rows,
            columns=column,
            limit_rows=limits.rows,
            limit_columns=column_letter(limits.columns - 1),
            limit_cells=limits.cells,
        )
    )


_LIMIT_VARIABLES = {"rows": "CCO_MAX_ROWS", "columns": "CCO_MAX_COLUMNS", "cells": "CCO_MAX_CELLS"}


def limit_passed(rows: int, columns: int, limits: Limits) -> tuple[str, int, int] | None:
    """The first limit a used range passes: its name, its value and what the range needs.

    None when the range is within every limit.
    """
    if rows > limits.rows:
        return "rows", limits.rows, rows
    if columns > limits.columns:
        return "columns", limits.columns, columns
    if rows * columns > limits.cells:
        return "cells", limits.cells, rows * columns
    return None


def _round_up(needed: int) -> int:
    """A value above `needed` with two significant digits (5,312,480 -> 5,400,000)."""
    step = 10 ** max(len(str(needed)) - 2, 0)
    return (needed // step + 1) * step
