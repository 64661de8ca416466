"""`indented_json` writes what json.dumps(indent=2, ensure_ascii=False, allow_nan=False) writes."""

from __future__ import annotations

import json
import math
from enum import StrEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cco.output.json_text import indented_json

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)  # any character: quotes, controls, accents, line separators
)
KEYS = st.text(max_size=6) | st.integers(-5, 5) | st.booleans() | st.none() | st.floats(0, 2)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=6), inner, max_size=5)
        | st.dictionaries(KEYS, inner, max_size=3)
    ),  # keys json itself turns into text
    max_leaves=40,
)


def dumps(value: object, level: int = 0) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    return text.replace("\n", "\n" + "  " * level)


@settings(max_examples=600, deadline=None)
@given(VALUES, st.integers(0, 3))
def test_the_same_text_as_json_dumps(value, level):
    assert indented_json(value, level) == dumps(value, level)


class Color(StrEnum):
    RED = "red"


def test_records_and_values_json_walks_itself():
    records = {
        "schema": 1,
        "organizations": [{"organization": 'Ñandú \u2028 "q"', "items": 40, "leniency": -0.25}],
        "themes": [],
        "empty": {},
        "nested": [[1, [2.5, None]], {"a": []}],
        "kinds": [Color.RED, True, 1e300, -0.0],
        "subclass": {"color": Color.RED},
    }
    for level in (0, 2):
        assert indented_json(records, level) == dumps(records, level)


@pytest.mark.parametrize("bad", [math.nan, math.inf, [1, math.nan], {"x": -math.inf}])
def test_a_number_strict_json_cannot_hold_is_refused_as_json_refuses_it(bad):
    with pytest.raises(ValueError):
        json.dumps(bad, allow_nan=False)
    with pytest.raises(ValueError):
        indented_json(bad)


def test_a_value_json_cannot_hold_is_a_type_error_as_in_json():
    with pytest.raises(TypeError):
        indented_json({"a": {1, 2}})


def test_a_container_that_holds_itself_is_refused_as_json_refuses_it():
    loop: list[object] = [1]
    loop.append(loop)
    nested: dict[str, object] = {"a": [{"b": 1}]}
    nested["a"][0]["self"] = nested  # type: ignore[index]
    for value in (loop, nested, {"x": [loop]}):
        with pytest.raises(ValueError, match="Circular reference"):
            json.dumps(value, indent=2)
        with pytest.raises(ValueError, match="Circular reference"):
            indented_json(value)
    shared = [1, [2]]
    assert indented_json([shared, shared]) == dumps([shared, shared])  # twice is no cycle
