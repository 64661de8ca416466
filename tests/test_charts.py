"""`cco chart`: figure files written headless, with the sizes and colours expected."""

from __future__ import annotations

import pytest
from PIL import Image
from typer.testing import CliRunner

from cco.cli.main import app
from cco.core.models import CRITERIA
from cco.output.charts import short_id, text_colour, theme_label
from tests.campaign import broken, freedonia

OKABE_ITO_BLUE = (0, 114, 178)  # relevance bars


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def picture(path):
    """The image's pixel size and its distinct RGB colours, the file closed again."""
    with Image.open(path) as image:
        return image.size, {c for _, c in image.convert("RGB").getcolors(maxcolors=1 << 24)}


def has_colour(colours, colour, tolerance: int = 3) -> bool:
    return any(
        all(abs(p - c) <= tolerance for p, c in zip(pixel, colour, strict=True))
        for pixel in colours
    )


def test_one_country_png_has_the_expected_size(tmp_path):
    out = tmp_path / "freedonia.png"
    result = run("chart", freedonia(tmp_path), "--output", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 10_000
    size, colours = picture(out)
    # 10 in wide; 1 in title + per summit 3.5 in items + 1 in + 0.5 in x 2 themes = 12 in
    assert size == (10 * 150, 12 * 150)
    assert has_colour(colours, OKABE_ITO_BLUE)


def test_one_summit_only(tmp_path):
    out = tmp_path / "viii.png"
    assert run("chart", freedonia(tmp_path), "-o", out, "--summit", "VIII").exit_code == 0
    assert picture(out)[0] == (1500, int((1 + 3.5 + 1 + 0.5 * 2) * 150))


def test_several_countries_make_a_heat_map(tmp_path, campaign):
    out = tmp_path / "themes.png"
    result = run("chart", *campaign(), "-o", out, "--dpi", 80)
    assert result.exit_code == 0, result.output
    size, colours = picture(out)
    # two summits: 2 x 6 in + 2 in wide; 2.5 in + 3 countries x 0.375 in high
    assert size == (14 * 80, int((2.5 + 3 * 0.375) * 80))
    assert not has_colour(colours, OKABE_ITO_BLUE)  # no bars: a heat map


def test_svg_and_pdf(tmp_path, campaign):
    svg, pdf = tmp_path / "f.svg", tmp_path / "f.pdf"
    assert run("chart", freedonia(tmp_path), "-o", svg).exit_code == 0
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Freedonia: scores by commitment and theme" in text
    assert run("chart", *campaign(), "-o", pdf).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_bad_sheet_is_left_out_and_the_chart_still_drawn(tmp_path, campaign):
    out = tmp_path / "themes.png"
    result = run("chart", *campaign(), broken(tmp_path), "-o", out)
    assert result.exit_code == 1
    assert "CCO201" in result.stderr and "compared 3 of 4 sheets" in result.stderr
    assert out.stat().st_size > 0


def test_unknown_figure_type_cannot_run(tmp_path):
    out = tmp_path / "f.gif"
    result = run("chart", freedonia(tmp_path), "-o", out)
    assert result.exit_code == 2
    assert "use a .png, .svg or .pdf name" in result.stderr
    assert not out.exists()


def test_output_may_not_overwrite_an_input(tmp_path):
    path = tmp_path / "f.png"
    path.write_bytes(b"not a sheet")
    result = run("chart", path, "-o", path)
    assert result.exit_code == 2
    assert path.read_bytes() == b"not a sheet"


def test_text_colour_contrasts_with_the_cell():
    assert text_colour((1.0, 1.0, 1.0)) == "black"
    assert text_colour((0.0, 0.0, 0.0)) == "white"
    assert text_colour((0.0, 0.13, 0.3, 1.0)) == "white"  # cividis' dark blue end
    assert text_colour((1.0, 0.92, 0.27, 1.0)) == "black"  # its yellow end


def test_theme_labels_and_short_ids():
    assert theme_label("VIII", 1, "Strengthening Democratic Governance", 16, 4) == (
        "1. Strengthening\nDemocratic\nGovernance"
    )
    assert theme_label("IX", 3, None, 20, 1) == "Theme C"
    assert theme_label("IX", 2, "Health and Resilience in the Americas", 14, 2) == (
        "B. Health and\nResilience in…"
    )
    assert short_id("IX-A-3D", "IX") == "A-3D" and short_id("VIII-25", "VIII") == "25"


CHART_KEYS = (
    "chart-country-title",
    "chart-items-title",
    "chart-phase1-average",
    "chart-theme-average",
    "chart-themes-title",
    "chart-heatmap-title",
)


@pytest.mark.parametrize("lang", ["es", "pt", "fr"])
def test_svg_figures_keep_their_words_as_text_in_the_readers_language(tmp_path, lang):
    import re
    from html import unescape

    from cco.i18n.phrases import phrase
    from tests.conftest import PERU

    one = tmp_path / "peru.svg"
    result = run("chart", PERU, "-o", one, "--lang", lang)
    assert result.exit_code == 0, result.output
    words = " ".join(unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", one.read_text()))
    # The words are text elements (not glyph outlines), and none is the English of a chart phrase.
    assert phrase("chart-phase1-average", lang) in words
    for key in CHART_KEYS:
        english = phrase(key, "en", country="Peru", summit="").strip(": ")
        assert english not in words, (key, english)


# ---- a campaign: 20 and more countries with long names ----------------------------------------

REGIONS = ("Freedonia", "Sylvania", "Genovia", "Elbonia", "Grand Fenwick", "Latveria", "Kravia")
QUARTERS = ("Norte", "del Sur", "Oriental", "Occidental")
THEME_NAMES = {
    "VIII": (
        "Strengthening of Democratic Governance and Public Institutions",
        "Transparency, Access to Information and Protection of Whistle-blowers",
        "Financing of Political Organizations and Election Campaigns",
        "Prevention of Corruption in Public Works and Procurement",
        "International Legal Cooperation and the Fight against Bribery",
    ),
    "IX": (
        "Democratic Governance",
        "Health and Resilience in the Americas",
        "Clean Energy Agenda for the Americas",
        "Our Green Future",
        "Digital Transformation",
    ),
}


def long_names(count: int) -> list[str]:
    """'Republic of Freedonia-Sylvania Norte': fictional, distinct, 30 to 45 characters."""
    return [
        f"Republic of {REGIONS[k % 7]}-{REGIONS[(k + 1 + k // 7) % 7]} {QUARTERS[k % 4]} {k + 1}"
        for k in range(count)
    ]


def long_named_sheet(country: str, per_theme: int, seed: int, unrated_plan: str = ""):
    """Five themes per summit, `per_theme` items each, scores drawn from 0-3 (some 0); the IX
    action plan `unrated_plan` ('E') left unrated."""
    import random

    from cco.core.models import CountrySheet, Item

    rng = random.Random(seed)
    items = []
    for theme in range(1, 6):
        for number in range(1, per_theme + 1):
            scores = {c: rng.choice([0, 0.5, 1, 1.5, 2, 2.5, 3]) for c in CRITERIA}
            commitment = 12 * (theme - 1) + number
            viii = THEME_NAMES["VIII"][theme - 1]
            items.append(
                Item(
                    id=f"VIII-{commitment}",
                    summit="VIII",
                    theme=theme,
                    commitment=commitment,
                    theme_name=viii,
                    **scores,
                )
            )
            plan = "ABCDE"[theme - 1]
            ix = THEME_NAMES["IX"][theme - 1]
            if plan == unrated_plan:
                continue
            items.append(
                Item(
                    id=f"IX-{plan}-{number}",
                    summit="IX",
                    theme=theme,
                    plan=plan,
                    commitment=number,
                    theme_name=ix,
                    **scores,
                )
            )
    return CountrySheet(country=country, file=f"{country}.xlsx", items=items)


def text_boxes(figure):
    """Every visible, non-blank text of a drawn figure with its box in pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    FigureCanvasAgg(figure).draw()
    renderer = figure.canvas.get_renderer()
    texts = {id(t): t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()}
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts.values()]


def crowded(boxes, frame, slack: float = 0.5):
    """Texts outside the figure, and pairs of texts whose boxes overlap (by more than slack)."""
    outside = [
        text
        for text, box in boxes
        if box.x0 < frame.x0 - slack
        or box.y0 < frame.y0 - slack
        or box.x1 > frame.x1 + slack
        or box.y1 > frame.y1 + slack
    ]
    overlapping = [
        (a, b)
        for n, (a, one) in enumerate(boxes)
        for b, other in boxes[n + 1 :]
        if min(one.x1, other.x1) - max(one.x0, other.x0) > slack
        and min(one.y1, other.y1) - max(one.y0, other.y0) > slack
    ]
    return outside, overlapping


@pytest.mark.parametrize(("count", "lang"), [(20, "en"), (25, "fr"), (22, "es")])
def test_a_campaign_with_long_names_draws_no_text_over_another(count, lang):
    from cco.i18n.phrases import phrase
    from cco.output.charts import country_figure, heatmap_figure
    from cco.scoring.compare import compare_countries, summarize
    from cco.scoring.score import score_country

    cards = [
        score_country(long_named_sheet(name, 3, seed, unrated_plan="E" if seed == 0 else ""))
        for seed, name in enumerate(long_names(count))
    ]
    heatmap = heatmap_figure(compare_countries([summarize(c) for c in cards]), lang=lang)
    boxes = text_boxes(heatmap)
    # Every country, theme and cell is drawn: 2 summits x 5 themes x `count` values, but one
    # cell is a dash (the first country's plan E), which the note under the map explains.
    assert sum(text[:1].isdigit() and "." in text and len(text) == 4 for text, _ in boxes) == (
        2 * 5 * count - 1
    )
    assert [text for text, _ in boxes].count("–") == 1
    assert phrase("chart-theme-not-rated", lang) in [text for text, _ in boxes]
    assert {name for name, _ in boxes} >= set(long_names(count))
    assert crowded(boxes, heatmap.bbox) == ([], [])
    # One country rating every commitment of a summit: 60 items side by side.
    full = score_country(long_named_sheet(long_names(1)[0], 12, seed=99))
    figure = country_figure(full.country, full.items, full.themes, lang=lang)
    assert crowded(text_boxes(figure), figure.bbox) == ([], [])
