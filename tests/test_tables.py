"""The one table model: a column's kind decides alignment, colour and CSS class everywhere."""

from __future__ import annotations

import pytest

from cco.output.render import plain_table, rich_table
from cco.output.tables import Cell, Column, TableModel, html_table, markdown_table, table_model

# Freedonia and Sylvania's rows, as a builder would hold them.
RECORDS = [
    {"country": "Freedonia", "id": "VIII-3", "text": "Open <data> | laws", "score": "2.50",
     "band": "medium-high", "change": ("▲ +0.30", 1)},
    {"country": "Sylvania", "id": "VIII-14", "text": "Budgets & audits", "score": "1.00",
     "band": None, "change": ("–", None)},
]  # fmt: skip


def _columns() -> list[Column[dict]]:
    return [
        Column("country", "Country", "text", lambda r: r["country"]),
        Column("id", "Id", "id", lambda r: r["id"]),
        Column("text", "Commitment", "long", lambda r: r["text"], wide=True),
        Column("score", "Average", "number", lambda r: Cell(r["score"], band=r["band"])),
        Column("band", "Level", "band", lambda r: Cell(r["band"] or "–", band=r["band"])),
        Column(
            "change",
            "Change",
            "change",
            lambda r: Cell(r["change"][0], direction=r["change"][1]),
        ),
    ]


@pytest.fixture
def table() -> TableModel:
    return table_model("Freedonia | Sylvania", _columns(), RECORDS, key=lambda r: r["id"])


def test_kinds_give_the_alignment_the_wide_column_and_the_change_column(table):
    assert table.headings == ["Country", "Id", "Commitment", "Average", "Level", "Change"]
    assert table.numeric == {3, 5}
    assert table.wide == frozenset({2})
    assert table.change == 5
    assert [row.key for row in table.rows] == ["VIII-3", "VIII-14"]
    assert table.rows[1].texts == ["Sylvania", "VIII-14", "Budgets & audits", "1.00", "–", "–"]


def test_markdown_aligns_numbers_right_and_keeps_cells_inert(table):
    assert markdown_table(table) == [
        "**Freedonia | Sylvania**",
        "",
        "| Country | Id | Commitment | Average | Level | Change |",
        "| --- | --- | --- | ---: | --- | ---: |",
        "| Freedonia | VIII-3 | Open &lt;data> \\| laws | 2.50 | medium-high | ▲ +0.30 |",
        "| Sylvania | VIII-14 | Budgets & audits | 1.00 | – | – |",  # "& " is no entity
        "",
    ]


def test_html_classes_follow_the_kind_and_the_cell(table):
    expected = (
        "<table><caption>Freedonia | Sylvania</caption><thead><tr>"
        '<th scope="col">Country</th><th scope="col">Id</th><th scope="col">Commitment</th>'
        '<th scope="col" class="num">Average</th><th scope="col">Level</th>'
        '<th scope="col" class="num">Change</th></tr></thead><tbody>'
        '<tr data-key="VIII-3"><td class="text">Freedonia</td><td class="id">VIII-3</td>'
        '<td class="text long">Open &lt;data&gt; | laws</td>'
        '<td class="num band-medium-high">2.50</td>'
        '<td><span class="pill band-medium-high">medium-high</span></td>'
        '<td class="num up">▲ +0.30</td></tr>'
        '<tr data-key="VIII-14"><td class="text">Sylvania</td><td class="id">VIII-14</td>'
        '<td class="text long">Budgets &amp; audits</td><td class="num">1.00</td>'
        '<td>–</td><td class="num">–</td></tr>'
        "</tbody></table>"
    )
    assert html_table(table) == expected


@pytest.mark.parametrize(("direction", "css"), [(1, "num up"), (-1, "num down"), (0, "num same")])
def test_a_change_is_classed_by_its_direction(direction, css):
    column = Column("change", "Change", "change", lambda d: Cell("x", direction=d))
    assert f'<td class="{css}">x</td>' in html_table(table_model("T", [column], [direction]))


def test_more_than_twelve_columns_make_a_wide_table_beside_the_given_class():
    columns = [Column(str(i), str(i), "number", lambda r, i=i: str(r + i)) for i in range(13)]
    page = html_table(table_model("Wide", columns, [0]), "compact")
    assert page.startswith('<table class="compact wide"><caption>Wide</caption>')
    narrow = html_table(table_model("Narrow", columns[:12], [0]))
    assert narrow.startswith("<table><caption>Narrow</caption>")


def test_the_terminal_colours_only_the_change_cell_by_its_direction(table):
    rich = rich_table(table, 200)
    cells = [list(column.cells) for column in rich.columns]
    assert [str(s.style) for s in cells[5][0].spans] == ["green"]
    assert cells[5][1].spans == []  # no value: no colour
    assert all(cell.spans == [] for column in cells[:5] for cell in column)
    assert [c.justify for c in rich.columns] == ["left", "left", "left", "right", "left", "right"]


def test_the_terminal_cuts_only_the_wide_column_to_fit():
    columns = [
        Column("id", "Id", "id", lambda r: r[0]),
        Column("text", "Commitment", "text", lambda r: r[1], wide=True),
        Column("score", "R", "number", lambda r: r[2]),
    ]
    table = table_model("Sylvania", columns, [("VIII-3", "x" * 40, "2.00")])
    # 6 (id) + 2 + text + 2 + 4 ("2.00") = 30 cells: the text gets 16, cut with an ellipsis.
    lines = plain_table(table, 30)
    assert lines[-1] == "VIII-3  " + "x" * 15 + "…" + "  2.00"


def test_a_column_without_a_value_says_which():
    with pytest.raises(ValueError, match="'name'"):
        table_model("T", [Column("name", "Name")], [1])


def test_frame_records_give_the_values_iterrows_gives(peru_card):
    """Tables read a Scorecard's rows as dicts: the same values, of the same types, as Series."""
    import pandas as pd

    from cco.scoring.score import frame_records

    for frame in (peru_card.items, peru_card.themes, peru_card.summits):
        expected = [row.to_dict() for _, row in frame.iterrows()]
        found = frame_records(frame)
        assert len(found) == len(frame) > 0
        for mine, theirs in zip(found, expected, strict=True):
            assert list(mine) == list(theirs)
            for key, value in theirs.items():
                assert type(mine[key]) is type(value), key
                if value is pd.NA or (isinstance(value, float) and value != value):
                    assert mine[key] is value or mine[key] != mine[key], key  # NA, or NaN
                else:
                    assert mine[key] == value, key
