"""`cco validate`: one rule per bad file, its code, its cell and the exit code."""

from __future__ import annotations

import os
import time

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from cco.cli.main import app
from cco.pipeline.score_file import FileSettings
from cco.pipeline.validate import validate_file, validate_paths
from tests import hostile, sheets
from tests.conftest import load_json

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def codes(report):
    return [(code, row, column) for code, _sheet, row, column in report.tuples()]


TIDY_HEAD = ["Summit", "Theme", "Commitment", "R", "E", "S"]


def test_clean_sheet_validates_with_exit_0(peru):
    result = run("validate", peru)
    assert result.exit_code == 0
    assert "1 file, 0 with errors, 0 errors, 0 warnings" in result.stdout


def test_every_problem_of_every_file_in_one_run(tmp_path):
    sheets.save(
        [
            TIDY_HEAD,
            ["VIII", 1, 3, 4.5, 1, 1],  # row 2: E is fine, R out of range
            ["VIII", 1, 7, "alto", 2, -1],  # row 3: not a number, out of range
            ["X", 1, 8, 1, 1, 1],  # row 4: unknown summit
        ],
        tmp_path / "a.xlsx",
    )
    sheets.save([TIDY_HEAD, ["IX", "G", 3, 1, 1, 1]], tmp_path / "b.xlsx")  # unknown plan
    report = validate_paths([tmp_path])
    assert [f.file.rsplit("/", 1)[-1] for f in report.files] == ["a.xlsx", "b.xlsx"]
    assert codes(report) == [
        ("CCO201", 2, "D"),
        ("CCO202", 3, "D"),
        ("CCO201", 3, "F"),
        ("CCO205", 4, "A"),
        ("CCO206", 2, "B"),
    ]
    result = run("validate", tmp_path, "--no-catalog")
    assert result.exit_code == 1
    assert "2 files, 2 with errors, 5 errors, 0 warnings" in result.stdout


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a rater's rating must be a whole number
        (
            [["Id", "Theme", "Organization", "R", "E", "S"], ["VIII-3", 1, "Alfa", 2.5, 1, 1]],
            [("CCO203", 2, "D")],
        ),
        # the same item twice
        (
            [["Id", "Theme", "R", "E", "S"], ["VIII-3", 1, 1, 1, 1], ["VIII-3", 1, 2, 2, 2]],
            [("CCO301", 3, None)],
        ),
        # a sub-commitment with no commitment above it
        (
            [
                ["Summit", "Plan", "Commitment", "Sub", "R", "E", "S"],
                ["IX", "A", None, "D", 1, 1, 1],
            ],
            [("CCO302", 2, "D")],
        ),
        # a change that puts Phase 1 below 0
        (
            [["Id", "Theme", "R", "+-", "E", "S"], ["VIII-3", 1, 0.5, 1.5, 1, 1]],
            [("CCO303", 2, "D")],
        ),
        # a criterion missing for an item: a warning
        # (E is column D)
        ([["Id", "Theme", "R", "E", "S"], ["VIII-3", 1, 1, None, 1]], [("CCO204", 2, "D")]),
        # the same theme number with two names: a warning
        (
            [
                ["Id", "Theme", "Theme name", "R", "E", "S"],
                ["VIII-3", 1, "Gobernanza", 1, 1, 1],
                ["VIII-7", 1, "Governance", 1, 1, 1],
            ],
            [("CCO304", 3, None)],
        ),
        # a VIII commitment number that cannot exist
        ([["Id", "Theme", "R", "E", "S"], ["VIII-58", 1, 1, 1, 1]], [("CCO208", 2, None)]),
        # a header but no item
        ([["Id", "Theme", "R", "E", "S"]], [("CCO106", None, None)]),
        # a IX theme number and plan letter that disagree
        (
            [["Summit", "Theme", "Plan", "Commitment", "R", "E", "S"], ["IX", 2, "C", 3, 1, 1, 1]],
            [("CCO305", 2, "C")],
        ),
    ],
)
def test_each_rule_names_its_cell(tmp_path, rows, expected):
    path = sheets.save(rows, tmp_path / "case.xlsx")
    assert codes(validate_paths([path])) == expected


def test_formula_without_a_computed_value_is_an_error(tmp_path):
    book = Workbook()
    book.active.append(["Id", "Theme", "R", "E", "S"])
    book.active.append(["VIII-3", 1, "=AVERAGE(2,3)", 1, 1])
    book.save(tmp_path / "formula.xlsx")  # openpyxl stores no computed value
    report = validate_file(tmp_path / "formula.xlsx")
    assert ("CCO111", 2, "C") in codes(ValidationLike(report))
    problem = next(p for p in report.problems if p.code == "CCO111")
    assert "spreadsheet program" in problem.hint


class ValidationLike:
    """Wrap one FileReport so that `codes` reads it like a whole report."""

    def __init__(self, file_report):
        self.file_report = file_report

    def tuples(self):
        return [(p.code, p.sheet, p.row, p.column) for p in self.file_report.problems]


def test_hidden_sheet_and_hidden_rows_holding_scores_are_warnings(tmp_path):
    book = Workbook()
    visible = book.active
    visible.title = "Scores"
    visible.append(["Id", "Theme", "R", "E", "S"])
    visible.append(["VIII-3", 1, 1, 1, 1])
    visible.append(["VIII-7", 1, 2, 2, 2])
    visible.row_dimensions[3].hidden = True
    old = book.create_sheet("Old copy")
    old.append(["Id", "Theme", "R", "E", "S"])
    old.append(["VIII-8", 1, 1, 1, 1])
    old.sheet_state = "hidden"
    book.save(tmp_path / "hidden.xlsx")
    report = validate_file(tmp_path / "hidden.xlsx")
    found = {(p.code, p.sheet, p.row) for p in report.problems}
    assert found == {("CCO112", "Scores", 3), ("CCO110", "Old copy", None)}
    assert all(not p.is_error for p in report.problems)


def test_empty_workbook_cannot_run(tmp_path):
    Workbook().save(tmp_path / "empty.xlsx")
    result = run("validate", tmp_path / "empty.xlsx")
    assert result.exit_code == 2
    assert "CCO104" in result.stdout


def test_a_bomb_is_refused_fast_without_unpacking(tmp_path):
    path = hostile.declared_bomb(tmp_path / "bomb.xlsx")
    started = time.perf_counter()
    report = validate_file(path)
    elapsed = time.perf_counter() - started
    assert [p.code for p in report.problems] == ["CCO113"]
    assert "would unpack to 4096 MB" in report.problems[0].message
    assert elapsed < 0.5


def test_an_archive_with_too_many_parts_is_refused(tmp_path):
    report = validate_file(hostile.many_parts(tmp_path / "parts.xlsx", 2001))
    assert [p.code for p in report.problems] == ["CCO113"]


def test_limits_are_configurable(tmp_path, monkeypatch):
    path = sheets.tidy_english(tmp_path / "f.xlsx")
    monkeypatch.setenv("CCO_MAX_FILE_MB", "0.001")
    assert [p.code for p in validate_file(path).problems] == ["CCO113"]


def test_entity_expansion_is_refused(tmp_path):
    report = validate_file(hostile.entity_expansion(tmp_path / "laughs.xlsx"))
    assert [p.code for p in report.problems] == ["CCO115"]


@pytest.mark.parametrize("quoting", ['"', "'", ' = "', " = '"])
@pytest.mark.parametrize("cell", ["XFD1", "A1048576", "XFD1048576"])
def test_a_far_away_cell_is_refused_before_reading(tmp_path, cell, quoting):
    """However the XML quotes its reference: the reader would allocate the whole range."""
    report = validate_file(hostile.far_cell(tmp_path / "far.xlsx", cell, quoting))
    assert [p.code for p in report.problems] == ["CCO114"]
    assert report.problems[0].sheet == "Sheet"


@pytest.mark.parametrize(
    ("stream", "words"),
    [("EncryptedPackage", "encrypted"), ("Workbook", "legacy Excel 97-2003 (.xls)")],
)
def test_encrypted_and_legacy_workbooks_get_their_own_line(tmp_path, stream, words):
    report = validate_file(hostile.ole_file(tmp_path / "x.xlsx", stream))
    assert report.problems[0].code == "CCO102"
    assert words in report.problems[0].message


def test_json_output_is_stable(tmp_path):
    sheets.save([TIDY_HEAD, ["VIII", 1, 3, 4.5, 1, 1]], tmp_path / "bad.xlsx")
    result = run("validate", tmp_path / "bad.xlsx", "--format", "json", "--no-catalog")
    assert result.exit_code == 1
    data = load_json(result, "validate")
    assert data["valid"] is False
    assert data["summary"] == {"files": 1, "files_with_errors": 1, "errors": 1, "warnings": 0}
    problem = data["files"][0]["problems"][0]
    assert {k: problem[k] for k in ("code", "name", "severity", "sheet", "row", "column")} == {
        "code": "CCO201",
        "name": "score-out-of-range",
        "severity": "error",
        "sheet": "Scores",
        "row": 2,
        "column": "D",
    }
    assert problem["header"] == "R"


def test_github_format_annotates_each_cell_and_says_what_it_left_out(tmp_path):
    rows = [TIDY_HEAD] + [["VIII", 1, n, 9, 1, 1] for n in range(1, 13)]
    sheets.save(rows, tmp_path / "many.xlsx")
    result = run("validate", tmp_path / "many.xlsx", "--format", "github")
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 10
    assert annotations[0].startswith("::error file=")
    assert ",line=2,title=CCO201 score-out-of-range::" in annotations[0]
    assert "2 more problems were not annotated" in result.stdout
    # the full report is in the log too
    assert sum("[CCO201]" in line for line in result.stdout.splitlines()) == 12


def test_strict_fails_on_warnings(tmp_path):
    sheets.save([["Id", "Theme", "R", "E", "S"], ["VIII-3", 1, 1, None, 1]], tmp_path / "w.xlsx")
    assert run("validate", tmp_path / "w.xlsx").exit_code == 0
    assert run("validate", tmp_path / "w.xlsx", "--strict").exit_code == 1


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("es", "está fuera de la escala 0-3"),
        ("pt", "está fora da escala 0-3"),
        ("fr", "est hors de l'échelle 0-3"),
        ("en", "is outside the scale 0-3"),
    ],
)
def test_messages_in_four_languages_with_the_same_codes(tmp_path, lang, words):
    sheets.save([TIDY_HEAD, ["VIII", 1, 3, 4.5, 1, 1]], tmp_path / "bad.xlsx")
    result = run("validate", tmp_path / "bad.xlsx", "--lang", lang)
    assert words in result.stdout
    assert "[CCO201]" in result.stdout


def test_language_comes_from_the_environment(tmp_path, monkeypatch):
    sheets.save([TIDY_HEAD, ["VIII", 1, 3, 4.5, 1, 1]], tmp_path / "bad.xlsx")
    monkeypatch.delenv("CCO_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "es_PE.UTF-8")
    assert "fuera de la escala" in run("validate", tmp_path / "bad.xlsx").stdout


def test_missing_file_in_a_batch_is_reported_and_the_rest_checked(tmp_path, peru):
    result = run("validate", tmp_path / "nope.xlsx", peru)
    assert result.exit_code == 2
    assert "file not found [CCO101]" in result.stdout
    assert "2 files, 1 with errors" in result.stdout


def test_a_folder_without_sheets_yet_is_clean_with_a_note(tmp_path):
    # A submissions folder before the first submission: CI must not fail on it.
    result = run("validate", tmp_path, "--format", "json", "--lang", "es")
    assert result.exit_code == 0
    assert load_json(result, "validate")["summary"]["files"] == 0
    assert "nada que revisar" in result.stderr


def test_a_path_that_does_not_exist_cannot_run(tmp_path):
    result = run("validate", tmp_path / "missing-folder")
    assert result.exit_code == 2
    assert "[CCO101]" in result.stdout


def test_score_runs_the_same_rules(tmp_path):
    rows = [["Id", "Theme", "R", "E", "S"], ["VIII-58", 1, 1, 1, 1]]
    path = sheets.save(rows, tmp_path / "x.xlsx")
    result = run("score", path)
    assert result.exit_code == 1
    assert "CCO208" in result.stderr


@pytest.mark.parametrize("disguise", sorted(hostile.ODS_DISGUISES))
def test_an_ods_of_repeated_cells_is_refused_before_reading(tmp_path, disguise):
    started = time.perf_counter()
    report = validate_file(hostile.ods_repeats(tmp_path / "bomb.ods", 60_000, 1_000, disguise))
    assert [p.code for p in report.problems] == ["CCO114"]
    assert time.perf_counter() - started < 2


def test_an_ods_with_empty_trailing_rows_is_read(tmp_path):
    report = validate_file(hostile.ods_repeats(tmp_path / "fine.ods", 3, 5))
    assert [p.code for p in report.problems] == ["CCO104"]  # read: it just has no header


def test_cells_without_references_count_toward_the_limits(tmp_path, monkeypatch):
    monkeypatch.setenv("CCO_MAX_ROWS", "100")
    report = validate_file(hostile.cells_without_references(tmp_path / "nor.xlsx", 200, 3))
    assert [p.code for p in report.problems] == ["CCO114"]


def test_csv_limits_apply_while_reading(tmp_path, monkeypatch):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(["x"] * 300) + "\n", encoding="utf-8")
    monkeypatch.setenv("CCO_MAX_COLUMNS", "100")
    assert [p.code for p in validate_file(path).problems] == ["CCO114"]


def test_entities_behind_a_long_comment_are_refused(tmp_path):
    report = validate_file(hostile.padded_entities(tmp_path / "padded.xlsx"))
    assert [p.code for p in report.problems] == ["CCO115"]


def test_a_legacy_xls_in_a_folder_is_reported_not_skipped(tmp_path, peru):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    sheets.tidy_english(tmp_path / "freedonia.xlsx")
    report = validate_paths([tmp_path])
    assert [(f.file.rsplit("/", 1)[-1], f.readable) for f in report.files] == [
        ("freedonia.xlsx", True),
        ("old.xls", False),
    ]


def test_an_ods_named_xlsx_is_refused(tmp_path):
    ods = sheets.french_ods(tmp_path / "sheet.ods")
    renamed = tmp_path / "sheet.xlsx"
    renamed.write_bytes(ods.read_bytes())
    report = validate_file(renamed)
    assert [p.code for p in report.problems] == ["CCO102"]
    assert "holds an OpenDocument spreadsheet" in report.problems[0].message


def test_a_catalog_beside_the_sheets_in_a_folder_is_not_read_as_a_sheet(tmp_path):
    from cco.pipeline.sheets import Skipped, find_sheets

    (tmp_path / "catalog.csv").write_text("id,summit,theme,text\nVIII-1,VIII,1,x\n", "utf-8")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Id,Summit,Commitment,Text,R,E,S\nVIII-1,VIII,1,x,1,2,3\n", "utf-8")
    assert find_sheets([tmp_path]).files == [sheet]
    # named on its own (as pre-commit names every CSV), it is skipped as in a folder, with a note
    search = find_sheets([tmp_path / "catalog.csv", sheet])
    assert search.files == [sheet]
    assert search.skipped == [(tmp_path / "catalog.csv", Skipped.catalog)]


def test_a_criterion_left_unrated_names_its_cell(tmp_path):
    # VIII-25 leaves S (column E) blank; VIII-2 leaves every criterion blank: that is the row's.
    path = tmp_path / "freedonia.csv"
    path.write_text("Id,Theme,R,E,S\nVIII-25,3,1,2,\nVIII-2,1,,,\n", encoding="utf-8")
    report = validate_paths([path], FileSettings(catalog=None))
    assert [t for t in report.tuples() if t[0] == "CCO204"] == [
        ("CCO204", "freedonia", 2, "E"),
        ("CCO204", "freedonia", 3, None),
    ]
    (blank_s,) = [p for p in report.problems if p.row == 2 and p.code == "CCO204"]
    assert blank_s.header == "S"


def test_github_annotations_speak_one_language(tmp_path):
    rows = [TIDY_HEAD, ["VIII", 1, 3, 9, 1, 1]]
    sheets.save(rows, tmp_path / "one.xlsx")
    result = run("validate", tmp_path / "one.xlsx", "--format", "github", "--lang", "es")
    (annotation,) = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    words = annotation.split("::")[2]
    assert words.startswith("hoja 'Scores', columna D (R): 9 está fuera de la escala")
    assert "sheet " not in words and "column " not in words, words


@pytest.mark.parametrize("content", [b"a\rb\x00c\r\n", b'Id,R\r"x\rb",1\n'])
def test_a_csv_with_stray_carriage_returns_is_reported_not_an_internal_error(tmp_path, content):
    # Found by the fuzz test: the catalog-file sniff read the first line with the csv module,
    # outside the reading child, and its csv.Error escaped as exit 3.
    path = tmp_path / "stray.csv"
    path.write_bytes(content)
    result = run("validate", path, "--format", "json")
    assert result.exit_code in (0, 1, 2)
    assert "internal error" not in result.stderr
    data = load_json(result, "validate")
    assert data["summary"]["files"] == 1
    assert all(p["code"].startswith("CCO") for f in data["files"] for p in f["problems"])


def test_a_pipe_named_like_a_sheet_is_refused_not_waited_on(tmp_path):
    import os

    pipe = tmp_path / "submission.csv"
    os.mkfifo(pipe)
    result = run("validate", pipe)
    assert result.exit_code == 2
    assert "[CCO101]" in result.stdout
    # Found in a folder, it is reported the same way, not skipped.
    found = run("validate", tmp_path, "-f", "json")
    assert found.exit_code == 2
    files = load_json(found, "validate")["files"]
    assert [(f["file"], [p["code"] for p in f["problems"]]) for f in files] == [
        (str(pipe), ["CCO101"])
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_reader_that_leaves_early_does_not_turn_errors_into_exit_0(tmp_path, fmt):
    """`cco validate ... | head` under `set -o pipefail`: the errors' exit code 1 survives."""
    import subprocess
    import sys

    sheets.save(
        [TIDY_HEAD, *(["VIII", 1, n, 4.5, 1, 1] for n in range(1, 40))], tmp_path / "a.xlsx"
    )
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before the first line is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "cco", "validate", str(tmp_path), "--no-catalog", "-f", fmt],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(writer)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_entities_declared_in_a_utf16_part_are_refused(tmp_path, encoding):
    """XML may be UTF-16 (with a byte-order mark, or without one): its DTD is still seen."""
    xml = hostile.BILLION_LAUGHS.decode().replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'
    )
    good = sheets.tidy_english(tmp_path / "good.xlsx")
    path = hostile.rewrite_member(
        good, tmp_path / "laughs16.xlsx", "xl/worksheets/sheet1.xml", xml.encode(encoding)
    )
    assert [p.code for p in validate_file(path).problems] == ["CCO115"]


def test_a_utf16_prolog_walk_reads_what_a_utf8_one_does():
    import io

    from cco.io.archive import _as_utf8, _prolog_declares

    for xml in (hostile.BILLION_LAUGHS, b'<?xml version="1.0"?><!-- x --><worksheet/>'):
        text = xml.decode()
        for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
            found = _prolog_declares(_as_utf8(io.BytesIO(text.encode(encoding)).read))
            assert found == _prolog_declares(io.BytesIO(xml).read) == (b"DOCTYPE" in xml)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b",,,\r\n;;\r\n", b"\xef\xbb\xbf\r\n"])
def test_an_empty_csv_is_an_error_not_a_skipped_contacts_list(tmp_path, content):
    """A CSV with no text is a sheet that lost its rows; a contacts list is only a warning."""
    (tmp_path / "empty.csv").write_bytes(content)
    (tmp_path / "contacts.csv").write_text("Name,Email\nAna,ana@example.invalid\n")
    report = validate_paths([tmp_path])
    codes = {f.file.rsplit("/", 1)[-1]: [p.code for p in f.problems] for f in report.files}
    assert codes == {"contacts.csv": ["CCO120"], "empty.csv": ["CCO104"]}
    assert run("validate", tmp_path / "empty.csv").exit_code == 2


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_an_empty_utf16_csv_is_an_error_too(tmp_path, encoding):
    (tmp_path / "empty.csv").write_bytes("\ufeff\r\n,\r\n".encode(encoding))
    report = validate_paths([tmp_path])
    assert [[p.code for p in f.problems] for f in report.files] == [["CCO104"]]
