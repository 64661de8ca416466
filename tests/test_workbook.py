"""The .xlsx workbooks of `cco compare` and `cco score`, re-opened with openpyxl."""

from __future__ import annotations

import itertools
import re
import zipfile

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cco.cli.main import app as cco_app
from cco.core.models import WRITTEN_BY
from cco.i18n.catalogs import translator
from tests import sheets
from tests.campaign import broken

SCORE_FORMAT = "0.00"


def run(*args):
    return CliRunner().invoke(cco_app, [str(a) for a in args])


def header(sheet):
    return [c.value for c in sheet[1]]


def column(sheet, name):
    """The cells below the header of the column named `name`."""
    index = header(sheet).index(name) + 1
    return [row[0] for row in sheet.iter_rows(min_row=2, min_col=index, max_col=index)]


def colour_scaled(sheet):
    return {
        str(cells.sqref): [rule.type for rule in cells.rules]
        for cells in sheet.conditional_formatting
    }


@pytest.fixture
def comparison_book(tmp_path, campaign):
    out = tmp_path / "compare.xlsx"
    result = run("compare", *campaign(), broken(tmp_path), "--output", out)
    assert result.exit_code == 1  # Elbonia is left out, the workbook is still written
    assert f"wrote {out}" in result.stderr
    return out


def test_comparison_sheets(comparison_book):
    book = load_workbook(comparison_book)
    assert book.sheetnames == [
        "Summary",
        "Themes VIII",
        "Themes IX",
        "Commitments",
        "Items",
        "Coverage",
        "Files",
        "Metadata",
    ]
    assert [c.value for c in book["Metadata"][1]] == ["Written by", "cco compare"]
    for sheet in list(book)[:-1]:
        assert sheet.freeze_panes is not None and sheet.freeze_panes.endswith("2")
        assert all(cell.font.bold for cell in sheet[1])


def test_summary_ranking_with_number_formats_and_colour_scale(comparison_book):
    summary = load_workbook(comparison_book)["Summary"]
    countries = [c.value for c in column(summary, "Country")]
    assert countries == ["Genovia", "Sylvania", "Freedonia", "Freedonia", "Sylvania"]
    averages = column(summary, "Average")
    assert averages[2].value == pytest.approx(15 / 9)  # Freedonia VIII
    assert all(c.number_format == SCORE_FORMAT for c in averages)
    assert column(summary, "Change")[2].number_format == "+0.00;-0.00;0.00"
    assert [c.value for c in column(summary, "Rank")] == [1, 1, 3, 1, 2]
    assert ["colorScale"] in colour_scaled(summary).values()
    assert summary.column_dimensions["C"].width >= len("Freedonia")
    assert summary.auto_filter.ref == "A1:M6"  # 13 columns, a header and 5 rows


def test_theme_sheet_is_a_country_by_theme_table_with_a_chart(comparison_book):
    themes = load_workbook(comparison_book)["Themes VIII"]
    assert header(themes)[0] == "Country"
    assert header(themes)[1] == "1. Gobernanza democrática"
    assert header(themes)[-3:] == ["Rank 1", "Rank 2", "Rank 3"]
    rows = {row[0]: row[1:] for row in themes.iter_rows(min_row=2, values_only=True)}
    assert rows["Freedonia"][:2] == pytest.approx([2.0, (1 + 3 + 0.5 + 2.5 + 0 + 2) / 6])
    assert rows["Freedonia"][2] is None  # Freedonia rated no VIII theme 3 item
    assert rows["Sylvania"][:3] == pytest.approx([3.0, 1.0, 2.0])
    assert rows["Sylvania"][3:] == (1, 3, 1)
    assert themes["B2"].number_format == SCORE_FORMAT
    assert len(themes._charts) == 1
    assert themes.row_dimensions[1].height >= 30  # long theme names wrap


def test_commitment_sheet_marks_items_rated_by_one_country(comparison_book):
    commitments = load_workbook(comparison_book)["Commitments"]
    assert header(commitments)[:6] == ["Summit", "Theme", "Id", "Commitment", "Rated by", "Note"]
    assert header(commitments)[6:] == ["Freedonia", "Sylvania", "Genovia"]
    rows = {row[2]: row for row in commitments.iter_rows(min_row=2, values_only=True)}
    assert rows["VIII-25"][4:] == (1, "only one country", None, 2.0, None)
    assert rows["VIII-3"][4:] == (3, None, 2.0, 3.0, 2.0)
    assert commitments.freeze_panes == "G2"


def test_items_coverage_and_files(comparison_book):
    book = load_workbook(comparison_book)
    items = book["Items"]
    assert items.max_row == 1 + 13  # 13 (country, item) pairs
    assert all(c.number_format == SCORE_FORMAT for c in column(items, "Average"))
    coverage = list(book["Coverage"].iter_rows(min_row=2, values_only=True))
    assert ("VIII", None, 3, 3, 2, 3, 1, 4, 1) in coverage
    files = {
        row[0].rsplit("/", 1)[-1]: row[3:]
        for row in book["Files"].iter_rows(min_row=2, values_only=True)
    }
    assert files["Freedonia.xlsx"] == ("yes", None)
    compared, errors = files["elbonia.xlsx"]
    assert compared == "no" and "4.5 is outside the scale 0-3 [CCO201]" in errors


def test_charts_are_native_bar_charts_with_fixed_axes(comparison_book):
    with zipfile.ZipFile(comparison_book) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2  # one per summit
        xml = archive.read(charts[0])
    # Read as XML, not as text: how the writer spaces its tags is its own business.
    import xml.etree.ElementTree as ElementTree

    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    chart = ElementTree.fromstring(xml)
    bar = chart.find(".//c:barChart", ns)
    assert bar is not None and bar.find("c:barDir", ns).get("val") == "col"
    scaling = chart.find(".//c:valAx/c:scaling", ns)
    assert scaling.find("c:max", ns).get("val") == "3"
    assert scaling.find("c:min", ns).get("val") == "0"
    categories = [f.text for f in chart.iterfind(".//c:cat/c:strRef/c:f", ns)]
    assert categories and set(categories) == {"'Themes VIII'!$A$2:$A$4"}  # countries
    assert [d.get("val") for d in chart.iterfind(".//c:delete", ns)] == ["0", "0"]  # axes shown


def test_text_cells_are_neutralized(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(
        "Country,Id,Theme,Text,R,E,S\nFreedonia,VIII-3,1,=HYPERLINK(1),1,1,1\n", encoding="utf-8"
    )
    other = sheets.save(
        [["Country", "Id", "Theme", "R", "E", "S"], ["Sylvania", "VIII-3", 1, 2, 2, 2]],
        tmp_path / "s.xlsx",
    )
    out = tmp_path / "c.xlsx"
    assert run("compare", path, other, "-o", out).exit_code == 0
    book = load_workbook(out)
    assert book["Commitments"]["D2"].value == "'=HYPERLINK(1)"
    assert book["Commitments"]["D2"].data_type == "s"


def test_score_workbook_has_formats_and_an_res_chart_per_summit(tmp_path):
    path = sheets.tidy_english(tmp_path / "Freedonia.xlsx")
    out = tmp_path / "freedonia.xlsx"
    result = CliRunner().invoke(cco_app, ["score", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["Summits", "Themes", "Items", "Charts", "Metadata"]
    items = book["Items"]
    assert items.max_row == 8 and items.freeze_panes == "E2"
    # Field names are headed in words: 'average' is Average, 'delta_average' Change in average.
    assert all(c.number_format == SCORE_FORMAT for c in column(items, "Average"))
    assert all(c.number_format == "+0.00;-0.00;0.00" for c in column(items, "Change in average"))
    assert [c.value for c in column(items, "Rank")][:3] == [1, 2, 3]
    assert "Relevance level" in header(items) and "Phase 1 relevance" in header(items)
    assert any("colorScale" in rules for rules in colour_scaled(items).values())
    assert len(book["Charts"]._charts) == 4  # per summit: R/E/S per item, theme averages
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/charts/chart1.xml").decode()
    # VIII items are rows 2-4 of Items, ids in column D, R/E/S in their own columns
    assert "<strRef><f>'Items'!$D$2:$D$4</f></strRef>" in xml
    assert xml.count("<ser>") == 3
    assert "0072B2" in xml  # Okabe-Ito blue for relevance


# ---- the reader's language ----------------------------------------------------------------


def _words(text: str) -> set[str]:
    """The words of a text, folded; {fields} of a catalog template and numbers left out."""
    return set(re.findall(r"[^\W\d_]+", re.sub(r"\{\w+\}", " ", text).casefold()))


def english_only_words(lang: str) -> set[str]:
    """Words of the English `workbook:` entries that no entry of `lang` uses ('Summary')."""
    english, other = translator("en"), translator(lang)
    contexts = english.contexts("workbook:")
    used = set().union(*(_words(other.template(c)) for c in contexts))
    return set().union(*(_words(english.template(c)) for c in contexts)) - used


def reader_texts(path) -> dict[str, set[str]]:
    """What a reader reads of a workbook besides its values: sheet names, header cells (the
    labels of the Metadata sheet's rows), chart titles, axis titles and series names."""
    book = load_workbook(path)
    *tables, metadata = book.worksheets
    headers = {str(c.value) for s in tables for c in s[1] if c.value is not None}
    charts = set()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/charts/chart"):
                xml = archive.read(name).decode()
                charts |= set(re.findall(r"<a:t>([^<]*)</a:t>", xml))  # titles, axis titles
                charts |= set(re.findall(r"<tx><v>([^<]*)</v></tx>", xml))  # series names
    # A theme's heading is a value ('3. Financing of Political Organizations', from the sheet
    # or the catalog of commitments, in the language they are written in): left out.
    themes = sorted((h for h in headers if re.match(r"[0-9A-E]\. ", h)), key=len, reverse=True)

    def without_themes(texts: set[str]) -> set[str]:
        # A heading may be cut short in a chart: '3. Financing of Political Organizations…'
        for theme in themes:
            for cut in (theme, *(theme[:n].rstrip() + "…" for n in range(len(theme), 3, -1))):
                texts = {t.replace(cut, "") for t in texts}
        return texts - {""}

    return {
        "sheets": set(book.sheetnames),
        "headers": without_themes(headers | {str(r[0].value) for r in metadata.iter_rows()}),
        "charts": without_themes(charts),
    }


@pytest.fixture
def books_in(tmp_path, campaign):
    """Both workbooks of the campaign, written in a language."""
    folder = campaign()
    one = sheets.tidy_english(tmp_path / "Freedonia.xlsx")

    def write(lang: str):
        score, compare = tmp_path / f"score-{lang}.xlsx", tmp_path / f"compare-{lang}.xlsx"
        assert run("score", one, "-o", score, "--lang", lang).exit_code == 0
        assert run("compare", *folder, "-o", compare, "--lang", lang).exit_code == 0
        return score, compare

    return write


@pytest.mark.parametrize("lang", ["es", "pt", "fr"])
def test_workbooks_speak_the_readers_language(books_in, lang):
    english = english_only_words(lang)
    assert {"summary", "coverage", "commitments", "written", "average", "change"} <= english
    for path in books_in(lang):
        for what, texts in reader_texts(path).items():
            assert texts, (path.name, what)
            for text in texts:
                assert not _words(text) & english, (path.name, what, text)
                assert text.casefold() not in english, (path.name, what, text)


def test_translated_workbooks_keep_numbers_as_numbers_and_name_bands_in_words(books_in):
    score, compare = books_in("es")
    items = load_workbook(score)["Ítems"]
    assert all(c.number_format == SCORE_FORMAT for c in column(items, "Promedio"))
    assert all(c.data_type == "n" and c.value is not None for c in column(items, "Promedio"))
    # VIII-3 (tests/sheets.py): R, E, S 2.5, 2.0, 1.5, average 2.0, 'medium' (1.5 to 2.5).
    at = [c.value for c in column(items, "Id")].index("VIII-3")
    assert column(items, "Promedio")[at].value == pytest.approx(2.0)
    assert column(items, "Nivel de promedio")[at].value == "medio"
    assert column(items, "Nivel de relevancia")[at].value == "medio-alto"  # 2.5
    summary = load_workbook(compare)["Resumen"]
    assert header(summary)[:3] == ["Cumbre", "Puesto", "País"]
    averages = column(summary, "Promedio")
    assert averages[2].value == pytest.approx(15 / 9) and averages[2].number_format == "0.00"
    assert load_workbook(compare)["Metadatos"]["A1"].value == "Escrito por"


def test_english_workbooks_keep_their_english_names(books_in):
    assert translator("en").text("workbook:meta-written-by") == WRITTEN_BY
    score, compare = books_in("en")
    assert load_workbook(score).sheetnames == ["Summits", "Themes", "Items", "Charts", "Metadata"]
    assert load_workbook(compare).sheetnames[:2] == ["Summary", "Themes VIII"]
    texts = reader_texts(score)
    assert "VIII Summit (Lima, 2018): R, E, S per commitment" in texts["charts"]
    assert {"Score (0-3)", "Commitment (in rank order)", "Relevance"} <= texts["charts"]
    assert {"Average level", "Change in relevance", "Written by"} <= texts["headers"]


@pytest.mark.parametrize("lang", ["es", "pt", "fr"])
def test_a_translated_results_workbook_is_still_refused_as_a_sheet(books_in, lang):
    score, compare = books_in(lang)
    for path in (score, compare):
        result = run("score", path)
        assert result.exit_code == 2 and "CCO102" in result.stderr, result.output


# ---- charts for a campaign ---------------------------------------------------------------------

EMU_PER_CM = 360_000
ROW_CM = 15 / 72 * 2.54  # a default row: 15 points


def drawn_charts(sheet):
    """(top row, width cm, height cm, chart) of each chart of a re-opened sheet, top first."""
    return sorted(
        (
            c.anchor._from.row,
            c.anchor.ext.width / EMU_PER_CM,
            c.anchor.ext.height / EMU_PER_CM,
            c,
        )
        for c in sheet._charts
    )


def chart_title(chart) -> str:
    return "".join(run.t for p in chart.title.tx.rich.p for run in p.r or ())


def test_a_campaign_gets_a_readable_chart_per_theme(tmp_path):
    from cco.output.workbook import write_comparison_workbook
    from cco.scoring.compare import compare_countries, summarize
    from cco.scoring.score import score_country
    from tests.test_charts import long_named_sheet, long_names

    names = long_names(20)
    cards = [score_country(long_named_sheet(name, 3, seed)) for seed, name in enumerate(names)]
    out = tmp_path / "campaign.xlsx"
    write_comparison_workbook(compare_countries([summarize(c) for c in cards]), out)
    longest = max(len(n) for n in names)
    for sheet in (load_workbook(out)["Themes VIII"], load_workbook(out)["Themes IX"]):
        charts = drawn_charts(sheet)
        assert len(charts) == 5  # one per theme, not 100 bars in one chart
        for (top, _, height, _), (below, *_) in itertools.pairwise(charts):
            assert (below - top) * ROW_CM >= height  # stacked, none over the next
        for _, width, height, chart in charts:
            assert chart.type == "bar" and len(chart.series) == 1  # countries down the side
            assert chart.x_axis.scaling.orientation == "maxMin"  # first in the ranking on top
            assert height >= 20 * 0.4  # each of the 20 bars has room for its name
            # a 10-point name takes about 0.2 cm a character; the bars keep the rest
            assert 0.2 * longest + 8 <= width <= 26
            assert len(chart_title(chart)) * 0.25 <= width  # 12-point bold title on one line
        # categories are the countries of rows 2-21, in the sheet's order
        assert "$A$2:$A$21" in str(charts[0][3].series[0].cat.strRef.f)
    # The charts of a campaign speak the reader's language too.
    portuguese = tmp_path / "campanha.xlsx"
    write_comparison_workbook(
        compare_countries([summarize(c) for c in cards]), portuguese, lang="pt"
    )
    english = english_only_words("pt")
    for text in reader_texts(portuguese)["charts"]:
        assert not _words(text) & english, text


def test_a_full_summit_turns_its_item_labels(tmp_path):
    from cco.output.workbook import write_scorecard_workbook
    from cco.scoring.score import score_country
    from tests.test_charts import long_named_sheet

    card = score_country(long_named_sheet("Freedonia", 12, seed=3))
    out = tmp_path / "card.xlsx"
    write_scorecard_workbook(card, out)
    charts = drawn_charts(load_workbook(out)["Charts"])
    assert len(charts) == 4
    for (top, _, height, _), (below, *_) in itertools.pairwise(charts):
        assert (below - top) * ROW_CM >= height
    with zipfile.ZipFile(out) as archive:
        items_chart = archive.read("xl/charts/chart1.xml").decode()  # VIII: 60 items x R, E, S
    assert 'rot="-2700000"' in items_chart  # labels turned 45 degrees
    assert charts[0][1] == pytest.approx(60)  # widest allowed: 60 items x 3 bars


def test_frame_rows_read_as_the_list_of_tuples_they_replace():
    import pandas as pd

    from cco.output.workbook import FrameRows

    frame = pd.DataFrame(
        {"label": ["Freedonia", "Sylvania", None], "average": [1.5, float("nan"), 2.0]}
    )
    frame["rank"] = pd.array([1, None, 2], dtype="Int64")

    def shown(rows):  # NaN is not equal to itself: compare what each value reads as
        return [tuple(map(repr, row)) for row in rows]

    plain = list(frame.itertuples(index=False, name=None))
    rows = FrameRows(frame)
    assert len(rows) == 3 and shown(rows) == shown(plain) and bool(rows)
    assert shown([rows[1], rows[-1]]) == shown([plain[1], plain[-1]])
    assert shown(rows[1:]) == shown(plain[1:])
    assert [repr(v) for v in rows.column(1)] == [repr(row[1]) for row in plain]
    assert not FrameRows(frame.iloc[0:0])
