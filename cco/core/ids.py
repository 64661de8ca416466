"""Canonical item ids and the parsers for the cells that make them: summit, theme, commitment, sub.

An id is `VIII-25` for a Lima commitment, `IX-A-3D` for plan A commitment 3 sub-commitment D,
and `IX-C-17` for a IX commitment with no sub-commitment.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from cco.core.models import PLANS
from cco.core.text import cell_text, fold

_ID = re.compile(
    r"^\s*(VIII|IX)\s*[-_ ]\s*(?:([A-E])\s*[-_ ]\s*)?(\d{1,3})\s*[-_ .]?\s*([A-Z])?\s*$",
    re.I | re.A,
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_SUMMIT_WORDS = {
    "viii": "VIII",
    "8": "VIII",
    "eighth": "VIII",
    "octava": "VIII",
    "oitava": "VIII",
    "huitieme": "VIII",
    "lima": "VIII",
    "ix": "IX",
    "9": "IX",
    "ninth": "IX",
    "novena": "IX",
    "nona": "IX",
    "neuvieme": "IX",
    "angeles": "IX",
}
_SUMMIT_NOUNS = ("summit", "cumbre", "cupula", "cimeira", "sommet")
# An ordinal written on the number: 'IXe Sommet', 'IXª Cumbre' (folded to 'ixa'), '9th Summit'.
_SUMMIT_ORDINAL = re.compile(r"^(viii|ix|8|9)(?:e|eme|er|re|a|o|th)$")


def _summit_word(word: str) -> str | None:
    """The summit a folded word names, if any: 'viii', 'lima', 'ixe', '9th' ..."""
    found = _SUMMIT_WORDS.get(word)
    if found is None and (ordinal := _SUMMIT_ORDINAL.match(word)):
        found = _SUMMIT_WORDS[ordinal.group(1)]
    return found


_THEME_NOUNS = (
    r"(?:theme|tema|eje(?: tematico)?|eixo(?: tematico)?|axe(?: thematique)?"
    r"|plan(?: de accion| d action)?|action plan|plano(?: de acao)?)"
)


# Patterns a tidy sheet never needs are compiled on first use (cached getters), so a start-up
# pays only for the ones it uses.
@cache
def _theme_label() -> re.Pattern[str]:
    return re.compile(
        rf"^\s*{_THEME_NOUNS}\s*(?:n[o°º]\.?\s*)?(\d|[a-e]|i{{1,3}}|iv|v)\b[\s.:)\-–—]*(.*)$",
        re.I | re.S | re.A,
    )


_WHOLE_FLOAT_TEXT = re.compile(r"(?<=\d)\.0+$")  # '3.0' as pandas writes 3 to a CSV


@cache
def _letter_label() -> re.Pattern[str]:
    return re.compile(r"^\s*([A-E])\s*[.):\-–—]\s*(\S.*)$", re.S)


@cache
def _roman_prefix() -> re.Pattern[str]:
    return re.compile(r"^\s*(?:I{1,3}|IV|V)\s*[.):\-–—]\s+", re.S)


# The number leads the cell, after at most a word that names it ('Compromiso 12', 'N° 7'):
# 'Theme 2 average' or 'Total 3' are not commitments.
@cache
def _commitment() -> re.Pattern[str]:
    return re.compile(
        r"^\s*(?:(?:commitment|compromiso|compromisso|engagement|mandate|mandato|n\.?\s?[o°º]"
        r"|#)\.?\s*)?(\d{1,3})\s*(?:([A-Za-z])(?![A-Za-z])|[.\-(]([A-Za-z])\)?(?![A-Za-z]))?"
        r"\s*[.):\-–—]?\s*(.*)$",
        re.S | re.I,
    )


_SUB = re.compile(r"^\s*\(?([A-Za-z])(?:\s*[.):\-–—]\s*(.*)|\s*)$", re.S | re.A)


def make_id(summit: str, commitment: int, plan: str | None = None, sub: str | None = None) -> str:
    """Build the canonical id: VIII-25, IX-A-3D, IX-C-17."""
    if summit == "IX":
        return f"IX-{plan}-{commitment}{sub or ''}"
    return f"VIII-{commitment}{sub or ''}"


class ParsedId(NamedTuple):
    """The parts of a canonical id."""

    summit: str
    plan: str | None
    commitment: int
    sub: str | None


def parse_id(value: object) -> ParsedId | None:
    """Parse 'VIII-25', 'IX-A-3D', 'ix a 3 d'; None when the text is not an id."""
    match = _ID.match(cell_text(value))
    if not match:
        return None
    summit, plan, number, sub = match.groups()
    summit = summit.upper()
    if (summit == "IX") != (plan is not None):
        return None
    return ParsedId(
        summit, plan.upper() if plan else None, int(number), sub.upper() if sub else None
    )


def parse_summit(value: object) -> str | None:
    """Read a summit cell or title: 'VIII', 'IX', 9, 'Cumbre VIII', 'IX Summit' -> 'VIII'/'IX'."""
    words = fold(cell_text(value)).split()
    if not words:
        return None
    if len(words) == 1:
        return _summit_word(words[0])
    if not any(noun in words for noun in _SUMMIT_NOUNS) and "los" not in words:
        return None
    found = {summit for w in words if (summit := _summit_word(w)) is not None}
    return found.pop() if len(found) == 1 else None


@cache
def _numbering() -> re.Pattern[str]:
    return re.compile(r"^\s*\d{1,3}\s*[A-Za-z]?\s*[.):\-–—]\s+")


def is_numbered(value: object) -> bool:
    """True for a text that opens with a number label: '12. Integrate ...', '3D) ...'."""
    return _numbering().match(cell_text(value)) is not None


def leads_with_summit(value: object) -> bool:
    """True when a text opens as a summit title does: a summit noun in its first two words.

    After any '7.' label: 'IX Summit ...', 'Cumbre VIII', 'Xe Cumbre'; not '12. Integrate
    commitments of the Summit of the Americas' or 'Observatorio ... Cumbre de las Américas'.
    """
    words = fold(_numbering().sub("", cell_text(value), count=1)).split()
    return any(word in _SUMMIT_NOUNS for word in words[:2])


def plan_for_theme(theme: int) -> str:
    """The IX action plan letter of theme n (1 -> 'A')."""
    return PLANS[theme - 1]


def _theme_number(token: str) -> int | None:
    token = _WHOLE_FLOAT_TEXT.sub("", token.lower())  # '2.0', as a CSV from pandas writes 2
    if token.isascii() and token.isdigit():
        number = int(token)
        return number if 1 <= number <= 5 else None
    if token in _ROMAN:
        return _ROMAN[token]
    if len(token) == 1 and token.upper() in PLANS:
        return PLANS.index(token.upper()) + 1
    return None


class ThemeRef(NamedTuple):
    """A theme number (1-5) read from a cell, and the theme's name when the cell gave one."""

    number: int
    name: str | None
    letter: bool  # True when the cell named it by plan letter


def parse_theme(value: object, *, title: bool = False) -> ThemeRef | None:
    """Read a theme cell: 3, '3', 'C', 'Tema 1: Fortalecimiento ...', 'C. Regional Agenda ...'.

    With `title=True` (a title row rather than a theme column), a bare number or letter is not
    accepted, so that stray cells are not mistaken for themes.
    """
    text = cell_text(value)
    if not text:
        return None
    if not title:
        number = _theme_number(text.rstrip("."))
        if number is not None:
            return ThemeRef(number, None, text.rstrip(".").isalpha())
    label = _theme_label().match(fold(text))
    if label:
        number = _theme_number(label.group(1))
        if number is None:
            return None
        return ThemeRef(number, _theme_name_after(text, label.group(1)), label.group(1).isalpha())
    letter = _letter_label().match(text)
    if letter:
        return ThemeRef(PLANS.index(letter.group(1)) + 1, letter.group(2).strip(), True)
    return None


def _theme_name_after(text: str, token: str) -> str | None:
    """The name part of 'Theme 5: V. International ...' -> 'International ...'."""
    match = re.search(rf"\b{re.escape(token)}\b\s*[.:)\-–—]?\s*(.*)$", text, re.I | re.S)
    if not match:
        return None
    name = _roman_prefix().sub("", match.group(1)).strip()
    return name or None


class CommitmentRef(NamedTuple):
    """A commitment number read from a cell, with a sub letter and text when the cell held them."""

    number: int
    sub: str | None
    text: str | None


def parse_commitment(value: object) -> CommitmentRef | None:
    """Read a commitment cell: 25, '25', '25.', '25. Encouraging ...', 'Commitment 25', '3D'."""
    if isinstance(value, float) and value.is_integer():
        return CommitmentRef(int(value), None, None)
    text = cell_text(value)
    text = _WHOLE_FLOAT_TEXT.sub("", text)  # '25.0': 25 as a CSV from pandas writes it
    match = _commitment().match(text)
    if not match:
        return None
    number, sub, joined_sub, rest = match.groups()  # '3D' / '3 D', or '3.D', '3-D', '3(D)'
    sub = sub or joined_sub
    return CommitmentRef(int(number), sub.upper() if sub else None, rest.strip() or None)


class SubRef(NamedTuple):
    """A sub-commitment letter read from a cell, and its text when the cell held it."""

    letter: str
    text: str | None


def parse_sub(value: object) -> SubRef | None:
    """Read a sub-commitment cell: 'D', 'd)', 'D. Promote the rights ...'."""
    match = _SUB.match(cell_text(value))
    if not match:
        return None
    letter, rest = match.groups()
    return SubRef(letter.upper(), rest.strip() if rest and rest.strip() else None)
