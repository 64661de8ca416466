"""`cco report`: the country report page, its numbers, sentences, languages and safety.

The Peru page is read back with an HTML parser and checked, number by number, against
`cco score --format json` for the same sheet; level sentences are checked against the bands.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from cco.cli.main import app as cco_app
from cco.i18n.catalogs import translator
from cco.output.report import level_phrase
from tests import sheets
from tests.conftest import load_json
from tests.raters import each, rater_sheet, ten_raters_32_items

runner = CliRunner()


def run(*args):
    return runner.invoke(cco_app, ["report", *(str(a) for a in args)])


class PageReader(HTMLParser):
    """The page's text, and the text of every element carrying a data-key, cell by cell."""

    def __init__(self) -> None:
        super().__init__()
        self.keyed: dict[str, list[str]] = {}
        self.chunks: list[str] = []
        self._open: list[tuple[str, str | None]] = []
        self._skip = 0
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag in ("style", "script"):
            self._skip += 1
        key = dict(attrs).get("data-key")
        if key is not None:
            self.keyed[key] = []
        self._open.append((tag, key))
        if tag in ("td", "span", "div") and self._current_key() is not None:
            self.keyed[self._current_key()].append("")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        while self._open:
            opened, _ = self._open.pop()
            if opened == tag:
                break

    def handle_data(self, data):
        if self._skip:
            return
        self.chunks.append(data)
        key = self._current_key()
        if key is not None and self.keyed[key]:
            self.keyed[key][-1] += data

    def _current_key(self) -> str | None:
        return next((k for _, k in reversed(self._open) if k is not None), None)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    return reader


def cells(reader: PageReader, key: str) -> list[str]:
    return [c.strip() for c in reader.keyed[key] if c.strip()]


def score_json(path: Path) -> dict:
    result = CliRunner().invoke(cco_app, ["score", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return load_json(result, "score")


@pytest.fixture(scope="module")
def peru_page(tmp_path_factory) -> tuple[PageReader, str, dict]:
    from tests.conftest import PERU

    output = tmp_path_factory.mktemp("report") / "peru.html"
    result = run(PERU, "--output", output, "--lang", "en")
    assert result.exit_code == 0, result.output
    html = output.read_text(encoding="utf-8")
    return read_page(html), html, score_json(PERU)


def half_up(value: float, places: str) -> Decimal:
    # as a spreadsheet shows a number: 15 significant digits, then half away from zero
    return Decimal(f"{value:.15g}").quantize(Decimal(places), rounding=ROUND_HALF_UP)


def two(value: float) -> str:
    return str(half_up(value, "0.01"))


def percent(value: float) -> str:
    return f"{half_up(value / 3 * 100, '1')}%"


def change(value: float) -> str:
    shown = half_up(value, "0.01")
    if shown == 0:
        return f"= {abs(shown)}"
    return f"{'▲' if shown > 0 else '▼'} {shown:+}"


# ---- the numbers are cco score's ----------------------------------------------------------------


def test_every_item_row_shows_cco_scores_numbers(peru_page):
    reader, _, data = peru_page
    assert len(data["items"]) == 32
    for item in data["items"]:
        row = cells(reader, f"item:{item['id']}")
        expected = [
            str(item["rank"]),
            item["id"],
            item["text"],
            *(two(item[c]) for c in ("relevance", "effectiveness", "sustainability", "average")),
            percent(item["average"]),
            item["band"]["average"],
        ]
        if item["summit"] == "VIII":
            expected += [two(item["phase1"]["average"]), change(item["delta"]["average"])]
        assert row == expected, item["id"]


def test_every_theme_row_and_phase1_table_shows_cco_scores_numbers(peru_page):
    reader, _, data = peru_page
    for theme in data["themes"]:
        summit, number = theme["summit"], theme["theme"]
        row = cells(reader, f"theme:{summit}:{number}")
        expected = [
            str(theme["rank"]),
            theme["plan"] if summit == "IX" else str(number),
            theme["name"],
            *(two(theme[c]) for c in ("relevance", "effectiveness", "sustainability", "average")),
            percent(theme["average"]),
            theme["band"]["average"],
            str(theme["n_items"]),
        ]
        if summit == "VIII":
            expected += [two(theme["phase1"]["average"]), change(theme["delta"]["average"])]
            for criterion in ("relevance", "effectiveness", "sustainability", "average"):
                phase1 = cells(reader, f"phase1:{summit}:{number}:{criterion}")
                assert phase1[1:] == [
                    two(theme["phase1"][criterion]),
                    change(theme["delta"][criterion]),
                ]
        assert row == expected, (summit, number)


def test_summit_key_figures_show_cco_scores_numbers(peru_page):
    reader, _, data = peru_page
    for summit in data["summits"]:
        for column in ("relevance", "effectiveness", "sustainability", "average"):
            figure = cells(reader, f"figure:{summit['summit']}:{column}")
            band = summit["band"][column]
            assert figure[1:] == [two(summit[column]), percent(summit[column]), band]


def test_best_and_worst_lines_name_cco_scores_extremes_with_their_numbers(peru_page):
    reader, _, data = peru_page
    text = reader.text
    themes = {(t["summit"], t["theme"]): t for t in data["themes"]}
    items = {i["id"]: i for i in data["items"]}
    for summit in data["summits"]:
        s = summit["summit"]
        for word in ("best", "worst"):
            (number,) = summit[word]["themes"]
            theme = themes[(s, number)]
            label = f"{theme['plan']}." if s == "IX" else f"Theme {number}:"
            line = f"{word.capitalize()} theme: {label} {theme['name']} — "
            assert f"{line}{two(theme['average'])} ({percent(theme['average'])})" in text
            (item_id,) = summit[word]["items"]
            item = items[item_id]
            line = f"{word.capitalize()} commitment: {item_id} {item['text']} — "
            assert f"{line}{two(item['average'])} ({percent(item['average'])})" in text


def test_the_published_peru_extremes_read_as_the_report_gives_them(peru_page):
    # Worked out from the annex: VIII theme 2 averages (2.13 + 1.86 + 1.55) / 3 = 1.85, 62% of
    # 3; VIII-2 averages (0.50 + 0 + 0) / 3 = 0.17, 6%; IX-C-3 is 3.00 on all three, 100%.
    text = peru_page[0].text
    assert "Best theme: Theme 2: Transparency, Access to Information, Protection of " in text
    assert "Human Rights — 1.85 (62%)" in text
    assert "Worst commitment: VIII-2 Strengthen judicial autonomy" in text
    assert "— 0.17 (6%)" in text
    assert "Best commitment: IX-C-3 Develop a set of public policies" in text
    assert "— 3.00 (100%)" in text
    assert "Against Phase 1: the average was 1.79; the change is ▼ -0.53, over the 12" in text


# ---- level sentences ----------------------------------------------------------------------------

# The report's own IX commitments, their R, E, S from the annex, and the levels the bands give
# (low < 1.5 <= medium < 2.5 <= medium-high < 2.8 <= high).
IX_LEVELS = {
    "IX-C-3": ("3.00 3.00 3.00", "high relevance, high effectiveness and high sustainability"),
    "IX-B-9": ("3.00 3.00 2.83", "high relevance, high effectiveness and high sustainability"),
    "IX-C-17": (
        "2.67 2.33 2.33",
        "medium-high relevance, medium effectiveness and medium sustainability",
    ),
    "IX-C-21": (
        "2.75 1.25 2.25",
        "medium-high relevance, low effectiveness and medium sustainability",
    ),
    "IX-A-17G": (
        "2.50 2.50 2.00",
        "medium-high relevance, medium-high effectiveness and medium sustainability",
    ),
    "IX-A-4": ("0.67 0.67 2.00", "low relevance, low effectiveness and medium sustainability"),
    "IX-A-3D": ("2.00 1.50 1.10", "medium relevance, medium effectiveness and low sustainability"),
    "IX-A-17D": ("1.50 0.00 1.00", "medium relevance, low effectiveness and low sustainability"),
    "IX-A-23": ("0.00 0.00 0.00", "low relevance, low effectiveness and low sustainability"),
}


@pytest.mark.parametrize("item_id", sorted(IX_LEVELS))
def test_level_sentences_of_the_reports_ix_commitments_read_as_the_bands_say(peru_page, item_id):
    reader, _, _ = peru_page
    scores, levels = IX_LEVELS[item_id]
    assert " ".join(cells(reader, f"item:{item_id}")[3:6]) == scores
    assert f"{item_id}: {levels}." in reader.text


def test_every_item_and_theme_has_the_level_sentence_its_bands_give(peru_page):
    reader, _, data = peru_page
    for item in data["items"]:
        assert f"{item['id']}: {level_phrase(item['band'])}." in reader.text
    # VIII theme 3: R 2.81 (high), E 1.06 (low), S 0.00 (low).
    assert (
        "The commitments of this theme show high relevance, low effectiveness and low "
        "sustainability: an average of 1.29 (43%), a low level." in reader.text
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", "relevancia alta, eficacia media y sostenibilidad baja"),
        ("pt", "relevância alta, eficácia média e sustentabilidade baixa"),
        ("fr", "une pertinence élevée, une efficacité moyenne et une durabilité faible"),
        ("en", "high relevance, medium effectiveness and low sustainability"),
    ],
)
def test_level_phrase_in_every_language(lang, expected):
    bands = {"relevance": "high", "effectiveness": "medium", "sustainability": "low"}
    assert level_phrase(bands, lang) == expected


# ---- languages ----------------------------------------------------------------------------------


def test_band_words_cover_every_band():
    # Every language has every entry of the English catalog (tests/test_catalogs.py).
    bands = {"low", "medium", "medium-high", "high"}
    english = translator("en")
    assert {c.removeprefix("level:") for c in english.contexts("level:")} == bands
    described = {c.removeprefix("criterion-level:") for c in english.contexts("criterion-level:")}
    assert described == bands | {"unrated"}


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("es", ["Resumen de resultados generales", "Mejor tema:", "Peor compromiso:", "Cumbre"]),
        ("pt", ["Resumo dos resultados gerais", "Melhor tema:", "Pior compromisso:", "Cúpula"]),
        ("fr", ["Synthèse des résultats généraux", "Thème le mieux noté", "Sommet", "Rang"]),
    ],
)
def test_headings_and_sentences_follow_lang(peru, tmp_path, lang, words):
    output = tmp_path / "peru.html"
    assert run(peru, "-o", output, "--lang", lang).exit_code == 0
    html = output.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html
    for word in words:
        assert word in read_page(html).text


def test_lang_defaults_to_the_environment(peru, tmp_path, monkeypatch):
    monkeypatch.setenv("CCO_LANG", "es")
    output = tmp_path / "peru.html"
    assert run(peru, "-o", output).exit_code == 0
    assert "Resumen de resultados generales" in output.read_text(encoding="utf-8")


# ---- a page that stands alone and prints --------------------------------------------------------


def test_the_page_needs_no_network_and_runs_no_script(peru_page):
    reader, html, _ = peru_page
    assert not reader.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert "@import" not in html and "url(" not in html
    without_svg_namespace = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http://" not in without_svg_namespace and "https://" not in without_svg_namespace
    assert html.count("<svg") == 1 + 5 + 1 + 5  # per summit: its theme chart, one per theme


def test_the_print_stylesheet_breaks_pages_per_summit_and_country(peru_page):
    _, html, _ = peru_page
    style = html.split("@media print", 1)[1]
    assert "section.summit + section.summit" in style
    assert "section.country + section.country" in style
    assert "break-before: page" in style
    assert "break-inside: avoid" in style


def test_every_text_from_the_sheet_is_escaped(tmp_path):
    book = Workbook()
    book.active.append(["Summit", "Theme", "Theme name", "Commitment", "Text", "R", "E", "S"])
    book.active.append(
        ["VIII", 1, "<i>Gobernanza</i> & co", 3, "<script>alert('x')</script>", 1, 2, 3]
    )
    metadata = book.create_sheet("Metadata")
    metadata.append(["Country", 'Freedonia <img src="x">'])
    book.save(tmp_path / "freedonia.xlsx")
    output = tmp_path / "page.html"
    assert run(tmp_path / "freedonia.xlsx", "-o", output).exit_code == 0
    html = output.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;i&gt;Gobernanza&lt;/i&gt; &amp; co" in html
    reader = read_page(html)
    assert 'Freedonia <img src="x">' in reader.text
    markdown = tmp_path / "page.md"
    assert run(tmp_path / "freedonia.xlsx", "-o", markdown).exit_code == 0
    assert "<script>" not in markdown.read_text(encoding="utf-8")


# ---- Markdown -----------------------------------------------------------------------------------


def test_markdown_has_the_same_headings_tables_and_sentences(peru, tmp_path):
    output = tmp_path / "peru.md"
    result = run(peru, "--output", output)
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Citizen Corruption Observatory — Peru\n")
    assert "#### Summary of general results" in text
    assert "#### Theme 2: Transparency, Access to Information" in text
    assert "| 1 | VIII-37 | Promoting the broadest possible cooperation" in text
    # VIII-37: R 3.00 (high), E 2.50 (medium-high), S 1.33 (low).
    assert "- VIII-37: high relevance, medium-high effectiveness and low sustainability." in text
    assert "- **Best theme**: Theme 2: Transparency" in text
    assert "<svg" not in text
    stdout = run(peru, "--format", "markdown")
    assert stdout.exit_code == 0 and stdout.stdout == text


def test_the_source_line_names_the_metadata_source_and_the_file_not_its_folder(peru, tmp_path):
    page = run(peru, "--format", "markdown").stdout
    assert (
        "Source: Citizen Corruption Observatory, Peru Report 2024: Monitor of the Lima and Los "
        "Angeles Commitments, annex score tables (peru-2024.xlsx) · Phase 2 · 2024"
    ) in page
    assert str(peru.parent) not in page
    bare = tmp_path / "freedonia.xlsx"
    sheets.tidy_english(bare)
    assert "Source: freedonia.xlsx" in run(bare, "--format", "markdown", "--no-catalog").stdout


def test_html_goes_to_stdout_without_output(peru):
    result = run(peru, "--summit", "IX")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "IX Summit (Los Angeles, 2022)" in result.stdout
    assert "VIII Summit" not in result.stdout


# ---- several countries and intervals ------------------------------------------------------------


@pytest.fixture
def two_rater_countries(tmp_path) -> list[Path]:
    freedonia = ten_raters_32_items(tmp_path / "Freedonia.xlsx")
    # Sylvania rates three VIII items, every organization alike: no uncertainty at all.
    sylvania = rater_sheet(
        tmp_path / "Sylvania.xlsx",
        [
            ("VIII", 1, 1, None, each([3] * 4, [3] * 4, [3] * 4)),
            ("VIII", 2, 2, None, each([2] * 4, [2] * 4, [2] * 4)),
            ("VIII", 3, 3, None, each([0] * 4, [0] * 4, [0] * 4)),
        ],
    )
    return [freedonia, sylvania]


def test_several_countries_get_the_comparison_and_each_its_sections(two_rater_countries, tmp_path):
    output = tmp_path / "both.html"
    result = run(*two_rater_countries, "-o", output)
    assert result.exit_code == 0, result.output
    reader = read_page(output.read_text(encoding="utf-8"))
    assert "Comparison of countries" in reader.text
    # Sylvania's VIII average is (3 + 2 + 0) / 3 = 5/3 on every criterion.
    sylvania = cells(reader, "country:VIII:Sylvania")
    assert sylvania[1:9] == ["Sylvania", "3", "1.67", "1.67", "1.67", "1.67", "56%", "medium"]
    assert sylvania[-1].endswith("%")  # its chance of holding its rank
    # Freedonia's theme averages lie strictly between 0 and 2; Sylvania rates no theme 4.
    matrix = cells(reader, "matrix:VIII:Sylvania")
    assert matrix == ["Sylvania", "3.00 (1)", "2.00 (1)", "0.00 (2)", "–"]
    assert "Holds its rank: the share of 2,000 bootstrap resamples" in reader.text
    assert "Freedonia" in reader.text and "IX Summit (Los Angeles, 2022)" in reader.text


def test_rater_sheets_show_intervals_and_agreeing_raters_show_zero_width(
    two_rater_countries, tmp_path
):
    output = tmp_path / "sylvania.html"
    assert run(two_rater_countries[1], "-o", output).exit_code == 0
    reader = read_page(output.read_text(encoding="utf-8"))
    # Four organizations agree on every rating: each interval is the score itself.
    assert cells(reader, "item:VIII-2")[-3:] == ["4/4/4", "2.00–2.00", "2"]
    assert cells(reader, "figure:VIII:average")[1:4] == ["1.67", "56%", "1.67–1.67"]
    assert "90% intervals: from 2,000 bootstrap resamples" in reader.text


def test_a_means_only_page_carries_no_note_about_intervals(peru_page):
    reader, _, _ = peru_page
    assert "No intervals" not in reader.text
    assert "bootstrap" not in reader.text


def test_a_means_only_sheet_says_intervals_need_rater_rows_only_when_asked(peru, tmp_path):
    result = run(peru, "-o", tmp_path / "peru.html")
    assert result.exit_code == 0
    assert "No intervals" not in result.stderr  # nobody asked for them
    asked = run(peru, "-o", tmp_path / "peru.html", "--resamples", "500")
    assert asked.exit_code == 0
    assert "No intervals: they need rater rows (one row per organization)" in asked.stderr


def test_resamples_and_confidence_reach_the_page(two_rater_countries, tmp_path):
    output = tmp_path / "f.html"
    result = run(two_rater_countries[0], "-o", output, "--resamples", 300, "--confidence", 0.8)
    assert result.exit_code == 0, result.output
    text = read_page(output.read_text(encoding="utf-8")).text
    assert "80% intervals: from 300 bootstrap resamples" in text
    assert "80% interval" in text


# ---- errors and exit codes ----------------------------------------------------------------------


def test_an_output_that_is_an_input_is_refused(peru, tmp_path):
    copy = tmp_path / "peru.xlsx"
    copy.write_bytes(peru.read_bytes())
    result = run(copy, "-o", copy, "--format", "html")
    assert result.exit_code == 2
    assert "CCO108" in result.output
    assert copy.read_bytes() == peru.read_bytes()


def test_an_unknown_output_extension_is_refused(peru, tmp_path):
    result = run(peru, "-o", tmp_path / "page.pdf")
    assert result.exit_code == 2
    assert "--format" in result.output


def test_a_sheet_with_errors_is_left_out_and_the_others_reported(peru, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Summit,Theme,Commitment,R,E,S\nVIII,1,3,9,1,1\n", encoding="utf-8")
    output = tmp_path / "page.html"
    result = run(peru, bad, "-o", output)
    assert result.exit_code == 1
    assert "CCO201" in result.output and "left out of the report: bad.csv" in result.output
    assert "Peru" in output.read_text(encoding="utf-8")
    only_bad = run(bad, "-o", tmp_path / "none.html")
    assert only_bad.exit_code == 1
    assert not (tmp_path / "none.html").exists()


def test_the_same_country_twice_is_left_out_as_compare_leaves_it(peru, tmp_path):
    # One sheet named twice: both copies give Peru with no phase, so both are left out (CCO311),
    # exit 1, and no page is written for nothing.
    result = run(peru, peru, "--output", tmp_path / "page.html")
    assert result.exit_code == 1
    assert result.stderr.count("[CCO311]") == 2
    assert "given twice" in result.stderr
    assert "CCO003" in result.stderr
    assert not (tmp_path / "page.html").exists()


def test_the_command_module_loads_no_data_library():
    code = (
        "import sys, cco.cli.report\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pandas', 'numpy', 'matplotlib', 'openpyxl'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
