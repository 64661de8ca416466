"""A campaign's submissions repository, read as a coordinator and a CI job read it.

The folder is built by tests/campaign.py's `build_submissions`: twenty fictional countries in
the layouts national teams send (no Theme column, ids in a Compromiso column, one folder per
country), with a catalog CSV, a contacts list, a hidden folder, a lock file and links beside them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cco.catalog.commitments import load_catalog
from cco.cli.main import app
from cco.pipeline.score_file import FileSettings, read_file
from cco.pipeline.sheets import Skipped, find_sheets
from cco.pipeline.validate import validate_paths
from tests.campaign import SUBMISSION_CODES, build_submissions
from tests.conftest import load_json

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def submissions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_submissions(tmp_path_factory.mktemp("campaign"))


def _codes_by_file(folder: Path, settings: FileSettings, **options: object) -> dict[str, list]:
    report = validate_paths([folder], settings, **options)  # type: ignore[arg-type]
    return {
        Path(r.file).relative_to(folder).as_posix(): sorted(p.code for p in r.problems)
        for r in report.files
    }


def _items(path: Path, settings: FileSettings) -> dict[str, int | None]:
    result = read_file(path, settings)
    assert result.ingest is not None and result.ingest.sheet is not None, result.problems
    return {item.id: item.theme for item in result.ingest.sheet.items}


# Reading what teams send ---------------------------------------------------------------------


def test_validate_on_the_campaign_folder_gives_the_expected_codes_per_file(submissions):
    # Every sheet at any depth, and nothing else: not the catalog, the hidden folder, the lock
    # file, the loop back to the top (no file twice) nor the folder a link leads outside to.
    settings = FileSettings(catalog=load_catalog(submissions / "catalog.csv"))
    assert _codes_by_file(submissions, settings) == SUBMISSION_CODES


def test_an_item_with_no_theme_in_its_sheet_takes_the_catalogs(submissions):
    settings = FileSettings(catalog=load_catalog())
    # The shipped catalog: VIII-13 is in theme 2, VIII-25 in theme 3, IX-A-3D in plan A (1).
    assert _items(submissions / "borduria" / "Borduria.xlsx", settings) == {
        "VIII-13": 2,
        "VIII-25": 3,
    }
    assert _items(submissions / "vulgaria" / "Vulgaria.xlsx", settings) == {
        "VIII-13": 2,
        "IX-A-3D": 1,
    }


def test_a_commitment_column_holding_full_ids_is_read_as_ids(submissions):
    settings = FileSettings(catalog=load_catalog())
    assert _items(submissions / "sylvania" / "sylvania.csv", settings) == {
        "VIII-13": 2,
        "VIII-25": 3,
        "IX-A-3D": 1,
    }
    # beside an 'Item' column counting the rows
    assert _items(submissions / "grand-fenwick" / "Grand Fenwick.csv", settings) == {
        "VIII-7": 1,
        "IX-A-4": 1,
    }
    assert _items(submissions / "san-lorenzo" / "San Lorenzo.xlsx", settings) == {
        "VIII-41": 5,
        "VIII-2": 1,
    }


def test_a_theme_the_sheet_gives_is_kept_and_checked_against_the_catalog(submissions):
    settings = FileSettings(catalog=load_catalog())
    result = read_file(submissions / "markovia" / "markovia.csv", settings)
    assert result.ingest is not None and result.ingest.sheet is not None
    assert [(i.id, i.theme) for i in result.ingest.sheet.items] == [("VIII-25", 4)]
    assert [(p.code, p.params["value"], p.params["expected"]) for p in result.problems] == [
        ("CCO310", "4", "3")
    ]


def test_where_neither_sheet_nor_catalog_knows_the_theme_the_hint_names_both_remedies(
    submissions,
):
    latveria = submissions / "latveria" / "latveria.xlsx"
    # VIII-50 is only in the coordinators' catalog: with the shipped one alone it has no theme.
    result = read_file(latveria, FileSettings(catalog=load_catalog()))
    assert sorted(p.code for p in result.problems) == ["CCO206", "CCO309"]
    (no_theme,) = [p for p in result.problems if p.code == "CCO206"]
    assert "Theme column" in (no_theme.hint or "")
    assert "--catalog" in (no_theme.hint or "")
    assert _items(latveria, FileSettings(catalog=load_catalog(submissions / "catalog.csv"))) == {
        "VIII-50": 5
    }


def test_without_a_catalog_a_sheet_with_no_theme_column_is_refused_as_before(submissions):
    result = read_file(submissions / "borduria" / "Borduria.xlsx", FileSettings(catalog=None))
    assert [(p.code, p.row) for p in result.problems] == [("CCO206", 2), ("CCO206", 3)]


def test_compare_reads_every_sheet_a_person_would_call_fine(submissions):
    result = CliRunner().invoke(
        app,
        ["compare", str(submissions), "--catalog", str(submissions / "catalog.csv"), "-f", "json"],
    )
    assert result.exit_code == 1  # Ruritania sent twice: both sheets left out, coded
    data = load_json(result, "compare")
    left_out = sorted(Path(s["file"]).name for s in data["sheets"] if not s["compared"])
    assert left_out == ["contacts.csv", "ruritania-resent.xlsx", "ruritania.xlsx"]
    assert len(data["sheets"]) == 23
    themes = {
        (row["country"], row["theme"]): row["average"]
        for row in data["themes"]
        if row["summit"] == "VIII"
    }
    # Borduria: VIII-13 (2, 2, 2) in theme 2, VIII-25 (1, 1, 1) in theme 3, placed by catalog.
    assert themes[("Borduria", 2)] == pytest.approx(2.0)
    assert themes[("Borduria", 3)] == pytest.approx(1.0)
    # Sylvania: VIII-25 rated (1, 2, 3), its mean 2.0, in theme 3.
    assert themes[("Sylvania", 3)] == pytest.approx(2.0)


# Searching folders -----------------------------------------------------------------------------


def test_exclude_skips_files_and_folders_by_path_or_name(submissions):
    settings = FileSettings(catalog=load_catalog(submissions / "catalog.csv"))
    found = _codes_by_file(
        submissions, settings, exclude=["ruritania-resent.xlsx", "genovia/2023", "contacts.*"]
    )
    expected = {
        path: codes
        for path, codes in SUBMISSION_CODES.items()
        if path not in ("ruritania/ruritania-resent.xlsx", "genovia/2023/phase1.xlsx")
        and path != "contacts.csv"
    }
    expected["ruritania/ruritania.xlsx"] = []  # no longer sent twice
    assert found == expected


def test_a_link_to_a_folder_already_searched_is_not_searched_again(tmp_path):
    folder = build_submissions(tmp_path)
    (folder / "latest").symlink_to(folder / "genovia" / "2024", target_is_directory=True)
    found = [p.relative_to(folder).as_posix() for p in find_sheets([folder]).files]
    assert sorted(found) == sorted(SUBMISSION_CODES)


def test_a_file_named_explicitly_is_judged_as_it_would_be_in_a_folder(submissions):
    lock = submissions / "freedonia" / "~$freedonia-2024.xlsx"
    hidden = submissions / "markovia" / ".markovia-backup.csv"
    shutil.copy(submissions / "markovia" / "markovia.csv", hidden)
    sheet = submissions / "markovia" / "markovia.csv"
    missing = submissions / "nowhere.xlsx"
    search = find_sheets([submissions / "catalog.csv", lock, hidden, sheet, missing])
    assert search.files == [sheet, missing]  # a missing file is read, and reported (CCO101)
    assert search.skipped == [
        (submissions / "catalog.csv", Skipped.catalog),
        (lock, Skipped.lock),
        (hidden, Skipped.hidden),
    ]


def test_validate_of_the_files_pre_commit_passes_exits_0_unless_strict(submissions):
    runner = CliRunner()
    named = [str(submissions / "catalog.csv"), str(submissions / "contacts.csv")]
    relaxed = runner.invoke(app, ["validate", *named])
    assert relaxed.exit_code == 0
    assert "catalog.csv: a catalog file, not a sheet: skipped" in relaxed.stderr
    assert "CCO120" in relaxed.stdout
    strict = runner.invoke(app, ["validate", "--strict", *named])
    assert strict.exit_code == 1
    assert runner.invoke(app, ["validate", str(submissions / "catalog.csv")]).exit_code == 0


def test_a_workbook_with_no_header_is_still_an_unreadable_file(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name", "email"])
    book.save(tmp_path / "contacts.xlsx")
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "contacts.xlsx")])
    assert result.exit_code == 2
    assert "CCO104" in result.stdout


# pre-commit ------------------------------------------------------------------------------------


def test_pre_commit_run_all_files_passes_on_a_mixed_repository(tmp_path):
    pytest.importorskip("pre_commit")
    yaml = pytest.importorskip("yaml")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    repo = tmp_path / "repo"
    repo.mkdir()
    build_submissions(repo)
    shutil.rmtree(repo / "elsewhere")  # the sheet a link led outside to (scores of 9)
    # A repository's other CSVs, outside the submissions folder: exported figures, a catalog.
    (repo / "figures.csv").write_text("year,value\n2024,3\n", "utf-8")
    (repo / "catalog.csv").write_text(
        "id,summit,theme,commitment,text\nVIII-50,VIII,5,50,x\n", "utf-8"
    )
    for link in repo.glob("submissions/**/*"):
        if link.is_symlink():
            link.unlink()  # git would store the links; the folder search is tested above
    shutil.rmtree(repo / "submissions" / ".git")
    shutil.rmtree(repo / "submissions" / "ruritania")  # a duplicate fails, as it should

    def run(files: str | None) -> subprocess.CompletedProcess[str]:
        local = {
            "id": hook["id"],
            "name": hook["name"],
            # The published hook's entry, run by this interpreter: no network in the test.
            "entry": f"{sys.executable} -m cco validate --catalog submissions/catalog.csv",
            "language": "system",
            "files": files or hook["files"],
            "pass_filenames": hook["pass_filenames"],
            "require_serial": hook["require_serial"],
        }
        config = {"repos": [{"repo": "local", "hooks": [local]}]}
        (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
        subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
        env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "CCO_LANG": "en"}
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "config", "user.email", "ci@example.org"], cwd=repo, check=True)
    subprocess.run(["git", "config", "user.name", "CI"], cwd=repo, check=True)
    unscoped = run(None)
    assert unscoped.returncode == 0, unscoped.stdout + unscoped.stderr
    scoped = run(r"^submissions/.*\.(xlsx|xlsm|ods|csv)$")
    assert scoped.returncode == 0, scoped.stdout + scoped.stderr
    # The test can fail: a score outside the scale fails the hook.
    (repo / "submissions" / "borduria" / "Borduria.xlsx").unlink()
    (repo / "submissions" / "borduria" / "borduria.csv").write_text(
        "Id,R,E,S\nVIII-13,2,9,2\n", "utf-8"
    )
    broken = run(r"^submissions/")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "CCO201" in broken.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["score", "{contacts}"],
        ["compare", "{contacts}"],
        ["chart", "{contacts}", "-o", "{out}/figure.png"],
        ["report", "{contacts}", "-f", "markdown"],
    ],
)
def test_commands_given_only_files_that_are_no_sheet_say_so_and_exit_2(submissions, tmp_path, args):
    """A contacts list is not a broken sheet: nothing was there to score (CCO002), as for a
    folder with no sheet, never 'errors found' (exit 1) with no error shown."""
    runner = CliRunner()
    values = {"contacts": str(submissions / "contacts.csv"), "out": str(tmp_path)}
    result = runner.invoke(app, [a.format(**values) for a in args])
    assert result.exit_code == 2
    assert "[CCO120]" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("cco: error: no evaluation sheet in")
    assert not (tmp_path / "figure.png").exists()


@pytest.mark.parametrize("command", ["compare", "report"])
def test_a_path_that_does_not_exist_is_exit_2_and_the_rest_is_still_written(
    submissions, tmp_path, command
):
    """A typo on the command line is not a bad sheet: CI must be able to tell them apart."""
    sheet = submissions / "markovia" / "markovia.csv"
    output = tmp_path / "out.md"
    result = CliRunner().invoke(
        app, [command, str(sheet), str(tmp_path / "nowhere.xlsx"), "-o", str(output)]
    )
    assert result.exit_code == 2
    assert "nowhere.xlsx: error: file not found [CCO101]" in result.stderr
    assert output.exists()  # the sheet that exists was compared or reported
