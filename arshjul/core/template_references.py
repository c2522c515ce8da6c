"""References between a template's parts: unknown or duplicate keys and dependency
cycles, each located in the file. Run once the sections have been read."""

from __future__ import annotations

from typing import Any

from arshjul.core.problems import Problem
from arshjul.core.template import (
    EACH_MEETING,
    EVERY_BOLAG,
    EVERY_NAMND,
    AfterMeeting,
    AfterMilestone,
    AfterMonthEnd,
    BeforeMeeting,
    BodyKind,
    CalendarMeeting,
    CycleTemplate,
    EachMeetingOf,
    EachMonth,
    LastOwnMeetingBefore,
    OnMeeting,
)


def check_references(t: CycleTemplate) -> list[Problem]:
    """Unknown or duplicate keys and dependency cycles, each located in the file."""
    problems: list[Problem] = []

    def report(code: str, line: int | None, field: str, **params: Any) -> None:
        problems.append(Problem(code, t.file, line, field, params))

    body_keys = _unique(t.bodies, "bodies", t.file, problems)
    meeting_keys = _unique(t.meetings, "meetings", t.file, problems)
    milestone_keys = _unique(t.milestones, "milestones", t.file, problems)

    for i, body in enumerate(t.bodies):
        if body.part_of is not None and (body.part_of not in body_keys or body.part_of == body.key):
            report(
                "unknown_body",
                body.line,
                f"bodies[{i}].part_of",
                value=body.part_of,
                known=sorted(body_keys - {body.key}),
            )
        if body.kind is not BodyKind.UTSKOTT and body.part_of is not None:
            report(
                "bad_value",
                body.line,
                f"bodies[{i}].part_of",
                value=body.part_of,
                expected="part_of only on an utskott (kind: utskott)",
            )

    calendar_bodies: set[str] = set()
    for i, calendar in enumerate(t.calendars):
        if calendar.body not in body_keys:
            report(
                "unknown_body",
                calendar.line,
                f"calendars[{i}].body",
                value=calendar.body,
                known=sorted(body_keys),
            )
        elif calendar.body in calendar_bodies:
            report("duplicate_key", calendar.line, f"calendars[{i}].body", value=calendar.body)
        calendar_bodies.add(calendar.body)

    for i, meeting in enumerate(t.meetings):
        if meeting.body not in body_keys:
            report(
                "unknown_body",
                meeting.lines.get("body", meeting.line),
                f"meetings[{i}].body",
                value=meeting.body,
                known=sorted(body_keys),
            )
        elif isinstance(meeting.when, CalendarMeeting) and meeting.body not in calendar_bodies:
            report(
                "no_calendar",
                meeting.lines.get("date", meeting.line),
                f"meetings[{i}].date",
                body=meeting.body,
            )

    expanding = {ms.key for ms in t.milestones if ms.expands}

    for i, ms in enumerate(t.milestones):
        path = f"milestones[{i}]"
        series = ms.series
        if isinstance(series, EachMeetingOf) and series.body not in body_keys:
            report(
                "unknown_body",
                ms.lines.get("for_each", ms.line),
                f"{path}.for_each.meeting_of",
                value=series.body,
                known=sorted(body_keys),
            )
        if isinstance(ms.deadline, LastOwnMeetingBefore):
            if series is not None:
                report(
                    "bad_rule",
                    ms.lines.get("for_each", ms.line),
                    f"{path}.for_each",
                    expected="no for_each with last_own_meeting_before",
                    found=["for_each"],
                )
            for key in t.responsible_bodies(ms):
                if key in body_keys and key not in calendar_bodies:
                    report(
                        "no_calendar",
                        ms.lines.get("deadline", ms.line),
                        f"{path}.deadline.last_own_meeting_before",
                        body=key,
                    )
        if ms.responsible not in ((EVERY_NAMND,), (EVERY_BOLAG,)):
            for key in ms.responsible:
                if key not in body_keys:
                    report(
                        "unknown_body",
                        ms.lines.get("responsible", ms.line),
                        f"{path}.responsible",
                        value=key,
                        known=sorted(body_keys),
                    )
        for rule_field, rule in (
            ("deadline", ms.deadline),
            ("deadline_in_election_year", ms.election_year_deadline),
        ):
            if rule is None:
                continue
            each = isinstance(rule, OnMeeting | BeforeMeeting | AfterMeeting) and (
                rule.meeting == EACH_MEETING
            )
            if each != isinstance(series, EachMeetingOf):
                report(
                    "series_rule",
                    ms.lines.get(rule_field, ms.line),
                    f"{path}.{rule_field}",
                    expected="a for_each: {meeting_of: ...} with a rule on meeting 'each'",
                )
            if isinstance(rule, AfterMonthEnd) != isinstance(series, EachMonth):
                report(
                    "series_rule",
                    ms.lines.get(rule_field, ms.line),
                    f"{path}.{rule_field}",
                    expected="a for_each: {month: ...} with an after_month_end rule",
                )
            if isinstance(rule, OnMeeting | BeforeMeeting | AfterMeeting) and not each:
                anchor = {
                    OnMeeting: "on_meeting",
                    BeforeMeeting: "before_meeting",
                    AfterMeeting: "after_meeting",
                }[type(rule)]
                if rule.meeting not in meeting_keys:
                    report(
                        "unknown_meeting",
                        ms.lines.get(f"{rule_field}.{anchor}", ms.line),
                        f"{path}.{rule_field}.{anchor}",
                        value=rule.meeting,
                        known=sorted(meeting_keys),
                    )
            if isinstance(rule, AfterMilestone) and rule.milestone in expanding:
                report(
                    "anchor_expands",
                    ms.lines.get(f"{rule_field}.after_milestone", ms.line),
                    f"{path}.{rule_field}.after_milestone",
                    value=rule.milestone,
                )
            elif isinstance(rule, AfterMilestone) and rule.milestone not in milestone_keys:
                report(
                    "unknown_milestone",
                    ms.lines.get(f"{rule_field}.after_milestone", ms.line),
                    f"{path}.{rule_field}.after_milestone",
                    value=rule.milestone,
                    known=sorted(milestone_keys),
                )
        if ms.opens_on_decision in expanding:
            report(
                "anchor_expands",
                ms.lines.get("opens_on_decision", ms.line),
                f"{path}.opens_on_decision",
                value=ms.opens_on_decision,
            )
        elif ms.opens_on_decision is not None and (
            ms.opens_on_decision not in milestone_keys or ms.opens_on_decision == ms.key
        ):
            report(
                "unknown_milestone",
                ms.lines.get("opens_on_decision", ms.line),
                f"{path}.opens_on_decision",
                value=ms.opens_on_decision,
                known=sorted(milestone_keys - {ms.key}),
            )
        for j, dep in enumerate(ms.depends_on):
            if dep not in milestone_keys:
                report(
                    "unknown_milestone",
                    ms.lines.get(f"depends_on[{j}]", ms.lines.get("depends_on", ms.line)),
                    f"{path}.depends_on[{j}]",
                    value=dep,
                    known=sorted(milestone_keys),
                )
            elif dep == ms.key:
                report(
                    "dependency_cycle",
                    ms.lines.get("depends_on", ms.line),
                    f"{path}.depends_on",
                    cycle=[ms.key, ms.key],
                )

    if not problems:
        cycle = find_cycle({ms.key: ms.anchor_milestones for ms in t.milestones})
        if cycle:
            index = next(i for i, ms in enumerate(t.milestones) if ms.key == cycle[0])
            first = t.milestones[index]
            report(
                "dependency_cycle",
                first.lines.get("depends_on", first.line),
                f"milestones[{index}].depends_on",
                cycle=cycle,
            )
    return problems


def _unique(items: tuple[Any, ...], section: str, file: str, problems: list[Problem]) -> set[str]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.key in seen:
            problems.append(
                Problem(
                    "duplicate_key", file, item.line, f"{section}[{i}].key", {"value": item.key}
                )
            )
        seen.add(item.key)
    return seen


def find_cycle(graph: dict[str, tuple[str, ...]]) -> list[str] | None:
    """A dependency cycle as a path that ends where it starts, or None. Order-stable."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = grey
        stack.append(node)
        for nxt in graph.get(node, ()):
            if colour.get(nxt) == grey:
                return [*stack[stack.index(nxt) :], nxt]
            if colour.get(nxt) == white and (found := visit(nxt)):
                return found
        stack.pop()
        colour[node] = black
        return None

    for node in graph:
        if colour[node] == white and (found := visit(node)):
            return found
    return None
