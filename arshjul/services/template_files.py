"""Reading a cycle template file: the edge where a name or a path becomes text for the
pure parser (arshjul.core.template_loader). An unreadable file is a problem with its path,
not an exception, so `validate` reports it like any other."""

from __future__ import annotations

from pathlib import Path

from arshjul.core.problems import Problem
from arshjul.core.template import CycleTemplate
from arshjul.core.template_loader import parse_template
from arshjul.cycle_templates import resolve


def read_template(name_or_path: str | Path) -> tuple[str | None, str, list[Problem]]:
    """(text, the path it was read from, problems): a shipped template by name or a file."""
    path = resolve(str(name_or_path))
    try:
        return path.read_text(encoding="utf-8"), str(path), []
    except (OSError, UnicodeDecodeError) as exc:
        return None, str(path), [Problem("unreadable", str(path), None, "", {"detail": str(exc)})]


def load_template(name_or_path: str | Path) -> tuple[CycleTemplate | None, list[Problem]]:
    """A shipped template by name (`timra`) or a file by path, parsed and checked."""
    text, path, problems = read_template(name_or_path)
    if text is None:
        return None, problems
    return parse_template(text, path)
