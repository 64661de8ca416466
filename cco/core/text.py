"""Text helpers shared by header matching and cell parsing: normalization and numbers."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_NON_WORD = re.compile(r"[^a-z0-9+]+")
_NA_TOKENS = frozenset(
    {"", "-", "--", "—", "–", "na", "n/a", "n.a.", "nd", "n/d", "s/d", "sd", "nan"}
)
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


ROW_TEXT_CACHE = 1 << 17
"""Entries of a cache of texts met on every row (organizations' names, most of all).

Rows come item by item, each item's rows cycling through every organization: a cache smaller
than the organizations misses on every row (12,500 organizations at 500,000 rows of 40 items
made the parse 1.4 times slower per row than at 50,000). The texts are in memory anyway."""


@lru_cache(maxsize=ROW_TEXT_CACHE)
def fold(text: str) -> str:
    """Lower-case, strip accents and collapse punctuation to single spaces.

    Keeps '+' so that '+-' delta headers survive; 'Δ' becomes 'delta'.
    """
    text = text.replace("Δ", " delta ").replace("∆", " delta ").replace("±", " +- ")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    stripped = stripped.replace("δ", " delta ").replace("+/-", "+-")
    return _NON_WORD.sub(" ", stripped).strip()


def fold_name(name: str) -> str:
    """A name folded as `fold` folds it, keeping the letters of every script.

    `fold` is made for headers: it keeps a-z, digits and '+', so a name in another script
    ('Ελλάδα', '中国') or with letters no accent stripping makes Latin ('ß', 'œ') would lose
    letters, and names that differ in them would fold alike. Such a name is folded keeping
    every letter (accents off, case folded, other characters as single spaces); every other
    name folds as `fold` folds it.
    """
    folded = fold(name)
    unaccented = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    if sum(map(str.isalnum, folded)) == sum(map(str.isalnum, unaccented)):
        return folded
    return _NON_LETTER.sub(" ", unaccented.casefold()).strip()


_NON_LETTER = re.compile(r"[\W_]+")


@cache
def _control() -> re.Pattern[str]:
    """Control characters other than tab and line breaks, compiled on first use.

    A terminal would act on them. The bidirectional embeddings, overrides and isolates
    (U+202A-U+202E, U+2066-U+2069) go too: they make a line show other text than it holds
    ('Trojan Source').
    """
    return re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def without_controls(text: str) -> str:
    """`text` with control characters (escape, bell, ...) removed; tabs and line breaks kept."""
    return text if text.isprintable() else _control().sub("", text)


@cache
def _tag_or_entity() -> re.Pattern[str]:
    return re.compile(r"<(?=[A-Za-z/!?])|&(?=#?\w+;)")  # compiled on first use


def markdown_inert(text: object) -> str:
    """A text made inert in Markdown: one line, no HTML tag or entity a renderer would run."""
    line = " ".join(str(text).split())
    return _tag_or_entity().sub(lambda m: "&lt;" if m.group() == "<" else "&amp;", line)


def markdown_cell(text: object) -> str:
    """A text made inert in a Markdown table cell: `markdown_inert`, and no column break."""
    return markdown_inert(text).replace("|", "\\|")


def one_line(text: str) -> str:
    """`text` as one printable line: control characters removed, whitespace runs one space."""
    return " ".join(without_controls(text).split())


def cell_text(value: object) -> str:
    """Return a cell's value as stripped text ('' for empty cells, '3' for 3.0).

    Control characters are dropped: sheet text reaches terminals, and an escape sequence in a
    cell must not recolour or move them.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return without_controls(str(value).strip())


class NotANumber(ValueError):
    """Raised when a cell holds text that is neither a number nor a 'not rated' marker."""


def parse_number(value: object) -> float | None:
    """Read a score cell: numbers, numeric text with a decimal comma or point, or blank.

    Returns None for an empty cell or a 'not rated' marker ('-', 'n/a'); raises NotANumber
    for anything else, booleans and dates included.
    """
    if type(value) is float and value - value == 0:  # the common case: a finite number
        return value
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber(str(value))
        return float(value)
    if not isinstance(value, str):
        raise NotANumber(str(value))
    text = value.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if text.lower() in _NA_TOKENS:
        return None
    if not _NUMBER.match(text):
        raise NotANumber(value.strip())
    return float(text.replace(",", "."))


def column_letter(index: int) -> str:
    """Spreadsheet column letter for a 0-based column index (0 -> 'A', 27 -> 'AB')."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA refuses to be a bool
        return True
