"""Services, selectors, access functions and permissions take the actor and plain values.

The source of an action is set once per request (`practice.sources`), so nothing below the
views needs the HTTP request. This scan finds every module-level function and method in the
apps that takes a parameter named `request` outside the HTTP layer, so the rule cannot drift
back. A decorator's inner wrapper (a nested function) wraps a view and is not scanned.
"""

from __future__ import annotations

import ast
from pathlib import Path

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

# Modules about HTTP itself: they need the request's session, host or messages.
HTTP_LAYER = {
    "practice.context_processors",  # a template context processor is given the request
    "practice.middleware",
    "practice.passkeys",  # the relying party is the host the request reached
    "practice.signals",  # Django's sign-in signals send the request (for its messages)
    "practice.sources",  # reads the address and the site from the request, once
    "practice.two_factor",  # the verified second factor lives in the session
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_view_module(path: Path) -> bool:
    relative = path.relative_to(ROOT).parts
    return "views" in relative or relative[-1] in ("views.py", "urls.py")


def _scanned_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or _is_view_module(path):
                continue
            name = _module_name(path)
            if name not in HTTP_LAYER:
                yield name, path


def _functions(tree: ast.Module):
    """Functions at module level and methods of module-level classes (not nested ones)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{node.name}.{item.name}", item


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = function.args
    return [arg.arg for arg in args.posonlyargs + args.args + args.kwonlyargs]


def test_no_function_below_the_views_takes_the_http_request():
    offenders, scanned = [], set()
    for name, path in _scanned_modules():
        scanned.add(name)
        for qualified, function in _functions(ast.parse(path.read_text())):
            if "request" in _parameters(function):
                offenders.append(f"{name}.{qualified} (line {function.lineno})")
    assert not offenders, "Take the actor and plain values, not `request`: " + ", ".join(offenders)
    for expected in (
        "records.services",
        "records.access",
        "clients.services",
        "contracting.services.links",
        "disclosures.services.decisions",
        "disclosures.permissions",
        "subject_access.services",
        "practice.account_changes",
        "practice.access_grants",
    ):
        assert any(module.startswith(expected) for module in scanned), expected


def test_the_http_layer_allow_list_names_real_modules():
    every = {_module_name(path) for app in APPS for path in (ROOT / app).rglob("*.py")}
    assert every >= HTTP_LAYER, HTTP_LAYER - every
