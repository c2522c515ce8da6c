"""What Prefect's mirror of the cycle reads from our tables, and what a milestone's run does
when its deadline day ends: who handed in what and when, who is missing, the overdue
notices for them, and (through an automation) a word to the coordinators when KF's or
KS's own decision is late. Prefect-free: the flows in flows/milestone_due.py call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.board import DeliverableRow
from arshjul.core.calendar import add_business_days, is_business_day
from arshjul.core.instants import STOCKHOLM, local_date, local_minute
from arshjul.core.milestone_runs import MirrorMilestone, end_of_day
from arshjul.core.reminders import NoticeKind, ReminderSchedule, plans_notices
from arshjul.core.status import DONE, Status, derive_status
from arshjul.core.template import BodyKind, CompletedBy, Role
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.tables import (
    Body,
    Cycle,
    Deliverable,
    Milestone,
    Municipality,
    OutboxMessage,
    Person,
)
from arshjul.notifications import (
    PlannedNotice,
    Recipient,
    enqueue,
    enqueue_notice,
    recipient_context,
)
from arshjul.texts import label, status_label


def planned_cycles(
    ctx: Context, *, code: str | None = None, budget_year: int | None = None
) -> list[tuple[str, int]]:
    """The (kommunkod, budget year) of every planned cycle, or of the ones named."""
    with Session(ctx.database()) as session:
        query = select(Municipality.code, Cycle.budget_year).join(
            Cycle, col(Cycle.municipality_id) == Municipality.id
        )
        if code is not None:
            query = query.where(Municipality.code == code)
        if budget_year is not None:
            query = query.where(Cycle.budget_year == budget_year)
        return sorted((c, y) for c, y in session.exec(query).all())


def mirror_milestones(ctx: Context, *, code: str, budget_year: int) -> list[MirrorMilestone]:
    """The cycle's active milestones with their deliverables, as the runs show them."""
    with Session(ctx.database()) as session:
        municipality = queries.resolve_municipality(session=session, code=code)
        cycle = queries.resolve_cycle(
            session=session, municipality=municipality, budget_year=budget_year, today=ctx.today()
        )
        bodies = {b.id: b for b in queries.bodies_of(session=session, municipality=municipality)}
        owed: dict[int, list[Body]] = {}
        for milestone_id, body_id in session.exec(
            select(Deliverable.milestone_id, Deliverable.body_id).where(
                Deliverable.cycle_id == cycle.id, col(Deliverable.active)
            )
        ).all():
            owed.setdefault(milestone_id, []).append(bodies[body_id])
        milestones = session.exec(
            select(Milestone)
            .where(Milestone.cycle_id == cycle.id, col(Milestone.active))
            .order_by(col(Milestone.position))
        ).all()
    found = []
    for m in milestones:
        by = sorted(owed.get(m.id or 0, []), key=lambda b: b.position)
        deciding = None
        if m.completed_by is CompletedBy.DECISION:
            council = [b.key for b in by if b.kind in (BodyKind.KF, BodyKind.KS)]
            deciding = council[0] if council else None
        found.append(
            MirrorMilestone(
                m.key,
                m.title,
                m.deadline,
                m.phase,
                tuple((b.key, m.deliverable) for b in by),
                deciding,
            )
        )
    return found


class Outcome(StrEnum):
    COMPLETE = "complete"  # every body handed in, or the decision is recorded
    LATE = "late"  # someone has not, and their deadline has passed
    OPEN = "open"  # not late yet: returned with a later deadline, or judged before the day
    WAITING = "waiting"  # it opens on a decision not yet recorded
    GONE = "gone"  # re-planned away since the run was scheduled


OWES_NOTHING = DONE | {Status.OPTIONAL, Status.NOT_APPLICABLE}


@dataclass(frozen=True, slots=True)
class Handed:
    body_key: str
    body_name: str
    status: Status
    submitted_at: dt.datetime | None  # the latest hand-in, if any
    business_days_late: int


@dataclass(frozen=True, slots=True)
class MilestoneOutcome:
    outcome: Outcome
    municipality: str
    budget_year: int
    milestone: str
    title: str
    deadline: dt.date | None
    rows: tuple[Handed, ...] = ()
    decision: bool = False  # completed by a decision recorded in the register

    @property
    def missing(self) -> tuple[Handed, ...]:
        """Who owes what is still outstanding; an optional step owes nothing, nor a body
        for which it is "inte aktuell"."""
        return tuple(r for r in self.rows if r.status not in OWES_NOTHING)


def _rows(
    session: Session, ctx: Context, code: str, budget_year: int, key: str
) -> tuple[Milestone | None, list[DeliverableRow]]:
    municipality = queries.resolve_municipality(session=session, code=code)
    cycle = queries.resolve_cycle(
        session=session, municipality=municipality, budget_year=budget_year, today=ctx.today()
    )
    milestone = session.exec(
        select(Milestone).where(
            Milestone.cycle_id == cycle.id, Milestone.key == key, col(Milestone.active)
        )
    ).first()
    rows = [
        r for r in queries.deliverable_rows(session=session, cycle=cycle) if r.milestone_key == key
    ]
    return milestone, rows


def day_end(ctx: Context, *, code: str, budget_year: int, milestone: str) -> dt.datetime | None:
    """The end of the milestone's deadline day as the tables say now (None once it is gone)."""
    with Session(ctx.database()) as session:
        found = session.exec(
            select(col(Milestone.deadline))
            .join(Cycle, col(Cycle.id) == Milestone.cycle_id)
            .join(Municipality, col(Municipality.id) == Cycle.municipality_id)
            .where(
                Municipality.code == code,
                Cycle.budget_year == budget_year,
                Milestone.key == milestone,
                col(Milestone.active),
            )
        ).first()
    return None if found is None else end_of_day(found)


def judging_instant(ctx: Context, *, code: str, budget_year: int, milestone: str) -> dt.datetime:
    """When a milestone's run judges it: the end of its deadline day (as the tables say
    now), or now if that is still ahead. A run that starts late, because no runner was up,
    still reports who was missing when the day ended; hand-ins after it count as late."""
    end = day_end(ctx, code=code, budget_year=budget_year, milestone=milestone)
    now = ctx.now()
    return now if end is None else min(now, end)


def milestone_outcome(
    ctx: Context, *, code: str, budget_year: int, milestone: str
) -> MilestoneOutcome:
    """Where a milestone stands at `ctx.now()`, deliverable by deliverable."""
    now = ctx.now()
    with Session(ctx.database()) as session:
        found, rows = _rows(session, ctx, code, budget_year, milestone)
    if found is None or not rows:
        return MilestoneOutcome(Outcome.GONE, code, budget_year, milestone, milestone, None)
    handed = []
    for r in sorted(rows, key=lambda r: r.body_position):
        status = derive_status(
            r.deadline.date,
            r.submissions,
            now,
            gate=r.gate,
            optional=r.optional,
            not_applicable=bool(r.not_applicable_reason),
        )
        latest = max((s.submitted_at for s in r.submissions if s.submitted_at <= now), default=None)
        handed.append(
            Handed(r.body_key, r.body_name, status.status, latest, status.business_days_late)
        )
    missing = [h for h in handed if h.status not in OWES_NOTHING]
    if not missing:
        outcome = Outcome.COMPLETE
    elif any(h.status is Status.OVERDUE for h in missing):
        outcome = Outcome.LATE
    elif all(h.status is Status.WAITING for h in missing):
        outcome = Outcome.WAITING
    else:
        outcome = Outcome.OPEN
    return MilestoneOutcome(
        outcome,
        code,
        budget_year,
        milestone,
        found.title,
        found.deadline,
        tuple(handed),
        found.completed_by is CompletedBy.DECISION,
    )


def first_overdue_morning(
    deadline: dt.date, schedule: ReminderSchedule, now: dt.datetime
) -> dt.datetime:
    """When the daily sweep sends a deliverable's first overdue notice (07:00 on the
    business day the schedule names), or the next business morning if that has passed."""
    day = add_business_days(deadline, max(schedule.overdue_after_business_days, 1))
    at = dt.datetime.combine(day, dt.time(7), tzinfo=STOCKHOLM)
    if at >= now:
        return at
    day = local_date(now)
    while not is_business_day(day) or dt.datetime.combine(day, dt.time(7), tzinfo=STOCKHOLM) < now:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(7), tzinfo=STOCKHOLM)


def ensure_overdue_notices(ctx: Context, *, code: str, budget_year: int, milestone: str) -> int:
    """Queue the overdue notices of the milestone's missing deliverables, under the keys the
    sweep uses that morning, so the sweep finds them there and sends nothing twice; each
    waits in the outbox until that morning. Returns how many were new."""
    with Session(ctx.database()) as session:
        found, rows = _rows(session, ctx, code, budget_year, milestone)
    if found is None:
        return 0
    schedule = ReminderSchedule.from_dict(found.reminders)
    if schedule.overdue_after_business_days == 0:
        return 0  # the template turned overdue notices off for this milestone
    ids = {r.deliverable_id for r in rows}
    at = first_overdue_morning(found.deadline, schedule, ctx.now())
    result = enqueue(
        ctx.at(at), only=lambda n: n.kind is NoticeKind.OVERDUE and n.deliverable_id in ids
    )
    return result.new


def decision_late_key(code: str, budget_year: int, milestone: str, email: str) -> str:
    """The outbox key of one coordinator's notice of a late decision: the automation's run
    and the sweep's fallback queue it under the same key, so it goes once."""
    return f"{NoticeKind.DECISION_LATE}|{code}|{budget_year}|{milestone}|{email}"


def decision_late_notices(ctx: Context, *, code: str, budget_year: int, milestone: str) -> int:
    """Tell every coordinator, once, that KF's or KS's decision is late (what Prefect's
    automation runs when a decision milestone's run ends "Försenad", and the daily sweep
    again in case that never came). Returns how many notices were new: none if the decision
    has been recorded since, or every coordinator has been told already."""
    return _tell_decision_late(ctx, code, budget_year, milestone).new


@dataclass(frozen=True, slots=True)
class LateDecisions:
    late: int = 0  # KF's and KS's decisions late
    owed: int = 0  # the coordinators' notices about them
    new: int = 0  # of which queued now (the rest the automation, or an earlier sweep, did)

    def __add__(self, other: LateDecisions) -> LateDecisions:
        return LateDecisions(self.late + other.late, self.owed + other.owed, self.new + other.new)


def _tell_decision_late(ctx: Context, code: str, budget_year: int, milestone: str) -> LateDecisions:
    outcome = milestone_outcome(ctx, code=code, budget_year=budget_year, milestone=milestone)
    if outcome.outcome is not Outcome.LATE:
        return LateDecisions()
    with Session(writing(ctx.database())) as session, session.begin():
        municipality = queries.resolve_municipality(session=session, code=code)
        coordinators = queries.people_with_role(
            session=session, municipality_id=municipality.id or 0, role=Role.COORDINATOR
        )
        keys = {
            p.email: decision_late_key(code, budget_year, milestone, p.email) for p in coordinators
        }
        told = set(
            session.exec(
                select(OutboxMessage.key).where(col(OutboxMessage.key).in_(list(keys.values())))
            ).all()
        )
        for person in coordinators:
            if keys[person.email] in told:
                continue
            recipient = Recipient(person.name, person.email, person.role)
            notice = PlannedNotice(
                keys[person.email],
                NoticeKind.DECISION_LATE,
                ctx.today(),
                municipality.id or 0,
                recipient,
                None,
                {
                    "municipality": {"code": municipality.code, "name": municipality.name},
                    "recipient": recipient_context(recipient),
                    "budget_year": budget_year,
                    "milestone": {"key": milestone, "title": outcome.title},
                    "deadline": outcome.deadline,
                    "missing": [{"key": h.body_key, "name": h.body_name} for h in outcome.missing],
                    "decisions_link": decisions_link(ctx),
                },
            )
            enqueue_notice(session, notice, ctx)
    return LateDecisions(1, len(keys), len(set(keys.values()) - told))


def late_decision_milestones(ctx: Context, *, since: dt.date) -> list[tuple[str, int, str]]:
    """(kommunkod, budget year, milestone) of KF's and KS's decision milestones whose deadline
    day ended on or after `since` and before today: one query over every municipality."""
    query = (
        select(Municipality.code, Cycle.budget_year, Milestone.key)
        .join(Cycle, col(Cycle.id) == Milestone.cycle_id)
        .join(Municipality, col(Municipality.id) == Cycle.municipality_id)
        .join(Deliverable, col(Deliverable.milestone_id) == Milestone.id)
        .join(Body, col(Body.id) == Deliverable.body_id)
        .where(
            col(Milestone.active),
            col(Deliverable.active),
            Milestone.completed_by == CompletedBy.DECISION,
            col(Body.kind).in_([BodyKind.KF, BodyKind.KS]),
            Milestone.deadline >= since,
            Milestone.deadline < ctx.today(),
        )
        .distinct()
    )
    with Session(ctx.database()) as session:
        return sorted((c, y, k) for c, y, k in session.exec(query).all())


def _untold(ctx: Context, found: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """Of `found`, the decisions some active coordinator has not been told of yet (two
    queries for all of them): the others the automation, or an earlier sweep, has told."""
    if not found:
        return []
    codes = sorted({code for code, _, _ in found})
    with Session(ctx.database()) as session:
        emails: dict[str, set[str]] = {}
        for code, email in session.exec(
            select(Municipality.code, Person.email)
            .join(Person, col(Person.municipality_id) == Municipality.id)
            .where(
                col(Municipality.code).in_(codes),
                Person.role == Role.COORDINATOR,
                col(Person.active),
            )
        ).all():
            emails.setdefault(code, set()).add(email)
        owed = {
            (code, year, key): {decision_late_key(code, year, key, e) for e in emails.get(code, ())}
            for code, year, key in found
        }
        wanted = sorted(set().union(*owed.values()))
        queued = set(
            session.exec(select(OutboxMessage.key).where(col(OutboxMessage.key).in_(wanted))).all()
        )
    return [decision for decision in found if owed[decision] - queued]


def announce_late_decisions(ctx: Context, *, lookback: dt.timedelta) -> LateDecisions:
    """The daily sweep's fallback for the automation: every KF or KS decision whose deadline
    day ended within `lookback`, is still not recorded and has a coordinator not yet told,
    has its coordinators told, under the keys the automation's run uses, so nobody is told
    twice and a firing that came late, or never (Prefect's event ordering after a server
    restart), loses nothing. Decisions every coordinator has been told of are not judged
    again (the everyday case: the automation told them at midnight). Nothing on a day off,
    like the rest of the sweep's planning: the next business day's sweep tells."""
    if not plans_notices(ctx.today()):
        return LateDecisions()
    found = _untold(ctx, late_decision_milestones(ctx, since=ctx.today() - lookback))
    return sum((_tell_decision_late(ctx, c, y, k) for c, y, k in found), LateDecisions())


def decisions_link(ctx: Context) -> str:
    """The decisions register's page in the web application."""
    return f"{ctx.settings.web_base_url.rstrip('/')}/beslut"


def outcome_markdown(outcome: MilestoneOutcome, lang: str) -> str:
    """The run's artifact: who handed in what and when, on time or late, and who is missing."""
    decided = "_decision" if outcome.decision and outcome.outcome is Outcome.LATE else ""
    head = label(
        f"mirror_{outcome.outcome.value}{decided}",
        lang,
        milestone=outcome.milestone,
        title=outcome.title,
        deadline=outcome.deadline.isoformat() if outcome.deadline else "",
        count=len(outcome.missing),
    )
    lines = [f"# {outcome.municipality} {outcome.milestone} {outcome.budget_year}", "", head, ""]
    if outcome.rows:
        headers = (
            label("mirror_body", lang),
            label("mirror_status", lang),
            label("mirror_submitted", lang),
            label("mirror_late_by", lang),
        )
        lines += [
            "| " + " | ".join(headers) + " |",
            "|---|---|---|---|",
        ]
        for h in outcome.rows:
            when = local_minute(h.submitted_at) if h.submitted_at else "–"
            late = str(h.business_days_late) if h.business_days_late else ""
            name = h.body_name.replace("|", "/")
            status = status_label(h.status, lang)
            lines.append(f"| {h.body_key} {name} | {status} | {when} | {late} |")
    return "\n".join(lines) + "\n"
