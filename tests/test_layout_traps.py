"""Real sheets carry totals, title rows with averages and running row numbers: none is an item."""

from __future__ import annotations

import csv

import pytest

from cco.io.ingest import read_sheet
from cco.scoring.score import score_country
from tests import sheets


def items_of(path):
    result = read_sheet(path)
    assert result.errors == [], result.errors
    return {i.id: i for i in result.sheet.items}, result.warnings


def test_a_theme_average_row_is_not_a_commitment(tmp_path):
    path = sheets.save(
        [
            ["VIII Summit"],
            ["Theme 2: Transparency"],
            ["Commitment", "R", "E", "S"],
            ["13. Continuing to strengthen", 2.25, 1.63, 1.13],
            ["15. Consolidating the autonomy", 1.75, 1.87, 1.87],
            ["Theme 2 average", 2.0, 1.75, 1.5],
        ],
        tmp_path / "subtotal.xlsx",
    )
    items, warnings = items_of(path)
    assert sorted(items) == ["VIII-13", "VIII-15"]
    assert [(w.code, w.row) for w in warnings] == [("CCO209", 6)]
    # the theme's R is the mean of its two items only: (2.25 + 1.75) / 2
    card = score_country(read_sheet(path).sheet)
    assert card.themes.iloc[0]["relevance"] == pytest.approx(2.0)


def test_a_title_row_with_averages_sets_the_theme_of_the_rows_below(tmp_path):
    path = sheets.save(
        [
            ["VIII Summit"],
            ["Commitment", "R", "E", "S"],
            ["Theme 3: Financing of Political Organizations", 2.81, 1.06, 0.0],
            ["25. Encouraging adoption", 2.81, 1.06, 0.0],
        ],
        tmp_path / "title-averages.xlsx",
    )
    items, warnings = items_of(path)
    assert list(items) == ["VIII-25"]
    assert items["VIII-25"].theme == 3
    assert [w.code for w in warnings] == ["CCO209"]


@pytest.mark.parametrize("label", ["Total", "Promedio general", "Moyenne"])
def test_total_rows_in_any_language(tmp_path, label):
    path = sheets.save(
        [
            ["Summit", "Theme", "Commitment", "R", "E", "S"],
            ["VIII", 1, 7, 1, 1, 1],
            ["VIII", 1, label, 1, 1, 1],
        ],
        tmp_path / "total.xlsx",
    )
    items, warnings = items_of(path)
    assert list(items) == ["VIII-7"]
    assert [w.code for w in warnings] == ["CCO209"]


def test_a_running_number_column_gives_way_to_the_commitment_column(tmp_path):
    path = tmp_path / "numbered.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["N°", "Cumbre", "Tema", "Compromiso", "R", "E", "S"])
        writer.writerow([1, "VIII", 1, "2. Fortalecer la autonomía judicial", "0,5", "0", "0"])
        writer.writerow([2, "VIII", 1, "7. Promover la equidad", "1,17", "1", "1"])
        writer.writerow([3, "VIII", 2, "13. Continuar fortaleciendo", "2,25", "1,63", "1,13"])
    result = read_sheet(path)
    items = {i.id: i for i in result.sheet.items}
    assert sorted(items) == ["VIII-13", "VIII-2", "VIII-7"]
    assert items["VIII-7"].relevance == pytest.approx(1.17)
    assert [(w.code, w.column) for w in result.warnings] == [("CCO107", "A")]


def annex_with_ix_title(path, title):
    return sheets.save(
        [
            ["VIII Summit"],
            ["Theme 1: Democratic Governance"],
            ["Commitment", "R", "E", "S"],
            ["2. Strengthen judicial autonomy", 0.5, 0, 0],
            ["7. Promote gender equity", 1.17, 1, 1],
            [title],
            ["Theme 2: Action Plan on Health and Resilience"],
            ["Commitment", "R", "E", "S"],
            ["9. Promote pooled procurement", 3, 3, 2.83],
        ],
        path,
    )


@pytest.mark.parametrize(
    "title",
    ["IXe Sommet des Amériques", "IXª Cumbre de las Américas", "9th Summit of the Americas"],
)
def test_a_summit_title_with_an_ordinal_starts_the_ix_block(tmp_path, title):
    items, _ = items_of(annex_with_ix_title(tmp_path / "ordinal.xlsx", title))
    assert sorted(items) == ["IX-B-9", "VIII-2", "VIII-7"]
    card = score_country(read_sheet(tmp_path / "ordinal.xlsx").sheet)
    averages = dict(zip(card.summits["summit"], card.summits["average"], strict=True))
    # VIII: (0.5 + 0 + 0)/3 and (1.17 + 1 + 1)/3, averaged; IX: (3 + 3 + 2.83)/3
    assert averages["VIII"] == pytest.approx((0.5 / 3 + 3.17 / 3) / 2)
    assert averages["IX"] == pytest.approx(8.83 / 3)


def test_a_summit_title_that_names_no_summit_clearly_stops_scoring(tmp_path):
    path = annex_with_ix_title(tmp_path / "unclear.xlsx", "Xe Cumbre de las Américas")
    result = read_sheet(path)
    assert [(p.code, p.row, p.column) for p in result.errors] == [("CCO205", 6, "A")]
    assert "names neither VIII nor IX" in result.errors[0].message


def test_a_plan_letter_under_a_blank_summit_cell_is_ix(tmp_path):
    path = sheets.save(
        [
            ["Summit", "Theme", "Plan", "Commitment", "R", "E", "S"],
            ["VIII", 3, None, 25, 2.81, 1.06, 0],
            [None, None, "C", 21, 2.75, 1.25, 2.25],
            ["IX", None, "B", 9, 3, 3, 2.83],
        ],
        tmp_path / "plans.xlsx",
    )
    items, _ = items_of(path)
    assert sorted(items) == ["IX-B-9", "IX-C-21", "VIII-25"]
    card = score_country(read_sheet(path).sheet)
    viii = card.summits[card.summits["summit"] == "VIII"].iloc[0]
    assert viii["average"] == pytest.approx((2.81 + 1.06 + 0) / 3)  # VIII-25 alone: 1.29


def test_two_columns_of_one_criterion_stop_scoring(tmp_path):
    """'Relevance (Phase 1)' and 'Relevance (Phase 2)' both read as relevance: which is it?"""
    path = sheets.save(
        [
            [
                "Id",
                "Theme",
                "Relevance (Phase 1)",
                "Effectiveness (Phase 1)",
                "Sustainability (Phase 1)",
                "Relevance (Phase 2)",
                "Effectiveness (Phase 2)",
                "Sustainability (Phase 2)",
            ],
            ["VIII-2", 1, 1.92, 1.77, 1.92, 0.5, 0, 0],
        ],
        tmp_path / "phases.xlsx",
    )
    result = read_sheet(path)
    assert [(p.code, p.column) for p in result.errors] == [
        ("CCO117", "F"),
        ("CCO117", "G"),
        ("CCO117", "H"),
    ]


def test_a_mean_row_among_organizations_is_not_a_rater(tmp_path):
    """Two raters give 1 and 3: n 2, mean 2, sd sqrt(2); the 'Promedio' row repeats the mean."""
    path = sheets.save(
        [
            ["Summit", "Theme", "Commitment", "Organización", "R", "E", "S"],
            ["VIII", 1, 3, "Freedonia Integrity Forum", 1, 1, 1],
            ["VIII", 1, 3, "Sylvania Watch", 3, 3, 3],
            ["VIII", 1, 3, "Promedio", 2, 2, 2],
            ["VIII", 1, 4, "Media Luna Collective", 2, 2, 2],
        ],
        tmp_path / "raters.xlsx",
    )
    items, warnings = items_of(path)
    stats = items["VIII-3"].raters["relevance"]
    assert (stats.n, items["VIII-3"].relevance) == (2, 2.0)
    assert stats.sd == pytest.approx(2**0.5)
    assert [(w.code, w.row, w.column) for w in warnings] == [("CCO209", 4, "D")]
    assert items["VIII-4"].raters["relevance"].n == 1  # a name that only starts with 'Media'


def test_a_csv_row_wider_than_its_header_is_a_split_decimal(tmp_path):
    """'1,2' unquoted in a comma-separated file is two cells: 1 and 2, not 1.2."""
    path = tmp_path / "commas.csv"
    path.write_text("Id,Theme,R,E,S\nVIII-2,1,1,2,2,0,1,0\nVIII-7,1,1,1,1\n", encoding="utf-8")
    result = read_sheet(path)
    assert [(p.code, p.row, p.column) for p in result.errors] == [("CCO202", 2, "F")]
    assert "3 cells more than its header" in result.errors[0].message


def test_extra_cells_beside_a_workbook_table_are_notes(tmp_path):
    path = sheets.save(
        [["Id", "Theme", "R", "E", "S"], ["VIII-2", 1, 1, 2, 2, "checked by the coordinator"]],
        tmp_path / "notes.xlsx",
    )
    items, _ = items_of(path)
    assert items["VIII-2"].relevance == 1


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs here")
def test_an_input_that_is_a_pipe_is_refused_without_waiting(tmp_path):
    import os

    from cco.core.models import CcoError

    fifo = tmp_path / "sheet.csv"
    os.mkfifo(fifo)
    with pytest.raises(CcoError) as refused:
        read_sheet(fifo)  # opening a FIFO to read would block until a writer came
    assert refused.value.problem.code == "CCO101"
    assert "not a regular file" in refused.value.problem.message


def test_a_sub_column_completes_an_id_without_a_sub_commitment(tmp_path):
    path = sheets.save(
        [
            ["Id", "Sub", "R", "E", "S"],
            ["IX-A-3", "D", 2, 1.5, 1],
            ["IX-A-3", "E", 1, 1, 1],
            ["IX-A-3F", None, 3, 3, 3],
        ],
        tmp_path / "subs.xlsx",
    )
    items, _ = items_of(path)
    assert sorted(items) == ["IX-A-3D", "IX-A-3E", "IX-A-3F"]
    assert items["IX-A-3D"].relevance == 2


def test_a_utf16_csv_and_whole_numbers_written_as_floats_are_read(tmp_path):
    """Excel's 'Unicode text' is UTF-16 with tabs; pandas writes 3 and 25 as 3.0 and 25.0."""
    unicode_text = tmp_path / "unicode.csv"
    unicode_text.write_text(
        "Summit\tTheme\tCommitment\tR\tE\tS\nVIII\t3\t25\t2,81\t1,06\t0\n", encoding="utf-16"
    )
    floats = tmp_path / "pandas.csv"
    floats.write_text("Summit,Theme,Commitment,R,E,S\nVIII,3.0,25.0,2.81,1.06,0.0\n", "utf-8")
    for path in (unicode_text, floats):
        items, warnings = items_of(path)
        assert list(items) == ["VIII-25"] and warnings == []
        assert (items["VIII-25"].theme, items["VIII-25"].text) == (3, None)
        assert items["VIII-25"].relevance == pytest.approx(2.81)


def test_a_commitment_row_that_titles_its_sub_commitments_is_not_an_item(tmp_path):
    """Annex style: '12. ...' alone on its row (its text even names the Lima Summit), then 12A."""
    path = sheets.save(
        [
            ["IX Summit"],
            ["Theme 1: Inter-American Action Plan on Democratic Governance"],
            ["Commitment", "Sub commitment", "R", "E", "S"],
            ["4. Protect press freedom", None, 1.5, 1, 0.84],
            ["12. Continue meeting the commitments of the Eighth Summit, the Lima Commitment"],
            [None, "A. Strengthen follow-up", 1, 1, 1],
        ],
        tmp_path / "parent.xlsx",
    )
    items, warnings = items_of(path)
    assert sorted(items) == ["IX-A-12A", "IX-A-4"]
    assert items["IX-A-12A"].commitment_text.startswith("Continue meeting")
    assert not [w for w in warnings if w.code == "CCO204"]
    card = score_country(read_sheet(path).sheet)
    assert card.themes.iloc[0]["n_items"] == 2
    # plan A's average: items (1.5 + 1 + 0.84)/3 and 1, averaged
    assert card.themes.iloc[0]["average"] == pytest.approx((3.34 / 3 + 1) / 2)


def test_organizations_under_a_blank_id_cell_rate_the_item_above(tmp_path):
    """A merged Id cell, or a blank one, continues the item above: means (1+3)/2, (2+2)/2 ..."""
    path = sheets.save(
        [
            ["Id", "Theme", "Organization", "R", "E", "S"],
            ["VIII-2", 1, "Freedonia Integrity Forum", 1, 2, 3],
            [None, None, "Sylvania Watch", 3, 2, 1],
        ],
        tmp_path / "blank-id.xlsx",
    )
    items, _ = items_of(path)
    item = items["VIII-2"]
    assert (item.relevance, item.effectiveness, item.sustainability) == (2.0, 2.0, 2.0)
    assert item.raters["relevance"].n == 2


def test_the_first_theme_title_may_carry_its_averages(tmp_path):
    path = sheets.save(
        [
            ["VIII Summit"],
            ["Theme 1: Strengthening Democratic Governance", 0.84, None, 0.5, None, 0.5],
            ["Commitment", "R", "+-", "E", "+-", "S", "+-"],
            ["2. Strengthen", 0.5, -1.42, 0, -1.77, 0, -1.92],
            ["7. Promoting", 1.17, -0.16, 1, -0.47, 1, -0.53],
        ],
        tmp_path / "first-theme.xlsx",
    )
    items, _ = items_of(path)
    assert sorted(items) == ["VIII-2", "VIII-7"]
    assert {item.theme for item in items.values()} == {1}


def test_a_numbered_summit_title_still_starts_its_block(tmp_path):
    path = sheets.save(
        [
            ["VIII Summit (Lima, 2018)"],
            ["Theme 1: Democratic Governance"],
            ["Commitment", "R", "E", "S"],
            [1, 2, 2, 2],
            ["7. IX Summit (Los Angeles, 2022)"],
            ["Plan A: Democratic Governance"],
            ["Commitment", "R", "E", "S"],
            [12, 3, 3, 3],
        ],
        tmp_path / "numbered.xlsx",
    )
    items, _ = items_of(path)
    assert sorted(items) == ["IX-A-12", "VIII-1"]


def test_a_theme_title_above_ids_holds_when_no_summit_title_came_first(tmp_path):
    path = tmp_path / "themes.csv"
    path.write_text(
        "Theme 1: Strengthening Democratic Governance\nId,R,E,S\nVIII-1,2,2,2\nVIII-2,1,1,1\n"
        "Theme 2: Transparency\nId,R,E,S\nVIII-14,3,3,3\n",
        encoding="utf-8",
    )
    items, _ = items_of(path)
    assert {i: item.theme for i, item in items.items()} == {"VIII-1": 1, "VIII-2": 1, "VIII-14": 2}


@pytest.mark.parametrize(
    "text",
    [
        "14. Integrate commitments emanating from the Summit of the Americas",
        "Observatorio Ciudadano de Corrupción — Cumbre de las Américas",
        "Source: CCO follow-up of the Summit of the Americas commitments",
    ],
)
def test_text_that_mentions_a_summit_is_not_an_unclear_summit_title(tmp_path, text):
    path = sheets.save(
        [
            ["IX Summit"],
            ["Plan A: Democratic Governance"],
            ["Commitment", "R", "E", "S"],
            [text],
            [15, 1, 1, 1],
        ],
        tmp_path / "mentions.xlsx",
    )
    result = read_sheet(path)
    assert not [p for p in result.problems if p.code == "CCO205"]
    assert "IX-A-15" in {i.id for i in result.sheet.items}


def test_a_notes_column_without_a_header_in_a_csv_is_not_a_split_number(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text(
        "Summit,Theme,Commitment,R,E,S\nVIII,1,1,2,2,2,checked by the team\nVIII,1,2,1,1,1,\n",
        encoding="utf-8",
    )
    items, _ = items_of(path)
    assert sorted(items) == ["VIII-1", "VIII-2"]


def test_a_comment_column_per_criterion_is_only_a_warning(tmp_path):
    path = sheets.save(
        [
            ["Id", "Theme", "Relevance", "Effectiveness", "Sustainability", "Relevance (comment)"],
            ["VIII-2", 1, 1, 2, 2, "good"],
        ],
        tmp_path / "comments.xlsx",
    )
    items, warnings = items_of(path)
    assert items["VIII-2"].relevance == 1
    assert [(w.code, w.column) for w in warnings] == [("CCO107", "F")]


def test_an_organization_named_general_is_a_rater(tmp_path):
    path = sheets.save(
        [
            ["Summit", "Theme", "Commitment", "Organization", "R", "E", "S"],
            ["VIII", 1, 3, "General", 1, 1, 1],
            ["VIII", 1, 3, "Sylvania Watch", 3, 3, 3],
        ],
        tmp_path / "general.xlsx",
    )
    items, _ = items_of(path)
    assert items["VIII-3"].raters["relevance"].n == 2


def test_a_footnote_under_the_table_is_not_an_item(tmp_path):
    path = tmp_path / "footnote.csv"
    path.write_text(
        "Summit,Theme,Commitment,R,E,S\nVIII,1,1,2,2,2\nVIII,1,2,1,1,1\n"
        "Source: CCO follow-up of the Summit of the Americas commitments\n",
        encoding="utf-8",
    )
    items, _ = items_of(path)
    assert sorted(items) == ["VIII-1", "VIII-2"]


def test_an_item_column_counting_rows_gives_way_to_the_commitment_column(tmp_path):
    path = sheets.save(
        [
            ["VIII Summit"],
            ["Tema 3: Financiamiento"],
            ["Item", "Compromiso", "R", "E", "S"],
            [1, "25. Encouraging adoption", 2.81, 1.06, 0],
            [2, "26. Other", 1, 1, 1],
        ],
        tmp_path / "item.xlsx",
    )
    items, warnings = items_of(path)
    assert sorted(items) == ["VIII-25", "VIII-26"] and warnings == []
    assert items["VIII-25"].relevance == pytest.approx(2.81)


def test_scores_formatted_as_percentages_are_refused(tmp_path):
    """0.9433 shown as 94% would be scored 2.94 / 3 = 33 times too small."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Id", "R", "E", "S"])
    sheet.append(["IX-B-9", 1.0, 1.0, 0.9433])
    sheet.append(["IX-C-3", 3, 3, 3])
    for cell in ("B2", "C2", "D2"):
        sheet[cell].number_format = "0%"
    sheet["G5"] = 0.5
    sheet["G5"].number_format = "0.0%"  # a percentage outside the scores is no concern
    path = tmp_path / "percent.xlsx"
    book.save(path)
    result = read_sheet(path)
    assert [(p.code, p.row, p.column) for p in result.errors] == [
        ("CCO201", 2, "B"),
        ("CCO201", 2, "C"),
        ("CCO201", 2, "D"),
    ]
    assert "'0.9433' is shown as a percentage (94%)" in result.errors[2].message


def test_a_custom_percentage_format_is_recognised(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Id", "R", "E", "S"])
    sheet.append(["IX-C-3", 0.5, 3, 3])
    sheet["B2"].number_format = '0.0" pts"%'
    sheet.append(["IX-C-4", 2.5, 3, 3])
    sheet["B3"].number_format = '0.00" %"'  # a quoted percent sign only decorates
    path = tmp_path / "custom.xlsx"
    book.save(path)
    assert [(p.code, p.row) for p in read_sheet(path).errors] == [("CCO201", 2)]


def test_a_total_row_shown_as_percentages_is_only_a_summary(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Commitment", "R", "E", "S"])
    sheet.append(["VIII Summit"])
    sheet.append(["Theme 1: Democratic Governance"])
    sheet.append([2, 0.5, 0, 0])
    sheet.append(["Average", 0.17, 0, 0])
    for cell in ("B5", "C5", "D5"):
        sheet[cell].number_format = "0%"
    path = tmp_path / "total.xlsx"
    book.save(path)
    items, warnings = items_of(path)
    assert list(items) == ["VIII-2"]
    assert [(w.code, w.row) for w in warnings] == [("CCO209", 5)]


def test_a_column_of_percentages_is_reported_once(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Id", "R", "E", "S"])
    for number in range(1, 41):
        sheet.append([f"IX-C-{number}", 0.5, 3, 3])
        sheet[f"B{number + 1}"].number_format = "0%"
    path = tmp_path / "column.xlsx"
    book.save(path)
    assert [(p.code, p.row, p.column) for p in read_sheet(path).errors] == [("CCO201", 2, "B")]


def test_a_bare_number_after_an_id_does_not_take_that_ids_summit(tmp_path):
    """'IX-A-12A' then '13': IX-A-13 or the Lima Commitment's 13? The sheet does not say."""
    path = tmp_path / "freedonia.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Compromiso", "Relevancia", "Eficacia", "Sostenibilidad"])
        writer.writerows([["IX-A-12A", 1, 2, 3], ["Compromiso 13", 1, 1, 1], ["14", 2, 2, 2]])
    result = read_sheet(path)
    assert [(p.code, p.row) for p in result.errors] == [("CCO205", 3), ("CCO205", 4)]
    # Under a summit title, or with ids, the same numbers are read as they always were.
    titled = tmp_path / "sylvania.csv"
    with titled.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Compromiso", "Relevancia", "Eficacia", "Sostenibilidad"])
        writer.writerow(["IX-A-12A", 1, 2, 3])
        writer.writerows([["VIII Summit", "", "", ""], ["Tema 2", "", "", ""], ["13", 1, 1, 1]])
    read = read_sheet(titled)
    assert read.errors == []
    assert [item.id for item in read.sheet.items] == ["IX-A-12A", "VIII-13"]
