"""Problem messages and hints, report words and counts, in every language cco has a catalog for.

A message key is a problem code with an optional variant ('CCO102/text'); its templates take
named parameters. Codes stay the same in every language; only the words change. The words
themselves are in the gettext catalogs (`cco.i18n.catalogs`): a message is the entry
`message:KEY`, its hint `hint:KEY`, a report word `ui:KEY`, a count `counted:WHAT`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from decimal import Decimal

from cco.i18n.catalogs import available_languages, plural_count, translator
from cco.i18n.numbers import current_numbers

LANGUAGES: tuple[str, ...] = available_languages()
"""The languages of the packaged catalogs, English first."""

_TRANSLATED_PARAMS = ("kind", "field")
"""Parameters whose values are words to translate (catalog entries `param:NAME/VALUE`)."""


def counted(count: int, what: str, lang: str = "en") -> str:
    """'1 file', '2 files', '0 warnings': the plural rule is the language catalog's."""
    return f"{count} {translator(lang).plural(f'counted:{what}', count)}"


def counted_things() -> list[str]:
    """What report lines count ('files', 'errors', 'warnings'), as `counted` names them."""
    return [context.removeprefix("counted:") for context in translator().contexts("counted:")]


def ui_text(key: str, lang: str = "en", **params: object) -> str:
    """A report word or line in a language ('summary', 'clean', 'error' ...)."""
    return translator(lang).text(f"ui:{key}", **params)


def rule_description(code: str, lang: str = "en") -> str:
    """What a problem code checks, in one line ('CCO201': a score is outside the scale...)."""
    return translator(lang).text(f"rule:{code}")


def criterion_name(criterion: str, lang: str = "en") -> str:
    """A criterion's name in a language ('relevance' -> 'relevancia'); unknown ones unchanged."""
    words = translator(lang)
    context = f"criterion:{criterion}"
    return words.text(context) if words.has(context) else criterion


def message_keys() -> list[str]:
    """Every problem message key the catalogs hold ('CCO101/missing', ...), in catalog order."""
    return [context.removeprefix("message:") for context in translator().contexts("message:")]


def has_message(key: str) -> bool:
    """Whether the catalogs hold a message for a problem key."""
    return translator().has(f"message:{key}")


def code_of(key: str) -> str:
    """The problem code of a message key ('CCO102/text' -> 'CCO102')."""
    return key.split("/", 1)[0]


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """The language from CCO_LANG, LANGUAGE, LC_ALL, LC_MESSAGES or LANG; English otherwise."""
    environ = os.environ if environ is None else environ
    languages = available_languages()
    for name in ("CCO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        for part in value.split(":"):
            code = part[:2].lower()
            if code in languages:
                return code
    return "en"


_NUMBER_PARAMS = frozenset({"value", "max", "delta", "phase1"})
"""Parameters that hold a number written as the machine writes it ('4.5', '-1.92')."""

_MACHINE_NUMBER = re.compile(r"-?\d+\.\d+")


def _localize_params(params: Mapping[str, object], lang: str) -> dict[str, object]:
    words = translator(lang)
    local = dict(params)
    numbers = current_numbers()
    if numbers.locale is not None:  # '4.5' as the reader writes it: '4,5' (es_AR)
        for name in _NUMBER_PARAMS:
            value = local.get(name)
            if isinstance(value, str) and _MACHINE_NUMBER.fullmatch(value):
                local[name] = numbers.fixed(Decimal(value))
    for name in _TRANSLATED_PARAMS:
        value = local.get(name)
        if isinstance(value, str) and words.has(f"param:{name}/{value}"):
            local[name] = words.text(f"param:{name}/{value}")
    if "criterion" in local and isinstance(local["criterion"], str):
        local["criterion"] = criterion_name(local["criterion"], lang)
    if "criteria" in local and isinstance(local["criteria"], list | tuple):
        names = [criterion_name(c, lang) for c in local["criteria"]]
        local["criteria"] = words.text("word:or").join(names)
    return local


def render(key: str, params: Mapping[str, object], lang: str = "en") -> tuple[str, str | None]:
    """The message and hint of a key in a language, with its parameters filled in."""
    words = translator(lang)
    number = plural_count(params)
    message = words.template(f"message:{key}", number)
    hint = words.template(f"hint:{key}", number) if words.has(f"hint:{key}") else None
    local = _Params(_localize_params(params, lang))
    return message.format_map(local), hint.format_map(local) if hint else None


class _Params(dict[str, object]):
    """Template values; a value a template names but nobody gave shows as '?', never a crash."""

    def __missing__(self, key: str) -> str:
        return "?"
