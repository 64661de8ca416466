"""The README and the message catalogue agree with the rule registry."""

from __future__ import annotations

import re
import string

import pytest

from cco.core.problems import RULES
from cco.i18n.messages import LANGUAGES, MESSAGES, UI_TEXTS, code_of
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_rule_and_no_other():
    documented = set(re.findall(r"^\| (CCO\d{3}) \| (\w+) \| ([\w-]+) \|", README, re.M))
    registered = {(r.code, r.severity.value, r.name) for r in RULES.values()}
    assert documented == registered


def test_every_message_key_belongs_to_a_rule():
    assert {code_of(key) for key in MESSAGES} <= set(RULES)


def test_every_rule_has_a_message():
    assert set(RULES) <= {code_of(key) for key in MESSAGES}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_speaks_four_languages_with_the_same_placeholders(key):
    templates = MESSAGES[key]
    assert set(templates) == set(LANGUAGES)

    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text or "") if name}

    english_message, english_hint = templates["en"]
    for lang in LANGUAGES:
        message, hint = templates[lang]
        assert fields(message) == fields(english_message), (key, lang)
        assert fields(hint) == fields(english_hint), (key, lang)


@pytest.mark.parametrize("key", sorted(UI_TEXTS))
def test_every_report_text_speaks_four_languages(key):
    assert set(UI_TEXTS[key]) == set(LANGUAGES)


def test_readme_quick_start_is_two_commands():
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert commands == [
        "pip install -e . && cco score data/peru-2024.xlsx",
        'pip install -e ".[test]" && pytest',
    ]
