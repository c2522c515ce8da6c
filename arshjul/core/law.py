"""The Local Government Act's clock, as rules over a planned cycle. Each rule cites its
source; paragraph numbers not confirmed against the law text are left out (chapter only).

A rule finds the milestones it is about by their `law:` tag in the template. A rule whose
milestone is not tagged cannot be checked; that is reported as a warning, not passed.

    LawRule (one per requirement)         -> findings: error (breaks the law) or warning
    check(template, plan) -> list[Finding]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from arshjul.core.elections import NEW_COUNCIL_TAKES_OFFICE, is_election_year
from arshjul.core.planner import CyclePlan, PlannedMilestone
from arshjul.core.problems import Severity
from arshjul.core.template import BodyKind, CycleTemplate, LawTag


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    source: str  # the law and chapter (and paragraph where confirmed)
    subject: str  # the milestone or meeting key
    params: dict[str, Any] = field(default_factory=dict)


def _tagged(template: CycleTemplate, plan: CyclePlan, tag: LawTag) -> list[PlannedMilestone]:
    keys = {m.key for m in template.milestones if m.law == tag}
    return [m for m in plan.milestones if m.key in keys]


def _missing(tag: LawTag, source: str) -> Finding:
    return Finding("law_untagged", Severity.WARNING, source, tag.value, {"tag": tag.value})


def _deadline_rule(
    template: CycleTemplate, plan: CyclePlan, tag: LawTag, source: str, code: str, limit: dt.date
) -> list[Finding]:
    found = _tagged(template, plan, tag)
    if not found:
        return [_missing(tag, source)]
    return [
        Finding(
            code,
            Severity.ERROR,
            source,
            m.key,
            {"date": m.deadline.date.isoformat(), "limit": limit.isoformat()},
        )
        for m in found
        if m.deadline.date > limit
    ]


def ks_budget_proposal(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """KS prepares the budget proposal before the end of October (KL 11 kap.)."""
    limit = dt.date(plan.budget_year - 1, 10, 31)
    return _deadline_rule(
        template, plan, LawTag.KS_BUDGET_PROPOSAL, "KL 11 kap.", "law_ks_budget_late", limit
    )


def kf_budget(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """KF sets next year's budget before the end of November (KL 11 kap.); in an election
    year the newly elected council does, whose term starts 15 October (KL 11 kap., 5 kap.)."""
    prepared_in = plan.budget_year - 1
    findings = _deadline_rule(
        template,
        plan,
        LawTag.KF_BUDGET,
        "KL 11 kap.",
        "law_kf_budget_late",
        dt.date(prepared_in, 11, 30),
    )
    if is_election_year(prepared_in):
        takes_office = dt.date(prepared_in, *NEW_COUNCIL_TAKES_OFFICE)
        findings += [
            Finding(
                "law_kf_budget_before_new_council",
                Severity.ERROR,
                "KL 11 kap.; KL 5 kap.",
                m.key,
                {
                    "date": m.deadline.date.isoformat(),
                    "limit": takes_office.isoformat(),
                    "election_year": prepared_in,
                },
            )
            for m in _tagged(template, plan, LawTag.KF_BUDGET)
            if m.deadline.date < takes_office
        ]
    return findings


def annual_report_handover(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """KS hands the annual report to KF and the auditors by 15 April (KL 11 kap. 20 §)."""
    return _deadline_rule(
        template,
        plan,
        LawTag.ANNUAL_REPORT_HANDOVER,
        "KL 11 kap. 20 §",
        "law_annual_report_late",
        dt.date(plan.budget_year + 1, 4, 15),
    )


def annual_report_approval(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """KF approves the annual report and decides on ansvarsfrihet before the end of June
    (KL 5 kap.)."""
    return _deadline_rule(
        template,
        plan,
        LawTag.ANNUAL_REPORT_APPROVAL,
        "KL 5 kap.",
        "law_ansvarsfrihet_late",
        dt.date(plan.budget_year + 1, 6, 30),
    )


def interim_report(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """At least one interim report covering at least half and at most two thirds of the year
    (LKBR 13 kap. 1 §), handed to KF and the auditors within two months of the period's end
    (KL 11 kap. 16 §)."""
    tagged = {m.key: m for m in template.milestones if m.law == LawTag.INTERIM_REPORT_HANDOVER}
    found = _tagged(template, plan, LawTag.INTERIM_REPORT_HANDOVER)
    if not found:
        return [_missing(LawTag.INTERIM_REPORT_HANDOVER, "LKBR 13 kap. 1 §")]
    findings = []
    for planned in found:
        months = tagged[planned.key].period_months or 8
        if not 6 <= months <= 8:
            findings.append(
                Finding(
                    "law_interim_period",
                    Severity.ERROR,
                    "LKBR 13 kap. 1 §",
                    planned.key,
                    {"months": months},
                )
            )
        year = plan.budget_year
        period_end = dt.date(year, months + 1, 1) - dt.timedelta(days=1)
        limit = _add_months(period_end, 2)
        if planned.deadline.date > limit:
            findings.append(
                Finding(
                    "law_interim_late",
                    Severity.ERROR,
                    "KL 11 kap. 16 §",
                    planned.key,
                    {"date": planned.deadline.date.isoformat(), "limit": limit.isoformat()},
                )
            )
    return findings


def kf_notice(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """A KF meeting is announced on the anslagstavla at least one week before it (KL 5 kap.)."""
    kf_bodies = {b.key for b in template.bodies if b.kind is BodyKind.KF}
    notices = [m for m in template.milestones if m.law == LawTag.KF_NOTICE]
    by_meeting = {getattr(m.deadline, "meeting", None): m for m in notices}
    findings = []
    for meeting in plan.meetings:
        if meeting.body not in kf_bodies:
            continue
        notice = by_meeting.get(meeting.key)
        if notice is None:
            findings.append(
                Finding(
                    "law_kf_notice_missing",
                    Severity.WARNING,
                    "KL 5 kap.",
                    meeting.key,
                    {"meeting": meeting.key},
                )
            )
            continue
        announced = plan.milestone(notice.key).deadline.date
        if (meeting.date.date - announced).days < 7:
            findings.append(
                Finding(
                    "law_kf_notice_late",
                    Severity.ERROR,
                    "KL 5 kap.",
                    notice.key,
                    {
                        "meeting": meeting.key,
                        "date": announced.isoformat(),
                        "meeting_date": meeting.date.date.isoformat(),
                    },
                )
            )
    return findings


def _add_months(day: dt.date, months: int) -> dt.date:
    """Same date `months` later, or that month's last day (Lag 1930:173, 3 §)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


RULES = (
    ks_budget_proposal,
    kf_budget,
    annual_report_handover,
    annual_report_approval,
    interim_report,
    kf_notice,
)


def check(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """Every finding of every rule, errors first."""
    findings = [f for rule in RULES for f in rule(template, plan)]
    return sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.code, f.subject))
