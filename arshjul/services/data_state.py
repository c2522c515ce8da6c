"""Which state of a municipality's data a view was read from: every change to arshjul's
state is committed together with an audit event (docs/adr/0005), so the municipality's
chain head (its latest `seq`) names it (docs/adr/0010)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from arshjul.context import Context
from arshjul.models import queries
from arshjul.models.tables import AuditEvent


def chain_head(ctx: Context, code: str | None, known_id: int | None = None) -> tuple[int, int]:
    """(the municipality's id, its latest audit `seq`, 0 before its first event) for the
    municipality `code` names (the only one when None); `known_id` spares the look-up."""
    with Session(ctx.database()) as session:
        found = known_id
        if found is None:
            found = queries.resolve_municipality(session=session, code=code).id or 0
        head = session.exec(
            select(func.max(AuditEvent.seq)).where(AuditEvent.municipality_id == found)
        ).one()
    return found, int(head or 0)
