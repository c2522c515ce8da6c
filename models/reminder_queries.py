"""Set-based reads for the reminder sweep: a fixed number of queries over all municipalities.

No query per deliverable: the candidates, their returned submissions, the recipients and the
recent deadline changes are each one query, whatever the size of the installation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from arshjul.core.board import shifted_from_columns
from arshjul.core.calendar import Shifted
from arshjul.core.instants import local_date
from arshjul.core.reminders import ReminderSchedule
from arshjul.core.status import Gate, Review, SubmissionFact
from models.queries import decisions_recorded, gate_of
from models.tables import (
    Body,
    Cycle,
    DeadlineChange,
    Decision,
    Deliverable,
    Milestone,
    Municipality,
    Person,
    Submission,
)

LOOK_BACK_DAYS = 400  # overdue notices stop a year after the deadline
LOOK_AHEAD_DAYS = 120  # longer than any sensible 'days_before'
# A decision's clock runs about 40 days (justering 14, anslag 2, appeal window 21, moves);
# missing steps are chased, and final decisions reported, well within this.
DECISION_LOOK_BACK_DAYS = 150


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    email: str
    role: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """An outstanding deliverable that may owe a notice today."""

    deliverable_id: int
    municipality_id: int
    municipality_code: str
    municipality_name: str
    budget_year: int
    milestone_key: str
    milestone_title: str
    deliverable_title: str
    body_id: int
    body_key: str
    body_name: str
    deadline: Shifted
    reminders: ReminderSchedule
    sequence: int  # how often the deadline moved: the calendar event's SEQUENCE
    submissions: tuple[SubmissionFact, ...] = ()
    gate: Gate | None = None


@dataclass(frozen=True, slots=True)
class ChangedDeadline:
    change_id: int
    candidate: Candidate
    old_deadline: dt.date
    changed_on: dt.date  # the Stockholm day of the re-planning


def _moves(session: Session) -> dict[int, int]:
    """Deadline moves per milestone id: the SEQUENCE of its calendar events."""
    rows = session.exec(
        select(DeadlineChange.milestone_id, func.count()).group_by(col(DeadlineChange.milestone_id))
    ).all()
    return dict(rows)


class _Lookup:
    """Milestones, bodies, cycles and municipalities by id, each loaded and decoded once."""

    def __init__(self, session: Session, milestone_filter: list[ColumnElement[bool]]) -> None:
        self.milestones = {
            m.id: m
            for m in session.exec(
                select(Milestone)
                .join(Cycle, col(Cycle.id) == Milestone.cycle_id)
                .where(col(Milestone.active), ~col(Cycle.closed), *milestone_filter)
            )
        }
        self.bodies = {b.id: b for b in session.exec(select(Body))}
        self.cycles = {c.id: c for c in session.exec(select(Cycle).where(~col(Cycle.closed)))}
        self.municipalities = {m.id: m for m in session.exec(select(Municipality))}
        self.moves = _moves(session)
        self.opened = (
            decisions_recorded(session=session)
            if any(m.opens_on_decision for m in self.milestones.values())
            else {}
        )
        self._shifted: dict[int, Shifted] = {}
        self._reminders: dict[int, ReminderSchedule] = {}

    def candidate(
        self,
        deliverable_id: int,
        milestone_id: int,
        body_id: int,
        facts: tuple[SubmissionFact, ...] = (),
    ) -> Candidate:
        m = self.milestones[milestone_id]
        b = self.bodies[body_id]
        c = self.cycles[m.cycle_id]
        mu = self.municipalities[m.municipality_id]
        if milestone_id not in self._shifted:
            self._shifted[milestone_id] = shifted_from_columns(
                m.deadline, m.nominal_deadline, m.shift_rule, m.shift_passed
            )
            self._reminders[milestone_id] = ReminderSchedule.from_dict(m.reminders)
        return Candidate(
            deliverable_id=deliverable_id,
            municipality_id=mu.id or 0,
            municipality_code=mu.code,
            municipality_name=mu.name,
            budget_year=c.budget_year,
            milestone_key=m.key,
            milestone_title=m.title,
            deliverable_title=m.deliverable,
            body_id=body_id,
            body_key=b.key,
            body_name=b.name,
            deadline=self._shifted[milestone_id],
            reminders=self._reminders[milestone_id],
            sequence=self.moves.get(milestone_id, 0),
            submissions=facts,
            gate=gate_of(m, self.opened),
        )


def _deliverables(*filters: ColumnElement[bool]) -> Select[int | None, int, int]:
    """Active deliverables of active milestones in open cycles, as plain id columns."""
    return (
        select(Deliverable.id, Deliverable.milestone_id, Deliverable.body_id)
        .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
        .join(Cycle, col(Cycle.id) == Deliverable.cycle_id)
        .where(col(Deliverable.active), col(Milestone.active), ~col(Cycle.closed), *filters)
    )


def outstanding(*, session: Session, now: dt.datetime, today: dt.date) -> list[Candidate]:
    """Deliverables near or past their deadline that are not handed in (or were returned)."""
    handed_in = exists().where(
        col(Submission.deliverable_id) == Deliverable.id,
        col(Submission.submitted_at) <= now,
        # not returned as of `now`; a resubmission after a return has no review yet
        or_(
            col(Submission.review).is_(None),
            col(Submission.review) == Review.ACCEPTED,
            col(Submission.reviewed_at) > now,
        ),
    )
    window = [
        col(Milestone.deadline) >= today - dt.timedelta(days=LOOK_BACK_DAYS),
        col(Milestone.deadline) <= today + dt.timedelta(days=LOOK_AHEAD_DAYS),
    ]
    rows = session.exec(_deliverables(*window, ~handed_in)).all()
    returned: dict[int, list[SubmissionFact]] = defaultdict(list)
    ids = [row[0] or 0 for row in rows]
    for chunk_start in range(0, len(ids), 5000):
        chunk = ids[chunk_start : chunk_start + 5000]
        for sub in session.exec(
            select(Submission).where(
                col(Submission.deliverable_id).in_(chunk), col(Submission.submitted_at) <= now
            )
        ):
            returned[sub.deliverable_id].append(
                SubmissionFact(
                    sub.submitted_at,
                    sub.review,
                    sub.reviewed_at,
                    sub.new_deadline,
                )
            )
    lookup = _Lookup(session, window)
    return [
        lookup.candidate(d_id or 0, m_id, b_id, tuple(returned.get(d_id or 0, ())))
        for d_id, m_id, b_id in rows
    ]


def changed_deadlines(
    *, session: Session, since: dt.datetime, today: dt.date
) -> list[ChangedDeadline]:
    """Deadline moves recorded since `since` whose new date has not passed."""
    changes = session.exec(
        select(DeadlineChange, Deliverable.id, Deliverable.body_id)
        .join(Deliverable, col(Deliverable.milestone_id) == DeadlineChange.milestone_id)
        .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
        .join(Cycle, col(Cycle.id) == Deliverable.cycle_id)
        .where(
            DeadlineChange.changed_at >= since,
            DeadlineChange.new_deadline >= today,
            col(Deliverable.active),
            col(Milestone.active),
            ~col(Cycle.closed),
        )
    ).all()
    if not changes:
        return []
    lookup = _Lookup(session, [col(Milestone.id).in_({c.milestone_id for c, _, _ in changes})])
    return [
        ChangedDeadline(
            change.id or 0,
            lookup.candidate(d_id or 0, change.milestone_id, b_id),
            change.old_deadline,
            local_date(change.changed_at),
        )
        for change, d_id, b_id in changes
    ]


def recipients(
    *, session: Session
) -> tuple[dict[int, list[Recipient]], dict[int, list[Recipient]]]:
    """(secretaries by body id, coordinators by municipality id), active people only."""
    by_body: dict[int, list[Recipient]] = defaultdict(list)
    by_municipality: dict[int, list[Recipient]] = defaultdict(list)
    for person in session.exec(select(Person).where(col(Person.active))):
        recipient = Recipient(person.name, person.email, person.role)
        if person.role == "secretary" and person.body_id is not None:
            by_body[person.body_id].append(recipient)
        elif person.role == "coordinator":
            by_municipality[person.municipality_id].append(recipient)
    return by_body, by_municipality


@dataclass(frozen=True, slots=True)
class DecisionFact:
    """A recent decision with what its notices need to say."""

    decision_id: int
    municipality_id: int
    municipality_code: str
    municipality_name: str
    body_id: int
    body_key: str
    body_name: str
    meeting_date: dt.date
    paragraph: str
    title: str
    diarienummer: str
    omedelbar: bool
    justered_on: dt.date | None
    announced_on: dt.date | None
    milestone_title: str | None
    budget_year: int | None


def recent_decisions(*, session: Session, today: dt.date) -> list[DecisionFact]:
    """Decisions taken in the last `DECISION_LOOK_BACK_DAYS`, in one query."""
    rows = session.exec(
        select(  # type: ignore[call-overload]  # SQLModel types select() up to 4 columns
            Decision,
            Body.key,
            Body.name,
            Municipality.code,
            Municipality.name,
            Milestone.title,
            Cycle.budget_year,
        )
        .join(Body, col(Body.id) == Decision.body_id)
        .join(Municipality, col(Municipality.id) == Decision.municipality_id)
        .outerjoin(Milestone, col(Milestone.id) == Decision.milestone_id)
        .outerjoin(Cycle, col(Cycle.id) == Decision.cycle_id)
        .where(Decision.meeting_date >= today - dt.timedelta(days=DECISION_LOOK_BACK_DAYS))
        .order_by(col(Decision.id))
    ).all()
    return [
        DecisionFact(
            d.id or 0,
            d.municipality_id,
            code,
            name,
            d.body_id,
            body_key,
            body_name,
            d.meeting_date,
            d.paragraph,
            d.title,
            d.diarienummer,
            d.omedelbar,
            d.justered_on,
            d.announced_on,
            milestone_title,
            budget_year,
        )
        for d, body_key, body_name, code, name, milestone_title, budget_year in rows
    ]
