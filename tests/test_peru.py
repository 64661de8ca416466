"""The shipped Peru 2024 sheet scores to figures worked out by hand from the published annex."""

from __future__ import annotations

import pytest


@pytest.fixture
def card(peru_card):
    """The Peru card scored once per session (conftest), read here only."""
    return peru_card


def test_peru_has_the_annex_32_items(card):
    counts = card.items.groupby("summit").size().to_dict()
    assert counts == {"VIII": 12, "IX": 20}


def test_viii_25_average_and_phase1(card):
    item = card.items.set_index("id").loc["VIII-25"]
    # annex: R 2.81 (+0.81), E 1.06 (-1.17), S 0.00 (-1.92)
    assert item["average"] == pytest.approx((2.81 + 1.06 + 0.00) / 3)  # 1.29
    assert round(item["average"], 2) == 1.29
    # Phase 1: 2.81-0.81 = 2.00, 1.06+1.17 = 2.23, 0.00+1.92 = 1.92 -> 6.15 / 3
    assert item["phase1_average"] == pytest.approx(6.15 / 3)
    assert round(item["phase1_average"], 2) == 2.05
    assert item["delta_average"] == pytest.approx((0.81 - 1.17 - 1.92) / 3)


def test_viii_theme_3_change_of_the_average(card):
    theme = card.themes.set_index(["summit", "theme"]).loc[("VIII", 3)]
    # theme 3 holds only VIII-25: change of the average = mean of its three changes
    assert theme["delta_average"] == pytest.approx((0.81 - 1.17 - 1.92) / 3)  # -0.76
    assert theme["phase1_n"] == 1


def test_viii_theme_1_means(card):
    theme = card.themes.set_index(["summit", "theme"]).loc[("VIII", 1)]
    # items 2, 7, 8, 11: R (0.50+1.17+1.17+1.43)/4, E (0+1+0.33+0)/4, S (0+1+0.83+0)/4
    r, e, s = 4.27 / 4, 1.33 / 4, 1.83 / 4
    assert theme["relevance"] == pytest.approx(r)
    assert theme["average"] == pytest.approx((r + e + s) / 3)
    assert theme["rank"] == 5  # the lowest of the five VIII themes


def test_ix_theme_ranked_first_is_plan_b(card):
    ix = card.themes[card.themes["summit"] == "IX"].set_index("theme")
    first = ix[ix["rank"] == 1]
    assert list(first.index) == [2]
    assert first.iloc[0]["plan"] == "B"
    # B holds one item, IX-B-9: (3.00 + 3.00 + 2.83) / 3
    assert first.iloc[0]["average"] == pytest.approx(8.83 / 3)
    # C is second: R (3+2.67+2.75+2.2)/4, E (3+2.33+1.25+1.4)/4, S (3+2.33+2.25+2.2)/4
    c = (10.62 / 4 + 7.98 / 4 + 9.78 / 4) / 3
    assert ix.loc[3, "average"] == pytest.approx(c)
    assert ix.loc[3, "rank"] == 2


def test_viii_summit_is_a_mean_over_items_not_themes(card):
    summit = card.summits.set_index("summit").loc["VIII"]
    relevance = [0.50, 1.17, 1.17, 1.43, 3.00, 0.86, 2.25, 2.33, 1.63, 2.33, 2.81, 1.20]
    assert summit["relevance"] == pytest.approx(sum(relevance) / 12)
    assert summit["n_items"] == 12
    assert summit["phase1_n"] == 12


def test_ix_best_and_worst_items(card):
    ix = card.items[card.items["summit"] == "IX"].set_index("id")
    assert ix.loc["IX-C-3", "rank"] == 1  # 3.00 on all three
    assert ix.loc["IX-A-23", "rank"] == 20  # 0.00 on all three
    assert ix.loc["IX-C-3", "band_average"] == "high"
    assert ix.loc["IX-A-23", "band_average"] == "low"


def test_ix_items_have_no_phase1(card):
    ix = card.items[card.items["summit"] == "IX"]
    assert ix["phase1_average"].isna().all()
