"""The import graph has no circle: `.ci/import_cycles.py` (which `make imports` and CI run)
finds none in the project, and finds one when it is there, deferred imports included."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("import_cycles", ROOT / ".ci/import_cycles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_module_of_the_project_imports_round_a_circle():
    script = _script()
    graph = grimp.build_graph(*script.PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    assert "practice.audit.recording" in graph.modules
    assert script.circles(graph) == []


def test_a_circle_is_found_and_named():
    graph = grimp.ImportGraph()
    for importer, imported in [("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")]:
        graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
    graph.add_import(importer="b.p", imported="b.q", line_number=1, line_contents="")
    assert _script().circles(graph) == [["a.x", "a.y", "a.z"]]
