"""The words of cco's text outputs: table headings, summit titles, level words, report lines.

Shared by the terminal and Markdown views (`cco.output.views`), the report page
(`cco.output.report`) and the workbook template (`cco.catalog.template`); the words are the
catalog entries `phrase:KEY`, `level:BAND`, `letter:CRITERION`, `report:KEY` and `template:KEY`
(`cco.i18n.catalogs`). Sheet texts are never translated; JSON and CSV keep their English keys,
which are a contract.
"""

from __future__ import annotations

from cco.i18n.catalogs import translator

_CRITERIA = ("relevance", "effectiveness", "sustainability")  # the order of R, E, S


def phrase(key: str, lang: str = "en", **params: object) -> str:
    """One phrase in a language (English when the language lacks it), its {fields} filled."""
    return translator(lang).text(f"phrase:{key}", **params)


def summit_title(summit: str, lang: str = "en") -> str:
    """A summit's title ('VIII Summit (Lima, 2018)'); an unknown summit as it is written."""
    words = translator(lang)
    return words.text(f"phrase:summit-{summit}") if words.has(f"phrase:summit-{summit}") else summit


def level_word(band: str | None, lang: str = "en", unknown: str | None = None) -> str:
    """A band's name as a level in a language ('medium' -> 'medio'); '–' for none.

    A band the catalog does not know comes back as it is, or as `unknown` when given.
    """
    if not band:
        return "–"
    words = translator(lang)
    if words.has(f"level:{band}"):
        return words.text(f"level:{band}")
    return band if unknown is None else unknown


def criterion_letters(lang: str = "en") -> tuple[str, str, str]:
    """The criteria's column headings in a language: ('R', 'E', 'S'), in French ('P', 'E', 'D')."""
    words = translator(lang)
    relevance, effectiveness, sustainability = (words.text(f"letter:{c}") for c in _CRITERIA)
    return relevance, effectiveness, sustainability


def report_text(key: str, lang: str = "en", **params: object) -> str:
    """A heading or sentence of the report page (a `report:` entry, else a `phrase:` one)."""
    words = translator(lang)
    context = f"report:{key}" if words.has(f"report:{key}") else f"phrase:{key}"
    return words.text(context, **params)


def criterion_level_word(band: str | None, lang: str = "en") -> str:
    """A band describing a criterion ('low' relevance; feminine where the language needs it)."""
    return translator(lang).text(f"criterion-level:{band or 'unrated'}")


def template_text(key: str, lang: str = "en", **params: object) -> str:
    """A text of the blank evaluation workbook (titles, prompts, instructions)."""
    return translator(lang).text(f"template:{key}", **params)


def template_lines(prefix: str, lang: str = "en", **params: object) -> list[str]:
    """Numbered workbook texts: `prefix`1, `prefix`2 ... up to the first number without one."""
    words = translator(lang)
    lines: list[str] = []
    while words.has(f"template:{prefix}{len(lines) + 1}"):
        lines.append(words.text(f"template:{prefix}{len(lines) + 1}", **params))
    return lines
