"""Counts bounded before the work they would cause: a section listing more than its limit
is refused naming the limit and its line (not validated and planned for minutes), and a
cycle whose repetitions or deliverables would run past their bounds is refused too."""

from __future__ import annotations

import pytest

from arshjul.core import planner
from arshjul.core.planner import plan
from arshjul.core.template_loader import LIMITS, parse_template
from tests.factories import SMALL_TEMPLATE

MILESTONE = """  - key: m{n}
    title: Steg {n}
    deliverable: Dokument
    responsible: KLK
    deadline: {{last_business_day_of: 2, year: -1}}
"""


def test_a_template_of_too_many_milestones_is_refused_at_its_line() -> None:
    extra = "".join(MILESTONE.format(n=n) for n in range(LIMITS["milestones"] + 1))
    text = SMALL_TEMPLATE.replace("milestones:\n", "milestones:\n" + extra, 1)
    template, problems = parse_template(text, "stor.yaml")
    assert template is None
    (problem,) = [p for p in problems if p.code == "too_many"]
    assert (
        problem.field == "milestones" and problem.line == text.splitlines().index("milestones:") + 1
    )
    assert problem.params == {"count": LIMITS["milestones"] + 4, "limit": 300}


def test_a_year_of_too_many_meeting_dates_is_refused() -> None:
    days = ", ".join(f"2019-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 7))
    text = SMALL_TEMPLATE + f"calendars:\n  - {{body: KF, title: KF, dates: {{2019: [{days}]}}}}\n"
    template, problems = parse_template(text, "kalender.yaml")
    assert template is None
    assert [(p.code, p.params) for p in problems if p.code == "too_many"] == [
        ("too_many", {"count": 72, "limit": 60})
    ]


def test_a_cycle_planning_too_much_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    template, _ = parse_template(SMALL_TEMPLATE, "liten.yaml")
    assert template is not None
    monkeypatch.setattr(planner, "MAX_PLANNED", 2)
    planned, found = plan(template, 2020)
    assert planned is None and [p.code for p in found] == ["too_many_planned"]
    monkeypatch.setattr(planner, "MAX_PLANNED", 2_000)
    monkeypatch.setattr(planner, "MAX_DELIVERABLES", 3)
    planned, found = plan(template, 2020)
    assert planned is None and [p.code for p in found] == ["too_many_deliverables"]
