"""Builders of test sheets for the fictional country of Freedonia, in every layout ingest reads.

Every layout holds the same seven items, so each must score to the same hand-computed numbers
(see test_layouts.py). Values are multiples of 0.25 so that four organizations' whole-number
ratings can reproduce them exactly in the rater layout.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

from openpyxl import Workbook


class Row(NamedTuple):
    summit: str
    theme: int
    commitment: int
    sub: str | None
    text: str
    r: float
    e: float
    s: float
    dr: float | None = None
    de: float | None = None
    ds: float | None = None


THEME_NAMES = {
    ("VIII", 1): "Gobernanza democrática",
    ("VIII", 2): "Transparencia y acceso a la información",
    ("IX", 1): "Democratic Governance",
    ("IX", 3): "Digital Transformation",
}

FREEDONIA = [
    Row("VIII", 1, 3, None, "Fortalecer la integridad judicial.", 2.5, 2.0, 1.5, 0.5, -0.25, 0.0),
    Row("VIII", 2, 14, None, "Promover el gobierno abierto.", 1.0, 0.5, 0.0, -1.0, 0.5, -0.5),
    Row("VIII", 2, 20, None, "Proteger a los denunciantes.", 3.0, 2.5, 2.0),
    Row("IX", 1, 3, "D", "Promote free and fair elections.", 2.0, 1.5, 1.0),
    Row("IX", 1, 3, "E", "Observe elections.", 1.0, 1.0, 1.0),
    Row("IX", 1, 4, None, "Protect press freedom.", 3.0, 3.0, 3.0),
    Row("IX", 3, 17, None, "Accelerate digital government.", 2.75, 2.25, 0.5),
]
IDS = ["VIII-3", "VIII-14", "VIII-20", "IX-A-3D", "IX-A-3E", "IX-A-4", "IX-C-17"]


def plan(row: Row) -> str | None:
    return "ABCDE"[row.theme - 1] if row.summit == "IX" else None


def item_id(row: Row) -> str:
    if row.summit == "IX":
        return f"IX-{plan(row)}-{row.commitment}{row.sub or ''}"
    return f"VIII-{row.commitment}"


def save(rows: list[list[object]], path: Path, sheet: str = "Scores") -> Path:
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def tidy_english(path: Path) -> Path:
    """Tidy sheet, header on row 1, English headers, '+-' change columns after each criterion."""
    rows: list[list[object]] = [
        [
            "Summit",
            "Theme",
            "Theme name",
            "Plan",
            "Commitment",
            "Sub-commitment",
            "Text",
            "R",
            "+-",
            "E",
            "+-",
            "S",
            "+-",
        ]
    ]
    for r in FREEDONIA:
        rows.append(
            [
                r.summit,
                r.theme,
                THEME_NAMES[(r.summit, r.theme)],
                plan(r),
                r.commitment,
                r.sub,
                r.text,
                r.r,
                r.dr,
                r.e,
                r.de,
                r.s,
                r.ds,
            ]
        )
    return save(rows, path)


def tidy_spanish_csv(path: Path) -> Path:
    """Comma CSV in UTF-8, Spanish headers, 'Variación' change columns, plan letters as theme."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Cumbre",
                "Eje temático",
                "Compromiso",
                "Subcompromiso",
                "Descripción",
                "Relevancia",
                "Variación",
                "Eficacia",
                "Variación",
                "Sostenibilidad",
                "Variación",
            ]
        )
        for r in FREEDONIA:
            theme = plan(r) or r.theme
            writer.writerow(
                [
                    r.summit,
                    theme,
                    r.commitment,
                    r.sub or "",
                    r.text,
                    r.r,
                    _blank(r.dr),
                    r.e,
                    _blank(r.de),
                    r.s,
                    _blank(r.ds),
                ]
            )
    return path


def _blank(value: float | None) -> object:
    return "" if value is None else value


def _comma(value: float | None) -> str:
    return "" if value is None else str(value).replace(".", ",")


def semicolon_cp1252_csv(path: Path) -> Path:
    """Semicolon CSV in cp1252 with decimal commas, Portuguese headers and two title rows."""
    lines = ["Observatório Cidadão de Corrupção;;;;", "Relatório da Freedonia 2024;;;;", ";;;;"]
    lines.append(
        "Cúpula;Eixo;Compromisso;Subcompromisso;Descrição;Relevância;±;Eficácia;±;"
        "Sustentabilidade;±"
    )
    for r in FREEDONIA:
        lines.append(
            ";".join(
                [
                    "Cúpula " + r.summit,
                    str(r.theme),
                    str(r.commitment),
                    r.sub or "",
                    r.text,
                    _comma(r.r),
                    _comma(r.dr),
                    _comma(r.e),
                    _comma(r.de),
                    _comma(r.s),
                    _comma(r.ds),
                ]
            )
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def french_ods(path: Path) -> Path:
    """An .ods with French headers, 'Δ' change columns and the text cells as numbers-as-text."""
    import pandas as pd

    records = []
    for r in FREEDONIA:
        records.append(
            {
                "Sommet": r.summit,
                "Thème": r.theme,
                "Engagement": str(r.commitment),
                "Sous-engagement": r.sub or "",
                "Description": r.text,
                "Pertinence": _comma(r.r),
                "Δ Pertinence": _comma(r.dr),
                "Efficacité": _comma(r.e),
                "Δ Efficacité": _comma(r.de),
                "Durabilité": _comma(r.s),
                "Δ Durabilité": _comma(r.ds),
            }
        )
    pd.DataFrame(records).to_excel(path, engine="odf", index=False, sheet_name="Feuille1")
    return path


def ids_with_title_rows(path: Path) -> Path:
    """Title rows above a header on row 4; items named by canonical id only, changes named."""
    rows: list[list[object]] = [
        ["Citizen Corruption Observatory — Freedonia"],
        ["Phase 2, 2024"],
        [],
        [
            "ID",
            "Relevance",
            "Relevance change",
            "Effectiveness",
            "Effectiveness change",
            "Sustainability",
            "Sustainability change",
            "Theme",
        ],
    ]
    for r, rid in zip(FREEDONIA, IDS, strict=True):
        rows.append(
            [
                rid,
                r.r,
                r.dr,
                r.e,
                r.de,
                r.s,
                r.ds,
                f"Theme {r.theme}: {THEME_NAMES[(r.summit, r.theme)]}",
            ]
        )
    return save(rows, path)


def annex_blocks(path: Path) -> Path:
    """The published annex layout: summit and theme title rows, a header row in every block,
    numbers at the start of the text, sub-commitment cells with their letter, continuation rows,
    and blocks whose columns differ."""
    by = {item_id(r): r for r in FREEDONIA}
    v3, v14, v20 = by["VIII-3"], by["VIII-14"], by["VIII-20"]
    d, e, four, c17 = by["IX-A-3D"], by["IX-A-3E"], by["IX-A-4"], by["IX-C-17"]
    viii_head = ["Commitment", "R", "+-", "E", "+-", "S", "+-"]
    rows: list[list[object]] = [
        ["ANNEXES"],
        ["VIII Summit"],
        ["Tema 2: Transparencia y acceso a la información"],
        viii_head,
        [f"14. {v14.text}", "1,00", "-1,00", "0,50", "0,50", "0,00", "-0,50"],
        [f"20. {v20.text}", 3.0, None, 2.5, None, 2.0, None],
        [],
        ["Theme 1: I. Gobernanza democrática"],
        viii_head,
        [f"3. {v3.text}", v3.r, v3.dr, v3.e, v3.de, v3.s, v3.ds],
        [],
        ["IX Summit"],
        ["Theme 1: Democratic Governance"],
        ["Commitment", "Sub commitment", "R", "E", "S"],
        ["3. Support free and fair elections:", f"D. {d.text}", d.r, d.e, d.s],
        [None, f"E. {e.text}", e.r, e.e, e.s],
        [f"4. {four.text}", None, four.r, four.e, four.s],
        [],
        ["C. Digital Transformation"],
        ["Commitment", "R", "E", "S"],
        [f"17. {c17.text}", c17.r, c17.e, c17.s],
    ]
    return save(rows, path, sheet="Annex")


def ratings_for(mean: float, raters: int = 4) -> list[int]:
    """Whole-number ratings of `raters` organizations whose mean is exactly `mean`."""
    total = round(mean * raters)
    base, extra = divmod(total, raters)
    return [base + 1] * extra + [base] * (raters - extra)


ORGANIZATIONS = ["Org Alfa", "Org Beta", "Org Gamma", "Org Delta"]


def rater_rows(path: Path, merged: bool = True) -> Path:
    """One row per organization and item, the item cells merged over its four rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Ratings"
    sheet.append(["Summit", "Theme", "Commitment", "Sub", "Organization", "R", "E", "S"])
    for r in FREEDONIA:
        first = sheet.max_row + 1
        ratings = [ratings_for(v) for v in (r.r, r.e, r.s)]
        for k, org in enumerate(ORGANIZATIONS):
            lead = k == 0 or not merged
            sheet.append(
                [
                    r.summit if lead else None,
                    r.theme if lead else None,
                    r.commitment if lead else None,
                    (r.sub if lead else None),
                    org,
                    ratings[0][k],
                    ratings[1][k],
                    ratings[2][k],
                ]
            )
        if merged:
            for column in "ABCD":
                sheet.merge_cells(f"{column}{first}:{column}{first + 3}")
    book.save(path)
    return path


def phase1_baseline(path: Path) -> Path:
    """A Phase 1 sheet for the VIII items that have changes: Phase 1 = current - change."""
    rows: list[list[object]] = [["Id", "R", "E", "S"]]
    for r, rid in zip(FREEDONIA, IDS, strict=True):
        if r.dr is not None:
            rows.append([rid, r.r - r.dr, r.e - r.de, r.s - r.ds])  # type: ignore[operator]
    return save(rows, path, sheet="Fase 1")


LAYOUTS = {
    "tidy-english.xlsx": tidy_english,
    "tidy-spanish.csv": tidy_spanish_csv,
    "semicolon-cp1252.csv": semicolon_cp1252_csv,
    "french.ods": french_ods,
    "ids-title-rows.xlsx": ids_with_title_rows,
    "annex-blocks.xlsx": annex_blocks,
}
