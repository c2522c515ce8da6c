"""References between a template's parts: unknown or duplicate keys, who a milestone's
`responsible:` comes to, one deliverable of a series named by `series@instance`, and
dependency cycles, each located in the file. Run once the sections have been read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from arshjul.core.problems import Problem
from arshjul.core.template import (
    EACH_MEETING,
    INSTANCE,
    SELECTORS,
    AfterMeeting,
    AfterMilestone,
    AfterMonthEnd,
    BeforeMeeting,
    BodyKind,
    CalendarMeeting,
    CycleTemplate,
    DeadlineRule,
    EachMeetingOf,
    EachMonth,
    LastOwnMeetingBefore,
    Milestone,
    OnMeeting,
)

MEETING_RULES = (OnMeeting, BeforeMeeting, AfterMeeting)
ANCHOR_NAMES = {
    OnMeeting: "on_meeting",
    BeforeMeeting: "before_meeting",
    AfterMeeting: "after_meeting",
}


@dataclass
class _Check:
    """The template under check, its keys, and the problems found so far."""

    t: CycleTemplate
    problems: list[Problem] = field(default_factory=list)
    bodies: set[str] = field(default_factory=set)
    meetings: set[str] = field(default_factory=set)
    milestones: set[str] = field(default_factory=set)
    calendars: set[str] = field(default_factory=set)
    expanding: set[str] = field(default_factory=set)

    def report(self, code: str, line: int | None, where: str, **params: Any) -> None:
        self.problems.append(Problem(code, self.t.file, line, where, params))


def check_references(t: CycleTemplate) -> list[Problem]:
    """Unknown or duplicate keys and dependency cycles, each located in the file."""
    c = _Check(t)
    c.bodies = _unique(t.bodies, "bodies", t.file, c.problems)
    c.meetings = _unique(t.meetings, "meetings", t.file, c.problems)
    c.milestones = _unique(t.milestones, "milestones", t.file, c.problems)
    c.expanding = {ms.key for ms in t.milestones if ms.expands}
    _check_bodies(c)
    _check_calendars(c)
    _check_meetings(c)
    for i, ms in enumerate(t.milestones):
        path = f"milestones[{i}]"
        _check_responsible(c, ms, path)
        _check_series(c, ms, path)
        _check_rules(c, ms, path)
        _check_dependencies(c, ms, path)
        _check_kind(c, ms, path)
    if not c.problems:
        _check_cycle(c)
    return c.problems


def _check_bodies(c: _Check) -> None:
    for i, body in enumerate(c.t.bodies):
        if body.part_of is not None and (body.part_of not in c.bodies or body.part_of == body.key):
            c.report(
                "unknown_body",
                body.line,
                f"bodies[{i}].part_of",
                value=body.part_of,
                known=sorted(c.bodies - {body.key}),
            )
        if body.kind is not BodyKind.UTSKOTT and body.part_of is not None:
            c.report(
                "bad_value",
                body.line,
                f"bodies[{i}].part_of",
                value=body.part_of,
                expected="part_of only on an utskott (kind: utskott)",
            )
        if body.kind is BodyKind.GEMENSAM_NAMND and body.host is not None:
            _check_joint(c, i)


def _check_joint(c: _Check, i: int) -> None:
    """A gemensam nämnd is set up in one of the municipalities sharing it (KL 9 kap.
    20 §): this one is its host or a partner, and a host shares it with another."""
    body, own = c.t.bodies[i], c.t.municipality.code
    assert body.host is not None
    partners = [p.code for p in body.partners]
    if body.host.code in partners:
        c.report(
            "joint_host_partner", body.line, f"bodies[{i}].partners", municipality=body.host.code
        )
    elif own != body.host.code and own not in partners:
        c.report("joint_not_ours", body.line, f"bodies[{i}].host", municipality=own, body=body.key)
    elif not partners:
        c.report("joint_no_partners", body.line, f"bodies[{i}].partners", body=body.key)


def _check_calendars(c: _Check) -> None:
    for i, calendar in enumerate(c.t.calendars):
        if calendar.body not in c.bodies:
            c.report(
                "unknown_body",
                calendar.line,
                f"calendars[{i}].body",
                value=calendar.body,
                known=sorted(c.bodies),
            )
        elif calendar.body in c.calendars:
            c.report("duplicate_key", calendar.line, f"calendars[{i}].body", value=calendar.body)
        c.calendars.add(calendar.body)


def _check_meetings(c: _Check) -> None:
    for i, meeting in enumerate(c.t.meetings):
        if meeting.body not in c.bodies:
            c.report(
                "unknown_body",
                meeting.lines.get("body", meeting.line),
                f"meetings[{i}].body",
                value=meeting.body,
                known=sorted(c.bodies),
            )
        elif isinstance(meeting.when, CalendarMeeting) and meeting.body not in c.calendars:
            c.report(
                "no_calendar",
                meeting.lines.get("date", meeting.line),
                f"meetings[{i}].date",
                body=meeting.body,
            )


def _check_responsible(c: _Check, ms: Milestone, path: str) -> None:
    """Every part of `responsible` comes to at least one body, every `except:` body is
    one of them, and somebody is left."""
    for j, part in enumerate(ms.responsible):
        line = ms.lines.get(f"responsible[{j}]", ms.lines.get("responsible", ms.line))
        where = f"{path}.responsible" + (f"[{j}]" if f"responsible[{j}]" in ms.lines else "")
        if part in SELECTORS and not c.t.selected(part):
            c.report("empty_selection", line, where, value=part)
        elif part not in SELECTORS and part not in c.bodies:
            c.report("unknown_body", line, where, value=part, known=sorted(c.bodies))
    chosen: dict[str, None] = {}
    for part in ms.responsible:
        chosen.update(dict.fromkeys(c.t.selected(part) if part in SELECTORS else (part,)))
    for j, key in enumerate(ms.excluded):
        line = ms.lines.get(f"except[{j}]", ms.lines.get("except", ms.line))
        if key not in c.bodies:
            c.report("unknown_body", line, f"{path}.except", value=key, known=sorted(c.bodies))
        elif key not in chosen:
            c.report("except_unmatched", line, f"{path}.except", value=key, chosen=list(chosen))
    if chosen and not [k for k in chosen if k not in ms.excluded]:
        c.report("nobody_responsible", ms.lines.get("except", ms.line), f"{path}.except")
    for key in ms.deadline_for:
        line = ms.lines.get(f"deadline_for.{key}", ms.line)
        if key not in chosen or key in ms.excluded:
            c.report(
                "deadline_for_not_responsible",
                line,
                f"{path}.deadline_for.{key}",
                value=key,
                chosen=[k for k in chosen if k not in ms.excluded],
            )


def _check_series(c: _Check, ms: Milestone, path: str) -> None:
    series = ms.series
    if isinstance(series, EachMeetingOf) and series.body not in c.bodies:
        c.report(
            "unknown_body",
            ms.lines.get("for_each", ms.line),
            f"{path}.for_each.meeting_of",
            value=series.body,
            known=sorted(c.bodies),
        )
    per_body = isinstance(ms.deadline, LastOwnMeetingBefore) or ms.deadline_for
    if per_body and series is not None:
        c.report(
            "bad_rule",
            ms.lines.get("for_each", ms.line),
            f"{path}.for_each",
            expected="no for_each with last_own_meeting_before or deadline_for",
            found=["for_each"],
        )
    if ms.period_parts and isinstance(series, EachMonth):
        c.report(
            "bad_rule",
            ms.lines.get("period_months", ms.line),
            f"{path}.period_months",
            expected="one period per month of the series: no parts with for_each: {month: …}",
            found=["period_months"],
        )
    rules = (ms.deadline, *ms.deadline_for.values())
    if any(isinstance(rule, LastOwnMeetingBefore) for rule in rules):
        for key in c.t.responsible_bodies(ms):
            if key in c.bodies and key not in c.calendars:
                c.report(
                    "no_calendar",
                    ms.lines.get("deadline", ms.line),
                    f"{path}.deadline.last_own_meeting_before",
                    body=key,
                )


def _check_rules(c: _Check, ms: Milestone, path: str) -> None:
    given: list[tuple[str, DeadlineRule]] = [("deadline", ms.deadline)]
    if ms.election_year_deadline is not None:
        given.append(("deadline_in_election_year", ms.election_year_deadline))
    own = [(f"deadline_for.{body}", rule) for body, rule in ms.deadline_for.items()]
    for rule_field, rule in given + own:
        line = ms.lines.get(rule_field, ms.line)
        in_series = not rule_field.startswith("deadline_for")
        each = isinstance(rule, MEETING_RULES) and rule.meeting == EACH_MEETING
        if each != (in_series and isinstance(ms.series, EachMeetingOf)):
            c.report(
                "series_rule",
                line,
                f"{path}.{rule_field}",
                expected="a for_each: {meeting_of: ...} with a rule on meeting 'each'",
            )
        if isinstance(rule, AfterMonthEnd) != (in_series and isinstance(ms.series, EachMonth)):
            c.report(
                "series_rule",
                line,
                f"{path}.{rule_field}",
                expected="a for_each: {month: ...} with an after_month_end rule",
            )
        if isinstance(rule, MEETING_RULES) and not each and rule.meeting not in c.meetings:
            anchor = ANCHOR_NAMES[type(rule)]
            c.report(
                "unknown_meeting",
                ms.lines.get(f"{rule_field}.{anchor}", line),
                f"{path}.{rule_field}.{anchor}",
                value=rule.meeting,
                known=sorted(c.meetings),
            )
        if isinstance(rule, AfterMilestone):
            where = f"{path}.{rule_field}.after_milestone"
            _check_anchor(
                c, ms, rule.milestone, ms.lines.get(f"{rule_field}.after_milestone", line), where
            )


def _check_anchor(c: _Check, ms: Milestone, target: str, line: int | None, where: str) -> None:
    """`after_milestone:` counts from one date: a plain milestone, or one deliverable of a
    series (`tertial@4`)."""
    base = target.split(INSTANCE, 1)[0]
    if INSTANCE in target and base in c.milestones and base != ms.key:
        _check_instance(c, target, line, where)
    elif base in c.expanding:
        c.report("anchor_expands", line, where, value=target)
    elif base not in c.milestones or base == ms.key:
        c.report(
            "unknown_milestone", line, where, value=target, known=sorted(c.milestones - {ms.key})
        )


def _check_instance(c: _Check, target: str, line: int | None, where: str) -> None:
    """`series@instance` names a deliverable the series has: a month of a series over
    months (`tertial@4`), a keyed meeting of a series over meetings (`kungorelse@kf-budget`),
    a body of a milestone planned per body (`internbudget@BUN`)."""
    base, instance = target.split(INSTANCE, 1)
    ms = next(m for m in c.t.milestones if m.key == base)
    series = ms.series
    known: list[str]
    if isinstance(series, EachMonth):
        known = [str(month) for month in series.months]
        found = instance.lstrip("0") in known
    elif isinstance(series, EachMeetingOf):
        known = sorted(m.key for m in c.t.meetings if m.body == series.body)
        found = instance in known
    elif ms.expands:
        known = list(c.t.responsible_bodies(ms))
        found = instance in known
    else:
        c.report("not_a_series", line, where, value=target, milestone=base)
        return
    if not found:
        c.report("unknown_instance", line, where, value=target, known=known)


def _check_dependencies(c: _Check, ms: Milestone, path: str) -> None:
    if ms.opens_on_decision in c.expanding:
        c.report(
            "anchor_expands",
            ms.lines.get("opens_on_decision", ms.line),
            f"{path}.opens_on_decision",
            value=ms.opens_on_decision,
        )
    elif ms.opens_on_decision is not None and (
        ms.opens_on_decision not in c.milestones or ms.opens_on_decision == ms.key
    ):
        c.report(
            "unknown_milestone",
            ms.lines.get("opens_on_decision", ms.line),
            f"{path}.opens_on_decision",
            value=ms.opens_on_decision,
            known=sorted(c.milestones - {ms.key}),
        )
    for j, dep in enumerate(ms.depends_on):
        line = ms.lines.get(f"depends_on[{j}]", ms.lines.get("depends_on", ms.line))
        base = dep.split(INSTANCE, 1)[0]
        if base not in c.milestones:
            c.report(
                "unknown_milestone",
                line,
                f"{path}.depends_on[{j}]",
                value=dep,
                known=sorted(c.milestones),
            )
        elif base == ms.key:
            c.report(
                "dependency_cycle",
                ms.lines.get("depends_on", ms.line),
                f"{path}.depends_on",
                cycle=[ms.key, ms.key],
            )
        elif INSTANCE in dep:
            _check_instance(c, dep, line, f"{path}.depends_on[{j}]")


def _check_kind(c: _Check, ms: Milestone, path: str) -> None:
    """A step the law requires cannot be optional: the law checks would count it done."""
    if ms.optional and (ms.law or ms.election_year_law):
        c.report(
            "optional_law",
            ms.lines.get("optional", ms.line),
            f"{path}.optional",
            law=ms.law or ms.election_year_law,
        )


def _check_cycle(c: _Check) -> None:
    cycle = find_cycle({ms.key: ms.anchor_milestones for ms in c.t.milestones})
    if cycle:
        index = next(i for i, ms in enumerate(c.t.milestones) if ms.key == cycle[0])
        first = c.t.milestones[index]
        c.report(
            "dependency_cycle",
            first.lines.get("depends_on", first.line),
            f"milestones[{index}].depends_on",
            cycle=cycle,
        )


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
