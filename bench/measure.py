"""Time commands as whole processes, in alternating rounds, and summarise paired ratios.

Every command of a scenario runs once per round; the order of the commands is reversed on
every other round (A B C, C B A, ...), so that no command always runs first after a pause or
always second after a cache-warming neighbour. Ratios are taken within a round (the machine is
shared: load that comes and goes hits both sides of a pair alike), and the report gives the
median of the per-round ratios with their minimum and maximum.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PEAK_WRAPPER = Path(__file__).resolve().parent / "peak.py"
RAN_EXIT_CODES = (0, 1)  # 1: the input was read and holds errors; the command still ran
# Children may write bytecode: without it every run recompiles cco's modules (an editable
# install ships none), while the floors' libraries load theirs precompiled.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Sample:
    """One run: wall time, the command's own peak RSS and its exit code."""

    seconds: float
    peak_mb: float
    exit_code: int


@dataclass
class Command:
    """A command line to time, with extra environment variables; `status` ok or failed."""

    key: str
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    warm_up: bool = True  # False for long runs that follow smaller runs of the same command
    samples: list[Sample] = field(default_factory=list)
    status: str = "ok"
    error: str = ""

    @property
    def ok(self) -> bool:
        """Whether every run so far exited as a run that read its input."""
        return self.status == "ok" and bool(self.samples)

    def times(self) -> list[float]:
        """Wall times, one per round."""
        return [s.seconds for s in self.samples]

    def median_s(self) -> float | None:
        """Median wall time."""
        return statistics.median(self.times()) if self.samples else None

    def peak_mb(self) -> float | None:
        """Median peak RSS over the runs (peak RSS barely varies between runs)."""
        return statistics.median(s.peak_mb for s in self.samples) if self.samples else None

    def as_json(self) -> dict[str, object]:
        """The command and its runs as plain data."""
        return {
            "label": self.label,
            "argv": self.argv,
            "env": self.env,
            "status": self.status,
            "error": self.error,
            "median_s": self.median_s(),
            "peak_rss_mb": self.peak_mb(),
            "times_s": self.times(),
            "rss_mb": [s.peak_mb for s in self.samples],
        }


def run_once(argv: list[str], env: dict[str, str]) -> tuple[Sample, str]:
    """Run `argv` under the peak wrapper, stdout discarded; return its sample and stderr."""
    with (
        tempfile.NamedTemporaryFile("r", suffix=".peak") as result,
        tempfile.TemporaryFile() as errors,
        open(os.devnull, "wb") as sink,
    ):
        wrapper = [sys.executable, "-I", "-S", str(PEAK_WRAPPER), result.name, *argv]
        subprocess.run(wrapper, stdout=sink, stderr=errors, env={**CHILD_ENV, **env}, check=True)
        seconds, max_rss_kb, exit_code = result.read().split()
        errors.seek(0)
        message = errors.read().decode(errors="replace")
    return Sample(float(seconds), int(max_rss_kb) / 1024, int(exit_code)), message


def run_into(command: Command) -> None:
    """Run a command once and keep its sample; mark it failed on an unexpected exit code."""
    sample, stderr = run_once(command.argv, command.env)
    if sample.exit_code not in RAN_EXIT_CODES:
        lines = " | ".join(stderr.strip().splitlines()[-2:])
        command.status, command.error = "failed", f"exit {sample.exit_code}: {lines}"
    else:
        command.samples.append(sample)


def time_rounds(commands: Sequence[Command], rounds: int, progress: Callable[[], None]) -> None:
    """An untimed warm-up of each command that wants one, then `rounds` alternating rounds."""
    for command in commands:
        if command.warm_up:
            run_once(command.argv, command.env)
    for round_index in range(rounds):
        order = commands if round_index % 2 == 0 else list(reversed(commands))
        for command in order:
            if command.status == "ok":
                run_into(command)
        progress()


@dataclass(frozen=True)
class Spread:
    """The median of per-round values with their minimum, maximum and count."""

    median: float
    low: float
    high: float
    count: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread | None:
        """The spread of `values`, or None when there are none."""
        if not values:
            return None
        return cls(statistics.median(values), min(values), max(values), len(values))

    def as_json(self) -> dict[str, float | int]:
        """The spread as plain data."""
        return {"median": self.median, "min": self.low, "max": self.high, "n": self.count}


def paired(commands: Sequence[Command], formula: Callable[..., float]) -> Spread | None:
    """`formula` applied to the commands' times of each round; the spread over rounds.

    Rounds are paired by index; a command that failed, or was not run, gives no value.
    """
    if not commands or not all(c.ok for c in commands):
        return None
    rounds = min(len(c.samples) for c in commands)
    values = [formula(*(c.samples[i].seconds for c in commands)) for i in range(rounds)]
    return Spread.of(values)
