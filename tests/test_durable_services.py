"""Every public function of every services module is a durable top-level action, or says
what else it is (`practice.actions`): a piece of a named action, an action in steps, or a
read. Found by reading the code, as the permission matrix finds URLs, so a new service
that forgets fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from practice.actions import NotInAnAction, part_of_action

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "practice",
    "records",
    "clients",
    "wills",
    "contracting",
    "disclosures",
    "subject_access",
    "rights",
)
MARKS = {"part_of_action", "in_steps", "reads"}
SHARED = {"common.py", "base.py", "__init__.py"}  # helpers the actions share, no actions


def _services_modules():
    for app in APPS:
        single = ROOT / app / "services.py"
        if single.exists():
            yield single
        package = ROOT / app / "services"
        if package.is_dir():
            yield from (p for p in sorted(package.glob("*.py")) if p.name not in SHARED)


def _is_atomic(call: ast.expr) -> tuple[bool, bool]:
    """(is a transaction, is durable) for a `with` item."""
    if not isinstance(call, ast.Call):
        return False, False
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name not in ("atomic", "atomic_across_databases"):
        return False, False
    durable = any(
        kw.arg == "durable" and isinstance(kw.value, ast.Constant) and kw.value.value is True
        for kw in call.keywords
    )
    return True, durable


def _shape(function: ast.FunctionDef) -> str:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in MARKS:
            return name
    atomics = [
        _is_atomic(item.context_expr)
        for node in ast.walk(function)
        if isinstance(node, ast.With)
        for item in node.items
        if _is_atomic(item.context_expr)[0]
    ]
    if atomics and atomics[0][1]:
        return "action"
    return "unmarked" if not atomics else "not durable"


def _public_functions():
    for path in _services_modules():
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                yield f"{path.relative_to(ROOT)}:{node.name}", _shape(node)


def test_every_public_service_is_a_durable_action_or_says_what_it_is():
    found = dict(_public_functions())
    assert len(found) > 60  # the scan sees the services (a moved module would hide them)
    wrong = {name: shape for name, shape in found.items() if shape in ("unmarked", "not durable")}
    assert wrong == {}


def test_the_scan_tells_each_shape_apart():
    source = """
def durable():
    with transaction.atomic(durable=True):
        pass
def nested():
    with transaction.atomic():
        pass
@part_of_action("x")
def piece():
    pass
def nothing():
    pass
"""
    shapes = [_shape(node) for node in ast.parse(source).body]
    assert shapes == ["action", "not durable", "part_of_action", "unmarked"]


def test_a_piece_refuses_to_run_outside_a_transaction(monkeypatch):
    """Asked of the connection itself (a test worker may hold a module's rolled-back world
    open, so the real connection is not a sound witness here)."""
    from types import SimpleNamespace

    from practice import actions

    @part_of_action("a test action")
    def piece():
        return "ran"

    state = SimpleNamespace(in_atomic_block=False)
    monkeypatch.setattr(actions.transaction, "get_connection", lambda: state)
    with pytest.raises(NotInAnAction, match="a piece of a test action"):
        piece()
    state.in_atomic_block = True
    assert piece() == "ran"
