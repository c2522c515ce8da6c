"""Reading a cycle template file: the edge where a name or a path becomes text for the
pure parser (arshjul.core.template_loader). An unreadable file (missing, a link, over
1 MB, not UTF-8) is a problem with its path, not an exception, so `validate` reports it
like any other; its size is checked before it is read."""

from __future__ import annotations

from pathlib import Path

from arshjul.core.problems import Problem
from arshjul.core.template import CycleTemplate
from arshjul.core.template_loader import parse_template
from arshjul.cycle_templates import resolve
from arshjul.errors import InvalidInput
from arshjul.services.bounded_files import MAX_TEXT_BYTES, read_text_file


def read_template(name_or_path: str | Path) -> tuple[str | None, str, list[Problem]]:
    """(text, the path it was read from, problems): a shipped template by name or a file."""
    path = resolve(str(name_or_path))
    try:
        text = read_text_file(path, MAX_TEXT_BYTES)
    except InvalidInput as exc:
        return None, str(path), [Problem(exc.key, str(path), None, "", exc.params)]
    return text, str(path), []


def load_template(name_or_path: str | Path) -> tuple[CycleTemplate | None, list[Problem]]:
    """A shipped template by name (`timra`) or a file by path, parsed and checked."""
    text, path, problems = read_template(name_or_path)
    if text is None:
        return None, problems
    return parse_template(text, path)
