"""Ranks, ties, bands and percentages, on frames built by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from cco.scoring.score import Bands, add_ranks, extremes, to_percent


def frame(values, summits=None):
    return pd.DataFrame(
        {
            "id": [f"X{i}" for i in range(len(values))],
            "summit": summits or ["VIII"] * len(values),
            "average": values,
            "delta_average": values,
        }
    )


def test_ties_share_a_rank_and_the_next_rank_skips():
    ranked = add_ranks(frame([3.0, 2.0, 2.0, 1.0]), "average")
    assert list(ranked["rank"]) == [1, 2, 2, 4]


def test_values_equal_to_the_ninth_decimal_tie():
    # 5.5/3 computed two ways differs in the last bit
    a, b = (2.0 + 11 / 6 + 5 / 3) / 3, (2.75 + 2.25 + 0.5) / 3
    ranked = add_ranks(frame([a, b]), "average")
    assert list(ranked["rank"]) == [1, 1]


def test_ranks_are_within_each_summit():
    ranked = add_ranks(frame([1.0, 2.0, 0.5, 3.0], ["VIII", "VIII", "IX", "IX"]), "average")
    assert list(ranked["rank"]) == [2, 1, 2, 1]


def test_rows_without_the_metric_get_no_rank():
    ranked = add_ranks(frame([1.0, None, 2.0]), "delta")
    assert ranked["rank"].tolist()[0] == 2
    assert ranked["rank"].isna().tolist() == [False, True, False]


def test_best_and_worst_list_every_tied_row():
    best, worst = extremes(frame([2.5, 2.5, 1.0, 1.0, 2.0]), "average")
    assert list(best["id"]) == ["X0", "X1"]
    assert list(worst["id"]) == ["X2", "X3"]


def test_unknown_metric_is_refused():
    with pytest.raises(ValueError, match="unknown metric"):
        add_ranks(frame([1.0]), "speed")


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0.0, "low"),
        (1.49, "low"),
        (1.5, "medium"),
        (2.49, "medium"),
        (2.5, "medium-high"),
        (2.79, "medium-high"),
        (2.8, "high"),
        (3.0, "high"),
        (None, None),
    ],
)
def test_default_bands(score, band):
    assert Bands().name(score) == band


def test_bands_are_configurable():
    assert Bands(1.0, 2.0, 2.5).name(1.2) == "medium"


def test_percent_is_score_over_scale_max():
    assert to_percent(2.25) == pytest.approx(75.0)
    assert to_percent(4.0, scale_max=5.0) == pytest.approx(80.0)
    assert to_percent(None) is None
