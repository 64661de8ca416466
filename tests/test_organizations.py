"""Organizations as the resampling unit, and how far they agree: the issue's hand cases.

Sheets here have one row per (organization, item) of the fictional countries Freedonia,
Sylvania and Genovia. Expected numbers are worked out by hand in the comments, or by a plainly
written second implementation in the test (a loop over resamples, the krippendorff package
called on the raw organizations x items matrix).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cco.cli.main import app
from cco.core.models import CRITERIA
from cco.io.ingest import read_sheet
from cco.scoring import intervals as intervals_module
from cco.scoring.agreement import organization_agreement
from cco.scoring.compare import compare_countries, summarize
from cco.scoring.intervals import (
    OrganizationRatings,
    bootstrap_intervals,
    organization_counts,
    sheet_rng,
    sheet_stream,
)
from cco.scoring.score import score_country

runner = CliRunner()
HEAD = ["Country", "Summit", "Theme", "Commitment", "Organization", "R", "E", "S"]

# (organization, theme, commitment, R, E, S): one row of a VIII Summit rater sheet.
Row = tuple[str, int, int, int | None, int | None, int | None]


def rater_sheet(path: Path, country: str, rows: list[Row], phase: str = "Phase 2") -> Path:
    """A VIII Summit sheet with one row per organization and item, its phase in a Metadata sheet."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Ratings"
    book.active.append(HEAD)
    for org, theme, commitment, r, e, s in rows:
        book.active.append([country, "VIII", theme, commitment, org, r, e, s])
    metadata = book.create_sheet("Metadata")
    metadata.append(["Phase", phase])
    book.save(path)
    return path


def scored(path: Path):
    """The sheet and its card, with the organizations' agreement measured as commands do."""
    result = read_sheet(path)
    assert not result.errors, result.errors
    card = score_country(result.sheet)
    card.agreement = organization_agreement(result.sheet, card)
    return result.sheet, card


def one(frame, **keys):
    mask = np.ones(len(frame), dtype=bool)
    for column, value in keys.items():
        mask &= (frame[column] == value).to_numpy()
    assert mask.sum() == 1, keys
    return frame[mask].iloc[0]


# ---- the hand cases -----------------------------------------------------------------------


def test_an_item_rated_0_0_0_and_3_3_3_has_the_interval_0_to_3(tmp_path):
    # One organization rates 0, 0, 0 and another 3, 3, 3. A resample draws the two
    # organizations with replacement once for all three criteria: the average is 0 (both
    # draws the first, 1/4), 1.5 (one of each, 1/2) or 3 (1/4). The 5th percentile is 0 and
    # the 95th is 3: [0, 3]. (Drawing each criterion on its own would give [0.5, 2.5].)
    path = rater_sheet(
        tmp_path / "s.xlsx", "Sylvania", [("Org A", 1, 3, 0, 0, 0), ("Org B", 1, 3, 3, 3, 3)]
    )
    sheet, card = scored(path)
    found = bootstrap_intervals(sheet, card)
    item = one(found.items, id="VIII-3")
    assert (item["average_low"], item["average_high"]) == (0.0, 3.0)
    draws = found.summit_draws["VIII"]
    assert set(np.unique(draws)) == {0.0, 1.5, 3.0}
    assert np.mean(draws == 1.5) == pytest.approx(0.5, abs=0.035)  # 3.5 standard errors


def test_an_organization_always_one_point_above_fixes_the_theme_order(tmp_path):
    # Each organization rates theme 1's item one point above theme 2's, on every criterion:
    # in any resample theme 1's average is theme 2's plus one, so theme 1 ranks 1st and theme 2
    # 2nd every time: rank intervals [1, 1] and [2, 2].
    rows: list[Row] = []
    for org, level in (("Org A", 3), ("Org B", 1), ("Org C", 2)):
        rows += [(org, 1, 3, level, level, level), (org, 2, 14, level - 1, level - 1, level - 1)]
    sheet, card = scored(rater_sheet(tmp_path / "f.xlsx", "Freedonia", rows))
    themes = bootstrap_intervals(sheet, card).themes
    first, second = one(themes, theme=1), one(themes, theme=2)
    assert (first["rank_low"], first["rank_high"]) == (1, 1)
    assert (second["rank_low"], second["rank_high"]) == (2, 2)
    # The scores themselves vary: theme 1's average lies in [1, 3], theme 2's in [0, 2].
    assert first["average_low"] < first["average_high"]


def test_a_country_of_0_15_3_and_a_sure_1_each_hold_their_rank_three_quarters(tmp_path):
    # Genovia averages 0, 1.5 or 3 (1/4, 1/2, 1/4); Sylvania always 1. Genovia holds rank 1
    # unless it draws 0 (1/4), and Sylvania holds rank 2 in exactly those resamples: 3/4 each.
    genovia = rater_sheet(
        tmp_path / "g.xlsx", "Genovia", [("Org A", 1, 3, 0, 0, 0), ("Org B", 1, 3, 3, 3, 3)]
    )
    sylvania = rater_sheet(
        tmp_path / "s.xlsx", "Sylvania", [("Org A", 1, 3, 1, 1, 1), ("Org B", 1, 3, 1, 1, 1)]
    )
    summaries = []
    for path in (genovia, sylvania):
        sheet, card = scored(path)
        draws = bootstrap_intervals(sheet, card, resamples=4000).summit_draws
        summaries.append(
            summarize(card, sheet.phase).__class__(
                **{**summarize(card, sheet.phase).__dict__, "summit_draws": draws}
            )
        )
    countries = compare_countries(summaries).countries.set_index("country")
    # 4,000 resamples: a standard error of sqrt(3/16 / 4000) = 0.0068; 0.03 is 4.4 of them.
    assert countries.loc["Genovia", "rank_probability"] == pytest.approx(0.75, abs=0.03)
    assert (
        countries.loc["Sylvania", "rank_probability"]
        == countries.loc["Genovia", "rank_probability"]
    )
    error = countries.loc["Genovia", "rank_probability_error"]
    p = countries.loc["Genovia", "rank_probability"]
    assert error == pytest.approx(math.sqrt(p * (1 - p) / 4000))


def test_one_organization_gives_no_interval_and_the_table_says_why(tmp_path):
    path = rater_sheet(
        tmp_path / "f.xlsx",
        "Freedonia",
        [("Org A", 1, 3, 2, 1, 3), ("Org A", 2, 14, 1, 1, 0), ("Org B", 2, 14, 3, 2, 2)],
    )
    sheet, card = scored(path)
    found = bootstrap_intervals(sheet, card)
    # VIII-3 and theme 1 rest on Org A alone; VIII-14, theme 2 and the summit on two.
    lone, pair = one(found.items, id="VIII-3"), one(found.items, id="VIII-14")
    assert (lone["organizations"], pair["organizations"]) == (1, 2)
    assert all(math.isnan(lone[f"{m}_{b}"]) for m in ("average", "rank") for b in ("low", "high"))
    assert not math.isnan(pair["average_low"])
    assert math.isnan(one(found.themes, theme=1)["average_low"])
    assert not math.isnan(one(found.summits, summit="VIII")["average_low"])
    result = runner.invoke(app, ["score", str(path), "--intervals", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    item = next(i for i in data["items"] if i["id"] == "VIII-3")
    assert item["interval"] is None and item["rank_interval"] is None
    assert data["intervals"]["seed"] == 2024 and data["intervals"]["resamples"] == 2000
    table = runner.invoke(app, ["score", str(path), "--intervals"])
    assert "1 org." in table.stdout
    assert "fewer than 2 organizations" in table.stdout


def test_phases_of_one_country_are_resampled_independently(tmp_path):
    rows: list[Row] = [(f"Org {k}", 1, 3, k % 4, (k + 1) % 4, (k * 2) % 4) for k in range(6)]
    draws = []
    for phase in ("Phase 1", "Phase 2"):
        sheet, card = scored(rater_sheet(tmp_path / f"{phase}.xlsx", "Freedonia", rows, phase))
        draws.append(bootstrap_intervals(sheet, card, resamples=200).summit_draws["VIII"])
    assert not np.array_equal(draws[0], draws[1])
    assert sheet_stream("Freedonia", "Phase 1") != sheet_stream("Freedonia", "Phase 2")


def test_the_seed_reproduces_and_changes_the_draws(tmp_path):
    rows: list[Row] = [(f"Org {k}", 1 + k % 2, 3, k % 4, 2, 1) for k in range(5)]
    path = rater_sheet(tmp_path / "f.xlsx", "Freedonia", rows)
    runs = [
        json.loads(
            runner.invoke(app, ["score", str(path), "--intervals", "-f", "json", *extra]).stdout
        )
        for extra in ([], ["--seed", "2024"], ["--seed", "5"])
    ]
    assert runs[0] == runs[1]
    assert runs[2]["intervals"]["seed"] == 5


# ---- the vectorized bootstrap is a plain loop over resamples ------------------------------


def plain_scores(rows: list[Row], counts: np.ndarray, organizations: list[str]):
    """Per resample: each item's average, each theme's average and the summit's, by loops.

    Each organization's rows are repeated as often as it is drawn; an item's criterion is the
    mean of the repeated ratings, its average the mean of its criteria; a theme's criterion is
    the mean over its items that have one, its average the mean of those; the summit likewise.
    """
    items = sorted({(t, c) for _, t, c, *_ in rows})
    themes = sorted({t for t, _ in items})
    item_draws = np.full((len(counts), len(items)), np.nan)
    theme_draws = np.full((len(counts), len(themes)), np.nan)
    summit_draws = np.full(len(counts), np.nan)
    for b, drawn in enumerate(counts):
        criteria: dict[tuple[int, int], list[float | None]] = {}
        for key in items:
            values: list[list[float]] = [[], [], []]
            for org, t, c, *ratings in rows:
                if (t, c) != key:
                    continue
                for _ in range(int(drawn[organizations.index(org)])):
                    for k, value in enumerate(ratings):
                        if value is not None:
                            values[k].append(value)
            criteria[key] = [sum(v) / len(v) if v else None for v in values]

        def mean(values):
            present = [v for v in values if v is not None]
            return sum(present) / len(present) if present else None

        for i, key in enumerate(items):
            average = mean(criteria[key])
            item_draws[b, i] = np.nan if average is None else average
        for j, theme in enumerate(themes):
            members = [criteria[key] for key in items if key[0] == theme]
            average = mean([mean([m[k] for m in members]) for k in range(3)])
            theme_draws[b, j] = np.nan if average is None else average
        every = list(criteria.values())
        average = mean([mean([m[k] for m in every]) for k in range(3)])
        summit_draws[b] = np.nan if average is None else average
    return items, themes, item_draws, theme_draws, summit_draws


def random_rows(seed: int) -> list[Row]:
    """Seven organizations, nine items in three themes, about a fifth of the ratings blank."""
    rng = np.random.default_rng(seed)
    rows: list[Row] = []
    for k in range(7):
        for commitment in range(1, 10):
            if rng.random() < 0.3:
                continue  # this organization did not rate this item
            values = [None if rng.random() < 0.2 else int(v) for v in rng.integers(0, 4, 3)]
            rows.append((f"Org {k}", 1 + (commitment - 1) // 3, commitment, *values))
    return rows


@pytest.mark.parametrize("dense", [True, False])
def test_the_vectorized_bootstrap_equals_a_plain_loop_on_the_same_draws(
    tmp_path, dense, monkeypatch
):
    if not dense:  # the path for many organizations that each rate few items
        monkeypatch.setattr(intervals_module, "_DENSE_BUDGET", 0)
        monkeypatch.setattr(intervals_module, "_CHUNK_BUDGET", 50)
    rows = random_rows(11)
    sheet, card = scored(rater_sheet(tmp_path / "f.xlsx", "Freedonia", rows))
    ratings = OrganizationRatings.of(sheet, list(card.items["id"]))
    display = [ratings.name(k) for k in range(len(ratings.keys))]  # the count matrix's columns
    assert sorted(display) == sorted({r[0] for r in rows})
    counts = organization_counts(len(display), 300, sheet_rng("test", 1))
    found = bootstrap_intervals(sheet, card, counts=counts, confidence=0.8)
    items, themes, item_draws, theme_draws, summit_draws = plain_scores(rows, counts, display)
    np.testing.assert_allclose(found.summit_draws["VIII"], summit_draws, rtol=0, atol=1e-12)
    levels = (0.1, 0.9)
    for (_, commitment), draws in zip(items, item_draws.T, strict=True):
        got = one(found.items, id=f"VIII-{commitment}")
        want = np.nanquantile(draws, levels, method="inverted_cdf")
        if got["organizations"] >= 2:
            np.testing.assert_allclose([got["average_low"], got["average_high"]], want, atol=1e-12)
    for theme, draws in zip(themes, theme_draws.T, strict=True):
        got = one(found.themes, theme=theme)
        want = np.nanquantile(draws, levels, method="inverted_cdf")
        np.testing.assert_allclose([got["average_low"], got["average_high"]], want, atol=1e-12)


# ---- agreement ----------------------------------------------------------------------------


def test_alpha_equals_the_krippendorff_package_on_a_sheet_with_blanks(tmp_path):
    import krippendorff

    rows = random_rows(5)
    _, card = scored(rater_sheet(tmp_path / "f.xlsx", "Freedonia", rows))
    orgs = sorted({r[0] for r in rows})
    for k, criterion in enumerate(CRITERIA):
        matrix = np.full((len(orgs), 9), np.nan)  # organizations x items, blank = NaN
        for org, _, commitment, *values in rows:
            if values[k] is not None:
                matrix[orgs.index(org), commitment - 1] = values[k]
        want = krippendorff.alpha(
            reliability_data=matrix, level_of_measurement="ordinal", value_domain=[0, 1, 2, 3]
        )
        found = card.agreement.criteria[criterion]
        assert found.alpha == pytest.approx(want, abs=1e-12)
        pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
        assert found.items == int(pairable.sum())
        assert found.organizations == int((~np.isnan(matrix[:, pairable])).any(axis=1).sum())


@pytest.mark.parametrize("entries_at_once", [400_000, 1])
def test_leniency_and_rank_shift_by_hand(tmp_path, monkeypatch, entries_at_once):
    # Organizations are left out a chunk at a time; one at a time must find the same shifts.
    from cco.scoring import agreement

    monkeypatch.setattr(agreement, "_LEAVE_OUT_ENTRIES", entries_at_once)
    # Item VIII-3 (theme 1): A 3, B 1, C 2 on relevance only. A's leniency is 3 - (1 + 2) / 2
    # = 1.5, B's 1 - (3 + 2) / 2 = -1.5, C's 2 - 2 = 0. Item VIII-14 (theme 2): B and C give 2.
    # Theme 1 averages 2 and theme 2 averages 2: tied at rank 1. Leaving A out drops theme 1 to
    # 1.5 (rank 2: a shift of 1); leaving B out lifts it to 2.5 (still rank 1); C changes
    # nothing to theme 1. Theme 2 (always 2) keeps rank 1 unless theme 1 rises above it:
    # leaving B out (theme 1 at 2.5) puts theme 2 2nd, a shift of 1; A or C moves nothing.
    # B rated two items, also VIII-14, where C gives the same 2: B's deviation there is 0, so
    # B's leniency is (-1.5 + 0) / 2 = -0.75; C's (0 + 0) / 2 = 0.
    rows: list[Row] = [
        ("Org A", 1, 3, 3, None, None),
        ("Org B", 1, 3, 1, None, None),
        ("Org C", 1, 3, 2, None, None),
        ("Org B", 2, 14, 2, None, None),
        ("Org C", 2, 14, 2, None, None),
    ]
    _, card = scored(rater_sheet(tmp_path / "f.xlsx", "Freedonia", rows))
    by_name = {o.organization: o for o in card.agreement.organizations}
    assert by_name["Org A"].leniency == pytest.approx(1.5)
    assert by_name["Org B"].leniency == pytest.approx(-0.75)
    assert by_name["Org C"].leniency == pytest.approx(0.0)
    assert [by_name[n].items for n in ("Org A", "Org B", "Org C")] == [1, 2, 2]
    themes = {t.theme: t for t in card.agreement.themes}
    assert (themes[1].largest_rank_shift, themes[1].organization) == (1, "Org A")
    assert (themes[2].largest_rank_shift, themes[2].organization) == (1, "Org B")


def test_agreement_is_null_on_a_sheet_of_means(peru):
    result = runner.invoke(app, ["score", str(peru), "-f", "json"])
    assert json.loads(result.stdout)["agreement"] is None


def test_compare_records_its_settings_and_takes_a_seed(tmp_path):
    genovia = rater_sheet(
        tmp_path / "g.xlsx", "Genovia", [("Org A", 1, 3, 0, 0, 0), ("Org B", 1, 3, 3, 3, 3)]
    )
    sylvania = rater_sheet(
        tmp_path / "s.xlsx", "Sylvania", [("Org A", 1, 3, 1, 1, 1), ("Org B", 1, 3, 1, 1, 1)]
    )
    command = ["compare", str(genovia), str(sylvania), "-f", "json", "--resamples", "300"]
    runs = [
        json.loads(runner.invoke(app, [*command, *extra]).stdout)
        for extra in (["--seed", "3"], ["--seed", "3"], ["--seed", "4", "--confidence", "0.5"])
    ]
    assert runs[0] == runs[1]
    assert runs[0]["intervals"] == {
        "method": "cluster bootstrap over organizations, percentile (inverted_cdf)",
        "resamples": 300,
        "confidence": 0.9,
        "seed": 3,
    }
    assert runs[2]["intervals"]["seed"] == 4
    # Genovia ranks 1st in the share p of resamples it holds its rank, else 2nd. Its 25th
    # percentile (inverted_cdf: the smallest rank whose share reaches 0.25) is 1 since p is
    # near 3/4; the 75th is 1 when p reaches 0.75, else 2.
    genovia_row = next(c for c in runs[2]["countries"] if c["country"] == "Genovia")
    share = genovia_row["rank_probability"]
    assert 0.6 < share < 0.9
    assert genovia_row["rank_interval"] == {"low": 1, "high": 1 if share >= 0.75 else 2}


def test_a_share_shows_its_monte_carlo_error_only_where_it_reaches_the_digit():
    from cco.output.compare_views import chance_text

    # 2,000 resamples at 3/4: sqrt(0.75 * 0.25 / 2000) = 0.0097, about one percentage point.
    assert chance_text(0.75, math.sqrt(0.75 * 0.25 / 2000)) == "75% ±1"
    # 200,000 resamples: 0.00097, a tenth of a point, below the printed digit.
    assert chance_text(0.75, math.sqrt(0.75 * 0.25 / 200_000)) == "75%"
    assert chance_text(1.0, 0.0) == "100%"
    assert chance_text(float("nan"), float("nan")) == "–"


def test_a_rating_far_past_the_scale_is_an_error_not_an_overflow(tmp_path):
    """1e300 squared overflows a float: the statistics give way, the rating is CCO201."""
    from openpyxl import Workbook

    from cco.pipeline.validate import validate_file

    book = Workbook()
    book.active.title = "Scores"
    book.active.append(["Summit", "Theme", "Commitment", "Organization", "R", "E", "S"])
    book.active.append(["VIII", 1, 2, "Org Alfa", 1e300, 1, 1])
    book.active.append(["VIII", 1, 2, "Org Beta", -1e300, 1, 1])
    book.active.append(["VIII", 1, 2, "Org Gamma", 2, 1, 1])
    path = tmp_path / "freedonia.xlsx"
    book.save(path)
    report = validate_file(path)
    assert [(p.code, p.row, p.column, p.params["value"]) for p in report.problems] == [
        ("CCO201", 2, "E", "1e+300"),
        ("CCO201", 3, "E", "-1e+300"),
    ]


def test_ratings_kept_as_columns_are_each_rows_rating(tmp_path):
    from cco.core.models import Rating, RatingColumns

    rows: list[Row] = [
        ("Alpha", 1, 2, 3, None, 1),
        (" Beta ", 1, 2, 0, 2, 2),
        ("", 1, 2, 1, 1, None),  # no name: an organization of its own, named by its place
        ("ALPHA", 1, 2, 2, 2, 2),  # Alpha again: the same organization
        ("Beta", 1, 3, 1, 3, 0),
    ]
    sheet, card = scored(rater_sheet(tmp_path / "f.xlsx", "Freedonia", rows))
    two, three = (next(i for i in sheet.items if i.id == f"VIII-{n}") for n in (2, 3))
    expected_two = [
        Rating("VIII-2", "Alpha", "alpha", 3.0, None, 1.0, "Ratings", 2),
        Rating("VIII-2", "Beta", "beta", 0.0, 2.0, 2.0, "Ratings", 3),
        Rating("VIII-2", None, "\x00Ratings!4", 1.0, 1.0, None, "Ratings", 4),
        Rating("VIII-2", "ALPHA", "alpha", 2.0, 2.0, 2.0, "Ratings", 5),
    ]
    assert isinstance(two.ratings, RatingColumns)
    assert list(two.ratings) == expected_two and two.ratings == expected_two
    assert [two.ratings[k] for k in range(len(two.ratings))] == expected_two
    assert two.ratings[1:3] == expected_two[1:3]
    assert list(three.ratings) == [Rating("VIII-3", "Beta", "beta", 1.0, 3.0, 0.0, "Ratings", 6)]
    assert RatingColumns.of(expected_two) == expected_two
    first = expected_two[:1]
    assert two.ratings + first == expected_two + first  # a list, as lists add
    assert first + two.ratings == first + expected_two
    import copy
    import pickle

    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(two.ratings, protocol)) == expected_two
    assert copy.deepcopy(two.ratings) == expected_two
    # The arrays the bootstrap and agreement read are the same from plain lists of ratings.
    ids = list(card.items["id"])
    from_columns = OrganizationRatings.of(sheet, ids)
    for item in sheet.items:
        item.ratings = list(item.ratings or ())
    from_lists = OrganizationRatings.of(sheet, ids)
    assert from_columns.keys == from_lists.keys == ["alpha", "beta", "\x00Ratings!4"]
    assert from_columns.first_rows == from_lists.first_rows
    assert from_columns.first_rows == [
        ("Alpha", "Ratings", 2),
        ("Beta", "Ratings", 3),
        (None, "Ratings", 4),
    ]
    for name in ("rating_organizations", "rating_cells", "rating_values", "entry_sums"):
        np.testing.assert_array_equal(getattr(from_columns, name), getattr(from_lists, name))


def test_organizations_named_in_other_scripts_are_told_apart(tmp_path):
    # Folded as headers are, 'Ελλάδα Α' and 'Ελλάδα Β' would both be 'delta', and '中国' and
    # '日本' both '' (no name): two organizations each time, where there are four.
    rows: list[Row] = [
        (name, 1, commitment, value, value, value)
        for commitment in (2, 3)
        for name, value in (("Ελλάδα Α", 3), ("Ελλάδα Β", 1), ("中国", 2), ("日本", 0))
    ]
    rows.append(("ΕΛΛΆΔΑ Α", 1, 2, 3, 3, 3))  # the first of them again, in capitals
    path = rater_sheet(tmp_path / "f.xlsx", "Freedonia", rows)
    _, card = scored(path)
    names = [o.organization for o in card.agreement.organizations]
    assert names == ["Ελλάδα Α", "Ελλάδα Β", "中国", "日本"]
    # Item VIII-2: A rated 3 twice, the others 1, 2, 0: A's leniency there is 3 - 1 = 2, on
    # VIII-3 too (3 against 1); B's is 1 - (3 + 2 + 0) / 3 = -2/3 on VIII-3, and on VIII-2
    # 1 - (3 + 3 + 2 + 0) / 4 = -1.
    lenient = {o.organization: o.leniency for o in card.agreement.organizations}
    assert lenient["Ελλάδα Α"] == pytest.approx(2.0)
    assert lenient["Ελλάδα Β"] == pytest.approx((-1 - 2 / 3) / 2)
    result = read_sheet(path)
    twice = [p for p in result.problems if p.code == "CCO312"]
    assert [(p.row, p.params["organization"]) for p in twice] == [(10, "ΕΛΛΆΔΑ Α")]


def test_leaving_organizations_out_a_chunk_at_a_time_finds_the_same_shifts(tmp_path, monkeypatch):
    from cco.scoring import agreement
    from tests.raters import ten_raters_32_items

    sheet = read_sheet(ten_raters_32_items(tmp_path / "f.xlsx")).sheet
    assert sheet is not None
    card = score_country(sheet)
    whole = organization_agreement(sheet, card)
    for entries in (1, 50, 97):
        monkeypatch.setattr(agreement, "_LEAVE_OUT_ENTRIES", entries)
        assert organization_agreement(sheet, card) == whole
    assert whole is not None and any(t.largest_rank_shift for t in whole.themes)


def test_the_agreement_of_a_card_cut_to_items_nobody_rated_is_empty_not_a_failure(tmp_path):
    """A notebook may measure a card cut to a summit the sheet's organizations did not rate."""
    from cco.output.export import select

    rows: list[Row] = [("Org A", 1, 3, 3, 2, 1), ("Org B", 1, 3, 1, 2, 2)]
    sheet, card = scored(rater_sheet(tmp_path / "f.xlsx", "Freedonia", rows))
    found = organization_agreement(sheet, select(card, ["IX"]))
    assert found is not None
    assert [c.alpha for c in found.criteria.values()] == [None, None, None]
    assert [(o.organization, o.items, o.leniency) for o in found.organizations] == [
        ("Org A", 0, None),
        ("Org B", 0, None),
    ]
    assert found.themes == []
