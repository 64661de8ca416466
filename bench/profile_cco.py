"""Profile one `cco` command on a fictional input, in-process, with cProfile.

    python bench/profile_cco.py rows 50000 csv score        # cco score raters.csv -f json
    python bench/profile_cco.py rows 50000 xlsx validate
    python bench/profile_cco.py rows 50000 xlsx score --intervals
    python bench/profile_cco.py sheets 200 xlsx compare      # cco compare 200 sheets -f json
    python bench/profile_cco.py sheets 200 xlsx compare -o out.xlsx

Prints the functions with the most time of their own and the most cumulative time. The input is
written into a temporary folder first; the profile covers cco's entry point only.
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import os
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from inputs import country_folder, rater_sheet


def main() -> int:
    """Write the input, profile the command, print the top functions."""
    if len(sys.argv) < 5 or sys.argv[1] not in ("rows", "sheets"):
        print(__doc__, file=sys.stderr)
        return 2
    kind, size, suffix, command, *extra = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="cco-profile-") as work:
        folder = Path(work)
        if kind == "rows":
            paths = [str(rater_sheet(folder / f"raters.{suffix}", int(size)))]
        else:
            paths = [str(p) for p in country_folder(folder / "countries", int(size))]
        extra = [str(folder / a) if a.endswith(".xlsx") else a for a in extra]
        if "-o" not in extra and "-f" not in extra:
            extra += ["-f", "json"]
        sys.argv = ["cco", command, *paths, *extra]
        os.environ.setdefault("CCO_MAX_CELLS", "100000000")
        from cco.cli.main import main as cco_main

        profiler = cProfile.Profile()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            profiler.runcall(cco_main)
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
