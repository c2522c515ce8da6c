"""The template format for real wheels: sammanträdesplaner, series, a nämnd's own meetings,
year limits, utskott and bolag. Each feature planned, and each kind of bad input refused
with its field and line."""

from __future__ import annotations

import datetime as dt

import pytest

from arshjul.core.planner import plan
from arshjul.core.template_loader import parse_template
from tests.factories import problems_of, small_plan

D = dt.date.fromisoformat

BASE = """\
municipality: {code: "9999", name: Testkommun}
bodies:
  - {key: KF, name: Kommunfullmäktige, kind: kf}
  - {key: KS, name: Kommunstyrelsen, kind: ks}
  - {key: KSAU, name: Kommunledningsutskottet, kind: utskott, part_of: KS}
  - {key: BUN, name: Barn- och utbildningsnämnden, kind: namnd}
  - {key: VN, name: Valnämnden, kind: namnd, forvaltning: false}
  - {key: HEM, name: Bostadsbolaget AB, kind: bolag}
calendars:
  - body: KF
    title: KF, sammanträde
    dates:
      2021: [2021-02-04, 2021-06-17, 2021-11-17]
    every_year:
      - {month: 6, weekday: monday, nth: 2}
      - {month: 11, weekday: monday, nth: -1}
  - body: BUN
    title: BUN, sammanträde
    every_year:
      - {month: 9, weekday: wednesday, nth: 2}
      - {month: 11, weekday: wednesday, nth: 3}
      - {month: 12, weekday: wednesday, nth: 1}
  - body: KS
    title: KS, sammanträde
    every_year: [{month: 10, weekday: tuesday, nth: 2}]
meetings:
  - {key: kf-budget, body: KF, title: KF budget, date: {calendar_month: 11, nth: -1, year: -1}}
"""


def wheel(milestones: str, base: str = BASE) -> str:
    return base + "milestones:\n" + milestones


BUDGET = """\
  - {key: kf-budget, title: Budget, deliverable: D, responsible: KF,
     deadline: {on_meeting: kf-budget}, completed_by: decision}
"""


def test_an_explicit_calendar_year_wins_over_the_yearly_rule() -> None:
    _t, planned = small_plan(2022, wheel(BUDGET))
    assert planned.milestone("kf-budget").deadline.date == D("2021-11-17")  # listed
    _t, planned = small_plan(2023, wheel(BUDGET))
    assert planned.milestone("kf-budget").deadline.date == D("2022-11-28")  # the rule
    kf_2021 = [m.date.date for m in small_plan(2022, wheel(BUDGET))[1].meetings if m.body == "KF"]
    assert kf_2021 == [D("2021-02-04"), D("2021-06-17"), D("2021-11-17")]


def test_a_meeting_the_calendar_lacks_is_a_located_error() -> None:
    text = wheel(BUDGET).replace("calendar_month: 11, nth: -1", "calendar_month: 3, nth: 1")
    problems = problems_of(text, 2022)
    assert [(p.code, p.field) for p in problems] == [("uncomputable", "meetings[0].date")]
    assert "KF has no meeting number 1 in 2021-03" in problems[0].params["detail"]


def test_a_series_over_every_kf_meeting_of_the_preparation_year() -> None:
    text = wheel(
        BUDGET
        + """\
  - {key: kungorelse, title: Kungörelse, deliverable: D, responsible: KF, law: kf_notice,
     for_each: {meeting_of: KF}, deadline: {before_meeting: each, days: 7}}
"""
    )
    _t, planned = small_plan(2022, text)
    notices = [m for m in planned.milestones if m.source_key == "kungorelse"]
    assert [(m.key, m.deadline.date.isoformat()) for m in notices] == [
        ("kungorelse@KF-2021-02-04", "2021-01-28"),
        ("kungorelse@KF-2021-06-17", "2021-06-10"),
        ("kungorelse@kf-budget", "2021-11-10"),
    ]
    assert {m.meeting for m in notices} == {"KF-2021-02-04", "KF-2021-06-17", "kf-budget"}


def test_a_monthly_series() -> None:
    text = wheel(
        """\
  - {key: uppf, title: Uppföljning, deliverable: D, responsible: every nämnd,
     for_each: {month: [2, 4, 8], year: 0}, deadline: {after_month_end: true, business_days: 8}}
"""
    )
    _t, planned = small_plan(2022, text)
    assert [(m.key, m.deadline.date.isoformat(), m.period_months) for m in planned.milestones] == [
        ("uppf@2022-02", "2022-03-10", 2),
        ("uppf@2022-04", "2022-05-11", 4),
        ("uppf@2022-08", "2022-09-12", 8),
    ]


def test_every_namnd_leaves_out_a_namnd_without_forvaltning_and_every_bolag_is_the_companies() -> (
    None
):
    text = wheel(
        """\
  - {key: vp, title: VP, deliverable: D, responsible: every nämnd,
     deadline: {fixed: "12-01", year: -1}}
  - {key: stamma, title: Bolagsstämma, deliverable: D, responsible: every bolag,
     deadline: {fixed: "04-30", year: 0}}
"""
    )
    _t, planned = small_plan(2022, text)
    assert planned.milestone("vp").responsible == ("KS", "BUN")
    assert planned.milestone("stamma").responsible == ("HEM",)


def test_each_body_decides_at_its_own_last_meeting_before_a_date() -> None:
    text = wheel(
        """\
  - {key: internbudget, title: Internbudget, deliverable: D, responsible: [BUN, KS],
     completed_by: decision, deadline: {last_own_meeting_before: "12-15", year: -1}}
"""
    )
    _t, planned = small_plan(2022, text)
    own = {m.key: (m.responsible, m.deadline.date.isoformat()) for m in planned.milestones}
    assert own == {
        "internbudget@BUN": (("BUN",), "2021-12-01"),  # BUN's first Wednesday of December
        "internbudget@KS": (("KS",), "2021-10-12"),  # KS meets only in October
    }


@pytest.mark.parametrize(
    ("limit", "years"),
    [
        ("years: [2020]", {2020}),
        ("years: {from: 2021}", {2021, 2022, 2023, 2024, 2025}),
        ("years: {until: 2021}", {2020, 2021}),
        ("if_election_year: -1", {2023}),  # prepared in 2022, an election year
        ("unless_election_year: -1", {2020, 2021, 2022, 2024, 2025}),
        ("if_election_year: -2", {2020, 2024}),  # the year after an election
    ],
)
def test_milestones_limited_to_some_years(limit: str, years: set[int]) -> None:
    text = wheel(
        f"""\
  - {{key: once, title: T, deliverable: D, responsible: KS,
     deadline: {{fixed: "03-01", year: -1}}, {limit}}}
  - {{key: always, title: T, deliverable: D, responsible: KS,
     deadline: {{fixed: "04-01", year: -1}}, depends_on: [once]}}
"""
    )
    found = set()
    for year in range(2020, 2026):
        _t, planned = small_plan(year, text)
        keys = {m.key for m in planned.milestones}
        assert "always" in keys  # a dependency on an absent milestone is dropped that year
        if "once" in keys:
            found.add(year)
            assert planned.milestone("always").depends_on == ("once",)
        else:
            assert planned.milestone("always").depends_on == ()
    assert found == years


def test_a_meeting_held_only_in_election_years_and_a_milestone_on_it() -> None:
    base = BASE + (
        "  - {key: kf-konst, body: KF, title: Konstituerande, if_election_year: -1,\n"
        "     date: {month: 10, day: 20, year: -1}}\n"
    )
    every_year = wheel(
        """\
  - {key: konst, title: T, deliverable: D, responsible: KF, deadline: {on_meeting: kf-konst}}
""",
        base,
    )
    problems = problems_of(every_year, 2022)
    assert [(p.code, p.field, p.params["meeting"]) for p in problems] == [
        ("meeting_not_held", "milestones[0].deadline", "kf-konst")
    ]
    limited = every_year.replace(
        "{on_meeting: kf-konst}}", "{on_meeting: kf-konst},\n     if_election_year: -1}"
    )
    assert problems_of(limited, 2022) == []
    assert small_plan(2023, limited)[1].milestone("konst").deadline.date == D("2022-10-20")


@pytest.mark.parametrize(
    ("text", "code", "field"),
    [
        (BASE.replace("part_of: KS", "part_of: NOPE"), "unknown_body", "bodies[2].part_of"),
        (BASE.replace(", part_of: KS", ""), "missing_field", "bodies[2].part_of"),
        (
            BASE.replace("forvaltning: false", "forvaltning: nej"),
            "wrong_type",
            "bodies[4].forvaltning",
        ),
        (
            BASE.replace("2021: [2021-02-04,", "2021: [2020-02-04,"),
            "bad_value",
            "calendars[0].dates.2021[0]",
        ),
        (
            BASE.replace("[2021-02-04, 2021-06-17,", "[2021-06-17, 2021-02-04,"),
            "bad_value",
            "calendars[0].dates.2021[1]",
        ),
        (BASE.replace("  - body: KS\n", "  - body: KX\n"), "unknown_body", "calendars[2].body"),
        (BASE.replace("  - body: KS\n", "  - body: KF\n"), "duplicate_key", "calendars[2].body"),
        (
            BASE.replace(
                "{month: 10, weekday: tuesday, nth: 2}",
                "{month: 10, weekday: tuesday, nth: 2, year: 1}",
            ),
            "bad_value",
            "calendars[2].every_year[0].year",
        ),
        (
            BASE.replace("dates:\n      2021:", "dates:\n      år:"),
            "bad_value",
            "calendars[0].dates.år",
        ),
    ],
)
def test_bad_bodies_and_calendars_are_located(text: str, code: str, field: str) -> None:
    problems = problems_of(wheel(BUDGET, text), 2022)
    assert (code, field) in [(p.code, p.field) for p in problems], problems
    template, _ = parse_template(wheel(BUDGET, text), "bad.yaml")
    assert template is None


@pytest.mark.parametrize(
    ("milestone", "code", "field"),
    [
        (
            "{key: k, title: T, deliverable: D, responsible: KF,\n"
            "     deadline: {before_meeting: each, days: 7}}",
            "series_rule",
            "milestones[1].deadline",
        ),
        (
            "{key: k, title: T, deliverable: D, responsible: KF, for_each: {meeting_of: KF},\n"
            '     deadline: {fixed: "01-01", year: -1}}',
            "series_rule",
            "milestones[1].deadline",
        ),
        (
            "{key: k, title: T, deliverable: D, responsible: KF, for_each: {meeting_of: XX},\n"
            "     deadline: {on_meeting: each}}",
            "unknown_body",
            "milestones[1].for_each.meeting_of",
        ),
        (
            "{key: k, title: T, deliverable: D, responsible: KF, for_each: {month: [13]},\n"
            "     deadline: {after_month_end: true, days: 5}}",
            "bad_value",
            "milestones[1].for_each.month[0]",
        ),
        (
            "{key: k, title: T, deliverable: D, responsible: KF,\n"
            "     deadline: {after_month_end: true, days: 5}}",
            "series_rule",
            "milestones[1].deadline",
        ),
        (
            "{key: k, title: T, deliverable: D, responsible: KF,\n"
            "     for_each: {meeting_of: KF, month: 2},\n"
            "     deadline: {on_meeting: each}}",
            "bad_rule",
            "milestones[1].for_each",
        ),
        (
            "{key: k, title: T, deliverable: D, responsible: VN,\n"
            '     deadline: {last_own_meeting_before: "12-15", year: -1}}',
            "no_calendar",
            "milestones[1].deadline.last_own_meeting_before",
        ),
        (
            "{key: k, title: T, deliverable: D, responsible: KF, for_each: {meeting_of: KF},\n"
            "     deadline: {on_meeting: each}}\n"
            "  - {key: j, title: T, deliverable: D, responsible: KF,\n"
            "     deadline: {after_milestone: k, days: 3}}",
            "anchor_expands",
            "milestones[2].deadline.after_milestone",
        ),
        (
            "{key: k, title: T, deliverable: D, responsible: KF, years: [1800],\n"
            '     deadline: {fixed: "01-01", year: -1}}',
            "bad_value",
            "milestones[1].years[0]",
        ),
        (
            "{key: k, title: T, deliverable: D, responsible: KF, if_election_year: 9,\n"
            '     deadline: {fixed: "01-01", year: -1}}',
            "out_of_range",
            "milestones[1].if_election_year",
        ),
    ],
)
def test_bad_series_and_limits_are_located(milestone: str, code: str, field: str) -> None:
    text = wheel(BUDGET + "  - " + milestone + "\n")
    problems = problems_of(text, 2022)
    assert (code, field) in [(p.code, p.field) for p in problems], problems
    template, _ = parse_template(text, "bad.yaml")
    if template is not None:  # a problem found only when planning
        assert plan(template, 2022)[0] is None
