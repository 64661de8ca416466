"""What reading in a child process costs: `cco score` of the Peru sheet with and without it.

Runs `cco score data/peru-2024.xlsx` alternately with CCO_ISOLATE=1 (the default) and
CCO_ISOLATE=0, so that both see the same machine load, and reports the median and minimum wall
time and processor time (user + system of the command and its children, from os.wait4). Then
times `read_workbook` alone, in one process, both ways.

    python bench/isolation.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERU = ROOT / "data" / "peru-2024.xlsx"


def _run(isolate: str) -> tuple[float, float]:
    env = {**os.environ, "CCO_ISOLATE": isolate}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "cco", "score", str(PERU)], env=env, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"cco score failed with exit code {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def _in_process(runs: int) -> dict[str, list[float]]:
    from cco.io.readers import read_workbook

    read_workbook(PERU)
    times: dict[str, list[float]] = {"1": [], "0": []}
    for _ in range(runs):
        for isolate in ("1", "0"):
            os.environ["CCO_ISOLATE"] = isolate
            started = time.perf_counter()
            read_workbook(PERU)
            times[isolate].append(time.perf_counter() - started)
    return times


def _line(label: str, values: list[float], unit: float = 1.0, suffix: str = "s") -> str:
    median, low = statistics.median(values) * unit, min(values) * unit
    return f"{label}: median {median:.3f} {suffix}, min {low:.3f} {suffix}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    _run("1"), _run("0")  # warm-up: bytecode and the page cache
    wall: dict[str, list[float]] = {"1": [], "0": []}
    cpu: dict[str, list[float]] = {"1": [], "0": []}
    for _ in range(runs):
        for isolate in ("1", "0"):
            seconds, processor = _run(isolate)
            wall[isolate].append(seconds)
            cpu[isolate].append(processor)
    for isolate, name in (("1", "isolated"), ("0", "in-process")):
        print(_line(f"cco score, {name}, wall", wall[isolate]))
        print(_line(f"cco score, {name}, cpu", cpu[isolate]))
    for kind, values in (("wall", wall), ("cpu", cpu)):
        on, off = statistics.median(values["1"]), statistics.median(values["0"])
        low_on, low_off = min(values["1"]), min(values["0"])
        low_change = 1000 * (low_on - low_off), 100 * (low_on - low_off) / low_off
        print(
            f"cost ({kind}): medians {1000 * (on - off):+.0f} ms "
            f"({100 * (on - off) / off:+.1f} %), "
            f"minimums {low_change[0]:+.0f} ms ({low_change[1]:+.1f} %)"
        )
    reads = _in_process(runs * 3)
    print(_line("read_workbook, isolated", reads["1"], 1000, "ms"))
    print(_line("read_workbook, in-process", reads["0"], 1000, "ms"))


if __name__ == "__main__":
    main()
