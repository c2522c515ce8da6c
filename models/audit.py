"""Append to and read the audit trail. The only writer of AuditEvent rows, called only
by arshjul.trail (which takes the context, so who and when cannot be left out).

Appends happen inside the caller's transaction, so an event is committed together with the
change it records or not at all. On SQLite every transaction holds the write lock from its
start (models/db.py), so the next sequence number cannot be taken twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from arshjul.models.tables import AuditEvent
from sqlalchemy import Connection, bindparam, func, insert, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from arshjul.core.audit import GENESIS, EventRecord, event_hash

_TABLE = AuditEvent.__table__  # type: ignore[attr-defined]
AUDIT_LOCK_SPACE = 2262  # the advisory-lock key space of the audit chains (any fixed int)


# the chain's lock and head in one round trip (LOCKED_HEAD, in models.tables, says why)
_LOCKED_HEAD = text("SELECT arshjul_locked_head(:space, :municipality)")
_HEAD = (
    select(AuditEvent.seq, AuditEvent.hash)
    .where(AuditEvent.municipality_id == bindparam("municipality"))
    .order_by(col(AuditEvent.seq).desc())
    .limit(1)
)
_INSERT = insert(_TABLE)


def append_on(
    connection: Connection,
    *,
    municipality_id: int,
    actor: str,
    kind: str,
    subject: str,
    payload: dict[str, Any],
    at: dt.datetime,
    operator: str | None = None,
) -> None:
    """Append one event to the municipality's chain on a connection inside its
    transaction. `operator` is who ran the program (the operating-system user of a CLI
    command, the web session), kept beside the actor and covered by the hash like the
    rest of the payload. The statements are built once: building them per event cost
    more than running them (delivery appends one per message)."""
    if connection.dialect.name == "postgresql":
        # Writers of one municipality's chain take turns until their transaction ends, so
        # two never read the same head and fork the chain (on SQLite, BEGIN IMMEDIATE in
        # models.db.writing already admits one writer at a time).
        locked = connection.execute(
            _LOCKED_HEAD, {"space": AUDIT_LOCK_SPACE, "municipality": municipality_id}
        ).scalar()
        head = parse_locked_head(locked)
    else:
        last = connection.execute(_HEAD, {"municipality": municipality_id}).first()
        head = (int(last[0]), str(last[1])) if last else None
    append_after(
        connection,
        head,
        municipality_id=municipality_id,
        actor=actor,
        kind=kind,
        subject=subject,
        payload=payload,
        at=at,
        operator=operator,
    )


def parse_locked_head(found: str | None) -> tuple[int, str] | None:
    """`arshjul_locked_head`'s answer as (seq, hash)."""
    if found is None:
        return None
    seq, _, hash_ = found.partition(" ")
    return int(seq), hash_


def append_after(
    connection: Connection,
    head: tuple[int, str] | None,
    *,
    municipality_id: int,
    actor: str,
    kind: str,
    subject: str,
    payload: dict[str, Any],
    at: dt.datetime,
    operator: str | None = None,
) -> None:
    """Append the event that follows `head`, which the caller read after taking the chain's
    lock in this transaction (append_on, or delivery's mark on PostgreSQL)."""
    if operator:
        payload = {**payload, "operator": operator}
    seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS)
    content: dict[str, Any] = {
        "municipality_id": municipality_id,
        "seq": seq,
        "at": at.astimezone(dt.UTC),
        "actor": actor,
        "kind": kind,
        "subject": subject,
        "payload": payload,
        "prev_hash": prev_hash,
    }
    connection.execute(_INSERT, {**content, "hash": event_hash(**content)})


_COLUMNS = (
    _TABLE.c.id,
    _TABLE.c.municipality_id,
    _TABLE.c.seq,
    _TABLE.c.at,
    _TABLE.c.actor,
    _TABLE.c.kind,
    _TABLE.c.subject,
    _TABLE.c.payload,
    _TABLE.c.prev_hash,
    _TABLE.c.hash,
)
_CHAIN = (
    sa_select(*_COLUMNS)
    .where(_TABLE.c.municipality_id == bindparam("municipality"))
    .where(_TABLE.c.seq >= bindparam("from_seq"))
    .order_by(_TABLE.c.id)
)


def records(*, session: Session, municipality_id: int, from_seq: int = 1) -> list[EventRecord]:
    """One municipality's chain in stored order (by id, which the application never sets),
    from event number `from_seq` on. Read as plain rows: the ORM's objects cost more than
    the hashing a verification does with them."""
    found = session.connection().execute(
        _CHAIN, {"municipality": municipality_id, "from_seq": from_seq}
    )
    return [
        EventRecord(
            id=row.id,
            municipality_id=row.municipality_id,
            seq=row.seq,
            at=row.at,
            actor=row.actor,
            kind=row.kind,
            subject=row.subject,
            payload=row.payload,
            prev_hash=row.prev_hash,
            hash=row.hash,
        )
        for row in found
    ]


def chain_head(*, session: Session, municipality_id: int) -> tuple[int, str] | None:
    """The last event's number and hash, or None for a chain with no events."""
    last = session.connection().execute(_HEAD, {"municipality": municipality_id}).first()
    return (int(last[0]), str(last[1])) if last else None


def municipalities_with_events(*, session: Session) -> list[int]:
    return list(
        session.exec(
            select(AuditEvent.municipality_id)
            .group_by(col(AuditEvent.municipality_id))
            .order_by(func.min(AuditEvent.municipality_id))
        ).all()
    )
