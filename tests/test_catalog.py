"""The commitment catalog: the shipped file, coordinators' files, search, and the sheet check."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cco.catalog.commitments import (
    Catalog,
    CatalogEntry,
    UnknownCommitments,
    apply_catalog,
    check_against_catalog,
    difference_excerpts,
    load_catalog,
    read_catalog_file,
    shipped_catalog_path,
)
from cco.cli.main import app
from cco.core.models import CcoError, CountrySheet, IngestResult, Item
from cco.io.ingest import read_sheet

ROOT = Path(__file__).resolve().parent.parent

# The commitments the Peru Report 2024 prioritized, by hand from its list and annex.
PERU_IDS = {
    *(f"VIII-{n}" for n in (2, 7, 8, 11, 13, 14, 15, 22, 25, 29, 37, 41)),
    "IX-A-3D", "IX-A-4", "IX-A-7A", "IX-A-12A", "IX-A-12G", "IX-A-13", "IX-A-14",
    "IX-A-17D", "IX-A-17G", "IX-A-23", "IX-A-24F", "IX-B-9", "IX-C-3", "IX-C-17", "IX-C-21",
    "IX-C-30", "IX-D-2", "IX-D-3", "IX-E-1F", "IX-E-6",
}  # fmt: skip
# Sub-commitments whose letters the OAS good-governance list gives under a parent text that
# the Peru report numbers (IX-A-3, IX-A-12, IX-A-24).
OAS_SUBS = {"IX-A-3A", *(f"IX-A-12{s}" for s in "DEFHJKL"), *(f"IX-A-24{s}" for s in "ABCDE")}


@pytest.fixture(autouse=True)
def no_catalog_from_the_environment(monkeypatch):
    monkeypatch.delenv("CCO_CATALOG", raising=False)


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog()


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture
def freedonia_catalog(tmp_path) -> Path:
    """A coordinator's file: one new commitment, one shipped commitment in Spanish, one sub."""
    return write_csv(
        tmp_path / "freedonia.csv",
        [
            ["id", "theme", "theme_name", "text", "commitment_text", "source"],
            ["VIII-20", 2, "Transparencia y protección", "Proteger a los denunciantes.", "", "F"],
            ["VIII-25", 3, "", "Fomentar la transparencia del financiamiento político.", "", "F"],
            ["IX-A-3E", "", "", "Observe elections.", "", "F"],
        ],
    )


# The shipped catalog ---------------------------------------------------------------------


def test_shipped_catalog_sits_next_to_the_package():
    assert shipped_catalog_path() == ROOT / "cco" / "catalog" / "data" / "catalog.csv"
    assert (ROOT / "data" / "catalog.csv").resolve() == shipped_catalog_path()


def test_shipped_catalog_reads_without_problems(shipped):
    assert shipped.problems == ()
    assert shipped.counts() == {"VIII": 12, "IX": 33}  # 12 + 20 Peru items, 13 OAS subs


def test_shipped_catalog_is_every_peru_commitment_and_the_oas_subs(shipped):
    assert {e.id for e in shipped} == PERU_IDS | OAS_SUBS


def test_no_number_is_taken_from_the_renumbered_oas_lists(shipped):
    # The OAS good-governance list numbers 'Strengthening democratic institutions ...' as 1 and
    # 'Recognizing the positive contributions of indigenous peoples ...' as 3; the seeds never
    # give their official numbers, so they are not in the catalog.
    assert "VIII-1" not in shipped and "VIII-3" not in shipped
    assert shipped.search("contributions of indigenous peoples traditional values") == []
    assert shipped.search("strengthening democratic institutions for the prevention") == []


def test_an_oas_sub_keeps_its_text_and_its_parent_text(shipped):
    entry = shipped.get("IX-A-12L")
    assert entry.text.startswith("Strengthen and promote the use of digital systems")
    assert entry.commitment_text.startswith("Continue meeting the commitments undertaken")
    assert entry.commitment_text == shipped.get("IX-A-12A").commitment_text
    assert entry.source.startswith("OAS mandates: Good Governance")


def test_viii_2_keeps_the_official_text_and_the_annex_wording(shipped):
    entry = shipped.get("VIII-2")
    assert entry.text.startswith("Strengthening judicial autonomy and independence, following")
    assert entry.other_texts[0].startswith("Strengthen judicial autonomy and independence follow")
    assert entry.commitment_text is None and entry.parent_text == entry.text


def test_every_theme_has_one_name(shipped):
    names = {(e.summit, e.theme): set() for e in shipped}
    for entry in shipped:
        names[(entry.summit, entry.theme)].add(entry.theme_name)
    assert all(len(found) == 1 for found in names.values())
    assert names[("IX", 3)] == {"Regional Agenda for Digital Transformation"}


def test_the_peru_sheet_agrees_with_the_catalog(peru, shipped):
    assert check_against_catalog(read_sheet(peru).sheet, shipped) == []


# Lookup, search, selection ---------------------------------------------------------------


def test_get_accepts_any_spelling_of_an_id(shipped):
    assert shipped.get("ix a 3 d").id == "IX-A-3D"
    assert "viii-25" in shipped
    assert shipped.get("not an id") is None


def test_search_folds_case_and_accents(freedonia_catalog):
    known = load_catalog(freedonia_catalog)
    # 'protección' is in theme 2's name, which the Freedonia file gives to the whole theme
    theme_2 = ["VIII-13", "VIII-14", "VIII-15", "VIII-20", "VIII-22"]
    assert [e.id for e in known.search("PROTECCION")] == theme_2
    # every word must match: 'denunciantes' is only in VIII-20's text
    assert [e.id for e in known.search("protección DENUNCIANTES")] == ["VIII-20"]


def test_search_matches_parts_of_words_and_filters_by_summit(shipped):
    assert [e.id for e in shipped.search("methane")] == ["IX-D-3"]
    assert [e.id for e in shipped.search("Budapest cybercrim")] == ["IX-C-30"]
    assert [e.id for e in shipped.search("gender", "VIII")] == ["VIII-7"]


def test_search_by_id_finds_the_commitment_and_its_subs(shipped):
    assert [e.id for e in shipped.search("IX-A-3")] == ["IX-A-3A", "IX-A-3D"]
    assert [e.id for e in shipped.search("VIII-25")] == ["VIII-25"]


def test_select_expands_a_commitment_to_its_subs_in_catalog_order(shipped):
    chosen = shipped.select(["IX-A-24", "viii-25", "IX-C-17"])
    assert [e.id for e in chosen] == ["VIII-25", *(f"IX-A-24{s}" for s in "ABCDEF"), "IX-C-17"]


def test_select_names_every_unknown_id(shipped):
    with pytest.raises(UnknownCommitments) as caught:
        shipped.select(["VIII-25", "VIII-56", "freedonia-1", "ix-b-99"])
    assert caught.value.ids == ["VIII-56", "freedonia-1", "IX-B-99"]


# Coordinators' files ---------------------------------------------------------------------


def test_a_coordinator_file_extends_and_replaces_by_id(freedonia_catalog, shipped):
    known = load_catalog(freedonia_catalog)
    assert known.problems == ()
    assert len(known) == len(shipped) + 2  # VIII-20 and IX-A-3E are new; VIII-25 replaced
    assert known.get("VIII-25").text == "Fomentar la transparencia del financiamiento político."
    assert known.files == (str(shipped_catalog_path()), str(freedonia_catalog))


def test_a_coordinator_theme_name_applies_to_the_whole_theme(freedonia_catalog):
    known = load_catalog(freedonia_catalog)
    assert known.get("VIII-13").theme_name == "Transparencia y protección"
    # The Freedonia VIII-25 row names no theme: the shipped name stays.
    assert (
        known.get("VIII-25").theme_name
        == "Financing of Political Organizations and Election Campaigns"
    )


def test_a_sub_without_parent_text_takes_its_siblings(freedonia_catalog):
    entry = load_catalog(freedonia_catalog).get("IX-A-3E")
    assert entry.theme == 1 and entry.plan == "A"
    assert entry.commitment_text.startswith("Support free and fair elections")


def test_a_coordinator_file_may_be_a_workbook_with_theme_labels(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Id", "Theme", "Theme name", "Text"])
    book.active.append(["viii 20", "Tema 2", "", "Proteger a los denunciantes."])
    book.save(tmp_path / "freedonia.xlsx")
    known = load_catalog(tmp_path / "freedonia.xlsx")
    assert known.problems == ()
    entry = known.get("VIII-20")
    assert (entry.theme, entry.text) == (2, "Proteger a los denunciantes.")


def test_a_cp1252_catalog_is_read_with_a_warning(tmp_path):
    path = tmp_path / "freedonia.csv"
    path.write_bytes("id;theme;text\r\nVIII-20;2;Protección de denunciantes\r\n".encode("cp1252"))
    known = load_catalog(path)
    assert [(p.code, p.is_error) for p in known.problems] == [("CCO109", False)]
    assert known.get("VIII-20").text == "Protección de denunciantes"


def test_every_bad_row_of_a_catalog_file_is_reported(tmp_path):
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["id", "summit", "theme", "plan", "text"],
            ["Lima 25", "", 3, "", "Texto."],  # row 2: not an id
            ["VIII-58", "", 5, "", "Texto."],  # row 3: the Lima Commitment stops at 57
            ["IX-B-9", "", "", "C", "Texto."],  # row 4: the id says plan B
            ["VIII-30", "", 4, "", ""],  # row 5: no text
            ["VIII-31", "VIII", "", "", "Texto."],  # row 6: no theme
            ["VIII-32", "", 4, "", "Texto."],  # row 7: fine
            ["VIII-32", "", 4, "", "Otra vez."],  # row 8: twice
            ["IX-C-3", "IX", 2, "", "Texto."],  # row 9: plan C is theme 3
        ],
    )
    result = read_catalog_file(path)
    assert [(p.key, p.row, p.column) for p in result.problems] == [
        ("CCO116/value", 2, "A"),
        ("CCO208", 3, "A"),
        ("CCO116/disagrees", 4, "D"),
        ("CCO116/missing", 5, "E"),
        ("CCO116/missing", 6, "C"),
        ("CCO116/duplicate", 8, "A"),
        ("CCO116/disagrees", 9, "C"),
    ]
    assert [e.id for e in result.entries] == ["VIII-32"]
    assert result.problems[5].params["other_row"] == 7


def test_a_catalog_without_a_text_column_is_refused(tmp_path):
    path = write_csv(tmp_path / "ids.csv", [["id", "theme"], ["VIII-25", 3]])
    result = read_catalog_file(path)
    assert [(p.key, p.row, p.params) for p in result.problems] == [
        ("CCO116/column", 1, {"name": "text"})
    ]


def test_a_missing_shipped_catalog_says_how_to_get_one(tmp_path):
    with pytest.raises(CcoError) as caught:
        load_catalog(shipped=tmp_path / "data" / "catalog.csv")
    assert caught.value.problem.key == "CCO116/shipped"
    assert "pip install -e ." in caught.value.problem.hint


def test_a_missing_coordinator_file_is_named(tmp_path):
    with pytest.raises(CcoError) as caught:
        load_catalog(tmp_path / "nope.csv")
    assert caught.value.problem.key == "CCO101/missing"
    assert caught.value.problem.file == str(tmp_path / "nope.csv")


# Checking sheets -------------------------------------------------------------------------

SYLVANIA = Catalog(
    entries=(
        CatalogEntry("VIII-14", "VIII", 2, 14, "Promote open government.", theme_name="T2"),
        CatalogEntry(
            "IX-A-3D", "IX", 1, 3, "Promote free and fair elections.", plan="A", sub="D",
            commitment_text="Support free and fair elections:",
        ),
        CatalogEntry(
            "IX-A-3E", "IX", 1, 3, "Observe elections.", plan="A", sub="E",
            commitment_text="Support free and fair elections:",
        ),
    )
)  # fmt: skip


def sheet_of(*items: Item) -> CountrySheet:
    return CountrySheet(country="Sylvania", file="sylvania.xlsx", items=list(items))


def item(item_id: str, theme: int, text: str | None, commitment_text: str | None = None, row=2):
    summit, rest = item_id.split("-", 1)
    plan = rest[0] if summit == "IX" else None
    number = rest[2:] if plan else rest
    sub = number[-1] if number[-1].isalpha() else None
    return Item(
        id=item_id, summit=summit, theme=theme, plan=plan, commitment=int(number.rstrip("DE")),
        sub=sub, text=text, commitment_text=commitment_text, sheet="Scores", row=row,
    )  # fmt: skip


def test_loosely_equal_texts_pass():
    sheet = sheet_of(
        item("VIII-14", 2, "  PROMOTE open-government ", row=2),
        item(
            "IX-A-3D",
            1,
            "D) Promote free and fair elections;",
            "3. Support free and fair elections",
            row=3,
        ),
    )
    assert check_against_catalog(sheet, SYLVANIA) == []


def test_an_id_missing_from_the_catalog_is_a_located_warning():
    problems = check_against_catalog(sheet_of(item("VIII-20", 2, "Protect", row=7)), SYLVANIA)
    assert [(p.key, p.file, p.sheet, p.row, p.params) for p in problems] == [
        ("CCO309", "sylvania.xlsx", "Scores", 7, {"id": "VIII-20"})
    ]
    assert not problems[0].is_error
    assert "--catalog" in problems[0].hint


def test_a_wrong_theme_names_both_numbers():
    problems = check_against_catalog(
        sheet_of(item("VIII-14", 3, "Promote open government.")), SYLVANIA
    )
    assert [(p.key, p.params) for p in problems] == [
        ("CCO310", {"id": "VIII-14", "field": "theme", "value": "3", "expected": "2"})
    ]


def test_a_different_text_names_both_where_they_differ():
    problems = check_against_catalog(
        sheet_of(item("VIII-14", 2, "Promote closed government.")), SYLVANIA
    )
    assert [(p.key, p.params) for p in problems] == [
        (
            "CCO310",
            {
                "id": "VIII-14",
                "field": "text",
                "value": "Promote closed government.",
                "expected": "Promote open government.",
            },
        )
    ]


def test_a_sub_with_another_parent_text_is_reported_as_commitment_text():
    sheet = sheet_of(item("IX-A-3E", 1, "Observe elections.", "Support something else"))
    problems = check_against_catalog(sheet, SYLVANIA)
    assert [(p.key, p.params["field"]) for p in problems] == [("CCO310", "commitment text")]


def test_a_commitment_scored_whole_is_known_through_its_subs():
    whole = Item(id="IX-A-3", summit="IX", theme=1, plan="A", commitment=3,
                 text="Support free and fair elections.", sheet="Scores", row=2)  # fmt: skip
    assert check_against_catalog(sheet_of(whole), SYLVANIA) == []


def test_an_impossible_viii_number_is_left_to_ingest():
    assert check_against_catalog(sheet_of(item("VIII-58", 5, "Nothing")), SYLVANIA) == []


def test_the_catalog_leaves_an_unread_sheet_alone():
    assert apply_catalog(IngestResult(sheet=None), SYLVANIA).problems == []
    checked = apply_catalog(IngestResult(sheet=sheet_of(item("VIII-20", 2, "x"))), SYLVANIA)
    assert [p.code for p in checked.problems] == ["CCO309"]


def test_difference_excerpts_start_a_few_words_before_the_first_difference():
    first = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    second = "one two three four five SIX, seven eight nine ten eleven twelve 13 fourteen"
    # first difference at word 12 ('thirteen' / '13'); the window starts 3 words before it
    assert difference_excerpts(first, second) == (
        "…ten eleven twelve thirteen fourteen",
        "…ten eleven twelve 13 fourteen",
    )


# The command -----------------------------------------------------------------------------

runner = CliRunner()


def cco(*args: object, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def test_catalog_table_lists_id_theme_and_text():
    result = cco("catalog", "--summit", "IX", "--search", "methane")
    assert result.exit_code == 0, result.output
    assert "IX-D-3" in result.stdout and "D (4)" in result.stdout
    assert "Advance implementation among participants" in result.stdout
    assert "1 of 45 commitments" in result.stderr


def test_catalog_json_is_the_library_catalog(shipped):
    result = cco("catalog", "--format", "json", "--summit", "VIII")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["commitments"]] == [e.id for e in shipped.of_summit("VIII")]
    assert data["commitments"][0]["other_texts"] == list(shipped.get("VIII-2").other_texts)


def test_catalog_csv_is_a_catalog_file(tmp_path, shipped):
    result = cco("catalog", "--format", "csv")
    assert result.exit_code == 0
    path = tmp_path / "copy.csv"
    path.write_text(result.stdout, encoding="utf-8")
    assert tuple(read_catalog_file(path).entries) == shipped.entries
    assert next(csv.reader(io.StringIO(result.stdout)))[:3] == ["id", "summit", "theme"]


def test_catalog_file_from_the_environment(freedonia_catalog):
    result = cco("catalog", "--search", "denunciantes", env={"CCO_CATALOG": str(freedonia_catalog)})
    assert result.exit_code == 0
    assert "VIII-20" in result.stdout


def test_a_bad_catalog_file_stops_with_exit_2(tmp_path):
    path = write_csv(tmp_path / "bad.csv", [["id", "theme", "text"], ["VIII-99", 1, "x"]])
    result = cco("catalog", "--catalog", path)
    assert result.exit_code == 2
    assert f"{path}, row 2, column A: error: VIII-99 cannot exist" in result.stderr
    assert "1 error in the catalog" in result.stderr


def test_a_missing_catalog_file_stops_with_exit_2(tmp_path):
    result = cco("catalog", "--catalog", tmp_path / "nope.csv")
    assert result.exit_code == 2
    assert "nope.csv" in result.stderr and "file not found" in result.stderr


def test_importing_the_catalog_commands_loads_no_data_library():
    from tests.imports import heavy_modules_after

    loaded, _ = heavy_modules_after("import cco.cli.catalog")
    assert loaded == []


# ---- texts in the reader's language -----------------------------------------------------------

SPANISH_25 = "Texto de prueba del compromiso 25 (ficticio)"
SPANISH_THEME_3 = "Tema 3 de prueba (ficticio)"


def spanish_catalog(tmp_path: Path, shipped: Catalog) -> Path:
    """The shipped VIII-25 with a (fictional) Spanish text and theme name, in a catalog file."""
    entry = shipped.get("VIII-25")
    assert entry is not None
    return write_csv(
        tmp_path / "catalogo.csv",
        [
            ["id", "theme", "text", "Text ES", "theme_name_es"],
            ["VIII-25", 3, entry.text, SPANISH_25, SPANISH_THEME_3],
        ],
    )


def test_a_catalog_gives_texts_and_theme_names_per_language(tmp_path, shipped):
    catalog = load_catalog(spanish_catalog(tmp_path, shipped))
    assert catalog.errors == []
    spanish = catalog.texts_in("es")
    assert spanish.items == {"VIII-25": SPANISH_25}
    assert spanish.themes == {("VIII", 3): SPANISH_THEME_3}
    assert not catalog.texts_in("pt")
    entry = catalog.get("VIII-25")
    assert entry is not None and entry.translated("text", "es") == SPANISH_25


def test_people_read_the_catalogs_texts_in_their_language_machines_read_them_as_scored(
    tmp_path, peru, shipped
):
    catalog = spanish_catalog(tmp_path, shipped)
    spanish = cco("score", peru, "--catalog", catalog, "--lang", "es", "-f", "markdown")
    english = cco("score", peru, "--catalog", catalog, "--lang", "en", "-f", "markdown")
    assert spanish.exit_code == english.exit_code == 0
    assert SPANISH_25 in spanish.stdout and SPANISH_THEME_3 in spanish.stdout
    assert SPANISH_25 not in english.stdout
    # an item the catalog gives no Spanish for keeps its text as written
    assert "Strengthen judicial autonomy" in spanish.stdout
    as_json = {
        lang: cco("score", peru, "--catalog", catalog, "--lang", lang, "-f", "json").stdout
        for lang in ("es", "en")
    }
    assert as_json["es"] == as_json["en"] and SPANISH_25 not in as_json["es"]
    report = tmp_path / "informe.md"
    cco("report", peru, "--catalog", catalog, "--lang", "es", "-o", report)
    assert SPANISH_25 in report.read_text(encoding="utf-8")
    compared = cco("compare", peru, "--catalog", catalog, "--lang", "es", "-f", "markdown")
    assert SPANISH_THEME_3 in compared.stdout


def test_translated_columns_survive_a_round_trip_and_the_listing_speaks_the_language(
    tmp_path, shipped
):
    catalog = spanish_catalog(tmp_path, shipped)
    written = cco("catalog", "--catalog", catalog, "-f", "csv", "--search", "VIII-25")
    assert written.exit_code == 0
    header, row = list(csv.reader(io.StringIO(written.stdout)))[:2]
    assert header[-2:] == ["text_es", "theme_name_es"]
    assert row[-2:] == [SPANISH_25, SPANISH_THEME_3]
    listing = cco("catalog", "--catalog", catalog, "--search", "VIII-25", "--lang", "es")
    assert SPANISH_25[:40] in listing.stdout
    assert "Compromiso" in listing.stdout and "Theme" not in listing.stdout


def test_a_sheet_worded_in_the_catalogs_other_language_is_not_a_mismatch(tmp_path, shipped):
    catalog = spanish_catalog(tmp_path, shipped)
    sheet = write_csv(
        tmp_path / "freedonia.csv",
        [["Id", "Text", "R", "E", "S"], ["VIII-25", SPANISH_25, 2, 2, 2]],
    )
    with_translation = cco("validate", sheet, "--catalog", catalog)
    without = cco("validate", sheet)
    assert "CCO310" not in with_translation.stdout
    assert "CCO310" in without.stdout and "text_es" in without.stdout  # the hint says how
