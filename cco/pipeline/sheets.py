"""Find the sheets a submissions folder holds, as a coordinator or a CI job lays them out.

Folders are searched at every depth (`submissions/peru/2024.xlsx`); hidden folders and files,
spreadsheet lock files (`~$...`), catalog CSVs and what `--exclude` names are passed over. A
file named explicitly (as pre-commit passes them) is judged as it would be inside a folder.
Symbolic links are followed only while they stay inside the folder given, each folder once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from cco.io.readers import SUPPORTED_SUFFIXES

# A legacy .xls in a folder is listed too, so that it is reported (CCO103) rather than skipped.
LISTED_SUFFIXES = SUPPORTED_SUFFIXES | {".xls"}


class Skipped(StrEnum):
    """Why a file named explicitly is not read as a sheet (its note's ui key)."""

    catalog = "skipped-catalog"
    lock = "skipped-lock"
    hidden = "skipped-hidden"


@dataclass
class SheetSearch:
    """The sheet files found, in order, and the files named explicitly but passed over."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, Skipped]] = field(default_factory=list)


def find_sheets(paths: Iterable[Path], exclude: Sequence[str] = ()) -> SheetSearch:
    """The sheets the paths name: files as given, folders searched at every depth, sorted.

    `exclude` holds glob patterns matched against a path relative to its folder (for a file
    named explicitly, the path as given) and against its name: 'drafts', 'old/*', '*.bak.csv'.
    A file that does not exist is listed, so that reading it reports it (CCO101).
    """
    search = SheetSearch()
    for path in paths:
        # os.path's forms answer False where Path's raise (a folder that may not be searched):
        # the path is then listed, and reading it says what is wrong.
        if os.path.isdir(path):
            search.files.extend(_walk(path, exclude))
            continue
        if _excluded(PurePosixPath(path.as_posix()), exclude):
            continue
        reason = _passed_over(path)
        if reason is not None and os.path.exists(path):
            search.skipped.append((path, reason))
        else:
            search.files.append(path)
    return search


def _passed_over(path: Path) -> Skipped | None:
    """Why a file would be passed over in a folder scan; None for a file to read."""
    from cco.catalog.commitments import is_catalog_file

    if path.name.startswith("~$"):
        return Skipped.lock
    if path.name.startswith("."):
        return Skipped.hidden
    if is_catalog_file(path):
        return Skipped.catalog
    return None


def _excluded(relative: PurePosixPath, exclude: Sequence[str]) -> bool:
    text = str(relative)
    return any(fnmatchcase(text, glob) or fnmatchcase(relative.name, glob) for glob in exclude)


def _walk(root: Path, exclude: Sequence[str]) -> list[Path]:
    """Every sheet under `root`, depth first in name order.

    A link is followed only when its target lies inside `root` (a folder given is the reach of
    the search: a link to /home or to the whole disk is not), and each real folder is entered
    once, the first time the name-ordered search meets it, so a link back to a parent ends
    there instead of looping.
    """
    top = root.resolve()
    seen: set[Path] = set()
    found: list[Path] = []
    pending: list[tuple[Path, PurePosixPath]] = [(root, PurePosixPath())]
    while pending:
        folder, relative = pending.pop()
        real = folder.resolve()
        if real in seen:  # reached again through a link: its sheets are listed already
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:  # listed in its turn, so that reading it says it cannot be opened
            found.append(folder)
            continue
        subfolders: list[tuple[Path, PurePosixPath]] = []
        for entry in entries:
            inner = relative / entry.name
            if entry.name.startswith(".") or _excluded(inner, exclude):
                continue
            path = Path(entry.path)
            is_sheet = (
                Path(entry.name).suffix.lower() in LISTED_SUFFIXES and _passed_over(path) is None
            )
            if entry.is_symlink() and not os.path.exists(path):  # dangling, or a loop of links
                if is_sheet:  # listed, so that reading it says what is wrong (CCO101)
                    found.append(path)
                continue
            if entry.is_symlink() and not _inside(path, top):
                continue
            if entry.is_dir():
                subfolders.append((path, inner))
            elif is_sheet:  # a pipe or a device named like a sheet too: reading refuses it
                found.append(path)
        # Files of a folder come before those of its subfolders, which follow in name order.
        pending.extend(reversed(subfolders))
    return found


def _inside(path: Path, top: Path) -> bool:
    """True when a link's target is `top` or lies under it."""
    try:
        path.resolve().relative_to(top)
    except (ValueError, OSError, RuntimeError):  # outside, or a loop of links
        return False
    return True
