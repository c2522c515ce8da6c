"""Each law rule with a cycle that passes it and one that fails it, and its source."""

from __future__ import annotations

import pytest

from arshjul.core.law import check
from arshjul.core.problems import Severity
from tests.factories import small_plan

BASE = {
    "ks": '{fixed: "10-20", year: -1}',
    "kf": '{fixed: "11-20", year: -1}',
    "interim": '{fixed: "10-15", year: 0}',
    "interim_months": "8",
    "ar": '{fixed: "04-10", year: 1}',
    "ansvar": '{fixed: "06-15", year: 1}',
    "notice": "{before_meeting: kf-jun, days: 10}",
}


def law_template(**changes: str) -> str:
    v = {**BASE, **changes}
    return f"""\
municipality: {{code: "9999", name: Testkommun}}
cycle: {{ends: {{month: 12, day: 31, year: 1}}}}
bodies:
  - {{key: KF, name: Kommunfullmäktige, kind: kf}}
  - {{key: KS, name: Kommunstyrelsen, kind: ks}}
meetings:
  - {{key: kf-jun, body: KF, title: KF, date: {{month: 6, day: 20, year: 1}}}}
milestones:
  - {{key: ks-budget, title: KS, deliverable: D, responsible: KS, law: ks_budget_proposal,
     deadline: {v["ks"]}}}
  - {{key: kf-budget, title: KF, deliverable: D, responsible: KF, law: kf_budget,
     deadline: {v["kf"]}}}
  - {{key: delar, title: Delår, deliverable: D, responsible: KS,
     law: interim_report_handover, period_months: {v["interim_months"]},
     deadline: {v["interim"]}}}
  - {{key: ar, title: ÅR, deliverable: D, responsible: KS, law: annual_report_handover,
     deadline: {v["ar"]}}}
  - {{key: ansvar, title: Ansvarsfrihet, deliverable: D, responsible: KF,
     law: annual_report_approval, deadline: {v["ansvar"]}}}
  - {{key: kungorelse, title: Kungörelse, deliverable: D, responsible: KF, law: kf_notice,
     deadline: {v["notice"]}}}
"""


def findings(year: int = 2020, **changes: str):
    template, plan = small_plan(year, law_template(**changes))
    return [(f.code, f.severity, f.subject, f.source) for f in check(template, plan)]


def test_a_lawful_cycle_has_no_findings() -> None:
    assert findings() == []


@pytest.mark.parametrize(
    ("changes", "code", "subject", "source"),
    [
        ({"ks": '{fixed: "11-02", year: -1}'}, "law_ks_budget_late", "ks-budget", "KL 11 kap."),
        ({"kf": '{fixed: "12-02", year: -1}'}, "law_kf_budget_late", "kf-budget", "KL 11 kap."),
        ({"ar": '{fixed: "04-16", year: 1}'}, "law_annual_report_late", "ar", "KL 11 kap. 20 §"),
        ({"ansvar": '{fixed: "07-01", year: 1}'}, "law_ansvarsfrihet_late", "ansvar", "KL 5 kap."),
        (
            {"interim_months": "5", "interim": '{fixed: "07-15", year: 0}'},
            "law_interim_period",
            "delar",
            "LKBR 13 kap. 1 §",
        ),
        (
            {"interim_months": "9", "interim": '{fixed: "11-15", year: 0}'},
            "law_interim_period",
            "delar",
            "LKBR 13 kap. 1 §",
        ),
        ({"interim": '{fixed: "11-02", year: 0}'}, "law_interim_late", "delar", "KL 11 kap. 16 §"),
        (
            {"notice": "{before_meeting: kf-jun, days: 6}"},
            "law_kf_notice_late",
            "kungorelse",
            "KL 5 kap.",
        ),
    ],
)
def test_each_rule_fails_a_cycle_that_breaks_it(
    changes: dict[str, str], code: str, subject: str, source: str
) -> None:
    assert findings(**changes) == [(code, Severity.ERROR, subject, source)]


@pytest.mark.parametrize(
    ("changes", "ok"),
    [
        ({"ks": '{fixed: "10-31", year: -1}'}, True),  # the last day allowed
        ({"kf": '{fixed: "11-30", year: -1}'}, True),
        ({"ar": '{fixed: "04-15", year: 1}'}, True),
        ({"ansvar": '{fixed: "06-30", year: 1}'}, True),
        ({"interim_months": "6", "interim": '{fixed: "08-28", year: 0}'}, True),
        ({"interim_months": "6", "interim": '{fixed: "08-31", year: 0}'}, False),  # 30 Aug
        ({"interim": '{fixed: "10-31", year: 0}'}, True),  # two months after 31 August
        ({"notice": "{before_meeting: kf-jun, days: 7}"}, True),
    ],
)
def test_the_limits_themselves_are_lawful(changes: dict[str, str], ok: bool) -> None:
    assert (findings(**changes) == []) is ok


def test_election_year_budget_must_wait_for_the_new_council() -> None:
    # budget year 2023 is prepared in 2022, an election year: new KF from 15 October
    assert findings(2023, kf='{fixed: "06-15", year: -1}') == [
        ("law_kf_budget_before_new_council", Severity.ERROR, "kf-budget", "KL 11 kap.; KL 5 kap.")
    ]
    assert findings(2023, kf='{fixed: "11-20", year: -1}') == []
    assert findings(2020, kf='{fixed: "06-15", year: -1}') == []  # 2019 was no election year


def test_an_untagged_requirement_is_a_warning_not_a_pass() -> None:
    text = law_template().replace("law: annual_report_handover,", "")
    template, plan = small_plan(2020, text)
    assert [(f.code, f.severity, f.subject) for f in check(template, plan)] == [
        ("law_untagged", Severity.WARNING, "annual_report_handover")
    ]


def test_a_kf_meeting_without_a_notice_is_a_warning() -> None:
    text = law_template().replace("law: kf_notice,", "")
    template, plan = small_plan(2020, text)
    assert [(f.code, f.subject) for f in check(template, plan)] == [
        ("law_kf_notice_missing", "kf-jun")
    ]


def test_election_year_deadline_replaces_the_normal_one() -> None:
    text = law_template(kf='{fixed: "06-15", year: -1}').replace(
        "law: kf_budget,",
        'law: kf_budget,\n     deadline_in_election_year: {fixed: "11-25", year: -1},',
    )
    for year, expected in ((2020, "2019-06-14"), (2023, "2022-11-25"), (2027, "2026-11-25")):
        _t, plan = small_plan(year, text)
        assert plan.milestone("kf-budget").deadline.date.isoformat() == expected
