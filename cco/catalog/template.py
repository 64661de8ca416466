"""Blank evaluation workbooks in the canonical tidy layout, for national scenarios to fill in.

The workbook has three sheets: `Scores` (one row per commitment, its id, theme and texts filled
in, R/E/S and change cells that Excel restricts to the scale), `Metadata` (country, phase,
year, source) and `Instructions`. `read_sheet` reads it back as it reads any tidy sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cco.catalog.commitments import Catalog, CatalogEntry
from cco.core.models import CRITERIA, CountrySheet
from cco.i18n.phrases import report_text, template_lines, template_text
from cco.io.files import neutralize, write_atomic, writing_workbook
from cco.io.ingest import DEFAULT_SCALE_MAX

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

SCORES_SHEET = "Scores"
METADATA_SHEET = "Metadata"
INSTRUCTIONS_SHEET = "Instructions"

TEMPLATE_HEADER: tuple[str, ...] = (
    "Id",
    "Summit",
    "Theme",
    "Theme name",
    "Plan",
    "Commitment",
    "Sub-commitment",
    "Text",
    "Commitment text",
    "Relevance",
    "Relevance +-",
    "Effectiveness",
    "Effectiveness +-",
    "Sustainability",
    "Sustainability +-",
)
"""The header row of the Scores sheet in English (the shipped data/peru-2024.xlsx's); the
template writes it in the reader's language (catalog entries `template:column-...`)."""

_WIDTHS = (10, 8, 7, 32, 6, 12, 15, 60, 60, 11, 13, 14, 17, 15, 18)
_WRAPPED = frozenset({"Theme name", "Text", "Commitment text"})
_SCORE_COLUMNS = {c: TEMPLATE_HEADER.index(c.capitalize()) + 1 for c in CRITERIA}
_INPUT_FILL = "FFF8DC"  # the cells to fill in: a light cream
_HEADER_FILL = "DDE6F0"

# The texts a person reads in the workbook are the catalog entries `template:KEY`
# (cco.i18n.catalogs). Excel limits a validation's title to 32 characters and its message to 255.
_WORD_KEYS = (
    "score_title",
    "score_prompt",
    "score_error_title",
    "score_error",
    "change_title",
    "change_prompt",
    "change_error_title",
    "change_error",
    "scale",
    "changes",
    "instructions_title",
    "sheet-scores",
    "sheet-metadata",
    "sheet-instructions",
    "meta-field",
    "meta-value",
    "meta-country",
    "meta-phase",
    "meta-year",
    "meta-source",
    "meta-scale",
    "meta-changes",
)


@dataclass(frozen=True)
class TemplateMetadata:
    """What the Metadata sheet says: the country, and the phase and year when known."""

    country: str
    phase: str | None = None
    year: int | None = None
    source: str | None = None  # None: the observatory's name, in the template's language


@dataclass
class SheetCommitments:
    """The commitments of an earlier sheet, as template rows, and what could not be reused."""

    entries: list[CatalogEntry] = field(default_factory=list)
    not_in_catalog: list[str] = field(default_factory=list)  # kept, with the sheet's texts
    left_out: list[str] = field(default_factory=list)  # no theme anywhere: cannot be placed


def commitments_of_sheet(sheet: CountrySheet, catalog: Catalog) -> SheetCommitments:
    """The commitments an earlier sheet scored, for the next phase's template.

    An id the catalog knows takes the catalog's entry; any other keeps the sheet's own theme
    and texts (and is listed in `not_in_catalog`); one without a theme is left out.
    """
    result = SheetCommitments()
    for item in sheet.items:
        entry = catalog.get(item.id)
        if entry is not None:
            result.entries.append(entry)
            continue
        if item.theme is None:
            result.left_out.append(item.id)
            continue
        result.not_in_catalog.append(item.id)
        result.entries.append(
            CatalogEntry(
                id=item.id,
                summit=item.summit,
                theme=item.theme,
                commitment=item.commitment,
                text=item.text or "",
                plan=item.plan,
                sub=item.sub,
                theme_name=item.theme_name,
                commitment_text=item.commitment_text if item.sub else None,
                source=sheet.file,
            )
        )
    unique = {entry.id: entry for entry in result.entries}
    result.entries = sorted(unique.values(), key=CatalogEntry.sort_key)
    return result


def build_template(
    entries: Sequence[CatalogEntry],
    metadata: TemplateMetadata,
    *,
    lang: str = "en",
    scale_max: float = DEFAULT_SCALE_MAX,
) -> Workbook:
    """A blank evaluation workbook with one Scores row per entry, in catalog order.

    Args:
        entries: the commitments to score.
        metadata: what the Metadata sheet says.
        lang: the language of the headers, the instructions and the cells' input messages.
        scale_max: the top of the rating scale (3).

    Returns:
        An openpyxl Workbook with the Scores, Metadata and Instructions sheets.

    """
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    top = f"{scale_max:g}"
    words = {key: template_text(key, lang, max=top) for key in _WORD_KEYS}
    book = Workbook()
    scores = book.active
    assert isinstance(scores, Worksheet), "a new workbook opens on one worksheet"
    # English names are SCORES_SHEET...; in other languages the reader knows them all too.
    scores.title = words["sheet-scores"]
    _fill_scores(scores, entries, words, scale_max, lang)
    source = metadata.source or report_text("observatory", lang)
    _fill_metadata(book.create_sheet(words["sheet-metadata"]), metadata, words, source)
    _fill_instructions(
        book.create_sheet(words["sheet-instructions"]),
        words["instructions_title"],
        template_lines("instruction-", lang, max=top),
    )
    return book


def write_template(
    output: Path,
    entries: Sequence[CatalogEntry],
    metadata: TemplateMetadata,
    *,
    lang: str = "en",
    scale_max: float = DEFAULT_SCALE_MAX,
) -> None:
    """Write a blank evaluation workbook (see `build_template`) atomically to `output`."""
    with writing_workbook(output):
        book = build_template(entries, metadata, lang=lang, scale_max=scale_max)
        write_atomic(output, lambda path: book.save(path))


def template_row(entry: CatalogEntry) -> list[str | int | None]:
    """The identity and text cells of one Scores row; the score cells stay empty."""
    texts = [entry.theme_name, entry.text, entry.parent_text]
    theme_name, text, commitment_text = (neutralize(t) if t else None for t in texts)
    return [
        entry.id,
        entry.summit,
        entry.theme,
        theme_name,
        entry.plan,
        entry.commitment,
        entry.sub,
        text,
        commitment_text,
    ]


def _fill_scores(
    sheet: Worksheet,
    entries: Sequence[CatalogEntry],
    words: dict[str, str],
    scale_max: float,
    lang: str,
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    # Headers in the reader's language: every one is a header alias ingest reads back.
    sheet.append([template_text(f"column-{name}", lang) for name in TEMPLATE_HEADER])
    for entry in entries:
        sheet.append(template_row(entry))
    last = max(2, len(entries) + 1)
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    input_fill = PatternFill("solid", fgColor=_INPUT_FILL)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, (name, width) in enumerate(zip(TEMPLATE_HEADER, _WIDTHS, strict=True), start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        is_input = index >= _SCORE_COLUMNS["relevance"]
        for row in range(2, len(entries) + 2):
            cell = sheet.cell(row=row, column=index)
            cell.alignment = Alignment(wrap_text=name in _WRAPPED, vertical="top")
            if is_input:
                cell.fill = input_fill
                cell.number_format = "0.00"
    sheet.freeze_panes = "B2"
    _add_validations(sheet, last, words, scale_max)


def _add_validations(sheet: Worksheet, last: int, words: dict[str, str], scale_max: float) -> None:
    """Restrict the score cells to 0..max and the change cells to -max..max."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for kind, low in (("score", 0.0), ("change", -scale_max)):
        validation = DataValidation(
            type="decimal",
            operator="between",
            formula1=f"{low:g}",
            formula2=f"{scale_max:g}",
            allow_blank=True,
            showInputMessage=True,
            promptTitle=words[f"{kind}_title"][:32],
            prompt=words[f"{kind}_prompt"][:255],
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle=words[f"{kind}_error_title"][:32],
            error=words[f"{kind}_error"][:255],
        )
        for column in _SCORE_COLUMNS.values():
            letter = get_column_letter(column + (kind == "change"))
            validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)


def _fill_metadata(
    sheet: Worksheet, metadata: TemplateMetadata, words: dict[str, str], source: str
) -> None:
    """Country, phase, year and source, labelled in the template's language (all read back)."""
    from openpyxl.styles import Alignment, Font

    rows: list[tuple[str, str | int | None]] = [
        (words["meta-field"], words["meta-value"]),
        (words["meta-country"], neutralize(metadata.country)),
        (words["meta-phase"], neutralize(metadata.phase) if metadata.phase else None),
        (words["meta-year"], metadata.year),
        (words["meta-source"], neutralize(source)),
        (words["meta-scale"], words["scale"]),
        (words["meta-changes"], words["changes"]),
    ]
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 80
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _fill_instructions(sheet: Worksheet, title: str, lines: list[str]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    for line in lines:
        sheet.append([line])
    sheet.column_dimensions["A"].width = 110
    for (cell,) in sheet.iter_rows(min_row=2, max_col=1):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
