"""The preview's comparison: the stored plan against a candidate's, as plain data."""

from __future__ import annotations

import datetime as dt

from arshjul.core.plan_diff import DeliverableNow, MeetingNow, MilestoneNow, diff_plans
from tests.factories import SMALL_TEMPLATE, small_plan, with_milestone

TODAY = dt.date(2019, 3, 1)
STORED = [
    MilestoneNow("pf", "Planeringsförutsättningar", dt.date(2019, 2, 28), {}),
    MilestoneNow("budget", "Budgetunderlag", dt.date(2019, 5, 7), {"before_meeting": "ks-maj"}),
    MilestoneNow("kf-budget", "Budget beslutas", dt.date(2019, 6, 17), {}),
    MilestoneNow("gone", "Borttagen", dt.date(2019, 9, 1), {}),
]
OWED = [
    DeliverableNow("pf", "KLK"),
    DeliverableNow("budget", "KS"),
    DeliverableNow("budget", "BUN"),
    DeliverableNow("kf-budget", "KF"),
    DeliverableNow("gone", "KS"),
]
MEETINGS = [MeetingNow("ks-maj", "KS maj", dt.date(2019, 5, 21))]


def test_the_same_plan_changes_nothing() -> None:
    _, candidate = small_plan()
    diff = diff_plans(
        milestones=STORED[:3],
        deliverables=OWED[:4],
        meetings=MEETINGS,
        candidate=candidate,
        today=TODAY,
    )
    assert not diff.changed and diff.notices == ()


def test_moves_appearances_departures_and_whom_they_tell() -> None:
    text = with_milestone(
        "  - key: extra\n    title: Extra\n    deliverable: X\n    responsible: KLK\n"
        "    deadline: {last_business_day_of: 9, year: -1}\n",
        SMALL_TEMPLATE.replace("business_days: 10", "business_days: 5"),
    ).replace("{month: 5, weekday: tuesday, nth: 3, year: -1}", "{month: 5, day: 28, year: -1}")
    _, candidate = small_plan(2020, text)
    diff = diff_plans(
        milestones=STORED, deliverables=OWED, meetings=MEETINGS, candidate=candidate, today=TODAY
    )
    (moved,) = diff.moved
    assert (moved.key, moved.old) == ("budget", dt.date(2019, 5, 7))
    assert moved.new == dt.date(2019, 5, 21)
    assert moved.new_rule == {"before_meeting": "ks-maj", "business_days": 5}
    (meeting,) = diff.meetings_moved
    assert (meeting.old, meeting.new) == (dt.date(2019, 5, 21), dt.date(2019, 5, 28))
    assert [(o.milestone_key, o.body_key) for o in diff.appearing] == [("extra", "KLK")]
    assert [(o.milestone_key, o.body_key) for o in diff.going] == [("gone", "KS")]
    assert [(n.milestone_key, n.body_key) for n in diff.notices] == [
        ("budget", "KS"),
        ("budget", "BUN"),
    ]


def test_no_notice_for_own_deadlines_inte_aktuell_or_dates_already_past() -> None:
    _, candidate = small_plan(2020, SMALL_TEMPLATE.replace("business_days: 10", "business_days: 5"))
    owed = [
        DeliverableNow("budget", "KS", own_deadline=dt.date(2019, 5, 20)),
        DeliverableNow("budget", "BUN", not_applicable=True),
    ]
    diff = diff_plans(
        milestones=STORED[:3], deliverables=owed, meetings=[], candidate=candidate, today=TODAY
    )
    assert len(diff.moved) == 1 and diff.notices == ()
    late = diff_plans(
        milestones=STORED[:3],
        deliverables=[DeliverableNow("budget", "BUN")],
        meetings=[],
        candidate=candidate,
        today=dt.date(2019, 6, 1),
    )
    assert late.notices == ()
