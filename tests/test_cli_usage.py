"""Usage errors are coded problems, in the reader's language; options say when they do not apply."""

from __future__ import annotations

import csv
import json
import os
import pty
import sys
import tomllib

import pytest
import typer
from typer.testing import CliRunner

import cco
from cco.cli.main import app
from tests.conftest import PERU, ROOT

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("spelling", ["IX", "ix", "9", "Ix"])
def test_summit_is_taken_in_any_case_and_as_a_number(spelling):
    result = run("score", PERU, "-f", "json", "--summit", spelling)
    assert result.exit_code == 0, result.output
    # Peru rates 20 IX items and 12 VIII items (the annex); only the IX ones are kept.
    assert {i["summit"] for i in json.loads(result.stdout)["items"]} == {"IX"}
    assert len(json.loads(result.stdout)["items"]) == 20


def test_summit_repeats_on_catalog_too():
    both = run("catalog", "--summit", "8", "--summit", "IX", "-f", "json")
    one = run("catalog", "--summit", "viii", "-f", "json")
    assert both.exit_code == one.exit_code == 0
    with (ROOT / "cco" / "catalog" / "data" / "catalog.csv").open(encoding="utf-8") as handle:
        shipped = list(csv.DictReader(handle))
    viii = [row["id"] for row in shipped if row["id"].startswith("VIII-")]
    assert [e["id"] for e in json.loads(one.stdout)["commitments"]] == viii
    assert len(json.loads(both.stdout)["commitments"]) == len(shipped)


def test_an_unknown_summit_is_a_usage_error():
    result = run("score", PERU, "--summit", "X")
    assert result.exit_code == 2
    assert "--summit cannot be 'X'" in result.output
    assert "use one of VIII, IX, 8, 9" in result.output


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["score", PERU, "-f", "json", "--percent"], "--percent"),
        (["score", PERU, "--table", "themes"], "--table"),
        (["compare", PERU, "-f", "json", "--table", "themes"], "--table"),
    ],
)
def test_an_option_that_does_not_apply_to_the_format_is_refused(args, option):
    result = run(*args)
    assert result.exit_code == 2
    assert f"{option} has no effect with --format" in result.stderr
    assert "[CCO001]" in result.stderr


def test_usage_errors_speak_the_readers_language():
    result = run("score", PERU, "--bands", "1/2", "--lang", "es")
    assert result.exit_code == 2
    assert result.stderr == (
        "cco: error: --bands espera tres umbrales como 1.5/2.5/2.8, no '1/2' [CCO001]\n"
    )


def test_an_empty_selection_says_so(tmp_path):
    only_viii = tmp_path / "freedonia.csv"
    only_viii.write_text("Id,Theme,R,E,S\nVIII-25,3,1,2,3\n", encoding="utf-8")
    result = run("score", only_viii, "--summit", "IX")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no item of IX" in result.stderr


def test_version_is_the_projects():
    with (ROOT / "pyproject.toml").open("rb") as handle:
        declared = tomllib.load(handle)["project"]["version"]
    assert cco.__version__ == declared
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"cco {declared}\n")


def _on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run `python -m cco ARGS` with a pseudo-terminal as stdout: (exit code, what it printed)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdout and stderr are the terminal
        os.execv(sys.executable, [sys.executable, "-m", "cco", *args])
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8", "replace")


def test_the_report_page_is_not_poured_onto_a_terminal():
    code, shown = _on_a_terminal(["report", str(PERU)])
    assert code == 2
    assert "[CCO001]" in shown
    assert "<html" not in shown


def test_python_dash_m_cco_is_the_program():
    code, shown = _on_a_terminal(["--version"])
    assert (code, shown.strip()) == (0, f"cco {cco.__version__}")


def test_the_lines_around_the_output_speak_the_readers_language(tmp_path):
    from cco.i18n.messages import ui_text

    out = tmp_path / "peru.json"
    result = run("score", PERU, "-o", out, "--lang", "fr")
    assert result.exit_code == 0
    assert result.stderr == f"cco: {ui_text('wrote', 'fr', path=out)}\n"
    assert result.stderr.startswith("cco: écrit ")
    compared = run("compare", PERU, "-f", "json", "--lang", "es")
    assert "comparadas 1 de 1 hoja\n" in compared.stderr
    assert "compared" not in compared.stderr


def test_markdown_keeps_whole_texts_where_the_terminal_cuts_them():
    from openpyxl import load_workbook

    # The annex text of IX-C-3 as the sheet gives it (over 300 characters).
    rows = load_workbook(PERU, read_only=True)["Scores"].iter_rows(values_only=True)
    found = [c for row in rows if row[0] == "IX-C-3" for c in row if isinstance(c, str)]
    whole = " ".join(next(c for c in found if c.startswith("Develop a set of public")).split())
    assert len(whole) > 300
    markdown = run("score", PERU, "-f", "markdown", "--summit", "IX").stdout
    assert whole in markdown
    table = run("score", PERU, "--summit", "IX").stdout
    assert whole not in table and "Develop a set of public policies" in table


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_compare_by_delta_leaves_unranked_themes_unranked(fmt):
    # Peru's IX themes have no Phase 1: ranked by the change, they have no rank, and say so.
    result = run("compare", PERU, "--by", "delta", "-f", fmt)
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("args", [["--version"], ["-h"], ["score", "-h"]])
def test_help_and_version_on_a_full_disk_are_one_coded_line(args):
    import subprocess

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cco", *args], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "[CCO101]" in done.stderr


@pytest.mark.parametrize(
    ("lang", "args", "expected"),
    [
        (
            "es",
            ["score", PERU, "--top", "abc"],
            "cco: error: --top lleva un número entero [CCO001]",
        ),
        ("pt", ["score"], "cco: erro: cco score precisa de FILE [CCO001]"),
        ("fr", ["score", PERU, "--bogus"], "cco: erreur: cco score n'a pas d'option --bogus"),
        ("es", ["compare", PERU, "--format", "pdf"], "--format no puede ser 'pdf'"),
        ("fr", ["score", PERU, "--resamples", "0"], "--resamples doit valoir au moins 1"),
    ],
)
def test_a_command_line_mistake_is_one_line_in_the_language_asked_for(lang, args, expected):
    """`--lang` is found among the raw arguments, before they are parsed."""
    result = run(*args, "--lang", lang)
    assert result.exit_code == 2
    (line,) = result.output.splitlines()
    assert expected in line
    assert "Usage" not in line and "Error" not in line and "Try " not in line


def test_close_matches_are_offered_as_the_hint():
    result = run("score", PERU, "--tpo", "3", "--lang", "es")
    assert result.exit_code == 2
    assert "¿quiso decir --top" in result.output


def test_a_reason_worded_otherwise_gets_the_general_line_in_the_language():
    """Another Typer release may word its reasons otherwise: no English fragment gets through."""
    from cco.cli.usage import usage_line

    class Param:
        opts = ("--top",)
        name = "top"
        param_type_name = "option"

    error = typer.BadParameter("Wert ist keine Zahl", param=Param())  # type: ignore[arg-type]
    line = usage_line(error, "es", "cco score")
    assert line == (
        "cco: error: valor no válido para --top [CCO001] (sugerencia: vea 'cco score --help')"
    )
    other = usage_line(RuntimeError("something else"), "pt", "cco compare")
    assert "cco compare não pode ser executado" in other and "something" not in other
