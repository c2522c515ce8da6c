"""The template format's third round, written for the wheels of large municipalities:
mixed `responsible:` lists and `except:`, one deliverable of a series as a dependency,
optional steps, a law tag of its own in election years, periods in months, meetings over
two days, reports in parts, a body's own deadline and the gemensam nämnd. Each feature is
planned, and each kind of bad input refused with its field and line."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from arshjul.core.law import check as law_check
from arshjul.core.problems import Severity
from arshjul.core.template_loader import parse_template
from arshjul.texts import problem_line
from tests.factories import problems_of, small_plan

D = dt.date.fromisoformat

BASE = """\
municipality: {code: "9999", name: Testkommun}
cycle: {ends: {month: 12, day: 31, year: 1}}
bodies:
  - {key: KF, name: Kommunfullmäktige, kind: kf}
  - {key: KS, name: Kommunstyrelsen, kind: ks}
  - {key: KSAU, name: Arbetsutskottet, kind: utskott, part_of: KS}
  - {key: BUN, name: Barn- och utbildningsnämnden, kind: namnd}
  - {key: SN, name: Socialnämnden, kind: namnd}
  - {key: VN, name: Valnämnden, kind: namnd, forvaltning: false}
  - {key: SNAU, name: Socialnämndens arbetsutskott, kind: utskott, part_of: SN}
  - {key: HEM, name: Bostadsbolaget AB, kind: bolag}
  - {key: KFP, name: Fullmäktiges presidium, kind: group}
  - {key: KLK, name: Kommunledningskontoret, kind: office}
calendars:
  - body: KF
    title: KF, sammanträde
    every_year:
      - {month: 3, weekday: thursday, nth: 3}
      - {month: 6, weekday: thursday, nth: 2}
      - {month: 11, weekday: monday, nth: 2}
  - body: [BUN, SN]
    title: Nämndsammanträde
    every_year: [{month: 11, weekday: wednesday, nth: 3}, {month: 12, weekday: wednesday, nth: 1}]
meetings:
  - {key: kf-budget, body: KF, title: KF budget, date: {calendar_month: 11, nth: 1, year: -1}}
  - {key: ks-budget, body: KS, title: KS budget,
     date: {month: 10, weekday: tuesday, nth: 2, year: -1}}
"""


def wheel(milestones: str, base: str = BASE) -> str:
    return base + "milestones:\n" + milestones


def one(extra: str = "", responsible: str = "KS", key: str = "m") -> str:
    return (
        f"  - {{key: {key}, title: T, deliverable: D, responsible: {responsible},\n"
        f'     deadline: {{fixed: "05-15", year: -1}}{extra}}}\n'
    )


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def only_error(text: str, year: int = 2022) -> tuple[str, int | None, str]:
    found = [p for p in problems_of(text, year) if p.severity is Severity.ERROR]
    assert len(found) == 1, found
    return found[0].code, found[0].line, found[0].field


# 1. responsible: the union of every part, in the order written, each body once -------------

PARTS = {
    "every nämnd": ("KS", "BUN", "SN"),  # KS counts as a nämnd; VN has no förvaltning
    "every bolag": ("HEM",),
    "every utskott": ("KSAU", "SNAU"),
    "varje nämnd": ("KS", "BUN", "SN"),  # the Swedish name of the same group
    "BUN": ("BUN",),  # a key also inside a group
    "KFP": ("KFP",),  # a group body (kind: group) by its key
    "KLK": ("KLK",),  # an office by its key
    "VN": ("VN",),  # left out of every nämnd, but named
}


def _union(parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(key for part in parts for key in PARTS[part]))


COMBINATIONS = [c for n in (1, 2, 3) for c in itertools.permutations(PARTS, n)]


@pytest.mark.parametrize("parts", COMBINATIONS, ids=lambda c: "+".join(c))
def test_a_mixed_responsible_list_plans_the_union_in_the_order_written(
    parts: tuple[str, ...],
) -> None:
    text = wheel(one(responsible="[" + ", ".join(parts) + "]"))
    _t, planned = small_plan(2022, text)
    assert planned.milestone("m").responsible == _union(parts)


@pytest.mark.parametrize(
    ("responsible", "expected"),
    [
        ("[every nämnd, every bolag]", ("KS", "BUN", "SN", "HEM")),  # bolag were dropped
        ("[every nämnd, KLK]", ("KS", "BUN", "SN", "KLK")),  # KLK was dropped
        ("[KLK, every nämnd]", ("KLK", "KS", "BUN", "SN")),
        ("[SN, every nämnd, SN]", ("SN", "KS", "BUN")),
        ("every utskott", ("KSAU", "SNAU")),
        ("alla bolag", ("HEM",)),
    ],
)
def test_the_lists_that_lost_bodies(responsible: str, expected: tuple[str, ...]) -> None:
    _t, planned = small_plan(2022, wheel(one(responsible=responsible)))
    assert planned.milestone("m").responsible == expected


@pytest.mark.parametrize(
    ("responsible", "except_", "expected"),
    [
        ("every nämnd", "KS", ("BUN", "SN")),  # no remiss to KS on its own proposal
        ("every nämnd", "[KS, SN]", ("BUN",)),
        ("[every nämnd, every bolag]", "[HEM]", ("KS", "BUN", "SN")),
    ],
)
def test_every_namnd_except(responsible: str, except_: str, expected: tuple[str, ...]) -> None:
    text = wheel(one(f", except: {except_}", responsible=responsible))
    _t, planned = small_plan(2022, text)
    assert planned.milestone("m").responsible == expected


@pytest.mark.parametrize(
    ("responsible", "extra", "code", "fragment", "where"),
    [
        ("[every nämnd, every kommun]", "", "unknown_selector", "every kommun", "responsible[1]"),
        ("[KS, KLX]", "", "unknown_body", "KLX", "responsible[1]"),
        ("KLX", "", "unknown_body", "KLX", "responsible"),
        ("[]", "", "wrong_type", "responsible: []", "responsible"),
        ("every nämnd", ", except: [KLK]", "except_unmatched", "except", "except"),
        ("every nämnd", ", except: [KLX]", "unknown_body", "except", "except"),
        ("KS", ", except: KS", "nobody_responsible", "except", "except"),
        ("[KS, 12]", "", "wrong_type", "[KS, 12]", "responsible[1]"),
    ],
)
def test_what_cannot_be_expanded_is_an_error_naming_the_line(
    responsible: str, extra: str, code: str, fragment: str, where: str
) -> None:
    text = wheel(one(extra, responsible=responsible))
    assert only_error(text) == (code, line_of(text, fragment), f"milestones[0].{where}")


def test_a_group_that_stands_for_no_body_is_an_error() -> None:
    text = wheel(one(responsible="[KS, every bolag]")).replace(
        "  - {key: HEM, name: Bostadsbolaget AB, kind: bolag}\n", ""
    )
    assert only_error(text) == (
        "empty_selection",
        line_of(text, "every bolag"),
        "milestones[0].responsible[1]",
    )
    problem = next(p for p in problems_of(text) if p.code == "empty_selection")
    assert problem_line(problem, "sv").endswith("'every bolag' omfattar inget organ i mallen")


# 7a. depends_on: one deliverable of a series ----------------------------------------------

SERIES = """\
  - {key: tertial, title: Tertial, deliverable: D, responsible: every nämnd,
     for_each: {month: [4, 8], year: 0}, deadline: {after_month_end: true, days: 10}}
  - {key: kungorelse, title: Kungörelse, deliverable: D, responsible: KF,
     for_each: {meeting_of: KF}, deadline: {before_meeting: each, days: 14}}
  - {key: internbudget, title: Internbudget, deliverable: D, responsible: [BUN, SN],
     deadline: {last_own_meeting_before: "12-15", year: -1}}
"""


def test_a_dependency_on_one_month_of_a_series_waits_for_that_month_only() -> None:
    text = wheel(
        SERIES
        + "  - {key: ks-april, title: KS april, deliverable: D, responsible: KS,\n"
        + '     deadline: {fixed: "05-25", year: 0}, depends_on: [tertial@4]}\n'
        + "  - {key: ks-sista, title: KS, deliverable: D, responsible: KS,\n"
        + '     deadline: {fixed: "09-25", year: 0}, depends_on: [tertial]}\n'
    )
    _t, planned = small_plan(2022, text)
    assert planned.milestone("ks-april").depends_on == ("tertial@2022-04",)
    assert planned.milestone("ks-sista").depends_on == ("tertial",)  # the last of the series
    assert problems_of(text) == []  # 10 May, before 25 May: in order


def test_a_dependency_on_one_meeting_and_one_body() -> None:
    text = wheel(
        SERIES
        + "  - {key: ks, title: KS, deliverable: D, responsible: KS,\n"
        + '     deadline: {fixed: "12-20", year: -1},\n'
        + "     depends_on: [kungorelse@kf-budget, internbudget@SN]}\n"
    )
    _t, planned = small_plan(2022, text)
    assert planned.milestone("ks").depends_on == ("kungorelse@kf-budget", "internbudget@SN")


def test_a_dependency_on_a_month_that_comes_later_is_a_warning() -> None:
    text = wheel(
        SERIES
        + "  - {key: ks-april, title: KS april, deliverable: D, responsible: KS,\n"
        + '     deadline: {fixed: "05-05", year: 0}, depends_on: [tertial@04]}\n'
    )
    (problem,) = problems_of(text, 2022)
    assert (problem.code, problem.severity, problem.params["dependency"]) == (
        "dependency_order",
        Severity.WARNING,
        "tertial@2022-04",
    )


def test_after_milestone_may_count_from_one_deliverable_of_a_series() -> None:
    text = wheel(
        SERIES
        + "  - {key: ks-april, title: KS april, deliverable: D, responsible: KS,\n"
        + "     deadline: {after_milestone: tertial@4, business_days: 5}}\n"
    )
    _t, planned = small_plan(2022, text)
    assert planned.milestone("tertial@2022-04").deadline.date == D("2022-05-10")
    assert planned.milestone("ks-april").deadline.date == D("2022-05-17")


@pytest.mark.parametrize(
    ("dependency", "code"),
    [
        ("tertial@5", "unknown_instance"),
        ("kungorelse@ks-budget", "unknown_instance"),  # KS's meeting, not KF's
        ("internbudget@KS", "unknown_instance"),
        ("pf@4", "not_a_series"),
        ("nope@4", "unknown_milestone"),
    ],
)
def test_an_instance_the_series_lacks_is_an_error_naming_the_line(
    dependency: str, code: str
) -> None:
    text = wheel(
        SERIES
        + one(key="pf")
        + "  - {key: ks, title: KS, deliverable: D, responsible: KS,\n"
        + '     deadline: {fixed: "12-20", year: 0},\n'
        + f"     depends_on: [{dependency}]}}\n"
    )
    assert only_error(text) == (code, line_of(text, dependency), "milestones[4].depends_on[0]")


# 7b. optional steps -------------------------------------------------------------------------


def test_an_optional_milestone_is_planned_as_optional() -> None:
    text = wheel(one(", optional: true, completed_by: decision", responsible="KF"))
    _t, planned = small_plan(2022, text)
    assert planned.milestone("m").optional is True


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        (", optional: kanske", "wrong_type", "milestones[0].optional"),
        (", optional: true, law: kf_budget", "optional_law", "milestones[0].optional"),
    ],
)
def test_bad_optional(extra: str, code: str, field: str) -> None:
    text = wheel(one(extra, responsible="KF"))
    assert only_error(text)[0::2] == (code, field)


# 7c. a law tag of its own in an election year -------------------------------------------------


def test_a_law_tag_that_changes_in_election_years() -> None:
    text = wheel(one(", law: kf_budget, law_in_election_year: kf_budget_frames", responsible="KF"))
    assert small_plan(2022, text)[1].milestone("m").law == "kf_budget"
    assert small_plan(2023, text)[1].milestone("m").law == "kf_budget_frames"  # prepared 2022
    bad = text.replace("kf_budget_frames", "ramar")
    assert only_error(bad)[0::2] == ("bad_choice", "milestones[0].law_in_election_year")


# 7d. periods in months (Lag 1930:173, 1 §) ---------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "year", "expected"),
    [
        ("{after_milestone: start, months: 1}", 2022, "2021-02-26"),  # 31 Jan → 28 Feb, a Sunday
        ("{after_milestone: start, months: 1}", 2021, "2020-02-28"),  # 29 Feb 2020, a Saturday
        ("{after_milestone: start, months: 2}", 2021, "2020-03-31"),  # 31 Mar exists
        ("{before_meeting: kf-budget, months: 1}", 2022, "2021-10-08"),  # KF 8 Nov 2021
    ],
)
def test_a_period_in_months_ends_on_the_same_date_or_the_months_last_day(
    rule: str, year: int, expected: str
) -> None:
    text = wheel(
        "  - {key: start, title: T, deliverable: D, responsible: KS,\n"
        '     deadline: {fixed: "01-31", year: -1}}\n'
        f"  - {{key: m, title: T, deliverable: D, responsible: KS, deadline: {rule}}}\n"
    )
    assert small_plan(year, text)[1].milestone("m").deadline.date == D(expected)


def test_a_monthly_series_counted_in_months() -> None:
    text = wheel(
        "  - {key: delar, title: Delår, deliverable: D, responsible: KS,\n"
        "     for_each: {month: [8], year: 0}, deadline: {after_month_end: true, months: 2}}\n"
    )
    assert small_plan(2022, text)[1].milestone("delar@2022-08").deadline.date == D("2022-10-31")


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ("{after_milestone: start, months: 1, days: 3}", "milestones[1].deadline"),
        ("{after_milestone: start, months: 25}", "milestones[1].deadline.months"),
    ],
)
def test_bad_month_offsets(rule: str, field: str) -> None:
    text = wheel(
        one(key="start")
        + f"  - {{key: m, title: T, deliverable: D, responsible: KS, deadline: {rule}}}\n"
    )
    assert only_error(text)[0::2][1] == field


# 7e. meetings over several days --------------------------------------------------------------

TWO_DAYS = BASE.replace(
    "  - {key: ks-budget,",
    "  - {key: kf-dec, body: KF, title: KF budget i december, days: 2,\n"
    "     date: {month: 12, weekday: monday, nth: 2, year: -1}}\n"
    "  - {key: ks-budget,",
)


def test_a_two_day_meeting_is_counted_from_its_first_day_before_and_its_last_day_after() -> None:
    text = wheel(
        "  - {key: papper, title: T, deliverable: D, responsible: KS,\n"
        "     deadline: {before_meeting: kf-dec, days: 7}}\n"
        "  - {key: beslut, title: T, deliverable: D, responsible: KF, completed_by: decision,\n"
        "     deadline: {on_meeting: kf-dec}}\n"
        "  - {key: justering, title: T, deliverable: D, responsible: KF,\n"
        "     deadline: {after_meeting: kf-dec, days: 14}, shift: none}\n",
        TWO_DAYS,
    )
    template, planned = small_plan(2023, text)  # 12–13 December 2022, Monday–Tuesday
    meeting = planned.meeting("kf-dec")
    assert (meeting.date.date, meeting.last_day) == (D("2022-12-12"), D("2022-12-13"))
    assert planned.milestone("papper").deadline.date == D("2022-12-05")
    assert planned.milestone("beslut").deadline.date == D("2022-12-13")  # decided as it ends
    assert planned.milestone("justering").deadline.date == D("2022-12-27")
    assert [
        f.code for f in law_check(template, planned) if f.code == "law_decision_not_on_meeting"
    ] == []


@pytest.mark.parametrize("days", ["0", "6", "två"])
def test_bad_meeting_days(days: str) -> None:
    text = wheel(one(), TWO_DAYS.replace("days: 2", f"days: {days}"))
    assert only_error(text)[2] == "meetings[1].days"


# 7f. one report, parts with their own period ---------------------------------------------------


def test_a_report_in_parts_is_due_after_its_last_part() -> None:
    text = wheel(
        "  - {key: uppf, title: Uppföljning, deliverable: D, responsible: KS,\n"
        "     period_months: {ekonomi: 3, verksamhet: 4},\n"
        '     deadline: {fixed: "04-20", year: 0}}\n'
    )
    assert only_error(text) == (
        "period_not_ended",
        line_of(text, "period_months"),
        "milestones[0].period_months",
    )
    later = text.replace('"04-20"', '"05-20"')
    planned = small_plan(2022, later)[1].milestone("uppf")
    assert planned.period_parts == (("ekonomi", 3), ("verksamhet", 4))
    assert planned.period_ends(2022) == (D("2022-03-31"), D("2022-04-30"))


@pytest.mark.parametrize(
    ("period", "deadline", "ok"),
    [
        ("10", '"10-31", year: 0', False),  # a 10-month report handed over on 31 October
        ("10", '"11-03", year: 0', True),
        ("8", '"08-15", year: 0', False),
    ],
)
def test_a_report_handed_over_before_its_period_ends_is_an_error(
    period: str, deadline: str, ok: bool
) -> None:
    text = wheel(
        f"  - {{key: rapport, title: R, deliverable: D, responsible: KS, period_months: {period},\n"
        f"     deadline: {{fixed: {deadline}}}}}\n"
    )
    found = [p.code for p in problems_of(text, 2022)]
    assert (found == []) is ok, found


@pytest.mark.parametrize("period", ["{ekonomi: 13}", "{}", "{ekonomi: tre}"])
def test_bad_period_parts(period: str) -> None:
    text = wheel(
        f"  - {{key: r, title: R, deliverable: D, responsible: KS, period_months: {period},\n"
        '     deadline: {fixed: "11-01", year: 0}}\n'
    )
    assert only_error(text)[2].startswith("milestones[0].period_months")


# 7g. a body's own deadline inside one milestone --------------------------------------------------


def test_a_body_with_its_own_deadline() -> None:
    text = wheel(
        "  - {key: vp, title: VP, deliverable: D, responsible: every nämnd,\n"
        '     deadline: {fixed: "05-15", year: -1},\n'
        '     deadline_for: {SN: {fixed: "05-29", year: -1}, KS: {on_meeting: ks-budget}}}\n'
    )
    _t, planned = small_plan(2022, text)
    own = {m.key: (m.responsible, m.deadline.date.isoformat()) for m in planned.milestones}
    assert own == {
        "vp@KS": (("KS",), "2021-10-12"),
        "vp@BUN": (("BUN",), "2021-05-14"),  # 15 May 2021 a Saturday: the Friday before
        "vp@SN": (("SN",), "2021-05-28"),
    }


@pytest.mark.parametrize(
    ("own", "code", "field"),
    [
        (
            '{HEM: {fixed: "05-29", year: -1}}',
            "deadline_for_not_responsible",
            "milestones[0].deadline_for.HEM",
        ),
        ('{SN: {fixed: "13-29", year: -1}}', "bad_value", "milestones[0].deadline_for.SN.fixed"),
        (
            "{SN: {on_meeting: kf-nope}}",
            "unknown_meeting",
            "milestones[0].deadline_for.SN.on_meeting",
        ),
        ("{SN: {before_meeting: each, days: 3}}", "series_rule", "milestones[0].deadline_for.SN"),
        ("{}", "missing_field", "milestones[0].deadline_for"),
    ],
)
def test_bad_own_deadlines(own: str, code: str, field: str) -> None:
    text = wheel(
        "  - {key: vp, title: VP, deliverable: D, responsible: every nämnd,\n"
        '     deadline: {fixed: "05-15", year: -1},\n'
        f"     deadline_for: {own}}}\n"
    )
    assert only_error(text)[0::2] == (code, field)


# 7h. the gemensam nämnd ---------------------------------------------------------------------------

JOINT = BASE.replace(
    "  - {key: HEM,",
    "  - key: RN\n"
    "    name: Räddningsnämnden\n"
    "    kind: gemensam_namnd\n"
    '    host: {code: "9999", name: Testkommun}\n'
    '    partners: [{code: "0360", name: Tierps kommun}, {code: "0382", name: Östhammars kommun}]\n'
    "  - key: OFN\n"
    "    name: Överförmyndarnämnden\n"
    "    kind: gemensam_namnd\n"
    '    host: {code: "0380", name: Uppsala kommun}\n'
    '    partners: [{code: "9999", name: Testkommun}]\n'
    "  - {key: HEM,",
)


def test_a_hosted_gemensam_namnd_is_one_of_every_namnd_a_shared_one_is_not() -> None:
    template, planned = small_plan(2022, wheel(one(responsible="every nämnd"), JOINT))
    assert planned.milestone("m").responsible == ("KS", "BUN", "SN", "RN")
    rn = template.body("RN")
    assert rn.host is not None and rn.host.code == "9999" and template.hosts(rn)
    assert [p.code for p in rn.partners] == ["0360", "0382"]
    assert not template.hosts(template.body("OFN"))


def test_the_host_consults_the_partners_before_the_budget_is_set() -> None:
    budget = (
        "  - {key: kf-budget, title: B, deliverable: D, responsible: KF, law: kf_budget,\n"
        "     completed_by: decision, deadline: {on_meeting: kf-budget}}\n"
    )
    samrad = (
        "  - {key: samrad, title: Samråd, deliverable: D, responsible: RN,\n"
        "     law: joint_budget_consultation, deadline: DATE}\n"
    )
    untagged = small_plan(2022, wheel(budget, JOINT))
    assert ("law_untagged", "joint_budget_consultation") in [
        (f.code, f.subject) for f in law_check(*untagged)
    ]
    before = small_plan(
        2022, wheel(budget + samrad.replace("DATE", '{fixed: "03-01", year: -1}'), JOINT)
    )
    assert [f for f in law_check(*before) if f.source == "KL 9 kap. 26 §"] == []
    after = small_plan(
        2022, wheel(budget + samrad.replace("DATE", '{fixed: "11-30", year: -1}'), JOINT)
    )
    assert [(f.code, f.severity) for f in law_check(*after) if f.source == "KL 9 kap. 26 §"] == [
        ("law_account_order", Severity.ERROR)
    ]


@pytest.mark.parametrize(
    ("old", "new", "code", "field"),
    [
        ('    host: {code: "9999", name: Testkommun}\n', "", "missing_field", "bodies[7].host"),
        ('host: {code: "9999"', 'host: {code: "99"', "bad_value", "bodies[7].host.code"),
        (
            '{code: "0360", name: Tierps kommun}',
            '{code: "9999", name: Testkommun}',
            "joint_host_partner",
            "bodies[7].partners",
        ),
        (
            '    partners: [{code: "9999", name: Testkommun}]\n',
            '    partners: [{code: "0381", name: Enköping}]\n',
            "joint_not_ours",
            "bodies[8].host",
        ),
        (
            "    partners: [{code: " + '"0360", name: Tierps kommun}, {code: "0382", '
            "name: Östhammars kommun}]\n",
            "    partners: []\n",
            "joint_no_partners",
            "bodies[7].partners",
        ),
        (
            "kind: office}",
            'kind: office, host: {code: "0380", name: Uppsala}}',
            "bad_value",
            "bodies[11].host",
        ),
    ],
)
def test_bad_gemensam_namnd(old: str, new: str, code: str, field: str) -> None:
    text = wheel(one(), JOINT.replace(old, new, 1))
    assert only_error(text)[0::2] == (code, field)


# 6. a meeting on a day off ------------------------------------------------------------------


def test_a_meeting_overridden_onto_a_sunday_is_a_warning_naming_the_day() -> None:
    base = BASE.replace(
        "date: {calendar_month: 11, nth: 1, year: -1}}",
        "date: {calendar_month: 11, nth: 1, year: -1},\n     overrides: {2022: 2021-11-14}}",
    )
    text = wheel(
        "  - {key: kf-budget, title: B, deliverable: D, responsible: KF, completed_by: decision,\n"
        "     deadline: {on_meeting: kf-budget}}\n",
        base,
    )
    problems = problems_of(text, 2022)
    assert [(p.code, p.severity, p.line) for p in problems] == [
        ("meeting_on_day_off", Severity.WARNING, line_of(text, "kf-budget, body: KF"))
    ]
    assert problem_line(problems[0], "sv").endswith(
        "varning: KFs sammanträde 2021-11-14 (kf-budget) infaller på en helgdag: söndag"
    )
    template, planned = small_plan(2022, text)
    # the decision is the meeting's, on its day: no later error blames the Friday before
    assert planned.milestone("kf-budget").deadline.date == D("2021-11-14")
    assert [
        f.code for f in law_check(template, planned) if f.code == "law_decision_not_on_meeting"
    ] == []


def test_a_listed_calendar_date_on_a_holiday_is_a_warning() -> None:
    base = BASE.replace(
        "    every_year:\n      - {month: 3, weekday: thursday, nth: 3}",
        "    dates: {2021: [2021-03-18, 2021-06-06, 2021-11-08]}\n"
        "    every_year:\n      - {month: 3, weekday: thursday, nth: 3}",
    )
    problems = problems_of(wheel(one(), base), 2022)
    assert [(p.code, p.params["date"], p.params["day"]["sv"]) for p in problems] == [
        ("meeting_on_day_off", "2021-06-06", "nationaldagen")
    ]


def test_every_new_field_is_refused_where_it_does_not_belong() -> None:
    text = wheel(one(", depends_on: [m@4]"))
    template, problems = parse_template(text, "bad.yaml")
    assert template is None and [p.code for p in problems] == ["dependency_cycle"]
