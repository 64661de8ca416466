"""Shared fixtures: sheets of the fictional country Freedonia, written per test into tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PERU = ROOT / "data" / "peru-2024.xlsx"


@pytest.fixture
def peru() -> Path:
    return PERU
