"""Read a batch of country sheets one at a time, keeping only each one's small summary.

Sheets are streamed: each is read, scored once and cut down to a `CountrySummary` of a few rows
before the next is read, so memory stays flat however many sheets there are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cco.core.models import Problem
from cco.core.problems import make_problem
from cco.io.readers import reading_in_turn
from cco.pipeline.score_file import FileSettings, score_file
from cco.scoring.resampling import BootstrapSettings

if TYPE_CHECKING:
    from cco.scoring.compare import CountrySummary, SheetStatus


@dataclass
class Batch:
    """A batch read: a summary per compared sheet, a status per sheet, every problem found."""

    summaries: list[CountrySummary]
    statuses: list[SheetStatus]
    problems: list[Problem]
    bootstrap: BootstrapSettings | None = None  # how the rater sheets' summits were resampled

    @property
    def left_out(self) -> list[SheetStatus]:
        """The sheets that were not compared."""
        return [s for s in self.statuses if not s.compared]


def _read_one(path: Path, settings: FileSettings) -> tuple[CountrySummary | None, list[Problem]]:
    """Read and score one sheet; None (with its problems) when it cannot be compared."""
    from cco.scoring.compare import summarize

    result = score_file(path, settings)
    if result.card is None or result.ingest is None or result.ingest.sheet is None:
        return None, result.problems
    summary = summarize(result.card, result.ingest.sheet.phase)
    if result.intervals is not None:
        # Only the summit draws are kept: enough for each country's chance of holding its rank.
        summary = replace(summary, summit_draws=dict(result.intervals.summit_draws))
    return summary, result.problems


def read_batch(
    files: list[Path],
    settings: FileSettings | None = None,
    *,
    on_sheet: Callable[[Path, list[Problem]], None] | None = None,
) -> Batch:
    """Read, score and summarize each sheet in turn (`score_file`), keeping only its summary.

    `settings` are those of `cco score` (catalog, scale, bootstrap); a sheet with one row per
    organization keeps its summit draws, from which each country's chance of holding its rank
    is computed, unless `settings.bootstrap` is None.

    `on_sheet(path, problems)` is called after each sheet (to show its problems, move a
    progress bar). A sheet with errors is left out. Two sheets of the same country and phase are
    both left out, with a CCO311 error on the later one (and on the earlier one, naming the
    later).
    """
    from cco.scoring.compare import SheetStatus, summary_key

    # Agreement is a country's own matter: a comparison keeps only summaries.
    settings = replace(settings or FileSettings(bootstrap=BootstrapSettings()), agreement=False)
    kept: dict[tuple[str, str], tuple[int, CountrySummary]] = {}
    duplicated: set[tuple[str, str]] = set()
    statuses: list[SheetStatus] = []
    problems: list[Problem] = []
    with reading_in_turn(files, settings.limits) as in_turn:  # one reading child for all
        for path in in_turn:
            summary, found = _read_one(path, settings)
            compared = summary is not None
            if summary is not None:
                key = summary_key(summary.country, summary.phase)
                if key in kept:
                    first_index, first = kept[key]
                    found = [*found, _duplicate(summary, first.file)]
                    if key not in duplicated:
                        # The earlier sheet is left out too: its reason is said with this one's.
                        earlier_problem = _duplicate(first, summary.file)
                        earlier = statuses[first_index]
                        statuses[first_index] = replace(
                            earlier, compared=False, errors=(earlier_problem,)
                        )
                        found = [earlier_problem, *found]
                    duplicated.add(key)
                    compared = False
                else:
                    kept[key] = (len(statuses), summary)
            problems.extend(found)
            statuses.append(
                SheetStatus(
                    file=str(path),
                    country=summary.country if summary is not None else None,
                    phase=summary.phase if summary is not None else None,
                    compared=compared,
                    errors=tuple(p for p in found if p.is_error),
                )
            )
            if on_sheet is not None:
                on_sheet(path, found)
    summaries = [summary for key, (_, summary) in kept.items() if key not in duplicated]
    return Batch(
        summaries=summaries, statuses=statuses, problems=problems, bootstrap=settings.bootstrap
    )


def _duplicate(summary: CountrySummary, other: str) -> Problem:
    return duplicate_sheet(summary.file, summary.country, summary.phase, other)


def duplicate_sheet(file: str, country: str, phase: str | None, other: str) -> Problem:
    """CCO311 on `file`: it gives the same country and phase as `other`."""
    return make_problem("CCO311", file=file, country=country, phase=phase or "–", other=other)


def duplicated_sheets(sheets: list[tuple[str, str, str | None]]) -> dict[int, Problem]:
    """The sheets that share a country and phase with another, as read_batch leaves them out.

    `sheets` are (file, country, phase); each index in the result carries its CCO311 problem,
    naming the other sheet (the first of the group names the second, the others the first).
    """
    from cco.scoring.compare import summary_key

    groups: dict[tuple[str, str], list[int]] = {}
    for index, (_, country, phase) in enumerate(sheets):
        groups.setdefault(summary_key(country, phase), []).append(index)
    found: dict[int, Problem] = {}
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        first, second = indexes[0], indexes[1]
        for index in indexes:
            other = sheets[second if index == first else first][0]
            file, country, phase = sheets[index]
            found[index] = duplicate_sheet(file, country, phase, other)
    return found
