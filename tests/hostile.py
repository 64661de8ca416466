"""Builders of broken and hostile files: each one aimed at one rule or one attack."""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook

from tests import sheets


def rewrite_member(source: Path, target: Path, member: str, content: bytes) -> Path:
    """Copy a workbook archive, replacing one member's content."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = content if info.filename == member else old.read(info.filename)
            new.writestr(info.filename, data)
    return target


def declared_bomb(path: Path, declared: int = 0xFFFF0000) -> Path:
    """A valid small workbook whose sheet part claims to unpack to about 4 GB."""
    small = sheets.tidy_english(path.with_name("small-" + path.name))
    raw = bytearray(small.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    # Patch the uncompressed size in the local header (offset 22) and central directory (24).
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at : name_at + len(name)] == name:
                raw[start + offset : start + offset + 4] = struct.pack("<I", declared)
            start += 4
    path.write_bytes(bytes(raw))
    return path


def many_parts(path: Path, parts: int) -> Path:
    """A zip named .xlsx holding `parts` tiny members."""
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(parts):
            archive.writestr(f"xl/media/p{number}.bin", b"x")
    return path


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""


def entity_expansion(path: Path) -> Path:
    """A workbook whose sheet declares nested entities (the 'billion laughs' attack)."""
    good = sheets.tidy_english(path.with_name("good-" + path.name))
    return rewrite_member(good, path, "xl/worksheets/sheet1.xml", BILLION_LAUGHS)


def far_cell(path: Path, cell: str = "XFD1048576", quoting: str = '"') -> Path:
    """A tidy sheet with one stray value placed far from the data.

    `quoting` rewrites that cell's reference as XML allows: "'" (single quotes) or ' = "'
    (spaces around '='); the declared dimension then claims a small range.
    """
    book = Workbook()
    sheet = book.active
    sheet.append(["Id", "Theme", "R", "E", "S"])
    sheet.append(["VIII-3", 1, 1, 2, 3])
    sheet[cell] = "x"
    book.save(path)
    if quoting == '"':
        return path
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(member).decode()
    row = re.sub(r"[A-Z]+", "", cell)
    opener, closer = (quoting if "=" in quoting else "=" + quoting), quoting.strip(" =")
    xml = xml.replace(f'r="{cell}"', f"r{opener}{cell}{closer}")
    xml = xml.replace(f'<row r="{row}"', f"<row r{opener}{row}{closer}")
    xml = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:E2"', xml)
    moved = path.with_name("plain-" + path.name)
    path.rename(moved)
    return rewrite_member(moved, path, member, xml.encode())


def ole_file(path: Path, stream_name: str) -> Path:
    """An OLE compound file header with one stream name, as Excel's encrypted and .xls files are."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    path.write_bytes(header + stream_name.encode("utf-16-le") + b"\0" * 512)
    return path


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>
<table:table table:name="Bomb"><table:table-row table:number-rows-repeated="{rows}">
<table:table-cell table:number-columns-repeated="{columns}" office:value-type="float"
 office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048000"><table:table-cell
 table:number-columns-repeated="1024"/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"""


ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


ODS_DISGUISES = {
    "plain": lambda xml: xml,
    # '>' inside an attribute value before the repeat count (XML allows it unescaped)
    "quoted >": lambda xml: xml.replace(
        "<table:table-row table:number", '<table:table-row table:style-name="a>b" table:number'
    ).replace(
        "<table:table-cell table:number", '<table:table-cell table:style-name="x>y" table:number'
    ),
    # rows inside a row group, whose name starts like a row's
    "row group": lambda xml: xml.replace(
        '<table:table table:name="Bomb">', '<table:table table:name="Bomb"><table:table-row-group>'
    ).replace("</table:table>", "</table:table-row-group></table:table>"),
    # single quotes and spaces around '='
    "quoting": lambda xml: (
        xml.replace('number-rows-repeated="', "number-rows-repeated = '")
        .replace('{r}"', "{r}'")
        .replace('number-columns-repeated="{c}"', "number-columns-repeated='{c}'")
    ),
}


def ods_repeats(path: Path, rows: int, columns: int, disguise: str = "plain") -> Path:
    """A tiny .ods whose one cell is repeated rows x columns times, then LibreOffice's usual
    empty trailing rows (which must not count); `disguise` writes the XML in another valid way."""
    template = ODS_CONTENT.replace('repeated="{rows}"', 'repeated="{r}"').replace(
        'repeated="{columns}"', 'repeated="{c}"'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        content = re.sub(r">\s+<", "><", ODS_DISGUISES[disguise](template))
        archive.writestr("content.xml", content.format(r=rows, c=columns))
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
    return path


def cells_without_references(path: Path, rows: int, columns: int) -> Path:
    """A workbook whose cells leave out their r="A1" references (valid, and placed in order)."""
    row = b"<row>" + b'<c t="inlineStr"><is><t>x</t></is></c>' * columns + b"</row>"
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + row * rows + b"</sheetData></worksheet>"
    )
    good = sheets.tidy_english(path.with_name("good-" + path.name))
    return rewrite_member(good, path, "xl/worksheets/sheet1.xml", xml)


def padded_entities(path: Path) -> Path:
    """Entity declarations hidden behind a long comment, past the first few kilobytes."""
    xml = (
        b'<?xml version="1.0"?><!--' + b"x" * 6000 + b'--><!DOCTYPE w [<!ENTITY a "b">]>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    )
    good = sheets.tidy_english(path.with_name("good-" + path.name))
    return rewrite_member(good, path, "xl/workbook.xml", xml)
