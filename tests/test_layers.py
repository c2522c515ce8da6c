"""The layers hold: each part of the project imports only the parts below it.

    arshjul.core            pure rules; imports nothing of the project outside core
    arshjul.texts           words for codes; core only
    arshjul.errors          the error tree; core and texts' keys only
    arshjul.settings        the one settings object; nothing
    arshjul.models          tables, the database and shared queries; core and errors
    arshjul.context         the per-command/per-request context; settings, models, core
    arshjul.trail           the one audit writer, from the context; context, models
    arshjul.access          who may act (authorise, refusals recorded); trail and below
    arshjul.notifications   the reminders wing: selection, outbox, delivery, digests,
                            rendering and channels; access, models and everything below
    arshjul.services        one module per capability; the reminders wing and below
    arshjul.web             pages over the services; never a table or a query
    arshjul.flows           orchestration; services and the reminders wing
    arshjul.cli             the command line; nothing imports it

Checked on the source (every import, also those inside functions), so a lazy import
cannot slip past, and at the level of packages, which must form no cycle. The folders
flows/, models/ and notifications/ install as arshjul.flows, arshjul.models and
arshjul.notifications (pyproject.toml's package-dir), and are named so here.
"""

from __future__ import annotations

import ast
import tomllib
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _roots() -> dict[str, Path]:
    """Each import root and its folder, as pyproject.toml maps them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapped = config["tool"]["setuptools"]["package-dir"]
    return {"arshjul": ROOT / "arshjul", **{name: ROOT / folder for name, folder in mapped.items()}}


ROOTS = _roots()


def _module_name(root: str, folder: Path, path: Path) -> str:
    parts = [root, *path.relative_to(folder).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Each project module and the project modules it imports."""
    graph: dict[str, set[str]] = {}
    for root, folder in ROOTS.items():
        for path in sorted(folder.rglob("*.py")):
            module = _module_name(root, folder, path)
            found: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module)
                    found.update(f"{node.module}.{alias.name}" for alias in node.names)
            graph[module] = {name for name in found if name.split(".")[0] == "arshjul"}
    return graph


GRAPH = _imports()


def layer(module: str) -> str:
    """The unit the rules speak of: a subpackage or top-level module of arshjul."""
    parts = module.split(".")
    return ".".join(parts[:2])


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
        targets = {layer(m) for name in names if (m := _existing(name)) and m != "arshjul"}
        result[module] = targets - {layer(module)}
    return result


CORE = {"arshjul.core"}
BASE = CORE | {"arshjul.errors", "arshjul.settings", "arshjul.texts"}
STATE = BASE | {"arshjul.models", "arshjul.context", "arshjul.trail", "arshjul.access"}
ALLOWED = {
    "arshjul.core": set(),
    "arshjul.texts": CORE,
    "arshjul.errors": CORE,
    "arshjul.settings": set(),
    "arshjul.cycle_templates": set(),
    "arshjul.prefect_env": {"arshjul.settings"},
    "arshjul.prefect_server": {"arshjul.settings", "arshjul.prefect_env"},
    "arshjul.models": CORE | {"arshjul.errors"},
    "arshjul.context": CORE | {"arshjul.errors", "arshjul.settings", "arshjul.models"},
    "arshjul.trail": CORE | {"arshjul.context", "arshjul.models"},
    "arshjul.access": CORE
    | {"arshjul.errors", "arshjul.context", "arshjul.models", "arshjul.trail"},
    "arshjul.notifications": STATE,
    "arshjul.services": STATE | {"arshjul.notifications", "arshjul.cycle_templates"},
    "arshjul.web": BASE | {"arshjul.context", "arshjul.services"},
    "arshjul.flows": BASE
    | {"arshjul.context", "arshjul.services", "arshjul.notifications", "arshjul.prefect_env"},
}


@pytest.mark.parametrize("prefix", sorted(ALLOWED))
def test_each_layer_imports_only_what_it_may(prefix: str) -> None:
    for module, targets in imported_layers(prefix).items():
        extra = targets - ALLOWED[prefix]
        assert not extra, f"{module} imports {sorted(extra)}; {prefix} may import {ALLOWED[prefix]}"


def test_every_layer_has_a_rule() -> None:
    """A new package or top-level module is placed in the layers when it is added."""
    layers = {layer(module) for module in GRAPH} - {"arshjul", "arshjul.cli"}
    assert layers <= set(ALLOWED), sorted(layers - set(ALLOWED))


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


def _module_cycles(prefix: str) -> list[list[str]]:
    """Import circles between the modules under `prefix` (strongly connected groups)."""
    edges = {
        module: {m for name in names if (m := _existing(name)) and m.startswith(prefix)}
        for module, names in GRAPH.items()
        if module.startswith(prefix)
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, set()) - {node}:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while (top := stack.pop()) != node:
                group.append(top)
            group.append(node)
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("prefix", ["arshjul.web", "arshjul.notifications", "arshjul.services"])
def test_no_import_circles_between_modules(prefix: str) -> None:
    """Within a package, too: a router that imports back from the app factory makes a
    circle every file of the package is part of."""
    assert _module_cycles(prefix) == []


def test_the_web_reaches_no_table_or_query() -> None:
    """Pages call services; the services query (sqlalchemy and sqlmodel stay out too)."""
    for root, folder in ROOTS.items():
        if root != "arshjul":
            continue
        for path in sorted((folder / "web").rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                for name in names:
                    assert name.split(".")[0] not in {"sqlalchemy", "sqlmodel"}, (path, name)


def test_the_reminders_wing_is_used_through_its_face() -> None:
    """Outside arshjul.notifications only the names of its __init__ are used, so the wing's
    modules can change shape without a walk through the rest of the program."""
    import arshjul.notifications as wing

    for module, names in GRAPH.items():
        if layer(module) == "arshjul.notifications":
            continue
        inner = {n for n in names if n.startswith("arshjul.notifications.")}
        assert inner <= {f"arshjul.notifications.{name}" for name in wing.__all__}, (
            module,
            sorted(inner),
        )


def test_no_name_of_the_face_is_also_a_module_of_the_wing() -> None:
    """Importing a submodule sets it as an attribute of the package: a function named
    like its module would be shadowed by it."""
    import arshjul.notifications as wing

    modules = {p.stem for p in ROOTS["arshjul.notifications"].glob("*.py")}
    assert not modules & set(wing.__all__)


def test_only_the_trail_appends_to_the_audit_chain() -> None:
    """Every audit event is written through arshjul.trail.record, which takes the context:
    an event cannot be written without who acted, who ran the program, and when."""
    writers = {
        module for module, names in GRAPH.items() if "arshjul.models.audit.append_on" in names
    }
    assert writers == {"arshjul.trail"}


def test_the_rules_see_the_imports() -> None:
    """A guard on the guard: the graph finds known imports, lazy ones included."""
    assert "arshjul.core.lateness" in GRAPH["arshjul.services.submissions"]
    assert "arshjul.flows.send_reminders" in GRAPH["arshjul.cli.reminders"]  # in a function
    assert "arshjul.models.tables" in GRAPH["arshjul.notifications.due"]
    assert layer("arshjul.notifications.due") == "arshjul.notifications"
    assert layer("arshjul.errors") == "arshjul.errors"
