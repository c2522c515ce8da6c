"""Every deadline rule computed for a budget year, and properties over many years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arshjul.core.calendar import Shift, is_business_day
from arshjul.core.planner import plan
from tests.factories import SMALL_TEMPLATE, small_plan, small_template

D = dt.date.fromisoformat


def deadline_of(rule: str, year: int = 2020, shift: str | None = None) -> dt.date:
    extra = (
        "  - key: probe\n    title: Probe\n    deliverable: Probe\n    responsible: KS\n"
        f"    deadline: {rule}\n" + (f"    shift: {shift}\n" if shift else "")
    )
    _template, cycle_plan = small_plan(year, SMALL_TEMPLATE + extra)
    return cycle_plan.milestone("probe").deadline.date


@pytest.mark.parametrize(
    ("rule", "shift", "expected"),
    [
        ('{fixed: "02-15", year: -1}', None, "2019-02-15"),
        ('{fixed: "09-20", year: 0}', None, "2020-09-18"),  # a Sunday, to the Friday before
        ('{fixed: "09-20", year: 0}', "next", "2020-09-21"),
        ('{fixed: "09-20", year: 0}', "none", "2020-09-20"),
        ('{fixed: "06-19", year: 0}', None, "2020-06-18"),  # midsommarafton
        ('{fixed: "06-06", year: -1}', None, "2019-06-05"),  # nationaldagen, a Thursday
        ('{fixed: "05-21", year: 0}', None, "2020-05-20"),  # Kristi himmelsfärdsdag
        ('{fixed: "12-24", year: 0}', "next", "2020-12-28"),
        ('{fixed: "02-15", year: 1}', None, "2021-02-15"),
        ("{last_business_day_of: 12, year: -1}", None, "2019-12-30"),
        ("{last_business_day_of: 10, year: 0}", None, "2020-10-30"),
        ("{on_meeting: ks-maj}", None, "2019-05-21"),
        ("{before_meeting: ks-maj, business_days: 10}", None, "2019-05-07"),
        ("{before_meeting: ks-maj, days: 7}", None, "2019-05-14"),
        ("{after_meeting: kf-jun, days: 14}", None, "2019-07-01"),
        ("{after_meeting: kf-jun, business_days: 5}", None, "2019-06-25"),  # over midsommar
        ("{after_meeting: kf-jun, days: 4}", None, "2019-06-20"),  # 21st is midsommarafton
        ("{after_meeting: kf-jun, days: 4}", "next", "2019-06-24"),
        ("{after_meeting: kf-jun, days: 5}", "next", "2019-06-24"),
        ("{after_milestone: pf, days: 30}", None, "2019-03-29"),  # pf is 2019-02-28
        ("{after_milestone: pf, business_days: 3}", None, "2019-03-05"),
        ("{after_milestone: budget, days: 0}", None, "2019-05-07"),
    ],
)
def test_rule(rule: str, shift: str | None, expected: str) -> None:
    assert deadline_of(rule, shift=shift) == D(expected)


def test_after_milestone_counts_from_the_shifted_deadline() -> None:
    text = SMALL_TEMPLATE + (
        "  - {key: a, title: A, deliverable: A, responsible: KS, "
        'deadline: {fixed: "06-19", year: 0}}\n'  # midsommarafton -> 2020-06-18
        "  - {key: b, title: B, deliverable: B, responsible: KS, "
        "deadline: {after_milestone: a, days: 1}, shift: none}\n"
    )
    _t, cycle_plan = small_plan(2020, text)
    assert cycle_plan.milestone("a").deadline.date == D("2020-06-18")
    assert cycle_plan.milestone("b").deadline.date == D("2020-06-19")


def test_shift_is_recorded_with_reason() -> None:
    text = SMALL_TEMPLATE + (
        "  - {key: a, title: A, deliverable: A, responsible: KS, "
        'deadline: {fixed: "06-19", year: 0}}\n'
    )
    _t, cycle_plan = small_plan(2020, text)
    deadline = cycle_plan.milestone("a").deadline
    assert deadline.moved and deadline.rule is Shift.PREVIOUS
    assert deadline.nominal == D("2020-06-19")
    assert [off.name_sv for off in deadline.passed] == ["midsommarafton"]


def test_meeting_override_for_one_budget_year() -> None:
    text = SMALL_TEMPLATE.replace(
        "date: {month: 6, day: 17, year: -1}}",
        "date: {month: 6, day: 17, year: -1}, overrides: {2020: 2019-06-10}}",
    )
    _t, p2020 = small_plan(2020, text)
    _t, p2021 = small_plan(2021, text)
    assert p2020.meeting("kf-jun").date.date == D("2019-06-10")
    assert p2021.meeting("kf-jun").date.date == D("2020-06-17")


def test_meeting_on_a_holiday_moves_to_the_next_business_day() -> None:
    text = SMALL_TEMPLATE.replace("{month: 6, day: 17, year: -1}", "{month: 6, day: 6, year: 0}")
    _t, cycle_plan = small_plan(2019, text)
    meeting = cycle_plan.meeting("kf-jun").date
    assert (meeting.nominal, meeting.date) == (D("2019-06-06"), D("2019-06-07"))


def test_every_namnd_means_ks_and_the_namnder() -> None:
    _t, cycle_plan = small_plan()
    assert cycle_plan.milestone("budget").responsible == ("KS", "BUN")
    assert len(cycle_plan.deliverables()) == 4


def test_milestones_are_ordered_by_deadline() -> None:
    _t, cycle_plan = small_plan()
    dates = [m.deadline.date for m in cycle_plan.milestones]
    assert dates == sorted(dates)


def test_planning_is_pure() -> None:
    template = small_template()
    assert plan(template, 2020) == plan(template, 2020)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1995, max_value=2080),
    st.sampled_from(["previous", "next"]),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 40),
)
def test_every_computed_deadline_is_a_business_day_moved_the_right_way(
    year: int, shift: str, month: int, day: int, offset: int
) -> None:
    text = SMALL_TEMPLATE + (
        f"  - {{key: f, title: F, deliverable: F, responsible: KS, shift: {shift}, "
        f'deadline: {{fixed: "{month:02d}-{day:02d}", year: 0}}}}\n'
        f"  - {{key: g, title: G, deliverable: G, responsible: KS, shift: {shift}, "
        f"deadline: {{after_milestone: f, days: {offset}}}}}\n"
        f"  - {{key: h, title: H, deliverable: H, responsible: KS, "
        f"deadline: {{after_meeting: kf-jun, days: {offset}}}, shift: {shift}}}\n"
    )
    _t, cycle_plan = small_plan(year, text)
    for milestone in cycle_plan.milestones:
        deadline = milestone.deadline
        assert is_business_day(deadline.date), milestone.key
        if deadline.rule is Shift.PREVIOUS:
            assert deadline.date <= deadline.nominal
        else:
            assert deadline.date >= deadline.nominal
