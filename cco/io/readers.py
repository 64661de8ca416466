"""Read a file's cells: .xlsx/.xlsm/.ods through python-calamine, .csv through the csv module.

Readers only turn bytes into grids of cell values; they know nothing of scores. Before a
workbook is handed to the fast reader, its archive and sheets are checked against the limits
(see cco.core.limits), so that no file can make cco inflate or allocate without bound. Every failure
becomes a CcoError naming the file, so no reader error reaches the user as a traceback.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import itertools
import os
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from cco.core.collector import collector_paused
from cco.core.limits import Limits
from cco.core.models import CcoError, Problem
from cco.core.problems import make_problem
from cco.io import isolation
from cco.io.grid import pack_rows, unpack_rows
from cco.io.isolation import problem_from_plain, problem_to_plain, run_isolated
from cco.io.used_range import check_used_range, limit_passed

if TYPE_CHECKING:
    from zipfile import ZipFile

    from cco.io.archive import SheetScan

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".ods"})
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE file holding these stream names (in UTF-16).
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_CSV_ENCODINGS = ("utf-8-sig", "cp1252")


@dataclass
class SheetData:
    """One sheet's cells as a grid, with where the grid starts in the spreadsheet."""

    name: str
    rows: list[list[object]]
    row_offset: int = 0  # spreadsheet row of rows[0], minus one
    col_offset: int = 0  # spreadsheet column index of rows[i][0]
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)  # 1-based spreadsheet rows
    delimited: bool = False  # read from CSV: a row wider than its header is suspect
    percent_cells: set[tuple[int, int]] = field(default_factory=set)  # shown as '94%'

    def spreadsheet_row(self, index: int) -> int:
        """The 1-based row number a spreadsheet shows for grid row `index`."""
        return index + self.row_offset + 1


@dataclass
class Workbook:
    """Every sheet read from one file, and what reading it had to say."""

    path: Path
    sheets: list[SheetData]
    notes: list[Problem] = field(default_factory=list)


def _fail(key: str, path: Path, **params: Any) -> CcoError:
    return CcoError(make_problem(key, file=str(path), **params))


def read_workbook(path: Path, limits: Limits | None = None, *, shipped: bool = False) -> Workbook:
    """Read every sheet of a .xlsx, .xlsm, .ods or .csv file into grids of cell values.

    `shipped` marks a file that comes with cco itself (its catalog): it is read in-process,
    under the same limits, since no stranger wrote it; every other file is read in a child
    process (see cco.io.isolation).

    Raises:
        CcoError: the file is missing, unreadable, over a limit, or not what its extension says.

    """
    limits = limits or Limits.from_env()
    try:
        request = _read_request(path, limits)
    except CcoError:
        isolation.discard_read_ahead(_read_plain, path)  # sent ahead, it will not be asked for
        raise
    if shipped:
        plain = _read_plain(*request[:-1], False)  # in this process: never alongside
    else:
        try:
            plain = run_isolated(_read_plain, request, path=path, limits=limits)
        except CcoError as exc:
            overlapped = request[-1]
            if not (overlapped and exc.problem.key in _ENDED_READS):
                raise
            # The child ended: a sheet calamine could not survive, which the scan, run first,
            # refuses with its reason (CCO114), or a read that fails as it did.
            plain = run_isolated(_read_plain, (*request[:-1], False), path=path, limits=limits)
    return _workbook_from_plain(plain, path, limits)


def _processors() -> int:
    """The processors this process may run on: reading alongside the scan needs two."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_ENDED_READS = frozenset(("CCO118/memory", "CCO118/crash", "CCO118/killed"))
"""How a child that read with the scan alongside (see `_read_spreadsheet`) may end."""


@contextlib.contextmanager
def reading_in_turn(
    files: Sequence[Path], limits: Limits | None = None
) -> Iterator[Iterator[Path]]:
    """Within this block, `files` are read by one child (`reading_session`), in the order given.

    Gives the files one at a time; as each is given, the next one's read is asked of the child,
    which reads it while this process scores the one just read (two processors, both at work).
    """
    with isolation.reading_session(len(files)):
        yield _in_turn(files, limits)


def _in_turn(files: Sequence[Path], limits: Limits | None) -> Iterator[Path]:
    for index, path in enumerate(files):
        if index + 1 < len(files):
            read_ahead(files[index + 1], limits)
        yield path


def read_ahead(path: Path, limits: Limits | None = None) -> None:
    """Have a session's child read `path` next (see `reading_in_turn`); nothing if it cannot be.

    A file that `read_workbook` would refuse before reading is left for it to refuse.
    """
    if not isolation.in_reading_session():
        return
    limits = limits or Limits.from_env()
    try:
        request = _read_request(path, limits)
    except CcoError:
        return
    isolation.read_ahead(_read_plain, request, limits)


def _read_request(path: Path, limits: Limits) -> tuple[Path, Limits, bytes, tuple[int, ...], bool]:
    """The checks made before a file is read, and what its read is given.

    The file's version (device, inode, size, modification time) is part of the request: a
    file changed after it was read ahead is asked for again, not answered from before.

    Raises:
        CcoError: the file is missing, not a regular file, of another kind, or too large.

    """
    suffix = path.suffix.lower()
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:  # a dangling link too: what it names is not there
        raise _fail("CCO101/missing", path) from None
    except OSError as exc:  # a loop of links, a folder that may not be searched
        raise _fail("CCO101/unopenable", path, reason=exc.strerror or str(exc)) from None
    if stat.S_ISDIR(mode):
        try:  # a folder a search could not list is named as such (cco.pipeline.sheets)
            with os.scandir(path):
                pass
        except OSError as exc:
            raise _fail("CCO101/unlistable", path, reason=exc.strerror or str(exc)) from None
        raise _fail("CCO101/directory", path)
    if not stat.S_ISREG(mode):  # a FIFO would block the read below, /dev/zero never end it
        raise _fail("CCO101/not-regular", path)
    if suffix not in SUPPORTED_SUFFIXES:
        raise _fail(
            "CCO103/xls" if suffix == ".xls" else "CCO103/other", path, suffix=suffix or path.name
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            found = os.fstat(handle.fileno())  # the file opened, not what the name names next
    except FileNotFoundError:
        raise _fail("CCO101/missing", path) from None
    except IsADirectoryError:
        raise _fail("CCO101/directory", path) from None
    except OSError as exc:
        raise _fail("CCO101/unopenable", path, reason=exc.strerror or str(exc)) from None
    size = found.st_size
    if size > limits.file_bytes:
        raise _fail("CCO113/file", path, size=_megabytes(size), limit=_megabytes(limits.file_bytes))
    if suffix != ".csv":
        # Imported here, once, rather than in every child: only reading the file is isolated.
        import python_calamine  # noqa: F401
    version = (found.st_dev, found.st_ino, size, found.st_mtime_ns)
    overlap = suffix in (".xlsx", ".xlsm") and isolation.reads_capped() and _processors() >= 2
    return path, limits, head, version, overlap


def _read_plain(
    path: Path, limits: Limits, head: bytes, version: tuple[int, ...] = (), overlap: bool = False
) -> dict[str, object]:
    """Read the file into plain values (what a child process can hand back as JSON).

    Each sheet's cells are packed (cco.io.grid): its distinct values, and a code per cell.

    `version` is not read: it tells requests for one file apart (see `_read_request`).
    `overlap`: scan and read a large workbook at once (see `_read_spreadsheet`).
    """
    if path.suffix.lower() == ".csv":
        book = _read_csv(path, limits)
    else:
        _check_container(path, head)
        book = _read_spreadsheet(path, limits, overlap)
    return {
        "sheets": [
            {
                "name": sheet.name,
                "grid": pack_rows(sheet.rows),
                "row_offset": sheet.row_offset,
                "col_offset": sheet.col_offset,
                "hidden": sheet.hidden,
                "hidden_rows": sorted(sheet.hidden_rows),
                "delimited": sheet.delimited,
                "percent_cells": sorted(sheet.percent_cells),
            }
            for sheet in book.sheets
        ],
        "notes": [problem_to_plain(note) for note in book.notes],
    }


def _expect(condition: bool) -> None:
    if not condition:
        raise ValueError("not what a reader returns")


_CELL_TYPES = frozenset(
    (str, int, float, bool, type(None), dt.datetime, dt.date, dt.time, dt.timedelta)
)


def _workbook_from_plain(plain: Any, path: Path, limits: Limits) -> Workbook:
    """Rebuild the Workbook a reader returned as plain values, checking every shape and type.

    Raises:
        CcoError: CCO118 when anything is not what a reader returns.

    """
    try:
        _expect(isinstance(plain, dict))
        sheets = []
        for raw in plain["sheets"]:
            # Exact types (JSON makes no subclasses): of the distinct values a packed grid's
            # cells are made of, or of every cell of a grid sent as plain rows.
            with collector_paused():  # 50,000 rows of cells: see cco.core.collector
                rows = unpack_rows(raw["grid"], limits.cells)
            cells = itertools.chain.from_iterable(rows) if "rows" in raw["grid"] else None
            _expect(set(map(type, cells or raw["grid"]["values"])) <= _CELL_TYPES)
            name, hidden, delimited = raw["name"], raw["hidden"], raw["delimited"]
            _expect(isinstance(name, str) and type(hidden) is bool and type(delimited) is bool)
            offsets = (raw["row_offset"], raw["col_offset"])
            _expect(all(type(n) is int and n >= 0 for n in offsets))
            hidden_rows = {int(n) for n in raw["hidden_rows"] if type(n) is int}
            percent = {(r, c) for r, c in raw["percent_cells"] if type(r) is type(c) is int}
            sheets.append(
                SheetData(
                    name=name,
                    rows=rows,
                    row_offset=offsets[0],
                    col_offset=offsets[1],
                    hidden=hidden,
                    hidden_rows=hidden_rows,
                    delimited=delimited,
                    percent_cells=percent,
                )
            )
        notes = [problem_from_plain(note, path, limits) for note in plain["notes"]]
    except (KeyError, TypeError, ValueError):
        raise CcoError(
            make_problem(
                "CCO118/crash", file=str(path), detail="the reader's answer is not well-formed"
            )
        ) from None
    return Workbook(path=path, sheets=sheets, notes=notes)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _check_container(path: Path, head: bytes) -> None:
    if head.startswith(_ZIP_MAGIC):
        return
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC):
        content = path.read_bytes()[: 1 << 20]
        if any(marker in content for marker in _ENCRYPTED_MARKERS):
            raise _fail("CCO102/encrypted", path)
        if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in content or b"Book" in content:
            raise _fail("CCO102/legacy-xls", path)
        raise _fail("CCO102/encrypted-or-xls", path, suffix=suffix)
    if not head:
        raise _fail("CCO102/empty", path)
    if head.startswith(_EMPTY_ZIP):
        raise _fail("CCO102/truncated", path, detail="an empty archive")
    key = "CCO102/text" if _looks_like_text(head) else "CCO102/binary"
    raise _fail(key, path, suffix=suffix)


def _looks_like_text(head: bytes) -> bool:
    return all(b in b"\t\r\n" or 32 <= b < 127 or b >= 128 for b in head)


def _read_spreadsheet(path: Path, limits: Limits, overlap: bool = False) -> Workbook:
    """Scan the archive for what calamine does not say or would not survive, then read it.

    With `overlap` (a child whose memory is capped), a workbook whose worksheets unpack to
    `_OVERLAP_BYTES` or more is read by calamine in a thread while this thread scans it:
    calamine parses without the interpreter's lock, and the scan's regular expressions need
    it, so two processors share the work. The scan's verdicts come first, as when it runs
    alone; a sheet calamine could not survive (a far cell: a grid too large to allocate) ends
    the child before the scan refuses it, and `read_workbook` then reads the file again with
    the scan first.
    """
    # Imported here, in the reading child: the parent never opens an archive.
    from cco.io.archive import (
        open_archive,
        percent_styles,
        scan_ods,
        scan_worksheet,
        worksheet_parts,
    )

    archive = open_archive(path, limits)
    scans: dict[str, SheetScan] = {}
    calamine: _InBackground[list[SheetData]] | None = None
    undo_hold = None
    try:
        with archive:
            _check_kind(archive, path)
            if path.suffix.lower() == ".ods":
                scans = scan_ods(archive, path, limits)
            else:
                percent = percent_styles(archive, path)
                parts = worksheet_parts(archive, path)
                if overlap and _unpacked_bytes(archive, parts.values()) >= _OVERLAP_BYTES:
                    # A far cell the scan finds after calamine has made its grid would cost
                    # the grid's memory, up to the whole cap: while both run, the child may
                    # grow only by what a sheet within the cell limit needs (a retry, with the
                    # scan first, covers a child that dies of it).
                    undo_hold = isolation.hold_memory_to(_overlap_memory(archive, limits))
                    calamine = _InBackground(_calamine_sheets, path)
                for name, part in parts.items():
                    scans[name] = scan_worksheet(archive, part, name, path, limits, percent)
        sheets = calamine.result() if calamine is not None else _calamine_sheets(path)
    finally:
        # Held on while calamine still reads (the scan refused the file): this child answers
        # and ends, or as a batch's worker retires, with the read.
        if undo_hold is not None and calamine is not None and not calamine.running():
            undo_hold()
    notes = [
        make_problem(
            "CCO111",
            file=str(path),
            sheet=name,
            row=_row_of(cell),
            column=cell.rstrip("0123456789"),
            cell=cell,
        )
        for name, scan in scans.items()
        for cell in scan.uncalculated
    ]
    for sheet in sheets:
        if sheet.name in scans:
            sheet.hidden_rows = scans[sheet.name].hidden_rows
            sheet.percent_cells = scans[sheet.name].percent_cells
    return Workbook(path=path, sheets=sheets, notes=notes)


_OVERLAP_BYTES = 1024 * 1024
"""Worksheets that unpack to less are scanned, then read: a thread would cost more than it saves."""


_OVERLAP_MEMORY_BASE = 256 * 1024 * 1024
"""What a thread's allocator arena, its stack and calamine's parse take beyond the grid."""


def _overlap_memory(archive: ZipFile, limits: Limits) -> int:
    """What the child may add while calamine reads beside the scan: a legitimate sheet's need.

    calamine holds a sheet's cells (40 bytes each) and then its grid (32 bytes a cell of the
    used range, which the cell limit bounds), python-calamine a list slot (8 bytes) a cell;
    the texts and numbers themselves are bounded by what the archive unpacks to.
    """
    unpacked = sum(info.file_size for info in archive.infolist())
    return _OVERLAP_MEMORY_BASE + 48 * limits.cells + 4 * min(unpacked, limits.unpacked_bytes)


def _unpacked_bytes(archive: ZipFile, parts: Iterable[str]) -> int:
    """What the parts say they unpack to (a claim: it only chooses how they are read)."""
    sizes = {info.filename: info.file_size for info in archive.infolist()}
    return sum(sizes.get(part, 0) for part in parts)


_Value = TypeVar("_Value")


class _InBackground(Generic[_Value]):
    """A call made in a thread; `result` waits for it and gives its value or raises its error."""

    def __init__(self, call: Callable[..., _Value], *args: object) -> None:
        self._value: _Value | None = None
        self._error: BaseException | None = None
        # A daemon: a child that answers before the call ends (a refusal) ends with it.
        self._thread = threading.Thread(target=self._run, args=(call, args), daemon=True)
        self._thread.start()

    def _run(self, call: Callable[..., _Value], args: tuple[object, ...]) -> None:
        try:
            self._value = call(*args)
        except BaseException as exc:  # a Rust panic too: raised again where it is awaited
            self._error = exc

    def running(self) -> bool:
        """Whether the call has not ended yet."""
        return self._thread.is_alive()

    def result(self) -> _Value:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return cast(_Value, self._value)


def _check_kind(archive: ZipFile, path: Path) -> None:
    """An .ods must be OpenDocument and an .xlsx/.xlsm Office Open XML, whatever both zip."""
    names = set(archive.namelist())
    is_ods = "content.xml" in names
    is_xlsx = "xl/workbook.xml" in names or "[Content_Types].xml" in names
    wants_ods = path.suffix.lower() == ".ods"
    if (wants_ods and not is_ods) or (not wants_ods and not is_xlsx):
        kind = "ods" if is_ods else ("xlsx" if is_xlsx else "zip")  # worded by cco.i18n.messages
        raise _fail("CCO102/kind", path, suffix=path.suffix.lower(), kind=kind)


def _row_of(cell: str) -> int:
    return int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _calamine_sheets(path: Path) -> list[SheetData]:
    """Every worksheet as calamine reads it, vertical merges filled in (the scan adds the rest)."""
    import python_calamine as calamine

    sheets = []
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        for meta in book.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            start = sheet.start
            data = SheetData(
                name=meta.name,
                rows=_lists(sheet.to_python(skip_empty_area=True)) if start else [],
                row_offset=start[0] if start else 0,
                col_offset=start[1] if start else 0,
                hidden=meta.visible != calamine.SheetVisibleEnum.Visible,
            )
            _fill_vertical_merges(data, sheet.merged_cell_ranges)
            sheets.append(data)
        book.close()
    except calamine.PasswordError:
        raise _fail("CCO102/encrypted", path) from None
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        detail = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:160]}"
        raise _fail("CCO102/broken", path, detail=detail) from None
    return sheets


def _lists(rows: list[Any]) -> list[list[object]]:
    """The rows as lists (merged cells are filled in place): python-calamine gives fresh lists."""
    return rows if all(type(row) is list for row in rows) else [list(row) for row in rows]


def _fill_vertical_merges(data: SheetData, ranges: object) -> None:
    """Copy a vertically merged cell's value down its range, as a reader of the sheet sees it.

    Work is bounded by the cells present, not by the ranges named: a row that overlapping
    ranges of one column cover is visited once.
    """
    if not ranges:
        return
    spans = []
    for (top, left), (bottom, _right) in ranges:  # type: ignore[attr-defined]
        r0, r1, c = top - data.row_offset, bottom - data.row_offset, left - data.col_offset
        if r1 > r0 >= 0 and c >= 0 and r1 < len(data.rows):
            spans.append((c, r0, r1))
    covered: dict[int, int] = {}  # column -> last row a range of that column has filled
    for c, r0, r1 in sorted(spans):
        start = max(r0 + 1, covered.get(c, -1) + 1)
        value = data.rows[r0][c] if c < len(data.rows[r0]) else ""
        for r in range(start, r1 + 1):
            if c < len(data.rows[r]) and data.rows[r][c] == "":
                data.rows[r][c] = value
        covered[c] = max(covered.get(c, -1), r1)


def _read_csv(path: Path, limits: Limits) -> Workbook:
    try:
        # Read no further than the limit: a link to /proc may say 0 bytes and never end.
        with path.open("rb") as handle:
            raw = handle.read(limits.file_bytes + 1)
    except OSError as exc:
        raise _fail("CCO101/unopenable", path, reason=exc.strerror or str(exc)) from None
    if len(raw) > limits.file_bytes:
        limit = _megabytes(limits.file_bytes)
        raise _fail("CCO113/file", path, size=f"> {limit}", limit=limit)
    # UTF-16 (Excel's "Unicode text") is half NUL bytes; its byte-order mark tells it apart.
    utf16 = raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    if not utf16 and b"\x00" in raw[:4096]:
        raise _fail("CCO102/binary", path, suffix=".csv")
    notes: list[Problem] = []
    for encoding in ("utf-16",) if utf16 else _CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 leaves five bytes undefined; latin-1 reads anything
        text, encoding = raw.decode("latin-1"), "latin-1"
    if encoding not in ("utf-8-sig", "utf-16"):
        notes.append(make_problem("CCO109", file=str(path), encoding=encoding))
    previous_limit = csv.field_size_limit(limits.field_chars)
    try:
        delimiter = _sniff_delimiter(text)
        rows = _csv_rows(text, delimiter, path, limits)
    finally:
        csv.field_size_limit(previous_limit)
    sheet = SheetData(name=path.stem, rows=rows, delimited=True)
    return Workbook(path=path, sheets=[sheet], notes=notes)


def _csv_rows(text: str, delimiter: str, path: Path, limits: Limits) -> list[list[object]]:
    """Every record of a CSV text, refusing any record that could hide other rows.

    A quote left open swallows every later line into one cell, and the rows in it would vanish
    without a word; so a record whose quote never closes, a quoted cell that holds whole
    lines shaped like rows, and a field over the length limit are CCO119 errors naming the
    row (and the line) where the record starts.

    Raises:
        CcoError: CCO119, CCO114 (used range), or CCO102 for any other damage.

    """
    single = _single_line_rows(text, delimiter, limits)
    if single is not None:
        if single and _open_quote([_last_line(text)]):
            raise _csv_error("CCO119/quote", path, row=len(single), line=len(single))
        return single
    consumed: list[list[str]] = [[]]  # the lines of the record being read

    def lines() -> Iterator[str]:
        for line in _text_lines(text):
            consumed[0].append(line)
            yield line

    rows: list[list[object]] = []
    widest, first_line, record_line = 0, 1, 1
    record: list[str] = []
    reader = csv.reader(lines(), delimiter=delimiter)
    try:
        for row in reader:
            record, consumed[0] = consumed[0], []
            if reader.line_num > first_line and _swallows_rows(row, delimiter, rows):
                key = "CCO119/quote" if _open_quote(record) else "CCO119/swallowed"
                raise _csv_error(key, path, row=len(rows) + 1, line=first_line)
            record_line, first_line = first_line, reader.line_num + 1
            rows.append(list(row))
            widest = max(widest, len(row))
            # Checked as rows are read, so a file of separators cannot fill memory first.
            if limit_passed(len(rows), widest, limits) is not None:
                _refuse_used_range(reader, rows, widest, limits, path)
    except csv.Error as exc:
        where = {"row": len(rows) + 1, "line": first_line}
        if "field larger than field limit" in str(exc):
            raise _csv_error("CCO119/field", path, limit=limits.field_chars, **where) from None
        raise _fail("CCO102/broken", path, detail=str(exc)) from None
    # Only the last record can end inside quotes: the end of the file closed it.
    if _open_quote(record):
        raise _csv_error("CCO119/quote", path, row=len(rows), line=record_line)
    return rows


def _single_line_rows(text: str, delimiter: str, limits: Limits) -> list[list[object]] | None:
    """Every record of a CSV text when each is one line and none passes a limit; else None.

    The common case, read by the csv module a thousand rows at a time with no look at each:
    a record over several lines (which could hide rows), a limit passed or a damaged file
    is left to the reading that follows each line and names where (see `_csv_rows`).
    Only a text with fewer separators and line ends than the cell limit is read so: a
    batch of rows then holds no more cells than the line-by-line read may hold before it
    refuses a range too large (a file of separators cannot fill memory first).
    """
    if text.count(delimiter) + text.count("\n") + text.count("\r") >= limits.cells:
        return None
    rows: list[list[str]] = []
    widest = 0
    reader = csv.reader(_text_lines(text), delimiter=delimiter)
    try:
        while batch := list(itertools.islice(reader, _CSV_BATCH)):
            rows += batch
            if reader.line_num != len(rows):  # some record took more than one line
                return None
            widest = max(widest, max(map(len, batch)))
            if limit_passed(len(rows), widest, limits) is not None:
                return None
    except csv.Error:
        return None
    return cast("list[list[object]]", rows)  # cells are text; a grid holds any cell


_CSV_BATCH = 1000


def _last_line(text: str) -> str:
    """The last line of a text, its line end included, as `_text_lines` gives it."""
    end = len(text) - (2 if text.endswith("\r\n") else 1 if text.endswith(("\n", "\r")) else 0)
    return text[max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1 :]


def _text_lines(text: str) -> Iterator[str]:
    """The lines of a text as a file opened with newline='' gives them (ended by CR LF, CR, LF).

    Read a block of about a megabyte at a time, each cut after a LF (never inside a CR LF): a
    StringIO of the whole text would hold it again, at four bytes a character.
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start + _LINES_BLOCK)
        end = len(text) if end < 0 else end + 1
        yield from io.StringIO(text[start:end], newline="")
        start = end


_LINES_BLOCK = 1 << 20


def _refuse_used_range(
    reader: Iterator[list[str]], rows: list[list[object]], widest: int, limits: Limits, path: Path
) -> None:
    """Raise CCO114 for a CSV past a used-range limit, naming its whole range.

    The records left are counted, not kept, so that the problem says how large the sheet is
    (and what to raise the limit to) without holding it.

    Raises:
        CcoError: CCO114, always.

    """
    total = len(rows)
    filled = sum(len(row) - row.count("") for row in rows)
    for row in reader:
        total += 1
        widest = max(widest, len(row))
        filled += len(row) - row.count("")
    check_used_range(total, widest, limits, path, path.stem, filled)


def _open_quote(lines: list[str]) -> bool:
    """True when a record's lines hold an odd number of quotes: it ended inside one."""
    return sum(line.count('"') for line in lines) % 2 == 1


def _swallows_rows(row: list[str], delimiter: str, earlier: list[list[object]]) -> bool:
    """True when a cell holds a line that splits into a whole row of the file's width."""
    width = max(3, len(earlier[0]) if earlier else len(row))
    for cell in row:
        if "\n" not in cell and "\r" not in cell:
            continue
        inner = cell.splitlines()[1:]
        if any(len(fields) >= width for fields in csv.reader(inner, delimiter=delimiter)):
            return True
    return False


def _csv_error(key: str, path: Path, *, row: int, **params: Any) -> CcoError:
    return CcoError(make_problem(key, file=str(path), sheet=path.stem, row=row, **params))


_SNIFFED_LINES = 50


def _first_lines(text: str, count: int) -> list[str]:
    """`text.splitlines()[:count]`, without splitting the whole of a large text.

    A head of the text that holds more than `count` lines holds the first `count` whole.
    """
    head = text[:_SNIFF_HEAD].splitlines()
    return head[:count] if len(head) > count else text.splitlines()[:count]


_SNIFF_HEAD = 1 << 16


def _sniff_delimiter(text: str) -> str:
    """Pick ',', ';' or tab: the one that splits the most lines into equal, many-cell rows."""
    sample = [line for line in _first_lines(text, _SNIFFED_LINES) if line.strip()]
    best, best_score = ",", -1
    for delimiter in (";", ",", "\t"):
        try:
            widths = [len(r) for r in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:  # a field over the limit: reading the rows will say where
            continue
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = widths.count(common) * (common > 1) * common
        if score > best_score:
            best, best_score = delimiter, score
    return best
