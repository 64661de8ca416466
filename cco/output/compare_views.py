"""Display-ready views of a comparison (tables and notes) and its JSON and CSV forms.

The terminal and Markdown render the same views, as for `cco score` (see cco.output.views).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, cast

from cco.output.json_text import indented_json

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from cco.catalog.commitments import TextsInLanguage
    from cco.output.tables import Column, Row, TableModel
    from cco.pipeline.batch import Batch
    from cco.scoring.compare import Comparison, ThemeMatrix

COMPARE_SCHEMA_VERSION = 1
SINGLE_MARK = "*"
"""Marks an item rated by one country only."""


def ranking_table(comparison: Comparison, summit: str, lang: str = "en") -> TableModel:
    """The country ranking of one summit: rank, items, R, E, S, average, Phase 1, change."""
    from cco.i18n.phrases import phrase
    from cco.output.tables import Column, table_model
    from cco.output.views import phase1_columns, rank_column, score_columns, summit_title
    from cco.scoring.score import frame_records

    rows = comparison.countries[comparison.countries["summit"] == summit]
    has_phase1 = bool(rows["phase1_average"].notna().any())
    has_probability = bool(rows["rank_probability"].notna().any())
    columns: list[Column[Row]] = [
        rank_column(lang),
        Column("country", phrase("col-country", lang), "text", lambda r: str(r["label"])),
        Column("items", phrase("col-items", lang), "number", lambda r: str(int(r["n_items"]))),
        *score_columns(lang),
        *(phase1_columns(lang) if has_phase1 else []),
    ]
    if has_probability:
        from cco.output.views import fmt_share

        confidence = fmt_share(comparison.confidence)
        columns += [
            Column(
                "holds-rank",
                phrase("col-holds-rank", lang),
                "number",
                lambda r: chance_text(r["rank_probability"], r["rank_probability_error"]),
            ),
            Column(
                "rank-interval",
                phrase("col-rank-interval", lang, confidence=confidence),
                "number",
                lambda r: rank_span(r["rank_low"], r["rank_high"]),
            ),
        ]
    title = phrase("countries-title", lang, summit=summit_title(summit, lang))
    return table_model(title, columns, frame_records(rows))


def comparison_in_language(comparison: Comparison, texts: TextsInLanguage | None) -> Comparison:
    """The comparison with the texts and theme names the catalog gives in the reader's language.

    For the outputs people read only (see `cco.output.views.card_in_language`).
    """
    if not texts:
        return comparison
    from dataclasses import replace

    from cco.output.views import frame_in_language

    changes = comparison.phase_changes
    return replace(
        comparison,
        themes=frame_in_language(comparison.themes, texts),
        commitments=frame_in_language(comparison.commitments, texts),
        phase_changes=None if changes is None else frame_in_language(changes, texts),
    )


def chance_text(chance: object, error: object) -> str:
    """A share as a whole percentage, with its Monte Carlo error where that reaches the digit.

    '75% ±1' from 2,000 resamples (standard error 0.97 points); '100%' when every resample
    agrees (no error); '–' when not computed.
    """
    from cco.core.text import is_missing

    if is_missing(chance):
        return "–"
    from cco.output.views import fmt_fixed, fmt_share

    text = fmt_share(float(chance))  # type: ignore[arg-type]
    points = 0.0 if is_missing(error) else float(error) * 100  # type: ignore[arg-type]
    return f"{text} ±{fmt_fixed(points, 0)}" if points >= 0.5 else text


def rank_span(low: object, high: object) -> str:
    """'1–2', or '1' when the rank never moves; '–' when not computed."""
    from cco.core.text import is_missing

    if is_missing(low) or is_missing(high):
        return "–"
    return str(int(low)) if low == high else f"{int(low)}–{int(high)}"  # type: ignore[call-overload]


def theme_matrix_table(matrix: ThemeMatrix, lang: str = "en") -> TableModel:
    """Countries by theme of one summit: each cell 'average (rank among countries)'."""
    from cco.i18n.phrases import phrase
    from cco.output.tables import Column, table_model
    from cco.output.views import summit_title
    from cco.scoring.compare import theme_tag

    themes = list(matrix.names)  # the theme numbers, in the order of the frames' columns
    columns: list[Column[str]] = [
        Column("country", phrase("col-country", lang), "text", str),
        *(
            Column(
                f"theme-{theme}",
                theme_tag(matrix.summit, theme),
                "number",
                _matrix_cell(matrix, theme),
            )
            for theme in themes
        ),
    ]
    title = phrase("themes-by-country-title", lang, summit=summit_title(matrix.summit, lang))
    return table_model(title, columns, matrix.averages.index)


def _matrix_cell(matrix: ThemeMatrix, theme: int) -> Callable[[str], str]:
    """A country's cell of one theme column: 'average (rank)', or '–' where it rated none."""
    from cco.core.text import is_missing
    from cco.output.views import fmt_score

    def cell(label: str) -> str:
        # A frame's cell is typed as any scalar; these hold a mean and, beside it, its rank.
        average = cast(float, matrix.averages.at[label, theme])
        rank = cast(int, matrix.ranks.at[label, theme])
        if is_missing(average):
            return "–"
        # Ranked by a metric the theme may lack (a change with no Phase 1): the average, no rank.
        return fmt_score(average) if is_missing(rank) else f"{fmt_score(average)} ({int(rank)})"

    return cell


def commitment_tables(
    matrix: pd.DataFrame, summit: str, width: int | None, lang: str = "en"
) -> list[TableModel]:
    """Commitments by country of one summit, split so that each table fits `width` columns.

    `matrix` is the comparison's `cco.scoring.compare.commitment_matrix`.
    """
    from cco.i18n.phrases import phrase
    from cco.output.tables import Column, table_model
    from cco.output.views import fmt_score, summit_title
    from cco.scoring.compare import COMMITMENT_INFO

    matrix = matrix[matrix["summit"] == summit]
    labels = [
        label for label in matrix.columns[len(COMMITMENT_INFO) :] if matrix[label].notna().any()
    ]
    rated_by = phrase("col-rated-by", lang)
    groups = _column_groups(labels, [*matrix.index], rated_by, width)

    def rated(row: pd.Series) -> str:
        count = int(row["countries_rating"])
        return f"{count}{SINGLE_MARK}" if count == 1 else str(count)

    def score(label: str) -> Callable[[pd.Series], str]:
        return lambda row: fmt_score(row[label])

    tables = []
    for number, group in enumerate(groups, start=1):
        title = phrase("commitments-by-country-title", lang, summit=summit_title(summit, lang))
        if len(groups) > 1:
            title += f" ({number}/{len(groups)})"
        columns: list[Column[pd.Series]] = [
            Column("id", phrase("col-id", lang), "id", lambda row: str(row.name)),
            Column("rated-by", rated_by, "number", rated),
            *(Column(f"country-{label}", label, "number", score(label)) for label in group),
        ]
        tables.append(table_model(title, columns, (row for _, row in matrix.iterrows())))
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


def phase_change_table(comparison: Comparison, summit: str, lang: str = "en") -> TableModel | None:
    """The change of each country given in several phases, per summit and theme; None if none.

    Each row compares two consecutive phases over the items both rated (`items`); the item
    rows of the change are in the JSON.
    """
    from cco.core.text import is_missing
    from cco.i18n.phrases import phrase
    from cco.output.tables import Column, table_model
    from cco.output.views import change_cell, fmt_score, summit_title
    from cco.scoring.compare import theme_tag
    from cco.scoring.score import frame_records

    changes = comparison.phase_changes
    if changes is None:
        return None
    rows = changes[(changes["summit"] == summit) & changes["id"].isna()]
    if rows.empty:
        return None

    def scope(row: Row) -> str:
        theme = row["theme"]
        if is_missing(theme):
            return phrase("scope-summit", lang, summit=summit)
        return theme_tag(summit, int(theme))

    columns: list[Column[Row]] = [
        Column("country", phrase("col-country", lang), "text", lambda r: str(r["country"])),
        Column(
            "phases",
            phrase("col-phases", lang),
            "text",
            lambda r: f"{r['from_phase'] or '–'} → {r['to_phase'] or '–'}",
        ),
        Column("scope", phrase("col-scope", lang), "text", scope),
        Column("items", phrase("col-items", lang), "number", lambda r: str(int(r["items"]))),
        Column(
            "before", phrase("col-before", lang), "number", lambda r: fmt_score(r["from_average"])
        ),
        Column("after", phrase("col-after", lang), "number", lambda r: fmt_score(r["to_average"])),
        Column("change", phrase("col-change", lang), "change", lambda r: change_cell(r["change"])),
    ]
    title = phrase("phase-changes-title", lang, summit=summit_title(summit, lang))
    return table_model(title, columns, frame_records(rows))


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
    tables: list[tuple[TableModel, list[str]]]  # each table with the lines printed under it


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


def comparison_dict(comparison: Comparison, batch: Batch, scale_max: float) -> dict[str, Any]:
    """The comparison as its stable JSON contract (strict: null, never NaN).

    `intervals` records how rank certainty was resampled (method, resamples, confidence,
    seed), or null when no sheet has rater rows. The long tables are iterators of records,
    made as `write_comparison_json` writes them, once (`comparison_records` gives lists).
    """
    from cco.output.problem_output import problem_record
    from cco.scoring.compare import comparison_record_streams

    resampled = batch.bootstrap is not None and any(s.summit_draws for s in batch.summaries)
    data: dict[str, Any] = {
        "schema": COMPARE_SCHEMA_VERSION,
        "scale_max": scale_max,
        "by": comparison.by,
        "intervals": batch.bootstrap.as_dict() if resampled and batch.bootstrap else None,
        "sheets": [
            {"file": s.file, "country": s.country, "phase": s.phase, "compared": s.compared}
            for s in batch.statuses
        ],
        **comparison_record_streams(comparison),
        "problems": [problem_record(p) for p in batch.problems],
    }
    return data


def write_comparison_json(data: dict[str, Any], handle: IO[str]) -> None:
    """Write the JSON contract to an open text file, streamed (no whole-document string).

    `data` is a dict whose values are plain JSON values or iterators of records (as
    `comparison_dict` gives the long tables): those are made and written one record at a
    time. The text is what `json.dump(..., indent=2)` writes of the same values as lists.
    """
    if not data:
        handle.write("{}\n")
        return
    for index, (key, value) in enumerate(data.items()):
        handle.write(("{\n  " if index == 0 else ",\n  ") + indented_json(key) + ": ")
        if isinstance(value, Iterator):
            _write_records(value, handle)
        else:
            handle.write(indented_json(value, 1))
    handle.write("\n}\n")


def _write_records(records: Iterator[Any], handle: IO[str]) -> None:
    """A list of records, one written at a time, as an indented list at the second level."""
    written = 0
    for record in records:
        handle.write(("[\n    " if not written else ",\n    ") + indented_json(record, 2))
        written += 1
    handle.write("\n  ]" if written else "[]")


def comparison_csv(comparison: Comparison, table: str, decimal_comma: bool = False) -> str:
    """One long table of the comparison as CSV, with the JSON field names; full precision.

    `decimal_comma`: 1,5 and semicolons, as `cco.output.export.csv_text` writes them.
    """
    from cco.io.files import neutralize
    from cco.output.export import csv_text
    from cco.scoring.compare import LONG_TABLES, table_records

    rows = (
        [neutralize(v) if isinstance(v, str) else v for v in record.values()]
        for record in table_records(comparison, table)
    )
    return csv_text(list(LONG_TABLES[table]), rows, decimal_comma)
