"""The translation catalogs: complete, current, placeholder-safe, compiled, open to new languages.

The catalogs are checked with Babel (a test tool; cco itself reads the compiled .mo files with
the standard library). A fault is a missing string (an entry of the template that a language
lacks or leaves empty), a stale one (marked fuzzy, or whose English no longer matches the
template's) and a placeholder-breaking one ({fields} that differ from the English).
"""

from __future__ import annotations

import io
import os
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages import catalog as babel_catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from cco.i18n import catalogs, messages, phrases

LOCALE = Path(catalogs.__file__).with_name("locale")
TEMPLATE = LOCALE / "cco.pot"
PO_FILES = sorted(LOCALE.glob("*/LC_MESSAGES/cco.po"))
LANGS = [path.parent.parent.name for path in PO_FILES]


def read(path: Path, lang: str | None = None) -> babel_catalog.Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def as_tuple(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def catalog_faults(template: babel_catalog.Catalog, catalog: babel_catalog.Catalog) -> list[str]:
    """Every missing, stale or placeholder-breaking entry of a language against the template."""
    expected = {m.context: m.id for m in template if m.id}
    faults = []
    found = set()
    for message in catalog:
        if not message.id:
            continue
        found.add(message.context)
        ids, strings = as_tuple(message.id), as_tuple(message.string)
        if message.context not in expected:
            faults.append(f"stale: {message.context} is not in the template")
        elif expected[message.context] != message.id:
            faults.append(f"stale: {message.context} translates an older English text")
        if message.fuzzy:
            faults.append(f"stale: {message.context} is marked fuzzy")
        forms = catalog.num_plurals if len(ids) > 1 else 1
        if len(strings) < forms or not all(strings):
            faults.append(f"missing: {message.context} is not translated")
            continue
        for index, text in enumerate(strings):
            source = ids[0] if index == 0 else ids[-1]  # singular, then the plural forms
            if fields(text) != fields(source):
                faults.append(f"placeholders: {message.context} has {sorted(fields(text))}")
    faults += [f"missing: {context}" for context in expected if context not in found]
    faults += [f"stale: {message.id!r} is obsolete" for message in catalog.obsolete.values()]
    return faults


# ---- the shipped catalogs ----------------------------------------------------------------------


def test_the_package_has_the_four_languages_english_first():
    assert catalogs.available_languages() == ("en", "es", "fr", "pt")
    assert set(LANGS) == {"en", "es", "fr", "pt"}


@pytest.mark.parametrize("po_path", PO_FILES, ids=LANGS)
def test_every_language_has_every_entry_current_and_with_the_same_placeholders(po_path):
    lang = po_path.parent.parent.name
    assert catalog_faults(read(TEMPLATE), read(po_path, lang)) == []


def test_english_translates_to_itself():
    english = read(LOCALE / "en" / "LC_MESSAGES" / "cco.po", "en")
    assert [m.context for m in english if m.id] == [m.context for m in read(TEMPLATE) if m.id]
    assert all(as_tuple(m.string) == as_tuple(m.id) for m in english if m.id)


@pytest.mark.parametrize("po_path", PO_FILES, ids=LANGS)
def test_each_committed_mo_is_its_po_compiled(po_path):
    lang = po_path.parent.parent.name
    compiled = io.BytesIO()
    write_mo(compiled, read(po_path, lang), use_fuzzy=False)
    compiled.seek(0)
    with po_path.with_suffix(".mo").open("rb") as handle:
        committed = read_mo(handle)
    fresh = read_mo(compiled)

    def entries(catalog):
        return sorted((m.context or "", str(m.id), str(m.string)) for m in catalog if m.id)

    assert entries(committed) == entries(fresh)
    assert len(entries(committed)) == len([m for m in read(TEMPLATE) if m.id])
    assert committed.plural_forms == fresh.plural_forms


def test_plural_rules_come_from_the_catalog_headers():
    french = read(LOCALE / "fr" / "LC_MESSAGES" / "cco.po", "fr")
    spanish = read(LOCALE / "es" / "LC_MESSAGES" / "cco.po", "es")
    assert french.plural_forms == "nplurals=2; plural=(n > 1);"
    assert spanish.plural_forms == "nplurals=2; plural=(n != 1);"
    # French is singular for 0 and 1, Spanish for 1 only: '0 erreur' but '0 errores'.
    assert [messages.counted(n, "errors", "fr") for n in (0, 1, 2)] == [
        "0 erreur",
        "1 erreur",
        "2 erreurs",
    ]
    assert [messages.counted(n, "errors", "es") for n in (0, 1, 2)] == [
        "0 errores",
        "1 error",
        "2 errores",
    ]


def test_one_translator_per_language_per_run():
    assert catalogs.translator("es") is catalogs.translator("es")
    assert catalogs.translator("es") is not catalogs.translator("fr")
    assert catalogs.translator("xx").lang == "en"  # a language without a catalog speaks English


def test_the_run_time_reads_catalogs_without_babel():
    code = (
        "import sys; from cco.i18n.messages import ui_text, counted; "
        "print(ui_text('clean', 'fr'), counted(2, 'files', 'pt')); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines() == ["aucun problème 2 arquivos", "[]"]


def test_a_damaged_compiled_catalog_is_named(tmp_path):
    damaged = tmp_path / "cco.mo"
    damaged.write_bytes(b"\xde\x12\x04\x95" + b"\xff" * 30)
    with pytest.raises(catalogs.CatalogError, match="damaged"):
        catalogs.read_source_texts(damaged)
    damaged.write_bytes(b"PK\x03\x04 not a catalog")
    with pytest.raises(catalogs.CatalogError, match="not a compiled gettext catalog"):
        catalogs.read_source_texts(damaged)


# ---- the checks fail on a broken catalog -------------------------------------------------------


def small_template() -> babel_catalog.Catalog:
    template = babel_catalog.Catalog(fuzzy=False)
    template.add("no problems", context="ui:clean")
    template.add("{count} error(s) in {file}", context="ui:not-scored")
    template.add(("error", "errors"), context="counted:errors")
    return template


def italian(**overrides: object) -> babel_catalog.Catalog:
    catalog = babel_catalog.Catalog(locale="it", fuzzy=False)
    catalog.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n != 1);")]
    entries = {
        "ui:clean": ("no problems", "nessun problema"),
        "ui:not-scored": ("{count} error(s) in {file}", "{count} errore/i in {file}"),
        "counted:errors": (("error", "errors"), ("errore", "errori")),
    }
    extra = {c: v for c, v in overrides.items() if c not in entries and isinstance(v, tuple)}
    for context, (msgid, msgstr) in {**entries, **extra}.items():
        change = overrides.get(context)
        if change == "drop":
            continue
        flags = ["fuzzy"] if change == "fuzzy" else []
        if isinstance(change, tuple):
            msgid, msgstr = change
        catalog.add(msgid, msgstr, flags=flags, context=context)
    return catalog


def test_a_complete_translation_has_no_fault():
    assert catalog_faults(small_template(), italian()) == []


@pytest.mark.parametrize(
    ("overrides", "fault"),
    [
        ({"ui:clean": "drop"}, "missing: ui:clean"),
        ({"ui:clean": ("no problems", "")}, "missing: ui:clean is not translated"),
        ({"counted:errors": (("error", "errors"), ("errore", ""))}, "missing: counted:errors"),
        ({"ui:clean": "fuzzy"}, "stale: ui:clean is marked fuzzy"),
        ({"ui:clean": ("no problem", "nessun problema")}, "stale: ui:clean translates an older"),
        ({"ui:old": ("gone", "andato")}, "stale: ui:old is not in the template"),
        (
            {"ui:not-scored": ("{count} error(s) in {file}", "{count} errori in {filename}")},
            "placeholders: ui:not-scored",
        ),
    ],
)
def test_each_kind_of_fault_is_caught(overrides, fault):
    faults = catalog_faults(small_template(), italian(**overrides))
    assert len(faults) == 1 and faults[0].startswith(fault), faults


# ---- a fifth language is a catalog file, no code -----------------------------------------------


def write_italian_catalog(locale: Path) -> None:
    """Add a partial Italian catalog to a locale folder, as a translator would, and compile it."""
    catalog = babel_catalog.Catalog(locale="it", fuzzy=False)
    catalog.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n != 1);")]
    italian_words = {
        "ui:clean": "nessun problema",
        "ui:error": "errore",
        "message:CCO101/missing": "file non trovato",
        "hint:CCO101/missing": "controlla il percorso e il nome del file",
        "phrase:theme-label": "Tema {theme}",
    }
    for message in read(TEMPLATE):
        if message.context in italian_words:
            catalog.add(message.id, italian_words[message.context], context=message.context)
    catalog.add(("error", "errors"), ("errore", "errori"), context="counted:errors")
    catalog.add("row", "riga (vecchio)", context="ui:row", flags=["fuzzy"])
    catalog.add("no problem", "nessun problema (vecchio)", context="ui:warning")
    folder = locale / "it" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "cco.po").open("wb") as handle:
        write_po(handle, catalog)
    with (folder / "cco.mo").open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)


@pytest.fixture
def with_italian(tmp_path, monkeypatch):
    """A locale folder holding the shipped catalogs and an Italian one, compiled here."""
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale)
    write_italian_catalog(locale)
    monkeypatch.setattr(catalogs, "LOCALE_DIR", locale)
    return locale


def test_a_fifth_language_needs_only_its_catalog(with_italian):
    assert catalogs.available_languages() == ("en", "es", "fr", "it", "pt")
    assert messages.default_language({"LANG": "it_IT.UTF-8"}) == "it"
    assert messages.ui_text("clean", "it") == "nessun problema"
    assert messages.render("CCO101/missing", {}, "it") == (
        "file non trovato",
        "controlla il percorso e il nome del file",
    )
    assert phrases.phrase("theme-label", "it", theme=3) == "Tema 3"
    assert [messages.counted(n, "errors", "it") for n in (0, 1, 2)] == [
        "0 errori",
        "1 errore",
        "2 errori",
    ]


def test_a_missing_fuzzy_or_stale_entry_falls_back_to_english(with_italian):
    assert messages.ui_text("sheet", "it") == "sheet"  # not in the Italian catalog
    assert messages.ui_text("row", "it") == "row"  # fuzzy: not compiled
    assert messages.ui_text("warning", "it") == "warning"  # translates an older English text
    assert messages.counted(2, "files", "it") == "2 files"


def test_the_command_line_speaks_a_language_added_as_a_catalog(tmp_path):
    package = tmp_path / "pkg" / "cco"
    shutil.copytree(LOCALE.parents[1], package, ignore=shutil.ignore_patterns("__pycache__"))
    write_italian_catalog(package / "i18n" / "locale")
    missing = tmp_path / "nowhere.xlsx"

    def cco(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cco", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(package.parent), "CCO_LANG": "", "COLUMNS": "200"},
        )

    result = cco("validate", str(missing), "--lang", "it")
    assert "errore: file non trovato [CCO101]" in result.stdout, result.stdout + result.stderr
    assert "1 errore" in result.stdout
    assert "Language of messages: en, es, fr, it, pt" in cco("validate", "--help").stdout
