"""Print the Markdown tables of docs/performance.md from one or more results files.

    python bench/tables.py bench/out/results.json [more.json ...]

Figures of later files replace those of earlier files with the same label; commands likewise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def number(value: object, digits: int = 2) -> str:
    """A float to `digits` decimals, or '-'."""
    return "-" if not isinstance(value, int | float) else f"{value:.{digits}f}"


def main() -> int:
    """Merge the results files and print the command and figure tables."""
    commands: dict[str, dict[str, Any]] = {}
    figures: dict[str, dict[str, Any]] = {}
    for path in sys.argv[1:]:
        results = json.loads(Path(path).read_text(encoding="utf-8"))
        commands |= results["commands"]
        figures |= {f["label"]: f for f in results["figures"]}
    print("| command | runs | median s | min s | max s | peak RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for c in commands.values():
        times = c["times_s"]
        low, high = (min(times), max(times)) if times else (None, None)
        print(
            f"| {c['label']} | {len(times)} | {number(c['median_s'], 3)} | {number(low, 3)} "
            f"| {number(high, 3)} | {number(c['peak_rss_mb'], 1)} |"
        )
    print("\n| figure | median | min | max | budget | verdict |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for f in figures.values():
        spread = f["spread"] or {}
        limit = f"≤ {f['limit']}" if f["limit"] else ""
        print(
            f"| {f['label']} | {number(f['value'])} | {number(spread.get('min'))} "
            f"| {number(spread.get('max'))} | {limit} | {f['verdict']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
