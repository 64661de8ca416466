"""One table model for every text output: column specs, rows of display cells, and renderers.

A builder says once what each column is (`Column`: key, heading, kind, and how a row's value
becomes display text) and `table_model` applies the columns to its records. The terminal
(`cco.output.render`), Markdown and HTML (both here) render the same `TableModel`: alignment,
colouring of changes, band shading and CSS classes all follow from a column's kind, so no
renderer keeps its own list of numeric column indexes.

Nothing here formats a number: that is the builder's `value` (see `cco.output.views`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeAlias, TypeVar

if TYPE_CHECKING:
    import pandas as pd

Kind = Literal["text", "number", "id", "long", "band", "change"]
"""What a column holds: sheet or label text, a number, an item id, a long commitment text,
a band word, or a change (coloured up or down)."""

NUMERIC_KINDS: frozenset[str] = frozenset({"number", "change"})
"""Kinds that are right-aligned everywhere."""

Record = TypeVar("Record")

Row: TypeAlias = "Mapping[str, Any] | pd.Series"
"""A row of a Scorecard's table, as `Scorecard.rows` gives it (or a pandas Series: same keys)."""


@dataclass(frozen=True)
class Cell:
    """One cell's display text, and what styling it needs beyond its column's kind."""

    text: str
    band: str | None = None  # a band name: a band column's pill, a number column's shading
    direction: int | None = None  # a change's sign (+1, -1, 0); None where there is no value


@dataclass(frozen=True)
class Column(Generic[Record]):
    """A column spec: its key, heading, kind, and how a record becomes the cell's text.

    `value` returns the display text, or a `Cell` when the cell carries a band or a direction.
    `wide` marks a text column that gives way (is cut) on a narrow terminal.
    """

    key: str
    heading: str
    kind: Kind = "text"
    value: Callable[[Record], str | Cell] | None = None
    wide: bool = False

    @property
    def numeric(self) -> bool:
        """Whether the column is right-aligned (numbers and changes)."""
        return self.kind in NUMERIC_KINDS

    def cell(self, record: Record) -> Cell:
        """The cell this column shows for `record`."""
        if self.value is None:
            raise ValueError(f"column {self.key!r} has no value function")
        shown = self.value(record)
        return shown if isinstance(shown, Cell) else Cell(shown)


@dataclass
class TableRow:
    """A row's cells, and its key (an item id, a theme) that the HTML writes for tools and tests."""

    cells: list[Cell]
    key: str = ""

    @property
    def texts(self) -> list[str]:
        """The cells' display texts."""
        return [cell.text for cell in self.cells]


@dataclass
class TableModel:
    """A titled table: column specs and rows of cells, one per column."""

    title: str
    columns: list[Column[Any]]
    rows: list[TableRow] = field(default_factory=list)

    @property
    def headings(self) -> list[str]:
        """The column headings."""
        return [column.heading for column in self.columns]

    @property
    def numeric(self) -> set[int]:
        """Indexes of right-aligned columns."""
        return {i for i, column in enumerate(self.columns) if column.numeric}

    @property
    def wide(self) -> frozenset[int]:
        """Indexes of text columns that give way on a narrow terminal."""
        return frozenset(i for i, column in enumerate(self.columns) if column.wide)

    @property
    def change(self) -> int | None:
        """Index of the change column, coloured by each row's direction; None without one."""
        return next((i for i, c in enumerate(self.columns) if c.kind == "change"), None)


def table_model(
    title: str,
    columns: list[Column[Record]],
    records: Iterable[Record],
    key: Callable[[Record], str] | None = None,
) -> TableModel:
    """The table of `records`: each column's value of each record, each row keyed by `key`."""
    rows = [
        TableRow([column.cell(record) for column in columns], key(record) if key else "")
        for record in records
    ]
    return TableModel(title, list(columns), rows)


# ---- Markdown ----------------------------------------------------------------------------------


def markdown_table(table: TableModel) -> list[str]:
    """A titled table as Markdown lines, numbers right-aligned; every text made inert."""
    from cco.core.text import markdown_cell, markdown_inert

    align = ["---:" if column.numeric else "---" for column in table.columns]
    lines = [
        f"**{markdown_inert(table.title)}**",
        "",
        "| " + " | ".join(markdown_cell(c) for c in table.headings) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += ["| " + " | ".join(markdown_cell(c) for c in row.texts) + " |" for row in table.rows]
    return [*lines, ""]


# ---- HTML --------------------------------------------------------------------------------------

_CHANGE_CLASS = {1: "num up", -1: "num down", 0: "num same"}
_TEXT_CLASS = {"text": "text", "long": "text long", "id": "id"}
WIDE_TABLE_COLUMNS = 12
"""An HTML table with more columns than this gets the `wide` class (smaller type)."""


def _escape(text: object) -> str:
    import html  # only HTML output needs it; its entity table costs every start-up ms

    return html.escape(str(text), quote=True)


def _html_cell(column: Column[Any], cell: Cell) -> str:
    """One `<td>`: its CSS classes follow from the column's kind and the cell's band or sign."""
    if column.kind == "band":
        if cell.band:
            pill = _escape(f"pill band-{cell.band}")
            return f'<td><span class="{pill}">{_escape(cell.text)}</span></td>'
        return f"<td>{_escape(cell.text)}</td>"
    if column.kind == "change":
        classes = "num" if cell.direction is None else _CHANGE_CLASS[cell.direction]
    elif column.kind == "number":
        classes = f"num band-{cell.band}" if cell.band else "num"
    else:
        classes = _TEXT_CLASS[column.kind]
    return f'<td class="{_escape(classes)}">{_escape(cell.text)}</td>'


def html_table(table: TableModel, css: str = "") -> str:
    """The table as HTML: caption, header and a row per record (`data-key` its key); escaped."""
    numeric = ' class="num"'
    head = "".join(
        f'<th scope="col"{numeric if column.numeric else ""}>{_escape(column.heading)}</th>'
        for column in table.columns
    )
    body = "".join(
        f'<tr data-key="{_escape(row.key)}">'
        + "".join(_html_cell(c, cell) for c, cell in zip(table.columns, row.cells, strict=True))
        + "</tr>"
        for row in table.rows
    )
    wide = "wide" if len(table.columns) > WIDE_TABLE_COLUMNS else ""
    classes = " ".join(c for c in (css, wide) if c)
    klass = f' class="{classes}"' if classes else ""
    return (
        f"<table{klass}><caption>{_escape(table.title)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
