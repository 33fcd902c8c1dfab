"""Fails, naming the modules, if any of the project's modules import each other round a circle.

Every import counts, including one deferred into a function: a circle that works only
because an import is deferred is still a circle (it decides what may be imported first).
Imports under `if TYPE_CHECKING:` do not run, so they do not count. The apps' direction
(practice <- records <- clients <- contracting <- disclosures <- subject_access) is checked
by import-linter's layers contract in pyproject.toml; `make imports` runs both.

    .venv/bin/python .ci/import_cycles.py
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
# The same packages import-linter checks (pyproject.toml), named once.
with (ROOT / "pyproject.toml").open("rb") as handle:
    PACKAGES = tuple(tomllib.load(handle)["tool"]["importlinter"]["root_packages"])


def circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, without
    recursion), each sorted; a module importing itself counts too."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, successors = work[-1]
            for imported in successors:
                if imported not in index:
                    index[imported] = low[imported] = len(index)
                    stack.append(imported)
                    on_stack.add(imported)
                    work.append(
                        (imported, iter(sorted(graph.find_modules_directly_imported_by(imported))))
                    )
                    break
                if imported in on_stack:
                    low[module] = min(low[module], index[imported])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[module])
                if low[module] == index[module]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == module:
                            break
                    if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                        found.append(sorted(group))
    return sorted(found)


def main() -> int:
    sys.path.insert(0, str(ROOT))  # this checkout, not an installed copy
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    found = circles(graph)
    for group in found:
        print(f"Import circle among {len(group)} modules:")
        for importer in group:
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                if imported in group:
                    lines = graph.get_import_details(importer=importer, imported=imported)
                    where = ", ".join(str(line["line_number"]) for line in lines)
                    print(f"  {importer} -> {imported} (line {where})")
    if found:
        return 1
    print(f"No import circle among the {len(graph.modules)} modules of {', '.join(PACKAGES)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
