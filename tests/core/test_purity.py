"""The core stays pure: no Prefect, database, templating or clock reads."""

from __future__ import annotations

import ast
from pathlib import Path

import arshjul.core

CORE = Path(arshjul.core.__file__).parent
FORBIDDEN_MODULES = (
    "prefect",
    "sqlmodel",
    "sqlalchemy",
    "jinja2",
    "models",
    "flows",
    "arshjul.settings",
    "os",
)
FORBIDDEN_CALLS = ("now", "today", "utcnow", "time")


def _imports(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_core_imports_nothing_impure() -> None:
    for path in CORE.glob("*.py"):
        tree = ast.parse(path.read_text())
        for name in _imports(tree):
            assert not any(
                name == bad or name.startswith(bad + ".") for bad in FORBIDDEN_MODULES
            ), f"{path.name} imports {name}"


def test_core_never_reads_the_clock() -> None:
    for path in CORE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in FORBIDDEN_CALLS, (
                    f"{path.name}:{node.lineno} calls .{node.func.attr}()"
                )
