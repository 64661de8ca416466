"""Benchmark `cco` as whole processes against floors that do only the unavoidable work.

Run `python bench/run.py` (default: a few minutes), `--quick` (about a minute) or `--full`
(adds 500,000-row sheets and the bootstrap on them; half an hour or more). It writes fictional
sheets into a temporary folder, times each command in alternating rounds with its floor,
prints per-round ratios (median, min, max) and peak memory, checks the budgets and writes the
same as JSON. See docs/performance.md. Exit status: 0 whether budgets pass or fail, unless
`--check` is given (then 1 when a budget fails); 2 when a command failed unexpectedly.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import itertools
import json
import os
import platform
import random
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from inputs import country_folder, grid_bytes, rater_sheet, tidy_sheet
from measure import Command, Spread, paired, run_once, time_rounds

HERE = Path(__file__).resolve().parent
DEFAULT_JSON = HERE / "out" / "results.json"
NEEDED = ("openpyxl", "pandas", "python_calamine", "typer")  # to write inputs and floors
VERSIONS = ("cco", "pandas", "numpy", "python-calamine", "openpyxl", "typer", "rich")
# 500,000-row sheets exceed the default limits; they are raised for those runs, and one run
# at the default limits records what a user gets.
LARGE_LIMITS = {"CCO_MAX_CELLS": "100000000", "CCO_MAX_FILE_MB": "2000"}
LARGE_LIMITS |= {"CCO_MAX_UNPACKED_MB": "20000", "CCO_MAX_ROWS": "10000000"}

# The floor of `cco --help`: Typer alone, with the settings of cco's app (plain help text).
BARE_TYPER_APP = """
import typer

app = typer.Typer(name="cco", help="Bare app.", no_args_is_help=True, add_completion=False,
                  rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]})

for name in ("score", "validate", "compare", "chart", "report", "catalog", "template", "rules"):
    app.command(name=name, help=f"The {name} command.")(lambda: None)

try:
    app()
except SystemExit:  # ends as cco ends: at once (see AT_ONCE)
    import os, sys
    sys.stdout.flush()
    os._exit(0)
"""
# The floor of scoring a small sheet, as the budget names it (issue 15).
IMPORT_FLOOR = "import pandas, python_calamine, typer"
# What `score` imports now that none of its outputs is made of frames: numpy (ranks; the
# organizations' agreement), the reader, the command line.
NUMPY_FLOOR = "import numpy, python_calamine, typer"
# The bare read of spreadsheets: the reader cco uses, every sheet, no DataFrame.
READ_XLSX = """
import sys
from python_calamine import CalamineWorkbook
for path in sys.argv[1:]:
    book = CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
"""
# The bare read of a CSV: the stdlib csv module, as cco reads it (bytes, decoded, then parsed).
READ_CSV = """
import csv, io, sys
for path in sys.argv[1:]:
    text = open(path, "rb").read().decode("utf-8-sig")
    rows = [row for row in csv.reader(io.StringIO(text, newline=""))]
"""
READ_CSV_PANDAS = "import sys, pandas\nfor path in sys.argv[1:]: pandas.read_csv(path)\n"
# Not a floor, a reference for `compare -o x.xlsx`: the bare read of every sheet, each row
# read written once, as it is, to one streamed (write-only) worksheet: a workbook that costs
# what copying the sheets' cells costs, with no style, table, chart or second sheet.
READ_AND_WRITE_XLSX = """
import sys
from openpyxl import Workbook
from python_calamine import CalamineWorkbook
out = Workbook(write_only=True)
copied = out.create_sheet("Rows")
for path in sys.argv[2:]:
    book = CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python():
            copied.append(row)
out.save(sys.argv[1])
"""
# The bare read keeping the first sheet's rows, for LEAST_CHECK (the bench's rater sheets have
# one sheet; a CSV's rows are kept by READ_CSV).
READ_XLSX_KEPT = """
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
"""
# Not a floor, a reference: the least any check of a rater sheet must do after the read,
# written plainly for the benchmark's layout (Summit, Theme, Commitment, Sub, Organization,
# R, E, S): each rating cell's value looked at (blank or 0-3; distinct values once per
# column), and each row given its item and organization, rows gathered by item. No header
# is recognised, no name folded, no problem worded, no count kept. How far it sits above the
# read says how much room a budget over the read leaves for everything else.
LEAST_CHECK = """
columns = list(zip(*rows[1:]))
allowed = {"", "0", "1", "2", "3", 0.0, 1.0, 2.0, 3.0}
unreadable = [v for column in columns[5:8] for v in set(column) if v not in allowed]
organizations_of_item = {}
for item, organization in zip(zip(*columns[:4]), columns[4]):
    organizations_of_item.setdefault(item, []).append(organization)
"""
# Prefixes: the bare read plus the imports each command cannot do without: the command
# line's (typer) for both, numpy too for `score` (ranks, agreement; it no longer imports
# pandas). "import pandas, typer" is kept as a reference: the floor of the earlier rounds.
WITH_TYPER = "import typer\n"
WITH_NUMPY = "import numpy, typer\n"
WITH_PANDAS = "import pandas, typer\n"
# How every floor ends: at once, without the interpreter's teardown, as `cco` ends
# (cco.cli.main.run). Freeing modules and rows one by one is work no command needs; a floor
# that did it would credit cco with skipping it. Lines "with teardown" end as a plain script.
AT_ONCE = "\nimport os, sys; sys.stdout.flush(); os._exit(0)\n"


# ---- scenarios ---------------------------------------------------------------------------


@dataclass
class Scenario:
    """Commands timed in the same rounds, so that ratios and slopes among them are paired."""

    name: str
    commands: list[Command]
    rounds: int

    def __getitem__(self, key: str) -> Command:
        return next(c for c in self.commands if c.key == key)


@dataclass
class Setup:
    """Where inputs go, how to call cco and how much to run."""

    work: Path
    cco: list[str]
    mode: str  # quick, default or full

    def rounds(self, quick: int, default: int, full: int | None = None) -> int:
        """Rounds for this mode."""
        return {"quick": quick, "default": default, "full": full or default}[self.mode]


def python(
    key: str, label: str, script: str, args: Sequence[str] = (), *, teardown: bool = False
) -> Command:
    """A floor: this Python running `script` with `args`, ending at once unless `teardown`."""
    return Command(
        key, label, [sys.executable, "-c", script + ("" if teardown else AT_ONCE), *args]
    )


def cco(
    setup: Setup, key: str, label: str, *args: str, env: dict[str, str] | None = None
) -> Command:
    """`cco ARGS`, stdout to /dev/null (not a terminal)."""
    return Command(key, label, [*setup.cco, *args], env=env or {})


def startup_scenario(setup: Setup) -> Scenario:
    """`cco --help` and a small score against Typer alone and the bare imports."""
    bare_app = setup.work / "bare_typer_app.py"
    bare_app.write_text(BARE_TYPER_APP)
    small = str(tidy_sheet(setup.work / "freedonia-32.xlsx", "Freedonia", 32, random.Random(7)))
    commands = [
        Command("help-floor", "bare Typer app --help", [sys.executable, str(bare_app), "--help"]),
        cco(setup, "help", "cco --help", "--help"),
        python("import-floor", "import pandas, python_calamine, typer", IMPORT_FLOOR),
        python("import-floor-numpy", "import numpy, python_calamine, typer", NUMPY_FLOOR),
        python(
            "import-floor-teardown",
            "import pandas, python_calamine, typer, with teardown",
            IMPORT_FLOOR,
            teardown=True,
        ),
        cco(setup, "score-small", "cco score, 32 items, json", "score", small, "-f", "json"),
        cco(setup, "score-small-table", "cco score, 32 items, table", "score", small),
        Command("wrapper", "the measuring wrapper alone (runs `true`)", ["true"]),
    ]
    return Scenario("start-up", commands, setup.rounds(5, 11))


ROW_SIZES = {"2k": 2_000, "50k": 50_000, "500k": 500_000}


def row_sizes(setup: Setup) -> list[str]:
    """The rater-sheet sizes of this mode."""
    return ["2k", "50k", "500k"] if setup.mode == "full" else ["2k", "50k"]


def rows_scenario(setup: Setup, suffix: str) -> Scenario:
    """Score and validate of rater sheets at each size, against the bare read of each."""
    commands = []
    for tag in row_sizes(setup):
        path = str(rater_sheet(setup.work / f"raters-{tag}.{suffix}", ROW_SIZES[tag]))
        env = LARGE_LIMITS if tag == "500k" else {}
        name = f"{suffix} {ROW_SIZES[tag]:,} rows"
        read = READ_CSV if suffix == "csv" else READ_XLSX
        commands += [
            python(f"read-{suffix}-{tag}", f"bare read, {name}", read, [path]),
            python(
                f"read-pandas-{suffix}-{tag}",
                f"import pandas, typer + bare read, {name}",
                WITH_PANDAS + read,
                [path],
            ),
            python(
                f"read-numpy-{suffix}-{tag}",
                f"import numpy, typer + bare read, {name}",
                WITH_NUMPY + read,
                [path],
            ),
            python(
                f"read-typer-{suffix}-{tag}",
                f"import typer + bare read, {name}",
                WITH_TYPER + read,
                [path],
            ),
        ]
        if tag == "50k":
            kept = READ_CSV if suffix == "csv" else READ_XLSX_KEPT
            commands += [
                python(
                    f"least-{suffix}-{tag}",
                    f"import typer + bare read + the least check, {name}",
                    WITH_TYPER + kept + LEAST_CHECK,
                    [path],
                )
            ]
            commands += [
                python(
                    f"read-{floor}-{suffix}-{tag}-teardown",
                    f"import {imports} + bare read, {name}, with teardown",
                    prefix + read,
                    [path],
                    teardown=True,
                )
                for floor, imports, prefix in (
                    ("numpy", "numpy, typer", WITH_NUMPY),
                    ("typer", "typer", WITH_TYPER),
                )
            ]
        commands += [
            cco(
                setup,
                f"score-{suffix}-{tag}",
                f"cco score, {name}",
                "score",
                path,
                "-f",
                "json",
                env=env,
            ),
            cco(
                setup,
                f"validate-{suffix}-{tag}",
                f"cco validate, {name}",
                "validate",
                path,
                "-f",
                "json",
                env=env,
            ),
        ]
        if suffix == "csv":
            commands.append(
                python(f"read-csv-pd-{tag}", f"pandas.read_csv, {name}", READ_CSV_PANDAS, [path])
            )
    return Scenario(f"rater sheets, {suffix}", commands, setup.rounds(3, 7, 3))


def intervals_scenario(setup: Setup, suffix: str, tag: str) -> Scenario:
    """`score --intervals` against the plain score and the bare read of the same file."""
    path = str(setup.work / f"raters-{tag}.{suffix}")
    env = LARGE_LIMITS if tag == "500k" else {}
    name = f"{suffix} {ROW_SIZES[tag]:,} rows"
    read = READ_CSV if suffix == "csv" else READ_XLSX
    commands = [
        python(f"iread-{suffix}-{tag}", f"bare read, {name}", read, [path]),
        cco(
            setup,
            f"iscore-{suffix}-{tag}",
            f"cco score, {name}",
            "score",
            path,
            "-f",
            "json",
            env=env,
        ),
        cco(
            setup,
            f"intervals-{suffix}-{tag}",
            f"cco score --intervals, {name}",
            "score",
            path,
            "--intervals",
            "-f",
            "json",
            env=env,
        ),
    ]
    return Scenario(f"--intervals, {name}", commands, setup.rounds(2, 3, 3 if tag == "50k" else 1))


def sheet_counts(setup: Setup) -> list[int]:
    """The compare sizes of this mode."""
    return [20, 200, 1000] if setup.mode == "full" else [20, 200]


def compare_scenario(setup: Setup) -> Scenario:
    """`cco compare` to JSON and to .xlsx, against the bare read of the same sheets."""
    commands = []
    for count in sheet_counts(setup):
        paths = [str(p) for p in country_folder(setup.work / f"countries-{count}", count)]
        output = str(setup.work / f"comparison-{count}.xlsx")
        copy = str(setup.work / f"copied-{count}.xlsx")
        commands += [
            python(f"read-{count}", f"bare read, {count} sheets", READ_XLSX, paths),
            python(
                f"copy-{count}",
                f"bare read + every row written once (.xlsx), {count} sheets",
                READ_AND_WRITE_XLSX,
                [copy, *paths],
            ),
            cco(
                setup,
                f"compare-{count}",
                f"cco compare, {count} sheets, json",
                "compare",
                *paths,
                "-f",
                "json",
            ),
            cco(
                setup,
                f"compare-xlsx-{count}",
                f"cco compare, {count} sheets, xlsx",
                "compare",
                *paths,
                "-o",
                output,
            ),
        ]
    return Scenario("compare", commands, setup.rounds(3, 3))


# ---- metrics and budgets -----------------------------------------------------------------


@dataclass
class Metric:
    """A figure computed from the commands, with an optional budget (value <= limit)."""

    label: str
    keys: tuple[str, ...]
    compute: Callable[[dict[str, Command]], Spread | float | None]
    limit: float | None = None
    note: str = ""
    spread: Spread | None = None
    value: float | None = None

    def evaluate(self, commands: dict[str, Command]) -> None:
        """Compute the value (and its spread over rounds) when every command was measured."""
        if not all(k in commands and commands[k].ok for k in self.keys):
            return
        result = self.compute(commands)
        if isinstance(result, Spread):
            self.spread, self.value = result, result.median
        else:
            self.value = result

    @property
    def verdict(self) -> str:
        """PASS, FAIL, not measured, or '' when this figure is no budget."""
        if self.limit is None:
            return ""
        if self.value is None:
            return "not measured"
        return "PASS" if self.value <= self.limit else "FAIL"

    def as_json(self) -> dict[str, object]:
        """The figure, its spread, budget and verdict as plain data."""
        return {
            "label": self.label,
            "value": self.value,
            "spread": self.spread.as_json() if self.spread else None,
            "limit": self.limit,
            "verdict": self.verdict,
            "note": self.note,
        }


def ratio(label: str, top: str, bottom: str, limit: float | None = None, note: str = "") -> Metric:
    """Time of `top` / time of `bottom`, per round."""
    return Metric(
        label, (top, bottom), lambda c: paired([c[top], c[bottom]], lambda a, b: a / b), limit, note
    )


def memory_ratio(label: str, top: str, bottom: str, limit: float | None = None) -> Metric:
    """Peak RSS of `top` / peak RSS of `bottom` (medians over runs)."""

    def compute(c: dict[str, Command]) -> float | None:
        a, b = c[top].peak_mb(), c[bottom].peak_mb()
        return a / b if a is not None and b else None

    return Metric(label, (top, bottom), compute, limit)


def slope_ratio(
    label: str, hi: tuple[str, str, int], lo: tuple[str, str, int], limit: float | None = None
) -> Metric:
    """(t(big) - t(small)) / n of `hi` over the same of `lo`, per round: marginal costs.

    Each side is (key of the larger input, key of the smaller, difference in rows or sheets).
    """

    def compute(c: dict[str, Command]) -> Spread | None:
        return paired(
            [c[hi[0]], c[hi[1]], c[lo[0]], c[lo[1]]],
            lambda a, b, x, y: ((a - b) / hi[2]) / ((x - y) / lo[2]),
        )

    return Metric(label, (hi[0], hi[1], lo[0], lo[1]), compute, limit)


def slope_ms(label: str, big: str, small: str, n: int, unit: str) -> Metric:
    """Marginal cost in milliseconds per `unit` between two sizes (median over rounds)."""
    return Metric(
        f"{label} (ms per {unit})",
        (big, small),
        lambda c: paired([c[big], c[small]], lambda a, b: 1000 * (a - b) / n),
    )


def metrics(cell_data: dict[str, int]) -> list[Metric]:
    """Every figure and budget the benchmark reports."""
    found: list[Metric] = [
        ratio("cco --help / bare Typer --help", "help", "help-floor", 1.2, "earlier budget"),
        ratio("score 32 items (json) / imports", "score-small", "import-floor", 1.2),
        ratio("score 32 items (table) / imports", "score-small-table", "import-floor", 1.2),
        ratio("score 32 items (json) / numpy's imports", "score-small", "import-floor-numpy"),
        ratio(
            "score 32 items (table) / numpy's imports", "score-small-table", "import-floor-numpy"
        ),
        ratio(
            "score 32 items (json) / imports with teardown", "score-small", "import-floor-teardown"
        ),
    ]
    for suffix in ("xlsx", "csv"):
        for tag in ROW_SIZES:
            rows, read = f"{suffix} {tag}", f"read-{suffix}-{tag}"
            limit = 1.5 if tag == "50k" else None
            for name in ("score", "validate"):
                found.append(ratio(f"{name} {rows} / bare read", f"{name}-{suffix}-{tag}", read))
            # The budget's floor: the same read, plus the imports the command cannot do
            # without (see WITH_NUMPY).
            found.append(
                ratio(
                    f"score {rows} / (import numpy, typer + bare read)",
                    f"score-{suffix}-{tag}",
                    f"read-numpy-{suffix}-{tag}",
                    limit,
                )
            )
            found.append(  # the earlier rounds' floor, when score imported pandas
                ratio(
                    f"score {rows} / (import pandas, typer + bare read)",
                    f"score-{suffix}-{tag}",
                    f"read-pandas-{suffix}-{tag}",
                    note="reference",
                )
            )
            found.append(
                ratio(
                    f"validate {rows} / (import typer + bare read)",
                    f"validate-{suffix}-{tag}",
                    f"read-typer-{suffix}-{tag}",
                    limit,
                )
            )
            if tag == "50k":
                # A reference, not a budget: the least check alone against validate's floor.
                found.append(
                    ratio(
                        f"least check {rows} / (import typer + bare read)",
                        f"least-{suffix}-{tag}",
                        f"read-typer-{suffix}-{tag}",
                        note="reference",
                    )
                )
                # Against floors ending as a plain script does (see AT_ONCE).
                found += [
                    ratio(
                        f"{name} {rows} / (import {imports} + bare read), with teardown",
                        f"{name}-{suffix}-{tag}",
                        f"read-{floor}-{suffix}-{tag}-teardown",
                    )
                    for name, floor, imports in (
                        ("score", "numpy", "numpy, typer"),
                        ("validate", "typer", "typer"),
                    )
                ]
            if suffix == "csv":
                found.append(
                    ratio(
                        f"validate {rows} / pandas.read_csv",
                        f"validate-csv-{tag}",
                        f"read-csv-pd-{tag}",
                    )
                )
        found.append(
            slope_ms(
                f"bare read {suffix}, 2k->50k",
                f"read-{suffix}-50k",
                f"read-{suffix}-2k",
                48,
                "1,000 rows",
            )
        )
        for name in ("score", "validate"):
            found.append(
                slope_ratio(
                    f"{name} {suffix}: marginal cost per row / the read's, 2k->50k",
                    (f"{name}-{suffix}-50k", f"{name}-{suffix}-2k", 48_000),
                    (f"read-{suffix}-50k", f"read-{suffix}-2k", 48_000),
                )
            )
        for tag in ("50k", "500k"):
            found.append(
                ratio(
                    f"score --intervals {suffix} {tag} / plain score",
                    f"intervals-{suffix}-{tag}",
                    f"iscore-{suffix}-{tag}",
                    2.0 if tag == "50k" else None,
                )
            )
            found.append(
                ratio(
                    f"score --intervals {suffix} {tag} / bare read",
                    f"intervals-{suffix}-{tag}",
                    f"iread-{suffix}-{tag}",
                )
            )
        # 500k rows (run with --full)
        for name in ("score", "validate"):
            found.append(
                slope_ratio(
                    f"{name} {suffix}: cost per row 50k->500k / 2k->50k",
                    (f"{name}-{suffix}-500k", f"{name}-{suffix}-50k", 450_000),
                    (f"{name}-{suffix}-50k", f"{name}-{suffix}-2k", 48_000),
                    1.2,
                )
            )
            found.append(
                cell_data_ratio(
                    f"{name} {suffix} 500k",
                    f"{name}-{suffix}-500k",
                    cell_data.get(f"{suffix}-500k", 0),
                    2.0,
                )
            )
        found.append(
            slope_ratio(
                f"bare read {suffix}: cost per row 50k->500k / 2k->50k",
                (f"read-{suffix}-500k", f"read-{suffix}-50k", 450_000),
                (f"read-{suffix}-50k", f"read-{suffix}-2k", 48_000),
            )
        )
        found.append(
            cell_data_ratio(
                f"bare read {suffix} 500k",
                f"read-{suffix}-500k",
                cell_data.get(f"{suffix}-500k", 0),
            )
        )
    counts = [20, 200, 1000]  # 1,000: run with --full
    for count in counts:
        found.append(
            ratio(f"compare {count} sheets (json) / bare read", f"compare-{count}", f"read-{count}")
        )
    for small, big in itertools.pairwise(counts):
        found.append(
            slope_ms(
                f"bare read, {small}->{big} sheets",
                f"read-{big}",
                f"read-{small}",
                big - small,
                "sheet",
            )
        )
        for out, kind in OUTPUTS:
            found.append(
                slope_ms(
                    f"compare {kind}, {small}->{big} sheets",
                    f"compare-{out}{big}",
                    f"compare-{out}{small}",
                    big - small,
                    "sheet",
                )
            )
            found.append(
                slope_ratio(
                    f"compare {kind}: cost per extra sheet / the read's, {small}->{big}",
                    (f"compare-{out}{big}", f"compare-{out}{small}", big - small),
                    (f"read-{big}", f"read-{small}", big - small),
                    5.0,
                )
            )
        found.append(  # a reference: what writing the cells read, once, costs per sheet
            slope_ratio(
                f"read + rows written once: cost per extra sheet / the read's, {small}->{big}",
                (f"copy-{big}", f"copy-{small}", big - small),
                (f"read-{big}", f"read-{small}", big - small),
            )
        )
    top = counts[-1]
    for out, kind in OUTPUTS:
        found.append(
            memory_ratio(
                f"compare {kind}: peak memory, {top} / 20 sheets",
                f"compare-{out}{top}",
                f"compare-{out}20",
                1.3 if top == 1000 else None,
            )
        )
    return found


OUTPUTS = (("", "json"), ("xlsx-", "xlsx"))  # key infix of compare commands, output kind


def cell_data_ratio(label: str, key: str, cell_bytes: int, limit: float | None = None) -> Metric:
    """Peak RSS of a command / the file's cell data (see inputs.grid_bytes)."""

    def compute(c: dict[str, Command]) -> float | None:
        peak = c[key].peak_mb()
        return None if peak is None or not cell_bytes else peak * 1024 * 1024 / cell_bytes

    return Metric(f"{label}: peak memory / cell data", (key,), compute, limit)


# ---- the report --------------------------------------------------------------------------


def machine() -> dict[str, object]:
    """CPU model, cores, memory, Python, OS and library versions of this machine."""
    model = platform.processor() or "unknown"
    with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    versions = {}
    for name in VERSIONS:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "versions": versions,
    }


def fmt(value: float | None, unit: str = "", digits: int = 3) -> str:
    """A number with its unit, or '-' when there is none."""
    return "-" if value is None else f"{value:.{digits}f}{unit}"


def report(scenarios: list[Scenario], found: list[Metric], info: dict[str, object]) -> None:
    """Print every median, peak memory, figure and budget verdict."""
    print(f"\ncco benchmark ({info['mode']}), {info['date']}")
    print(
        f"machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
        f"load average at start {info['load_average']}"
    )
    for scenario in scenarios:
        print(f"\n{scenario.name} ({scenario.rounds} rounds)")
        print(f"  {'command':<48}{'median':>10}{'min':>9}{'max':>9}{'peak RSS':>11}")
        for c in scenario.commands:
            times = c.times()
            print(
                f"  {c.label:<48}{fmt(c.median_s(), ' s'):>10}"
                f"{fmt(min(times) if times else None):>9}{fmt(max(times) if times else None):>9}"
                f"{fmt(c.peak_mb(), ' MB', 1):>11}  {'' if c.ok else c.status} {c.error}".rstrip()
            )
    print(f"\n{'figure':<66}{'median':>9}{'min':>8}{'max':>8}{'budget':>9}  verdict")
    for m in found:
        low, high = (m.spread.low, m.spread.high) if m.spread else (None, None)
        limit = f"<= {m.limit}" if m.limit else ""
        print(
            f"{m.label:<66}{fmt(m.value, '', 2):>9}{fmt(low, '', 2):>8}{fmt(high, '', 2):>8}"
            f"{limit:>9}  {m.verdict}".rstrip()
        )


def default_limits_check(setup: Setup, scenarios: list[Scenario]) -> dict[str, str]:
    """Exit code and first stderr line of each 500,000-row command at the default limits."""
    said = {}
    for scenario in scenarios:
        for c in scenario.commands:
            if c.env == LARGE_LIMITS and c.key.startswith(("score-", "validate-")):
                sample, stderr = run_once(c.argv, {})
                first = stderr.strip().splitlines()[0] if stderr.strip() else "nothing on stderr"
                said[c.key] = f"exit {sample.exit_code}, {first}"
    return said


def cco_command() -> list[str]:
    """The `cco` script next to this Python, else on PATH, else `python -m cco.cli.main`."""
    script = Path(sys.executable).parent / "cco"
    if script.exists():
        return [str(script)]
    found = shutil.which("cco")
    return [found] if found else [sys.executable, "-m", "cco.cli.main"]


def compile_cco() -> None:
    """Write cco's bytecode, as installing a package does.

    An editable install ships none, and where PYTHONDONTWRITEBYTECODE is set (some shells and
    containers) the warm-up runs write none either: every timed run would compile cco anew.
    """
    import compileall

    spec = importlib.util.find_spec("cco")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


def build(setup: Setup, only: set[str] | None) -> list[Scenario]:
    """Write the inputs and list the scenarios of this mode (or only those named)."""
    wanted = {
        "startup": lambda: [startup_scenario(setup)],
        "rows": lambda: [rows_scenario(setup, s) for s in ("xlsx", "csv")],
        "intervals": lambda: [
            intervals_scenario(setup, s, t)
            for s in ("xlsx", "csv")
            for t in (("50k", "500k") if setup.mode == "full" else ("50k",))
        ],
        "compare": lambda: [compare_scenario(setup)],
    }
    scenarios: list[Scenario] = []
    for name, make in wanted.items():
        if only is None or name in only:
            print(f"  {name} ...", file=sys.stderr, flush=True)
            scenarios += make()
    for command in (c for s in scenarios for c in s.commands):
        # A long run needs no warm-up: smaller runs of the same command compiled the bytecode,
        # and the input was just written, so it is in the page cache.
        command.warm_up = not command.key.endswith(("-500k", "-1000"))
        command.warm_up &= not command.key.startswith("intervals-")  # the plain score warms
    return scenarios


def main(argv: list[str] | None = None) -> int:
    """Parse options, build the inputs, time everything, print and save the results."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="fewer rounds; no 1,000 sheets")
    mode.add_argument("--full", action="store_true", help="add 500,000-row sheets")
    parser.add_argument("--rounds", type=int, help="rounds of every scenario")
    parser.add_argument(
        "--only",
        action="append",
        help="startup, rows, intervals or compare",
        choices=("startup", "rows", "intervals", "compare"),
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget fails")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write JSON")
    options = parser.parse_args(argv)
    if options.rounds is not None and options.rounds < 1:
        parser.error("--rounds must be at least 1")
    if options.only and "intervals" in options.only and "rows" not in options.only:
        options.only.append("rows")  # the intervals reuse the rater sheets
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        parser.error(f"{', '.join(missing)} not installed: run it where `pip install -e .` ran")
    setup_mode = "quick" if options.quick else "full" if options.full else "default"
    compile_cco()
    info: dict[str, object] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": setup_mode,
        **machine(),
    }
    with tempfile.TemporaryDirectory(prefix="cco-bench-") as work:
        setup = Setup(Path(work), cco_command(), setup_mode)
        print(f"writing fictional inputs into {work} ...", file=sys.stderr, flush=True)
        scenarios = build(setup, set(options.only) if options.only else None)
        cell_data = {
            f"{suffix}-{tag}": grid_bytes(Path(work) / f"raters-{tag}.{suffix}")
            for suffix in ("xlsx", "csv")
            for tag in row_sizes(setup)
            if (Path(work) / f"raters-{tag}.{suffix}").exists()
        }
        for scenario in scenarios:
            scenario.rounds = options.rounds or scenario.rounds
            print(f"timing {scenario.name} ", end="", file=sys.stderr, flush=True)
            time_rounds(
                scenario.commands,
                scenario.rounds,
                lambda: print(".", end="", file=sys.stderr, flush=True),
            )
            print(file=sys.stderr)
        default_limits = default_limits_check(setup, scenarios)
        file_bytes = {p.name: p.stat().st_size for p in Path(work).glob("raters-*")}
    commands = {c.key: c for s in scenarios for c in s.commands}
    found = metrics(cell_data)
    for metric in found:
        metric.evaluate(commands)
    # A budget that was not run says so; a figure without a budget is left out.
    found = [m for m in found if m.limit is not None or m.value is not None]
    report(scenarios, found, info)
    print(f"\ncell data (deep size of the bare reader's rows): {cell_data}")
    print(f"file sizes: {file_bytes}")
    for key, said in default_limits.items():
        print(f"at the default limits, {key}: {said}")
    results = {
        "machine": info,
        "scenarios": {s.name: {"rounds": s.rounds} for s in scenarios},
        "commands": {key: c.as_json() for key, c in commands.items()},
        "figures": [m.as_json() for m in found],
        "cell_data_bytes": cell_data,
        "file_bytes": file_bytes,
        "default_limits": default_limits,
    }
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {options.json}")
    if any(not c.ok for c in commands.values()):
        return 2
    return 1 if options.check and any(m.verdict == "FAIL" for m in found) else 0


if __name__ == "__main__":
    sys.exit(main())
