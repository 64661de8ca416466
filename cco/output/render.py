"""Render views and problems as text: with rich on a colour terminal, plainly elsewhere.

Nothing here computes a number. The plain renderer writes what rich writes without colour
(tests hold the two equal), without importing rich or measuring each cell: tables for a pipe,
a file or CI cost a millisecond instead of tens. Plain text does not wrap long lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cco.core.problems import format_problem
from cco.output.tables import TableModel

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table as RichTable

    from cco.core.models import Problem
    from cco.output.compare_views import SummitSection
    from cco.output.views import SummitView

_DIRECTION_STYLE = {1: "green", -1: "red", 0: ""}


RULE = "─"
ELLIPSIS = "…"
COLUMN_GAP = 2  # spaces between columns (rich: one cell padding each side, no edge)


def column_widths(table: TableModel, width: int) -> list[int]:
    """Each column's width in terminal cells: its widest cell, the text column cut to fit."""
    from rich.cells import cell_len  # light: the cell-width table alone, not rich's console

    widths = [
        max([cell_len(c), *(cell_len(row.cells[i].text) for row in table.rows)])
        for i, c in enumerate(table.headings)
    ]
    # Only the text column gives way on a narrow screen; numbers are never cut.
    fixed = sum(w for i, w in enumerate(widths) if i not in table.wide)
    room = width - fixed - COLUMN_GAP * (len(widths) - 1)
    for index in table.wide:
        widths[index] = max(12, min(widths[index], room))
    return widths


def print_table(console: Console, table: TableModel) -> None:
    """Print a table's title on one line (never wrapped: see `plain_table`), then the table."""
    from rich.text import Text

    console.print(Text(table.title, style="bold"), soft_wrap=True)
    console.print(rich_table(table, console.width))


def rich_table(table: TableModel, width: int) -> RichTable:
    """A rich Table of a view (its title is printed apart), its text column cut to fit `width`.

    Changes are coloured.
    Cells are `Text`, never markup: a sheet's "[sic]" or a trailing backslash prints as it is.
    """
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    rich_table = RichTable(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        padding=(0, 1),
        collapse_padding=True,
    )
    widths = column_widths(table, width)
    for index, column in enumerate(table.columns):
        rich_table.add_column(
            Text(column.heading),
            justify="right" if column.numeric else "left",
            no_wrap=True,
            overflow="ellipsis",
            min_width=widths[index],
            max_width=widths[index],
        )
    change = table.change
    for row in table.rows:
        styled = [Text(cell.text) for cell in row.cells]
        direction = 0 if change is None else row.cells[change].direction or 0
        if change is not None and _DIRECTION_STYLE[direction]:
            styled[change].stylize(_DIRECTION_STYLE[direction])
        rich_table.add_row(*styled)
    return rich_table


def plain_table(table: TableModel, width: int) -> list[str]:
    """The lines rich prints for `rich_table(table, width)` on a console without colour.

    The title is one line, as `print_table` prints it.
    """
    from rich.cells import cell_len, set_cell_size

    widths = column_widths(table, width)
    gap = " " * COLUMN_GAP
    numeric = table.numeric

    def fit(cell: str, size: int, right: bool) -> str:
        used = cell_len(cell)
        if used > size:  # rich's "ellipsis" overflow
            return set_cell_size(cell, size - 1) + ELLIPSIS
        padding = " " * (size - used)
        return padding + cell if right else cell + padding

    def line(cells: list[str]) -> str:
        return gap.join(
            fit(cell, size, index in numeric)
            for index, (cell, size) in enumerate(zip(cells, widths, strict=True))
        )

    total = sum(widths) + COLUMN_GAP * (len(widths) - 1)
    # The title is one line, however wide: a pipe or file is read, or searched, by line, and a
    # title cut mid-phrase ("(Lima," / "2018): themes") reads as two.
    return [
        table.title,
        line(table.headings),
        RULE * total,
        *(line(row.texts) for row in table.rows),
    ]


def plain_rule(title: str, width: int) -> str:
    """What rich's left-aligned `console.rule(title)` prints without colour."""
    from rich.cells import cell_len

    return f"{title} {RULE * max(width - cell_len(title) - 1, 0)}"


def plain_scorecard(heading: str, views: list[SummitView], width: int) -> str:
    """The text `print_scorecard` prints, without colour, rich, or wrapped lines."""
    lines = [heading]
    for view in views:
        lines += ["", plain_rule(view.title, width), view.headline, ""]
        lines += plain_table(view.themes, width)
        lines.append("")
        lines += plain_table(view.items, width)
        lines.append("")
        lines += view.lines
        for table, notes in view.extra:
            lines.append("")
            lines += plain_table(table, width)
            lines += notes
    return "\n".join(lines) + "\n"


def print_scorecard(console: Console, heading: str, views: list[SummitView]) -> None:
    """Print the country heading, then per summit its headline, tables and best/worst lines."""
    from rich.text import Text

    console.print(Text(heading, style="bold"))
    for view in views:
        console.print()
        console.rule(Text(view.title, style="bold"), align="left")
        console.print(Text(view.headline))
        console.print()
        print_table(console, view.themes)
        console.print()
        print_table(console, view.items)
        console.print()
        for line in view.lines:
            console.print(Text(line))
        for table, notes in view.extra:
            console.print()
            print_table(console, table)
            for line in notes:
                console.print(Text(line))


def plain_comparison(heading: str, sections: list[SummitSection], width: int) -> str:
    """The text `print_comparison` prints, without colour, rich, or wrapped lines."""
    lines = [heading]
    for section in sections:
        lines += ["", plain_rule(section.title, width)]
        for table, notes in section.tables:
            lines.append("")
            lines += plain_table(table, width)
            lines += notes
    return "\n".join(lines) + "\n"


def print_problems(console: Console, problems: list[Problem], lang: str = "en") -> None:
    """Print each problem as its one line, errors in red and warnings in yellow."""
    from rich.text import Text

    for problem in problems:
        colour = "red" if problem.is_error else "yellow"
        console.print(Text(format_problem(problem, lang), style=colour), soft_wrap=True)


def print_comparison(console: Console, heading: str, sections: list[SummitSection]) -> None:
    """Print the comparison's tables and notes with rich."""
    from rich.text import Text

    console.print(Text(heading, style="bold"))
    for section in sections:
        console.print()
        console.rule(Text(section.title, style="bold"), align="left")
        for table, lines in section.tables:
            console.print()
            print_table(console, table)
            for line in lines:
                console.print(Text(line))
