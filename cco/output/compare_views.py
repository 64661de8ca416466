"""Display-ready views of a comparison (tables and notes) and its JSON and CSV forms.

The terminal and Markdown render the same views, as for `cco score` (see cco.output.views).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, cast

from cco.output.tables import TableModel as Table
from cco.output.tables import table_of_texts

if TYPE_CHECKING:
    import pandas as pd

    from cco.pipeline.batch import Batch
    from cco.scoring.compare import Comparison, ThemeMatrix

COMPARE_SCHEMA_VERSION = 1
SINGLE_MARK = "*"
"""Marks an item rated by one country only."""


def ranking_table(comparison: Comparison, summit: str, lang: str = "en") -> Table:
    """The country ranking of one summit: rank, items, R, E, S, average, Phase 1, change."""
    from cco.i18n.phrases import phrase
    from cco.output.views import (
        delta_direction,
        fmt_delta,
        fmt_score,
        heading_words,
        is_missing,
        summit_title,
    )

    rows = comparison.countries[comparison.countries["summit"] == summit]
    has_phase1 = bool(rows["phase1_average"].notna().any())
    has_probability = bool(rows["rank_probability"].notna().any())
    keys = ["rank", "country", "items", "RES", "average"]
    keys += ["phase1", "change"] if has_phase1 else []
    keys += ["holds-rank"] if has_probability else []
    columns = heading_words(lang, *keys)
    if has_probability:
        confidence = f"{comparison.confidence:.0%}"
        columns.append(phrase("col-rank-interval", lang, confidence=confidence))
    cells, directions = [], []
    for _, row in rows.iterrows():
        line = [
            "–" if is_missing(row["rank"]) else str(int(row["rank"])),
            str(row["label"]),
            str(int(row["n_items"])),
            *(fmt_score(row[c]) for c in ("relevance", "effectiveness", "sustainability")),
            fmt_score(row["average"]),
        ]
        if has_phase1:
            line += [fmt_score(row["phase1_average"]), fmt_delta(row["delta_average"])]
        if has_probability:
            line.append(chance_text(row["rank_probability"], row["rank_probability_error"]))
            line.append(rank_span(row["rank_low"], row["rank_high"]))
        cells.append(line)
        directions.append(delta_direction(row["delta_average"]))
    numeric = set(range(len(columns))) - {1}
    change = 8 if has_phase1 else None
    title = phrase("countries-title", lang, summit=summit_title(summit, lang))
    return table_of_texts(title, columns, cells, directions, numeric, change=change)


def chance_text(chance: object, error: object) -> str:
    """A share as a whole percentage, with its Monte Carlo error where that reaches the digit.

    '75% ±1' from 2,000 resamples (standard error 0.97 points); '100%' when every resample
    agrees (no error); '–' when not computed.
    """
    from cco.core.text import is_missing

    if is_missing(chance):
        return "–"
    text = f"{float(chance):.0%}"  # type: ignore[arg-type]
    points = 0.0 if is_missing(error) else float(error) * 100  # type: ignore[arg-type]
    return f"{text} ±{points:.0f}" if points >= 0.5 else text


def rank_span(low: object, high: object) -> str:
    """'1–2', or '1' when the rank never moves; '–' when not computed."""
    from cco.core.text import is_missing

    if is_missing(low) or is_missing(high):
        return "–"
    return str(int(low)) if low == high else f"{int(low)}–{int(high)}"  # type: ignore[call-overload]


def theme_matrix_table(matrix: ThemeMatrix, lang: str = "en") -> Table:
    """Countries by theme of one summit: each cell 'average (rank among countries)'."""
    from cco.core.text import is_missing
    from cco.i18n.phrases import phrase
    from cco.output.views import fmt_score, summit_title
    from cco.scoring.compare import theme_tag

    themes = list(matrix.names)  # the theme numbers, in the order of the frames' columns
    columns = [phrase("col-country", lang), *(theme_tag(matrix.summit, t) for t in themes)]
    rows = []
    for label in matrix.averages.index:
        line = [str(label)]
        for theme in themes:
            # A frame's cell is typed as any scalar; these hold a mean and, beside it, its rank.
            average = cast(float, matrix.averages.at[label, theme])
            rank = cast(int, matrix.ranks.at[label, theme])
            line.append("–" if is_missing(average) else f"{fmt_score(average)} ({int(rank)})")
        rows.append(line)
    title = phrase("themes-by-country-title", lang, summit=summit_title(matrix.summit, lang))
    return table_of_texts(title, columns, rows, [0] * len(rows), set(range(1, len(columns))))


def commitment_tables(
    matrix: pd.DataFrame, summit: str, width: int | None, lang: str = "en"
) -> list[Table]:
    """Commitments by country of one summit, split so that each table fits `width` columns.

    `matrix` is the comparison's `cco.scoring.compare.commitment_matrix`.
    """
    from cco.i18n.phrases import phrase
    from cco.output.views import fmt_score, summit_title
    from cco.scoring.compare import COMMITMENT_INFO

    matrix = matrix[matrix["summit"] == summit]
    labels = [
        label for label in matrix.columns[len(COMMITMENT_INFO) :] if matrix[label].notna().any()
    ]
    rated_by = phrase("col-rated-by", lang)
    groups = _column_groups(labels, [*matrix.index], rated_by, width)
    tables = []
    for number, group in enumerate(groups, start=1):
        rows = []
        for item_id, row in matrix.iterrows():
            count = int(row["countries_rating"])
            rated = f"{count}{SINGLE_MARK}" if count == 1 else str(count)
            rows.append([str(item_id), rated, *(fmt_score(row[label]) for label in group)])
        title = phrase("commitments-by-country-title", lang, summit=summit_title(summit, lang))
        if len(groups) > 1:
            title += f" ({number}/{len(groups)})"
        columns = [phrase("col-id", lang), rated_by, *group]
        tables.append(
            table_of_texts(title, columns, rows, [0] * len(rows), set(range(1, len(columns))))
        )
    return tables


def _column_groups(
    labels: list[str], ids: list[str], rated_by: str, width: int | None
) -> list[list[str]]:
    """Split country columns into groups that fit `width` next to the id and count columns."""
    if width is None or not labels:
        return [labels]
    room = width - max(len(str(f)) for f in [*ids, rated_by]) - len(rated_by) - 4
    groups: list[list[str]] = [[]]
    used = 0
    for label in labels:
        need = max(len(label), 4) + 2
        if groups[-1] and used + need > room:
            groups.append([])
            used = 0
        groups[-1].append(label)
        used += need
    return groups


def theme_notes(matrix: ThemeMatrix, lang: str = "en") -> list[str]:
    """What a theme table's cells hold, and the name of each of its columns."""
    from cco.i18n.phrases import phrase
    from cco.output.views import short_text
    from cco.scoring.compare import theme_tag

    lines = [phrase("cell-note-plan" if matrix.summit == "IX" else "cell-note-theme", lang)]
    lines += [
        f"{theme_tag(matrix.summit, t)}: {short_text(n, 90) or phrase('no-name', lang)}"
        for t, n in matrix.names.items()
    ]
    return lines


def phase_change_table(comparison: Comparison, summit: str, lang: str = "en") -> Table | None:
    """The change of each country given in several phases, per summit and theme; None if none.

    Each row compares two consecutive phases over the items both rated (`items`); the item
    rows of the change are in the JSON.
    """
    from cco.core.text import is_missing
    from cco.i18n.phrases import phrase
    from cco.output.views import delta_direction, fmt_delta, fmt_score, summit_title
    from cco.scoring.compare import theme_tag

    changes = comparison.phase_changes
    if changes is None:
        return None
    rows = changes[(changes["summit"] == summit) & changes["id"].isna()]
    if rows.empty:
        return None
    columns = [
        phrase("col-country", lang),
        phrase("col-phases", lang),
        phrase("col-scope", lang),
        phrase("col-items", lang),
        phrase("col-before", lang),
        phrase("col-after", lang),
        phrase("col-change", lang),
    ]
    cells, directions = [], []
    for _, row in rows.iterrows():
        theme = row["theme"]
        scope = (
            phrase("scope-summit", lang, summit=summit)
            if is_missing(theme)
            else theme_tag(summit, int(theme))
        )
        cells.append(
            [
                str(row["country"]),
                f"{row['from_phase'] or '–'} → {row['to_phase'] or '–'}",
                scope,
                str(int(row["items"])),
                fmt_score(row["from_average"]),
                fmt_score(row["to_average"]),
                fmt_delta(row["change"]),
            ]
        )
        directions.append(delta_direction(row["change"]))
    title = phrase("phase-changes-title", lang, summit=summit_title(summit, lang))
    return table_of_texts(title, columns, cells, directions, {3, 4, 5, 6}, change=6)


def coverage_lines(
    comparison: Comparison, summit: str, *, themes: bool, lang: str = "en"
) -> list[str]:
    """A line per coverage note of a summit (or of its themes): countries rated different items."""
    from cco.i18n.phrases import phrase
    from cco.scoring.compare import theme_tag

    lines = []
    for note in comparison.coverage:
        if note.summit != summit or (note.theme is not None) != themes:
            continue
        if note.theme is None:
            scope = phrase("scope-summit", lang, summit=summit)
        else:
            kind = "scope-plan" if summit == "IX" else "scope-theme"
            scope = phrase(kind, lang, tag=theme_tag(summit, note.theme))
        lines.append(phrase("coverage-scoped", lang, scope=scope, **note.sentence_fields()))
    return lines


@dataclass
class SummitSection:
    """What the terminal and Markdown show for one summit."""

    title: str
    tables: list[tuple[Table, list[str]]]  # each table with the lines printed under it


def summit_sections(
    comparison: Comparison, width: int | None, lang: str = "en"
) -> list[SummitSection]:
    """Per summit: the ranking, the theme table, the commitment tables, each with its notes.

    Headings, titles and notes are in `lang` (en, es, pt, fr); numbers and names are not.
    """
    from cco.core.models import SUMMITS
    from cco.i18n.phrases import phrase
    from cco.output.views import summit_title
    from cco.scoring.compare import commitment_matrix, theme_matrix

    present = set(comparison.countries["summit"])
    by_commitment = commitment_matrix(comparison)
    sections = []
    for summit in [s for s in SUMMITS if s in present]:
        matrix = theme_matrix(comparison, summit)
        commitments = commitment_tables(by_commitment, summit, width, lang)
        single = any(SINGLE_MARK in row.cells[1].text for row in commitments[0].rows)
        footnote = [phrase("single-note", lang, mark=SINGLE_MARK)] if single else []
        ranking_notes = coverage_lines(comparison, summit, themes=False, lang=lang)
        theme_lines = coverage_lines(comparison, summit, themes=True, lang=lang)
        tables = [
            (ranking_table(comparison, summit, lang), ranking_notes),
            (theme_matrix_table(matrix, lang), [*theme_notes(matrix, lang), *theme_lines]),
            *((table, []) for table in commitments[:-1]),
            (commitments[-1], footnote),
        ]
        changes = phase_change_table(comparison, summit, lang)
        if changes is not None:
            tables.append((changes, [phrase("phase-changes-note", lang)]))
        sections.append(SummitSection(summit_title(summit, lang), tables))
    return sections


def comparison_markdown(heading: str, sections: list[SummitSection]) -> str:
    """The same tables and notes as the terminal, as Markdown."""
    from cco.core.text import markdown_inert
    from cco.output.tables import markdown_table

    lines = [f"# {markdown_inert(heading)}", ""]
    for section in sections:
        lines += [f"## {markdown_inert(section.title)}", ""]
        for table, notes in section.tables:
            lines += markdown_table(table)
            lines += [*(f"- {markdown_inert(n)}" for n in notes), *([""] if notes else [])]
    return "\n".join(lines).rstrip() + "\n"


def comparison_dict(
    comparison: Comparison, batch: Batch, scale_max: float, lang: str = "en"
) -> dict[str, Any]:
    """The comparison as its stable JSON contract (strict: null, never NaN).

    `intervals` records how rank certainty was resampled (method, resamples, confidence,
    seed), or null when no sheet has rater rows.
    """
    from cco.output.problem_output import problem_record
    from cco.scoring.compare import comparison_records

    resampled = batch.bootstrap is not None and any(s.summit_draws for s in batch.summaries)
    data: dict[str, Any] = {
        "schema": COMPARE_SCHEMA_VERSION,
        "scale_max": scale_max,
        "intervals": batch.bootstrap.as_dict() if resampled and batch.bootstrap else None,
        "sheets": [
            {"file": s.file, "country": s.country, "phase": s.phase, "compared": s.compared}
            for s in batch.statuses
        ],
        **comparison_records(comparison),
        "problems": [problem_record(p, lang) for p in batch.problems],
    }
    return data


def write_comparison_json(data: dict[str, Any], handle: IO[str]) -> None:
    """Write the JSON contract to an open text file, streamed (no whole-document string)."""
    json.dump(data, handle, indent=2, ensure_ascii=False, allow_nan=False)
    handle.write("\n")


def comparison_csv(comparison: Comparison, table: str) -> str:
    """One long table of the comparison as CSV, with the JSON field names; full precision."""
    from cco.io.files import neutralize
    from cco.scoring.compare import LONG_TABLES, table_records

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(LONG_TABLES[table]))
    for record in table_records(comparison, table):
        writer.writerow(
            [
                "" if v is None else neutralize(v) if isinstance(v, str) else v
                for v in record.values()
            ]
        )
    return buffer.getvalue()
