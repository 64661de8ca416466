"""`cco score` fills texts and theme names a sheet leaves empty from the catalog, never more."""

from __future__ import annotations

from typer.testing import CliRunner

from cco.cli.main import app
from tests import sheets
from tests.conftest import load_json

runner = CliRunner()


def test_empty_texts_come_from_the_catalog_and_given_ones_stay(tmp_path):
    rows = [
        ["Id", "Theme", "Text", "R", "E", "S"],
        ["VIII-25", 3, None, 2, 2, 2],
        ["VIII-2", 1, "Our own wording of commitment 2.", 1, 1, 1],
    ]
    path = sheets.save(rows, tmp_path / "bare.xlsx")
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    data = load_json(result, "score")
    items = {i["id"]: i for i in data["items"]}
    assert items["VIII-25"]["text"].startswith("Encouraging adoption and/or strengthening")
    assert items["VIII-2"]["text"] == "Our own wording of commitment 2."
    names = {t["theme"]: t["name"] for t in data["themes"]}
    assert names[3] == "Financing of Political Organizations and Election Campaigns"


def test_no_catalog_fills_nothing(tmp_path):
    path = sheets.save(
        [["Id", "Theme", "R", "E", "S"], ["VIII-25", 3, 2, 2, 2]], tmp_path / "b.xlsx"
    )
    data = load_json(
        runner.invoke(app, ["score", str(path), "-f", "json", "--no-catalog"]), "score"
    )
    assert data["items"][0]["text"] is None
