"""Render views and problems for the terminal with rich; nothing here computes a number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cco.problems import format_problem
from cco.views import SummitView, Table

if TYPE_CHECKING:
    from rich.console import Console

    from cco.compare_views import SummitSection
    from cco.models import Problem

_DIRECTION_STYLE = {1: "green", -1: "red", 0: ""}


def rich_table(table: Table, width: int) -> object:
    """A rich Table of a view, its text column cut to fit `width`, changes coloured."""
    from rich import box
    from rich.table import Table as RichTable

    rich_table = RichTable(
        title=table.title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        padding=(0, 1),
        collapse_padding=True,
    )
    widths = [
        max([len(c), *(len(row[i]) for row in table.rows)]) for i, c in enumerate(table.columns)
    ]
    text_columns = [i for i, c in enumerate(table.columns) if c in ("Commitment", "Name")]
    # Only the text column gives way on a narrow screen; numbers are never cut.
    fixed = sum(w for i, w in enumerate(widths) if i not in text_columns)
    room = width - fixed - 2 * (len(widths) - 1)
    for index in text_columns:
        widths[index] = max(12, min(widths[index], room))
    for index, column in enumerate(table.columns):
        rich_table.add_column(
            column,
            justify="right" if index in table.numeric else "left",
            no_wrap=True,
            overflow="ellipsis",
            min_width=widths[index],
            max_width=widths[index],
        )
    change = table.columns.index("Change") if "Change" in table.columns else None
    for cells, direction in zip(table.rows, table.directions, strict=True):
        styled: list[object] = list(cells)
        if change is not None and _DIRECTION_STYLE[direction]:
            styled[change] = f"[{_DIRECTION_STYLE[direction]}]{cells[change]}[/]"
        rich_table.add_row(*styled)
    return rich_table


def print_scorecard(console: Console, heading: str, views: list[SummitView]) -> None:
    """Print the country heading, then per summit its headline, tables and best/worst lines."""
    from rich.markup import escape

    console.print(f"[bold]{escape(heading)}[/]")
    for view in views:
        console.print()
        console.rule(f"[bold]{view.title}[/]", align="left")
        console.print(escape(view.headline))
        console.print()
        console.print(rich_table(view.themes, console.width))
        console.print()
        console.print(rich_table(view.items, console.width))
        console.print()
        for line in view.lines:
            console.print(escape(line))


def print_problems(console: Console, problems: list[Problem], lang: str = "en") -> None:
    """Print each problem as its one line, errors in red and warnings in yellow."""
    from rich.markup import escape

    for problem in problems:
        colour = "red" if problem.is_error else "yellow"
        console.print(f"[{colour}]{escape(format_problem(problem, lang))}[/]", soft_wrap=True)


def print_comparison(console: Console, heading: str, sections: list[SummitSection]) -> None:
    """Print the comparison's tables and notes with rich."""
    from rich.markup import escape

    console.print(f"[bold]{escape(heading)}[/]")
    for section in sections:
        console.print()
        console.rule(f"[bold]{escape(section.title)}[/]", align="left")
        for table, lines in section.tables:
            console.print()
            console.print(rich_table(table, console.width))
            for line in lines:
                console.print(escape(line))
