"""How far a country's organizations agree: Krippendorff's alpha, leniency, and rank stability.

On a rater sheet each row is one organization's ratings of one item. Before trusting a ranking
an observatory wants to know whether its organizations agree at all (Krippendorff's alpha per
criterion, ordinal, over the scale's values 0..scale max: any number of organizations, blanks
allowed), whether one of them rates systematically higher or lower than the others (its
leniency), and whether a theme's rank hangs on one organization (the largest shift of its
rank when one organization is left out).

Alpha comes from the maintained `krippendorff` package, imported only here, when agreement is
computed. Alpha of 1 is perfect agreement, 0 no more agreement than chance; below 0.667 it is
commonly read as too low for firm conclusions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cco.core.models import CRITERIA, CountrySheet

if TYPE_CHECKING:
    import numpy as np

    from cco.scoring.intervals import OrganizationRatings, ScoreLayout
    from cco.scoring.score import Scorecard

ALPHA_FIRM = 0.667
"""Alpha below this is commonly read as too low for firm conclusions (Krippendorff, 2004)."""

_LEAVE_OUT_BUDGET = 4_000_000
"""At most this many resampled criterion values are held at once when leaving one out."""

_LEAVE_OUT_ENTRIES = 400_000
"""About this many (organization, cell) entries are left out at once: each chunk's entries
are gathered into arrays of their own, a dozen megabytes a million."""


@dataclass(frozen=True)
class CriterionAgreement:
    """Krippendorff's alpha (ordinal) of one criterion and what it rests on.

    `items` counts the items at least two ratings of which can be compared, `organizations`
    the organizations that rated one of them; alpha is None when nothing can be compared or
    every rating is the same (no variation to agree on).
    """

    alpha: float | None
    organizations: int
    items: int


@dataclass(frozen=True)
class OrganizationLeniency:
    """One organization: how many items it rated and how lenient it is.

    `leniency` is the mean, over the (item, criterion) cells it rated that others rated too,
    of its rating minus the other organizations' mean rating of the cell: +0.5 rates half a
    point above the others. None when it shares no cell with another organization.
    `sheet` and `row` locate its first row.
    """

    organization: str | None
    items: int
    leniency: float | None
    sheet: str | None
    row: int | None


@dataclass(frozen=True)
class ThemeStability:
    """How far a theme's rank moves when any one organization is left out (the largest shift).

    `organization` is the one whose leaving out moves it most (the first such), None when no
    rank moves or there are fewer than two organizations (then the shift is None too).
    """

    summit: str
    theme: int
    rank: int | None
    largest_rank_shift: int | None
    organization: str | None


@dataclass(frozen=True)
class Agreement:
    """Agreement of one country's organizations (see the module's docstring)."""

    criteria: dict[str, CriterionAgreement]
    organizations: list[OrganizationLeniency]
    themes: list[ThemeStability]
    scale: tuple[int, ...]

    def as_dict(self) -> dict[str, Any]:
        """The JSON `agreement` object: one entry per criterion, organizations, themes."""
        return {
            **{c: vars_of(self.criteria[c]) for c in CRITERIA},
            "level": "ordinal",
            "value_domain": list(self.scale),
            "organizations": [vars_of(o) for o in self.organizations],
            "themes": [vars_of(t) for t in self.themes],
        }


def vars_of(record: object) -> dict[str, Any]:
    """A frozen record's fields as a dict, in their order (the records hold plain values).

    Not `dataclasses.asdict`, which copies every value deeply: a sheet of 1,000 organizations
    spent most of its JSON's time there.
    """
    kind = type(record)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        from dataclasses import fields

        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(record))  # type: ignore[arg-type]
    return {name: getattr(record, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def import_libraries() -> None:
    """Import what measuring agreement needs (see cco.pipeline.score_file: ahead of need)."""
    import krippendorff  # noqa: F401

    import cco.scoring.intervals  # noqa: F401


def organization_agreement(sheet: CountrySheet, card: Scorecard) -> Agreement | None:
    """Alpha per criterion, each organization's leniency, each theme's largest rank shift.

    None on a sheet without organizations' ratings (a sheet of means).
    """
    from cco.scoring.intervals import OrganizationRatings, ScoreLayout, has_rater_ratings

    if not has_rater_ratings(sheet):
        return None
    layout = ScoreLayout.of(card)
    ratings = OrganizationRatings.of(sheet, layout.ids)
    scale = tuple(range(int(card.settings.scale_max) + 1))
    return Agreement(
        criteria={c: criterion_alpha(ratings, k, scale) for k, c in enumerate(CRITERIA)},
        organizations=_leniencies(ratings),
        themes=_theme_stability(ratings, layout, card),
        scale=scale,
    )


def criterion_alpha(
    ratings: OrganizationRatings, criterion: int, scale: tuple[int, ...]
) -> CriterionAgreement:
    """Krippendorff's alpha (ordinal, value domain `scale`) of one criterion's ratings.

    Units are items, given to the package as counts of each value per item, so an
    organization that rated an item on two rows counts twice, as it does in the item's mean.
    """
    import krippendorff
    import numpy as np

    cells = np.flatnonzero(ratings.cell_criteria == criterion)
    mine = ratings.cell_criteria[ratings.rating_cells] == criterion  # ratings of the criterion
    cell = ratings.rating_cells[mine]
    organization = ratings.rating_organizations[mine]
    unit = np.searchsorted(cells, cell)  # cells are sorted: each rating's row in the counts
    value = np.clip(np.rint(ratings.rating_values[mine]).astype(np.int64), 0, len(scale) - 1)
    width = len(scale)  # a count per (unit, value), as one bincount of their flat positions
    flat = np.bincount(unit * width + value, minlength=len(cells) * width)
    counts = flat.reshape(len(cells), width).astype("float64")
    pairable = counts.sum(axis=1) >= 2
    items = int(pairable.sum())
    organizations = len(set(organization[pairable[unit]].tolist()) if items else set())
    alpha: float | None = None
    if items and len(scale) > 1:
        with np.errstate(invalid="ignore", divide="ignore"):
            found = float(
                krippendorff.alpha(
                    value_counts=counts[pairable],
                    value_domain=list(scale),
                    level_of_measurement="ordinal",
                )
            )
        alpha = found if np.isfinite(found) else None
    return CriterionAgreement(alpha=alpha, organizations=organizations, items=items)


def _leniencies(ratings: OrganizationRatings) -> list[OrganizationLeniency]:
    """Each organization's items rated and mean deviation from the others on shared cells."""
    import numpy as np

    from cco.scoring.intervals import distinct_codes

    cells = len(ratings.cell_items)
    # float64 even with no entries (bincount of nothing is whole numbers): the steps below
    # subtract in place.
    cell_sum = np.bincount(ratings.entry_cells, ratings.entry_sums, minlength=cells)
    cell_sum = cell_sum.astype("float64", copy=False)
    cell_count = np.bincount(ratings.entry_cells, ratings.entry_counts, minlength=cells)
    cell_count = cell_count.astype("float64", copy=False)
    # Each entry's own mean less the mean of the others on its cell, where others rated it:
    # a large sheet's entries are a dozen megabytes an array, so the steps work in place.
    others = cell_count[ratings.entry_cells]
    others -= ratings.entry_counts
    shared = others > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        theirs = cell_sum[ratings.entry_cells]
        theirs -= ratings.entry_sums
        theirs /= others
        del others
        deviation = ratings.entry_sums / ratings.entry_counts
        deviation -= theirs
        del theirs
    width = len(ratings.keys)
    organization = ratings.entry_organizations
    sharing = organization[shared]
    total = np.bincount(sharing, deviation[shared], minlength=width)
    number = np.bincount(sharing, minlength=width)
    del sharing, deviation, shared
    entry_items = ratings.cell_items[ratings.entry_cells]
    span = int(entry_items.max()) + 1 if len(entry_items) else 1
    codes = organization * span
    codes += entry_items
    del entry_items
    pairs, _ = distinct_codes(codes, width * span)
    rated = np.bincount(pairs // span, minlength=width)
    found = []
    for index, (name, first_sheet, first_row) in enumerate(ratings.first_rows):
        leniency = float(total[index] / number[index]) if number[index] else None
        found.append(
            OrganizationLeniency(
                organization=name,
                items=int(rated[index]),
                leniency=leniency,
                sheet=first_sheet,
                row=first_row,
            )
        )
    return found


def _theme_stability(
    ratings: OrganizationRatings, layout: ScoreLayout, card: Scorecard
) -> list[ThemeStability]:
    """Each theme's largest rank shift when one organization is left out (None below two)."""
    import numpy as np

    organizations = len(ratings.keys)
    metric = card.settings.by
    observed = layout.scores(layout.observed[None, :, :], metric)["themes"]["rank"][0]
    shifts = np.full(len(layout.theme_keys), np.nan)
    movers = np.full(len(layout.theme_keys), -1)
    if organizations >= 2:
        per_organization = max(1, len(ratings.entry_cells) // organizations)
        size = max(
            1,
            min(
                _LEAVE_OUT_BUDGET // max(1, len(layout.ids) * len(CRITERIA)),
                _LEAVE_OUT_ENTRIES // per_organization,
            ),
        )
        for start in range(0, organizations, size):
            left_out = np.arange(start, min(start + size, organizations))
            criteria = ratings.left_out_criteria(layout.observed, left_out)
            ranks = layout.scores(criteria, metric)["themes"]["rank"]
            _keep_largest(np.abs(ranks - observed[None, :]), left_out, shifts, movers)
    found = []
    for index, (summit, theme) in enumerate(layout.theme_keys):
        shift = None if np.isnan(shifts[index]) else int(shifts[index])
        mover = movers[index] if shift else -1
        found.append(
            ThemeStability(
                summit=str(summit),
                theme=int(theme),
                rank=None if np.isnan(observed[index]) else int(observed[index]),
                largest_rank_shift=shift,
                organization=ratings.name(int(mover)) if mover >= 0 else None,
            )
        )
    return found


def _keep_largest(
    moved: np.ndarray, left_out: np.ndarray, shifts: np.ndarray, movers: np.ndarray
) -> None:
    """Fold one chunk's shifts (left-out organizations x themes) into the running largest."""
    import numpy as np

    valued = ~np.isnan(moved).all(axis=0)
    if not valued.any():
        return
    best = np.where(np.isnan(moved), -1.0, moved)
    row = best.argmax(axis=0)
    value = best[row, np.arange(moved.shape[1])]
    better = valued & (np.isnan(shifts) | (value > shifts))
    shifts[better] = value[better]
    movers[better] = left_out[row[better]]
