"""No import cycles between the project's modules (``levant``, ``levant_dev``, ``settings``).

The graph is read from the source with ``ast``: an edge for each module-level
``import`` / ``from ... import`` of another project module. Imports inside
functions and under ``if TYPE_CHECKING:`` are not edges (they run later, or never).
``from package import name`` is an edge to ``package.name`` when that is a module,
else to ``package``; importing ``a.b.c`` also runs ``a`` and ``a.b`` (their
``__init__``), which are edges too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("levant", "levant_dev", "settings")

#: Cycles known today, each to be fixed by its owner (issue 17): the test fails when one
#: is fixed (remove it here) or when a new cycle appears. Each is its members, sorted.
#: Empty: levant/state/redis.py <-> levant/cluster/ is already gone.
KNOWN_CYCLES: set[tuple[str, ...]] = set()


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Import statements that run when the module is imported (not in functions or
    classes' methods, not under ``if TYPE_CHECKING``)."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                pending += node.body
            pending += node.orelse
        elif isinstance(node, ast.Try):
            pending += node.body + node.orelse + node.finalbody
            for handler in node.handlers:
                pending += handler.body
        elif isinstance(node, ast.With):
            pending += node.body
        elif isinstance(node, ast.ClassDef):
            pending += [n for n in node.body if not isinstance(n, ast.FunctionDef)]
    return found


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _with_parents(name: str, modules: dict[str, Path]) -> set[str]:
    parts = name.split(".")
    return {".".join(parts[:n]) for n in range(1, len(parts) + 1)} & modules.keys()


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        edges: set[str] = set()
        for node in _top_level_imports(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    edges |= _with_parents(alias.name, modules)
                continue
            target = _resolve(name, path.name == "__init__.py", node)
            edges |= _with_parents(target, modules)
            for alias in node.names:
                if f"{target}.{alias.name}" in modules:
                    edges.add(f"{target}.{alias.name}")
        edges.discard(name)
        # A package's own __init__ runs before its submodule: that is not a cycle.
        graph[name] = {e for e in edges if not name.startswith(e + ".")}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[tuple[str, ...]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(tuple(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(cycles)


def test_the_graph_sees_module_level_imports_only() -> None:
    graph = import_graph()
    assert "levant_dev.mirror.model" in graph["levant_dev.mirror.content"]
    assert "levant_dev.mirror.content" in graph["levant_dev.mirror.live"]
    # faults imports the reactor and the mirror's server nowhere at module level
    assert "levant_dev.mirror.server" not in graph["levant_dev.mirror.__main__"]


@pytest.mark.parametrize(
    ("source", "cycles"),
    [
        ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [("a", "b")]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}}, [("a", "b", "c")]),
    ],
)
def test_cycles_are_found(source: dict[str, set[str]], cycles: list[tuple[str, ...]]) -> None:
    assert find_cycles(source) == cycles


def test_no_import_cycle() -> None:
    cycles = set(find_cycles(import_graph()))
    assert sorted(cycles - KNOWN_CYCLES) == [], "new import cycles"
    assert sorted(KNOWN_CYCLES - cycles) == [], "fixed: remove these from KNOWN_CYCLES"
