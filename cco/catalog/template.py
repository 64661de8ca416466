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
from cco.io.files import neutralize, write_atomic
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
"""The header row of the Scores sheet: the same as the shipped data/peru-2024.xlsx."""

_WIDTHS = (10, 8, 7, 32, 6, 12, 15, 60, 60, 11, 13, 14, 17, 15, 18)
_WRAPPED = frozenset({"Theme name", "Text", "Commitment text"})
_SCORE_COLUMNS = {c: TEMPLATE_HEADER.index(c.capitalize()) + 1 for c in CRITERIA}
_INPUT_FILL = "FFF8DC"  # the cells to fill in: a light cream
_HEADER_FILL = "DDE6F0"

# Texts a person reads in the workbook, by language. Excel limits a validation's title to 32
# characters and its message to 255.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "score_title": "Score 0-{max}",
        "score_prompt": (
            "Type a number from 0 (no development) to {max} (high development); decimals are "
            "allowed. Leave the cell empty if the criterion was not rated."
        ),
        "score_error_title": "Not a score",
        "score_error": "A score is a number from 0 to {max}.",
        "change_title": "Change against Phase 1",
        "change_prompt": (
            "Current score minus the Phase 1 score, from -{max} to {max} (VIII Summit). Leave "
            "the cell empty when there is no Phase 1 score."
        ),
        "change_error_title": "Not a change",
        "change_error": "A change is a number from -{max} to {max}.",
        "scale": "0-{max} (0 = no development, {max} = high development)",
        "changes": "'+-' columns: change against Phase 1 of the same criterion (current minus "
        "Phase 1)",
        "instructions_title": "How to fill in this workbook",
    },
    "es": {
        "score_title": "Puntaje 0-{max}",
        "score_prompt": (
            "Escriba un número de 0 (sin desarrollo) a {max} (desarrollo alto); se admiten "
            "decimales. Deje la celda vacía si el criterio no se calificó."
        ),
        "score_error_title": "No es un puntaje",
        "score_error": "Un puntaje es un número de 0 a {max}.",
        "change_title": "Variación respecto de la Fase 1",
        "change_prompt": (
            "Puntaje actual menos el de la Fase 1, de -{max} a {max} (Cumbre VIII). Deje la "
            "celda vacía si no hay puntaje de la Fase 1."
        ),
        "change_error_title": "No es una variación",
        "change_error": "Una variación es un número de -{max} a {max}.",
        "scale": "0-{max} (0 = sin desarrollo, {max} = desarrollo alto)",
        "changes": "Columnas '+-': variación respecto de la Fase 1 del mismo criterio (actual "
        "menos Fase 1)",
        "instructions_title": "Cómo completar este libro",
    },
    "pt": {
        "score_title": "Nota 0-{max}",
        "score_prompt": (
            "Digite um número de 0 (sem desenvolvimento) a {max} (desenvolvimento alto); "
            "decimais são aceitos. Deixe a célula vazia se o critério não foi avaliado."
        ),
        "score_error_title": "Não é uma nota",
        "score_error": "Uma nota é um número de 0 a {max}.",
        "change_title": "Variação em relação à Fase 1",
        "change_prompt": (
            "Nota atual menos a da Fase 1, de -{max} a {max} (Cúpula VIII). Deixe a célula "
            "vazia se não houver nota da Fase 1."
        ),
        "change_error_title": "Não é uma variação",
        "change_error": "Uma variação é um número de -{max} a {max}.",
        "scale": "0-{max} (0 = sem desenvolvimento, {max} = desenvolvimento alto)",
        "changes": "Colunas '+-': variação em relação à Fase 1 do mesmo critério (atual menos "
        "Fase 1)",
        "instructions_title": "Como preencher esta pasta de trabalho",
    },
    "fr": {
        "score_title": "Note 0-{max}",
        "score_prompt": (
            "Saisissez un nombre de 0 (aucun développement) à {max} (développement élevé) ; "
            "les décimales sont acceptées. Laissez la cellule vide si le critère n'est pas noté."
        ),
        "score_error_title": "Pas une note",
        "score_error": "Une note est un nombre de 0 à {max}.",
        "change_title": "Variation depuis la Phase 1",
        "change_prompt": (
            "Note actuelle moins celle de la Phase 1, de -{max} à {max} (VIIIe Sommet). Laissez "
            "la cellule vide s'il n'y a pas de note de Phase 1."
        ),
        "change_error_title": "Pas une variation",
        "change_error": "Une variation est un nombre de -{max} à {max}.",
        "scale": "0-{max} (0 = aucun développement, {max} = développement élevé)",
        "changes": "Colonnes « +- » : variation depuis la Phase 1 du même critère (actuel moins "
        "Phase 1)",
        "instructions_title": "Comment remplir ce classeur",
    },
}

_INSTRUCTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "1. In the Scores sheet, type each commitment's scores in the Relevance, Effectiveness "
        "and Sustainability columns: a number from 0 (no development) to {max} (high "
        "development). Decimals are allowed.",
        "2. Relevance: the opportunity and convenience of the actions the government takes to "
        "fight corruption. Effectiveness: to what extent those actions promote the fight "
        "against corruption. Sustainability: the continuity of those actions and commitments "
        "over time.",
        "3. Leave a cell empty when a criterion was not rated; cco reports the item as not yet "
        "scored instead of counting it as 0.",
        "4. The '+-' columns take the change against Phase 1 (current score minus Phase 1 "
        "score, from -{max} to {max}) of VIII Summit commitments. Leave them empty when there "
        "is no Phase 1 score.",
        "5. Do not change the Id, Summit, Theme, Plan, Commitment and Sub-commitment cells, the "
        "texts or the header row: cco recognizes each commitment by them. Do not add rows for "
        "other commitments without asking your coordinator.",
        "6. In the Metadata sheet, check the country and fill in the phase and the year.",
        "7. Excel refuses a number outside the scale typed in a cell, but not a pasted one: "
        "cco checks every cell again when it reads the file (cco score FILE).",
    ),
    "es": (
        "1. En la hoja Scores, escriba los puntajes de cada compromiso en las columnas "
        "Relevance (relevancia), Effectiveness (eficacia) y Sustainability (sostenibilidad): un "
        "número de 0 (sin desarrollo) a {max} (desarrollo alto). Se admiten decimales.",
        "2. Relevancia: la oportunidad y conveniencia de las acciones que el gobierno toma "
        "para combatir la corrupción. Eficacia: en qué medida esas acciones promueven la lucha "
        "contra la corrupción. Sostenibilidad: la continuidad en el tiempo de esas acciones y "
        "compromisos.",
        "3. Deje la celda vacía cuando un criterio no se calificó; cco informa que el ítem "
        "todavía no tiene puntaje en lugar de contarlo como 0.",
        "4. Las columnas '+-' llevan la variación respecto de la Fase 1 (puntaje actual menos "
        "el de la Fase 1, de -{max} a {max}) de los compromisos de la Cumbre VIII. Déjelas "
        "vacías si no hay puntaje de la Fase 1.",
        "5. No modifique las celdas Id, Summit, Theme, Plan, Commitment y Sub-commitment, los "
        "textos ni la fila de encabezados: cco reconoce cada compromiso por ellos. No agregue "
        "filas de otros compromisos sin consultar a su coordinación.",
        "6. En la hoja Metadata, revise el país y complete la fase y el año.",
        "7. Excel rechaza un número fuera de la escala escrito en una celda, pero no uno "
        "pegado: cco vuelve a revisar cada celda al leer el archivo (cco score ARCHIVO).",
    ),
    "pt": (
        "1. Na planilha Scores, digite as notas de cada compromisso nas colunas Relevance "
        "(relevância), Effectiveness (eficácia) e Sustainability (sustentabilidade): um número "
        "de 0 (sem desenvolvimento) a {max} (desenvolvimento alto). Decimais são aceitos.",
        "2. Relevância: a oportunidade e a conveniência das ações que o governo adota para "
        "combater a corrupção. Eficácia: em que medida essas ações promovem o combate à "
        "corrupção. Sustentabilidade: a continuidade dessas ações e compromissos ao longo do "
        "tempo.",
        "3. Deixe a célula vazia quando um critério não foi avaliado; o cco informa que o item "
        "ainda não foi avaliado em vez de contá-lo como 0.",
        "4. As colunas '+-' recebem a variação em relação à Fase 1 (nota atual menos a da Fase "
        "1, de -{max} a {max}) dos compromissos da Cúpula VIII. Deixe-as vazias se não houver "
        "nota da Fase 1.",
        "5. Não altere as células Id, Summit, Theme, Plan, Commitment e Sub-commitment, os "
        "textos nem a linha de cabeçalho: o cco reconhece cada compromisso por eles. Não "
        "acrescente linhas de outros compromissos sem consultar sua coordenação.",
        "6. Na planilha Metadata, confira o país e preencha a fase e o ano.",
        "7. O Excel recusa um número fora da escala digitado em uma célula, mas não um colado: "
        "o cco confere cada célula de novo ao ler o arquivo (cco score ARQUIVO).",
    ),
    "fr": (
        "1. Dans la feuille Scores, saisissez les notes de chaque engagement dans les colonnes "
        "Relevance (pertinence), Effectiveness (efficacité) et Sustainability (durabilité) : un "
        "nombre de 0 (aucun développement) à {max} (développement élevé). Les décimales sont "
        "acceptées.",
        "2. Pertinence : l'opportunité et la convenance des actions du gouvernement contre la "
        "corruption. Efficacité : dans quelle mesure ces actions font avancer la lutte contre "
        "la corruption. Durabilité : la continuité de ces actions et engagements dans le temps.",
        "3. Laissez la cellule vide quand un critère n'a pas été noté ; cco signale l'élément "
        "comme pas encore noté au lieu de le compter comme 0.",
        "4. Les colonnes « +- » reçoivent la variation depuis la Phase 1 (note actuelle moins "
        "celle de la Phase 1, de -{max} à {max}) des engagements du VIIIe Sommet. Laissez-les "
        "vides s'il n'y a pas de note de Phase 1.",
        "5. Ne modifiez ni les cellules Id, Summit, Theme, Plan, Commitment et Sub-commitment, "
        "ni les textes, ni la ligne d'en-tête : cco reconnaît chaque engagement grâce à eux. "
        "N'ajoutez pas de lignes pour d'autres engagements sans consulter votre coordination.",
        "6. Dans la feuille Metadata, vérifiez le pays et indiquez la phase et l'année.",
        "7. Excel refuse un nombre hors de l'échelle saisi dans une cellule, mais pas un nombre "
        "collé : cco revérifie chaque cellule en lisant le fichier (cco score FICHIER).",
    ),
}


@dataclass(frozen=True)
class TemplateMetadata:
    """What the Metadata sheet says: the country, and the phase and year when known."""

    country: str
    phase: str | None = None
    year: int | None = None
    source: str = "Citizen Corruption Observatory"


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
        lang: the language of the instructions and of the cells' input messages.
        scale_max: the top of the rating scale (3).

    Returns:
        An openpyxl Workbook with the Scores, Metadata and Instructions sheets.

    """
    from openpyxl import Workbook

    words = {k: v.format(max=f"{scale_max:g}") for k, v in _WORDS.get(lang, _WORDS["en"]).items()}
    book = Workbook()
    scores = book.active
    scores.title = SCORES_SHEET
    _fill_scores(scores, entries, words, scale_max)
    _fill_metadata(book.create_sheet(METADATA_SHEET), metadata, words)
    lines = _INSTRUCTIONS.get(lang, _INSTRUCTIONS["en"])
    _fill_instructions(
        book.create_sheet(INSTRUCTIONS_SHEET),
        words["instructions_title"],
        [line.format(max=f"{scale_max:g}") for line in lines],
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
    book = build_template(entries, metadata, lang=lang, scale_max=scale_max)
    write_atomic(output, lambda path: book.save(path))


def template_row(entry: CatalogEntry) -> list[object]:
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
    sheet: Worksheet, entries: Sequence[CatalogEntry], words: dict[str, str], scale_max: float
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append(list(TEMPLATE_HEADER))
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


def _fill_metadata(sheet: Worksheet, metadata: TemplateMetadata, words: dict[str, str]) -> None:
    from openpyxl.styles import Alignment, Font

    rows: list[tuple[str, object]] = [
        ("Field", "Value"),
        ("Country", neutralize(metadata.country)),
        ("Phase", neutralize(metadata.phase) if metadata.phase else None),
        ("Year", metadata.year),
        ("Source", neutralize(metadata.source)),
        ("Scale", words["scale"]),
        ("Changes", words["changes"]),
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
