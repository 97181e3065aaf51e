"""The house: the import graph runs one way, from the command line down to the data model.

Each module of ``src/edu_rules`` stands on a floor; a module imports only from its own
floor or below (never from a floor above), and no modules import each other in a loop.
Imports inside functions count too: they shape the house as much as those at the
top.  A plugin takes everything from the front door, ``edu_rules``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "edu_rules"

FLOORS: tuple[tuple[str, ...], ...] = (
    # 0: private helpers that know nothing of the domain's objects
    (
        "edu_rules._limits",
        "edu_rules._text",
        "edu_rules._resources",
        "edu_rules._messages",
        "edu_rules._budget",
        "edu_rules._numbers",
        "edu_rules._frozen",
        "edu_rules._version",
    ),
    ("edu_rules.model",),  # 1: the public types
    ("edu_rules.evaluators",),  # 2: the law's general evaluators
    ("edu_rules.hookspecs", "edu_rules.plugins"),  # 3: the plugin contract and registry
    ("edu_rules.engine", "edu_rules.layering"),  # 4: stacking layers, the law, the verdict
    ("edu_rules.io",),  # 5: reading, validating and writing documents
    ("edu_rules.planner",),  # 6: plans and what-if
    ("edu_rules.batch",),  # 7: many units, targets
    ("edu_rules.reports",),  # 8: the reports on results
    ("edu_rules.monitoring", "edu_rules.store"),  # 9: annual monitoring; the city's record
    ("edu_rules.web",),  # 10: the web service
    ("edu_rules.cli",),  # 11: the command line (``edu-rules serve`` starts the service)
    ("edu_rules.testing",),  # 12: the property kit for plugin authors
    ("edu_rules",),  # 13: the front door
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _home(module: str) -> tuple[int, str]:
    """The floor of a module and the group (one entry of :data:`FLOORS`) it belongs to."""
    best: tuple[int, str] | None = None
    for floor, groups in enumerate(FLOORS):
        for group in groups:
            inside = module == group or module.startswith(group + ".")
            if inside and (best is None or len(group) > len(best[1])):
                best = (floor, group)
    assert best is not None, f"{module} stands on no floor: add it to FLOORS"
    return best


def _imports(path: Path, module: str) -> Iterator[tuple[str, int]]:
    """``(imported edu_rules module, line)`` for every import in a file, wherever it stands."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                yield (candidate if candidate in MODULES else target), node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno


def _edges() -> Iterator[tuple[str, str, int]]:
    for module, path in MODULES.items():
        for target, line in _imports(path, module):
            if target.split(".")[0] == "edu_rules" and target != module:
                yield module, target, line


class TestTheFloors:
    def test_every_module_stands_on_a_floor(self):
        for module in MODULES:
            _home(module)

    def test_no_import_runs_back_up(self):
        """A module imports from its own floor or below, never from above."""
        upward = [
            f"{module}:{line} imports {target}"
            for module, target, line in _edges()
            if _home(target)[0] > _home(module)[0]
        ]
        assert upward == []

    def test_no_modules_import_each_other_in_a_loop(self):
        graph: dict[str, set[str]] = {module: set() for module in MODULES}
        for module, target, _ in _edges():
            if target in MODULES:
                graph[module].add(target)
        loops = [component for component in _strongly_connected(graph) if len(component) > 1]
        assert loops == []


class TestPluginsUseTheFrontDoor:
    SOURCES = sorted(
        path for folder in ("plugins", "examples") for path in (ROOT / folder).glob("*/src/**/*.py")
    )

    def test_there_are_plugins_to_check(self):
        assert len(self.SOURCES) >= 6

    @pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
    def test_a_plugin_imports_only_edu_rules_itself(self, path):
        behind = [
            f"line {line}: {target}"
            for target, line in _imports(path, "plugin")
            if target.startswith("edu_rules.")
        ]
        assert behind == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the strongly connected components of ``graph``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_readme_draws_every_package_of_the_house():
    """The README's table of the house names every package and top-level module there is."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### The house", 1)[1].split("\n\n", 2)[2]
    packages = sorted(f"`{p.name}/`" for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    modules = ["`hookspecs.py`", "`plugins.py`", "`engine.py`", "`__init__.py`"]
    assert [name for name in [*packages, *modules] if name not in table] == []
