"""Notices a coordinator asks for rather than the sweep: a reminder now ("Påminn nu"), and
the changed-date notice of a deadline given to one body. Each is planned with the keys the
sweep uses (a manual reminder's key holds the day, so it goes once per deliverable and
day) and queued in the caller's transaction with the action it belongs to."""

from __future__ import annotations

from arshjul.models.db import writing
from arshjul.models.tables import Milestone, OutboxMessage, Submission
from arshjul.notifications.due import CHANGE_NOTICE_WINDOW, enqueue_notice
from arshjul.notifications.notices import (
    OUTSTANDING,
    PlannedNotice,
    deadline_event,
    deliverable_context,
    plan_notices,
)
from arshjul.notifications.queries import (
    Candidate,
    Lookup,
    changed_deadlines,
    recipients,
)
from sqlmodel import Session, col, select

from arshjul.access import Target, authorise
from arshjul.context import Context
from arshjul.core.permissions import Action
from arshjul.core.reminders import NoticeKind
from arshjul.core.status import DeliverableStatus, SubmissionFact, derive_status
from arshjul.errors import InvalidInput
from arshjul.trail import record


def _candidate(session: Session, target: Target) -> Candidate:
    deliverable = target.deliverable
    facts = tuple(
        SubmissionFact(s.submitted_at, s.review, s.reviewed_at, s.new_deadline)
        for s in session.exec(
            select(Submission)
            .where(Submission.deliverable_id == deliverable.id)
            .order_by(col(Submission.version))
        )
    )
    lookup = Lookup(session, [col(Milestone.id) == deliverable.milestone_id])
    return lookup.candidate(
        deliverable.id or 0,
        deliverable.milestone_id,
        deliverable.body_id,
        facts,
        deliverable.deadline_override,
    )


def remind_now(ctx: Context, target: Target) -> tuple[int, DeliverableStatus]:
    """Queue a reminder (an overdue notice when it is late) to the body's secretaries now,
    for a person who may chase; returns how many were new (0 when already asked for today)
    and the deliverable's status. Something handed in, waiting for a decision, or optional
    is not chased."""
    person = authorise(ctx, Action.REMIND, target.scope)
    now, today, settings = ctx.now(), ctx.today(), ctx.settings
    with Session(writing(ctx.database())) as session, session.begin():
        c = _candidate(session, target)
        status = derive_status(
            c.deadline.date,
            c.submissions,
            now,
            target.cycle.due_soon_days,
            c.gate,
            target.milestone.optional,  # an optional step is never chased, by hand neither
            target.deliverable.not_applicable,  # nor one "inte aktuell" for the body
        )
        if status.status not in OUTSTANDING:
            raise InvalidInput("remind_not_outstanding", status=status.status.value)
        secretaries, coordinators = recipients(
            session=session, today=ctx.today(), copy_absent=ctx.settings.stand_in_copies_absent
        )
        kind = NoticeKind.OVERDUE if status.business_days_late else NoticeKind.REMINDER
        notices = [
            PlannedNotice(
                f"{kind}|d{c.deliverable_id}|manual|{status.deadline}|{r.email}|{today}",
                kind,
                today,
                c.municipality_id,
                r,
                c.deliverable_id,
                deliverable_context(
                    c,
                    r,
                    status.deadline,
                    today,
                    settings.lang,
                    coordinators.get(c.municipality_id, []),
                    settings.how_to_submit,
                    status.business_days_late,
                    settings.web_base_url,
                ),
                deadline_event(c, status.deadline, now),
            )
            for r in secretaries.get(c.body_id, [])
        ]
        queued = set(
            session.exec(
                select(OutboxMessage.key).where(
                    col(OutboxMessage.key).in_([n.key for n in notices])
                )
            ).all()
        )
        new = [n for n in notices if n.key not in queued]
        for notice in new:
            enqueue_notice(session, notice, ctx)
        record(
            ctx,
            session,
            municipality_id=c.municipality_id,
            actor=person.email,
            kind="reminder_requested",
            subject=target.subject,
            payload={
                **target.payload(),
                "recipients": [n.recipient.email for n in notices],
                "new": len(new),
            },
        )
    if new:
        from arshjul.notifications.delivery import send_now

        send_now(ctx, [n.key for n in new])
    return len(new), status


def queue_changed_deadline(session: Session, ctx: Context, change_id: int) -> list[str]:
    """Queue the changed-date notices of one recorded change, in the caller's
    transaction, under the keys the sweep would plan them with; returns the keys."""
    now, settings = ctx.now(), ctx.settings
    found = changed_deadlines(
        session=session, since=now - CHANGE_NOTICE_WINDOW, today=ctx.today(), change_id=change_id
    )
    secretaries, coordinators = recipients(
        session=session, today=ctx.today(), copy_absent=ctx.settings.stand_in_copies_absent
    )
    planned = plan_notices(
        candidates=[],
        changes=found,
        secretaries=secretaries,
        coordinators=coordinators,
        now=now,
        due_soon_days=7,
        lang=settings.lang,
        how_to_submit=settings.how_to_submit,
        link_base=settings.web_base_url,
    )
    return [enqueue_notice(session, notice, ctx) for notice in planned]
