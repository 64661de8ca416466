"""Shared fixtures and helpers: the shipped Peru sheet, a campaign of fictional countries, and
`load_json`, which reads a command's JSON output and checks it against its published contract.

Sheets of fictional countries (Freedonia, Sylvania, ...) are written per test into tmp_path by
the builders of tests/sheets.py and tests/campaign.py.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.campaign import build_campaign

if TYPE_CHECKING:
    from click.testing import Result

    from cco.scoring.score import Scorecard

ROOT = Path(__file__).resolve().parent.parent
PERU = ROOT / "data" / "peru-2024.xlsx"


@pytest.fixture
def peru() -> Path:
    return PERU


@pytest.fixture(scope="session")
def peru_card() -> Scorecard:
    """The shipped Peru sheet, read (without a problem) and scored once for the whole session.

    Shared: a test that changes its frames must work on a copy.
    """
    from cco.io.ingest import read_sheet
    from cco.scoring.score import score_country

    result = read_sheet(PERU)
    assert result.problems == [], result.problems
    assert result.sheet is not None
    return score_country(result.sheet)


@pytest.fixture
def campaign(tmp_path: Path) -> Callable[..., list[Path]]:
    """Writes fictional countries' sheets into tmp_path: `campaign()` gives Freedonia,
    Sylvania and Genovia; `campaign("Freedonia", "Elbonia")` those two (see tests/campaign.py).
    """

    def build(*countries: str) -> list[Path]:
        return build_campaign(tmp_path, *countries)

    return build


def _refuse_constant(name: str) -> None:
    raise AssertionError(f"non-strict JSON constant {name}")


def load_json(output: Result | str, contract: str) -> Any:
    """The JSON printed by `cco score`, `cco validate` or `cco compare` (`contract`), parsed.

    `output` is a CliRunner result (its stdout is read) or the text itself. The text must be
    strict JSON (no NaN or Infinity) and match the command's contract (cco.output.contracts), or
    the test fails with pydantic's account of what differs.
    """
    from cco.output.contracts import CONTRACTS

    text = output if isinstance(output, str) else output.stdout
    data = json.loads(text, parse_constant=_refuse_constant)
    CONTRACTS[contract].model_validate_json(text)
    return data


def placeholders(text: str) -> set[str]:
    """The names a message template fills in ('{count} countries' -> {'count'})."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
