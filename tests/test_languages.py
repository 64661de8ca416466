"""Every command's human output in Spanish, Portuguese and French holds no English sentence.

The English is the English catalog's: each entry is cut into its fixed fragments (the words
between its {fields}), and a fragment found in another language's output is a leak, unless
that language's own text has the same words (a shared term such as "CSV") or the fragment is
part of what the sheets and the catalog of commitments say (data, written as the teams wrote
it). The same scan over the English output finds many fragments, so the check can fail.
"""

from __future__ import annotations

import csv
import re
import string
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook
from typer.testing import CliRunner

from cco.cli.main import app
from cco.i18n import catalogs
from tests import sheets
from tests.campaign import build_campaign

runner = CliRunner()
LOCALE = Path(catalogs.__file__).with_name("locale")
CATALOG_CSV = Path(catalogs.__file__).parents[1] / "catalog" / "data" / "catalog.csv"


@cache
def entries(lang: str) -> dict[str, tuple[tuple[str, ...], str]]:
    """Context -> (English forms, this language's forms joined) of a catalog."""
    with (LOCALE / lang / "LC_MESSAGES" / "cco.po").open("rb") as handle:
        catalog = read_po(handle)
    found = {}
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        found[message.context] = (tuple(ids), "\n".join(texts))
    return found


def fragments(text: str) -> list[str]:
    """The fixed parts of a catalog text long enough to be English words, not a shared term."""
    found = []
    for literal, _, _, _ in string.Formatter().parse(text):
        for piece in re.split(r"[\n:;,.()\[\]'\"—–?!…]", literal):
            piece = " ".join(piece.split())
            words = piece.split()
            if (len(words) >= 2 and len(piece) >= 8) or (
                len(words) == 1 and len(piece) >= 9 and piece.isalpha()
            ):
                found.append(piece)
    return found


def data_texts(*files: Path) -> str:
    """Every text the catalog of commitments and the given sheets hold (data, not cco's words)."""
    texts = []
    with CATALOG_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts += [value for value in row.values() if value]
    for path in files:
        if path.suffix == ".csv":
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix in (".xlsx", ".xlsm"):
            book = load_workbook(path, read_only=True)
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    texts += [str(value) for value in row if isinstance(value, str)]
            book.close()
    return "\n".join(texts)


def english_leaks(output: str, lang: str, data: str) -> list[str]:
    """The English catalog fragments in `output` that `lang`'s catalog does not share."""
    english, own = entries("en"), entries(lang)
    leaks = set()
    for context, (ids, _) in english.items():
        translated = own.get(context, ((), ""))[1]
        for text in ids:
            for fragment in fragments(text):
                if fragment in translated or fragment in data:
                    continue
                if fragment in output:
                    leaks.add(f"{context}: {fragment!r}")
    return sorted(leaks)


@pytest.fixture(scope="module")
def campaign_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("campaign")
    build_campaign(folder)
    sheets.tidy_spanish_csv(folder / "freedonia-es.csv")
    return folder


def human_outputs(lang: str, peru: Path, folder: Path, out: Path) -> str:
    """What every command prints or writes for people, with `--lang lang`."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    runs = [
        ["score", peru],
        ["score", peru, "-f", "markdown"],
        ["score", peru, "--intervals", "--resamples", "50", "--percent"],
        ["score", files[0], "--top", "2"],
        ["compare", folder],
        ["compare", folder, "-f", "markdown"],
        ["compare", folder, folder / "Freedonia.xlsx"],
        ["validate", folder],
        ["validate", folder, "--format", "github"],
        ["rules"],
        ["catalog", "--summit", "IX"],
        ["report", peru, "-f", "markdown"],
        ["report", peru, "-o", out / f"{lang}.html"],
        ["report", *files, "-o", out / f"{lang}-campaign.md"],
        ["score", folder / "nothere.csv"],
        ["score", peru, "--top", "abc"],
        ["score", peru, "--bogus"],
        ["compare"],
        ["template", "--country", "Freedonia", "-o", out / f"{lang}-template.xlsx"],
        ["chart", peru, "-o", out / f"{lang}-peru.svg"],
        ["chart", folder, "-o", out / f"{lang}-campaign.svg"],
    ]
    texts = []
    for args in runs:
        result = runner.invoke(app, [*map(str, args), "--lang", lang])
        texts += [result.stdout, result.stderr]
    for written in out.glob(f"{lang}*"):
        if written.suffix == ".md":
            texts.append(written.read_text(encoding="utf-8"))
        elif written.suffix == ".html":
            texts.append(visible_text(written.read_text(encoding="utf-8")))
        elif written.suffix == ".svg":  # a figure's words are <text> elements
            svg = written.read_text(encoding="utf-8")
            texts += re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return "\n".join(texts)


def visible_text(page: str) -> str:
    """What a reader of an HTML page sees or hears: text and alt/title/aria texts, no markup."""
    import html

    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    said = re.findall(r'(?:aria-label|title|alt)="([^"]*)"', page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + "\n" + "\n".join(said))


def test_the_scan_finds_english_in_english_output(peru, campaign_folder, tmp_path):
    output = human_outputs("en", peru, campaign_folder, tmp_path)
    found = english_leaks(output, "es", data_texts(peru, *campaign_folder.iterdir()))
    assert len(found) > 40, found


@pytest.mark.parametrize("lang", ["es", "pt", "fr"])
def test_no_english_sentence_in_any_commands_human_output(lang, peru, campaign_folder, tmp_path):
    output = human_outputs(lang, peru, campaign_folder, tmp_path)
    assert english_leaks(output, lang, data_texts(peru, *campaign_folder.iterdir())) == []
    # Words that are not in the catalogs at all: Typer's own usage lines.
    assert not re.search(r"\bUsage:|\bTry '|\bError:|No such option|Missing argument", output)


def help_texts() -> dict[str, str]:
    """Every English help text of the program: the commands' and their parameters'."""
    import typer

    from cco.cli.help import HELP_OPTION_TEXT, help_contexts

    group = typer.main.get_command(app)
    found = {"help:cco": group.help or ""}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found[f"help:{name}"] = command.help or ""
        for param in command.params:
            text = getattr(param, "help", None)
            if text and text != HELP_OPTION_TEXT:
                contexts = help_contexts(name, param.name)
                english = entries("en")
                context = next((c for c in contexts if c in english), contexts[-1])
                found[context] = text
    return found


def test_every_help_text_is_in_the_catalogs_with_its_english_unchanged():
    """A new or reworded help text is a catalog entry to add or update (translators see it)."""
    english = entries("en")
    stale = {
        context: text
        for context, text in help_texts().items()
        if english.get(context, ((None,), ""))[0][0] != text
    }
    assert stale == {}


@pytest.mark.parametrize("lang", ["es", "pt", "fr"])
@pytest.mark.parametrize("command", [[], ["score"], ["compare"], ["validate"], ["template"]])
def test_help_is_in_the_language_asked_for(lang, command):
    # The program itself has no --lang: its help follows CCO_LANG, as every message does.
    asked = ["--lang", lang] if command else []
    result = runner.invoke(app, [*command, "--help", *asked], env={"CCO_LANG": lang})
    assert result.exit_code == 0
    # Option names and their values (`--by <average|relevance>`) are typed as they are.
    text = re.sub(r"--[\w-]+|<[^>]*>|\{[^}]*\}", " ", " ".join(result.stdout.split()))
    assert english_leaks(text, lang, data_texts()) == []
    for word in ("usage", "options", "arguments", "commands", "default"):
        english = entries("en")[f"help-word:{word}"][0][0].split("{")[0].strip(" :")
        if english != entries(lang)[f"help-word:{word}"][1].split("{")[0].strip(" :"):
            assert not re.search(rf"(^|\[){english}:", result.stdout, re.M), english
    assert "Show this message" not in text


def test_english_help_is_typers_own():
    result = runner.invoke(app, ["score", "--help"])
    assert result.stdout.startswith("Usage: cco score [OPTIONS]")
    assert "Show this message and exit." in result.stdout
