"""Validate many submitted sheets in one run: every problem of every file, never stopping early."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cco.core.models import Problem
from cco.io.readers import reading_in_turn
from cco.pipeline.score_file import FileResult, FileSettings, read_file
from cco.pipeline.sheets import Skipped, find_sheets


@dataclass
class FileReport:
    """The problems of one file, and whether it could be read at all."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True

    @property
    def errors(self) -> int:
        """How many errors the file has."""
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        """How many warnings the file has."""
        return sum(not p.is_error for p in self.problems)


@dataclass
class ValidationReport:
    """Every file checked, with its problems; `valid` when no file has an error.

    `skipped` are the files named explicitly that are not sheets (a catalog CSV, a lock file).
    """

    files: list[FileReport] = field(default_factory=list)
    skipped: list[tuple[Path, Skipped]] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """Every problem of every file, in file order."""
        return [p for report in self.files for p in report.problems]

    @property
    def valid(self) -> bool:
        """True when no file has an error (warnings allowed)."""
        return all(report.errors == 0 for report in self.files)

    @property
    def unreadable(self) -> int:
        """How many files could not be read at all."""
        return sum(not report.readable for report in self.files)

    def summary(self) -> dict[str, int]:
        """Counts for the summary line: files, files with errors, errors, warnings."""
        return {
            "files": len(self.files),
            "files_with_errors": sum(report.errors > 0 for report in self.files),
            "errors": sum(report.errors for report in self.files),
            "warnings": sum(report.warnings for report in self.files),
        }

    def tuples(self) -> list[tuple[str, str | None, int | None, str | None]]:
        """(code, sheet, row, column) of every problem: what tests compare."""
        return [(p.code, p.sheet, p.row, p.column) for p in self.problems]


def _file_report(path: Path, result: FileResult) -> FileReport:
    """A file's report; a CSV that is not a sheet (CCO120, a warning) counts as read."""
    readable = result.readable or result.not_a_sheet
    return FileReport(file=str(path), problems=result.problems, readable=readable)


def validate_file(path: Path, settings: FileSettings | None = None) -> FileReport:
    """Read one file as every command reads it (`read_file`) and report what is wrong."""
    result = read_file(path, settings or FileSettings())
    return _file_report(path, result)


def validate_paths(
    paths: Iterable[Path], settings: FileSettings | None = None, exclude: Sequence[str] = ()
) -> ValidationReport:
    """Validate every file given, and every sheet in every folder given (at any depth).

    Two sheets of one country and phase are an error on both (CCO311), as `compare` and
    `report` leave both out: a clean validate is followed by a clean comparison.
    """
    from cco.pipeline.batch import duplicated_sheets

    settings = settings or FileSettings()
    reports: list[FileReport] = []
    sheets: list[tuple[str, str, str | None]] = []
    sheet_reports: list[FileReport] = []
    search = find_sheets(paths, exclude)
    with reading_in_turn(search.files, settings.limits) as in_turn:  # one reading child
        for path in in_turn:
            result = read_file(path, settings)
            report = _file_report(path, result)
            reports.append(report)
            sheet = result.ingest.sheet if result.ingest is not None else None
            if sheet is not None and sheet.items:
                sheets.append((str(path), sheet.country, sheet.phase))
                sheet_reports.append(report)
    for index, problem in duplicated_sheets(sheets).items():
        sheet_reports[index].problems.extend(settings.rules.keep([problem]))
    return ValidationReport(reports, skipped=search.skipped)
