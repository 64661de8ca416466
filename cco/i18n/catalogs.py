"""The translator: every string a person reads, from one gettext catalog per language.

The catalogs live in `locale/<lang>/LC_MESSAGES/cco.po` (edited by translators, with any PO
editor) and are compiled to the `cco.mo` files beside them, which is all the run time reads,
with the standard library's `gettext`. An entry's message context names it (`ui:clean`,
`message:CCO101/missing`, `phrase:theme-label` ...) and its msgid is the English text, so a
lookup goes context -> English (from the English catalog) -> translation (from the language's
catalog, English when the entry is missing, untranslated or stale). Plural rules come from each
catalog's Plural-Forms header. A language is a folder with a compiled catalog: adding one needs
no code.
"""

from __future__ import annotations

import functools
import gettext  # already loaded by the command-line parser: no start-up cost
from collections.abc import Mapping
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
"""Where the catalogs are; tests point it elsewhere to try a language the package lacks."""

DOMAIN = "cco"
SOURCE_LANGUAGE = "en"
"""The language of the msgids: the catalog every other falls back to."""

_CONTEXT_SEPARATOR = "\x04"  # between msgctxt and msgid in a compiled catalog (GNU gettext)
_MO_MAGIC = {0x950412DE: "<", 0xDE120495: ">"}  # the .mo magic number read as little/big endian


class CatalogError(Exception):
    """A compiled catalog that cannot be read: a packaging fault, not a user's."""


def catalog_path(lang: str, locale_dir: Path | None = None) -> Path:
    """Where a language's compiled catalog is."""
    return (locale_dir or LOCALE_DIR) / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def available_languages(locale_dir: Path | None = None) -> tuple[str, ...]:
    """The languages with a compiled catalog: English first, the others by code."""
    return _languages_in(locale_dir or LOCALE_DIR)


@functools.cache
def _languages_in(locale_dir: Path) -> tuple[str, ...]:
    try:
        folders = list(locale_dir.iterdir())
    except OSError:
        folders = []
    found = {entry.name for entry in folders if catalog_path(entry.name, locale_dir).is_file()}
    return (SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE}))


def read_source_texts(path: Path) -> dict[str, tuple[str, str | None]]:
    """Context -> (msgid, msgid_plural or None) of a compiled catalog, read from its index.

    Only the original strings are read (the .mo layout is documented in the GNU gettext
    manual); `gettext` itself looks texts up by msgid, and cco looks them up by context.
    """
    import struct  # here, not at import: the CLI imports this module for its language list

    data = path.read_bytes()
    order = _MO_MAGIC.get(int.from_bytes(data[:4], "little"))
    if order is None:
        raise CatalogError(f"{path}: not a compiled gettext catalog")
    texts: dict[str, tuple[str, str | None]] = {}
    try:
        _, count, originals = struct.unpack_from(f"{order}3I", data, 4)
        for index in range(count):
            length, offset = struct.unpack_from(f"{order}2I", data, originals + 8 * index)
            _add_original(texts, data[offset : offset + length].decode("utf-8"))
    except (struct.error, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: a damaged compiled catalog ({exc})") from exc
    return texts


def _add_original(texts: dict[str, tuple[str, str | None]], original: str) -> None:
    context, separator, ids = original.partition(_CONTEXT_SEPARATOR)
    if not separator:
        return  # the header, or an entry without a context, which cco never looks up
    singular, _, plural = ids.partition("\0")
    texts[context] = (singular, plural or None)


def plural_count(params: Mapping[str, object]) -> int | None:
    """The whole number a plural entry agrees with: the `count` field (numpy's too), if any."""
    import operator

    count = params.get("count")
    if count is None or isinstance(count, bool | float | str):
        return None
    try:
        return operator.index(count)  # type: ignore[arg-type]
    except TypeError:
        return None


class Translator:
    """cco's texts in one language; build it with `translator(lang)`, which keeps one per run."""

    def __init__(self, lang: str, locale_dir: Path | None = None) -> None:
        directory = locale_dir or LOCALE_DIR
        self.lang = lang if lang in available_languages(directory) else SOURCE_LANGUAGE
        self._source = _source_texts(directory)
        if self.lang == SOURCE_LANGUAGE:
            self._catalog: gettext.NullTranslations = gettext.NullTranslations()
        else:
            with catalog_path(self.lang, directory).open("rb") as handle:
                self._catalog = gettext.GNUTranslations(handle)

    def has(self, context: str) -> bool:
        """Whether the English catalog has an entry with this context."""
        return context in self._source

    def contexts(self, prefix: str = "") -> list[str]:
        """The contexts of the English catalog that start with `prefix`, sorted."""
        return sorted(context for context in self._source if context.startswith(prefix))

    def template(self, context: str, count: int | None = None) -> str:
        """An entry's text in this language, its {fields} unfilled; KeyError when no entry.

        A plural entry gives the form that goes with `count` (the plural form without one).
        """
        english, plural = self._source[context]
        if plural is not None:
            return self._catalog.npgettext(context, english, plural, 2 if count is None else count)
        return self._catalog.pgettext(context, english)

    def text(self, context: str, **params: object) -> str:
        """An entry's text in this language with its {fields} filled in.

        A plural entry ('Comparison of 1 sheet', '2 sheets') agrees with the `count` field.
        """
        return self.template(context, plural_count(params)).format(**params)

    def plural(self, context: str, count: int) -> str:
        """The form of a plural entry that goes with `count`, by the catalog's plural rule."""
        singular, plural = self._source[context]
        return self._catalog.npgettext(context, singular, plural or singular, count)


@functools.cache
def _source_texts(locale_dir: Path) -> dict[str, tuple[str, str | None]]:
    return read_source_texts(catalog_path(SOURCE_LANGUAGE, locale_dir))


def translator(lang: str = SOURCE_LANGUAGE) -> Translator:
    """The translator of a language (English for one without a catalog), one per run."""
    return _translator(lang, LOCALE_DIR)


@functools.cache
def _translator(lang: str, locale_dir: Path) -> Translator:
    return Translator(lang, locale_dir)
