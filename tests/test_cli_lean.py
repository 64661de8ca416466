"""The console script's lean app behaves as the full Typer app does, only faster to build.

`cco.cli.main.main` runs `lean_app(app, argv)`: the invoked command real, the others stubs, values
coerced by plain code. Each test runs the same arguments through the full app (Typer's own
coercion) and the lean one and compares what a user sees.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from cco.cli.lean import HAS_RUNTIME_PARAMS, _PlainCoercion, install_plain_coercion, lean_app
from cco.cli.main import app

runner = CliRunner()

COMMANDS = [
    "score",
    "validate",
    "compare",
    "chart",
    "report",
    "catalog",
    "template",
    "schema",
    "rules",
]


def both(application: typer.Typer, args: list[str]):
    """(full, lean) results of running `args`."""
    full = runner.invoke(application, args, prog_name="cco")
    lean = runner.invoke(lean_app(application, args), args, prog_name="cco")
    return full, lean


def test_every_command_is_registered_under_the_name_the_tests_use():
    names = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert names == sorted(COMMANDS)


@pytest.mark.parametrize(
    "args",
    [[], ["--help"], ["-h"], *([name, "--help"] for name in COMMANDS)],
    ids=lambda a: " ".join(a) or "no-args",
)
def test_help_is_identical(args):
    full, lean = both(app, args)
    assert lean.exit_code == full.exit_code
    assert lean.output == full.output
    assert "Usage: cco" in lean.output


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["scor"], "cco has no command 'scor'"),
        (["score"], "cco score needs FILE"),
        (["score", "x.xlsx", "--top", "0"], "--top must be at least 1"),
        (["score", "x.xlsx", "--top", "abc"], "--top takes a whole number"),
        (["score", "x.xlsx", "--by", "best"], "--by cannot be 'best'"),
        (["score", "x.xlsx", "--confidence", "2"], "--confidence must be at most 0.999"),
        (["score", "x.xlsx", "--format", "pdf"], "--format cannot be 'pdf'"),
        (["score", "x.xlsx", "--summit", "X"], "--summit cannot be 'X'"),
        (["validate", "--lang", "de", "x.csv"], "--lang cannot be 'de'"),
        (["chart", "x.xlsx", "-o", "c.png", "--dpi", "10"], "--dpi must be at least"),
        (["schema", "report"], "COMMAND cannot be 'report'"),
        (["score", "x.xlsx", "--no-such-option"], "cco score has no option --no-such-option"),
    ],
)
def test_usage_errors_are_the_same_kind_of_answer(args, needle):
    """Both ways, a command-line mistake is one coded line (CCO001) with a hint, exit 2."""
    full, lean = both(app, args)
    assert (lean.exit_code, full.exit_code) == (2, 2)
    assert needle in lean.output
    assert lean.output == full.output
    (line,) = lean.output.splitlines()
    assert line.startswith("cco: error: ") and "[CCO001]" in line and "(hint: " in line


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "1,5", ""])
@pytest.mark.parametrize("option", ["--scale-max", "--confidence"])
def test_a_number_option_refuses_what_is_not_a_finite_number(value, option):
    """Both ways: an infinite scale would make every percentage 0 and JSON unwritable."""
    full, lean = both(app, ["score", "x.xlsx", option, value])
    assert (lean.exit_code, full.exit_code) == (2, 2)
    for output in (lean.output, full.output):  # nan fails the minimum or the finite check
        (line,) = output.splitlines()
        assert line.startswith(f"cco: error: {option} ") and "[CCO001]" in line


class Colour(enum.StrEnum):
    red = "red"
    green = "green"


probe = typer.Typer(add_completion=False)


@probe.command()
def echo(
    paths: Annotated[list[Path], typer.Argument()],
    name: Annotated[str, typer.Option()] = "x",
    count: Annotated[int, typer.Option(min=1)] = 1,
    limit: Annotated[int | None, typer.Option(min=0, max=10)] = None,
    share: Annotated[float, typer.Option(min=0.5, max=0.999)] = 0.9,
    flag: Annotated[bool, typer.Option("--flag")] = False,
    out: Annotated[Path | None, typer.Option()] = None,
    colour: Annotated[Colour, typer.Option()] = Colour.red,
    tint: Annotated[list[Colour] | None, typer.Option()] = None,
) -> None:
    """Print every value with its type, so two runs can be compared exactly."""
    values = (paths, name, count, limit, share, flag, out, colour, tint)
    typer.echo(repr(values))
    typer.echo(repr([type(v).__name__ for v in values]))


@probe.command()
def other() -> None:
    """A second command, so that the app is a group as cco's is."""


@pytest.mark.parametrize(
    "args",
    [
        ["echo", "a.xlsx"],
        ["echo", "a.xlsx", "b dir/c.csv", "--name", "Freedonia", "--count", " 3 "],
        ["echo", "a", "--limit", "0", "--share", "0.5", "--flag", "--out", "o.json"],
        ["echo", "a", "--limit", "10", "--share", "0.999", "--colour", "green"],
        ["echo", "a", "--tint", "green", "--tint", "red", "--name", ""],
        ["echo", "a", "--count", "+7", "--share", "6e-1"],
    ],
)
def test_values_are_coerced_exactly_as_typer_does(args):
    full, lean = both(probe, args)
    assert full.exit_code == 0, full.output
    assert lean.exit_code == 0, lean.output
    assert lean.output == full.output


@pytest.mark.parametrize(
    "args",
    [
        ["echo", "a", "--count", "0"],
        ["echo", "a", "--count", "1.5"],
        ["echo", "a", "--count", "1e1"],
        ["echo", "a", "--limit", "11"],
        ["echo", "a", "--share", "1"],
        ["echo", "a", "--share", "x"],
        ["echo", "a", "--colour", "blue"],
        ["echo", "a", "--tint", "Red"],
        ["echo"],
    ],
)
def test_bad_values_are_refused_as_typer_refuses_them(args):
    full, lean = both(probe, args)
    assert (lean.exit_code, full.exit_code) == (2, 2)
    assert lean.output.splitlines()[-1].split(":")[0] == full.output.splitlines()[-1].split(":")[0]


@pytest.mark.parametrize(
    "value",
    ["3.0", "4.00", "３", "٣", " 5 "],  # Typer 0.29 takes '3.0'; Python's int() takes '３'
)
def test_edge_values_are_taken_or_refused_as_the_installed_typer_does(value):
    full, lean = both(probe, ["echo", "a", "--count", value])
    assert lean.exit_code == full.exit_code
    if full.exit_code == 0:
        assert lean.output == full.output


@pytest.mark.skipif(not HAS_RUNTIME_PARAMS, reason="this Typer coerces through click types")
def test_every_cco_parameter_gets_a_plain_coercer():
    """A new option of a kind plain coercion does not cover would quietly cost start-up time."""
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        params = [p for p in command.params if getattr(p, "_runtime_param", True) is None]
        assert install_plain_coercion(params) == len(params) == len(command.params), name


@pytest.mark.skipif(not HAS_RUNTIME_PARAMS, reason="this Typer coerces through click types")
def test_the_lean_app_builds_only_the_invoked_command_and_coerces_it_plainly():
    group = typer.main.get_command(lean_app(app, ["score", "x.xlsx"]))
    commands = group.commands  # type: ignore[attr-defined]
    assert isinstance(commands["score"], _PlainCoercion)
    assert len(commands["score"].params) > 10
    assert all(not commands[name].params for name in COMMANDS if name != "score")
    assert commands["validate"].help == typer.main.get_command(app).commands["validate"].help  # type: ignore[attr-defined]


def test_the_console_script_falls_back_to_the_full_app(monkeypatch, capsys):
    """A Typer whose internals differ costs speed, never a run."""
    import sys

    import cco.cli.lean
    from cco.cli.main import main

    def broken(*_args):
        raise TypeError("internals moved")

    monkeypatch.setattr(cco.cli.lean, "lean_app", broken)
    monkeypatch.delenv("CCO_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["cco", "rules"])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code in (0, None)
    assert "CCO201" in capsys.readouterr().out


def _parity_runs(tmp: Path) -> list[list[str]]:
    """One real run of every command, with files the two paths write to different names."""
    from tests.conftest import PERU

    peru = str(PERU)
    return [
        ["score", peru, "-f", "json", "--top", "3", "--by", "relevance"],
        ["score", peru, "--summit", "IX", "--lang", "es", "-f", "markdown"],
        ["validate", peru, "-f", "json", "--strict"],
        ["compare", peru, "-f", "csv", "--table", "themes"],
        ["chart", peru, "-o", str(tmp / "figure.svg")],
        ["report", peru, "-f", "markdown", "--resamples", "50"],
        ["catalog", "--summit", "IX", "-f", "json"],
        [
            "template",
            "--country",
            "Freedonia",
            "-o",
            str(tmp / "t.xlsx"),
            "--year",
            "2026",
            "--force",
        ],
        ["rules"],
        ["schema", "score"],
    ]


def test_every_command_runs_alike_on_both_paths(tmp_path):
    """Parity of whole runs: exit code and stdout of every command, full app vs lean app."""
    for args in _parity_runs(tmp_path):
        full = runner.invoke(app, args, prog_name="cco")
        lean = runner.invoke(lean_app(app, args), args, prog_name="cco")
        assert (lean.exit_code, lean.stdout) == (full.exit_code, full.stdout), args
        assert full.exit_code == 0, (args, full.output)
    assert {run[0] for run in _parity_runs(tmp_path)} == set(COMMANDS)


@pytest.mark.parametrize("version", ["0.28.0", "0.30.0", "1.0.0", "0.29", "weird"])
def test_a_typer_release_the_lean_path_was_not_tested_on_gets_the_full_app(monkeypatch, version):
    import cco.cli.lean

    assert cco.cli.lean.typer_is_tested(version) is (version == "0.29")
    monkeypatch.setattr(typer, "__version__", version)
    if version != "0.29":
        assert lean_app(app, ["score", "x.xlsx"]) is app


@pytest.mark.skipif(not HAS_RUNTIME_PARAMS, reason="this Typer coerces through click types")
def test_a_plain_coercer_that_breaks_while_running_hands_the_value_to_typer(monkeypatch):
    """Internals that move under a tested release change the speed of a run, not its result."""
    import cco.cli.lean

    def broken(*_args):
        raise AttributeError("internals moved")

    monkeypatch.setattr(cco.cli.lean, "_number", lambda *_: broken)
    monkeypatch.setattr(cco.cli.lean, "_choice", lambda *_: broken)
    args = ["validate", "nothing-here.xlsx", "--scale-max", "3", "-f", "json"]
    full = runner.invoke(app, args, prog_name="cco")
    lean = runner.invoke(lean_app(app, args), args, prog_name="cco")
    assert full.exit_code == 2  # the file is missing: CCO101, exit 2, never an internal error
    assert (lean.exit_code, lean.stdout) == (full.exit_code, full.stdout)


@pytest.mark.parametrize("contract", ["score", "validate", "compare"])
def test_the_schema_command_prints_the_same_both_ways(contract):
    full, lean = both(app, ["schema", contract])
    assert (lean.exit_code, full.exit_code) == (0, 0)
    assert lean.stdout == full.stdout
    assert '"title": "cco ' + contract + '"' in lean.stdout
