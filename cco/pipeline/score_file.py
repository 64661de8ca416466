"""The one path from a file to a result: read, check against the catalog, score, bootstrap.

Every command that scores a sheet (`score`, `report`, `compare`, `chart`) calls `score_file`;
`validate` calls `read_file`, its first half. Nothing here prints or decides an exit code: the
result carries the problems, and the command line reports them.
"""

from __future__ import annotations

import gc
import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import cco.pipeline
from cco.core.collector import collector_paused
from cco.core.models import CcoError, IngestResult, Problem, WithProblems
from cco.core.problems import RuleSelection, make_problem
from cco.io.isolation import while_reading
from cco.scoring.resampling import BootstrapSettings, has_rater_ratings
from cco.scoring.score import ScoreSettings

if TYPE_CHECKING:
    from cco.catalog.commitments import Catalog
    from cco.core.limits import Limits
    from cco.scoring.intervals import Intervals
    from cco.scoring.score import Scorecard


@dataclass(frozen=True)
class FileSettings:
    """Everything that decides how one file is read and scored.

    `catalog` checks the sheet and fills the texts it leaves empty (None: no catalog);
    `baseline` is a separate Phase 1 file; `bootstrap` asks for intervals on sheets with one row
    per organization (None: no intervals); `rules` says which rules report problems;
    `agreement` measures how far a rater sheet's organizations agree (a comparison needs none).
    `frames`: the command makes DataFrames of what it scores (comparisons, reports, charts),
    so pandas is imported while the file is read; `score`'s outputs (tables, JSON, CSV,
    Markdown, its workbook) make none, and a card makes its frames only when they are read.
    Only when pandas is imported depends on it, never what is computed.
    """

    score: ScoreSettings = field(default_factory=ScoreSettings)
    catalog: Catalog | None = None
    baseline: Path | None = None
    bootstrap: BootstrapSettings | None = None
    limits: Limits | None = None
    rules: RuleSelection = field(default_factory=RuleSelection)
    agreement: bool = True
    frames: bool = True


@dataclass
class FileResult(WithProblems):
    """A file read and, where it could be, scored.

    `ingest` is None when the file could not be read at all (its one problem is in
    `problems`, and `readable` is False); `card` is None when the sheet has errors.
    `notes` are message keys of things worth saying that are not problems ('no-raters').
    `not_a_sheet` marks a CSV with no scoring header (CCO120): not read, and not broken either.
    """

    path: Path
    ingest: IngestResult | None
    problems: list[Problem]
    card: Scorecard | None = None
    intervals: Intervals | None = None
    notes: list[str] = field(default_factory=list)
    not_a_sheet: bool = False

    @property
    def readable(self) -> bool:
        """False when the file could not be read at all."""
        return self.ingest is not None


def read_file(path: Path, settings: FileSettings) -> FileResult:
    """Read one file and check it against the catalog; never raises for a bad file.

    Problems of rules that `settings.rules` turns off are dropped; a sheet whose only errors
    are of such rules is then scored.
    """
    from cco.catalog.commitments import apply_catalog
    from cco.io.ingest import read_sheet

    try:
        ingest = read_sheet(
            path,
            baseline=settings.baseline,
            scale_max=settings.score.scale_max,
            limits=settings.limits,
            themes=settings.catalog.themes() if settings.catalog is not None else None,
        )
    except CcoError as exc:  # a file that cannot be read is reported whatever the rules
        if exc.problem.key == "CCO104" and path.suffix.lower() == ".csv":
            # A repository's other CSVs (a contacts list, exported figures) are not sheets:
            # a warning, so that a check of every CSV (pre-commit) passes unless --strict.
            # An empty one (CCO104/blank) is no contacts list but a sheet that lost its rows.
            not_a_sheet = make_problem("CCO120", file=str(path))
            kept = settings.rules.keep([not_a_sheet])
            return FileResult(path=path, ingest=None, problems=kept, not_a_sheet=True)
        return FileResult(path=path, ingest=None, problems=[exc.problem])
    apply_catalog(ingest, settings.catalog)
    return FileResult(path=path, ingest=ingest, problems=settings.rules.keep(ingest.problems))


def score_file(path: Path, settings: FileSettings) -> FileResult:
    """Read, check, score and (when asked, on rater sheets) bootstrap one file.

    The card is None when the file could not be read or its sheet has errors; the problems
    say why. With `settings.bootstrap` on a sheet of means, `notes` holds 'no-raters'.
    """
    spare = (_import_agreement_libraries,) if settings.agreement else ()
    frames = settings.frames or settings.bootstrap is not None  # intervals are frames
    with while_reading(_import_pandas if frames else _import_numpy, *spare):
        result = read_file(path, settings)
    sheet = result.ingest.sheet if result.ingest is not None else None
    if sheet is None or result.errors:
        return result
    from cco.scoring.score import score_country

    result.card = score_country(sheet, settings.score)
    if settings.agreement and has_rater_ratings(sheet):  # a sheet of means has no agreement
        from cco.scoring.agreement import organization_agreement

        result.card.agreement = organization_agreement(sheet, result.card)
    if settings.bootstrap is not None:
        from cco.scoring.intervals import bootstrap_intervals

        if has_rater_ratings(sheet):
            drawn = settings.bootstrap
            result.intervals = bootstrap_intervals(
                sheet,
                result.card,
                resamples=drawn.resamples,
                confidence=drawn.confidence,
                seed=drawn.seed,
            )
        else:
            result.notes.append("no-raters")
    return result


def _import_pandas() -> None:
    """Import pandas, which frames need: done while the child reads the file (two processors).

    See `_import_frozen`.
    """
    _import_frozen("pandas")


def _import_numpy() -> None:
    """Import numpy, which scoring needs (its ranks), when no frame is to be made."""
    _import_frozen("numpy")


def _import_frozen(name: str) -> None:
    """Import a library; in the `cco` command's process, frozen out of the cycle collector.

    There (see `cco.pipeline.freeze_imported_libraries`) the import runs with the collector
    paused, and what it made is then frozen out of its walks: no collection ever walks the
    library's modules. Elsewhere it is a plain import.
    """
    if name in sys.modules or not cco.pipeline.freeze_imported_libraries:
        importlib.import_module(name)
        return
    with collector_paused():
        importlib.import_module(name)
        gc.freeze()  # before the collector is back: its next walk would be of all of it


def _import_agreement_libraries() -> None:
    """Import what the organizations' agreement needs, if the child is still reading (spare)."""
    from cco.scoring.agreement import import_libraries

    import_libraries()
