"""Every layout ingest reads scores the Freedonia items to the same hand-computed numbers."""

from __future__ import annotations

import math

import pytest

from cco.io.ingest import read_sheet
from cco.scoring.score import score_country
from tests import sheets

# Hand-computed from tests/sheets.py FREEDONIA:
#   item average = (R + E + S) / 3; Phase 1 = value - change.
ITEM_AVERAGES = {
    "VIII-3": (2.5 + 2.0 + 1.5) / 3,  # 2.0
    "VIII-14": (1.0 + 0.5 + 0.0) / 3,  # 0.5
    "VIII-20": (3.0 + 2.5 + 2.0) / 3,  # 2.5
    "IX-A-3D": (2.0 + 1.5 + 1.0) / 3,  # 1.5
    "IX-A-3E": 1.0,
    "IX-A-4": 3.0,
    "IX-C-17": (2.75 + 2.25 + 0.5) / 3,  # 1.8333
}
PHASE1_AVERAGES = {
    "VIII-3": (2.0 + 2.25 + 1.5) / 3,  # 2.5-0.5, 2.0+0.25, 1.5-0
    "VIII-14": (2.0 + 0.0 + 0.5) / 3,  # 1.0+1.0, 0.5-0.5, 0.0+0.5
    "VIII-20": None,
}


def scored(path):
    result = read_sheet(path)
    assert result.errors == [], result.errors
    return score_country(result.sheet)


@pytest.fixture(params=sorted(sheets.LAYOUTS))
def layout_card(request, tmp_path):
    path = sheets.LAYOUTS[request.param](tmp_path / request.param)
    return scored(path)


def test_every_layout_reads_all_seven_items(layout_card):
    assert sorted(layout_card.items["id"]) == sorted(sheets.IDS)


def test_every_layout_gives_the_hand_computed_item_averages(layout_card):
    averages = dict(zip(layout_card.items["id"], layout_card.items["average"], strict=True))
    for item_id, expected in ITEM_AVERAGES.items():
        assert averages[item_id] == pytest.approx(expected, abs=1e-12), item_id


def test_every_layout_gives_the_hand_computed_phase1(layout_card):
    phase1 = dict(zip(layout_card.items["id"], layout_card.items["phase1_average"], strict=True))
    for item_id, expected in PHASE1_AVERAGES.items():
        if expected is None:
            assert math.isnan(phase1[item_id])
        else:
            assert phase1[item_id] == pytest.approx(expected, abs=1e-12)


def test_every_layout_gives_the_same_theme_and_summit_figures(layout_card):
    themes = layout_card.themes.set_index(["summit", "theme"])
    # VIII theme 2 = items 14 and 20: R (1+3)/2, E (0.5+2.5)/2, S (0+2)/2 -> average 1.5
    assert themes.loc[("VIII", 2), "average"] == pytest.approx(1.5)
    # its Phase 1 compares only item 14, the one with a baseline: 0.8333 against 0.5
    assert themes.loc[("VIII", 2), "phase1_average"] == pytest.approx(2.5 / 3)
    assert themes.loc[("VIII", 2), "delta_average"] == pytest.approx(0.5 - 2.5 / 3)
    assert themes.loc[("VIII", 2), "phase1_n"] == 1
    summits = layout_card.summits.set_index("summit")
    # VIII: R (2.5+1+3)/3, E (2+0.5+2.5)/3, S (1.5+0+2)/3 -> 15/9; not the 1.75 of theme means
    assert summits.loc["VIII", "average"] == pytest.approx(15 / 9)
    # Phase 1 over VIII-3 and VIII-14: R 2, E 1.125, S 1 -> 1.375; current over them 1.25
    assert summits.loc["VIII", "phase1_average"] == pytest.approx(1.375)
    assert summits.loc["VIII", "delta_average"] == pytest.approx(-0.125)
    # IX: R 8.75/4, E 7.75/4, S 5.5/4 -> (2.1875 + 1.9375 + 1.375) / 3
    assert summits.loc["IX", "average"] == pytest.approx(5.5 / 3)


def test_every_layout_keeps_ix_plans_and_subs(layout_card):
    items = layout_card.items.set_index("id")
    assert items.loc["IX-A-3D", "plan"] == "A"
    assert items.loc["IX-A-3D", "sub"] == "D"
    assert items.loc["IX-A-3D", "commitment"] == 3
    assert items.loc["IX-C-17", "theme"] == 3
    assert items.loc["VIII-14", "theme"] == 2


def test_annex_layout_reads_texts_and_theme_names(tmp_path):
    card = scored(sheets.annex_blocks(tmp_path / "annex.xlsx"))
    items = card.items.set_index("id")
    assert items.loc["VIII-14", "text"] == "Promover el gobierno abierto."
    assert items.loc["IX-A-3E", "text"] == "Observe elections."
    assert items.loc["IX-A-3E", "commitment_text"] == "Support free and fair elections:"
    themes = card.themes.set_index(["summit", "theme"])
    assert themes.loc[("VIII", 1), "name"] == "Gobernanza democrática"
    assert themes.loc[("IX", 3), "name"] == "Digital Transformation"


def test_rater_rows_give_means_counts_and_sample_sd(tmp_path):
    card = scored(sheets.rater_rows(tmp_path / "raters.xlsx"))
    items = card.items.set_index("id")
    for item_id, expected in ITEM_AVERAGES.items():
        assert items.loc[item_id, "average"] == pytest.approx(expected), item_id
    # VIII-3 R 2.5 comes from ratings 3, 3, 2, 2: sample sd = sqrt(4 * 0.25 / 3)
    assert items.loc["VIII-3", "raters_n_relevance"] == 4
    assert items.loc["VIII-3", "raters_sd_relevance"] == pytest.approx(math.sqrt(1 / 3))
    # IX-A-4 is rated 3 by everyone: no disagreement
    assert items.loc["IX-A-4", "raters_sd_effectiveness"] == 0


def test_rater_rows_without_merged_cells_inherit_the_item_above(tmp_path):
    card = scored(sheets.rater_rows(tmp_path / "raters.xlsx", merged=False))
    assert sorted(card.items["id"]) == sorted(sheets.IDS)


def test_blank_rating_is_not_rated_and_counts_are_per_criterion(tmp_path):
    path = sheets.save(
        [
            ["Id", "Theme", "Organization", "R", "E", "S"],
            ["VIII-7", 1, "Org Alfa", 3, 1, 0],
            ["VIII-7", 1, "Org Beta", 2, None, 0],
            ["VIII-7", 1, "Org Gamma", 1, 2, "-"],
            ["VIII-7", 1, "Org Delta", 0, 3, ""],
        ],
        tmp_path / "partial.xlsx",
    )
    result = read_sheet(path)
    item = result.sheet.items[0]
    # R: (3+2+1+0)/4 = 1.5; E: (1+2+3)/3 = 2.0 from 3 raters; S: 0 from 2 raters, sd 0
    assert item.relevance == pytest.approx(1.5)
    assert item.effectiveness == pytest.approx(2.0)
    assert item.raters["effectiveness"].n == 3
    assert item.raters["sustainability"].n == 2
    assert item.raters["sustainability"].sd == 0


def test_single_rater_has_no_sd(tmp_path):
    path = sheets.save(
        [["Id", "Eje", "Organization", "R", "E", "S"], ["VIII-7", 1, "Solo", 2, 2, 2]],
        tmp_path / "solo.xlsx",
    )
    item = read_sheet(path).sheet.items[0]
    assert item.raters["relevance"].n == 1
    assert item.raters["relevance"].sd is None


def test_baseline_file_gives_the_same_changes_as_inline_deltas(tmp_path):
    plain = sheets.rater_rows(tmp_path / "raters.xlsx")
    base = sheets.phase1_baseline(tmp_path / "phase1.xlsx")
    result = read_sheet(plain, baseline=base)
    assert result.errors == []
    card = score_country(result.sheet)
    phase1 = dict(zip(card.items["id"], card.items["phase1_average"], strict=True))
    assert phase1["VIII-3"] == pytest.approx(PHASE1_AVERAGES["VIII-3"])
    assert phase1["VIII-14"] == pytest.approx(PHASE1_AVERAGES["VIII-14"])
    assert math.isnan(phase1["VIII-20"])


def test_metadata_sheet_names_the_country(peru):
    result = read_sheet(peru)
    assert result.sheet.country == "Peru"
    assert result.sheet.year == 2024


def test_country_falls_back_to_the_file_name(tmp_path):
    path = sheets.tidy_english(tmp_path / "freedonia.xlsx")
    assert read_sheet(path).sheet.country == "freedonia"


def test_cp1252_csv_warns_that_its_encoding_was_guessed(tmp_path):
    path = sheets.semicolon_cp1252_csv(tmp_path / "f.csv")
    result = read_sheet(path)
    assert [p.code for p in result.warnings] == ["CCO109"]
    texts = {i.id: i.text for i in result.sheet.items}
    assert texts["VIII-3"] == "Fortalecer la integridad judicial."


def test_an_organization_rating_an_item_twice_is_warned(tmp_path):
    rows = [
        ["Id", "Theme", "Organization", "R", "E", "S"],
        ["VIII-2", 1, "Org A", 3, 3, 3],
        ["VIII-2", 1, "org a", 0, 0, 0],
        ["VIII-2", 1, "Org B", 3, 3, 3],
    ]
    result = read_sheet(sheets.save(rows, tmp_path / "twice.xlsx"))
    assert [(p.code, p.row) for p in result.problems] == [("CCO312", 3)]
    assert result.sheet.items[0].relevance == 2.0  # (3 + 0 + 3) / 3: both ratings count


def test_organizations_own_changes_are_averaged(tmp_path):
    # Org A: 3 now, +1 (Phase 1 was 2); Org B: 1 now, -1 (Phase 1 was 2). Both say Phase 1 = 2.
    rows = [
        ["Id", "Theme", "Organization", "R", "+-", "E", "S"],
        ["VIII-2", 1, "Org A", 3, 1, 2, 2],
        ["VIII-2", 1, "Org B", 1, -1, 2, 2],
    ]
    item = read_sheet(sheets.save(rows, tmp_path / "changes.xlsx")).sheet.items[0]
    assert item.relevance == 2.0
    assert item.delta_relevance == 0.0  # (1 + -1) / 2, so Phase 1 = 2 - 0 = 2


def test_reading_a_sheet_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    import gc

    from cco.core.models import CcoError

    assert gc.isenabled()
    read_sheet(sheets.rater_rows(tmp_path / "raters.xlsx"))
    assert gc.isenabled()
    broken = tmp_path / "broken.csv"
    broken.write_text("Summit;Theme;Commitment;R;E\nVIII;1;3;2;2\n", encoding="utf-8")
    with pytest.raises(CcoError):  # no S column: refused from inside the paused section
        read_sheet(broken)
    assert gc.isenabled()
    gc.disable()
    try:
        read_sheet(sheets.rater_rows(tmp_path / "again.xlsx"))
        assert not gc.isenabled()  # a caller that switched it off keeps it off
    finally:
        gc.enable()


def test_csv_numbers_as_text_score_and_a_header_holding_a_number_still_starts_a_block(tmp_path):
    # Every CSV cell is text; a row with a number under R is read as data without asking
    # whether it is a header, unless it names fields. The second header holds '2024' in the
    # column that was R above it: it must still be read as the header of a new block.
    path = tmp_path / "blocks.csv"
    path.write_text(
        "Summit,Theme,Commitment,Organization,R,E,S\n"
        "VIII,1,3,Alpha,2,3,1\n"
        "VIII,1,3,Beta, 3 ,n/a,2\n"
        "Summit,Theme,Organization,Commitment,2024,R,E,S\n"
        "VIII,1,Alpha,14,7,1,0,2\n"
        "VIII,1,Beta,14,7,3,2,2\n",
        encoding="utf-8",
    )
    result = read_sheet(path)
    assert result.errors == []
    items = {item.id: item for item in result.sheet.items}
    assert sorted(items) == ["VIII-14", "VIII-3"]
    # By hand: VIII-3 R (2 + 3) / 2, E 3 (Beta's 'n/a' is not a rating), S (1 + 2) / 2;
    # VIII-14 R (1 + 3) / 2, E (0 + 2) / 2, S (2 + 2) / 2.
    three, fourteen = items["VIII-3"], items["VIII-14"]
    assert (three.relevance, three.effectiveness, three.sustainability) == (2.5, 3.0, 1.5)
    assert (fourteen.relevance, fourteen.effectiveness, fourteen.sustainability) == (2.0, 1.0, 2.0)
    assert [r.organization for r in fourteen.ratings] == ["Alpha", "Beta"]
