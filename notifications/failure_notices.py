"""Telling the coordinators that a message failed for good, so that nothing is lost in
silence: the person it was for must hear by other means, or the address be corrected and
the message requeued (`arshjul outbox retry`)."""

from __future__ import annotations

from arshjul.models import queries
from arshjul.models.tables import Municipality, OutboxMessage
from arshjul.notifications.due import enqueue_notice
from arshjul.notifications.notices import PlannedNotice, recipient_context
from arshjul.notifications.queries import Recipient
from sqlmodel import Session

from arshjul.context import Context
from arshjul.core.reminders import NoticeKind
from arshjul.core.template import Role


def failure_notices(session: Session, ctx: Context, row: OutboxMessage, reason: str) -> int:
    """Queue one notice per coordinator about `row`, inside the caller's transaction;
    returns how many. A failed failure notice is not itself reported, so a broken
    coordinator address cannot start a loop; the weekly digest still lists it."""
    if row.kind is NoticeKind.DELIVERY_FAILED:
        return 0
    municipality = session.get(Municipality, row.municipality_id)
    assert municipality is not None
    coordinators = queries.people_with_role(
        session=session,
        municipality_id=row.municipality_id,
        role=Role.COORDINATOR,
        today=ctx.today(),
        copy_absent=ctx.settings.stand_in_copies_absent,
    )
    failed = {
        "id": row.id,
        "recipient": row.recipient,
        "recipient_name": row.recipient_name,
        "subject": row.subject,
        "kind": row.kind.value,
        "attempts": row.attempts,
        "reason": reason,
    }
    for person in coordinators:
        recipient = Recipient(person.name, person.email, person.role)
        notice = PlannedNotice(
            f"{NoticeKind.DELIVERY_FAILED}|o{row.id}|a{row.attempts}|{person.email}",
            NoticeKind.DELIVERY_FAILED,
            ctx.today(),
            row.municipality_id,
            recipient,
            row.deliverable_id,
            {
                "municipality": {"code": municipality.code, "name": municipality.name},
                "recipient": recipient_context(recipient),
                "failed": failed,
            },
        )
        enqueue_notice(session, notice, ctx)
    return len(coordinators)
