"""Read a file's cells: .xlsx/.xlsm/.ods through python-calamine, .csv through the csv module.

Readers only turn bytes into grids of cell values; they know nothing of scores. Every failure
becomes a CcoError naming the file, so no reader error reaches the user as a traceback.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from cco.models import CcoError, Problem
from cco.problems import make_problem

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".ods"})
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CSV_ENCODINGS = ("utf-8-sig", "cp1252")


@dataclass
class SheetData:
    """One sheet's cells as a grid, with where the grid starts in the spreadsheet."""

    name: str
    rows: list[list[object]]
    row_offset: int = 0  # spreadsheet row of rows[0], minus one
    col_offset: int = 0  # spreadsheet column index of rows[i][0]
    hidden: bool = False
    notes: list[Problem] = field(default_factory=list)

    def spreadsheet_row(self, index: int) -> int:
        """The 1-based row number a spreadsheet shows for grid row `index`."""
        return index + self.row_offset + 1


@dataclass
class Workbook:
    """Every sheet read from one file."""

    path: Path
    sheets: list[SheetData]
    notes: list[Problem] = field(default_factory=list)  # warnings about how it was read


def _fail(code: str, path: Path, message: str, hint: str | None = None) -> CcoError:
    return CcoError(make_problem(code, message, file=str(path), hint=hint))


def read_workbook(path: Path) -> Workbook:
    """Read every sheet of a .xlsx, .xlsm, .ods or .csv file into grids of cell values.

    Raises:
        CcoError: the file is missing, unreadable, or not what its extension says.

    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = "save it as .xlsx" if suffix == ".xls" else "use .xlsx, .xlsm, .ods or .csv"
        raise _fail("CCO103", path, f"unsupported file type '{suffix or path.name}'", hint)
    try:
        head = path.open("rb").read(8)
    except FileNotFoundError:
        raise _fail("CCO101", path, "file not found") from None
    except IsADirectoryError:
        raise _fail("CCO101", path, "is a directory, not a file") from None
    except OSError as exc:
        raise _fail("CCO101", path, f"cannot open file: {exc.strerror or exc}") from None
    if suffix == ".csv":
        return _read_csv(path)
    _check_container(path, head)
    return _read_spreadsheet(path)


def _check_container(path: Path, head: bytes) -> None:
    if head.startswith(_ZIP_MAGIC):
        return
    if head.startswith(_OLE_MAGIC):
        raise _fail(
            "CCO102",
            path,
            "is an encrypted workbook or a legacy .xls file, not a plain "
            f"{path.suffix.lower()} workbook",
            "remove the password, or save it as .xlsx",
        )
    if not head:
        raise _fail("CCO102", path, "the file is empty")
    kind = "text" if _looks_like_text(head) else "some other kind of file"
    raise _fail(
        "CCO102",
        path,
        f"is not a {path.suffix.lower()} workbook: its content is {kind}",
        "rename it to .csv if it is a CSV export" if kind == "text" else None,
    )


def _looks_like_text(head: bytes) -> bool:
    return all(b in b"\t\r\n" or 32 <= b < 127 or b >= 128 for b in head)


def _read_spreadsheet(path: Path) -> Workbook:
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in book.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet"):
                continue
            sheet = book.get_sheet_by_name(meta.name)
            start = sheet.start or (0, 0)
            grid = sheet.to_python(skip_empty_area=True) if sheet.start else []
            data = SheetData(
                name=meta.name,
                rows=grid,
                row_offset=start[0],
                col_offset=start[1],
                hidden="Visible" not in str(meta.visible),
            )
            _fill_vertical_merges(data, sheet.merged_cell_ranges)
            sheets.append(data)
        book.close()
    except CcoError:
        raise
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise _fail(
            "CCO102",
            path,
            f"cannot read the workbook: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}",
            "open it in a spreadsheet program and save it again",
        ) from None
    return Workbook(path=path, sheets=sheets)


def _fill_vertical_merges(data: SheetData, ranges: object) -> None:
    """Copy a vertically merged cell's value down its range, as a reader of the sheet sees it."""
    if not ranges:
        return
    for (top, left), (bottom, _right) in ranges:  # type: ignore[attr-defined]
        r0, r1, c = top - data.row_offset, bottom - data.row_offset, left - data.col_offset
        if r1 <= r0 or r0 < 0 or c < 0 or r1 >= len(data.rows):
            continue
        value = data.rows[r0][c] if c < len(data.rows[r0]) else ""
        for r in range(r0 + 1, r1 + 1):
            if c < len(data.rows[r]) and data.rows[r][c] == "":
                data.rows[r][c] = value


def _read_csv(path: Path) -> Workbook:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise _fail("CCO102", path, "is not a CSV text file: its content is binary")
    notes: list[Problem] = []
    for encoding in _CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 decodes nearly anything; this is for its five undefined bytes
        text = raw.decode("latin-1")
        encoding = "latin-1"
    if encoding != "utf-8-sig":
        notes.append(
            make_problem(
                "CCO109",
                f"the CSV is not UTF-8; its encoding was guessed as {encoding}",
                file=str(path),
                hint="save the CSV as UTF-8 so that accents are read as written",
            )
        )
    delimiter = _sniff_delimiter(text)
    rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return Workbook(path=path, sheets=[SheetData(name=path.stem, rows=rows)], notes=notes)


def _sniff_delimiter(text: str) -> str:
    """Pick ',', ';' or tab: the one that splits the most lines into equal, many-cell rows."""
    sample = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1
    for delimiter in (";", ",", "\t"):
        widths = [len(r) for r in csv.reader(sample, delimiter=delimiter)]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = widths.count(common) * (common > 1) * common
        if score > best_score:
            best, best_score = delimiter, score
    return best
