"""Reading a cycle template file: the edge where a name or a path becomes text for the
pure parser (arshjul.core.template_loader). An unreadable file is a problem with its path,
not an exception, so `validate` reports it like any other."""

from __future__ import annotations

from pathlib import Path

from arshjul.core.problems import Problem
from arshjul.core.template import CycleTemplate
from arshjul.core.template_loader import parse_template
from arshjul.cycle_templates import resolve


def load_template(name_or_path: str | Path) -> tuple[CycleTemplate | None, list[Problem]]:
    """A shipped template by name (`timra`) or a file by path, parsed and checked."""
    path = resolve(str(name_or_path))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem("unreadable", str(path), None, "", {"detail": str(exc)})]
    return parse_template(text, str(path))
