"""The adapters' import graph: no circle (even behind TYPE_CHECKING or inside a function), and
the product never imports test code."""

from __future__ import annotations

from typing import Any

import pytest

grimp = pytest.importorskip("grimp")

PRODUCT = ("adapters", "bot", "storage")


@pytest.fixture(scope="module")
def graph() -> Any:
    return grimp.build_graph(*PRODUCT, "tests", cache_dir=None)


def test_no_import_circle_in_the_adapters(graph: Any) -> None:
    circles = [
        (module, imported)
        for module in sorted(graph.find_descendants("adapters"))
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.find_shortest_chain(importer=imported, imported=module)
    ]
    assert circles == []


def test_the_product_imports_no_test_code(graph: Any) -> None:
    tests = {"tests", *graph.find_descendants("tests")}
    product = sorted(m for m in graph.modules if m.split(".")[0] in PRODUCT)
    imports = [(m, i) for m in product for i in graph.find_modules_directly_imported_by(m)]
    assert [(m, i) for m, i in imports if i in tests] == []
