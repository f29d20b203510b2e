"""The project's shape: no import cycles, layers import only downwards, long modules say why.

The import graph is read with `ast` from every module of the packages below, counting
imports inside functions and under `if TYPE_CHECKING:` too. The alembic migrations are left
out: alembic loads them by path, not by import.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
# lowest first; each package may import the ones listed for it, and itself
ALLOWED: dict[str, frozenset[str]] = {
    "plan": frozenset(),
    "storage": frozenset({"plan"}),
    "messages": frozenset({"plan"}),
    "services": frozenset({"plan", "storage", "messages"}),
    "commands": frozenset({"plan", "storage", "messages", "services"}),
    "bot": frozenset({"plan", "storage", "messages", "services", "commands"}),
    "bench": frozenset({"plan", "storage", "messages", "services", "commands", "bot"}),
}
SKIPPED = ("storage.migrations",)
MAX_LINES = 400
LONG_BECAUSE = "Long because"

Graph = Mapping[str, Iterable[str]]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_files() -> dict[str, Path]:
    """Every module of the project's packages, by dotted name."""
    files = {
        module_name(path): path
        for package in ALLOWED
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    return {
        name: path
        for name, path in files.items()
        if not any(name == s or name.startswith(s + ".") for s in SKIPPED)
    }


def imported_modules(source: str, module: str, is_package: bool, known: frozenset[str]) -> set[str]:
    """The modules of `known` that `source` (the text of `module`) imports, anywhere in it.

    `import a.b.c` counts as its longest prefix in `known`; `from a.b import c` as `a.b.c`
    when that is a module, else as `a.b`. Relative imports are resolved against `module`.
    """

    def known_prefix(dotted: str) -> str | None:
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in known:
                return candidate
        return None

    package = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [known_prefix(alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module or ""
            targets = [
                f"{origin}.{alias.name}"
                if f"{origin}.{alias.name}" in known
                else known_prefix(origin)
                for alias in node.names
            ]
        else:
            continue
        found.update(t for t in targets if t is not None)
    return found


def import_graph() -> dict[str, set[str]]:
    files = project_files()
    known = frozenset(files)
    return {
        name: imported_modules(
            path.read_text(encoding="utf-8"), name, path.name == "__init__.py", known
        )
        for name, path in files.items()
    }


def strongly_connected(graph: Graph) -> list[set[str]]:
    """Tarjan's components of `graph`, iteratively (no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph.get(succ, ())))))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: set[str] = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def shortest_cycle(graph: Graph, start: str, within: set[str]) -> list[str]:
    """The shortest path start → … → start inside `within` (breadth first)."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for succ in sorted(graph.get(node, ())):
            if succ not in within:
                continue
            if succ == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if succ not in came_from:
                came_from[succ] = node
                queue.append(succ)
    raise AssertionError(f"{start} is on no cycle")


def cycles(graph: Graph) -> list[str]:
    """Import cycles as chains "a → b → a": every module on a cycle appears in one."""
    chains: list[str] = []
    for component in strongly_connected(graph):
        (only,) = component if len(component) == 1 else (None,)
        if only is not None and only not in graph.get(only, ()):
            continue
        covered: set[str] = set()
        for start in sorted(component):
            if start in covered:
                continue
            cycle = shortest_cycle(graph, start, component)
            covered.update(cycle)
            chains.append(" → ".join(cycle))
    return sorted(chains)


def wrong_edges(graph: Graph) -> list[str]:
    """Imports that go against the packages' order, as "importer → imported"."""
    wrong = []
    for importer, imported in graph.items():
        top = importer.split(".")[0]
        for target in sorted(imported):
            other = target.split(".")[0]
            if other != top and other not in ALLOWED[top]:
                wrong.append(f"{importer} → {target}")
    return sorted(wrong)


def says_why_long(source: str) -> bool:
    docstring = ast.get_docstring(ast.parse(source)) or ""
    return any(line.strip().startswith(LONG_BECAUSE) for line in docstring.splitlines())


# --- the project ---------------------------------------------------------------------------


def test_the_graph_sees_the_whole_project() -> None:
    graph = import_graph()
    assert set(graph) >= {"plan", "storage.db", "bot.app", "bench.latency"}
    assert not any(name.startswith("storage.migrations") for name in graph)
    assert sum(len(targets) for targets in graph.values()) > 100


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(found)


def test_packages_import_only_downwards() -> None:
    found = wrong_edges(import_graph())
    assert not found, (
        "imports against the order plan < storage, messages < services < commands < bot"
        " < bench:\n" + "\n".join(found)
    )


def test_long_modules_say_why() -> None:
    unexplained = []
    for path in project_files().values():
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_LINES and not says_why_long(source):
            unexplained.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    assert not unexplained, (
        f"modules over {MAX_LINES} lines whose docstring has no line starting with "
        f'"{LONG_BECAUSE}":\n' + "\n".join(unexplained)
    )


# --- the checks themselves, on made-up graphs and sources ------------------------------


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, ["a → b → a"]),
        ({"a": {"a"}}, ["a → a"]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, ["a → b → c → a"]),
        # two cycles sharing a: both modules are reported on one
        ({"a": {"b", "c"}, "b": {"a"}, "c": {"a"}}, ["a → b → a", "c → a → c"]),
        ({"a": {"b"}, "b": {"a"}, "x": {"y"}, "y": {"x"}}, ["a → b → a", "x → y → x"]),
    ],
)
def test_cycle_finder(graph: dict[str, set[str]], expected: list[str]) -> None:
    assert cycles(graph) == expected


def test_cycle_finder_on_a_long_chain() -> None:
    graph = {f"m{n}": {f"m{n + 1}"} for n in range(5000)}
    assert cycles(graph) == []
    graph["m5000"] = {"m0"}
    [chain] = cycles(graph)
    assert chain.startswith("m0 → m1 → ") and chain.endswith("m4999 → m5000 → m0")


def test_wrong_edges_are_found() -> None:
    graph = {
        "plan.a": {"storage.db"},
        "messages.x": {"services.y", "plan.a"},
        "services.y": {"commands.z", "storage.db"},
        "commands.z": {"bot.app"},
        "bench.b": {"bot.app"},
        "bot.app": {"bench.b", "commands.z"},
    }
    assert wrong_edges(graph) == [
        "bot.app → bench.b",
        "commands.z → bot.app",
        "messages.x → services.y",
        "plan.a → storage.db",
        "services.y → commands.z",
    ]


KNOWN = frozenset({"pkg", "pkg.sub", "pkg.sub.mod", "pkg.other", "lib", "lib.mod"})


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import pkg.sub.mod", {"pkg.sub.mod"}),
        ("import pkg.sub.mod.missing as m", {"pkg.sub.mod"}),
        ("from pkg.sub import mod, name", {"pkg.sub.mod", "pkg.sub"}),
        ("from pkg import name", {"pkg"}),
        ("from . import mod", {"pkg.sub.mod"}),
        ("from .mod import name", {"pkg.sub.mod"}),
        ("from .. import other", {"pkg.other"}),
        ("from ..other import name", {"pkg.other"}),
        ("import os\nfrom typing import Any", set()),
        ("def f():\n    from lib import mod", {"lib.mod"}),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import lib.mod",
            {"lib.mod"},
        ),
    ],
)
def test_imports_are_resolved(source: str, expected: set[str]) -> None:
    assert imported_modules(source, "pkg.sub.this", False, KNOWN) == expected


def test_relative_imports_in_a_package_init() -> None:
    assert imported_modules("from . import mod", "pkg.sub", True, KNOWN) == {"pkg.sub.mod"}


@pytest.mark.parametrize(
    ("source", "explained"),
    [
        ('"""A module.\n\nLong because the grammar is one table.\n"""', True),
        ('"""A module.\n\n    Long because it is.\n"""', True),
        ('"""A module, long because of reasons."""', False),
        ('"""A module."""', False),
        ("x = 1", False),
    ],
)
def test_long_because_is_a_line_of_the_docstring(source: str, explained: bool) -> None:
    assert says_why_long(source) is explained
