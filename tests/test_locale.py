"""Numbers in the reader's format: `--locale`, the project's locale and the environment's.

The expected marks are the CLDR's, written out by hand here (Argentina and Brazil write 1,26;
Peru and Mexico 1.26); the Peru figures are the published annex's (VIII-2: R 0.50, E 0.00,
S 0.00, so an average of 0.17; Phase 1 R 1.92, E 1.77, S 1.92, an average of 1.87).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from cco.cli.main import app
from cco.i18n.numbers import (
    MACHINE,
    current_numbers,
    locale_from_environment,
    number_format,
    numbers_in,
)
from tests.conftest import load_json

runner = CliRunner()


def run(*args: object, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def comma_decimals(text: str) -> str:
    """`text` with every decimal point between two digits written as a comma."""
    return re.sub(r"(\d)\.(\d)", r"\1,\2", text)


@pytest.mark.parametrize(
    ("locale", "score", "grouped", "change"),
    [
        ("es_AR", "1,26", "12.345", "-1,70"),
        ("es_AR.UTF-8", "1,26", "12.345", "-1,70"),
        ("pt_BR", "1,26", "12.345", "-1,70"),
        ("pt-BR", "1,26", "12.345", "-1,70"),
        ("es_PE", "1.26", "12,345", "-1.70"),
        ("es_MX", "1.26", "12,345", "-1.70"),
        ("en_US", "1.26", "12,345", "-1.70"),
        ("C", "1.26", "12345", "-1.70"),
    ],
)
def test_a_locale_writes_its_own_decimal_mark_and_grouping(locale, score, grouped, change):
    numbers = number_format(locale)
    assert numbers is not None
    assert numbers.fixed(Decimal("1.26")) == score
    assert numbers.whole(12345) == grouped
    assert numbers.signed(Decimal("-1.70")) == change
    mark = score[1]  # the decimal mark of '1,26' / '1.26'
    assert numbers.signed(Decimal("0.30")) == f"+0{mark}30"


def test_french_groups_with_a_space_and_spaces_the_percent_sign():
    numbers = number_format("fr_FR")
    assert numbers is not None
    assert re.fullmatch(r"12\s345,50", numbers.fixed(Decimal("12345.50")))
    assert re.fullmatch(r"45\s%", numbers.percent(Decimal("45")))
    assert MACHINE.percent(Decimal("45")) == "45%"


def test_places_are_kept_never_rounded_again():
    # 2.50 keeps its zero; 0.125 keeps three places (rounding is the caller's, half up).
    numbers = number_format("es_AR")
    assert numbers is not None
    assert numbers.fixed(Decimal("2.50")) == "2,50"
    assert numbers.fixed(Decimal("0.125")) == "0,125"
    assert numbers.general(2.5) == "2,5" and numbers.general(3.0) == "3"


def test_unknown_locales_are_none_and_the_environment_falls_back_to_the_machine_format():
    assert number_format("xx_YY") is None
    assert number_format("not a locale") is None
    assert locale_from_environment({"LANG": "es_AR.UTF-8"}) == number_format("es_AR")
    assert locale_from_environment({"LC_NUMERIC": "pt_BR.UTF-8", "LANG": "en_US"}) == (
        number_format("pt_BR")
    )
    # LC_ALL wins over LC_NUMERIC and LANG, as in the C library.
    assert locale_from_environment({"LC_ALL": "C.UTF-8", "LANG": "es_AR.UTF-8"}) == MACHINE
    assert locale_from_environment({"CCO_LOCALE": "es_AR", "LC_ALL": "C"}) == (
        number_format("es_AR")
    )
    assert locale_from_environment({"LANG": "xx_YY.UTF-8"}) == MACHINE
    assert locale_from_environment({}) == MACHINE


def test_score_table_in_argentine_format_shows_the_annex_figures_with_commas(peru):
    result = run("score", peru, "--lang", "es", "--locale", "es_AR")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if " VIII-2 " in line)
    assert re.search(r"0,50\s+0,00\s+0,00\s+0,17\b", row), row
    assert "1,87" in row and "-1,70" in row
    assert not re.search(r"\d\.\d", row)


def test_peruvian_format_differs_from_argentine_only_in_the_decimal_mark(peru):
    peruvian = run("score", peru, "--lang", "es", "--locale", "es_PE")
    argentine = run("score", peru, "--lang", "es", "--locale", "es_AR")
    assert peruvian.exit_code == argentine.exit_code == 0
    row = next(line for line in peruvian.stdout.splitlines() if " VIII-2 " in line)
    assert re.search(r"0\.50\s+0\.00\s+0\.00\s+0\.17\b", row), row
    assert comma_decimals(peruvian.stdout) == argentine.stdout
    assert peruvian.stdout != argentine.stdout


def test_markdown_and_report_pages_follow_the_locale(peru, tmp_path):
    for fmt in ("markdown",):
        point = run("score", peru, "-f", fmt, "--locale", "es_PE")
        comma = run("score", peru, "-f", fmt, "--locale", "es_AR")
        assert comma_decimals(point.stdout) == comma.stdout
    pages = {}
    for locale in ("es_PE", "es_AR"):
        out = tmp_path / f"{locale}.md"
        result = run("report", peru, "--lang", "es", "--locale", locale, "-o", out)
        assert result.exit_code == 0, result.output
        pages[locale] = out.read_text(encoding="utf-8")
    assert "0,17" in pages["es_AR"] and "0,17" not in pages["es_PE"]
    assert comma_decimals(pages["es_PE"]) == pages["es_AR"]


def test_machine_formats_are_the_same_in_every_locale_and_language(peru):
    outputs = set()
    for lang, locale in (("en", "C"), ("es", "es_AR"), ("fr", "fr_FR"), ("pt", "pt_BR")):
        result = run("score", peru, "-f", "json", "--lang", lang, "--locale", locale)
        assert result.exit_code == 0
        load_json(result, "score")
        outputs.add(result.stdout)
        csv_result = run("score", peru, "-f", "csv", "--lang", lang, "--locale", locale)
        outputs.add(csv_result.stdout)
    assert len(outputs) == 2  # one JSON, one CSV


def test_the_environment_chooses_the_format_when_no_option_does(peru):
    result = run("score", peru, env={"LANG": "es_AR.UTF-8", "LC_ALL": "", "CCO_LANG": ""})
    assert result.exit_code == 0, result.output
    assert "Cumbre" in result.stdout  # the language follows LANG too
    row = next(line for line in result.stdout.splitlines() if " VIII-2 " in line)
    assert "0,17" in row
    plain = run("score", peru, env={"LANG": "C.UTF-8", "LC_ALL": "", "CCO_LANG": ""})
    row = next(line for line in plain.stdout.splitlines() if " VIII-2 " in line)
    assert "0.17" in row


def test_the_project_locale_applies_and_the_option_wins(peru, tmp_path, monkeypatch):
    (tmp_path / "cco.toml").write_text('locale = "pt_BR"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from cco.cli import common

    common._CONFIGS.clear()
    try:
        result = run("score", peru, env={"LANG": "C.UTF-8", "LC_ALL": ""})
        row = next(line for line in result.stdout.splitlines() if " VIII-2 " in line)
        assert "0,17" in row
        result = run("score", peru, "--locale", "es_PE")
        row = next(line for line in result.stdout.splitlines() if " VIII-2 " in line)
        assert "0.17" in row
        (tmp_path / "cco.toml").write_text('locale = "xx_YY"\n', encoding="utf-8")
        common._CONFIGS.clear()
        bad = run("score", peru)
        assert bad.exit_code == 2 and "CCO006" in bad.stderr
    finally:
        common._CONFIGS.clear()


def test_an_unknown_locale_is_one_coded_usage_line(peru):
    result = run("score", peru, "--locale", "xx_YY", "--lang", "es")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "CCO001" in lines[0] and "xx_YY" in lines[0]
    assert "configuración regional" in lines[0]


def test_compare_tables_follow_the_locale(campaign):
    files = campaign()
    point = run("compare", *files, "--lang", "es", "--locale", "es_MX")
    comma = run("compare", *files, "--lang", "es", "--locale", "pt_BR")
    assert point.exit_code == comma.exit_code
    assert re.search(r"\d,\d\d", comma.stdout)
    assert comma_decimals(point.stdout) == comma.stdout


def test_a_command_leaves_the_callers_format_as_it_found_it(peru):
    with numbers_in(MACHINE):
        run("score", peru, "--locale", "es_AR")
        assert current_numbers() == MACHINE
    from cco.output.views import fmt_score

    assert fmt_score(1.26) == "1.26"
    with numbers_in(number_format("es_AR") or MACHINE):
        assert fmt_score(1.26) == "1,26"
        assert fmt_score(0.5, percent=True) == "17%"


@pytest.mark.parametrize(("lang_env", "loads_babel"), [("C.UTF-8", False), ("es_AR.UTF-8", True)])
def test_babel_is_loaded_only_when_a_locale_needs_it(peru, lang_env, loads_babel):
    """The machine format needs no CLDR data: a run in the C locale does not import Babel."""
    import os
    import subprocess
    import sys

    code = f"""
import contextlib, io, sys
from cco.cli.main import main
sys.argv = ["cco", "score", {str(peru)!r}]
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        main()
    except SystemExit as stop:
        assert stop.code in (0, None), stop.code
print("BABEL=" + str(any(m.split(".")[0] == "babel" for m in sys.modules)))
print("COMMA=" + str("0,17" in out.getvalue()))
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "CCO_"))}
    env["LANG"] = lang_env
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert f"BABEL={loads_babel}" in done.stdout
    assert f"COMMA={loads_babel}" in done.stdout


@pytest.mark.parametrize("command", [["score"], ["compare", "--table", "commitments"]])
def test_csv_with_a_decimal_comma_holds_the_same_numbers(peru, command):
    import csv
    import io

    point = run(command[0], peru, *command[1:], "-f", "csv")
    comma = run(command[0], peru, *command[1:], "-f", "csv", "--csv-decimal", "comma")
    assert point.exit_code == comma.exit_code == 0
    point_rows = list(csv.reader(io.StringIO(point.stdout)))
    comma_rows = list(csv.reader(io.StringIO(comma.stdout), delimiter=";"))
    assert comma_rows[0] == point_rows[0]  # the header is the same
    assert len(comma_rows) == len(point_rows) > 1
    numbers = 0
    for as_point, as_comma in zip(point_rows[1:], comma_rows[1:], strict=True):
        for a, b in zip(as_point, as_comma, strict=True):
            if re.fullmatch(r"-?\d+\.\d+", a):
                assert float(b.replace(",", ".")) == float(a)
                numbers += 1
            else:
                assert b == a
    assert numbers > 10


def test_csv_decimal_is_refused_where_it_has_no_effect(peru):
    result = run("score", peru, "--csv-decimal", "comma")
    assert result.exit_code == 2
    assert "--csv-decimal" in result.stderr and "[CCO001]" in result.stderr


@pytest.mark.parametrize(
    "args", [["validate", "{folder}", "-f", "json"], ["compare", "{folder}", "-f", "json"]]
)
def test_json_with_problems_is_the_same_in_every_language(campaign, tmp_path, args):
    """Problems in JSON keep English messages: a machine format does not follow --lang."""
    files = campaign("Freedonia", "Sylvania", "Elbonia")
    outputs = set()
    for lang, locale in (("en", "C"), ("es", "es_AR"), ("fr", "fr_FR"), ("pt", "pt_BR")):
        line = [a.format(folder=files[0].parent) for a in args]
        result = run(
            *line, "--lang", lang, *(["--locale", locale] if args[0] != "validate" else [])
        )
        assert '"problems"' in result.stdout and '"message"' in result.stdout
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_numbers_in_messages_follow_the_locale_and_json_keeps_the_machine_format(tmp_path):
    from tests import sheets

    path = sheets.save(
        [["Id", "Theme", "R", "E", "S"], ["VIII-3", 1, 4.5, 1, 1]], tmp_path / "f.xlsx"
    )
    comma = run("validate", path, "--lang", "es", "--locale", "es_AR", "--no-catalog")
    point = run("validate", path, "--lang", "es", "--locale", "es_PE", "--no-catalog")
    assert comma.exit_code == point.exit_code == 1
    assert "4,5 está fuera de la escala" in comma.stdout
    assert "4.5 está fuera de la escala" in point.stdout
    english = run("validate", path, "--locale", "pt_BR", "--no-catalog")
    assert "4,5 is outside" in english.stdout  # the locale, not the language, gives the mark
    as_json = run("validate", path, "-f", "json", "--locale", "es_AR", "--no-catalog")
    assert "4.5 is outside" in as_json.stdout


def test_figures_write_numbers_and_words_as_the_reader_does(peru, tmp_path):
    """Theme averages as the tables print them (VIII theme 2: 1.85, theme 1: 0.62), in es_AR."""
    out = tmp_path / "peru.svg"
    result = run("chart", peru, "-o", out, "--lang", "es", "--locale", "es_AR")
    assert result.exit_code == 0, result.output
    words = re.findall(r"<text[^>]*>([^<]*)</text>", out.read_text(encoding="utf-8"))
    assert {"1,85", "0,62", "0,5", "2,5"} <= set(words)
    assert "Relevancia" in words and "Relevance" not in words
    assert not [w for w in words if re.fullmatch(r"\d+\.\d+", w)]


def test_heat_map_cells_round_half_up_as_every_table_does(tmp_path):
    """Freedonia rates VIII-3 2.675 on R, E and S: the theme average is 2.675 (held in binary as
    2.67499999...), which a spreadsheet and every table show as 2.68 and '%.2f' as 2.67."""
    from tests import sheets

    header = ["Country", "Id", "Theme", "R", "E", "S"]
    sheets.save([header, ["Freedonia", "VIII-3", 1, 2.675, 2.675, 2.675]], tmp_path / "f.xlsx")
    sheets.save([header, ["Sylvania", "VIII-3", 1, 2, 2, 2]], tmp_path / "s.xlsx")
    out = tmp_path / "map.svg"
    drawn = run("chart", tmp_path / "f.xlsx", tmp_path / "s.xlsx", "-o", out, "--no-catalog")
    assert drawn.exit_code == 0, drawn.output
    words = re.findall(r"<text[^>]*>([^<]*)</text>", out.read_text(encoding="utf-8"))
    assert "2.68" in words and "2.00" in words
    assert "2.67" not in words
