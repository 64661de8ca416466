"""Blank evaluation workbooks: layout, cell validation, and the round trip through read_sheet."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cco.catalog.commitments import CatalogEntry, check_against_catalog, load_catalog
from cco.catalog.template import (
    TEMPLATE_HEADER,
    TemplateMetadata,
    build_template,
    commitments_of_sheet,
    write_template,
)
from cco.cli.main import app
from cco.core.models import CountrySheet, Item
from cco.io.ingest import read_sheet
from cco.scoring.score import score_country

CHOSEN = ["VIII-25", "VIII-29", "IX-A-3D", "IX-C-17"]
# What a person types, by id: R, R +-, E, E +-, S, S +- (None: left empty).
TYPED = {
    "VIII-25": (2.5, 0.5, 1.0, -0.25, 0.5, 0.0),
    "VIII-29": (3.0, None, 2.0, None, 1.0, None),
    "IX-A-3D": (1.5, None, 1.5, None, 3.0, None),
    "IX-C-17": (0.0, None, 0.5, None, 1.0, None),
}
FIRST_SCORE_COLUMN = 10  # J: Relevance


@pytest.fixture(autouse=True)
def no_catalog_from_the_environment(monkeypatch):
    monkeypatch.delenv("CCO_CATALOG", raising=False)


@pytest.fixture(scope="module")
def shipped():
    return load_catalog()


@pytest.fixture
def blank(tmp_path, shipped) -> Path:
    path = tmp_path / "freedonia.xlsx"
    metadata = TemplateMetadata(country="Freedonia", phase="Phase 3", year=2026)
    write_template(path, shipped.select(CHOSEN), metadata)
    return path


def fill(path: Path, typed: dict[str, tuple[float | None, ...]]) -> Path:
    """Type numbers into the Scores sheet (the first, in any language) as a person would."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for item_id, values in typed.items():
        for offset, value in enumerate(values):
            sheet.cell(row=rows[item_id], column=FIRST_SCORE_COLUMN + offset, value=value)
    book.save(path)
    return path


# Layout ----------------------------------------------------------------------------------


def test_header_is_the_shipped_peru_sheets(peru):
    sheet = load_workbook(peru, read_only=True)["Scores"]
    peru_header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert tuple(peru_header) == TEMPLATE_HEADER


def test_rows_hold_ids_themes_and_texts_in_catalog_order(blank, shipped):
    rows = list(load_workbook(blank)["Scores"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == CHOSEN
    sub = dict(zip(TEMPLATE_HEADER, rows[2], strict=True))
    assert (sub["Summit"], sub["Theme"], sub["Plan"], sub["Commitment"], sub["Sub-commitment"]) == (
        "IX", 1, "A", 3, "D"
    )  # fmt: skip
    assert sub["Text"] == shipped.get("IX-A-3D").text
    assert sub["Commitment text"].startswith("Support free and fair elections")
    assert sub["Theme name"] == "Inter-American Action Plan on Democratic Governance"
    viii = dict(zip(TEMPLATE_HEADER, rows[0], strict=True))
    assert viii["Plan"] is None and viii["Text"] == viii["Commitment text"]
    assert all(value is None for value in rows[0][FIRST_SCORE_COLUMN - 1 :])


def test_score_cells_refuse_numbers_off_the_scale(blank):
    sheet = load_workbook(blank)["Scores"]
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    scores, changes = rules["J2:J5 L2:L5 N2:N5"], rules["K2:K5 M2:M5 O2:O5"]
    assert (scores.type, scores.operator, scores.formula1, scores.formula2) == (
        "decimal", "between", "0", "3"
    )  # fmt: skip
    assert (changes.formula1, changes.formula2) == ("-3", "3")
    for rule in (scores, changes):
        assert rule.showErrorMessage and rule.errorStyle == "stop" and rule.error
        assert rule.showInputMessage and rule.prompt and len(rule.prompt) <= 255
        assert rule.allow_blank


def test_header_is_frozen_and_texts_wrap(blank):
    sheet = load_workbook(blank)["Scores"]
    assert sheet.freeze_panes == "B2"
    assert sheet["H2"].alignment.wrap_text and sheet["I2"].alignment.wrap_text
    assert sheet.column_dimensions["H"].width == 60
    assert sheet["A1"].font.b


def test_metadata_and_instructions_sheets(blank):
    book = load_workbook(blank)
    assert book.sheetnames == ["Scores", "Metadata", "Instructions"]
    metadata = {row[0]: row[1] for row in book["Metadata"].iter_rows(values_only=True)}
    assert metadata["Country"] == "Freedonia"
    assert (metadata["Phase"], metadata["Year"]) == ("Phase 3", 2026)
    assert metadata["Source"] == "Citizen Corruption Observatory"
    assert book["Instructions"]["A1"].value == "How to fill in this workbook"


def test_instructions_follow_the_language(shipped):
    book = build_template(shipped.select(["VIII-25"]), TemplateMetadata("Freedonia"), lang="es")
    assert book.sheetnames == ["Puntajes", "Metadatos", "Instrucciones"]
    assert book["Instrucciones"]["A1"].value == "Cómo completar este libro"
    metadata = [row[0] for row in book["Metadatos"].iter_rows(values_only=True)]
    assert metadata[:5] == ["Campo", "País", "Fase", "Año", "Fuente"]
    assert book["Metadatos"]["B5"].value == "Observatorio Ciudadano de Corrupción"
    prompt = book["Puntajes"].data_validations.dataValidation[0].prompt
    assert prompt.startswith("Escriba un número de 0 (sin desarrollo) a 3")


def test_a_formula_like_country_is_written_as_text(tmp_path, shipped):
    path = tmp_path / "t.xlsx"
    write_template(path, shipped.select(["VIII-25"]), TemplateMetadata("=HYPERLINK(1)"))
    cell = load_workbook(path)["Metadata"]["B2"]
    assert cell.data_type == "s" and cell.value == "'=HYPERLINK(1)"


# Round trip ------------------------------------------------------------------------------


def test_an_untouched_template_reads_as_not_yet_scored(blank):
    result = read_sheet(blank)
    assert Counter(p.key for p in result.problems) == {"CCO204/unscored": 4}
    assert (result.sheet.country, result.sheet.phase, result.sheet.year) == (
        "Freedonia", "Phase 3", 2026
    )  # fmt: skip
    card = score_country(result.sheet)  # must not raise
    assert card.items["average"].isna().all()


def test_a_filled_template_reads_clean_and_scores_the_typed_numbers(blank, shipped):
    result = read_sheet(fill(blank, TYPED))
    assert result.problems == []
    assert check_against_catalog(result.sheet, shipped) == []
    items = score_country(result.sheet).items.set_index("id")
    for item_id, (r, _, e, _, s, _) in TYPED.items():
        row = items.loc[item_id]
        assert (row["relevance"], row["effectiveness"], row["sustainability"]) == (r, e, s)
    v25 = items.loc["VIII-25"]
    assert (v25["delta_relevance"], v25["delta_effectiveness"]) == (0.5, -0.25)
    assert v25["average"] == pytest.approx((2.5 + 1.0 + 0.5) / 3)  # 1.33
    # Phase 1: 2.5-0.5 = 2.0, 1.0+0.25 = 1.25, 0.5-0 = 0.5 -> 3.75 / 3 = 1.25
    assert v25["phase1_average"] == pytest.approx(1.25)
    assert items.loc["IX-C-17", "average"] == pytest.approx(0.5)  # (0 + 0.5 + 1) / 3


def test_filled_template_summits_are_means_over_items(blank):
    card = score_country(read_sheet(fill(blank, TYPED)).sheet)
    summits = card.summits.set_index("summit")
    # VIII: R (2.5+3)/2 = 2.75, E (1+2)/2 = 1.5, S (0.5+1)/2 = 0.75 -> average 5/3
    viii = summits.loc["VIII"]
    assert (viii["relevance"], viii["effectiveness"], viii["sustainability"]) == (2.75, 1.5, 0.75)
    assert viii["average"] == pytest.approx(5 / 3)
    # IX: R (1.5+0)/2 = 0.75, E (1.5+0.5)/2 = 1.0, S (3+1)/2 = 2.0 -> average 3.75/3 = 1.25
    assert summits.loc["IX", "average"] == pytest.approx(1.25)


def test_a_number_off_the_scale_pasted_in_is_still_caught(blank):
    result = read_sheet(fill(blank, {"VIII-29": (4.5, None, 2.0, None, 1.0, None)}))
    assert [(p.code, p.row, p.column) for p in result.errors] == [("CCO201", 3, "J")]


# Reusing an earlier sheet ----------------------------------------------------------------


def test_the_peru_sheet_gives_its_32_commitments(peru, shipped):
    reused = commitments_of_sheet(read_sheet(peru).sheet, shipped)
    assert len(reused.entries) == 32
    assert reused.not_in_catalog == [] and reused.left_out == []


def test_an_earlier_commitment_unknown_to_the_catalog_keeps_its_texts(shipped):
    sheet = CountrySheet(
        country="Sylvania",
        file="sylvania-2024.xlsx",
        items=[
            Item(
                id="VIII-20",
                summit="VIII",
                theme=2,
                commitment=20,
                text="Proteger a los denunciantes.",
            ),
            Item(id="VIII-25", summit="VIII", theme=3, commitment=25, text="Old wording."),
            Item(id="VIII-30", summit="VIII", commitment=30, text="No theme."),
        ],
    )
    reused = commitments_of_sheet(sheet, shipped)
    assert [e.id for e in reused.entries] == ["VIII-20", "VIII-25"]
    assert reused.entries[0] == CatalogEntry(
        "VIII-20", "VIII", 2, 20, "Proteger a los denunciantes.", source="sylvania-2024.xlsx"
    )
    assert reused.entries[1] == shipped.get("VIII-25")  # the catalog's text, not the sheet's
    assert (reused.not_in_catalog, reused.left_out) == (["VIII-20"], ["VIII-30"])


# The command -----------------------------------------------------------------------------

runner = CliRunner()


def cco(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_template_command_writes_the_chosen_commitments(tmp_path):
    out = tmp_path / "freedonia.xlsx"
    result = cco(
        "template", "--country", "Freedonia", "--commitments", "VIII-25, ix-a-12", "-o", out
    )
    assert result.exit_code == 0, result.output
    ids = [r[0] for r in load_workbook(out)["Scores"].iter_rows(min_row=2, values_only=True)]
    assert ids == ["VIII-25", *(f"IX-A-12{s}" for s in "ADEFGHJKL")]
    assert f"wrote {out} (10 commitments for Freedonia)" in result.stderr


def test_template_command_without_ids_takes_the_catalog_of_a_summit(tmp_path):
    out = tmp_path / "freedonia.xlsx"
    result = cco("template", "--country", "Freedonia", "--summit", "VIII", "-o", out)
    assert result.exit_code == 0
    assert load_workbook(out)["Scores"].max_row == 1 + 12


def test_template_command_reuses_an_earlier_sheet(tmp_path, peru):
    out = tmp_path / "peru-phase3.xlsx"
    result = cco("template", "--country", "Peru", "--from", peru, "--summit", "IX", "-o", out)
    assert result.exit_code == 0, result.output
    assert load_workbook(out)["Scores"].max_row == 1 + 20


def test_unknown_ids_stop_with_exit_2_naming_them(tmp_path):
    out = tmp_path / "t.xlsx"
    result = cco("template", "--country", "F", "--commitments", "VIII-25,VIII-56,IX-F-1", "-o", out)
    assert result.exit_code == 2
    assert "not in the catalog: VIII-56, IX-F-1" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--commitments", "VIII-25", "--from", "x.xlsx"],
            "--commitments and --from cannot be used together",
        ),
        (["--country", " "], "--country needs a name"),
    ],
)
def test_template_usage_errors_exit_2(tmp_path, extra, message):
    args = ["template", "--country", "Freedonia", "-o", tmp_path / "t.xlsx", *extra]
    result = cco(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_template_must_be_an_xlsx(tmp_path):
    result = cco("template", "--country", "Freedonia", "-o", tmp_path / "t.csv")
    assert result.exit_code == 2
    assert "is not an .xlsx name [CCO001]" in result.stderr


def test_template_refuses_to_overwrite_the_sheet_it_reuses(tmp_path, blank):
    result = cco("template", "--country", "Freedonia", "--from", blank, "-o", blank)
    assert result.exit_code == 2
    assert "CCO108" in result.stderr


@pytest.mark.parametrize("lang", ["es", "pt", "fr"])
def test_a_template_in_another_language_reads_back_exactly(tmp_path, shipped, lang):
    from cco.i18n.phrases import template_text

    path = tmp_path / f"freedonia-{lang}.xlsx"
    metadata = TemplateMetadata(country="Freedonia", phase="3", year=2026)
    write_template(path, shipped.select(CHOSEN), metadata, lang=lang)
    scores = load_workbook(path)[template_text("sheet-scores", lang)]
    header = next(scores.iter_rows(max_row=1, values_only=True))
    english = [template_text(f"column-{name}", "en") for name in TEMPLATE_HEADER]
    assert list(header) == [template_text(f"column-{name}", lang) for name in TEMPLATE_HEADER]
    assert sum(a != b for a, b in zip(header, english, strict=True)) >= 10  # really translated
    # Filled in, it reads back exactly as the English one does (the same hand-worked numbers).
    result = read_sheet(fill(path, TYPED))
    assert result.problems == []
    # the Metadata sheet, labelled in the language, reads back too
    assert (result.sheet.country, result.sheet.phase, result.sheet.year) == ("Freedonia", "3", 2026)
    items = score_country(result.sheet).items.set_index("id")
    for item_id, (r, dr, e, de, s, _) in TYPED.items():
        row = items.loc[item_id]
        assert (row["relevance"], row["effectiveness"], row["sustainability"]) == (r, e, s)
        if dr is not None:
            assert (row["delta_relevance"], row["delta_effectiveness"]) == (dr, de)
    assert sorted(items.index) == sorted(CHOSEN)


@pytest.mark.parametrize("lang", ["es", "pt", "fr"])
def test_the_instructions_name_the_columns_as_the_headers_do(tmp_path, shipped, lang):
    from cco.i18n.phrases import template_text

    path = tmp_path / "t.xlsx"
    write_template(path, shipped.select(CHOSEN), TemplateMetadata(country="Freedonia"), lang=lang)
    book = load_workbook(path)
    instructions = book[template_text("sheet-instructions", lang)]
    text = " ".join(str(c) for row in instructions.iter_rows(values_only=True) for c in row)
    names = ("Relevance", "Effectiveness", "Sustainability", "Summit", "Theme", "Commitment")
    for name in names:
        assert template_text(f"column-{name}", lang) in text
        if template_text(f"column-{name}", lang) != name:
            assert name not in text  # the English header is not named
    assert template_text("sheet-metadata", lang) in text  # the sheet as it is named


def test_an_existing_file_is_not_written_over_without_force(tmp_path):
    """A template is filled in by hand: writing a new one over it would lose that work."""
    filled = tmp_path / "freedonia.xlsx"
    filled.write_bytes(b"a team's filled workbook")
    refused = cco("template", "--country", "Freedonia", "-o", filled, "--lang", "es")
    assert refused.exit_code == 2
    assert filled.read_bytes() == b"a team's filled workbook"
    (line,) = refused.stderr.strip().splitlines()
    assert "CCO001" in line and "ya existe" in line and "--force" in line
    forced = cco("template", "--country", "Freedonia", "-o", filled, "--force")
    assert forced.exit_code == 0, forced.output
    assert filled.read_bytes()[:2] == b"PK"  # now a workbook
