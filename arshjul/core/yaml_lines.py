"""YAML (and JSON) with line numbers, and a typed reader that turns every surprise into a
located Problem. Shared by cycle templates and commitments files: both must say, for each
problem, the file, the line and the field, in Swedish or English.

Pure: it parses text handed to it; reading the file is the caller's edge.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import yaml

from arshjul.core.addresses import control_character
from arshjul.core.problems import Problem, Severity


class LineMap(dict[Any, Any]):
    """A YAML mapping that remembers the line of itself and of each key (1-based)."""

    line: int
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A YAML sequence that remembers the line of itself and of each item (1-based)."""

    line: int
    item_lines: list[int]


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class AliasRefused(yaml.MarkedYAMLError):
    pass


class _LineLoader(yaml.SafeLoader):
    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Refuse aliases (`*name`): a few lines of nested aliases expand to billions of
        nodes ("billion laughs"), and a template or commitments file never needs them."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise AliasRefused(
                problem=f"alias *{event.anchor} (anchors and aliases are not allowed)",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_line_map(self, node: yaml.MappingNode) -> LineMap:
        mapping = LineMap()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in mapping:
                raise DuplicateKey(
                    problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_line_list(self, node: yaml.SequenceNode) -> LineList:
        items = LineList(self.construct_object(child, deep=True) for child in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_line_map
)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_line_list
)


class Reader:
    """Typed access to a LineMap that turns every surprise into a located Problem."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def report(
        self,
        code: str,
        line: int | None,
        field: str,
        severity: Severity = Severity.ERROR,
        **params: Any,
    ) -> None:
        self.problems.append(Problem(code, self.file, line, field, params, severity))

    def mapping(self, value: Any, line: int | None, path: str) -> LineMap | None:
        if isinstance(value, LineMap):
            return value
        self.report("wrong_type", line, path, expected="mapping", got=kind_of(value))
        return None

    def check_keys(self, m: LineMap, path: str, allowed: tuple[str, ...]) -> None:
        for key in m:
            if key not in allowed:
                self.report(
                    "unknown_field", m.key_lines[key], join(path, str(key)), allowed=list(allowed)
                )

    def line(self, m: LineMap, key: str) -> int:
        return m.key_lines.get(key, m.line)

    def text(
        self,
        m: LineMap,
        key: str,
        path: str,
        default: str | None = None,
        *,
        multiline: bool = False,
    ) -> str | None:
        """A text field. Control characters are refused (line breaks and tabs too unless
        `multiline`): names and titles end up in mail headers, where CR and LF add lines."""
        if key not in m:
            if default is None:
                self.report("missing_field", m.line, join(path, key), expected="text")
            return default
        value = m[key]
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.report(
                "wrong_type",
                self.line(m, key),
                join(path, key),
                expected="text",
                got=kind_of(value),
            )
            return default
        found = control_character(value.strip(), multiline=multiline)
        if found is not None:
            self.report("control_character", self.line(m, key), join(path, key), char=found)
            return default
        return value.strip()

    def integer(
        self,
        m: LineMap,
        key: str,
        path: str,
        *,
        default: int | None = None,
        required: bool = False,
        low: int | None = None,
        high: int | None = None,
    ) -> int | None:
        if key not in m:
            if required:
                self.report("missing_field", m.line, join(path, key), expected="integer")
            return default
        value = m[key]
        if not isinstance(value, int) or isinstance(value, bool):
            self.report(
                "wrong_type",
                self.line(m, key),
                join(path, key),
                expected="integer",
                got=kind_of(value),
            )
            return default
        if (low is not None and value < low) or (high is not None and value > high):
            self.report(
                "out_of_range", self.line(m, key), join(path, key), value=value, low=low, high=high
            )
            return default
        return value

    def choice(
        self, m: LineMap, key: str, path: str, options: dict[str, Any], default: Any = None
    ) -> Any:
        if key not in m:
            if default is None:
                self.report("missing_field", m.line, join(path, key), expected=sorted(options))
            return default
        value = m[key]
        if isinstance(value, str) and value.strip().lower() in options:
            return options[value.strip().lower()]
        self.report(
            "bad_choice", self.line(m, key), join(path, key), value=value, expected=sorted(options)
        )
        return default

    def items(
        self, m: LineMap, key: str, path: str, required: bool = True
    ) -> Iterator[tuple[Any, int, str]]:
        """Yield (item, line, path) for a list field."""
        if key not in m:
            if required:
                self.report("missing_field", m.line, join(path, key), expected="list")
            return
        value = m[key]
        if not isinstance(value, LineList):
            self.report(
                "wrong_type",
                self.line(m, key),
                join(path, key),
                expected="list",
                got=kind_of(value),
            )
            return
        for index, (item, line) in enumerate(zip(value, value.item_lines, strict=True)):
            yield item, line, f"{join(path, key)}[{index}]"

    def keys(self, m: LineMap, key: str, path: str) -> tuple[str, ...]:
        """A list of keys, or a single key written without brackets."""
        if key not in m:
            return ()
        value = m[key]
        if isinstance(value, str):
            return (value.strip(),)
        found: list[str] = []
        for item, line, item_path in self.items(m, key, path):
            if isinstance(item, str) and item.strip():
                found.append(item.strip())
            else:
                self.report("wrong_type", line, item_path, expected="text", got=kind_of(item))
        return tuple(found)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text" if value.strip() else "empty text"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dt.date):
        return "date"
    return "nothing" if value is None else type(value).__name__


MAX_CHARS = 1_000_000  # a municipality's wheel is tens of kilobytes; a commitments file less
MAX_DEPTH = 50  # brackets within brackets; a wheel nests five or six deep
MAX_INDENT = 120  # spaces before a line's content: some fifty levels of block nesting


def nested_too_deep(text: str) -> int | None:
    """The first line that nests deeper than the parser should be asked to follow (its
    composer recurses once per level), found without parsing; None if none does."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) - len(line.lstrip(" ")) > MAX_INDENT:
            return number
        for bracket in re.findall(r"[\[\]{}]", re.sub(_QUOTED, "", line)):
            depth = max(depth + (1 if bracket in "[{" else -1), 0)
            if depth > MAX_DEPTH:
                return number
    return None


_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''


def load_yaml(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Safe-load YAML (or JSON) keeping line numbers: mappings come back as LineMap and
    sequences as LineList. A syntax error is one Problem with its line. Bounded: a text
    over `MAX_CHARS`, nesting deeper than `MAX_DEPTH` brackets or `MAX_INDENT` spaces, and
    any alias are refused before they can cost memory or the parser's stack."""
    r = Reader(file)
    if len(text) > MAX_CHARS:
        r.report("too_large", None, "", size=len(text), limit=MAX_CHARS)
        return None, r.problems
    deep = nested_too_deep(text)
    if deep is not None:
        r.report("too_deep", deep, "", limit=MAX_DEPTH)
        return None, r.problems
    try:
        return yaml.load(text, Loader=_LineLoader), []  # a SafeLoader subclass
    except RecursionError:  # nesting the scan above cannot see (in a plain scalar's wake)
        r.report("too_deep", None, "", limit=MAX_DEPTH)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        r.report("yaml_syntax", mark.line + 1 if mark else None, "", detail=str(exc.problem))
    except yaml.YAMLError as exc:
        r.report("yaml_syntax", None, "", detail=str(exc))
    return None, r.problems
