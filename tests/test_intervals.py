"""Bootstrap intervals from rater rows, checked against values worked out by hand.

Sheets here have one row per organization (the fictional countries Freedonia and Sylvania).
Where a sheet's two organizations give the same ratings, every resample equals the sheet
itself, so the intervals collapse onto the Scorecard's own numbers: that checks the resampled
formulas against `cco.scoring.score` item by item, theme by theme and summit by summit, ranks
and ties included.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from cco.io.ingest import read_sheet
from cco.scoring.intervals import (
    DEFAULT_RESAMPLES,
    NoRaterRatings,
    bootstrap_intervals,
    check_settings,
    country_rank_certainty,
    distinct_codes,
    has_rater_ratings,
    interval_fields,
    min_ranks,
    rank_hold_probabilities,
    sheet_stream,
)
from cco.scoring.score import ScoreSettings, score_country
from tests.raters import each, rater_sheet, ten_raters_32_items


def scored(path: Path, baseline: Path | None = None, by: str = "average"):
    result = read_sheet(path, baseline=baseline)
    assert not result.errors, result.errors
    return result.sheet, score_country(result.sheet, ScoreSettings(by=by))


def row(frame: pd.DataFrame, **keys):
    mask = np.ones(len(frame), dtype=bool)
    for column, value in keys.items():
        mask &= (frame[column] == value).to_numpy()
    assert mask.sum() == 1, keys
    return frame[mask].iloc[0]


# ---- the hand-worked examples -------------------------------------------------------


def test_raters_who_all_agree_give_zero_width_intervals(tmp_path):
    # Five organizations give VIII-3 exactly 2, 1, 3 and VIII-14 exactly 1, 1, 0: every resample
    # draws the same ratings, so each score is fixed: VIII-3 averages (2 + 1 + 3) / 3 = 2,
    # VIII-14 (1 + 1 + 0) / 3 = 2/3; the summit's R = (2 + 1) / 2 = 1.5, E = 1, S = 1.5,
    # average 4/3.
    path = rater_sheet(
        tmp_path / "Freedonia.xlsx",
        [
            ("VIII", 1, 3, None, each([2] * 5, [1] * 5, [3] * 5)),
            ("VIII", 2, 14, None, each([1] * 5, [1] * 5, [0] * 5)),
        ],
    )
    sheet, card = scored(path)
    intervals = bootstrap_intervals(sheet, card)
    v3, v14 = row(intervals.items, id="VIII-3"), row(intervals.items, id="VIII-14")
    assert (v3["average_low"], v3["average_high"]) == (2.0, 2.0)
    assert v14["average_low"] == v14["average_high"] == pytest.approx(2 / 3)
    assert (v3["rank_low"], v3["rank_high"], v14["rank_low"], v14["rank_high"]) == (1, 1, 2, 2)
    summit = row(intervals.summits, summit="VIII")
    assert summit["relevance_low"] == summit["relevance_high"] == 1.5
    assert summit["average_low"] == summit["average_high"] == pytest.approx(4 / 3)


def test_two_raters_of_0_and_3_give_means_0_15_3_with_quarter_half_quarter(tmp_path):
    # Sylvania's one item is rated 0 and 3 by two organizations on relevance only. A resample
    # draws two of {0, 3} with replacement: (0,0) -> 0, (0,3) or (3,0) -> 1.5, (3,3) -> 3, with
    # probabilities 1/4, 1/2, 1/4. The 5th percentile is 0 (1/4 of the mass is at 0) and the
    # 95th is 3 (only 3/4 lies below 3), so the 90% interval is [0, 3]. The item's average is
    # its relevance (the other criteria are not rated), and so is the summit's.
    path = rater_sheet(tmp_path / "Sylvania.xlsx", [("VIII", 1, 3, None, each([0, 3], [], []))])
    sheet, card = scored(path)
    intervals = bootstrap_intervals(sheet, card)
    item = row(intervals.items, id="VIII-3")
    assert (item["relevance_low"], item["relevance_high"]) == (0.0, 3.0)
    assert (item["average_low"], item["average_high"]) == (0.0, 3.0)
    draws = intervals.summit_draws["VIII"]
    assert len(draws) == DEFAULT_RESAMPLES
    assert set(np.unique(draws)) == {0.0, 1.5, 3.0}
    # Shares of 2,000 draws: the standard error of a share near 1/4 is about 0.01.
    assert np.mean(draws == 0.0) == pytest.approx(0.25, abs=0.035)
    assert np.mean(draws == 1.5) == pytest.approx(0.50, abs=0.035)
    assert np.mean(draws == 3.0) == pytest.approx(0.25, abs=0.035)
    fields = interval_fields(intervals).item("VIII-3")
    assert fields["interval"] == {"low": 0.0, "high": 3.0}
    # Relevance alone was rated; the other criteria have no interval.
    assert fields["criteria_intervals"] == {
        "relevance": {"low": 0.0, "high": 3.0},
        "effectiveness": None,
        "sustainability": None,
    }


def test_item_average_interval_follows_the_mean_of_its_criteria(tmp_path):
    # Relevance is rated 0 and 3 (means 0, 1.5, 3 as above); effectiveness and sustainability
    # are 2 and 2 by both. The item's average is (R + 2 + 2) / 3: 4/3, 11/6 or 7/3 with
    # probabilities 1/4, 1/2, 1/4, so its 90% interval is [4/3, 7/3].
    path = rater_sheet(
        tmp_path / "Sylvania.xlsx", [("VIII", 1, 3, None, each([0, 3], [2, 2], [2, 2]))]
    )
    sheet, card = scored(path)
    item = row(bootstrap_intervals(sheet, card).items, id="VIII-3")
    assert item["average_low"] == pytest.approx(4 / 3)
    assert item["average_high"] == pytest.approx(7 / 3)
    assert item["effectiveness_low"] == item["effectiveness_high"] == 2.0


def test_two_items_far_apart_never_swap_ranks(tmp_path):
    # VIII-3's organizations rate 2 or 3 on every criterion, so any resample's average is at
    # least 2; VIII-14's rate 0 or 1, so at most 1. VIII-3 ranks 1st and VIII-14 2nd in every
    # resample, and so do their themes (each theme holds one of them).
    path = rater_sheet(
        tmp_path / "Freedonia.xlsx",
        [
            ("VIII", 1, 3, None, each([2, 3, 3, 2], [3, 2, 3, 3], [2, 2, 3, 3])),
            ("VIII", 2, 14, None, each([0, 1, 1, 0], [1, 0, 0, 1], [0, 1, 0, 0])),
        ],
    )
    sheet, card = scored(path)
    intervals = bootstrap_intervals(sheet, card)
    v3, v14 = row(intervals.items, id="VIII-3"), row(intervals.items, id="VIII-14")
    assert v3["average_low"] >= 2 and v14["average_high"] <= 1
    assert (v3["rank_low"], v3["rank_high"]) == (1, 1)
    assert (v14["rank_low"], v14["rank_high"]) == (2, 2)
    themes = intervals.themes
    assert (row(themes, theme=1)["rank_low"], row(themes, theme=1)["rank_high"]) == (1, 1)
    assert (row(themes, theme=2)["rank_low"], row(themes, theme=2)["rank_high"]) == (2, 2)


# ---- the resampled formulas are the scoring formulas ----------------------------------------

# Two organizations that agree on every rating: every resample equals the sheet.
# Ties on purpose: VIII-3 and VIII-20 both average 2; VIII-25 has no effectiveness rating and
# averages (2 + 2) / 2 = 2 too. Themes mix items, and IX spans plans A and C.
SINGLE_RATER = [
    ("VIII", 1, 3, None, each([3, 3], [2, 2], [1, 1])),
    ("VIII", 2, 14, None, each([1, 1], [0, 0], [0, 0])),
    ("VIII", 2, 20, None, each([3, 3], [2, 2], [1, 1])),
    ("VIII", 3, 25, None, each([2, 2], [None, None], [2, 2])),
    ("IX", "A", 3, "D", each([2, 2], [1, 1], [1, 1])),
    ("IX", "A", 4, None, each([3, 3], [3, 3], [3, 3])),
    ("IX", "C", 17, None, each([2, 2], [2, 2], [0, 0])),
]


def baseline_sheet(path: Path) -> Path:
    """Phase 1 scores of three VIII items (changes = current - these)."""
    book = Workbook()
    book.active.title = "Fase 1"
    for values in (["Id", "R", "E", "S"], ["VIII-3", 2, 2, 2], ["VIII-14", 1, 2, 0]):
        book.active.append(values)
    book.active.append(["VIII-20", 3, 3, 3])
    book.save(path)
    return path


@pytest.mark.parametrize("by", ["average", "relevance", "effectiveness", "sustainability", "delta"])
def test_with_two_agreeing_organizations_every_interval_is_the_scorecards_own_number(tmp_path, by):
    path = rater_sheet(tmp_path / "Freedonia.xlsx", SINGLE_RATER)
    sheet, card = scored(path, baseline_sheet(tmp_path / "phase1.xlsx"), by=by)
    intervals = bootstrap_intervals(sheet, card, resamples=40)
    for level, keys in (
        ("items", ["id"]),
        ("themes", ["summit", "theme"]),
        ("summits", ["summit"]),
    ):
        expected = getattr(card, level).set_index(keys)
        found = getattr(intervals, level).set_index(keys).loc[expected.index]
        for column in ("relevance", "effectiveness", "sustainability", "average"):
            want = expected[column].to_numpy(dtype=float)
            for bound in ("low", "high"):
                got = found[f"{column}_{bound}"].to_numpy(dtype=float)
                np.testing.assert_allclose(got, want, rtol=0, atol=1e-12, err_msg=level + column)
        if level != "summits":
            ranks = expected["rank"].astype("float64").to_numpy()
            np.testing.assert_array_equal(found["rank_low"].to_numpy(), ranks)
            np.testing.assert_array_equal(found["rank_high"].to_numpy(), ranks)


def test_ties_share_the_best_rank_as_in_scoring(tmp_path):
    # VIII-3, VIII-20 and VIII-25 all average 2 and share rank 1; VIII-14 (1/3) is 4th.
    path = rater_sheet(tmp_path / "Freedonia.xlsx", SINGLE_RATER)
    sheet, card = scored(path)
    items = bootstrap_intervals(sheet, card, resamples=10).items.set_index("id")
    assert items.loc[["VIII-3", "VIII-20", "VIII-25", "VIII-14"], "rank_low"].tolist() == [
        1,
        1,
        1,
        4,
    ]


def test_min_ranks_agrees_with_pandas_min_rank_descending():
    rng = np.random.default_rng(7)
    values = rng.integers(0, 7, size=(200, 9)) / 2.0  # many ties
    values[rng.random(values.shape) < 0.1] = np.nan
    ranks = min_ranks(values)
    for k in range(len(values)):
        expected = pd.Series(values[k]).rank(method="min", ascending=False).to_numpy()
        np.testing.assert_array_equal(ranks[k], expected)


def test_values_equal_to_nine_decimals_tie():
    assert min_ranks(np.array([[1 / 3 + 1e-13, 1 / 3, 0.2]])).tolist() == [[1.0, 1.0, 3.0]]


# ---- chance of holding a rank ---------------------------------------------------------------


def test_rank_hold_probabilities_by_hand():
    # Observed: A 3 (1st), B 2 (2nd). Resampled A: 3, 3, 1, 2; B always 2. A is 1st in the
    # first two, 2nd in the third, and tied with B in the fourth: a tie counts the same for
    # both, and neither holds its place alone there. A holds in 2 of 4, B in 2 of 4.
    draws = np.array([[3, 2], [3, 2], [1, 2], [2, 2]], dtype=float)
    assert rank_hold_probabilities([3, 2], draws).tolist() == [0.5, 0.5]
    # Observed tied (both 2): they hold while they tie again, the fourth resample only.
    assert rank_hold_probabilities([2, 2], draws).tolist() == [0.25, 0.25]


def test_country_rank_certainty_needs_draws_from_every_country_of_a_summit():
    countries = pd.DataFrame(
        {
            "label": ["Freedonia", "Sylvania", "Freedonia", "Sylvania"],
            "summit": ["VIII", "VIII", "IX", "IX"],
            "average": [2.0, 1.5, 2.0, 1.0],
        }
    )
    draws = {
        ("Freedonia", "VIII"): np.array([2.0, 2.0, 1.0, 2.0]),
        ("Sylvania", "VIII"): np.array([1.0, 1.5, 1.5, 1.5]),
        ("Freedonia", "IX"): np.array([2.0, 2.0, 2.0, 2.0]),
    }
    found = country_rank_certainty(countries, draws, confidence=0.5)
    # VIII: Freedonia is ahead in 3 of 4 resamples; Sylvania 2nd in the same 3.
    assert found["rank_probability"].iloc[:2].tolist() == [0.75, 0.75]
    # Freedonia's ranks 1, 1, 2, 1: the 25th and 75th percentiles (inverted_cdf: the smallest
    # rank whose share reaches the level) are 1 and 1; Sylvania's 2, 2, 1, 2 give 1 and 2.
    assert found[["rank_low", "rank_high"]].iloc[0].tolist() == [1.0, 1.0]
    assert found[["rank_low", "rank_high"]].iloc[1].tolist() == [1.0, 2.0]
    # sqrt(0.75 * 0.25 / 4): the Monte Carlo standard error of a share of 4 resamples.
    assert found["rank_probability_error"].iloc[0] == pytest.approx(math.sqrt(0.75 * 0.25 / 4))
    assert found.iloc[2:].isna().all().all()  # Sylvania has no IX draws: not assessed


# ---- sheets of means, settings, seeds, JSON fields ------------------------------------------


def test_a_sheet_of_means_has_no_rater_ratings_and_is_refused(peru):
    result = read_sheet(peru)
    assert not has_rater_ratings(result.sheet)
    with pytest.raises(NoRaterRatings, match="need rater rows"):
        bootstrap_intervals(result.sheet, score_country(result.sheet))
    fields = interval_fields(None)
    nothing = {"interval": None, "criteria_intervals": None}
    assert fields.item("VIII-2") == {**nothing, "rank_interval": None}
    assert fields.theme("VIII", 1) == {**nothing, "rank_interval": None}
    assert fields.summit("VIII") == nothing
    assert fields.settings is None


@pytest.mark.parametrize(("resamples", "confidence"), [(0, 0.9), (100, 0.0), (100, 1.0)])
def test_settings_that_give_no_interval_are_refused(resamples, confidence):
    with pytest.raises(ValueError):
        check_settings(resamples, confidence)


def test_the_same_sheet_always_gives_the_same_intervals(tmp_path):
    path = rater_sheet(
        tmp_path / "Freedonia.xlsx",
        [("VIII", 1, 3, None, each([0, 1, 2, 3], [1, 3, 2, 2], [0, 0, 3, 1]))],
    )
    sheet, card = scored(path)
    first, second = bootstrap_intervals(sheet, card), bootstrap_intervals(sheet, card)
    pd.testing.assert_frame_equal(first.items, second.items)
    assert first.seed == 2024 and first.stream == sheet_stream("FREEDONIA", None)
    other = bootstrap_intervals(sheet, card, seed=7)
    assert not other.items.equals(first.items)
    assert sheet_stream("Freedonia", "Phase 1") != sheet_stream("Freedonia", "Phase 2")


def test_json_fields_are_plain_numbers_with_whole_rank_bounds(tmp_path):
    path = rater_sheet(
        tmp_path / "Freedonia.xlsx",
        [
            ("VIII", 1, 3, None, each([2, 3, 3, 2], [3, 2, 3, 3], [2, 2, 3, 3])),
            ("VIII", 2, 14, None, each([0, 1, 1, 0], [1, 0, 0, 1], [0, 1, 0, 0])),
        ],
    )
    sheet, card = scored(path)
    fields = interval_fields(bootstrap_intervals(sheet, card, confidence=0.8, resamples=500))
    item = fields.item("VIII-14")
    assert item["rank_interval"] == {"low": 2, "high": 2}
    assert type(item["rank_interval"]["low"]) is int
    assert type(item["interval"]["low"]) is float
    assert fields.theme("VIII", 1)["rank_interval"] == {"low": 1, "high": 1}
    assert set(fields.summit("VIII")) == {"interval", "criteria_intervals"}
    # Four raters agreeing on 0/1 for VIII-14's effectiveness: 80% of resampled means lie
    # within [0.25, 0.75] at least, inside the ratings' own range [0, 1].
    effectiveness = item["criteria_intervals"]["effectiveness"]
    assert 0.0 <= effectiveness["low"] <= 0.5 <= effectiveness["high"] <= 1.0
    assert fields.settings == {
        "method": "cluster bootstrap over organizations, percentile (inverted_cdf)",
        "resamples": 500,
        "confidence": 0.8,
        "seed": 2024,
        "stream": "freedonia|",
        "organizations": 4,
        "rank_by": "average",
    }


def test_2000_resamples_of_32_items_and_ten_raters_take_well_under_a_second(tmp_path):
    sheet, card = scored(ten_raters_32_items(tmp_path / "Freedonia.xlsx"))
    started = time.perf_counter()
    intervals = bootstrap_intervals(sheet, card, resamples=2000)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{elapsed:.3f} s"
    assert intervals.rated_items == 32
    assert not math.isnan(row(intervals.summits, summit="IX")["average_low"])


@pytest.mark.parametrize("spread", [300, 5_000, 400_000])
def test_distinct_codes_are_numpys_unique(spread: int) -> None:
    """Both ways of telling codes apart (a table of every code, or sorting) give np.unique's."""
    rng = np.random.default_rng(spread)
    for count in (0, 1, 2, 17, 250, 3_000):
        codes = rng.integers(0, spread, count)
        distinct, inverse = distinct_codes(codes, spread)
        expected, expected_inverse = np.unique(codes, return_inverse=True)
        assert distinct.tolist() == expected.tolist()
        assert inverse.tolist() == expected_inverse.tolist()
        assert distinct[inverse].tolist() == codes.tolist()
