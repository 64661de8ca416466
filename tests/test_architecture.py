"""The folder shows the architecture: imports point down the layers only, and never in a circle."""

from __future__ import annotations

import itertools
import tomllib

import grimp
import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("cco")


def test_no_module_imports_itself_back_through_others():
    # Every import that runs counts, lazy ones inside functions too; imports made only for type
    # annotations (under TYPE_CHECKING) never run, so they cannot make a cycle.
    graph = grimp.build_graph("cco", exclude_type_checking_imports=True)
    modules = sorted(graph.modules)
    cycles = [
        (a, b)
        for a, b in itertools.combinations(modules, 2)
        if graph.chain_exists(importer=a, imported=b) and graph.chain_exists(importer=b, imported=a)
    ]
    # A package imports its own __init__ and the reverse only through the package object.
    cycles = [(a, b) for a, b in cycles if not (b.startswith(a + ".") or a.startswith(b + "."))]
    assert cycles == []


def test_no_layer_imports_a_layer_above_it(graph):
    with (ROOT / "pyproject.toml").open("rb") as handle:
        (contract,) = tomllib.load(handle)["tool"]["importlinter"]["contracts"]
    layers = contract["layers"]
    upward = [
        (low, high)
        for index, high in enumerate(layers)
        for low in layers[index + 1 :]
        if graph.find_shortest_chain(importer=low, imported=high, as_packages=True)
    ]
    assert upward == []
    # every subpackage of cco is one of the layers: a new folder must take its place
    packages = {m for m in graph.modules if m.count(".") == 1 and graph.find_children(m)}
    assert packages == set(layers)
