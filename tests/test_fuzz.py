"""Whatever a file holds, cco answers with a report and an exit code, never a traceback."""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from cco.cli.main import app
from cco.pipeline.validate import validate_file
from tests.conftest import load_json

runner = CliRunner()
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Text that a spreadsheet can store: no control characters or lone surrogates.
printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"),
    max_size=30,
)
meaningful = st.sampled_from(
    [
        "",
        "VIII",
        "IX",
        "Cumbre IX",
        "Theme 2: Transparency",
        "C. Regional Agenda",
        "A",
        "G",
        "25. Encouraging",
        "3D",
        "D. Promote",
        "2,81",
        "-1,42",
        "n/a",
        "-",
        "VIII-25",
        "IX-A-3D",
        "IX-Z-1",
        "VIII-99",
        "Org Alfa",
        "=1+1",
        "+-",
        "Δ",
        "R",
        "E",
        "S",
        "Commitment",
    ]
)
cell = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10, max_value=10**7),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    meaningful,
    printable,
)
HEADERS = [
    ["Commitment", "R", "+-", "E", "+-", "S", "+-"],
    ["Id", "Theme", "Organization", "R", "E", "S"],
    ["Cumbre", "Eje", "Compromiso", "Subcompromiso", "Relevancia", "Eficacia", "Sostenibilidad"],
    ["Summit", "Plan", "Commitment", "Sub", "R", "E", "S"],
]


def assert_clean_run(path: Path) -> None:
    report = validate_file(path)
    assert report.file == str(path)
    for command in (["validate", str(path)], ["score", str(path), "-f", "json"]):
        result = runner.invoke(app, command)
        assert result.exit_code in (0, 1, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert "Traceback" not in result.output
        if command[0] == "score" and result.exit_code == 0:
            load_json(result, "score")  # whatever the cells, the JSON keeps its contract


@FUZZ
@given(
    header=st.sampled_from(HEADERS),
    rows=st.lists(st.lists(cell, min_size=0, max_size=8), max_size=12),
    titles=st.lists(printable, max_size=2),
)
def test_random_cells_give_a_report(tmp_path_factory, header, rows, titles):
    path = tmp_path_factory.mktemp("fuzz") / "sheet.xlsx"
    book = Workbook()
    for title in titles:
        book.active.append([title])
    book.active.append(header)
    for row in rows:
        book.active.append([v for v in row if not (isinstance(v, float) and not math.isfinite(v))])
    book.save(path)
    assert_clean_run(path)


@FUZZ
@given(
    rows=st.lists(st.lists(st.one_of(meaningful, printable), max_size=8), max_size=12),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_random_csv_gives_a_report(tmp_path_factory, rows, delimiter, encoding):
    lines = [delimiter.join(["Commitment", "R", "E", "S"])]
    lines += [delimiter.join(row) for row in rows]
    path = tmp_path_factory.mktemp("fuzz") / "sheet.csv"
    path.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
    assert_clean_run(path)


@FUZZ
@given(
    data=st.binary(max_size=2048),
    suffix=st.sampled_from([".xlsx", ".xlsm", ".ods", ".csv"]),
    zip_magic=st.booleans(),
)
def test_random_bytes_give_a_report(tmp_path_factory, data, suffix, zip_magic):
    path = tmp_path_factory.mktemp("fuzz") / f"file{suffix}"
    path.write_bytes((b"PK\x03\x04" if zip_magic else b"") + data)
    assert_clean_run(path)


@FUZZ
@given(
    members=st.dictionaries(
        st.sampled_from(
            [
                "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels",
                "xl/worksheets/sheet1.xml",
                "[Content_Types].xml",
                "content.xml",
                "xl/sharedStrings.xml",
            ]
        ),
        st.binary(max_size=512),
        max_size=6,
    )
)
def test_random_archives_give_a_report(tmp_path_factory, members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    path = tmp_path_factory.mktemp("fuzz") / "archive.xlsx"
    path.write_bytes(buffer.getvalue())
    assert_clean_run(path)


xml_pieces = st.sampled_from(
    [
        b'<c r="A1">',
        b"<c>",
        b"<c/>",
        b'<c s="1" r="B2"/>',
        b'<c s="1"/>',
        b'<c\nr="C3"/>',
        b"<c\t/>",
        b'<x:c r="A1"/>',
        b"<x:c/>",
        b"<x:c>",
        b"<c r='XFD7'/>",
        b'<c r = "AB120000"/>',
        b"<x:c s='a>b' r='ZZ9'/>",
        b'<c s="q>r" r="C5"/>',
        b"<cols>",
        b'<col min="1"/>',
        b"<v>1</v></c>",
        b"<row>",
        b'<row r="250000">',
        b"<row r='7'>",
        b"</row>",
        b"note: c here",
        b"<cfRule/>",
    ]
)


def referenced_extent(xml: bytes) -> tuple[int, int]:
    """The rows and columns of every cell reference, found the slow, sure way."""
    from cco.io.archive import _TAG_REST, _cell_patterns, _column_number

    patterns = _cell_patterns()
    rows = columns = 0
    for start in patterns.cell_tag.finditer(xml):
        tag = xml[start.end() : _TAG_REST.match(xml, start.end()).end()]
        reference = patterns.any_ref.search(tag)
        if reference is not None:
            rows = max(rows, int(reference.group(3)))
            columns = max(columns, _column_number(reference.group(2).upper()))
    return rows, columns


@FUZZ
@given(st.lists(xml_pieces, max_size=14))
def test_the_used_range_never_falls_short_of_a_referenced_cell(pieces):
    """However a reference is quoted or placed, the quick scan sees at least as far.

    Rows under 100,000 written plainly (r="A5") are left to the last row element: with at
    most 26 such columns they stay under the default cell limit whatever they are.
    """
    from cco.io.archive import used_range

    xml = b"".join(pieces)
    rows, columns = used_range(xml)
    slow_rows, slow_columns = referenced_extent(xml)
    assert columns >= slow_columns
    assert rows >= slow_rows or slow_rows < 100_000


_VALID: dict[str, bytes] = {}


def _valid_workbook(suffix: str, folder: Path) -> bytes:
    """The bytes of a valid Freedonia workbook (.xlsx from openpyxl, .ods from odfpy), made once."""
    from tests import sheets

    if suffix not in _VALID:
        build = sheets.tidy_english if suffix == ".xlsx" else sheets.french_ods
        _VALID[suffix] = build(folder / f"valid{suffix}").read_bytes()
    return _VALID[suffix]


@settings(FUZZ, max_examples=25)
@given(
    suffix=st.sampled_from([".xlsx", ".ods"]),
    choice=st.integers(min_value=0),
    flips=st.lists(
        st.tuples(st.floats(min_value=0, max_value=1, exclude_max=True), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    ),
)
def test_byte_flips_inside_the_xml_of_a_valid_workbook_give_a_report(
    tmp_path_factory, suffix, choice, flips
):
    """Damage inside a part (not the zip around it) reaches the XML readers themselves."""
    from cco.core.models import CcoError
    from cco.io.readers import read_workbook

    folder = tmp_path_factory.mktemp("flip")
    with zipfile.ZipFile(io.BytesIO(_valid_workbook(suffix, folder))) as valid:
        parts = {info.filename: valid.read(info) for info in valid.infolist()}
    xml_parts = sorted(name for name in parts if name.endswith((".xml", ".rels")))
    target = xml_parts[choice % len(xml_parts)]
    content = bytearray(parts[target])
    for where, byte in flips:
        content[int(where * len(content))] = byte
    parts[target] = bytes(content)
    path = folder / f"flipped{suffix}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    try:
        read_workbook(path)
    except CcoError as exc:
        assert exc.problem.file == str(path)
    assert_clean_run(path)
