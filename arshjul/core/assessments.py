"""A nämnd's assessment of its commitments in a follow-up report (tertial report,
delårsrapport, verksamhetsberättelse): for each chosen goal and each vision area it
contributes to, a level on a fixed scale, a short comment, and values of the indicators
the commitment names. Checked against the commitments in force (those handed in with the
verksamhetsplan of the same budget year); every problem names its field and line.

    goals:
      4:
        assessment: delvis uppfyllt          # or the level's key: partly_met
        comment: Fler behöriga lärare, men …
        indicators: {N15419: "78,5"}
    vision:
      tillvaxt: {assessment: uppfyllt}

The same document comes from a file (`submit --assessments FILE`) or from the hand-in
form, whose fields are named by the same paths (`goals.4.assessment`,
`goals.4.indicators.N15419`; see `document_from_fields`). A commitment left unassessed
is a warning: the follow-up is light by design (Tillitsdelegationen), and the roll-up shows
it as a gap.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from arshjul.core.addresses import control_character
from arshjul.core.commitments import CommitmentKind, CommitmentRef, Commitments
from arshjul.core.goals import goal_number
from arshjul.core.indicators import format_number, parse_number
from arshjul.core.problems import Problem, Severity

COMMENT_CHARS = 1000  # default limit: "a short comment", not a second report
SECTIONS = {"goals": CommitmentKind.GOAL, "vision": CommitmentKind.VISION}
FIELDS = ["assessment", "comment", "indicators"]


class Level(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_ASSESSABLE = "not_assessable"


LEVELS = tuple(Level)
# How the levels compare; "cannot be assessed" is no step on the scale.
RANK = {Level.MET: 2, Level.PARTLY_MET: 1, Level.NOT_MET: 0}
DEFAULT_NAMES: dict[Level, dict[str, str]] = {
    Level.MET: {"sv": "Uppfyllt", "en": "Met"},
    Level.PARTLY_MET: {"sv": "Delvis uppfyllt", "en": "Partly met"},
    Level.NOT_MET: {"sv": "Inte uppfyllt", "en": "Not met"},
    Level.NOT_ASSESSABLE: {"sv": "Går inte att bedöma", "en": "Cannot be assessed"},
}


def _norm(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.strip().casefold())


@dataclass(frozen=True, slots=True)
class Scale:
    """The four levels, under the names the municipality uses (ARSHJUL_ASSESSMENT_NAMES)
    or the defaults. A level is read from its key, its configured name or a default name
    in either language, so an older file still reads after the names change."""

    names: tuple[str, ...] = ()  # configured, in LEVELS order; () for the defaults

    def name(self, level: Level, lang: str = "sv") -> str:
        if self.names:
            return self.names[LEVELS.index(level)]
        return DEFAULT_NAMES[level]["en" if lang == "en" else "sv"]

    def level_of(self, value: Any) -> Level | None:
        if not isinstance(value, str) or not value.strip():
            return None
        wanted = _norm(value)
        for level in LEVELS:
            known = {level.value, *DEFAULT_NAMES[level].values()}
            if self.names:
                known.add(self.names[LEVELS.index(level)])
            if wanted in {_norm(k) for k in known}:
                return level
        return None

    def choices(self, lang: str = "sv") -> list[tuple[Level, str]]:
        return [(level, self.name(level, lang)) for level in LEVELS]


@dataclass(frozen=True, slots=True)
class Assessment:
    ref: CommitmentRef
    level: Level
    comment: str = ""
    values: tuple[tuple[str, float], ...] = ()  # (indicator ref, value)

    def as_payload(self) -> dict[str, Any]:
        """What the audit trail records of it (the hash chain covers every field)."""
        return {
            "kind": self.ref.kind.value,
            "key": self.ref.key,
            "level": self.level.value,
            "comment": self.comment,
            "values": dict(self.values),
        }


def canonical(assessments: tuple[Assessment, ...]) -> tuple[Assessment, ...]:
    """In commitment order, so two sets compare equal whatever order they were given in."""
    return tuple(sorted(assessments, key=lambda a: (a.ref.kind.value, a.ref.key)))


def parse_assessments(
    data: Any,
    *,
    file: str,
    commitments: Commitments,
    scale: Scale,
    comment_chars: int = COMMENT_CHARS,
) -> tuple[tuple[Assessment, ...] | None, list[Problem]]:
    """Check a document against the nämnd's commitments; (None, problems) on any error."""
    check = _Check(file)
    if not isinstance(data, dict):
        got = type(data).__name__
        check.report("wrong_type", "", getattr(data, "line", 1), expected="mapping", got=got)
        return None, check.problems
    found: list[Assessment] = []
    for section, value in data.items():
        kind = SECTIONS.get(section) if isinstance(section, str) else None
        line = _line(data, section)
        if kind is None:
            check.report("unknown_field", str(section), line, allowed=sorted(SECTIONS))
        elif not isinstance(value, dict):
            got = type(value).__name__
            check.report("wrong_type", section, line, expected="mapping", got=got)
        else:
            found += _section(check, value, kind, commitments, scale, comment_chars)
    given = {a.ref for a in found}
    for ref in commitments.refs():
        if ref not in given and not check.failed:
            check.report("not_assessed", ref.path, None, Severity.WARNING)
    if check.failed:
        return None, check.problems
    return canonical(tuple(found)), check.problems


def _section(
    check: _Check,
    entries: dict[Any, Any],
    kind: CommitmentKind,
    commitments: Commitments,
    scale: Scale,
    comment_chars: int,
) -> list[Assessment]:
    found: list[Assessment] = []
    section = "goals" if kind is CommitmentKind.GOAL else "vision"
    for key, entry in entries.items():
        path, line = f"{section}.{key}", _line(entries, key)
        ref = _ref(kind, key, commitments)
        if ref is None:
            code = "not_a_chosen_goal" if kind is CommitmentKind.GOAL else "not_a_covered_area"
            check.report(code, path, line, value=key)
            continue
        if not isinstance(entry, dict):
            check.report("wrong_type", path, line, expected="mapping", got=type(entry).__name__)
            continue
        assessment = _one(check, entry, ref, path, commitments, scale, comment_chars)
        if assessment is not None:
            found.append(assessment)
    return found


def _ref(kind: CommitmentKind, key: Any, commitments: Commitments) -> CommitmentRef | None:
    """The commitment a key names, if the nämnd made it."""
    if kind is CommitmentKind.GOAL:
        number = goal_number(key)
        ok = number is not None and number in commitments.goals
        return CommitmentRef(kind, str(number)) if ok else None
    ok = isinstance(key, str) and key in commitments.vision_statements
    return CommitmentRef(kind, str(key)) if ok else None


def _one(
    check: _Check,
    entry: dict[Any, Any],
    ref: CommitmentRef,
    path: str,
    commitments: Commitments,
    scale: Scale,
    comment_chars: int,
) -> Assessment | None:
    for key in entry:
        if key not in FIELDS:
            check.report("unknown_field", f"{path}.{key}", _line(entry, key), allowed=FIELDS)
    errors = len(check.problems)
    level = scale.level_of(entry.get("assessment"))
    if level is None:
        check.report(
            "unknown_assessment" if "assessment" in entry else "missing_field",
            f"{path}.assessment",
            _line(entry, "assessment"),
            value=entry.get("assessment", ""),
            expected=[name for _level, name in scale.choices()],
        )
    comment = _comment(check, entry, path, comment_chars)
    values = _values(check, entry, ref, path, commitments)
    if level is None or len(check.problems) > errors:
        return None
    return Assessment(ref, level, comment, values)


def _comment(check: _Check, entry: dict[Any, Any], path: str, limit: int) -> str:
    raw = entry.get("comment", "")
    line, where = _line(entry, "comment"), f"{path}.comment"
    if raw is None:
        return ""
    if not isinstance(raw, str):
        check.report("wrong_type", where, line, expected="text", got=type(raw).__name__)
        return ""
    text = raw.strip().replace("\r\n", "\n")
    if len(text) > limit:
        check.report("comment_too_long", where, line, count=len(text), max=limit)
    found = control_character(text, multiline=True)
    if found is not None:
        check.report("control_character", where, line, char=found)
    return text


def _values(
    check: _Check, entry: dict[Any, Any], ref: CommitmentRef, path: str, commitments: Commitments
) -> tuple[tuple[str, float], ...]:
    raw = entry.get("indicators") or {}
    where = f"{path}.indicators"
    if not isinstance(raw, dict):
        got = type(raw).__name__
        check.report("wrong_type", where, _line(entry, "indicators"), expected="mapping", got=got)
        return ()
    named = [i.ref for i in commitments.indicators.get(ref, ())]
    values: list[tuple[str, float]] = []
    for key, value in raw.items():
        field, line = f"{where}.{key}", _line(raw, key)
        if key not in named:
            check.report("unknown_indicator", field, line, value=key, known=named)
        elif value is None or value == "":
            continue  # left empty in the form: no value this time
        elif (number := parse_number(value)) is None:
            check.report("not_a_number", field, line, value=value)
        else:
            values.append((str(key), number))
    return tuple(sorted(values, key=lambda v: named.index(v[0])))


def read_assessments(
    text: str,
    *,
    file: str,
    commitments: Commitments,
    scale: Scale,
    comment_chars: int = COMMENT_CHARS,
) -> tuple[tuple[Assessment, ...] | None, list[Problem]]:
    """Parse and check an assessments file's text (YAML or JSON)."""
    from arshjul.core.yaml_lines import load_yaml  # PyYAML only when a file is read

    data, syntax = load_yaml(text, file)
    if syntax:
        return None, syntax
    return parse_assessments(
        data, file=file, commitments=commitments, scale=scale, comment_chars=comment_chars
    )


MAX_FIELDS = 500  # a form has one row per commitment, a few fields each


def document_from_fields(fields: Mapping[str, str]) -> dict[str, Any]:
    """The hand-in form's fields (`goals.4.assessment`, `vision.tillvaxt.comment`,
    `goals.4.indicators.N15419`) as the document `parse_assessments` reads. Other fields
    are left out; a row left wholly empty is not given at all (so a form with nothing
    filled in hands in no assessments). Bounded by `MAX_FIELDS`."""
    document: dict[str, dict[str, dict[str, Any]]] = {}
    for name, value in list(fields.items())[:MAX_FIELDS]:
        parts = name.split(".")
        if len(parts) < 3 or parts[0] not in SECTIONS:
            continue
        entry = document.setdefault(parts[0], {}).setdefault(parts[1], {})
        if len(parts) == 3 and parts[2] in ("assessment", "comment"):
            entry[parts[2]] = value
        elif len(parts) == 4 and parts[2] == "indicators":
            entry.setdefault("indicators", {})[parts[3]] = value
    for section in document.values():
        for key in [k for k, entry in section.items() if _blank(entry)]:
            del section[key]
    return {name: section for name, section in document.items() if section}


def _blank(entry: dict[str, Any]) -> bool:
    """Nothing filled in: no assessment, no comment, no value."""
    values = entry.get("indicators", {}).values()
    return not any(
        str(v).strip() for v in (entry.get("assessment"), entry.get("comment"), *values) if v
    )


def as_yaml(
    rows: list[tuple[CommitmentRef, str, Assessment | None, tuple[str, ...]]], scale: Scale
) -> str:
    """A file to fill in and hand in with `submit --assessments`: one entry per commitment
    (with its name as a comment), prefilled where `rows` give an assessment."""
    import json

    lines: list[str] = []
    for section, kind in SECTIONS.items():
        mine = [row for row in rows if row[0].kind is kind]
        if not mine:
            continue
        lines.append(f"{section}:")
        for ref, title, given, indicators in mine:
            lines.append(f"  {json.dumps(ref.key)}:  # {title}")
            level = scale.name(given.level) if given else ""
            lines.append(f"    assessment: {json.dumps(level, ensure_ascii=False)}")
            comment = given.comment if given else ""
            lines.append(f"    comment: {json.dumps(comment, ensure_ascii=False)}")
            if indicators:
                known = dict(given.values) if given else {}
                lines.append("    indicators:")
                for indicator in indicators:
                    value = format_number(known[indicator]) if indicator in known else ""
                    lines.append(f"      {indicator}: {json.dumps(value)}")
    return "\n".join(lines) + "\n"


class _Check:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def report(
        self,
        code: str,
        field: str,
        line: int | None,
        severity: Severity = Severity.ERROR,
        **params: Any,
    ) -> None:
        self.problems.append(Problem(code, self.file, line, field, params, severity))

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def _line(container: Any, key: Any) -> int | None:
    return getattr(container, "key_lines", {}).get(key, getattr(container, "line", None))
