"""The Peru report page in a real browser: headless Chromium draws it, prints it and reads it back.

Skipped only when no Chromium binary is found (CI installs Debian's `chromium`; set
CCO_CHROMIUM to use another binary).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from cco.cli.main import app as cco_app
from tests.conftest import load_json

WIDTH, HEIGHT = 1280, 2000
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def run(*args):
    """`cco report` with `args`."""
    return CliRunner().invoke(cco_app, ["report", *(str(a) for a in args)])


def chromium_binary() -> str | None:
    """CCO_CHROMIUM if set, else the first Chromium-like browser on PATH."""
    chosen = os.environ.get("CCO_CHROMIUM")
    if chosen:
        return shutil.which(chosen) or (chosen if Path(chosen).is_file() else None)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def browser() -> str:
    binary = chromium_binary()
    if binary is None:
        pytest.skip(
            "no chromium binary found (CCO_CHROMIUM, or chromium, chromium-browser or "
            "google-chrome on PATH); install Debian's chromium package to run the browser tests"
        )
    return binary


def headless(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium as root can: no sandbox, no GPU, no network chatter, own profile."""
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def peru_page(tmp_path_factory) -> tuple[Path, dict]:
    from tests.conftest import PERU

    folder = tmp_path_factory.mktemp("browser")
    page = folder / "peru.html"
    result = run(PERU, "--output", page, "--lang", "en")
    assert result.exit_code == 0, result.output
    scored = CliRunner().invoke(cco_app, ["score", str(PERU), "--format", "json"])
    return page, load_json(scored, "score")


class TextOnly(HTMLParser):
    """The text a reader sees: tags stripped, style left out."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        self._style = self._style or tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._style = False

    def handle_data(self, data):
        if not self._style:
            self.chunks.append(data)


def test_the_page_draws_a_full_non_blank_screenshot(browser, peru_page, tmp_path):
    page, _ = peru_page
    shot = tmp_path / "peru.png"
    result = headless(
        browser,
        tmp_path / "profile",
        f"--window-size={WIDTH},{HEIGHT}",
        f"--screenshot={shot}",
        page.as_uri(),
    )
    assert shot.is_file(), result.stderr[-2000:]
    with Image.open(shot) as image:
        assert image.size == (WIDTH, HEIGHT)
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=WIDTH * HEIGHT)
        assert colours is not None and len(colours) > 50  # text, bars, bands: not one colour
        # The page is drawn all the way down: the last tenth is not empty either.
        bottom = rgb.crop((0, HEIGHT * 9 // 10, WIDTH, HEIGHT))
        assert len(bottom.getcolors(maxcolors=WIDTH * HEIGHT) or []) > 10
        # The chart colours (Okabe-Ito blue, orange, green) are on screen.
        present = {colour for _, colour in colours}
        assert {(0, 114, 178), (230, 159, 0), (0, 158, 115)} <= present


def test_the_text_the_browser_shows_names_the_country_every_theme_and_the_extremes(
    browser, peru_page, tmp_path
):
    page, data = peru_page
    result = headless(browser, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    reader = TextOnly()
    reader.feed(result.stdout)
    text = " ".join(" ".join(reader.chunks).split())
    assert "Citizen Corruption Observatory — Peru" in text
    for theme in data["themes"]:
        label = f"{theme['plan']}." if theme["summit"] == "IX" else f"Theme {theme['theme']}:"
        assert f"{label} {theme['name']}" in text, theme["name"]
    themes = {(t["summit"], t["theme"]): t for t in data["themes"]}
    items = {i["id"]: i for i in data["items"]}
    for summit in data["summits"]:
        for word in ("best", "worst"):
            theme = themes[(summit["summit"], summit[word]["themes"][0])]
            average = theme["average"]
            assert f"{word.capitalize()} theme: " in text
            assert f"{theme['name']} — {average:.2f} ({average / 3 * 100:.0f}%)" in text
            item = items[summit[word]["items"][0]]
            line = f"{word.capitalize()} commitment: {item['id']} {item['text']}"
            assert f"{line} — {item['average']:.2f} ({item['average'] / 3 * 100:.0f}%)" in text
    # Worked out from the annex: the VIII summit averages 1.26 (42% of 3); theme 2 is best at
    # 1.85, IX plan B best at 2.94, VIII-2 worst at 0.17.
    assert "Overall, the 12 commitments evaluated average 1.26 out of 3 (42%)" in text
    assert "Best theme: Theme 2: Transparency" in text and "— 1.85 (62%)" in text
    assert (
        "Best theme: B. Action Plan on Health and Resilience in the Americas — 2.94 (98%)" in text
    )
    assert "Worst commitment: VIII-2 Strengthen judicial autonomy" in text


def test_printing_gives_a_pdf_with_a_page_per_summit_at_least(browser, peru_page, tmp_path):
    page, _ = peru_page
    pdf = tmp_path / "peru.pdf"
    result = headless(
        browser,
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    )
    assert pdf.is_file(), result.stderr[-2000:]
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    # Each summit starts a page (the print stylesheet), so two summits need two pages at least.
    assert len(re.findall(rb"/Type\s*/Page(?!s)", content)) >= 2


def test_the_page_fits_a_phones_width_without_scrolling_sideways(browser, peru_page, tmp_path):
    # The page measures itself once loaded; headless Chromium's narrowest window is 500 pixels
    # wide, narrower than the 760-pixel breakpoint the phone layout starts at.
    page, _ = peru_page
    probe = (
        "<script>window.addEventListener('load', () => {"
        "const root = document.documentElement;"
        "document.body.dataset.scrollWidth = root.scrollWidth;"
        "document.body.dataset.clientWidth = root.clientWidth;});</script>"
    )
    measured = tmp_path / "probe.html"
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"))
    result = headless(
        browser,
        tmp_path / "profile",
        "--window-size=390,800",
        "--virtual-time-budget=2000",
        "--dump-dom",
        measured.as_uri(),
    )
    scroll = re.search(r'data-scroll-width="(\d+)"', result.stdout)
    client = re.search(r'data-client-width="(\d+)"', result.stdout)
    assert scroll and client, result.stderr[-500:]
    assert int(client.group(1)) <= 760
    assert int(scroll.group(1)) <= int(client.group(1))
