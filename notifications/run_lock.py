"""One sweep at a time, across every worker and host: a row in the database that a run
takes with one conditional UPDATE and gives back when it is done. The lease lets a run
that died release it by expiry; a long run renews it. Sending twice is already prevented by
the outbox's claims; the lock keeps two sweeps from doing the same work at once and lets
the second say why it did nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from arshjul.models.db import writing
from arshjul.models.tables import RunLock
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from arshjul.context import Context, utc_now

LEASE = dt.timedelta(hours=1)


@dataclass
class Held:
    name: str
    token: str
    acquired: bool
    holder: str = ""  # who holds it, when this run did not get it
    since: dt.datetime | None = None


def _take(ctx: Context, name: str, token: str, holder: str) -> bool:
    wall = utc_now()
    engine = ctx.database(create=True)
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    with Session(writing(engine)) as session, session.begin():
        session.execute(insert(RunLock).values(name=name).on_conflict_do_nothing())
        taken = session.exec(
            update(RunLock)
            .where(
                col(RunLock.name) == name,
                (col(RunLock.expires_at).is_(None)) | (col(RunLock.expires_at) < wall),
            )
            .values(holder=f"{holder} {token}", acquired_at=wall, expires_at=wall + LEASE)
        )
    return bool(taken.rowcount)


def renew(ctx: Context, held: Held) -> None:
    """Extend the lease of a lock this run holds."""
    with Session(writing(ctx.database())) as session, session.begin():
        session.exec(
            update(RunLock)
            .where(col(RunLock.name) == held.name, col(RunLock.holder).endswith(held.token))
            .values(expires_at=utc_now() + LEASE)
        )


@contextmanager
def exclusive(ctx: Context, name: str, holder: str) -> Iterator[Held]:
    """Hold the lock `name` for the block if nobody else does; `held.acquired` says which,
    and otherwise who holds it and since when."""
    held = Held(name, uuid.uuid4().hex, acquired=False)
    held.acquired = _take(ctx, name, held.token, holder)
    if not held.acquired:
        with Session(ctx.database()) as session:
            row = session.get(RunLock, name)
            if row is not None:
                held.holder, held.since = row.holder.rsplit(" ", 1)[0], row.acquired_at
    try:
        yield held
    finally:
        if held.acquired:
            with Session(writing(ctx.database())) as session, session.begin():
                session.exec(
                    update(RunLock)
                    .where(col(RunLock.name) == name, col(RunLock.holder).endswith(held.token))
                    .values(expires_at=utc_now())
                )
