"""The Local Government Act's clock, as rules over a planned cycle. Each rule cites its
source; paragraph numbers not confirmed against the law text are left out (chapter only;
docs/law.md lists what was read where).

A rule finds the deliverables it is about by their `law:` tag in the template (a series
tags each of its instances). A rule whose milestone is not tagged cannot be checked; that is
reported as a warning, not passed.

Every statutory limit is extended the way Lag (1930:173) om beräkning av lagstadgad tid
says: a period in months ends on the same date of the last month, or that month's last day
(1 §); a last day that is a Saturday, Sunday, other public holiday, midsommarafton, julafton
or nyårsafton moves to the next weekday (2 §). That 2 § reaches the Act's calendar dates
(the end of October, November, June; 15 April) is this engine's reading, the lenient one;
no source read says so or otherwise.

    LawRule (one per requirement)         -> findings: error (breaks the law) or warning
    check(template, plan) -> list[Finding]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from arshjul.core.calendar import Shift, add_months, last_day_of_month, shift
from arshjul.core.elections import NEW_COUNCIL_TAKES_OFFICE, is_election_year
from arshjul.core.planner import CyclePlan, PlannedMilestone
from arshjul.core.problems import Severity
from arshjul.core.template import BodyKind, CompletedBy, CycleTemplate, LawTag

# The citations below were read in the consolidated text of Kommunallag (2017:725) and of
# Lag (1930:173); docs/law.md says where, and what is still unconfirmed (cited by chapter).
KS_BUDGET = "KL 11 kap. 8 §"  # KS before October's end; November for särskilda skäl
AUDITORS_BUDGET = "KL 11 kap. 8 §"  # KF's presidium, "senast vid samma tidpunkt"
KF_BUDGET = "KL 11 kap. 10 §"  # "Budgeten fastställs av fullmäktige före november månads utgång"
KF_DECEMBER = "KL 11 kap. 11 §"  # särskilda skäl: the tax rate in November, the budget by 31 Dec
NEW_COUNCIL = "KL 11 kap. 10 §; KL 5 kap. 9 §"  # "av nyvalda fullmäktige", term from 15 Oct
ANNUAL_REPORT = "KL 11 kap. 20 §"
ANSVARSFRIHET = "KL 5 kap. 24 §"
AUDIT_REPORT = "KL 12 kap. 12 §"
ACCOUNT_ORDER_SOURCE = "KL 11 kap. 20–21 §§; KL 12 kap. 12 §; KL 5 kap. 24 §"
INTERIM_PERIOD = "LKBR 13 kap. 1 §"  # the paragraph KL 11 kap. 16 § names
INTERIM_HANDOVER = "KL 11 kap. 16 §"
KF_NOTICE = "KL 5 kap. 13 §"
MEETINGS = "KL 5 kap. (fullmäktige); KL 6 kap. (styrelsen)"
MONTHS = "Lag 1930:173, 1 §"
JOINT_BUDGET = "KL 9 kap. 26 §"


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    source: str  # the law and chapter (and paragraph where confirmed)
    subject: str  # the milestone or meeting key
    params: dict[str, Any] = field(default_factory=dict)


def statutory_limit(day: dt.date) -> dt.date:
    """The last day as extended by Lag 1930:173, 2 §."""
    return shift(day, Shift.NEXT).date


def _tagged(plan: CyclePlan, tag: LawTag) -> list[PlannedMilestone]:
    return [m for m in plan.milestones if m.law == tag]


def _missing(tag: LawTag, source: str) -> Finding:
    return Finding("law_untagged", Severity.WARNING, source, tag.value, {"tag": tag.value})


def _late(code: str, source: str, m: PlannedMilestone, limit: dt.date, **extra: Any) -> Finding:
    params = {"date": m.deadline.date.isoformat(), "limit": limit.isoformat(), **extra}
    return Finding(code, Severity.ERROR, source, m.key, params)


def _deadline_rule(
    plan: CyclePlan, tag: LawTag, source: str, code: str, limit: dt.date
) -> list[Finding]:
    found = _tagged(plan, tag)
    if not found:
        return [_missing(tag, source)]
    extended = statutory_limit(limit)
    return [_late(code, source, m, extended) for m in found if m.deadline.date > extended]


def ks_budget_proposal(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """KS prepares the budget proposal before the end of October; with särskilda skäl in
    November, when KS has proposed the tax rate before the end of October (KL 11 kap. 8 §)."""
    prepared_in = plan.budget_year - 1
    october = statutory_limit(dt.date(prepared_in, 10, 31))
    november = statutory_limit(dt.date(prepared_in, 11, 30))
    found = _tagged(plan, LawTag.KS_BUDGET_PROPOSAL)
    if not found:
        return [_missing(LawTag.KS_BUDGET_PROPOSAL, KS_BUDGET)]
    tax_rate = [m for m in _tagged(plan, LawTag.KS_TAX_RATE_PROPOSAL) if m.deadline.date <= october]
    findings = []
    for m in found:
        if m.deadline.date <= october:
            continue
        if m.deadline.date <= november and tax_rate:
            findings.append(
                Finding(
                    "law_ks_budget_november",
                    Severity.WARNING,
                    KS_BUDGET,
                    m.key,
                    {
                        "date": m.deadline.date.isoformat(),
                        "tax_rate": tax_rate[0].key,
                        "tax_rate_date": tax_rate[0].deadline.date.isoformat(),
                    },
                )
            )
        else:
            findings.append(_late("law_ks_budget_late", KS_BUDGET, m, october))
    return findings


def kf_budget(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """KF sets next year's budget before the end of November (KL 11 kap. 10 §). If for
    särskilda skäl it cannot, KF must still set the tax rate within November and then the
    budget before the end of December (11 §): a December budget with a November tax rate
    is a warning naming that rule, without one an error. In an election year the newly
    elected council sets it, whose term starts 15 October (10 §; KL 5 kap. 9 §)."""
    prepared_in = plan.budget_year - 1
    november = statutory_limit(dt.date(prepared_in, 11, 30))
    december = statutory_limit(dt.date(prepared_in, 12, 31))
    found = _tagged(plan, LawTag.KF_BUDGET)
    if not found:
        return [_missing(LawTag.KF_BUDGET, KF_BUDGET)]
    rates = _tagged(plan, LawTag.KF_TAX_RATE)
    findings = [
        _late("law_kf_tax_rate_late", KF_DECEMBER, m, november)
        for m in rates
        if m.deadline.date > november
    ]
    in_time = [m for m in rates if m.deadline.date <= november]
    for m in found:
        if m.deadline.date > december:
            findings.append(_late("law_kf_budget_late", f"{KF_BUDGET}; {KF_DECEMBER}", m, december))
        elif m.deadline.date > november and in_time:
            rate = in_time[0]
            params = {
                "date": m.deadline.date.isoformat(),
                "limit": december.isoformat(),
                "tax_rate": rate.key,
                "tax_rate_date": rate.deadline.date.isoformat(),
            }
            findings.append(
                Finding("law_kf_budget_december", Severity.WARNING, KF_DECEMBER, m.key, params)
            )
        elif m.deadline.date > november:
            findings.append(_late("law_kf_budget_no_tax_rate", KF_DECEMBER, m, november))
    if is_election_year(prepared_in):
        findings += _new_council(plan, found, prepared_in)
    return findings


def _new_council(
    plan: CyclePlan, found: list[PlannedMilestone], election_year: int
) -> list[Finding]:
    takes_office = dt.date(election_year, *NEW_COUNCIL_TAKES_OFFICE)
    return [
        _late(
            "law_kf_budget_before_new_council",
            NEW_COUNCIL,
            m,
            takes_office,
            election_year=election_year,
        )
        for m in found
        if m.deadline.date < takes_office
    ]


def auditors_budget_proposal(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """KF's presidium prepares the proposal for the auditors' budget by the time KS's is
    due, before the end of October (KL 11 kap. 8 §)."""
    return _deadline_rule(
        plan,
        LawTag.AUDITORS_BUDGET_PROPOSAL,
        AUDITORS_BUDGET,
        "law_auditors_budget_late",
        dt.date(plan.budget_year - 1, 10, 31),
    )


def joint_budget_consultation(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """The budget of a gemensam nämnd is drawn up by the municipality that set it up, after
    samråd with the others sharing it (KL 9 kap. 26 §): a municipality hosting one
    consults them before its budget is set."""
    hosted = [b for b in template.bodies if template.hosts(b)]
    if not hosted:
        return []
    found = _tagged(plan, LawTag.JOINT_BUDGET_CONSULTATION)
    if not found:
        return [_missing(LawTag.JOINT_BUDGET_CONSULTATION, JOINT_BUDGET)]
    budgets = _tagged(plan, LawTag.KF_BUDGET)
    return [
        Finding(
            "law_account_order",
            Severity.ERROR,
            JOINT_BUDGET,
            budget.key,
            {
                "first": m.key,
                "first_date": m.deadline.date.isoformat(),
                "then": budget.key,
                "date": budget.deadline.date.isoformat(),
            },
        )
        for m in found
        for budget in budgets
        if budget.deadline.date <= m.deadline.date
    ]


def annual_report_handover(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """KS hands the annual report to KF and the auditors by 15 April (KL 11 kap. 20 §)."""
    return _deadline_rule(
        plan,
        LawTag.ANNUAL_REPORT_HANDOVER,
        ANNUAL_REPORT,
        "law_annual_report_late",
        dt.date(plan.budget_year + 1, 4, 15),
    )


def ansvarsfrihet(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """KF decides on ansvarsfrihet at a meeting before the end of June (KL 5 kap. 24 §).
    Approving the årsredovisning is a decision of its own, with no date but its place in
    the order (KL 11 kap. 21 §)."""
    return _deadline_rule(
        plan,
        LawTag.ANSVARSFRIHET,
        ANSVARSFRIHET,
        "law_ansvarsfrihet_late",
        dt.date(plan.budget_year + 1, 6, 30),
    )


ACCOUNT_ORDER = (
    (LawTag.ANNUAL_REPORT_HANDOVER, LawTag.AUDIT_REPORT, True),
    (LawTag.AUDIT_REPORT, LawTag.ANNUAL_REPORT_APPROVAL, True),
    (LawTag.ANNUAL_REPORT_APPROVAL, LawTag.ANSVARSFRIHET, False),
)


def account_order(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """The årsredovisning is handed over (KL 11 kap. 20 §), then the auditors give their
    revisionsberättelse (KL 12 kap. 12 §), then KF approves the årsredovisning, before (at
    the latest at the same meeting as) it decides on ansvarsfrihet (KL 11 kap. 21 §; KL
    5 kap. 24 §)."""
    findings = []
    for first_tag, then_tag, strictly in ACCOUNT_ORDER:
        for first in _tagged(plan, first_tag):
            for then in _tagged(plan, then_tag):
                early = then.deadline.date <= first.deadline.date
                if early if strictly else then.deadline.date < first.deadline.date:
                    findings.append(
                        Finding(
                            "law_account_order",
                            Severity.ERROR,
                            ACCOUNT_ORDER_SOURCE,
                            then.key,
                            {
                                "first": first.key,
                                "first_date": first.deadline.date.isoformat(),
                                "then": then.key,
                                "date": then.deadline.date.isoformat(),
                            },
                        )
                    )
    return findings


def interim_report(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """At least one interim report covers at least half and at most two thirds of the year
    (LKBR 13 kap. 1 §); shorter ones (tertial, April) may sit beside it. Each is handed to KF
    and the auditors within two months of its period's end (KL 11 kap. 16 §): a report in
    parts (economy per March, activity per April) within two months of each part's end."""
    found = _tagged(plan, LawTag.INTERIM_REPORT_HANDOVER)
    if not found:
        return [_missing(LawTag.INTERIM_REPORT_HANDOVER, INTERIM_PERIOD)]
    findings = []
    months = [n for m in found for n in _months(m)]
    if not any(6 <= n <= 8 for n in months):
        findings.append(
            Finding(
                "law_interim_period",
                Severity.ERROR,
                INTERIM_PERIOD,
                found[0].source_key,
                {"months": ", ".join(str(n) for n in months)},
            )
        )
    for planned in found:
        ends = planned.period_ends(plan.budget_year) or (last_day_of_month(plan.budget_year, 8),)
        limit = statutory_limit(add_months(min(ends), 2))
        if planned.deadline.date > limit:
            findings.append(
                _late("law_interim_late", f"{INTERIM_HANDOVER}; {MONTHS}", planned, limit)
            )
    return findings


def _months(m: PlannedMilestone) -> list[int]:
    """The months a report covers: each part's, else its period (eight when unsaid)."""
    return [n for _, n in m.period_parts] or [m.period_months or 8]


def kf_interim_report(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """KF itself handles at least one delårsrapport (KL 11 kap. 16 §), after it is handed
    over."""
    found = _tagged(plan, LawTag.KF_INTERIM_REPORT)
    if not found:
        return [_missing(LawTag.KF_INTERIM_REPORT, INTERIM_HANDOVER)]
    kf = {b.key for b in template.bodies if b.kind is BodyKind.KF}
    findings = [
        Finding("law_kf_interim_not_kf", Severity.ERROR, INTERIM_HANDOVER, m.key, {})
        for m in found
        if not set(m.responsible) <= kf
    ]
    handovers = _tagged(plan, LawTag.INTERIM_REPORT_HANDOVER)
    eligible = [h for h in handovers if any(6 <= n <= 8 for n in _months(h))]
    if eligible and not any(
        m.deadline.date >= min(h.deadline.date for h in eligible) for m in found
    ):
        first = min(eligible, key=lambda h: h.deadline.date)
        findings.append(
            Finding(
                "law_account_order",
                Severity.ERROR,
                INTERIM_HANDOVER,
                found[0].key,
                {
                    "first": first.key,
                    "first_date": first.deadline.date.isoformat(),
                    "then": found[0].key,
                    "date": found[0].deadline.date.isoformat(),
                },
            )
        )
    return findings


def kf_notice(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """A KF meeting is announced on the anslagstavla at least one week before it (KL 5 kap.
    13 §; a meeting over two days, before its first day).
    Each calendar year's meetings belong to the cycle prepared in that year, so a cycle
    must announce the KF meetings of the year before its budget year."""
    kf_bodies = {b.key for b in template.bodies if b.kind is BodyKind.KF}
    by_meeting = {m.meeting: m for m in _tagged(plan, LawTag.KF_NOTICE)}
    findings = []
    for meeting in plan.meetings:
        if meeting.body not in kf_bodies:
            continue
        notice = by_meeting.get(meeting.key)
        if notice is None and meeting.date.date.year != plan.budget_year - 1:
            continue  # a later year's meeting: the cycle prepared in that year announces it
        if notice is None:
            findings.append(
                Finding(
                    "law_kf_notice_missing",
                    Severity.WARNING,
                    KF_NOTICE,
                    meeting.key,
                    {"meeting": meeting.key},
                )
            )
            continue
        announced = notice.deadline.date
        if (meeting.date.date - announced).days < 7:
            findings.append(
                Finding(
                    "law_kf_notice_late",
                    Severity.ERROR,
                    KF_NOTICE,
                    notice.key,
                    {
                        "meeting": meeting.key,
                        "date": announced.isoformat(),
                        "meeting_date": meeting.date.date.isoformat(),
                    },
                )
            )
    return findings


def decisions_on_meetings(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """KF and KS decide at their meetings (KL 5 kap.; KL 6 kap.): a decision milestone of
    KF or KS must fall on a day that body meets (any day of a meeting over several)."""
    kinds = {b.key: b.kind for b in template.bodies}
    meets = {(m.body, day) for m in plan.meetings for day in m.held_on()}
    findings = []
    for m in plan.milestones:
        if m.completed_by is not CompletedBy.DECISION:
            continue
        for body in m.responsible:
            if (
                kinds.get(body) in (BodyKind.KF, BodyKind.KS)
                and (body, m.deadline.date) not in meets
            ):
                findings.append(
                    Finding(
                        "law_decision_not_on_meeting",
                        Severity.ERROR,
                        MEETINGS,
                        m.key,
                        {"body": body, "date": m.deadline.date.isoformat()},
                    )
                )
    return findings


RULES = (
    ks_budget_proposal,
    auditors_budget_proposal,
    kf_budget,
    joint_budget_consultation,
    annual_report_handover,
    account_order,
    ansvarsfrihet,
    interim_report,
    kf_interim_report,
    kf_notice,
    decisions_on_meetings,
)


def check(template: CycleTemplate, plan: CyclePlan) -> list[Finding]:
    """Every finding of every rule, errors first."""
    findings = [f for rule in RULES for f in rule(template, plan)]
    return sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.code, f.subject))
