"""Every column of every command line table has a header in Swedish and English: the
tables are for people, so a field name (`meeting_date`) never shows as a header. The
columns are found in the source: the tuples handed to `emit` and `rows_table`, and the
module constants named …COLUMNS."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from arshjul.services.audit import SUBMISSION_COLUMNS
from arshjul.texts import COLUMNS, column_header

CLI = Path(__file__).resolve().parents[2] / "arshjul" / "cli"


def _strings(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Tuple) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
    ):
        return [e.value for e in node.elts]  # type: ignore[attr-defined]
    return None


def _table_columns() -> set[str]:
    found: set[str] = set(SUBMISSION_COLUMNS)
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith("COLUMNS") for t in node.targets
            ):
                found.update(_strings(node.value) or [])
            # emit(ctx, rows, output, columns, title) and _trail(tctx, muni, output, columns, …)
            called = isinstance(node, ast.Call) and getattr(node.func, "id", "")
            if called in ("emit", "_trail") and len(node.args) >= 4:
                found.update(_strings(node.args[3]) or [])
    return found


def test_the_source_has_tables() -> None:
    assert {
        "meeting_date",
        "laga_kraft",
        "frame_sek",
        "kf_budget",
        "seq",
        "run",
    } <= _table_columns()


@pytest.mark.parametrize("column", sorted(_table_columns()))
def test_every_column_has_a_header_in_both_languages(column: str) -> None:
    assert set(COLUMNS[column]) == {"sv", "en"}
    assert column_header(column, "sv") != column or column in ("utc",)


def test_the_wheels_table_has_swedish_headers() -> None:
    from typer.testing import CliRunner

    from arshjul.cli import app

    table = CliRunner().invoke(app, ["wheels", "--from", "2020", "--to", "2020"])
    header = next(line for line in table.stdout.splitlines() if "Kommun" in line)
    for heading in ("Namn", "Milstolpar", "Leveranser", "KF:s budget", "Budgetår", "Fel"):
        assert heading in header
    assert "kf_budget" not in table.stdout and "municipality" not in table.stdout
