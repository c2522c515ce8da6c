"""A body's `contacts:` in the wheel's template text, edited as text: a person added, a
person's name or role changed, a person removed, every other line and comment kept as it
was. Pure: text in, text out (None when the entry cannot be edited as text, such as a
body or contact list written on one line). The result is validated by the caller with
the template's own validator before anything is stored."""

from __future__ import annotations

import json
import re

_CONTACTS = re.compile(r"^contacts:\s*(#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _significant(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _end(lines: list[str], start: int, indent: int, *, compact: bool = False) -> int:
    """The index after the block starting at `start` whose lines are indented deeper than
    `indent` (with `compact`, a list's `- ` items at `indent` too); trailing blank lines
    and comments stay after it."""
    end = start + 1
    while end < len(lines):
        line = lines[end]
        deeper = _indent(line) > indent
        item = compact and _indent(line) == indent and line.lstrip().startswith("-")
        if _significant(line) and not deeper and not item:
            break
        end += 1
    while end > start + 1 and not _significant(lines[end - 1]):
        end -= 1
    return end


def contact_line(indent: int, role: str, name: str, email: str) -> str:
    """One contact as a YAML flow mapping; name and address quoted as JSON strings (valid
    YAML double-quoted scalars), so no character in them can end the mapping."""
    quoted = json.dumps(name, ensure_ascii=False)
    return f"{' ' * indent}- {{role: {role}, name: {quoted}, email: {json.dumps(email)}}}"


def _joined(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def with_contact_added(
    text: str, *, body_line: int, role: str, name: str, email: str
) -> str | None:
    """`text` with a contact added last in the `contacts:` of the body whose list item
    starts on `body_line` (1-based); a `contacts:` key is added when it has none."""
    lines = text.splitlines()
    start = body_line - 1
    if not 0 <= start < len(lines) or not lines[start].lstrip().startswith("- "):
        return None
    if "{" in lines[start].split("#")[0]:
        return None
    key_indent = _indent(lines[start]) + 2
    end = _end(lines, start, key_indent - 2)
    for i in range(start + 1, end):
        if _indent(lines[i]) == key_indent and lines[i].strip().startswith("contacts:"):
            if not _CONTACTS.match(lines[i].strip()):
                return None  # a flow list: `contacts: [...]`
            items = _end(lines, i, key_indent, compact=True)
            first = next((j for j in range(i + 1, items) if _significant(lines[j])), None)
            indent = _indent(lines[first]) if first is not None else key_indent + 2
            new = contact_line(indent, role, name, email)
            return _joined([*lines[:items], new, *lines[items:]])
    added = [" " * key_indent + "contacts:", contact_line(key_indent + 2, role, name, email)]
    return _joined(lines[:end] + added + lines[end:])


def _contact_span(lines: list[str], contact_line_no: int) -> tuple[int, int] | None:
    start = contact_line_no - 1
    if not 0 <= start < len(lines) or not lines[start].lstrip().startswith("- "):
        return None
    return start, _end(lines, start, _indent(lines[start]))


def with_contact_replaced(
    text: str, *, contact_line_no: int, role: str, name: str, email: str
) -> str | None:
    """`text` with the contact whose list item starts on `contact_line_no` rewritten."""
    lines = text.splitlines()
    span = _contact_span(lines, contact_line_no)
    if span is None:
        return None
    start, end = span
    new = contact_line(_indent(lines[start]), role, name, email)
    return _joined([*lines[:start], new, *lines[end:]])


def without_contact(text: str, *, contact_line_no: int) -> str | None:
    """`text` without the contact whose list item starts on `contact_line_no`; the
    `contacts:` key goes too when it was the last one (an empty key is not a list)."""
    lines = text.splitlines()
    span = _contact_span(lines, contact_line_no)
    if span is None:
        return None
    start, end = span
    lines = lines[:start] + lines[end:]
    key = next(
        (i for i in range(start - 1, -1, -1) if _CONTACTS.match(lines[i].strip())),
        None,
    )
    if key is not None:
        rest = _end(lines, key, _indent(lines[key]), compact=True)
        if not any(_significant(line) for line in lines[key + 1 : rest]):
            lines = lines[:key] + lines[rest:]
    return _joined(lines)
