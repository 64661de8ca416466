"""`--help` in the run's language: the commands' and options' texts and the words around them.

The English texts stay where they are written (the commands' docstrings and their options'
`help=`); each has a `help:` entry in the catalogs with the same English (a test keeps them
equal). To show help in another language, the texts of the command being described are put in
that language while its help is formatted, then put back, so that wrapping and alignment are
the formatter's own. The layout words Typer writes around them ("Usage:", "Options",
"[default: ...]") are the catalog's `help-word:` entries, put in place of Typer's English in
the formatted text; a word another Typer release writes otherwise stays English, never broken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

HELP_OPTION_TEXT = "Show this message and exit."
"""The help text Typer gives -h/--help."""


def help_contexts(command: str, param: str) -> tuple[str, ...]:
    """The catalog entries that may hold a parameter's help: the command's own, then shared."""
    return (f"help:{command}/--{param}", f"help:--{param}")


def _translated(contexts: Sequence[str], english: str, lang: str) -> str:
    """The first entry of `contexts` whose English is `english`, in `lang`; else `english`."""
    from cco.i18n.catalogs import translator

    english_words, words = translator("en"), translator(lang)
    for context in contexts:
        if english_words.has(context) and english_words.template(context) == english:
            return words.template(context)
    return english


@contextmanager
def texts_in(command: Any, name: str, params: Sequence[Any], lang: str) -> Iterator[None]:
    """Inside the block, `command` (named `name`) and its `params` have help texts in `lang`.

    Each text is put back afterwards, even when formatting fails.
    """
    saved: list[tuple[Any, str, str]] = []

    def swap(owner: Any, attribute: str, contexts: Sequence[str]) -> None:
        english = getattr(owner, attribute, None)
        if isinstance(english, str) and english:
            text = _translated(contexts, english, lang)
            if text != english:
                saved.append((owner, attribute, english))
                setattr(owner, attribute, text)

    try:
        swap(command, "help", (f"help:{name}",))
        swap(command, "short_help", (f"help:{name}",))
        for param in params:
            if getattr(param, "help", None) == HELP_OPTION_TEXT:
                swap(param, "help", ("help-word:help",))
            else:
                swap(param, "help", help_contexts(name, str(getattr(param, "name", ""))))
        yield
    finally:
        for owner, attribute, english in reversed(saved):
            setattr(owner, attribute, english)


# Typer's layout words as its English writes them, the catalog entry of each, and how it is
# written back around the word.
_LAYOUT: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"^Usage:", re.M), "help-word:usage", "{text}"),
    (re.compile(r"^Arguments:$", re.M), "help-word:arguments", "{word}:"),
    (re.compile(r"^Options:$", re.M), "help-word:options", "{word}:"),
    (re.compile(r"^Commands:$", re.M), "help-word:commands", "{word}:"),
    (re.compile(r"\[OPTIONS\]"), "help-word:options-placeholder", "{word}"),
    (re.compile(r"COMMAND \[ARGS\]\.\.\."), "help-word:command-placeholder", "{word}"),
    (re.compile(r"\[required\]"), "help-word:required", "[{word}]"),
    (re.compile(r"\[default:(?=\s)"), "help-word:default", "[{word}:"),
    (re.compile(r"\[env var:(?=\s)"), "help-word:env-var", "[{word}:"),
)


def layout_in(text: str, lang: str) -> str:
    """Formatted help with Typer's layout words in `lang`."""
    from cco.i18n.catalogs import translator

    words = translator(lang)
    for pattern, context, written in _LAYOUT:
        # The word alone: 'Opciones' -> 'Opciones', 'por defecto: {default}' -> 'por defecto'.
        text_in_lang = words.template(context)
        word = text_in_lang.split("{")[0].strip().rstrip(":").strip()
        shown = written.format(word=word, text=text_in_lang)
        shown = shown.replace("\\", "\\\\")  # a literal replacement
        text = pattern.sub(shown, text)
    return text


def format_in_language(
    command: Any,
    ctx: Any,
    formatter: Any,
    english: Callable[[Any, Any], None],
    listed: Mapping[str, Any] | None = None,
) -> None:
    """Write `command`'s help with `english` (Typer's formatting), in the run's language.

    `listed` are the commands a group's help lists, whose short texts are put in the language
    too. English help is Typer's, untouched.
    """
    from cco.cli.common import spoken_language

    lang = spoken_language()
    if lang == "en":
        english(ctx, formatter)
        return
    inner = ctx.make_formatter()
    with ExitStack() as stack:
        name = "cco" if ctx.parent is None else str(ctx.info_name)
        stack.enter_context(texts_in(command, name, command.get_params(ctx), lang))
        for listed_name, listed_command in (listed or {}).items():
            stack.enter_context(texts_in(listed_command, listed_name, (), lang))
        english(ctx, inner)
    formatter.write(layout_in(inner.getvalue(), lang))
