"""Look inside a workbook archive before any reader inflates or allocates it.

Checks the zip directory (part count, declared unpacked size, truncation), refuses XML with a
DTD or entity declarations (entity-expansion attacks), and scans each .xlsx worksheet's XML for
what the fast reader does not report: the real used range, hidden rows, and formula cells that
were never calculated.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from cco.core.limits import Limits
from cco.core.models import CcoError
from cco.core.problems import make_problem
from cco.core.text import column_letter
from cco.io.used_range import check_used_range

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_SHEET = re.compile(rb"<(?:\w+:)?sheet(?=[\s>/])")
# A name starts after a non-name byte, so a long run of letters is not tried at every offset.
_ATTR = re.compile(rb"""(?<![\w:.-])([\w:.-]++)\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship(?=[\s>/])")
# Cells past column Z or row 99,999: rare in ordinary sheets, so one pass finds them cheaply.
# The pattern has no leading space so that any whitespace before 'r=' is covered.
_FAR_CELL = re.compile(rb'r="([A-Za-z]{2,}|[A-Za-z](?=\d{6}))(\d+)"')
_SINGLE_LETTER = re.compile(rb'r="([A-Z])\d')
_ROW_START = re.compile(rb"<(?:\w+:)?row(?=[\s>/])")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="[A-Z]*\d*:?([A-Z])\d*"')
"""A cell's value: a number or shared text (`<v>`), or text written in the cell (`<is>`)."""


class _CellPatterns(NamedTuple):
    """Patterns only the rarer passes need: hidden rows, formulas, percentages, irregular cells.

    Compiled on first use (`_cell_patterns`): a plain sheet's read never needs them.
    """

    cell_tag: re.Pattern[bytes]
    row_end: re.Pattern[bytes]
    hidden_attribute: re.Pattern[bytes]
    formula: re.Pattern[bytes]
    cell_end: re.Pattern[bytes]
    value: re.Pattern[bytes]
    cell_value: re.Pattern[bytes]
    any_ref: re.Pattern[bytes]
    """A reference however the XML writes it: r="A1", r='A1', r = "A1"."""
    style_index: re.Pattern[bytes]


@cache
def _cell_patterns() -> _CellPatterns:
    return _CellPatterns(
        cell_tag=re.compile(rb"<(?:\w+:)?c(?=[\s>/])"),
        row_end=re.compile(rb"</(?:\w+:)?row>"),
        hidden_attribute=re.compile(rb"""\bhidden\s*+=\s*+["']\s*+(?:1|true)\s*+["']"""),
        formula=re.compile(rb"<(?:\w+:)?f\b"),
        cell_end=re.compile(rb"</(?:\w+:)?c>"),
        value=re.compile(rb"<(?:\w+:)?v>\s*[^<\s]"),
        cell_value=re.compile(rb"<(?:\w+:)?(?:v|is)>"),
        any_ref=re.compile(rb"""\br\s*=\s*(["'])\s*([A-Za-z]+)(\d+)\s*\1"""),
        style_index=re.compile(rb"""\bs\s*=\s*["']\s*(\d+)"""),
    )


_PREFIX_BYTES = 4096
_PROLOG_LIMIT = 1 << 20


@dataclass
class SheetScan:
    """What the XML of one worksheet holds that the fast reader does not say."""

    hidden_rows: set[int] = field(default_factory=set)
    uncalculated: list[str] = field(default_factory=list)  # 'B7': formulas with no value
    percent_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 1-based


def _fail(key: str, path: Path, **params: Any) -> CcoError:
    return CcoError(make_problem(key, file=str(path), **params))


_CHUNK = 1 << 16
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
"""The only compression methods spreadsheet programs write; any other is refused unread."""
_ENCRYPTED_FLAG = 0x1


class InflatedTooMuch(Exception):
    """A member inflated past the limit, whatever size the archive declared for it."""


class CountedArchive(zipfile.ZipFile):
    """A zip whose members are inflated through a counter that stops at a limit.

    Declared sizes can lie; the counter counts the bytes actually inflated, across every
    member read, and raises `InflatedTooMuch` once they pass `inflated_limit`.
    """

    inflated_limit: int = 0
    inflated: int = 0

    def read(self, name: str | zipfile.ZipInfo, pwd: bytes | None = None) -> bytes:
        """The member's bytes, inflated in bounded chunks and counted against the limit."""
        chunks = []
        with self.open(name, pwd=pwd) as handle:
            while chunk := handle.read(_CHUNK):
                self.inflated += len(chunk)
                if self.inflated > self.inflated_limit:
                    raise InflatedTooMuch(name if isinstance(name, str) else name.filename)
                chunks.append(chunk)
        return b"".join(chunks)


def open_archive(path: Path, limits: Limits) -> CountedArchive:
    """Open a workbook's zip after checking its directory against the limits.

    Raises:
        CcoError: truncated or damaged archive, too many parts, too large once unpacked,
            an encrypted member or one compressed by a method workbooks never use, or an XML
            part that declares a DTD or entities.

    """
    try:
        archive = CountedArchive(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _fail("CCO102/truncated", path, detail=str(exc)[:120] or "bad zip") from None
    archive.inflated_limit = limits.unpacked_bytes
    members = archive.infolist()
    for member in members:
        if member.flag_bits & _ENCRYPTED_FLAG:
            archive.close()
            raise _fail("CCO102/encrypted", path)
        if member.compress_type not in _METHODS:
            archive.close()
            raise _fail(
                "CCO102/method", path, part=member.filename, method=str(member.compress_type)
            )
    if len(members) > limits.parts:
        archive.close()
        raise _fail("CCO113/parts", path, count=len(members), limit=limits.parts)
    declared = sum(m.file_size for m in members)
    if declared > limits.unpacked_bytes:
        archive.close()
        raise _fail(
            "CCO113/unpacked",
            path,
            size=_megabytes(declared),
            limit=_megabytes(limits.unpacked_bytes),
        )
    for member in members:
        if member.filename.endswith((".xml", ".rels")) and _declares_entities(archive, member):
            archive.close()
            raise _fail("CCO115", path, part=member.filename)
    return archive


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def _declares_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """True when the part's prolog (all before its first element) declares a DTD or entities.

    The prolog is read in chunks up to its end, so comments cannot push a declaration out of
    sight; a prolog longer than a workbook ever needs counts as a declaration. Each byte is
    looked at a bounded number of times, whatever the prolog holds.
    """
    try:
        with archive.open(member) as handle:
            return _prolog_declares(_as_utf8(handle.read))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return False  # the reader reports the damage with its own words


def _as_utf8(read: Callable[[int], bytes]) -> Callable[[int], bytes]:
    """`read`, with a UTF-16 part's bytes given as UTF-8, so that its declarations are seen.

    XML may be written in UTF-16 (a byte-order mark, or '<' and '?' each with a zero byte):
    '<!DOCTYPE' then never appears as those bytes.
    """
    start = read(_PREFIX_BYTES)
    encoding = _utf16_encoding(start)
    if encoding is None:
        pending = [start]

        def first_then_rest(size: int) -> bytes:
            return pending.pop() if pending else read(size)

        return first_then_rest
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    chunks = [start]

    def transcoded(size: int) -> bytes:
        while True:
            raw = chunks.pop() if chunks else read(size)
            text = decoder.decode(raw, final=not raw)
            if text or not raw:
                return text.encode("utf-8")

    return transcoded


def _utf16_encoding(start: bytes) -> str | None:
    """'utf-16' for a part that starts as UTF-16 does (with or without its mark), else None."""
    if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    if start[:4] == b"<\x00?\x00":
        return "utf-16-le"
    if start[:4] == b"\x00<\x00?":
        return "utf-16-be"
    return None


_PROLOG_ENDS = {b"<?": b"?>", b"<!--": b"-->"}


def _prolog_declares(read: Callable[[int], bytes]) -> bool:
    """Walk a prolog's declarations and comments to its first element, reading as needed."""
    buffer, position, searched = bytearray(), 0, 0
    while True:
        # Skip to the next markup; text between declarations is only whitespace.
        start = buffer.find(b"<", position)
        if start < 0 or len(buffer) - start < 10:
            if len(buffer) >= _PROLOG_LIMIT:
                return True
            chunk = read(_PREFIX_BYTES)
            if not chunk:
                return start >= 0 and _DTD.match(buffer, start) is not None
            position = len(buffer) if start < 0 else start
            buffer += chunk
            continue
        if _DTD.match(buffer, start):
            return True
        opener = next((o for o in _PROLOG_ENDS if buffer.startswith(o, start)), None)
        if opener is None:
            return False  # the first element (or text a reader refuses): the prolog is over
        closer = _PROLOG_ENDS[opener]
        end = buffer.find(closer, max(start + len(opener), searched))
        if end < 0:  # the comment or declaration goes on: read on, and search only the new part
            searched = max(start + len(opener), len(buffer) - len(closer))
            if len(buffer) >= _PROLOG_LIMIT:
                return True
            chunk = read(_PREFIX_BYTES)
            if not chunk:
                return False
            buffer += chunk
            position = start
            continue
        position, searched = end + len(closer), 0


def _read_part(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        return b""
    except InflatedTooMuch:
        limit = archive.inflated_limit if isinstance(archive, CountedArchive) else 0
        raise _fail("CCO113/inflated", path, part=name, limit=_megabytes(limit)) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _fail("CCO102/truncated", path, detail=str(exc)[:120]) from None


def worksheet_parts(archive: zipfile.ZipFile, path: Path) -> dict[str, str]:
    """Map each worksheet's name to its part inside an .xlsx/.xlsm archive."""
    workbook = _read_part(archive, "xl/workbook.xml", path)
    rels = _read_part(archive, "xl/_rels/workbook.xml.rels", path)
    targets: dict[bytes, str] = {}
    for tag in _attributes(rels, _RELATIONSHIP.finditer(rels)):
        attrs = _attribute_values(tag)
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        if not target:
            continue
        resolved = (
            target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        )
        targets[attrs.get(b"Id", b"")] = resolved
    parts: dict[str, str] = {}
    for tag in _attributes(workbook, _SHEET.finditer(workbook)):
        attrs = _attribute_values(tag)
        rel_id = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
        name = _unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
        if rel_id in targets:
            parts[name] = targets[rel_id]
    return parts


def _attribute_values(tag: bytes) -> dict[bytes, bytes]:
    """An element's attributes by name, single- or double-quoted; the first of a name wins."""
    values: dict[bytes, bytes] = {}
    for name, double, single in _ATTR.findall(tag):
        values.setdefault(name, double or single)
    return values


def _unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _widest_single_letter(xml: bytes) -> int:
    """The widest one-letter column (1-26) any cell uses; 0 for none.

    A guess (the declared dimension, else the widest cell of the last rows) is checked by one
    search for any letter past it; only a wrong guess costs a search per letter.
    """
    declared = _DIMENSION.search(xml[:4096])
    tail = _SINGLE_LETTER.findall(xml[-4096:])
    guess = declared.group(1)[0] if declared else max(tail, default=b"A")[0]
    beyond = bytes(range(guess + 1, ord("Z") + 1))
    if not beyond or not re.search(rb'r="[' + beyond + rb"]\d", xml):
        return guess - 64 if _SINGLE_LETTER.search(xml) else 0
    for letter in b"ZYXWVUTSRQPONMLKJIHGFEDCBA":
        if re.search(b'r="' + bytes([letter]) + rb"\d", xml):
            return letter - 64
    return 0


_CELL_REF_NOT_FIRST = re.compile(rb'<c(?=[\s>/])(?!\s+r=")')
_PREFIXED_CELL_END = re.compile(rb":c[\s>/]")
_HIDDEN = re.compile(rb"hidden=")
_FORMULA_TAG = re.compile(rb"<f[\s>/]")
_PREFIXED_FORMULA_TAG = re.compile(rb":f[\s>/]")


def _attributes(xml: bytes, starts: Iterable[re.Match[bytes]]) -> Iterator[bytes]:
    """The attributes of each element whose name a match in `starts` ends on.

    A start inside the previous element's tag (in a quoted value) is not an element; it is
    skipped, so that no byte is read twice and a file of unclosed tags costs linear time.
    """
    end = 0
    for start in starts:
        if start.start() < end:
            continue
        rest = _TAG_REST.match(xml, start.end())
        end = rest.end() if rest else start.end()
        yield xml[start.end() : end]


_TAG_REST = re.compile(rb"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+""")
"""The rest of a tag: attributes, a quoted '>' included."""
_ANY_ROW_NUMBER = re.compile(rb"""\br\s*=\s*(["'])\s*(\d+)\s*\1""")


@dataclass
class _IrregularCells:
    """What the cells not written as `<c r="A1"...` say about a worksheet's used range."""

    rows: int = 0
    columns: int = 0
    without_reference: bool = False


def _irregular_cells(xml: bytes) -> _IrregularCells:
    """Read the reference of every cell whose first attribute is not a plain `r="..."`.

    Writers put `r="A1"` first, and the quick searches of `scan_worksheet` read those. A cell
    with its reference elsewhere, in single quotes or with spaces around '=', or with none, is
    read here one by one; so is every cell of a document that prefixes its elements ('x:c').
    """
    found = _IrregularCells()
    prefixed = _PREFIXED_CELL_END.search(xml) is not None
    cells = (_cell_patterns().cell_tag if prefixed else _CELL_REF_NOT_FIRST).finditer(xml)
    for tag in _attributes(xml, cells):
        references = _cell_patterns().any_ref.findall(tag)
        if not references:
            found.without_reference = True
        for _quote, letters, digits in references:
            found.rows = max(found.rows, int(digits))
            found.columns = max(found.columns, _column_number(letters.upper()))
    return found


def used_range(xml: bytes) -> tuple[int, int]:
    """The rows and columns a reader would allocate for a worksheet's XML, read without parsing.

    Quick literal searches read the references written as `r="A1"`; cells written otherwise
    are read one by one (see `_irregular_cells`).
    """
    tail = xml[-65536:]
    last = [
        int(number.group(2))
        for tag in _attributes(tail, _ROW_START.finditer(tail))
        if (number := _ANY_ROW_NUMBER.search(tag)) is not None
    ]
    rows, columns = max(last, default=0), 0
    for letters, digits in _FAR_CELL.findall(xml):
        rows, columns = max(rows, int(digits)), max(columns, _column_number(letters.upper()))
    if columns <= 26:  # no two-letter column: the widest one-letter column decides
        columns = max(columns, _widest_single_letter(xml))
    irregular = _irregular_cells(xml)
    rows, columns = max(rows, irregular.rows), max(columns, irregular.columns)
    if irregular.without_reference:
        # Cells may leave out their reference: readers then place them one after another,
        # in the row their row element names.
        row_tags = b" ".join(_attributes(xml, _ROW_START.finditer(xml)))
        row_numbers = (int(m.group(2)) for m in _ANY_ROW_NUMBER.finditer(row_tags))
        rows = max(rows, len(_ROW_START.findall(xml)), *row_numbers, 0)
        patterns = _cell_patterns()
        cell_tags = (len(patterns.cell_tag.findall(r)) for r in patterns.row_end.split(xml))
        columns = max(columns, *cell_tags)
    return rows, columns


_PERCENT_FORMATS = frozenset((9, 10))  # Excel's built-in 0% and 0.00%
_NUMBER_FORMAT = re.compile(rb"<(?:\w+:)?numFmt(?=[\s>/])")
_FORMAT_CODE = re.compile(rb"""\bformatCode\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
_CELL_XFS_START = re.compile(rb"<(?:\w+:)?cellXfs\b")
_CELL_XFS_END = re.compile(rb"</(?:\w+:)?cellXfs>")
_XF = re.compile(rb"<(?:\w+:)?xf(?=[\s>/])")
_XF_FORMAT = re.compile(rb"""\bnumFmtId\s*+=\s*+["']\s*+(\d+)""")


def percent_styles(archive: zipfile.ZipFile, path: Path) -> frozenset[int]:
    """The cell style indexes whose number format shows a percentage (0.94 as 94%).

    A rating typed as a percentage is stored as a fraction: read as a score it would be 33
    times too small, so ingest must know which cells look like '94%'.
    """
    styles = _read_part(archive, "xl/styles.xml", path)
    percent = set(_PERCENT_FORMATS)
    for tag in _attributes(styles, _NUMBER_FORMAT.finditer(styles)):
        number, code = _XF_FORMAT.search(tag), _FORMAT_CODE.search(tag)
        text = (code.group(1) or code.group(2)).replace(b"&quot;", b'"') if code else b""
        # A quoted or escaped % only decorates.
        if number is not None and b"%" in re.sub(rb'"[^"]*+"|\\.', b"", text):
            percent.add(int(number.group(1)))
    start = _CELL_XFS_START.search(styles)
    end = _CELL_XFS_END.search(styles, start.end()) if start is not None else None
    if start is None or end is None:
        return frozenset()
    block = styles[start.end() : end.start()]
    return frozenset(
        index
        for index, tag in enumerate(_attributes(block, _XF.finditer(block)))
        if (number := _XF_FORMAT.search(tag)) is not None and int(number.group(1)) in percent
    )


def _percent_cells(xml: bytes, styles: frozenset[int]) -> set[tuple[int, int]]:
    """(row, column) of every cell of the worksheet drawn with one of `styles`."""
    cells = set()
    patterns = _cell_patterns()
    for tag in _attributes(xml, patterns.cell_tag.finditer(xml)):
        style, reference = patterns.style_index.search(tag), patterns.any_ref.search(tag)
        if style is not None and reference is not None and int(style.group(1)) in styles:
            cells.add((int(reference.group(3)), _column_number(reference.group(2).upper())))
    return cells


def scan_worksheet(
    archive: zipfile.ZipFile,
    part: str,
    sheet: str,
    path: Path,
    limits: Limits,
    percent: frozenset[int] = frozenset(),
) -> SheetScan:
    """Check a worksheet's used range against the limits; find hidden rows and stale formulas.

    Raises:
        CcoError: the used range (from any cell, wherever it is placed) is beyond the limits.

    """
    xml = _read_part(archive, part, path)
    rows, columns = used_range(xml)
    check_used_range(
        rows, columns, limits, path, sheet, lambda: len(_cell_patterns().cell_value.findall(xml))
    )
    scan = SheetScan()
    if percent:  # only workbooks that have a percentage format pay for this pass
        scan.percent_cells = _percent_cells(xml, percent)
    # Quick literal searches first: most sheets have no hidden row and no formula.
    row_tags = _attributes(xml, _ROW_START.finditer(xml)) if _HIDDEN.search(xml) else iter(())
    for tag in row_tags:
        number = _ANY_ROW_NUMBER.search(tag)
        if number is not None and _cell_patterns().hidden_attribute.search(tag):
            scan.hidden_rows.add(int(number.group(2)))
    has_formula = _FORMULA_TAG.search(xml) or _PREFIXED_FORMULA_TAG.search(xml)
    scan.uncalculated = _uncalculated(xml) if has_formula else []
    return scan


def _uncalculated(xml: bytes) -> list[str]:
    """The references of formula cells that hold no value, each cell read once.

    The cell of a formula is the last cell tag in the 512 bytes before it; a second formula
    in a cell already read, or a formula whose cell never closes, ends no further search.
    """
    found, checked_to = [], 0
    patterns = _cell_patterns()
    for match in patterns.formula.finditer(xml):
        if match.start() < checked_to:
            continue
        window = max(0, match.start() - 512, checked_to)
        cell = None
        for start in patterns.cell_tag.finditer(xml, window, match.start()):
            cell = start
        end = patterns.cell_end.search(xml, match.end())
        if end is None:
            break  # no cell closes after this one: none of the later formulas is in a cell
        checked_to = end.end()
        if cell is None:
            continue
        reference = patterns.any_ref.search(xml, cell.end(), match.start())
        if reference is not None and not patterns.value.search(xml, match.end(), end.start()):
            found.append(f"{reference.group(2).decode().upper()}{reference.group(3).decode()}")
    return found


class _OdsPatterns(NamedTuple):
    """The patterns of an .ods content part, compiled on first use (`_ods_patterns`)."""

    # An element's attributes may hold '>' inside quotes; an element's name ends at a space,
    # '>' or '/' (so 'table-row-group' is not a 'table-row'). Possessive: no backtracking.
    tag_rest: re.Pattern[bytes]
    table: re.Pattern[bytes]
    row: re.Pattern[bytes]
    cell: re.Pattern[bytes]
    rows_repeated: re.Pattern[bytes]
    columns_repeated: re.Pattern[bytes]
    value_type: re.Pattern[bytes]
    name: re.Pattern[bytes]


@cache
def _ods_patterns() -> _OdsPatterns:
    return _OdsPatterns(
        tag_rest=re.compile(rb"""(?:[^>"'/]++|"[^"]*+"|'[^']*+'|/(?!>))*+"""),
        table=re.compile(rb"<(\w+):table(?=[\s>/])"),
        row=re.compile(rb"<(\w+):table-row(?=[\s>/])"),
        cell=re.compile(rb"<(\w+):(?:covered-)?table-cell(?=[\s>/])"),
        rows_repeated=re.compile(rb"""number-rows-repeated\s*+=\s*+["']\s*+(\d+)"""),
        columns_repeated=re.compile(rb"""number-columns-repeated\s*+=\s*+["']\s*+(\d+)"""),
        value_type=re.compile(rb"value-type\s*="),
        name=re.compile(rb"""\bname\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')"""),
    )


@lru_cache(maxsize=64)
def _closing_tag(prefix: bytes, name: bytes) -> re.Pattern[bytes]:
    return re.compile(b"</" + re.escape(prefix) + b":" + name + b">")


def _ods_elements(
    xml: bytes, opener: re.Pattern[bytes], name: bytes
) -> Iterator[tuple[bytes, bytes | None]]:
    """(attributes, content or None when empty) of each element `opener` finds, in order.

    Each element's end is found by one forward search; an element that never closes ends the
    walk (the file is malformed, and the reader refuses it), so no text is searched twice.
    """
    position = 0
    while (start := opener.search(xml, position)) is not None:
        rest = _ods_patterns().tag_rest.match(xml, start.end())
        after = rest.end() if rest else start.end()
        attributes = xml[start.end() : after]
        if xml.startswith(b"/>", after):
            yield attributes, None
            position = after + 2
            continue
        if not xml.startswith(b">", after):
            return
        close = _closing_tag(start.group(1), name).search(xml, after + 1)
        if close is None:
            return
        yield attributes, xml[after + 1 : close.start()]
        position = close.end()


def _repeat(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    found = pattern.search(attributes)
    return int(found.group(1)) if found else 1


def scan_ods(archive: zipfile.ZipFile, path: Path, limits: Limits) -> dict[str, SheetScan]:
    """Check each .ods table's used range, counting repeated rows and cells that hold a value.

    An .ods compresses a block of equal cells into one element with a repeat count, so a file
    of a few hundred bytes can ask for millions of cells; only repeats that hold content count
    (LibreOffice writes empty trailing rows the same way). Also finds hidden rows and formulas
    with no value.

    Raises:
        CcoError: a table's used range is beyond the limits.

    """
    scans: dict[str, SheetScan] = {}
    content = _read_part(archive, "content.xml", path)
    ods = _ods_patterns()
    for table_attributes, table in _ods_elements(content, ods.table, b"table"):
        name_found = ods.name.search(table_attributes)
        name = (
            _unescape((name_found.group(1) or name_found.group(2)).decode("utf-8", "replace"))
            if name_found
            else "?"
        )
        scan = SheetScan()
        row_position, used_rows, used_columns = 0, 0, 0
        written = 0  # cells holding content, each counted once whatever it repeats
        for row_attributes, row in _ods_elements(table or b"", ods.row, b"table-row"):
            repeat = _repeat(ods.rows_repeated, row_attributes)
            column, last_filled = 0, 0
            for attributes, content_of_cell in _ods_elements(
                row or b"", ods.cell, b"(?:covered-)?table-cell"
            ):
                inner = content_of_cell or b""
                width = _repeat(ods.columns_repeated, attributes)
                filled = ods.value_type.search(attributes) is not None or b"<text:p" in inner
                if filled:
                    written += 1
                    last_filled = column + width
                    if b"formula=" in attributes and b"value=" not in attributes.replace(
                        b"value-type=", b""
                    ):
                        scan.uncalculated.append(f"{column_letter(column)}{row_position + 1}")
                column += width
            if last_filled:
                used_rows = row_position + repeat
                used_columns = max(used_columns, last_filled)
                # Checked before the hidden rows are listed: a repeat count is not trusted.
                check_used_range(used_rows, used_columns, limits, path, name, written)
                if b"visibility=" in row_attributes and b'"visible"' not in row_attributes:
                    scan.hidden_rows.update(range(row_position + 1, row_position + repeat + 1))
            row_position += repeat
        scans[name] = scan
    return scans
