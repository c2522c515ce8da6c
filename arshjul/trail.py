"""The one way to write to the audit trail: from the context of the command or request
that did the thing, so who acted, who ran the program (the operating-system user, the web
session, the Prefect run) and when cannot be left out.

Events are appended inside the caller's transaction (arshjul.models.audit), so an event is
committed together with the change it records or not at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from arshjul.context import Context
from arshjul.models.audit import append_after, append_on

if TYPE_CHECKING:
    from sqlmodel import Session

SYSTEM = "system"  # the actor of what the program does by itself: a sweep, a delivery


def record(
    ctx: Context,
    session: Session | Connection,
    *,
    municipality_id: int,
    kind: str,
    subject: str,
    payload: dict[str, Any] | None = None,
    actor: str | None = None,
) -> None:
    """Append one event to the municipality's chain, stamped with the time it happens
    (`ctx.recorded_now()`: the real time also when the context shows another day) and
    with `ctx.operator` beside the actor; `actor` defaults to the person the context acts
    as, or the system when it acts as no one."""
    connection = session if isinstance(session, Connection) else session.connection()
    append_on(
        connection,
        municipality_id=municipality_id,
        actor=actor or ctx.actor or SYSTEM,
        kind=kind,
        subject=subject,
        payload=payload or {},
        at=ctx.recorded_now(),
        operator=ctx.operator,
    )


def record_following(
    ctx: Context,
    connection: Connection,
    head: tuple[int, str] | None,
    *,
    municipality_id: int,
    kind: str,
    subject: str,
    payload: dict[str, Any],
    actor: str,
) -> None:
    """`record`, for a caller that has taken the chain's lock and read its `head` in this
    transaction itself (delivery's mark does both in the statement that marks the message,
    arshjul.notifications.delivery)."""
    append_after(
        connection,
        head,
        municipality_id=municipality_id,
        actor=actor,
        kind=kind,
        subject=subject,
        payload=payload,
        at=ctx.recorded_now(),
        operator=ctx.operator,
    )
