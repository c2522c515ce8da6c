"""Sending a failed message again, once a coordinator has fixed what made it fail (an
address in the template, the mail server's settings). Checked by `authorise`, audited,
and only from the state the outbox table allows (failed -> pending)."""

from __future__ import annotations

from dataclasses import dataclass

from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.tables import OutboxMessage
from sqlalchemy import update
from sqlmodel import Session, col, select

from arshjul.access import Scope, authorise
from arshjul.context import Context
from arshjul.core.permissions import Action
from arshjul.core.transitions import OUTBOX, OutboxState
from arshjul.errors import InvalidInput, NotFound
from arshjul.trail import record


@dataclass(frozen=True)
class RequeueIn:
    """One message by its id, or every failed message of a municipality."""

    outbox_id: int | None = None
    all_failed: bool = False
    municipality: str | None = None


def requeue(ctx: Context, form: RequeueIn) -> list[int]:
    """Put failed messages back as pending with their attempts anew; returns their ids."""
    if (form.outbox_id is None) == (not form.all_failed):
        raise InvalidInput("requeue_what")
    with Session(ctx.database()) as session:
        if form.outbox_id is not None:
            row = session.get(OutboxMessage, form.outbox_id)
            if row is None:
                raise NotFound("unknown_message", id=form.outbox_id)
            municipality_id, subject = row.municipality_id, f"outbox:{row.id}"
            if not OUTBOX.allows(row.state, OutboxState.PENDING):
                raise InvalidInput("not_failed", id=row.id, state=row.state.value)
            ids = [row.id or 0]
        else:
            muni = queries.resolve_municipality(session=session, code=form.municipality)
            municipality_id, subject = muni.id or 0, f"municipality:{muni.code}"
            ids = [
                i or 0
                for i in session.exec(
                    select(OutboxMessage.id).where(
                        OutboxMessage.municipality_id == municipality_id,
                        OutboxMessage.state == OutboxState.FAILED,
                    )
                )
            ]
    person = authorise(ctx, Action.REQUEUE, Scope(municipality_id, None, subject))
    if not ids:
        return []
    now = ctx.now()
    with Session(writing(ctx.database())) as session, session.begin():
        session.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.id).in_(ids), col(OutboxMessage.state) == OutboxState.FAILED)
            .values(state=OutboxState.PENDING, attempts=0, next_attempt_at=now, claim="")
        )
        record(
            ctx.at(now),
            session,
            municipality_id=municipality_id,
            actor=person.email,
            kind="outbox_requeued",
            subject=subject,
            payload={"outbox_ids": ids},
        )
    return ids
