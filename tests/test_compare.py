"""`cco compare`: three fictional countries in different layouts, checked against hand figures.

The campaign of tests/campaign.py: Freedonia (tidy English .xlsx, the seven items of
tests/sheets.py), Sylvania (a CSV with a Country column; four items, one of them VIII-25 that
nobody else rates) and Genovia (a workbook with a Metadata sheet, phase 2, ids layout; VIII
only). Every expected number below is worked out by hand from the scores written there.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cco.cli.main import app
from cco.scoring.compare import (
    CountrySummary,
    compare_countries,
    entity_labels,
    phase_key,
    summary_key,
)
from tests import sheets
from tests.campaign import broken, freedonia, genovia, sylvania
from tests.conftest import load_json

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


# ---- fixtures --------------------------------------------------------------------------------


def compare_json(*args):
    result = run("compare", *args, "--format", "json")
    return result, load_json(result, "compare")


def by(records, **keys):
    found = [r for r in records if all(r[k] == v for k, v in keys.items())]
    assert len(found) == 1, (keys, found)
    return found[0]


# ---- the JSON contract, figure by figure -----------------------------------------------------


@pytest.fixture
def data(campaign):
    result, data = compare_json(*campaign())
    assert result.exit_code == 0, result.output
    return data


def test_country_ranking_per_summit(data):
    viii = [r for r in data["countries"] if r["summit"] == "VIII"]
    assert [(r["country"], r["rank"]) for r in viii] == [
        ("Genovia", 1),
        ("Sylvania", 1),
        ("Freedonia", 3),
    ]  # 2.0 and 2.0 tie: 1, 1, 3
    f = by(viii, country="Freedonia")
    # VIII-3 2.5/2/1.5, VIII-14 1/0.5/0, VIII-20 3/2.5/2
    assert f["relevance"] == pytest.approx((2.5 + 1 + 3) / 3)
    assert f["effectiveness"] == pytest.approx((2 + 0.5 + 2.5) / 3)
    assert f["sustainability"] == pytest.approx((1.5 + 0 + 2) / 3)
    assert f["average"] == pytest.approx(15 / 9)
    assert f["items"] == 3
    # Phase 1 over VIII-3 and VIII-14 only: 2/2.25/1.5 and 2/0/0.5
    assert f["phase1"] == pytest.approx((2 + 2.25 + 1.5 + 2 + 0 + 0.5) / 6)
    assert f["delta"] == pytest.approx((2.5 + 1 + 2 + 0.5 + 1.5 + 0) / 6 - 8.25 / 6)
    assert f["phase1_items"] == 2
    assert f["file"].endswith("Freedonia.xlsx") and f["phase"] is None
    s = by(viii, country="Sylvania")
    assert s["average"] == pytest.approx((3 + 1 + 2) / 3)
    assert s["phase1"] is None and s["delta"] is None and s["phase1_items"] == 0
    g = by(viii, country="Genovia")
    assert g["average"] == pytest.approx(2.0) and g["items"] == 2 and g["phase"] == "2"


def test_ix_ranking_leaves_out_a_country_without_ix_items(data):
    ix = [r for r in data["countries"] if r["summit"] == "IX"]
    assert [(r["country"], r["rank"], r["items"]) for r in ix] == [
        ("Freedonia", 1, 4),
        ("Sylvania", 2, 1),
    ]
    # IX-A-3D 2/1.5/1, IX-A-3E 1/1/1, IX-A-4 3/3/3, IX-C-17 2.75/2.25/0.5
    assert ix[0]["average"] == pytest.approx((8.75 + 7.75 + 5.5) / 12)
    assert ix[1]["average"] == pytest.approx((1 + 2 + 0) / 3)


def test_theme_by_country_with_rank_in_the_theme(data):
    themes = data["themes"]
    expected = {
        # (summit, theme): {country: (average, rank)}
        ("VIII", 1): {"Sylvania": (3.0, 1), "Freedonia": (2.0, 2), "Genovia": (2.0, 2)},
        ("VIII", 2): {
            "Genovia": (2.0, 1),
            "Freedonia": ((1 + 3 + 0.5 + 2.5 + 0 + 2) / 6, 2),
            "Sylvania": (1.0, 3),
        },
        ("VIII", 3): {"Sylvania": (2.0, 1)},
        ("IX", 1): {"Freedonia": ((6 + 5.5 + 5) / 9, 1), "Sylvania": (1.0, 2)},
        ("IX", 3): {"Freedonia": ((2.75 + 2.25 + 0.5) / 3, 1)},
    }
    assert len(themes) == sum(len(v) for v in expected.values())
    for (summit, theme), countries in expected.items():
        for country, (average, rank) in countries.items():
            record = by(themes, summit=summit, theme=theme, country=country)
            assert record["average"] == pytest.approx(average), (summit, theme, country)
            assert record["rank"] == rank, (summit, theme, country)
    a = by(themes, summit="IX", theme=1, country="Sylvania")
    assert a["plan"] == "A" and a["items"] == 1
    assert by(themes, summit="VIII", theme=2, country="Sylvania")["name"] == (
        "Transparencia y acceso a la información"  # the first name a sheet gives
    )


def test_commitment_by_country_with_how_many_rated_it(data):
    commitments = data["commitments"]
    expected = {
        # id: ({country: average}, countries_rating)
        "VIII-3": ({"Freedonia": 2.0, "Sylvania": 3.0, "Genovia": 2.0}, 3),
        "VIII-14": ({"Freedonia": 0.5, "Genovia": 2.0}, 2),
        "VIII-20": ({"Freedonia": 2.5, "Sylvania": 1.0}, 2),
        "VIII-25": ({"Sylvania": 2.0}, 1),
        "IX-A-3D": ({"Freedonia": 1.5}, 1),
        "IX-A-3E": ({"Freedonia": 1.0}, 1),
        "IX-A-4": ({"Freedonia": 3.0, "Sylvania": 1.0}, 2),
        "IX-C-17": ({"Freedonia": 5.5 / 3}, 1),
    }
    assert len(commitments) == sum(len(v[0]) for v in expected.values())
    for item_id, (countries, rating) in expected.items():
        for country, average in countries.items():
            record = by(commitments, id=item_id, country=country)
            assert record["average"] == pytest.approx(average), (item_id, country)
            assert record["countries_rating"] == rating
    assert [r["id"] for r in commitments][:4] == ["VIII-3"] * 3 + ["VIII-14"]
    v3 = [r for r in commitments if r["id"] == "VIII-3"]
    assert [(r["country"], r["rank"]) for r in v3] == [
        ("Sylvania", 1),
        ("Freedonia", 2),
        ("Genovia", 2),
    ]
    v14 = by(commitments, id="VIII-14", country="Freedonia")
    assert v14["phase1"] == pytest.approx((2 + 0 + 0.5) / 3)
    assert v14["delta"] == pytest.approx((-1 + 0.5 - 0.5) / 3)


def test_coverage_notes_where_sets_differ(data):
    notes = {(n["summit"], n["theme"]): n for n in data["coverage"]}
    # VIII: Freedonia {3, 14, 20}, Sylvania {3, 20, 25}, Genovia {3, 14}; theme 1 is {3} for all
    assert set(notes) == {("VIII", None), ("VIII", 2), ("VIII", 3), ("IX", None), ("IX", 1),
                          ("IX", 3)}  # fmt: skip
    assert notes[("VIII", None)] == {
        "summit": "VIII",
        "theme": None,
        "countries": 3,
        "of": 3,
        "items_min": 2,
        "items_max": 3,
        "shared": 1,
        "total": 4,
        "rated_by_one": 1,
    }
    t3 = notes[("VIII", 3)]
    # theme 3 is {25}, rated by Sylvania alone: the range counts only the countries that rated it
    assert (t3["countries"], t3["of"], t3["items_min"], t3["items_max"]) == (1, 3, 1, 1)
    # IX: Genovia rated nothing; within plan A, Freedonia {3D, 3E, 4} and Sylvania {4}
    ix = notes[("IX", None)]
    assert (ix["countries"], ix["of"], ix["shared"], ix["total"], ix["rated_by_one"]) == (
        2,
        3,
        0,
        4,
        3,
    )
    a = notes[("IX", 1)]
    assert (a["countries"], a["of"], a["shared"], a["total"], a["rated_by_one"]) == (2, 2, 1, 3, 2)


def test_sheets_and_schema(data):
    assert data["schema"] == 1 and data["scale_max"] == 3.0
    assert [(s["country"], s["phase"], s["compared"]) for s in data["sheets"]] == [
        ("Freedonia", None, True),
        ("Sylvania", None, True),
        ("Genovia", "2", True),
    ]
    # The fictional sheets number items the catalog does not know, or under other themes:
    # warnings of the catalog check, which leave every sheet in the comparison.
    assert data["problems"]
    assert {(p["code"], p["severity"]) for p in data["problems"]} <= {
        ("CCO309", "warning"),
        ("CCO310", "warning"),
    }


def test_no_catalog_leaves_the_catalog_check_out(campaign):
    result, data = compare_json(*campaign(), "--no-catalog")
    assert result.exit_code == 0, result.output
    assert data["problems"] == []


def test_compare_fills_theme_names_from_the_catalog(tmp_path):
    """A sheet without theme names gets the catalog's, as `cco score` does."""
    peru = Path(__file__).resolve().parents[1] / "data" / "peru-2024.xlsx"
    bare = sheets.save(
        [
            ["Summit", "Theme", "Commitment", "Sub", "R", "E", "S"],
            ["VIII", 3, 25, None, 2.0, 1.0, 1.0],
            ["IX", 2, 9, None, 3.0, 3.0, 3.0],
        ],
        tmp_path / "ruritania.xlsx",
    )
    result, data = compare_json(peru, bare)
    assert result.exit_code == 0, result.output
    names = {(t["summit"], t["theme"]): t["name"] for t in data["themes"]}
    assert names[("VIII", 3)] == "Financing of Political Organizations and Electoral Campaigns"


def test_summit_option_keeps_one_summit(campaign):
    _, data = compare_json(*campaign(), "--summit", "IX")
    assert {r["summit"] for key in ("countries", "themes", "commitments") for r in data[key]} == {
        "IX"
    }


# ---- batches: folders, bad sheets, duplicates --------------------------------------------


def test_a_folder_is_searched_and_lock_and_hidden_files_skipped(tmp_path, campaign):
    campaign()
    (tmp_path / "~$Freedonia.xlsx").write_bytes(b"lock")
    (tmp_path / ".hidden.csv").write_text("x")
    (tmp_path / "notes.txt").write_text("not a sheet")
    result, data = compare_json(tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(s["country"] for s in data["sheets"]) == ["Freedonia", "Genovia", "Sylvania"]


def test_a_bad_sheet_is_reported_and_the_others_compared(tmp_path, campaign):
    bad = broken(tmp_path)
    text = tmp_path / "fake.xlsx"
    text.write_text("Commitment,R,E,S\n")
    result, data = compare_json(*campaign(), bad, text, "--no-catalog")
    assert result.exit_code == 1
    assert "elbonia.xlsx, sheet 'Scores', row 2, column E (E): error: 4.5 is outside" in (
        result.stderr
    )
    assert "fake.xlsx" in result.stderr and "CCO102" in result.stderr
    assert "compared 3 of 5 sheets; left out: elbonia.xlsx, fake.xlsx" in result.stderr
    assert {r["country"] for r in data["countries"]} == {"Freedonia", "Sylvania", "Genovia"}
    assert [s["compared"] for s in data["sheets"]] == [True, True, True, False, False]
    assert {p["code"] for p in data["problems"]} == {"CCO201", "CCO102"}
    # the bad sheet changes nothing: Freedonia's VIII average is still 15/9
    assert by(data["countries"], country="Freedonia", summit="VIII")["average"] == pytest.approx(
        15 / 9
    )


def test_a_missing_file_is_reported_in_the_batch(tmp_path, campaign):
    result, data = compare_json(*campaign(), tmp_path / "nowhere.xlsx")
    assert result.exit_code == 2  # a path that does not exist: the run did not do all it was asked
    assert "nowhere.xlsx: error: file not found [CCO101]" in result.stderr
    assert len(data["sheets"]) == 4


def test_two_sheets_of_one_country_and_phase_are_both_left_out(tmp_path, campaign):
    files = campaign()
    again = genovia(tmp_path, phase="Phase 2", name="genovia-copy.xlsx")
    result, data = compare_json(*files, again)
    assert result.exit_code == 1
    assert "genovia-copy.xlsx: error: Genovia (Phase 2) is given twice: by " in result.stderr
    assert "CCO311" in result.stderr
    assert {r["country"] for r in data["countries"]} == {"Freedonia", "Sylvania"}
    statuses = {Path(s["file"]).name: s["compared"] for s in data["sheets"]}
    assert statuses == {
        "Freedonia.xlsx": True,
        "submission-07.csv": True,
        "gnv.xlsx": False,
        "genovia-copy.xlsx": False,
    }


def test_one_country_in_two_phases_is_compared_as_two(tmp_path):
    result, data = compare_json(
        genovia(tmp_path, "1", "g1.xlsx"), genovia(tmp_path, "2", "g2.xlsx"), sylvania(tmp_path)
    )
    assert result.exit_code == 0, result.output
    labels = [r["label"] for r in data["countries"] if r["summit"] == "VIII"]
    assert labels == ["Genovia (phase 1)", "Genovia (phase 2)", "Sylvania"]


def test_nothing_to_compare(tmp_path):
    result = run("compare", broken(tmp_path))
    assert result.exit_code == 1
    assert "no sheet could be compared" in result.stderr
    assert result.stdout == ""


def test_an_empty_folder_cannot_run(tmp_path):
    result = run("compare", tmp_path)
    assert result.exit_code == 2
    assert "no .xlsx, .xlsm, .ods or .csv file" in result.stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    files = [freedonia(tmp_path), sylvania(tmp_path)]
    files += [genovia(tmp_path, str(n), f"g{n}.xlsx") for n in range(1, 5)]
    result = run("compare", *files, "-f", "json", "--no-catalog")
    assert result.exit_code == 0
    assert result.stderr == "cco: compared 6 of 6 sheets\n"


# ---- other formats -------------------------------------------------------------------------


def test_table_output(campaign):
    result = run("compare", *campaign())
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "VIII Summit (Lima, 2018): countries" in out
    assert "1  Genovia" in out and "3  Freedonia" in out
    assert "2.00 (1)" in out  # Genovia's VIII theme 2
    assert "VIII-25" in out and "1*" in out and "rated by one country only" in out
    assert "Coverage differs, VIII Summit: 3 of 3 countries rated 2-3 items each" in out


def test_csv_of_each_long_table(tmp_path, campaign):
    files = campaign()
    rows = list(csv.DictReader(io.StringIO(run("compare", *files, "-f", "csv").stdout)))
    assert len(rows) == 5  # 3 countries in VIII, 2 in IX
    assert float(by(rows, country="Freedonia", summit="VIII")["average"]) == pytest.approx(15 / 9)
    assert by(rows, country="Sylvania", summit="VIII")["phase1"] == ""
    out = tmp_path / "commitments.csv"
    result = run("compare", *files, "-o", out, "--table", "commitments")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert by(rows, id="VIII-25", country="Sylvania")["countries_rating"] == "1"


def test_markdown(campaign):
    result = run("compare", *campaign(), "-f", "markdown")
    assert result.stdout.startswith("# Comparison of 3 sheets")
    assert "| 1 | Genovia | 2 |" in result.stdout


def test_output_may_not_overwrite_an_input(campaign):
    files = campaign()
    before = files[1].read_bytes()
    result = run("compare", *files, "-o", files[1])
    assert result.exit_code == 2
    assert files[1].read_bytes() == before


def test_help_has_an_example():
    for command in ("compare", "chart"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout


# ---- the pure functions --------------------------------------------------------------------


def test_phase_and_country_keys():
    assert phase_key("Phase 2") == phase_key("Fase 2") == phase_key("2") == "2"
    assert phase_key(None) == ""
    assert summary_key("Perú", "Fase 1") == summary_key("peru", "1")


def summary(country, phase=None, items=()):
    return CountrySummary(country, phase, f"{country}.xlsx", (), (), tuple(items))


def test_labels_name_the_phase_only_when_a_country_recurs():
    labels = entity_labels(
        [summary("Genovia", "1"), summary("Genovia", "Fase 2"), summary("Sylvania")]
    )
    assert labels == ["Genovia (phase 1)", "Genovia (Fase 2)", "Sylvania"]
    # without a phase, the file tells two sheets of one country apart
    unphased = entity_labels([summary("Genovia", "1"), summary("Genovia")])
    assert unphased == ["Genovia (phase 1)", "Genovia (Genovia.xlsx)"]


def test_compare_countries_refuses_a_duplicate():
    with pytest.raises(ValueError, match="given twice"):
        compare_countries([summary("Genovia", "2"), summary("genovia", "Phase 2")])


def test_identical_coverage_needs_no_note():
    item = ("VIII-3", "VIII", 1, None, 3, None, "t", 1.0, 1.0, 1.0, 1.0, float("nan"), float("nan"))
    comparison = compare_countries(
        [summary("Freedonia", items=[item]), summary("Sylvania", items=[item])]
    )
    assert comparison.coverage == []
    assert list(comparison.commitments["countries_rating"]) == [2, 2]


def test_importing_the_commands_loads_no_data_library():
    code = (
        "import sys, cco.cli.compare\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & {'pandas', 'openpyxl', 'matplotlib',"
        " 'numpy', 'rich'}\n"
        "print(sorted(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_comparison_json_streamed_record_by_record_is_what_json_dump_writes():
    import collections
    import io
    import json

    from cco.output.compare_views import write_comparison_json

    def values() -> dict[str, object]:
        records = [{"country": "Freedonia", "scores": [1.5, None, {"ü": "a\nb"}]}, {}]
        # Flat records take a faster way through the encoder: the same text must come out.
        flat = [
            {"country": 'Syl"va\nnia, "x": 1', "average": 0.1 + 0.2, "rank": 3, "phase": None},
            {"país": "Génovia ✓", "tiny": 1e-07, "big": 10**20, "ok": True, "no": False},
            {"only": -0.0},
            {"nested": collections.OrderedDict(a=[1, {"b": None}]), "after": 1},
        ]
        return {
            "schema": 1,
            "empty": [],
            "none": None,
            "records": records,
            "flat": flat,
            "d": {"e": [1]},
        }

    streamed = {k: iter(v) if k in ("records", "empty", "flat") else v for k, v in values().items()}
    written = io.StringIO()
    write_comparison_json(streamed, written)
    assert written.getvalue() == json.dumps(values(), indent=2, ensure_ascii=False) + "\n"
    empty = io.StringIO()
    write_comparison_json({}, empty)
    assert empty.getvalue() == "{}\n"


def test_flat_records_are_written_as_json_dump_writes_them_whatever_they_hold():
    import io
    import json
    import random

    from cco.output.compare_views import write_comparison_json

    rng = random.Random(15)
    texts = ["", " ", "a\tb", '"', "\\", "ü\u2028é", "x,\n  y", "\x00", "Perú: 2,5"]

    def value() -> object:
        kind = rng.randrange(6)
        if kind == 0:
            return rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-12, 12)
        if kind == 1:
            return rng.randint(-(10**12), 10**12)
        if kind == 2:
            return rng.choice(texts) + str(rng.random())
        return [None, True, False][kind - 3]

    records = [
        {rng.choice(texts) + str(k): value() for k in range(rng.randint(1, 12))} for _ in range(300)
    ]
    written = io.StringIO()
    write_comparison_json({"records": iter(records)}, written)
    assert (
        written.getvalue() == json.dumps({"records": records}, indent=2, ensure_ascii=False) + "\n"
    )


def _reference_stack(summaries, labels, columns, table, summits):
    """The stacked table written plainly: rows with their entity, then one frame of them."""
    import pandas as pd

    rows = [
        (s.country, s.phase, label, s.file, *row)
        for s, label in zip(summaries, labels, strict=True)
        for row in getattr(s, f"{table}_rows")
        if not summits or row[columns.index("summit")] in summits
    ]
    names = ["country", "phase", "label", "file", *columns]
    frame = pd.DataFrame.from_records(rows, columns=names)
    for name in names:
        if name in ("relevance", "effectiveness", "sustainability", "average") or name.endswith(
            "_average"
        ):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        elif name in ("theme", "commitment", "n_items", "phase1_n"):
            frame[name] = frame[name].astype("int64")
    return frame


@pytest.mark.parametrize("summits", [None, ["IX"], ["VIII"]])
def test_stacked_tables_equal_rows_stacked_plainly(summits):
    import pandas as pd

    from cco.scoring.compare import ITEM_COLUMNS, THEME_COLUMNS, _stacked

    nan = float("nan")
    items_a = (
        ("VIII-1", "VIII", 1, None, 1, None, "Text one", 2.0, 1.0, None, 1.5, nan, None),
        ("IX-A-2", "IX", 1, "A", 2, "b", None, 3.0, 3.0, 3.0, 3.0, 2.0, 1.0),
    )
    items_b = (("VIII-1", "VIII", 1, None, 1, None, "Text one", 0.0, 0.5, 1.0, 0.5, None, None),)
    themes_a = (("VIII", 1, None, "Theme one", 2.0, 1.0, None, 1.5, 1, nan, None),)
    a = CountrySummary("Freedonia", None, "f.xlsx", (), themes_a, items_a)
    b = CountrySummary("Sylvania", "2", "s.csv", (), (), items_b)
    labels = ["Freedonia", "Sylvania"]
    for columns, table in ((ITEM_COLUMNS, "item"), (THEME_COLUMNS, "theme")):
        made = _stacked([a, b], labels, table, columns, summits)
        expected = _reference_stack([a, b], labels, columns, table, summits)
        pd.testing.assert_frame_equal(made, expected)
    empty = _stacked([], [], "item", ITEM_COLUMNS, None)
    assert list(empty.columns) == ["country", "phase", "label", "file", *ITEM_COLUMNS]
    assert len(empty) == 0
