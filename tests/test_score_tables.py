"""score_country's three tables: a small sheet worked out by hand, and random sheets checked bit
for bit against a plain pandas implementation (group-bys, rank, sort) of the same rules."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from cco.core.models import CRITERIA, SUMMITS, CountrySheet, Item
from cco.scoring.score import (
    AVERAGE_COLUMNS,
    DELTA,
    METRICS,
    PHASE1,
    TIE_DECIMALS,
    Bands,
    ScoreSettings,
    add_ranks,
    metric_column,
    score_country,
)


def item(
    item_id: str,
    theme: int,
    scores: tuple[float | None, ...],
    deltas: tuple[float | None, ...] = (None, None, None),
    plan: str | None = None,
    name: str | None = None,
) -> Item:
    summit, _, number = item_id.partition("-")
    return Item(
        id=item_id,
        summit=summit,
        theme=theme,
        plan=plan,
        commitment=int(number.rsplit("-", 1)[-1]),
        theme_name=name,
        relevance=scores[0],
        effectiveness=scores[1],
        sustainability=scores[2],
        delta_relevance=deltas[0],
        delta_effectiveness=deltas[1],
        delta_sustainability=deltas[2],
    )


# Freedonia's five items, in sheet order (row positions 0-4).
FREEDONIA = [
    item("VIII-10", 2, (1.0, 1.0, 1.0), (0.5, 0.5, 0.5), name="Access to information"),
    item("VIII-1", 1, (3.0, 2.0, 1.0), (1.0, 0.0, -1.0), name="Democratic governance"),
    item("IX-B-1", 2, (None, None, None), plan="B"),
    item("VIII-2", 1, (2.0, None, 1.0)),
    item("IX-A-1", 1, (3.0, 3.0, 3.0), plan="A", name="Plan A"),
]


@pytest.fixture
def card():
    return score_country(CountrySheet(country="Freedonia", file="f.xlsx", items=FREEDONIA))


def test_items_by_hand(card):
    items = card.items
    # VIII by rank (2.0, 1.5, 1.0), then IX: the rated item, the unrated one last
    assert items["id"].tolist() == ["VIII-1", "VIII-2", "VIII-10", "IX-A-1", "IX-B-1"]
    assert items.index.tolist() == [1, 3, 0, 4, 2]  # sheet positions
    assert items["average"].tolist()[:4] == [2.0, 1.5, 1.0, 3.0]
    assert pd.isna(items["average"].iloc[4])
    assert items["rank"].tolist()[:4] == [1, 2, 3, 1] and items["rank"].iloc[4] is pd.NA
    assert items["band_average"].tolist()[:4] == ["medium", "medium", "low", "high"]
    # Phase 1 = score - change; only items with all three changes have a Phase 1 average
    assert items["phase1_relevance"].tolist()[:1] == [2.0]
    assert items["phase1_average"].tolist()[:3:2] == [2.0, 0.5]
    assert items["delta_average"].tolist()[:3:2] == [0.0, 0.5]
    assert items["phase1_average"].isna().tolist() == [False, True, False, True, True]


def test_themes_by_hand(card):
    themes = card.themes
    assert list(zip(themes["summit"], themes["theme"], strict=True)) == [
        ("VIII", 1),
        ("VIII", 2),
        ("IX", 1),
        ("IX", 2),
    ]
    viii_1 = themes.iloc[0]
    assert viii_1["items"] == ["VIII-1", "VIII-2"]
    # R (3 + 2) / 2, E 2 (VIII-2 has none), S (1 + 1) / 2; their mean 5.5 / 3
    assert [viii_1[c] for c in CRITERIA] == [2.5, 2.0, 1.0]
    assert viii_1["average"] == pytest.approx(5.5 / 3)
    # Phase 1 and the change over VIII-1 alone, the theme's one item with a baseline
    assert viii_1["phase1_n"] == 1 and viii_1["phase1_average"] == 2.0
    assert [viii_1[DELTA[c]] for c in CRITERIA] == [1.0, 0.0, -1.0]
    assert themes["rank"].tolist()[:3] == [1, 2, 1] and themes["rank"].iloc[3] is pd.NA
    assert themes["name"].tolist()[:3] == [
        "Democratic governance",
        "Access to information",
        "Plan A",
    ]
    assert themes["plan"].tolist()[2:] == ["A", "B"]
    assert themes["phase1_n"].tolist() == [1, 1, 0, 0]


def test_summits_by_hand(card):
    summits = card.summits
    assert summits["summit"].tolist() == ["VIII", "IX"]
    assert summits.index.tolist() == [1, 0]  # a group-by's sorted order put IX first
    viii = summits.iloc[0]
    # every VIII item once: R (3 + 2 + 1) / 3, E (2 + 1) / 2, S 1
    assert [viii[c] for c in CRITERIA] == [2.0, 1.5, 1.0]
    assert viii["average"] == 1.5 and viii["n_items"] == 3
    # Phase 1 over VIII-1 and VIII-10: (2 + 0.5) / 2 per criterion; now (3 + 1) / 2, 1.5, 1
    assert [viii[PHASE1[c]] for c in CRITERIA] == [1.25, 1.25, 1.25]
    assert viii["delta_average"] == pytest.approx(0.25) and viii["phase1_n"] == 2
    assert summits["band_average"].tolist() == ["medium", "high"]


def test_dtypes_and_column_order(card):
    assert str(card.items["rank"].dtype) == "Int64"
    assert card.items["theme"].dtype == "int64" and card.items["commitment"].dtype == object
    assert card.themes["items"].dtype == object and card.themes["n_items"].dtype == "int64"
    # with a baseline, each Phase 1 column is followed by its change
    assert card.summits.columns.tolist()[7:16] == [
        *(name for column in AVERAGE_COLUMNS for name in (PHASE1[column], DELTA[column])),
        "phase1_n",
    ]
    without = score_country(CountrySheet(country="Sylvania", file="s.xlsx", items=FREEDONIA[2:]))
    assert without.summits.columns.tolist()[7:16] == [
        *PHASE1.values(),
        *DELTA.values(),
        "phase1_n",
    ]
    assert without.summits["phase1_n"].tolist() == [0, 0]


def test_an_empty_sheet_gives_empty_tables():
    card = score_country(CountrySheet(country="Genovia", file="g.xlsx", items=[]))
    assert card.items.empty and card.themes.empty and card.summits.empty
    assert "rank" in card.items and "band_average" in card.summits


def test_add_ranks_leaves_rows_without_a_group_unranked():
    frame = pd.DataFrame({"summit": ["VIII", None, "VIII"], "average": [1.0, 3.0, 2.0]})
    assert add_ranks(frame, "average")["rank"].tolist() == [2, pd.NA, 1]


# The reference: the same rules written with pandas' group-bys, as score_country once was.


def reference_tables(sheet: CountrySheet, settings: ScoreSettings):
    rows = []
    for it in sheet.items:
        row = {name: getattr(it, name) for name in ("id", "summit", "theme", "commitment")}
        for c in CRITERIA:
            row[c] = getattr(it, c)
            row[DELTA[c]] = getattr(it, DELTA[c])
        rows.append(row)
    numbers = (*CRITERIA, *(DELTA[c] for c in CRITERIA))
    scored = pd.DataFrame(rows).astype(dict.fromkeys(numbers, "float64"))
    scored["average"] = scored[list(CRITERIA)].mean(axis=1)
    for c in CRITERIA:
        scored[PHASE1[c]] = scored[c] - scored[DELTA[c]]
    based = scored[[DELTA[c] for c in CRITERIA]].notna().all(axis=1)
    phase1 = scored[[PHASE1[c] for c in CRITERIA]].mean(axis=1)
    scored["phase1_average"] = phase1.where(based)
    scored["delta_average"] = (scored["average"] - phase1).where(based)

    def groups(keys):
        grouped = scored.groupby(keys, sort=True)
        result = grouped[list(CRITERIA)].mean()
        result["average"] = result[list(CRITERIA)].mean(axis=1)
        result["n_items"] = grouped.size()
        base = scored[scored["phase1_average"].notna()].groupby(keys, sort=True)
        now = base[list(CRITERIA)].mean()
        before = base[[PHASE1[c] for c in CRITERIA]].mean()
        before.columns = list(CRITERIA)
        now["average"] = now.mean(axis=1)
        before["average"] = before.mean(axis=1)
        for column in AVERAGE_COLUMNS:
            result[PHASE1[column]] = before[column]
            result[DELTA[column]] = now[column] - before[column]
        return result.reset_index()

    def ranked(frame):
        column = metric_column(settings.by)
        ranks = frame[column].round(TIE_DECIMALS).groupby(frame["summit"])
        frame["rank"] = ranks.rank(method="min", ascending=False).astype("Int64")
        frame["_summit"] = frame["summit"].map({s: i for i, s in enumerate(SUMMITS)})
        frame["_rank"] = frame["rank"].astype("float64").fillna(1e9)
        keys = ["_summit", "_rank", "theme", "commitment"]
        frame = frame.sort_values(keys[: len(keys) - ("commitment" not in frame)], kind="stable")
        return frame.drop(columns=["_summit", "_rank"])

    items = ranked(scored)
    themes = ranked(groups(["summit", "theme"]))
    summits = groups(["summit"])
    summits = summits.iloc[summits["summit"].map({s: i for i, s in enumerate(SUMMITS)}).argsort()]
    for frame in (items, themes, summits):
        for column in AVERAGE_COLUMNS:
            frame[f"band_{column}"] = [settings.bands.name(v) for v in frame[column]]
    return items, themes, summits


def random_sheet(rng: random.Random, number: int) -> CountrySheet:
    summits = rng.choice([("VIII",), ("IX",), ("VIII", "IX"), ("IX", "VIII")])
    kinds = rng.sample(["missing", "two decimals", "any", "tie", "thirds"], rng.randint(1, 3))
    baseline = rng.choice(["none", "all", "some"])
    count = rng.choice([1, 3, 8, 12, 32])
    # some sheets list their items in group order (pandas then sums with numpy's reduceat)
    in_order = rng.random() < 0.4

    def score() -> float | None:
        kind = rng.choice(kinds)
        if kind == "missing":
            return None
        if kind == "two decimals":
            return round(rng.uniform(0, 3), 2)
        if kind == "tie":
            return rng.choice([1.0, 2.0, 2.33])
        if kind == "thirds":
            return rng.choice([1, 2, 4, 5, 7, 8]) / 3
        return rng.uniform(0, 3)

    def change() -> float | None:
        wanted = baseline == "all" or (baseline == "some" and rng.random() < 0.5)
        return round(rng.uniform(-1, 1), 2) if wanted else None

    keys = [(rng.choice(summits), rng.randint(1, 5)) for _ in range(count)]
    if in_order:
        keys.sort()
    items = [
        item(
            f"{summit}-{index + 1}",
            theme,
            (score(), score(), score()),
            (change(), change(), change()),
            plan="ABCDE"[theme - 1] if summit == "IX" else None,
        )
        for index, (summit, theme) in enumerate(keys)
    ]
    return CountrySheet(country="Ruritania", file=f"r{number}.xlsx", items=items)


# pandas 3.1 sums a group-by mean with numpy's reduceat when a block's groups come in row order
# without NaN, and with a compensated sum otherwise; score_country follows both, bit for bit.
# Earlier releases (pyproject allows 2.2) always take the compensated sum: the reference then
# differs from score_country in the last bit of some means, and is compared to 1e-12.
_REDUCEAT = tuple(int(part) for part in pd.__version__.split(".")[:2]) >= (3, 1)


@pytest.mark.parametrize("number", range(40))
def test_tables_match_the_pandas_reference_bit_for_bit(number):
    rng = random.Random(number)
    sheet = random_sheet(rng, number)
    settings = ScoreSettings(
        scale_max=rng.choice([3.0, 4.0]),
        bands=rng.choice([Bands(), Bands(1.0, 2.0, 2.5)]),
        by=rng.choice(METRICS),
    )
    card = score_country(sheet, settings)
    expected = reference_tables(sheet, settings)
    for got, want in zip((card.items, card.themes, card.summits), expected, strict=True):
        got = got[[c for c in want.columns]]
        assert_frame_equal(
            got,
            want,
            check_exact=_REDUCEAT,
            rtol=1e-12,
            atol=1e-12,
            check_dtype=False,
            check_index_type=False,
        )
        assert got.index.tolist() == want.index.tolist()


def _plain(value):
    """A cell as a comparison keeps it: None for NaN, None and pd.NA."""
    return None if value is None or value is pd.NA or value != value else value


@pytest.mark.parametrize("number", range(12))
def test_a_cards_plain_columns_hold_its_frames_values(number):
    """`Scorecard.column` (read before any frame is made) gives what the frame's column holds."""
    rng = random.Random(1000 + number)
    sheet = random_sheet(rng, number)
    fresh = score_country(sheet)
    columns = {
        table: {name: fresh.column(table, name) for name in getattr(score_country(sheet), table)}
        for table in ("items", "themes", "summits")
    }
    for table, by_name in columns.items():
        frame = getattr(fresh, table)  # made now, after every column was read
        for name, values in by_name.items():
            want = frame[name].tolist()
            assert [type(v) for v in values if _plain(v) is not None] == [
                type(v) for v in want if _plain(v) is not None
            ], (table, name)
            assert [_plain(v) for v in values] == [_plain(v) for v in want], (table, name)


def test_a_card_is_still_a_dataclass_whose_tables_are_made_when_read():
    import copy
    import dataclasses
    import pickle

    sheet = random_sheet(random.Random(5), 5)
    card = score_country(sheet)
    ids = card.column("items", "id")  # read as plain columns: no frame made yet
    assert dataclasses.is_dataclass(card)
    renamed = dataclasses.replace(card, country="Sylvania")
    assert renamed.country == "Sylvania" and renamed.items["id"].tolist() == ids
    apart = copy.copy(card)
    apart.items = card.items.head(1)  # assignment works, and only on the copy
    assert len(card.items) == len(ids) and apart.column("items", "id") == ids[:1]
    again = pickle.loads(pickle.dumps(card))
    assert again.items["id"].tolist() == ids
    assert sorted(dataclasses.asdict(card)) == sorted(
        ["country", "file", "items", "themes", "summits", "settings", "agreement"]
    )


def _records_alike(found: list[dict], want: list[dict]) -> None:
    """Rows with the same columns, values and (where given) types; NaN, None and NA alike."""
    assert [list(row) for row in found] == [list(row) for row in want]
    for mine, theirs in zip(found, want, strict=True):
        for key, value in theirs.items():
            if _plain(value) is None:
                assert _plain(mine[key]) is None, key
            else:
                assert type(mine[key]) is type(value) and mine[key] == value, key


@pytest.mark.parametrize("number", range(12))
def test_a_cards_rows_read_before_any_frame_are_its_frames_records(number):
    """`Scorecard.rows` of the plain columns, of every summit or cut to some, gives the records
    of the frames, cut by pandas; and the frame of a cut card is the whole frame cut."""
    from cco.scoring.score import frame_records

    sheet = random_sheet(random.Random(2000 + number), number)
    for summits in (None, ["VIII"], ["IX"], ["IX", "VIII"], ["VIII", "VIII"]):
        plain = score_country(sheet)
        whole = score_country(sheet)
        if summits:
            plain = plain.only_summits(summits)
        for table in ("items", "themes", "summits"):
            frame = getattr(whole, table)
            if summits:
                frame = frame[frame["summit"].isin(summits)]
            _records_alike(plain.rows(table), frame_records(frame))
            assert plain.column(table, "summit") == frame["summit"].tolist()
            assert_frame_equal(getattr(plain, table), frame)  # the frame, made now


def test_a_card_cut_twice_keeps_the_summits_both_cuts_keep():
    cards = (score_country(random_sheet(random.Random(n), n)) for n in range(100))
    card = next(c for c in cards if set(c.column("items", "summit")) == {"VIII", "IX"})
    assert card.only_summits(["VIII"]).only_summits(["IX"]).rows("items") == []
    ids, summits = card.column("items", "id"), card.column("items", "summit")
    nine = [i for i, summit in zip(ids, summits, strict=True) if summit == "IX"]
    assert card.only_summits(["VIII", "IX"]).only_summits(["IX"]).column("items", "id") == nine


def test_extreme_positions_of_rows_are_a_summits_best_and_worst_with_ties():
    from cco.scoring.score import extreme_keys, extreme_positions

    nan = float("nan")
    rows = [
        {"summit": "VIII", "id": "a", "average": 2.0},
        {"summit": "IX", "id": "b", "average": 3.0},  # another summit: never counted
        {"summit": "VIII", "id": "c", "average": 1.0},
        {"summit": "VIII", "id": "d", "average": 2.0000000001},  # equal at nine decimals
        {"summit": "VIII", "id": "e", "average": nan},  # no value: neither best nor worst
        {"summit": "VIII", "id": "f", "average": None},
        {"summit": "VIII", "id": "g", "average": 1.00000001},  # not equal at nine decimals
    ]
    assert extreme_positions(rows, "average", "VIII") == ([0, 3], [2])
    assert extreme_keys(rows, "average", "id", "IX") == (["b"], ["b"])
    assert extreme_positions(rows[4:6], "average", "VIII") == ([], [])
    by_delta = [{"summit": "VIII", "delta_average": v} for v in (-0.5, 0.25, -0.5)]
    assert extreme_positions(by_delta, "delta", "VIII") == ([1], [0, 2])


@pytest.mark.parametrize("number", range(6))
def test_texts_in_a_language_are_put_alike_in_plain_columns_and_in_frames(number):
    """card_in_language on a card not yet made into frames, and on one that is (pandas)."""
    from cco.catalog.commitments import TextsInLanguage
    from cco.output.views import card_in_language

    sheet = random_sheet(random.Random(3000 + number), number)
    plain = score_country(sheet)
    framed = score_country(sheet)
    framed = framed.replaced(items=framed.items, themes=framed.themes, summits=framed.summits)
    ids = plain.column("items", "id")
    keys = list(zip(plain.column("themes", "summit"), plain.column("themes", "theme"), strict=True))
    texts = TextsInLanguage(
        "es",
        # An empty text is still a text; an empty name is none.
        items={ids[-1]: "", ids[0]: "Texto en español"},
        themes={keys[-1]: "", keys[0]: "Tema en español"},
    )
    for card in (plain, framed):
        assert card_in_language(card, texts) is not card
    mine, theirs = card_in_language(plain, texts), card_in_language(framed, texts)
    assert not isinstance(framed.table("items"), type(plain.table("items")))
    for table in ("items", "themes"):
        _records_alike(mine.rows(table), theirs.rows(table))
    assert mine.column("items", "text")[0] == "Texto en español"


@pytest.mark.parametrize("number", range(8))
def test_top_items_are_a_frames_first_rows_per_summit(number):
    """`top_items` on rows against pandas' group-by head on the frame, negative tops included."""
    from cco.output.export import top_items
    from cco.scoring.score import frame_records

    card = score_country(random_sheet(random.Random(4000 + number), number))
    for top in (-40, -3, -1, 0, 1, 2, 5, 40):
        want = frame_records(card.items.groupby("summit", sort=False).head(top))
        _records_alike(top_items(card.rows("items"), top), want)


def test_a_summit_named_alone_is_one_summit_not_its_letters():
    from cco.output.export import select

    cards = (score_country(random_sheet(random.Random(n), n)) for n in range(100))
    card = next(c for c in cards if set(c.column("items", "summit")) == {"VIII", "IX"})
    alone = select(card, "VIII")  # type: ignore[arg-type]
    assert set(alone.column("items", "summit")) == {"VIII"}
    assert alone.rows("items") == select(card, ["VIII"]).rows("items")
