"""No production function longer than 80 lines: a longer one holds several steps that
want names of their own (the guide's "small modules, names that say what they hold")."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 80


def test_no_production_function_is_longer_than_80_lines() -> None:
    long = []
    for folder in ("arshjul", "flows", "models", "notifications"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations/versions" in path.as_posix():
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines = (node.end_lineno or node.lineno) - node.lineno + 1
                    if lines > LIMIT:
                        long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} {lines}")
    assert long == []
