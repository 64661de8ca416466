"""Read a batch of country sheets one at a time, keeping only each one's small summary.

Sheets are streamed: each is read, scored once and cut down to a `CountrySummary` of a few rows
before the next is read, so memory stays flat however many sheets there are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cco.core.models import CcoError, Problem
from cco.core.problems import make_problem

if TYPE_CHECKING:
    from cco.catalog.commitments import Catalog
    from cco.scoring.compare import CountrySummary, SheetStatus
    from cco.scoring.intervals import BootstrapSettings
    from cco.scoring.score import ScoreSettings


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


def _read_one(
    path: Path, settings: ScoreSettings, catalog: Catalog | None, bootstrap: BootstrapSettings
) -> tuple[CountrySummary | None, list[Problem]]:
    """Read and score one sheet; None (with its problems) when it cannot be compared."""
    from cco.catalog.commitments import apply_catalog
    from cco.io.ingest import read_sheet
    from cco.scoring.compare import summarize
    from cco.scoring.intervals import bootstrap_intervals, has_rater_ratings
    from cco.scoring.score import score_country

    try:
        result = apply_catalog(read_sheet(path, scale_max=settings.scale_max), catalog)
    except CcoError as exc:
        return None, [exc.problem]
    if result.errors or result.sheet is None:
        return None, result.problems
    card = score_country(result.sheet, settings, agreement=False)
    summary = summarize(card, result.sheet.phase)
    if has_rater_ratings(result.sheet):
        # Only the summit draws are kept: enough for each country's chance of holding its rank.
        draws = bootstrap_intervals(
            result.sheet,
            card,
            resamples=bootstrap.resamples,
            confidence=bootstrap.confidence,
            seed=bootstrap.seed,
        ).summit_draws
        summary = replace(summary, summit_draws=dict(draws))
    return summary, result.problems


def read_batch(
    files: list[Path],
    *,
    scale_max: float = 3.0,
    on_sheet: Callable[[Path, list[Problem]], None] | None = None,
    catalog: Catalog | None = None,
    bootstrap: BootstrapSettings | None = None,
) -> Batch:
    """Read, score and summarize each sheet in turn, keeping only its summary.

    With a `catalog`, each sheet is checked against it and its empty texts and theme names are
    filled from it (`cco.catalog.commitments.apply_catalog`), as `cco score` does.

    `on_sheet(path, problems)` is called after each sheet (to show its problems, move a
    progress bar). A sheet with errors is left out. Two sheets of the same country and phase are
    both left out, with a CCO311 error on the later one (and on the earlier one, naming the
    later). Rater sheets' summit averages are bootstrapped with `bootstrap` (the defaults when
    None), each sheet from its own random stream.
    """
    from cco.scoring.compare import SheetStatus, summary_key
    from cco.scoring.intervals import BootstrapSettings
    from cco.scoring.score import ScoreSettings

    settings = ScoreSettings(scale_max=scale_max)
    bootstrap = bootstrap or BootstrapSettings()
    kept: dict[tuple[str, str], tuple[int, CountrySummary]] = {}
    duplicated: set[tuple[str, str]] = set()
    statuses: list[SheetStatus] = []
    problems: list[Problem] = []
    for path in files:
        summary, found = _read_one(path, settings, catalog, bootstrap)
        compared = summary is not None
        if summary is not None:
            key = summary_key(summary.country, summary.phase)
            if key in kept:
                first_index, first = kept[key]
                found = [*found, _duplicate(summary, first.file)]
                if key not in duplicated:
                    earlier = statuses[first_index]
                    statuses[first_index] = replace(
                        earlier, compared=False, errors=(_duplicate(first, summary.file),)
                    )
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
    return Batch(summaries=summaries, statuses=statuses, problems=problems, bootstrap=bootstrap)


def _duplicate(summary: CountrySummary, other: str) -> Problem:
    return make_problem(
        "CCO311",
        file=summary.file,
        country=summary.country,
        phase=summary.phase or "–",
        other=other,
    )
