"""What a fresh interpreter imports: startup stays light only if no data library loads.

A test session may already have imported pandas, so each check runs its code in a new process.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "openpyxl", "matplotlib", "numpy")

REPORT_HEAVY = f"""
import json, sys
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
print("\\nHEAVY=" + json.dumps(heavy))
"""


def heavy_modules_after(code: str) -> tuple[list[str], str]:
    """Run `code` in a fresh interpreter; return the heavy libraries it loaded and its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", code + REPORT_HEAVY],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    marker = result.stdout.rsplit("HEAVY=", 1)
    assert len(marker) == 2, result.stdout + result.stderr
    return json.loads(marker[1]), marker[0]
