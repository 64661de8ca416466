"""Builders of files that attack the readers themselves: raw XML in a zip, no binary committed.

Each builder writes a small file (a few KB at most) aimed at one way a native reader or a
pre-scan can be made to abort, allocate without bound, loop or inflate too much.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
    '<sheets><sheet name="Scores" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)


def sheet_xml(rows: str) -> str:
    """A worksheet part holding `rows` (raw `<row>` elements)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
    return f"{head}<sheetData>{rows}</sheetData></worksheet>"


GOOD_ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Commitment</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>R</t></is></c><c r="C1" t="inlineStr"><is><t>E</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>S</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>VIII-1-3</t></is></c>'
    '<c r="B2"><v>2</v></c><c r="C2"><v>1</v></c><c r="D2"><v>3</v></c></row>'
)


def xlsx(path: Path, sheet: str = "", extra: dict[str, bytes | str] | None = None) -> Path:
    """A minimal .xlsx with one worksheet (`sheet`, raw XML) and any `extra` parts."""
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet or sheet_xml(GOOD_ROWS),
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def far_cell_lower_case(path: Path) -> Path:
    """One lower-case reference at the sheet's far corner: a reader allocates the whole grid."""
    far = '<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>'
    return xlsx(path, sheet_xml(GOOD_ROWS + far))


def huge_unique_count(path: Path, count: str = "18446744073709551615") -> Path:
    """A shared-strings part announcing 2^64-1 strings: a reader reserves room for them."""
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{count}" '
        f'uniqueCount="{count}"><si><t>Commitment</t></si></sst>'
    )
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return xlsx(path, sheet_xml(rows), {"xl/sharedStrings.xml": strings})


def encrypted_flag(path: Path) -> Path:
    """A good workbook whose sheet member carries the zip 'encrypted' flag."""
    xlsx(path)
    raw = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, flags_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            if raw[start + name_at : start + name_at + len(name)] == name:
                raw[start + flags_at] |= 0x01
            start += 4
    path.write_bytes(bytes(raw))
    return path


def bzip2_member(path: Path, size: int) -> Path:
    """A workbook whose sheet is a bzip2 member inflating to `size` bytes of one cell's text."""
    padding = "x" * size
    sheet = sheet_xml(
        GOOD_ROWS + f'<row r="3"><c r="A3" t="inlineStr"><is><t>{padding}</t></is></c></row>'
    )
    xlsx(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/worksheets/sheet2.xml", sheet)
    return path


def lying_size(path: Path, size: int) -> Path:
    """A deflate member whose directory says it is 100 bytes, inflating to `size` bytes."""
    sheet = sheet_xml(GOOD_ROWS + "<!--" + "x" * size + "-->")
    xlsx(path, sheet)
    raw = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            if raw[start + name_at : start + name_at + len(name)] == name:
                raw[start + size_at : start + size_at + 4] = (100).to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(raw))
    return path


def unclosed_tags(path: Path, count: int) -> Path:
    """A worksheet followed by `count` cell tags that never close (a backtracking trap)."""
    return xlsx(path, sheet_xml(GOOD_ROWS) + '<c r="A1" s="1' * count)


def ods(path: Path, content: str) -> Path:
    """An .ods holding `content` as its content.xml."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
)
ODS_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def ods_repeated_text(path: Path) -> Path:
    """A 1 KB .ods whose one text cell is repeated over a million columns and rows."""
    table = (
        '<table:table table:name="Scores"><table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>Freedonia</text:p></table:table-cell></table:table-row></table:table>"
    )
    return ods(path, ODS_HEAD + table + ODS_TAIL)


def csv_stray_quote(path: Path) -> Path:
    """A CSV whose comment cell opens a quote that never closes: later rows would vanish."""
    path.write_text(
        "Commitment,R,E,S,Comment\n"
        'VIII-1-3,2,1,3,"see annex\n'
        "VIII-2-14,1,1,1,fine\n"
        "VIII-2-15,3,3,3,fine\n",
        encoding="utf-8",
    )
    return path
