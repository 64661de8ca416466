"""Benchmark `cco` as whole processes against the floors it cannot beat, and check its budgets.

Run `python bench/run.py` (or `--quick`). It writes fictional sheets into a temporary folder,
times each `cco` command alternately with its floor (the same work done by the bare libraries),
prints medians, ratios and peak memory, and writes the same as JSON. See docs/performance.md.
Exit status: 0 whether budgets are met or missed; 1 if a command failed unexpectedly.
"""

from __future__ import annotations

import argparse
import csv
import functools
import importlib.util
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_JSON = HERE / "out" / "results.json"
SHIPPED_CATALOG = HERE.parent / "data" / "catalog.csv"
NEEDED = ("openpyxl", "pandas", "python_calamine", "typer")  # to write inputs and floors
RAN_EXIT_CODES = (0, 1)  # 1: the input was read and holds errors; the command still ran
# Children may write bytecode: without it every run recompiles cco's modules (an editable
# install ships none), while the floors' libraries load theirs precompiled.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

COUNTRIES = (
    "Freedonia", "Sylvania", "Genovia", "Latveria", "Elbonia", "Ruritania", "Grand Fenwick",
    "Zubrowka", "Florin", "Guilder", "Kasnia", "Bialya", "Qumar", "Markovia", "Santa Prisca",
    "Corto Maltese", "San Lorenzo", "Costa Luna", "Val Verde", "Tropico",
)  # fmt: skip
REGIONS = ("", "North ", "South ", "East ", "West ", "New ", "Upper ", "Lower ", "Old ", "Port ")
ORGANIZATIONS = tuple(f"{c} Integrity Forum" for c in COUNTRIES)
VIII_THEME_ENDS = (6, 23, 25, 29, 57)  # last Lima commitment of themes 1-5
IX_PLAN_SIZES = {"A": 12, "B": 8, "C": 17, "D": 6, "E": 6}  # commitments per action plan
IX_SUBS = {("A", 3): "ABCDE"}  # commitments split into sub-commitments
RATED_ITEMS = 40  # items of the rater sheets: 2,000 rows = 40 items x 50 organizations' rows

# The floor of `cco --help`: Typer alone, with the settings of cco's app (plain help text).
BARE_TYPER_APP = """
import typer

app = typer.Typer(name="cco", help="Bare app.", no_args_is_help=True, add_completion=False,
                  rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]})

for name in ("score", "validate", "compare", "rules"):
    app.command(name=name, help=f"The {name} command.")(lambda: None)

app()
"""
IMPORT_FLOOR = "import pandas, python_calamine, typer, pydantic"
READ_LOOP = (
    "import sys, pandas as pd\n"
    "for path in sys.argv[1:]:\n"
    "    pd.read_excel(path, engine='calamine', sheet_name=None)\n"
)


# ---- fictional inputs --------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One scored item as a sheet names it."""

    summit: str
    theme: int | str  # a number for VIII, the plan letter for IX
    commitment: int
    sub: str | None


@functools.cache
def catalog() -> list[Item]:
    """The shipped catalog's items, so that sheets raise no catalog warning; else a made-up list."""
    if SHIPPED_CATALOG.exists():
        with SHIPPED_CATALOG.open(encoding="utf-8", newline="") as handle:
            return [
                Item(
                    row["summit"],
                    row["plan"] or int(row["theme"]),
                    int(row["commitment"]),
                    row["sub"] or None,
                )
                for row in csv.DictReader(handle)
            ]
    items = []
    for number in range(1, VIII_THEME_ENDS[-1] + 1):
        theme = next(t for t, end in enumerate(VIII_THEME_ENDS, 1) if number <= end)
        items.append(Item("VIII", theme, number, None))
    for plan, size in IX_PLAN_SIZES.items():
        for number in range(1, size + 1):
            items.extend(Item("IX", plan, number, s) for s in IX_SUBS.get((plan, number), [None]))
    return items


def country_names(count: int) -> list[str]:
    """`count` distinct fictional country names (Freedonia, ..., North Freedonia, ...)."""
    return [f"{region}{name}" for region in REGIONS for name in COUNTRIES][:count]


def write_book(path: Path, country: str, header: list[str], rows: Iterable[list[object]]) -> Path:
    """Write a Scores sheet and a Metadata sheet naming the country (streamed, write-only)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    scores = book.create_sheet("Scores")
    scores.append(header)
    for row in rows:
        scores.append(row)
    metadata = book.create_sheet("Metadata")
    metadata.append(["Country", country])
    metadata.append(["Year", 2024])
    book.save(path)
    return path


def tidy_sheet(path: Path, country: str, n_items: int, rng: random.Random) -> Path:
    """A tidy sheet: one row per item with R, E, S scores to two decimals."""
    rows = (
        [i.summit, i.theme, i.commitment, i.sub] + [round(rng.uniform(0, 3), 2) for _ in "RES"]
        for i in rng.sample(catalog(), min(n_items, len(catalog())))
    )
    return write_book(path, country, ["Summit", "Theme", "Commitment", "Sub", *"RES"], rows)


def rater_sheet(path: Path, n_rows: int, rng: random.Random) -> Path:
    """One row per organization (and rating round) per item, whole-number ratings 0-3."""
    items = catalog()[:RATED_ITEMS]
    per_item = n_rows // len(items)

    def rows() -> Iterator[list[object]]:
        for item in items:
            for k in range(per_item):
                rater = (
                    f"{ORGANIZATIONS[k % len(ORGANIZATIONS)]}, round {k // len(ORGANIZATIONS) + 1}"
                )
                yield [item.summit, item.theme, item.commitment, item.sub, rater] + [
                    rng.randint(0, 3) for _ in "RES"
                ]

    header = ["Summit", "Theme", "Commitment", "Sub", "Organization", *"RES"]
    return write_book(path, "Freedonia", header, rows())


def country_folder(folder: Path, count: int, rng: random.Random) -> list[Path]:
    """`count` small tidy sheets of 10-32 items; every 20 sheets repeat the same sizes."""
    folder.mkdir()
    paths = []
    for index, name in enumerate(country_names(count)):
        size = 10 + (index % 20) * 22 // 19
        path = folder / f"{index:03d}-{name.lower().replace(' ', '-')}.xlsx"
        paths.append(tidy_sheet(path, name, size, rng))
    return paths


# ---- measuring ---------------------------------------------------------------------------


@dataclass
class Sample:
    """One timed process: wall time, its own peak RSS and its exit code."""

    seconds: float
    max_rss_mb: float
    exit_code: int


@dataclass
class Measure:
    """A command timed several times; `status` is ok, not available or failed."""

    key: str
    label: str
    argv: list[str]
    samples: list[Sample] = field(default_factory=list)
    status: str = "ok"
    error: str = ""

    @property
    def median_s(self) -> float | None:
        """Median wall time, or None when nothing was timed."""
        return statistics.median(s.seconds for s in self.samples) if self.samples else None

    @property
    def peak_mb(self) -> float | None:
        """Highest peak RSS over the runs, or None when nothing was timed."""
        return max(s.max_rss_mb for s in self.samples) if self.samples else None

    def check(self, sample: Sample, stderr: str) -> None:
        """Mark the command failed when it exited other than 0 or 1."""
        if sample.exit_code not in RAN_EXIT_CODES:
            lines = " | ".join(stderr.strip().splitlines()[-3:])
            self.status, self.error = "failed", f"exit {sample.exit_code}: {lines}"

    def as_json(self) -> dict[str, object]:
        """The measure as plain data."""
        return {
            "label": self.label,
            "argv": self.argv,
            "status": self.status,
            "error": self.error,
            "median_s": self.median_s,
            "peak_rss_mb": self.peak_mb,
            "times_s": [s.seconds for s in self.samples],
            "rss_mb": [s.max_rss_mb for s in self.samples],
        }


def run_process(argv: list[str]) -> tuple[Sample, str]:
    """Run one process with stdout discarded; return its sample and its stderr."""
    with open(os.devnull, "wb") as sink, tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=sink, stderr=errors, env=CHILD_ENV)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, not a running max
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        message = errors.read().decode(errors="replace")
    return Sample(elapsed, usage.ru_maxrss / 1024, process.returncode), message


@dataclass
class Group:
    """A floor and the commands compared with it, timed alternately in the same rounds."""

    floor: Measure
    commands: list[tuple[Measure, str | None]]  # (measure, subcommand whose presence to check)
    runs: int

    @property
    def measures(self) -> list[Measure]:
        """The floor, then the commands."""
        return [self.floor, *(measure for measure, _ in self.commands)]


def prepare(measure: Measure, subcommand: str | None, cco: list[str]) -> None:
    """Check that the subcommand exists, then run the command once untimed (warm-up)."""
    if subcommand is not None and run_process([*cco, subcommand, "--help"])[0].exit_code != 0:
        measure.status = "not available"
        return
    measure.check(*run_process(measure.argv))


def time_group(group: Group, cco: list[str]) -> None:
    """Warm up, then time the floor and each command in turn, `group.runs` rounds."""
    prepare(group.floor, None, cco)
    for measure, subcommand in group.commands:
        prepare(measure, subcommand, cco)
    for _ in range(group.runs):
        for measure in group.measures:
            if measure.status == "ok":
                sample, stderr = run_process(measure.argv)
                measure.samples.append(sample)
                measure.check(sample, stderr)
        print(".", end="", flush=True, file=sys.stderr)


def cco_command() -> list[str]:
    """The `cco` script next to this Python, else on PATH, else `python -m cco.cli.main`."""
    script = Path(sys.executable).parent / "cco"
    if script.exists():
        return [str(script)]
    found = shutil.which("cco")
    return [found] if found else [sys.executable, "-m", "cco.cli.main"]


def cco_measure(
    key: str, label: str, cco: list[str], subcommand: str, paths: list[str], fmt: str = "json"
) -> Measure:
    """`cco SUBCOMMAND PATHS --format FMT`, stdout to /dev/null (not a terminal)."""
    return Measure(key, label, [*cco, subcommand, *paths, "--format", fmt])


def read_loop(key: str, label: str, paths: list[str]) -> Measure:
    """The floor of reading files: pandas + python-calamine, every sheet, in one process."""
    return Measure(key, label, [sys.executable, "-c", READ_LOOP, *paths])


def build_groups(work: Path, cco: list[str], runs: dict[str, int], quick: bool) -> list[Group]:
    """Write the inputs into `work` and list what to time against what."""
    rng = random.Random(7)
    bare_app = work / "bare_typer_app.py"
    bare_app.write_text(BARE_TYPER_APP)
    small = str(tidy_sheet(work / "freedonia-32.xlsx", "Freedonia", 32, rng))
    groups = [
        Group(
            Measure(
                "help-floor", "bare Typer app --help", [sys.executable, str(bare_app), "--help"]
            ),
            [(Measure("help", "cco --help", [*cco, "--help"]), None)],
            runs["fast"],
        ),
        Group(
            Measure(
                "import-floor",
                "import pandas, calamine, typer, pydantic",
                [sys.executable, "-c", IMPORT_FLOOR],
            ),
            [
                (cco_measure("score-small", "cco score, 32 items", cco, "score", [small]), None),
                (
                    cco_measure(
                        "score-small-table",
                        "cco score, 32 items, table",
                        cco,
                        "score",
                        [small],
                        fmt="table",
                    ),
                    None,
                ),
            ],
            runs["fast"],
        ),
    ]
    for rows, tag in [(2_000, "2k"), *([] if quick else [(50_000, "50k")])]:
        sheet = [str(rater_sheet(work / f"raters-{tag}.xlsx", rows, rng))]
        commands = [
            (cco_measure(f"{name}-{tag}", f"cco {name}, {rows:,} rows", cco, name, sheet), name)
            for name in ("score", "validate")
        ]
        floor = read_loop(f"read-{tag}", f"pandas+calamine read, {rows:,} rows", sheet)
        groups.append(Group(floor, commands, runs["slow" if rows > 10_000 else "medium"]))
    for count in [20, *([] if quick else [200])]:
        sheets = [str(p) for p in country_folder(work / f"countries-{count}", count, rng)]
        compare = cco_measure(
            f"compare-{count}", f"cco compare, {count} sheets", cco, "compare", sheets
        )
        floor = read_loop(f"read-{count}", f"pandas+calamine read, {count} sheets", sheets)
        groups.append(
            Group(floor, [(compare, "compare")], runs["slow" if count > 100 else "medium"])
        )
    return groups


# ---- ratios, budgets and the report ------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    """A ratio of two measures, of their median time or of their peak memory, maybe a budget."""

    label: str
    numerator: str
    denominator: str
    memory: bool = False
    limit: float | None = None

    def value(self, measures: dict[str, Measure]) -> float | None:
        """The ratio, or None when either side was not measured."""
        top, bottom = measures.get(self.numerator), measures.get(self.denominator)
        if top is None or bottom is None or top.status != "ok" or bottom.status != "ok":
            return None
        a, b = (top.peak_mb, bottom.peak_mb) if self.memory else (top.median_s, bottom.median_s)
        return a / b if a is not None and b else None

    def verdict(self, measures: dict[str, Measure]) -> str:
        """met, MISSED, not measured, or '' when this ratio is no budget."""
        if self.limit is None:
            return ""
        value = self.value(measures)
        if value is None:
            return "not measured"
        return "met" if value <= self.limit else "MISSED"

    def as_json(self, measures: dict[str, Measure]) -> dict[str, object]:
        """The ratio, its budget and the verdict as plain data."""
        value, verdict = self.value(measures), self.verdict(measures)
        return {"label": self.label, "value": value, "limit": self.limit, "verdict": verdict}


RATIOS = (
    Ratio("cco --help / bare Typer --help", "help", "help-floor", limit=1.2),
    Ratio("cco score 32 items / imports", "score-small", "import-floor", limit=1.2),
    Ratio("cco score 32 items, table / imports", "score-small-table", "import-floor", limit=1.2),
    Ratio("cco score 2,000 rows / read", "score-2k", "read-2k"),
    Ratio("cco validate 2,000 rows / read", "validate-2k", "read-2k"),
    Ratio("cco score 50,000 rows / read", "score-50k", "read-50k", limit=1.5),
    Ratio("cco validate 50,000 rows / read", "validate-50k", "read-50k", limit=1.5),
    Ratio("cco compare 20 sheets / read", "compare-20", "read-20"),
    Ratio("cco compare 200 sheets / read", "compare-200", "read-200"),
    Ratio("cco compare time 200 / 20 sheets", "compare-200", "compare-20", limit=10.5),
    Ratio("cco compare memory 200 / 20 sheets", "compare-200", "compare-20", True, 1.2),
    Ratio("read time 200 / 20 sheets (floor)", "read-200", "read-20"),
)


def machine() -> dict[str, object]:
    """CPU model, core count, Python and OS of this machine."""
    model = platform.processor() or "unknown"
    with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def fmt(value: float | None, unit: str = "", digits: int = 3) -> str:
    """A number with its unit, or '-' when there is none."""
    return "-" if value is None else f"{value:.{digits}f}{unit}"


def report(groups: list[Group], measures: dict[str, Measure], info: dict[str, object]) -> None:
    """Print every median, peak memory, ratio and budget verdict."""
    print(f"cco benchmark, {info['date']}")
    print(f"machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}\n")
    print(f"{'command':<46}{'runs':>5}{'median':>10}{'peak RSS':>11}  status")
    for group in groups:
        for measure in group.measures:
            name = ("  floor: " if measure is group.floor else "") + measure.label
            print(
                f"{name:<46}{len(measure.samples):>5}{fmt(measure.median_s, ' s'):>10}"
                f"{fmt(measure.peak_mb, ' MB', 1):>11}  {measure.status} {measure.error}".rstrip()
            )
    print(f"\n{'ratio':<46}{'value':>8}{'budget':>10}  verdict")
    for ratio in RATIOS:
        limit = f"<= {ratio.limit}x" if ratio.limit else ""
        print(
            f"{ratio.label:<46}{fmt(ratio.value(measures), 'x', 2):>8}{limit:>10}  "
            f"{ratio.verdict(measures)}".rstrip()
        )


def main(argv: list[str] | None = None) -> int:
    """Parse options, build the inputs, time everything, print and save the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs; skip 50,000 and 200")
    parser.add_argument("--runs", type=int, help="runs of every command (default 7/5/3)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write JSON")
    options = parser.parse_args(argv)
    if options.runs is not None and options.runs < 1:
        parser.error("--runs must be at least 1")
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        parser.error(
            f"{', '.join(missing)} not installed: run it in the project's environment "
            "(pip install -e .)"
        )
    default = (3, 2, 2) if options.quick else (7, 5, 3)
    runs = dict(zip(("fast", "medium", "slow"), [options.runs or n for n in default], strict=True))
    cco = cco_command()
    info = {"date": datetime.now().isoformat(timespec="seconds"), **machine(), "cco": cco}
    with tempfile.TemporaryDirectory(prefix="cco-bench-") as work:
        print(f"writing fictional inputs into {work} ...", file=sys.stderr)
        groups = build_groups(Path(work), cco, runs, options.quick)
        print("timing", end="", flush=True, file=sys.stderr)
        for group in groups:
            time_group(group, cco)
        print(" done", file=sys.stderr)
    measures = {measure.key: measure for group in groups for measure in group.measures}
    report(groups, measures, info)
    results = {
        "machine": info,
        "quick": options.quick,
        "runs": runs,
        "measures": {key: m.as_json() for key, m in measures.items()},
        "ratios": [ratio.as_json(measures) for ratio in RATIOS],
    }
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {options.json}")
    return 1 if any(m.status == "failed" for m in measures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
