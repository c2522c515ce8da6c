"""Each law rule with a cycle that passes it and one that fails it, and its source."""

from __future__ import annotations

import pytest

from arshjul.core.law import check
from arshjul.core.problems import Severity
from tests.factories import small_plan

BASE = {
    "ks": '{fixed: "10-20", year: -1}',
    "ks_tax": '{fixed: "10-20", year: -1}',
    "kf": '{fixed: "11-20", year: -1}',
    "interim": '{fixed: "10-15", year: 0}',
    "interim_months": "8",
    "kf_interim": '{fixed: "11-20", year: 0}',
    "kf_interim_by": "KF",
    "ar": '{fixed: "04-10", year: 1}',
    "revision": '{fixed: "05-20", year: 1}',
    "approval": '{fixed: "06-10", year: 1}',
    "ansvar": '{fixed: "06-15", year: 1}',
    "notice": "{before_meeting: kf-jun, days: 10}",
    "kf_decision": "{on_meeting: kf-jun}",
    "auditors": '{fixed: "10-15", year: -1}',
}


def law_template(**changes: str) -> str:
    v = {**BASE, **changes}
    return f"""\
municipality: {{code: "9999", name: Testkommun}}
cycle: {{ends: {{month: 12, day: 31, year: 1}}}}
bodies:
  - {{key: KF, name: Kommunfullmäktige, kind: kf}}
  - {{key: KS, name: Kommunstyrelsen, kind: ks}}
  - {{key: REV, name: Revisionen, kind: revision}}
  - {{key: KFP, name: Fullmäktiges presidium, kind: group}}
meetings:
  - {{key: kf-jun, body: KF, title: KF, date: {{month: 6, day: 18, year: -1}}}}
milestones:
  - {{key: ks-budget, title: KS, deliverable: D, responsible: KS, law: ks_budget_proposal,
     deadline: {v["ks"]}}}
  - {{key: ks-skatt, title: KS, deliverable: D, responsible: KS, law: ks_tax_rate_proposal,
     deadline: {v["ks_tax"]}}}
  - {{key: kf-budget, title: KF, deliverable: D, responsible: KF, law: kf_budget,
     deadline: {v["kf"]}}}
  - {{key: kf-beslut, title: KF, deliverable: D, responsible: KF, completed_by: decision,
     deadline: {v["kf_decision"]}}}
  - {{key: delar, title: Delår, deliverable: D, responsible: KS,
     law: interim_report_handover, period_months: {v["interim_months"]},
     deadline: {v["interim"]}}}
  - {{key: kf-delar, title: Delår i KF, deliverable: D, responsible: {v["kf_interim_by"]},
     law: kf_interim_report, deadline: {v["kf_interim"]}}}
  - {{key: ar, title: ÅR, deliverable: D, responsible: KS, law: annual_report_handover,
     deadline: {v["ar"]}}}
  - {{key: rb, title: Revisionsberättelse, deliverable: D, responsible: REV,
     law: audit_report, deadline: {v["revision"]}}}
  - {{key: godkann, title: Godkännande, deliverable: D, responsible: KF,
     law: annual_report_approval, deadline: {v["approval"]}}}
  - {{key: ansvar, title: Ansvarsfrihet, deliverable: D, responsible: KF,
     law: ansvarsfrihet, deadline: {v["ansvar"]}}}
  - {{key: kungorelse, title: Kungörelse, deliverable: D, responsible: KF, law: kf_notice,
     deadline: {v["notice"]}}}
  - {{key: rev-budget, title: Revisorernas budget, deliverable: D, responsible: KFP,
     law: auditors_budget_proposal, deadline: {v["auditors"]}}}
"""


def findings(year: int = 2020, text: str | None = None, **changes: str):
    template, plan = small_plan(year, text or law_template(**changes))
    return [(f.code, f.severity, f.subject, f.source) for f in check(template, plan)]


E, W = Severity.ERROR, Severity.WARNING
ORDER_SOURCE = "KL 11 kap. 20–21 §§; KL 12 kap. 12 §; KL 5 kap. 24 §"


def test_a_lawful_cycle_has_no_findings() -> None:
    assert findings() == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"ks": '{fixed: "12-03", year: -1}'},  # 30 Nov 2019 a Saturday: 2 Dec allowed
            ("law_ks_budget_late", E, "ks-budget", "KL 11 kap. 8 §"),
        ),
        (
            {"ks": '{fixed: "11-04", year: -1}', "ks_tax": '{fixed: "11-04", year: -1}'},
            ("law_ks_budget_late", E, "ks-budget", "KL 11 kap. 8 §"),
        ),
        (
            {"kf": '{fixed: "12-03", year: -1}'},  # no tax rate set in November
            ("law_kf_budget_no_tax_rate", E, "kf-budget", "KL 11 kap. 11 §"),
        ),
        (
            {"auditors": '{fixed: "11-04", year: -1}'},
            ("law_auditors_budget_late", E, "rev-budget", "KL 11 kap. 8 §"),
        ),
        (
            {"ar": '{fixed: "04-16", year: 1}'},
            ("law_annual_report_late", E, "ar", "KL 11 kap. 20 §"),
        ),
        (
            {"ansvar": '{fixed: "07-02", year: 1}'},
            ("law_ansvarsfrihet_late", E, "ansvar", "KL 5 kap. 24 §"),
        ),
        (
            {"interim_months": "5", "interim": '{fixed: "07-15", year: 0}'},
            ("law_interim_period", E, "delar", "LKBR 13 kap. 1 §"),
        ),
        (
            {"interim_months": "9", "interim": '{fixed: "11-15", year: 0}'},
            ("law_interim_period", E, "delar", "LKBR 13 kap. 1 §"),
        ),
        (
            {"interim": '{fixed: "11-03", year: 0}', "kf_interim": '{fixed: "11-20", year: 0}'},
            ("law_interim_late", E, "delar", "KL 11 kap. 16 §; Lag 1930:173, 1 §"),
        ),
        (
            {"notice": "{before_meeting: kf-jun, days: 6}"},
            ("law_kf_notice_late", E, "kungorelse", "KL 5 kap. 13 §"),
        ),
        (
            {"revision": '{fixed: "04-01", year: 1}'},
            ("law_account_order", E, "rb", ORDER_SOURCE),
        ),
        (
            {"approval": '{fixed: "05-10", year: 1}'},
            ("law_account_order", E, "godkann", ORDER_SOURCE),
        ),
        (
            {"ansvar": '{fixed: "06-05", year: 1}'},
            ("law_account_order", E, "ansvar", ORDER_SOURCE),
        ),
        ({"kf_interim_by": "KS"}, ("law_kf_interim_not_kf", E, "kf-delar", "KL 11 kap. 16 §")),
        (
            {"kf_interim": '{fixed: "10-01", year: 0}'},
            ("law_account_order", E, "kf-delar", "KL 11 kap. 16 §"),
        ),
        (
            {"kf_decision": '{fixed: "06-19", year: -1}'},
            (
                "law_decision_not_on_meeting",
                E,
                "kf-beslut",
                "KL 5 kap. (fullmäktige); KL 6 kap. (styrelsen)",
            ),
        ),
    ],
)
def test_each_rule_fails_a_cycle_that_breaks_it(
    changes: dict[str, str], expected: tuple[str, Severity, str, str]
) -> None:
    assert findings(**changes) == [expected]


@pytest.mark.parametrize(
    ("year", "changes", "ok"),
    [
        (2020, {"ks": '{fixed: "10-31", year: -1}'}, True),  # the last day allowed
        (2021, {"ks": '{fixed: "11-02", year: -1}'}, True),  # 31 Oct 2020 a Saturday
        (2020, {"kf": '{fixed: "11-30", year: -1}'}, True),
        (2026, {"kf": '{fixed: "12-01", year: -1}'}, True),  # 30 Nov 2025 a Sunday
        (2026, {"kf": '{fixed: "12-02", year: -1}'}, False),
        (2020, {"ar": '{fixed: "04-15", year: 1}'}, True),
        (2022, {"ar": '{fixed: "04-17", year: 1}'}, True),  # 15 April 2023 a Saturday
        (2022, {"ar": '{fixed: "04-18", year: 1}'}, False),
        (2020, {"ansvar": '{fixed: "06-30", year: 1}'}, True),
        (2023, {"ansvar": '{fixed: "07-01", year: 1}'}, True),  # 30 June 2024 a Sunday
        (2020, {"approval": '{fixed: "06-15", year: 1}'}, True),  # the same meeting
        (2020, {"interim_months": "6", "interim": '{fixed: "08-28", year: 0}'}, True),
        (2020, {"interim_months": "6", "interim": '{fixed: "08-31", year: 0}'}, True),
        (2020, {"interim_months": "6", "interim": '{fixed: "09-01", year: 0}'}, False),
        (2020, {"interim": '{fixed: "10-31", year: 0}'}, True),  # two months after 31 August
        (2020, {"notice": "{before_meeting: kf-jun, days: 7}"}, True),
    ],
)
def test_the_limits_themselves_are_lawful(year: int, changes: dict[str, str], ok: bool) -> None:
    assert (findings(year, **changes) == []) is ok


def test_interim_period_6_months_ends_30_june_and_is_extended_over_a_weekend() -> None:
    # period 6 in 2020 ends 30 June; two months later is 30 August 2020, a Sunday: 31 Aug.
    assert findings(interim_months="6", interim='{fixed: "08-31", year: 0}') == []


def test_a_november_ks_proposal_is_a_warning_when_the_tax_rate_came_in_october() -> None:
    assert findings(ks='{fixed: "11-12", year: -1}') == [
        ("law_ks_budget_november", W, "ks-budget", "KL 11 kap. 8 §")
    ]


def test_a_shorter_interim_report_beside_the_required_one_is_lawful() -> None:
    text = law_template().replace(
        "  - {key: ar,",
        "  - {key: tertial, title: T1, deliverable: D, responsible: KS,\n"
        "     law: interim_report_handover, period_months: 4,\n"
        '     deadline: {fixed: "05-20", year: 0}}\n'
        "  - {key: ar,",
    )
    assert findings(text=text) == []
    only_short = text.replace("law: interim_report_handover, period_months: 8,", "")
    assert [f[0] for f in findings(text=only_short)] == ["law_interim_period"]


def test_election_year_budget_is_set_by_the_new_council() -> None:
    # budget year 2023 is prepared in 2022, an election year: new KF from 15 October
    assert findings(2023, kf='{fixed: "06-15", year: -1}') == [
        ("law_kf_budget_before_new_council", E, "kf-budget", "KL 11 kap. 10 §; KL 5 kap. 9 §")
    ]
    assert findings(2023, kf='{fixed: "11-20", year: -1}') == []
    assert findings(2020, kf='{fixed: "06-15", year: -1}') == []  # 2019 was no election year


TAX_RATE = """\
  - {key: kf-skattesats, title: Skattesats, deliverable: D, responsible: KF, law: kf_tax_rate,
     deadline: RATE}
"""


def with_tax_rate(rate: str, **changes: str) -> str:
    return law_template(**changes) + TAX_RATE.replace("RATE", rate)


@pytest.mark.parametrize(
    ("year", "budget", "rate", "expected"),
    [
        # KL 11 kap. 11 §: for särskilda skäl the budget by 31 December, the tax rate in
        # November: a warning naming the rule, for any year (an election is the usual case)
        (2023, "12-12", "11-21", [("law_kf_budget_december", W, "kf-budget", "KL 11 kap. 11 §")]),
        (2020, "12-12", "11-21", [("law_kf_budget_december", W, "kf-budget", "KL 11 kap. 11 §")]),
        # 31 December 2022 a Saturday: the last day is Monday 2 January (Lag 1930:173, 2 §)
        (2023, "12-30", "11-30", [("law_kf_budget_december", W, "kf-budget", "KL 11 kap. 11 §")]),
        # the tax rate after November too: two errors, the rate's and the budget's
        (
            2023,
            "12-12",
            "12-01",
            [
                ("law_kf_budget_no_tax_rate", E, "kf-budget", "KL 11 kap. 11 §"),
                ("law_kf_tax_rate_late", E, "kf-skattesats", "KL 11 kap. 11 §"),
            ],
        ),
        # in November the budget holds the rate: a separate decision in November is fine
        (2023, "11-25", "11-21", []),
    ],
)
def test_a_december_budget_is_lawful_only_with_the_tax_rate_set_in_november(
    year: int, budget: str, rate: str, expected: list[tuple[str, Severity, str, str]]
) -> None:
    text = with_tax_rate(
        '{fixed: "' + rate + '", year: -1}', kf='{fixed: "' + budget + '", year: -1}'
    )
    assert findings(year, text=text) == expected


def test_a_budget_after_december_is_an_error_naming_both_paragraphs() -> None:
    text = with_tax_rate('{fixed: "11-21", year: -1}', kf='{fixed: "01-10", year: 0}')
    assert findings(2023, text=text) == [
        ("law_kf_budget_late", E, "kf-budget", "KL 11 kap. 10 §; KL 11 kap. 11 §")
    ]


def test_the_december_warning_says_what_the_law_says() -> None:
    from arshjul.texts import finding_line

    template, plan = small_plan(
        2023, with_tax_rate('{fixed: "11-21", year: -1}', kf='{fixed: "12-12", year: -1}')
    )
    (finding,) = check(template, plan)
    assert finding_line(finding, "uppsala.yaml", "sv") == (
        "uppsala.yaml: kf-budget: varning: KF fastställer budgeten 2022-12-12, i december: "
        "lagligt bara om budgeten på grund av särskilda skäl inte kan fastställas före "
        "november månads utgång; KF har fastställt skattesatsen inom november (kf-skattesats, "
        "2022-11-21) och budgeten ska fastställas senast 2023-01-02 (KL 11 kap. 11 §)"
    )


@pytest.mark.parametrize(
    ("tag", "subject"),
    [
        ("law: annual_report_handover,", "annual_report_handover"),
        ("law: ansvarsfrihet,", "ansvarsfrihet"),
        ("law: kf_interim_report,", "kf_interim_report"),
        ("law: auditors_budget_proposal,", "auditors_budget_proposal"),
    ],
)
def test_an_untagged_requirement_is_a_warning_not_a_pass(tag: str, subject: str) -> None:
    text = law_template().replace(tag, "")
    assert [(f[0], f[1], f[2]) for f in findings(text=text)] == [("law_untagged", W, subject)]


def test_a_kf_meeting_without_a_notice_is_a_warning() -> None:
    text = law_template().replace("law: kf_notice,", "")
    assert [(f[0], f[2]) for f in findings(text=text)] == [("law_kf_notice_missing", "kf-jun")]


def test_election_year_deadline_replaces_the_normal_one() -> None:
    text = law_template(kf='{fixed: "06-15", year: -1}').replace(
        "law: kf_budget,",
        'law: kf_budget,\n     deadline_in_election_year: {fixed: "11-25", year: -1},',
    )
    for year, expected in ((2020, "2019-06-14"), (2023, "2022-11-25"), (2027, "2026-11-25")):
        _t, plan = small_plan(year, text)
        assert plan.milestone("kf-budget").deadline.date.isoformat() == expected
