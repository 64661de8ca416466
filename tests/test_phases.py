"""A country given in several phases is one country: the change from each phase to the next."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from cco.cli.main import app
from tests.conftest import load_json

runner = CliRunner()


def ruritania(folder: Path, phase: str, rows: list[tuple[str, int, int, int, int]]) -> Path:
    """Fictional Ruritania's sheet of one phase: (id, theme, R, E, S) rows and a Metadata sheet."""
    book = Workbook()
    scores = book.active
    scores.title = "Scores"
    scores.append(["Id", "Theme", "R", "E", "S"])
    for row in rows:
        scores.append(list(row))
    metadata = book.create_sheet("Metadata")
    metadata.append(["Country", "Ruritania"])
    metadata.append(["Phase", phase])
    path = folder / f"ruritania-{phase}.xlsx"
    book.save(path)
    return path


@pytest.fixture
def two_phases(tmp_path: Path) -> list[Path]:
    # Phase 3 is given first on purpose: phases are ordered by number, not by argument order.
    later = ruritania(tmp_path, "3", [("VIII-3", 1, 3, 3, 3), ("VIII-14", 2, 2, 1, 0)])
    earlier = ruritania(
        tmp_path,
        "2",
        [("VIII-3", 1, 1, 1, 1), ("VIII-14", 2, 2, 2, 2), ("VIII-20", 2, 3, 3, 3)],
    )
    return [later, earlier]


def test_compare_gives_the_change_between_phases_over_the_items_both_rated(two_phases):
    result = runner.invoke(app, ["compare", *map(str, two_phases), "-f", "json", "--no-catalog"])
    assert result.exit_code == 0, result.output
    changes = load_json(result, "compare")["phase_changes"]
    by_scope = {(c["theme"], c["id"]): c for c in changes}
    # Shared items: VIII-3 and VIII-14 (VIII-20 only in phase 2).
    # Phase 2 over them: R (1+2)/2 = 1.5, E 1.5, S 1.5 -> 1.5.
    # Phase 3 over them: R (3+2)/2 = 2.5, E (3+1)/2 = 2, S (3+0)/2 = 1.5 -> 2.0. Change +0.5.
    summit = by_scope[(None, None)]
    assert (summit["from_phase"], summit["to_phase"], summit["items"]) == ("2", "3", 2)
    assert summit["from_average"] == pytest.approx(1.5)
    assert summit["to_average"] == pytest.approx(2.0)
    assert summit["change"] == pytest.approx(0.5)
    # Theme 2 holds only VIII-14 of the shared items: 2.0 -> (2+1+0)/3 = 1.0, change -1.0
    theme2 = by_scope[(2, None)]
    assert (theme2["items"], theme2["change"]) == (1, pytest.approx(-1.0))
    # Item VIII-3: 1.0 -> 3.0
    assert by_scope[(1, "VIII-3")]["change"] == pytest.approx(2.0)
    assert (2, "VIII-20") not in by_scope
    assert len(changes) == 1 + 2 + 2  # the summit, themes 1 and 2, items VIII-3 and VIII-14


def test_the_table_shows_the_change_and_labels_each_phase(two_phases):
    result = runner.invoke(
        app, ["compare", *map(str, two_phases), "-f", "markdown", "--no-catalog"]
    )
    assert result.exit_code == 0, result.output
    assert "change between phases" in result.stdout
    assert "| Ruritania | 2 → 3 |" in result.stdout
    assert "Ruritania (phase 2)" in result.stdout and "Ruritania (phase 3)" in result.stdout


def test_no_phase_changes_without_a_recurring_country(tmp_path):
    one = ruritania(tmp_path, "2", [("VIII-3", 1, 1, 1, 1)])
    result = runner.invoke(app, ["compare", str(one), "-f", "json", "--no-catalog"])
    assert load_json(result, "compare")["phase_changes"] == []


def test_the_report_counts_one_country_in_two_phases_and_labels_each(two_phases, tmp_path):
    page = tmp_path / "ruritania.md"
    args = ["report", *map(str, two_phases), "-o", str(page), "--no-catalog"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    title = text.splitlines()[0]
    assert title == "# Citizen Corruption Observatory — Ruritania, 2 phases"
    assert "Ruritania (Phase 2)" in text and "Ruritania (Phase 3)" in text
    # the change from phase 2 to 3 over the two shared items: 1.50 -> 2.00 (see above)
    assert "| Ruritania | 2 → 3 | VIII Summit | 2 | 1.50 | 2.00 | ▲ +0.50 |" in text


def test_compare_ranks_by_the_metric_asked_and_keeps_the_top(tmp_path):
    # Three fictional countries, one VIII item each, R/E/S chosen so that the orders differ:
    # by average: Ruritania 2.0 > Freedonia 1.67 > Sylvania 1.0
    # by relevance: Sylvania 3 > Freedonia 2 > Ruritania 1
    rows = {"Ruritania": (1, 2, 3), "Freedonia": (2, 1, 2), "Sylvania": (3, 0, 0)}
    paths = []
    for country, (r, e, s) in rows.items():
        path = tmp_path / f"{country.lower()}.csv"
        path.write_text(f"Country,Id,Theme,R,E,S\n{country},VIII-3,1,{r},{e},{s}\n")
        paths.append(str(path))
    base = ["compare", *paths, "-f", "json", "--no-catalog"]
    by_average = load_json(runner.invoke(app, base), "compare")
    order = [c["country"] for c in sorted(by_average["countries"], key=lambda c: c["rank"])]
    assert order == ["Ruritania", "Freedonia", "Sylvania"]
    by_relevance = load_json(runner.invoke(app, [*base, "--by", "relevance"]), "compare")
    assert by_relevance["by"] == "relevance"
    order = [c["country"] for c in sorted(by_relevance["countries"], key=lambda c: c["rank"])]
    assert order == ["Sylvania", "Freedonia", "Ruritania"]
    top = load_json(runner.invoke(app, [*base, "--by", "relevance", "--top", "2"]), "compare")
    assert sorted(c["country"] for c in top["countries"]) == ["Freedonia", "Sylvania"]
    assert sorted(t["country"] for t in top["themes"]) == ["Freedonia", "Sylvania"]
    assert sorted(c["country"] for c in top["commitments"]) == ["Freedonia", "Sylvania"]
