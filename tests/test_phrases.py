"""Table and Markdown output speak the reader's language; numbers and JSON keys never change."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cco.cli.main import app
from cco.i18n.phrases import phrase
from cco.io.ingest import read_sheet
from cco.output.views import summit_views
from tests.conftest import load_json

PERU = Path(__file__).resolve().parents[1] / "data" / "peru-2024.xlsx"
LANGS = ("en", "es", "pt", "fr")
runner = CliRunner()
LOCAL_LEVELS = {
    "es": {"low": "bajo", "medium": "medio", "medium-high": "medio-alto", "high": "alto"},
    "pt": {"low": "baixo", "medium": "médio", "medium-high": "médio-alto", "high": "alto"},
    "fr": {"low": "faible", "medium": "moyen", "medium-high": "moyennement élevé", "high": "élevé"},
}
"""The band words each translation is expected to use (masculine, after 'nivel'/'niveau')."""


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", LANGS[1:])
def test_numbers_and_sheet_texts_are_the_same_in_every_language(lang, peru_card):
    english, local = summit_views(peru_card), summit_views(peru_card, lang=lang)
    for en_view, view in zip(english, local, strict=True):
        for en_table, table in ((en_view.themes, view.themes), (en_view.items, view.items)):
            band = en_table.headings.index("Band")
            assert len(table.rows) == len(en_table.rows)
            en_rows, rows = [r.texts for r in en_table.rows], [r.texts for r in table.rows]
            for en_row, row in zip(en_rows, rows, strict=True):
                assert [c for i, c in enumerate(row) if i != band] == [
                    c for i, c in enumerate(en_row) if i != band
                ]
                assert row[band] == LOCAL_LEVELS[lang].get(en_row[band], "–")


def test_spanish_table_of_peru():
    result = runner.invoke(app, ["score", str(PERU), "--lang", "es"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "VIII Cumbre de las Américas (Lima, 2018): temas" in out
    assert "Puesto" in out and "Compromiso" in out and "Variación" in out
    # VIII: 12 items averaging 1.26 (hand-worked from the annex), a low level; Phase 1 1.79.
    assert "12 ítems · R 1.72 · E 1.17 · S 0.90 · promedio 1.26 (bajo)" in out
    assert "Fase 1 1.79 (▼ -0.53, 12 ítems comparados)" in out
    assert "Mejor tema por promedio: Tema 2: Transparency" in out


def test_french_markdown_uses_the_french_criterion_letters():
    result = runner.invoke(app, ["score", str(PERU), "--lang", "fr", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "| Rang | Thème | Nom | P | E | D | Moyenne | Niveau |" in result.output
    assert "moyenne 1.26 (faible)" in result.output


def test_json_and_csv_keep_their_english_keys_under_any_language():
    english = runner.invoke(app, ["score", str(PERU), "--format", "json"])
    spanish = runner.invoke(app, ["score", str(PERU), "--format", "json", "--lang", "es"])
    assert load_json(spanish, "score") == load_json(english, "score")
    csv_en = runner.invoke(app, ["score", str(PERU), "--format", "csv"])
    csv_pt = runner.invoke(app, ["score", str(PERU), "--format", "csv", "--lang", "pt"])
    assert csv_pt.output == csv_en.output


def test_counts_agree_with_their_number():
    from cco.i18n.messages import counted

    assert counted(1, "files") == "1 file"
    assert counted(0, "warnings") == "0 warnings"
    assert counted(2, "errors", "es") == "2 errores"
    assert counted(0, "errors", "fr") == "0 erreur"  # French: singular for 0 and 1
    assert counted(3, "files", "pt") == "3 arquivos"


def test_words_inside_messages_are_translated_too(tmp_path):
    from cco.catalog.commitments import check_against_catalog, load_catalog
    from cco.core.problems import localized
    from cco.pipeline.validate import validate_file

    misnamed = tmp_path / "peru.ods"
    misnamed.write_bytes(PERU.read_bytes())
    (problem,) = validate_file(misnamed).problems
    assert "holds an Excel workbook" in problem.message
    assert "contiene un libro de Excel" in localized(problem, "es").message
    assert "contient un classeur Excel" in localized(problem, "fr").message

    sheet = read_sheet(PERU).sheet
    item = next(i for i in sheet.items if i.id == "VIII-25")
    item.theme = 4  # the catalog has VIII-25 under theme 3
    (wrong,) = [p for p in check_against_catalog(sheet, load_catalog()) if p.code == "CCO310"]
    assert "the sheet's theme '4' disagrees with the catalog's '3'" in wrong.message
    assert "el tema de la hoja '4' no coincide" in localized(wrong, "es").message
    assert "o tema da planilha '4'" in localized(wrong, "pt").message


def test_a_comparison_in_spanish_has_the_same_numbers_as_in_english(tmp_path):
    from tests import sheets

    freedonia = sheets.tidy_english(tmp_path / "freedonia.xlsx")
    args = ["compare", str(PERU), str(freedonia), "--no-catalog"]
    english = runner.invoke(app, args).stdout
    spanish = runner.invoke(app, [*args, "--lang", "es"]).stdout
    assert spanish.startswith("Comparación de 2 hojas")
    assert "VIII Cumbre de las Américas (Lima, 2018): países" in spanish
    assert "Puesto  País" in spanish
    assert "La cobertura difiere, Cumbre VIII:" in spanish
    assert "Coverage differs, VIII Summit:" in english

    def numbers(text: str) -> list[str]:
        return [w for w in text.split() if any(c.isdigit() for c in w)]

    assert numbers(spanish) == numbers(english)


@pytest.mark.parametrize(
    ("lang", "one", "two", "zero"),
    [
        ("en", "Comparison of 1 sheet", "Comparison of 2 sheets", "Comparison of 0 sheets"),
        ("es", "Comparación de 1 hoja", "Comparación de 2 hojas", "Comparación de 0 hojas"),
        (
            "pt",
            "Comparação de 1 planilha",
            "Comparação de 2 planilhas",
            "Comparação de 0 planilhas",
        ),
        # French counts 0 as singular (plural=(n > 1) in its catalog header).
        ("fr", "Comparaison de 1 feuille", "Comparaison de 2 feuilles", "Comparaison de 0 feuille"),
    ],
)
def test_counted_lines_agree_with_their_count_by_each_languages_rule(lang, one, two, zero):
    import numpy as np

    assert phrase("comparison-heading", lang, count=1) == one
    assert phrase("comparison-heading", lang, count=np.int64(2)) == two
    assert phrase("comparison-heading", lang, count=0) == zero


def test_problem_messages_agree_with_their_count():
    from cco.core.problems import format_problem, make_problem

    one = format_problem(make_problem("CCO116/summary", count=1), "en")
    three = format_problem(make_problem("CCO116/summary", count=3), "es")
    assert "1 error in the catalog" in one
    assert "3 errores en el catálogo" in three


def test_a_coverage_sentence_gives_one_number_when_every_country_rated_as_many():
    from cco.scoring.compare import CoverageNote

    # Two countries, one item each, not the same one: 2 items, none shared, 2 rated by one.
    note = CoverageNote("VIII", None, 2, 2, 1, 1, 0, 2, 2)
    text = phrase("coverage-scoped", "es", scope="Cumbre VIII", **note.sentence_fields())
    assert "2 de 2 países calificaron 1 ítems cada uno" in text  # not "1-1"
    wider = CoverageNote("VIII", None, 3, 3, 2, 3, 1, 4, 2)
    assert "rated 2-3 items" in phrase(
        "coverage-scoped", "en", scope="x", **wider.sentence_fields()
    )
