"""The README and the message catalogue agree with the rule registry."""

from __future__ import annotations

import re

from cco.core.problems import RULES
from cco.i18n.messages import code_of, message_keys
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_rule_and_no_other():
    documented = set(re.findall(r"^\| (CCO\d{3}) \| (\w+) \| ([\w-]+) \|", README, re.M))
    registered = {(r.code, r.severity.value, r.name) for r in RULES.values()}
    assert documented == registered


def test_every_message_key_belongs_to_a_rule():
    assert {code_of(key) for key in message_keys()} <= set(RULES)


def test_every_rule_has_a_message():
    assert set(RULES) <= {code_of(key) for key in message_keys()}


def test_readme_quick_start_is_two_commands():
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert commands == [
        "pip install -e . && cco score data/peru-2024.xlsx",
        'pip install -e ".[test]" && pytest',
    ]
