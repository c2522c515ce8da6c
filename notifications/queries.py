"""Set-based reads for the reminder sweep: a fixed number of queries over all municipalities.

No query per deliverable: the candidates, their returned submissions, the recipients and the
recent deadline changes are each one query, whatever the size of the installation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from arshjul.models.db import columns
from arshjul.models.queries import decisions_recorded, stand_ins_on
from arshjul.models.tables import (
    Body,
    Cycle,
    DeadlineChange,
    Decision,
    Deliverable,
    Meeting,
    Milestone,
    Municipality,
    Person,
    Submission,
)
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    Text,
    and_,
    cast,
    exists,
    false,
    func,
    or_,
    true,
)
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from arshjul.core.board import given, shifted_from_columns
from arshjul.core.calendar import Shifted
from arshjul.core.instants import local_date
from arshjul.core.kinds import CompletedBy
from arshjul.core.reminders import ReminderSchedule
from arshjul.core.stand_ins import redirected
from arshjul.core.status import Gate, Review, SubmissionFact

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
    completed_by: str = "hand_in"  # arshjul.core.kinds.CompletedBy: a document, or a decision
    meeting: DecidingMeeting | None = None  # where a decision is taken


@dataclass(frozen=True, slots=True)
class DecidingMeeting:
    """The meeting a decision milestone is decided at, as its notices name it."""

    title: str
    date: dt.date
    days: int = 1


@dataclass(frozen=True, slots=True)
class ChangedDeadline:
    change_id: int
    candidate: Candidate
    old_deadline: dt.date
    changed_on: dt.date  # the Stockholm day of the re-planning


def _moves(session: Session) -> tuple[dict[int, int], dict[int, int]]:
    """Deadline moves per milestone id, and one body's own moves per deliverable id: their
    sum is the SEQUENCE of a deliverable's calendar event."""
    by_milestone: dict[int, int] = {}
    by_deliverable: dict[int, int] = {}
    for m_id, d_id, count in session.exec(
        select(DeadlineChange.milestone_id, DeadlineChange.deliverable_id, func.count()).group_by(
            col(DeadlineChange.milestone_id), col(DeadlineChange.deliverable_id)
        )
    ).all():
        if d_id is None:
            by_milestone[m_id] = count
        else:
            by_deliverable[d_id] = count
    return by_milestone, by_deliverable


def one_of(session: Session, column: Any, ids: Collection[int]) -> ColumnElement[bool]:
    """`column IN (the ids)` with the ids as one parameter, unnested by the database: an
    array on PostgreSQL, a JSON array on SQLite (json_each). A national sweep's lists hold
    thousands of ids; binding one parameter each cost 0.14 s of its selection, and on
    PostgreSQL `= ANY(array)` is costed per element and row, so the planner's estimate
    (1.4 million for a 80 ms scan) set off 0.2 s of JIT compilation (benchmarks/sweep.py)."""
    if session.get_bind().dialect.name == "postgresql":
        return col(column).in_(sa_select(func.unnest(cast(list(ids), ARRAY(Integer)))))
    each = func.json_each(json.dumps(list(ids))).table_valued("value")
    return col(column).in_(sa_select(each.c.value))


class Lookup:
    """Milestones, bodies, cycles and municipalities by id, each loaded (as plain rows, not
    ORM objects) and decoded once: what a Candidate is made from."""

    def __init__(self, session: Session, milestone_filter: list[ColumnElement[bool]]) -> None:
        run = session.connection().execute
        self.milestones = {
            row[0]: row
            for row in run(
                sa_select(
                    col(Milestone.id),
                    col(Milestone.cycle_id),
                    col(Milestone.municipality_id),
                    col(Milestone.key),
                    col(Milestone.title),
                    col(Milestone.deliverable),
                    col(Milestone.deadline),
                    col(Milestone.nominal_deadline),
                    col(Milestone.shift_rule),
                    cast(Milestone.shift_passed, Text),
                    cast(Milestone.reminders, Text),
                    col(Milestone.opens_on_decision),
                    col(Milestone.completed_by),
                    col(Milestone.meeting),
                )
                .join(Cycle, col(Cycle.id) == Milestone.cycle_id)
                .where(col(Milestone.active), ~col(Cycle.closed), *milestone_filter)
            ).all()
        }
        self.meetings = _deciding_meetings(session, milestone_filter)
        self.bodies = {row[0]: row for row in run(select(Body.id, Body.key, Body.name)).all()}
        self.cycles: dict[int, int] = dict(
            run(select(Cycle.id, Cycle.budget_year).where(~col(Cycle.closed))).all()
        )
        self.municipalities = {
            row[0]: row
            for row in run(select(Municipality.id, Municipality.code, Municipality.name)).all()
        }
        self.moves, self.own_moves = _moves(session)
        self.opened = (
            decisions_recorded(session=session)
            if any(m[11] for m in self.milestones.values())
            else {}
        )
        self._shifted: dict[int, Shifted] = {}
        self._reminders: dict[int, ReminderSchedule] = {}
        # the JSON columns come as their stored text, decoded once per distinct text: a
        # national sweep's 4,000 milestones hold a few dozen (decoding each took 0.1 s)
        self._decoded: dict[str, Any] = {}
        self._schedules: dict[str, ReminderSchedule] = {}

    def _json(self, stored: str) -> Any:
        if stored not in self._decoded:
            self._decoded[stored] = json.loads(stored)
        return self._decoded[stored]

    def _schedule(self, stored: str) -> ReminderSchedule:
        if stored not in self._schedules:
            self._schedules[stored] = ReminderSchedule.from_dict(self._json(stored))
        return self._schedules[stored]

    def candidate(
        self,
        deliverable_id: int,
        milestone_id: int,
        body_id: int,
        facts: tuple[SubmissionFact, ...] = (),
        override: dt.date | None = None,
    ) -> Candidate:
        """The deliverable as a sweep plans it; `override` is a deadline the body was given
        on its own (it counts as a move of its calendar event)."""
        (
            _,
            cycle_id,
            municipality_id,
            key,
            title,
            deliverable,
            deadline,
            nominal,
            rule,
            passed,
            reminders,
            gate,
            completed_by,
            meeting,
        ) = self.milestones[milestone_id]
        _, body_key, body_name = self.bodies[body_id]
        _, code, name = self.municipalities[municipality_id]
        if milestone_id not in self._shifted:
            self._shifted[milestone_id] = shifted_from_columns(
                deadline, nominal, rule, self._json(passed)
            )
            self._reminders[milestone_id] = self._schedule(reminders)
        return Candidate(
            deliverable_id=deliverable_id,
            municipality_id=municipality_id,
            municipality_code=code,
            municipality_name=name,
            budget_year=self.cycles[cycle_id],
            milestone_key=key,
            milestone_title=title,
            deliverable_title=deliverable,
            body_id=body_id,
            body_key=body_key,
            body_name=body_name,
            deadline=given(override) if override else self._shifted[milestone_id],
            reminders=self._reminders[milestone_id],
            sequence=self.moves.get(milestone_id, 0) + self.own_moves.get(deliverable_id, 0),
            submissions=facts,
            gate=Gate(gate, self.opened.get((cycle_id, gate))) if gate else None,
            completed_by=str(completed_by),
            meeting=self.meetings.get((cycle_id, meeting)) if meeting else None,
        )


def _deciding_meetings(
    session: Session, milestone_filter: list[ColumnElement[bool]]
) -> dict[tuple[int, str], DecidingMeeting]:
    """The meetings the decision milestones in the filter are decided at, one query."""
    rows = (
        session.connection()
        .execute(
            columns(Meeting.cycle_id, Meeting.key, Meeting.title, Meeting.date, Meeting.days)
            .join(
                Milestone,
                (col(Milestone.cycle_id) == Meeting.cycle_id)
                & (col(Milestone.meeting) == Meeting.key),
            )
            .join(Cycle, col(Cycle.id) == Milestone.cycle_id)
            .where(
                col(Milestone.active),
                ~col(Cycle.closed),
                col(Milestone.completed_by) == CompletedBy.DECISION,
                *milestone_filter,
            )
        )
        .all()
    )
    return {(c, key): DecidingMeeting(title, day, days) for c, key, title, day, days in rows}


def _deliverables(*filters: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """Active deliverables of active milestones in open cycles, as plain id columns and the
    deadline a body was given on its own; an optional milestone's are never chased, nor one
    marked "inte aktuell" for its body, so never among them."""
    return (
        columns(
            Deliverable.id,
            Deliverable.milestone_id,
            Deliverable.body_id,
            Deliverable.deadline_override,
        )
        .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
        .join(Cycle, col(Cycle.id) == Deliverable.cycle_id)
        .where(
            col(Deliverable.active),
            col(Milestone.active),
            ~col(Milestone.optional),
            ~col(Deliverable.not_applicable),
            ~col(Cycle.closed),
            *filters,
        )
    )


def outstanding(
    *,
    session: Session,
    now: dt.datetime,
    today: dt.date,
    quiet: Callable[[dt.date, ReminderSchedule], bool] | None = None,
) -> list[Candidate]:
    """Deliverables near or past their deadline that are not handed in (or were returned).

    `quiet(deadline, schedule)`, asked once per milestone deadline, says that a deliverable with
    nothing handed in owes no notice yet (arshjul.core.reminders decides): such
    deliverables are left out unless they were returned with a deadline of their own. At
    national scale that halves what is loaded (benchmarks/sweep.py)."""
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
    since, until = (
        today - dt.timedelta(days=LOOK_BACK_DAYS),
        today + dt.timedelta(days=LOOK_AHEAD_DAYS),
    )
    range_of_milestone = [col(Milestone.deadline) >= since, col(Milestone.deadline) <= until]
    override = col(Deliverable.deadline_override)
    own = and_(override.is_not(None), override >= since, override <= until)
    window: list[ColumnElement[bool]] = [or_(and_(override.is_(None), *range_of_milestone), own)]
    if quiet is not None:
        window.append(_owing(session, now, quiet, range_of_milestone, own))
    rows = session.connection().execute(_deliverables(*window, ~handed_in)).all()
    returned_facts = _returned(session, now, [row[0] or 0 for row in rows])
    lookup = Lookup(session, [one_of(session, Milestone.id, {row[1] for row in rows})])
    return [
        lookup.candidate(
            d_id or 0, m_id, b_id, tuple(returned_facts.get(d_id or 0, ())), override_on
        )
        for d_id, m_id, b_id, override_on in rows
    ]


def _owing(
    session: Session,
    now: dt.datetime,
    quiet: Callable[[dt.date, ReminderSchedule], bool],
    range_of_milestone: list[ColumnElement[bool]],
    own: ColumnElement[bool],
) -> ColumnElement[bool]:
    """The deliverables that may owe a notice: of a milestone not `quiet`, returned, or
    with a deadline of their own.

    `quiet` is asked once per distinct deadline and stored schedule in the window (a
    national installation's 6,700 milestones there have 40 deadlines and one schedule);
    the deadlines that owe are sent as ranges (`_runs`), per schedule, not as a list of
    milestone ids: PostgreSQL costs `= ANY(6,700 ids)` per element and row, and an
    estimate of 1.4 million for an 80 ms scan set off 0.2 s of JIT compilation."""
    stored_schedule = cast(Milestone.reminders, Text)
    schedules: dict[str, ReminderSchedule] = {}
    owes: dict[str, dict[dt.date, bool]] = defaultdict(dict)  # schedule -> deadline -> owes
    for deadline, stored in session.connection().execute(
        sa_select(col(Milestone.deadline), stored_schedule)
        .join(Cycle, col(Cycle.id) == Milestone.cycle_id)
        .where(col(Milestone.active), ~col(Cycle.closed), *range_of_milestone)
        .distinct()
    ):
        if stored not in schedules:
            schedules[stored] = ReminderSchedule.from_dict(json.loads(stored))
        owes[stored][deadline] = not quiet(deadline, schedules[stored])
    owing: list[ColumnElement[bool]] = []
    for stored, by_deadline in owes.items():
        within = or_(
            false(), *(col(Milestone.deadline).between(a, b) for a, b in _runs(by_deadline))
        )
        owing.append(within if len(owes) == 1 else and_(stored_schedule == stored, within))
    returned = exists().where(
        col(Submission.deliverable_id) == Deliverable.id, col(Submission.submitted_at) <= now
    )
    # a body's own deadline is judged below, whatever its milestone's schedule says
    return or_(*owing, returned, own)


def _runs(owes: dict[dt.date, bool]) -> list[tuple[dt.date, dt.date]]:
    """The deadlines that owe as (first, last) ranges, each a run of owing deadlines with
    no deadline that does not owe between them (dates no milestone has do not break a
    run): exactly those deadlines, in a few comparisons."""
    runs: list[tuple[dt.date, dt.date]] = []
    start: dt.date | None = None
    last = dt.date.min
    for deadline in sorted(owes):
        if owes[deadline]:
            start = deadline if start is None else start
            last = deadline
        elif start is not None:
            runs.append((start, last))
            start = None
    if start is not None:
        runs.append((start, last))
    return runs


def _returned(
    session: Session, now: dt.datetime, ids: list[int]
) -> dict[int, list[SubmissionFact]]:
    """What these deliverables had handed in by `now` (the outstanding ones: nothing, or
    returned), as plain columns in one query."""
    facts: dict[int, list[SubmissionFact]] = defaultdict(list)
    for d_id, at, review, reviewed_at, new_deadline in session.connection().execute(
        columns(
            Submission.deliverable_id,
            Submission.submitted_at,
            Submission.review,
            Submission.reviewed_at,
            Submission.new_deadline,
        )
        .where(one_of(session, Submission.deliverable_id, ids), col(Submission.submitted_at) <= now)
        .order_by(col(Submission.deliverable_id), col(Submission.version))
    ):
        facts[d_id].append(SubmissionFact(at, review, reviewed_at, new_deadline))
    return facts


def changed_deadlines(
    *, session: Session, since: dt.datetime, today: dt.date, change_id: int | None = None
) -> list[ChangedDeadline]:
    """Deadline moves recorded since `since` whose new date has not passed: a milestone's
    move reaches each of its deliverables but those with a deadline of their own; one
    body's move reaches that deliverable only."""
    recent: list[ColumnElement[bool]] = [
        col(DeadlineChange.changed_at) >= since,
        col(DeadlineChange.new_deadline) >= today,
        col(DeadlineChange.id) == change_id if change_id is not None else true(),
    ]
    # Asked of the (small) table of moves alone first: with none recent, SQLite still
    # planned the join below from the deliverables and read all 174,000 (44 ms)
    if session.exec(select(DeadlineChange.id).where(*recent).limit(1)).first() is None:
        return []
    own = col(DeadlineChange.deliverable_id)
    reaches = or_(
        and_(own.is_(None), col(Deliverable.deadline_override).is_(None)),
        own == Deliverable.id,
    )
    changes = session.exec(
        select(
            DeadlineChange,
            col(Deliverable.id),
            col(Deliverable.body_id),
            col(Deliverable.deadline_override),
        )
        .join(Deliverable, col(Deliverable.milestone_id) == DeadlineChange.milestone_id)
        .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
        .join(Cycle, col(Cycle.id) == Deliverable.cycle_id)
        .where(
            *recent,
            reaches,
            col(Deliverable.active),
            col(Milestone.active),
            ~col(Milestone.optional),
            ~col(Deliverable.not_applicable),
            ~col(Cycle.closed),
        )
    ).all()
    if not changes:
        return []
    lookup = Lookup(session, [col(Milestone.id).in_({c.milestone_id for c, *_ in changes})])
    return [
        ChangedDeadline(
            change.id or 0,
            lookup.candidate(d_id or 0, change.milestone_id, b_id, (), override),
            change.old_deadline,
            local_date(change.changed_at),
        )
        for change, d_id, b_id, override in changes
    ]


def recipients(
    *, session: Session, today: dt.date | None = None, copy_absent: bool = True
) -> tuple[dict[int, list[Recipient]], dict[int, list[Recipient]]]:
    """(secretaries by body id, coordinators by municipality id), active people only; with
    `today`, someone away has their stand-in beside them (or instead, without
    `copy_absent`), with the absent person's role."""
    by_body: dict[int, list[Recipient]] = defaultdict(list)
    by_municipality: dict[int, list[Recipient]] = defaultdict(list)
    cover = stand_ins_on(session=session, day=today) if today is not None else {}
    for name, email, role, body_id, municipality_id in session.connection().execute(
        columns(Person.name, Person.email, Person.role, Person.body_id, Person.municipality_id)
        .where(col(Person.active))
        .order_by(col(Person.id))
    ):
        recipient = Recipient(name, email, role)
        stand_in = cover.get(email.lower())
        told = redirected(
            [recipient],
            {email.lower(): Recipient(stand_in.name, stand_in.email, role)} if stand_in else {},
            copy_absent=copy_absent,
        )
        for each in told:
            if role == "secretary" and body_id is not None:
                if each not in by_body[body_id]:
                    by_body[body_id].append(each)
            elif role == "coordinator" and each not in by_municipality[municipality_id]:
                by_municipality[municipality_id].append(each)
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
    body_kind: str = "namnd"  # arshjul.core.kinds.BodyKind: whose rule the justering is


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
            Body.kind,
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
            str(body_kind),
        )
        for d, body_key, body_name, code, name, milestone_title, budget_year, body_kind in rows
    ]
