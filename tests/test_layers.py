"""The layers hold: each part of the project imports only the parts below it.

    arshjul.core        pure rules; imports nothing of the project outside core
    arshjul.texts       words for codes; core only
    arshjul.errors      the error tree; core only
    models              tables and queries; core and errors
    notifications       rendering and channels; core and texts
    arshjul.services    one module per capability; anything but the CLI and the flows
    flows               orchestration; calls services (with the context and settings)
    arshjul.cli         the command line; nothing imports it

Checked on the source (every import, also those inside functions), so a lazy import
cannot slip past, and at the level of packages, which must form no cycle.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("arshjul", "models", "flows", "notifications")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Each project module and the project modules it imports."""
    graph: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = _module_name(path)
            found: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module)
                    found.update(f"{node.module}.{alias.name}" for alias in node.names)
            graph[module] = {name for name in found if name.split(".")[0] in PACKAGES}
    return graph


GRAPH = _imports()


def layer(module: str) -> str:
    """The unit the rules speak of: a subpackage of arshjul, a top-level module of arshjul
    (errors, settings, context, …), or one of the other top-level packages."""
    parts = module.split(".")
    if parts[0] != "arshjul" or len(parts) == 1:
        return parts[0]
    return f"arshjul.{parts[1]}"


def _existing(name: str) -> str | None:
    """`name` if it is a project module, else the module it is an attribute of."""
    while name and name not in GRAPH:
        name = name.rpartition(".")[0]
    return name or None


def imported_layers(prefix: str) -> dict[str, set[str]]:
    """For every module under `prefix`, the layers it imports (other than its own)."""
    result: dict[str, set[str]] = {}
    for module, names in GRAPH.items():
        if module != prefix and not module.startswith(prefix + "."):
            continue
        targets = {layer(m) for name in names if (m := _existing(name))}
        result[module] = targets - {layer(module)}
    return result


ALLOWED = {
    "arshjul.core": set(),
    "arshjul.texts": {"arshjul.core"},
    "arshjul.errors": {"arshjul.core"},
    "models": {"arshjul.core", "arshjul.errors"},
    "notifications": {"arshjul.core", "arshjul.texts"},
    "flows": {
        "arshjul.services",
        "arshjul.context",
        "arshjul.settings",
        "arshjul.errors",
        "arshjul.core",
    },
}


@pytest.mark.parametrize("prefix", sorted(ALLOWED))
def test_each_layer_imports_only_what_it_may(prefix: str) -> None:
    for module, targets in imported_layers(prefix).items():
        extra = targets - ALLOWED[prefix]
        assert not extra, f"{module} imports {sorted(extra)}; {prefix} may import {ALLOWED[prefix]}"


def test_services_never_import_the_cli_or_the_flows() -> None:
    for module, targets in imported_layers("arshjul.services").items():
        assert not targets & {"arshjul.cli", "flows"}, f"{module} imports {targets}"


def test_nothing_imports_the_cli() -> None:
    for module, names in GRAPH.items():
        if layer(module) == "arshjul.cli":
            continue
        assert not any(n == "arshjul.cli" or n.startswith("arshjul.cli.") for n in names), module


def test_no_cycles_between_packages() -> None:
    edges: dict[str, set[str]] = {}
    for module in GRAPH:
        edges.setdefault(layer(module), set()).update(imported_layers(module).get(module, set()))
    try:
        tuple(TopologicalSorter(edges).static_order())
    except CycleError as exc:
        raise AssertionError(f"package-level import cycle: {exc.args[1]}") from None


def test_the_rules_see_the_imports() -> None:
    """A guard on the guard: the graph finds known imports, lazy ones included."""
    assert "arshjul.core.lateness" in GRAPH["arshjul.services.submissions"]
    assert "flows.send_reminders" in GRAPH["arshjul.cli.reminders"]  # inside a function
    assert layer("arshjul.services.due") == "arshjul.services"
    assert layer("arshjul.errors") == "arshjul.errors"
