"""Cell parsers: ids, summits, themes, commitments, sub-commitments, numbers and headers."""

from __future__ import annotations

import pytest

from cco.core import ids
from cco.core.text import NotANumber, column_letter, parse_number
from cco.io.headers import match_header


@pytest.mark.parametrize(
    ("summit", "commitment", "plan", "sub", "expected"),
    [
        ("VIII", 25, None, None, "VIII-25"),
        ("IX", 3, "A", "D", "IX-A-3D"),
        ("IX", 17, "C", None, "IX-C-17"),
    ],
)
def test_make_id(summit, commitment, plan, sub, expected):
    assert ids.make_id(summit, commitment, plan, sub) == expected
    parsed = ids.parse_id(expected)
    assert (parsed.summit, parsed.commitment, parsed.plan, parsed.sub) == (
        summit,
        commitment,
        plan,
        sub,
    )


@pytest.mark.parametrize("text", ["IX-25", "VIII-A-3", "X-1", "25", ""])
def test_parse_id_refuses_non_ids(text):
    assert ids.parse_id(text) is None


@pytest.mark.parametrize(
    ("cell", "summit"),
    [
        ("VIII", "VIII"),
        ("ix", "IX"),
        (9.0, "IX"),
        ("Cumbre VIII", "VIII"),
        ("IX Summit", "IX"),
        ("Cúpula IX", "IX"),
        ("VIIIe Sommet", "VIII"),  # French ordinal, as cco's own French report titles it
        ("IXe Sommet des Amériques", "IX"),
        ("IXª Cumbre de las Américas", "IX"),
        ("9th Summit of the Americas", "IX"),
        ("8ª Cúpula das Américas", "VIII"),
        ("Sommet VIII", "VIII"),
        ("Theme 9th", None),
        ("Peru 2024", None),
    ],
)
def test_parse_summit(cell, summit):
    assert ids.parse_summit(cell) == summit


@pytest.mark.parametrize(
    ("cell", "number", "name"),
    [
        (3, 3, None),
        ("C", 3, None),
        ("Tema 1: Fortalecimiento de la Gobernabilidad", 1, "Fortalecimiento de la Gobernabilidad"),
        ("Theme 5: V. International Legal Cooperation", 5, "International Legal Cooperation"),
        (
            "C. Regional Agenda for Digital Transformation",
            3,
            "Regional Agenda for Digital Transformation",
        ),
        ("Eixo 2 - Transparência", 2, "Transparência"),
        ("Thème 4", 4, None),
    ],
)
def test_parse_theme(cell, number, name):
    ref = ids.parse_theme(cell)
    assert (ref.number, ref.name) == (number, name)


@pytest.mark.parametrize("cell", ["Theme 6", "F", "Peru 2024", 0, 7])
def test_parse_theme_refuses(cell):
    assert ids.parse_theme(cell) is None


@pytest.mark.parametrize(
    ("cell", "number", "sub", "text"),
    [
        (25, 25, None, None),
        ("25.", 25, None, None),
        ("25. Encouraging adoption", 25, None, "Encouraging adoption"),
        ("Commitment 12", 12, None, None),
        ("3D", 3, "D", None),
        ("3.D", 3, "D", None),
        ("7-A", 7, "A", None),
        ("3(D) Promote", 3, "D", "Promote"),
        ("12. A strategy", 12, None, "A strategy"),  # an article, not a sub-commitment
        ("3.Default", 3, None, "Default"),
        ("3 Support free elections", 3, None, "Support free elections"),
    ],
)
def test_parse_commitment(cell, number, sub, text):
    assert tuple(ids.parse_commitment(cell)) == (number, sub, text)


@pytest.mark.parametrize(
    ("cell", "letter", "text"),
    [("D", "D", None), ("d)", "D", None), ("G. Identify, develop", "G", "Identify, develop")],
)
def test_parse_sub(cell, letter, text):
    assert tuple(ids.parse_sub(cell)) == (letter, text)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (2.81, 2.81),
        ("2,81", 2.81),
        (" 2.81 ", 2.81),
        ("\u22121,42", -1.42),
        ("+0,81", 0.81),
        (3, 3.0),
        ("", None),
        (None, None),
        ("-", None),
        ("n/a", None),
    ],
)
def test_parse_number(cell, value):
    assert parse_number(cell) == value


@pytest.mark.parametrize("cell", ["alto", "2,8,1", True, "1e5x", float("nan")])
def test_parse_number_refuses(cell):
    with pytest.raises(NotANumber):
        parse_number(cell)


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_headers_in_four_languages_map_to_the_same_fields():
    for header in (
        ["Commitment", "Relevance", "+-", "Effectiveness", "+-", "Sustainability", "+-"],
        ["Compromiso", "Relevancia", "Variación", "Eficacia", "Var.", "Sostenibilidad", "Δ"],
        ["Compromisso", "RELEVÂNCIA", "±", "eficácia", "±", "Sustentabilidade", "±"],
        ["Engagement", "Pertinence", "Δ", "Efficacité", "Δ", "Durabilité", "Δ"],
    ):
        found = match_header(header, 0)
        assert found is not None, header
        assert found.columns == {
            "commitment": 0,
            "relevance": 1,
            "delta_relevance": 2,
            "effectiveness": 3,
            "delta_effectiveness": 4,
            "sustainability": 5,
            "delta_sustainability": 6,
        }


def test_delta_named_for_its_criterion_anywhere():
    found = match_header(["Id", "R", "E", "S", "Δ S", "change relevance"], 0)
    assert found.columns["delta_sustainability"] == 4
    assert found.columns["delta_relevance"] == 5


def test_a_field_is_never_matched_to_two_columns():
    found = match_header(["Commitment", "R", "E", "S", "Relevancia"], 0)
    assert found.columns["relevance"] == 1
    assert found.repeated == [(4, "relevance")]


def test_a_data_row_is_not_a_header():
    assert match_header(["25. Encouraging", 2.81, 0.81, 1.06], 0) is None


STANDARD = {
    "commitment": "Commitment",
    "relevance": "Relevance",
    "effectiveness": "Effectiveness",
    "sustainability": "Sustainability",
}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Relevancia (0-3)", "relevance"),
        ("Relevance score", "relevance"),
        ("Eficacia promedio", "effectiveness"),
        ("Puntaje de sostenibilidad", "sustainability"),
        ("Compromiso (texto)", "commitment"),
    ],
)
def test_units_and_filler_words_around_a_header_are_ignored(header, field):
    row = [header if name == field else label for name, label in STANDARD.items()]
    found = match_header(row, 0)
    assert found.columns[field] == row.index(header)


def test_an_unknown_word_keeps_a_header_unknown():
    found = match_header(["Commitment", "Relevance trend", "E", "S"], 0)
    assert "relevance" not in found.columns


def test_a_csv_text_is_cut_into_lines_as_a_file_opened_with_newline_empty_cuts_it(monkeypatch):
    import io
    import random

    from cco.io import readers

    monkeypatch.setattr(readers, "_LINES_BLOCK", 7)  # blocks of a few characters: many cuts
    pieces = ["a", "b,", '"', "\r", "\n", "\r\n", "xyz", "\u2028", "\x0c", "\x85"]
    chosen = random.Random(3)
    for _ in range(2000):
        text = "".join(chosen.choice(pieces) for _ in range(chosen.randint(0, 60)))
        expected = list(io.StringIO(text, newline=""))
        assert list(readers._text_lines(text)) == expected, repr(text)


def test_the_first_lines_of_a_text_are_those_splitlines_gives_whatever_the_head_cuts(
    monkeypatch,
):
    import random

    from cco.io import readers

    monkeypatch.setattr(readers, "_SNIFF_HEAD", 9)  # a head of a few characters: cut anywhere
    pieces = ["a", "b,", "\r", "\n", "\r\n", "xyz", "\u2028", "\x0c", "\x85", ""]
    chosen = random.Random(5)
    for _ in range(3000):
        text = "".join(chosen.choice(pieces) for _ in range(chosen.randint(0, 40)))
        count = chosen.randint(0, 6)
        assert readers._first_lines(text, count) == text.splitlines()[:count], (repr(text), count)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Fundación Ñandú", "fundacion nandu"),  # as `fold`: every letter has a Latin form
        ("ONG 'Transparencia' - Lima", "ong transparencia lima"),
        ("Ελλάδα Α", "ελλαδα α"),  # `fold` gives 'delta' for this and for 'Ελλάδα Β'
        ("Ελλάδα Β", "ελλαδα β"),
        ("中国", "中国"),  # `fold` gives '': no name at all
        ("Straße", "strasse"),
        ("CŒUR, A.C.", "cœur a c"),
    ],
)
def test_a_name_folds_keeping_the_letters_of_every_script(name, expected):
    from cco.core.text import fold_name

    assert fold_name(name) == expected


def test_a_name_of_latin_letters_folds_as_fold_folds_it():
    import random

    from cco.core.text import fold, fold_name

    pieces = ["a", "B", "é", "Ñ", "ü", "ç", "1", " ", "-", ".", "'", "+", "(", "Ç", "Ô"]
    chosen = random.Random(7)
    for _ in range(2000):
        name = "".join(chosen.choice(pieces) for _ in range(chosen.randint(0, 12)))
        assert fold_name(name) == fold(name), name
