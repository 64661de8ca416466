"""Recognise header rows in English, Spanish, Portuguese and French and map columns to fields."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from cco.core.models import CRITERIA
from cco.core.text import cell_text, fold

# Aliases are written as people type them; they are folded (case, accents, punctuation) once.
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "item id", "item", "code", "codigo", "código", "identificador", "identifiant"),
    "country": ("country", "país", "pais", "pays"),
    "summit": ("summit", "cumbre", "cúpula", "cupula", "cimeira", "sommet"),
    "theme": (
        "theme",
        "theme number",
        "tema",
        "eje",
        "eje temático",
        "eixo",
        "eixo temático",
        "thème",
        "axe",
        "axe thématique",
        "número de tema",
        "no tema",
    ),
    "theme_name": (
        "theme name",
        "nombre del tema",
        "nombre de tema",
        "nome do tema",
        "nom du thème",
        "theme title",
        "título del tema",
    ),
    "plan": (
        "plan",
        "action plan",
        "plan de acción",
        "plano",
        "plano de ação",
        "plan d'action",
        "plan letter",
    ),
    "commitment": (
        "commitment",
        "commitments",
        "compromiso",
        "compromisos",
        "compromisso",
        "compromissos",
        "engagement",
        "engagements",
        "commitment number",
        "no",
        "nº",
        "n°",
        "número",
        "mandate",
        "mandato",
    ),
    "sub": (
        "sub commitment",
        "subcommitment",
        "sub-commitment",
        "subcompromiso",
        "sub compromiso",
        "subcompromisso",
        "sub compromisso",
        "sous-engagement",
        "sous engagement",
        "sub",
    ),
    "text": (
        "text",
        "description",
        "descripción",
        "texto",
        "descrição",
        "texte",
        "libellé",
        "sub-commitment text",
        "texto del subcompromiso",
        "item text",
    ),
    "commitment_text": (
        "commitment text",
        "texto del compromiso",
        "texto do compromisso",
        "texte de l'engagement",
        "commitment description",
    ),
    "organization": (
        "organization",
        "organisation",
        "organización",
        "organização",
        "evaluator",
        "evaluador",
        "evaluadora",
        "avaliador",
        "évaluateur",
        "rater",
        "org",
        "osc",
        "cso",
        "institución",
    ),
    "relevance": ("relevance", "relevancia", "pertinencia", "relevância", "pertinence", "r"),
    "effectiveness": (
        "effectiveness",
        "eficacia",
        "efectividad",
        "eficácia",
        "efetividade",
        "efficacité",
        "efficacy",
        "e",
    ),
    "sustainability": (
        "sustainability",
        "sostenibilidad",
        "sustentabilidad",
        "sustentabilidade",
        "durabilité",
        "sostenibilité",
        "s",
    ),
}
_DELTA_MARKERS = frozenset(
    {
        "+",
        "delta",
        "change",
        "variacion",
        "var",
        "variacao",
        "variation",
        "cambio",
        "diff",
        "dif",
        "diferencia",
        "diferenca",
        "difference",
    }
)
# Words that may stand beside a marker without naming a criterion ('R +- vs phase 1').
_DELTA_WORDS = _DELTA_MARKERS | {"vs", "phase", "fase", "1", "p1"}

_WEAK_ALIASES = frozenset(fold(a) for a in ("no", "nº", "n°", "número", "numero"))
"""Commitment headers that may just as well head a running row number."""

FIELD_BY_ALIAS: dict[str, str] = {
    fold(alias): name for name, aliases in _ALIASES.items() for alias in aliases
}


_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_FILLER_WORDS = frozenset(
    fold(w)
    for w in (
        "de",
        "del",
        "la",
        "el",
        "of",
        "the",
        "do",
        "da",
        "du",
        "score",
        "scores",
        "puntaje",
        "puntajes",
        "puntuación",
        "nota",
        "notas",
        "note",
        "notes",
        "valor",
        "value",
        "average",
        "mean",
        "promedio",
        "media",
        "moyenne",
        "pontuação",
    )
)


@lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """A header cell as aliases are matched: folded, without a unit in parentheses.

    Words such as 'score' around a known name are dropped too: 'Relevancia (0-3)',
    'Relevance score' and 'Puntaje de sostenibilidad' name their criterion.
    """
    folded = fold(text)
    if folded in FIELD_BY_ALIAS:
        return folded
    bare = fold(_PARENTHESES.sub(" ", text))
    if bare in FIELD_BY_ALIAS:
        return bare
    kept = " ".join(w for w in bare.split() if w not in _FILLER_WORDS)
    return kept if kept in FIELD_BY_ALIAS else folded


def delta_field(criterion: str) -> str:
    """Field name of a criterion's change against Phase 1 ('delta_relevance')."""
    return f"delta_{criterion}"


def _match_delta(folded: str, previous: str | None) -> str | None:
    """Return the delta field a header names, or None when it is not a delta header."""
    words = folded.split()
    if not words or not any(w in _DELTA_MARKERS for w in words):
        return None
    rest = [w for w in words if w not in _DELTA_WORDS]
    if not rest:
        return delta_field(previous) if previous else None
    name = FIELD_BY_ALIAS.get(" ".join(rest))
    return delta_field(name) if name in CRITERIA else None


@dataclass
class HeaderMap:
    """Which column (0-based) holds which field, for one header row."""

    row: int  # 0-based index of the header row in its sheet
    columns: dict[str, int] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)  # column -> header text as written
    repeated: list[tuple[int, str]] = field(default_factory=list)  # columns matched twice

    @property
    def criteria(self) -> list[str]:
        """The criteria this header row has columns for."""
        return [c for c in CRITERIA if c in self.columns]

    @property
    def is_rater_layout(self) -> bool:
        """True when each row is one organization's rating."""
        return "organization" in self.columns


def match_header(cells: Sequence[object], row: int) -> HeaderMap | None:
    """Map a row's cells to fields, or return None when the row is not a header row.

    A header row names at least one criterion and one of id/commitment/text, and three or
    more known fields in all. A field is never matched to two columns: the first wins, except
    that a plain number header ('N°', 'No') gives way to a named one ('Compromiso').
    """
    # A header names a criterion and a key column by their aliases: two plain matches at least.
    # Checking that first keeps data rows, the vast majority, cheap.
    strings = [v for v in cells if type(v) is str]
    if len(strings) < 2 or len(FIELD_BY_ALIAS.keys() & set(map(header_key, strings))) < 2:
        return None
    header = HeaderMap(row=row)
    previous_criterion: str | None = None
    for index, value in enumerate(cells):
        if not isinstance(value, str):
            previous_criterion = None
            continue
        folded = header_key(value)
        name = FIELD_BY_ALIAS.get(folded) or _match_delta(folded, previous_criterion)
        if name is None:
            previous_criterion = None
            continue
        if name in header.columns:
            taken = header.columns[name]
            if not (fold(header.labels[taken]) in _WEAK_ALIASES and folded not in _WEAK_ALIASES):
                header.repeated.append((index, name))
                continue
            # 'N°' is often a running row number: a column named 'Commitment' outranks it.
            header.repeated.append((taken, name))
        header.columns[name] = index
        header.labels[index] = cell_text(value)
        previous_criterion = name if name in CRITERIA else None
    known = header.columns.keys()
    has_key = bool({"id", "commitment", "text"} & known)
    has_criterion = any(c in known for c in CRITERIA)
    return header if has_key and has_criterion and len(known) >= 3 else None
