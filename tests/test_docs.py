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


def readme_sections() -> dict[str, str]:
    """Each command's README section ('## `cco NAME ...`' up to the next '## '), by name."""
    found = re.finditer(r"^## `cco ([\w-]+)[^\n]*\n.*?(?=^## |\Z)", README, re.M | re.S)
    return {m.group(1): m.group(0) for m in found}


def test_every_command_and_every_option_is_documented_in_its_readme_section():
    import typer

    from cco.cli.main import app

    sections = readme_sections()
    undocumented = []
    # Typer may bring its own copy of click: its classes are recognized by what they hold
    commands = getattr(typer.main.get_command(app), "commands", {})
    assert {"score", "validate", "compare", "schema"} <= set(commands)
    for name, command in commands.items():
        section = sections.get(name)
        if section is None:
            undocumented.append(f"cco {name}")
            continue
        for param in command.params:
            if param.param_type_name != "option":
                continue
            for option in (*param.opts, *param.secondary_opts):
                if option in ("-h", "--help"):
                    continue
                if not re.search(re.escape(option) + r"(?![\w-])", section):
                    undocumented.append(f"cco {name} {option}")
    options = [p for c in commands.values() for p in c.params if p.param_type_name == "option"]
    assert len(options) > 20  # the walk reached the options
    assert undocumented == []


def test_the_section_finder_sees_an_undocumented_option():
    # the check above passes only if this finder can fail: a section without an option lacks it
    section = readme_sections()["schema"]
    assert "## `cco schema" in section
    assert not re.search(re.escape("--strict") + r"(?![\w-])", section)
    assert "## `cco rules`" not in section  # a section ends where the next one starts
