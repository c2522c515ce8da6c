"""One sweep at a time, across every worker and host: a row in the database that a run
takes with one conditional UPDATE and gives back when it is done.

The lock dies with its holder (ADR 12): its lease is a minute, renewed every 15 s by a
heartbeat thread while the holder lives, so a holder killed on another host loses it
within a minute; and the row names the holder's host, PID and the PID's start time, so on
the same host a dead holder's lock is taken at once. Sending twice is already prevented by
the outbox's claims; the lock keeps two sweeps from doing the same work at once and lets
the second say why it did nothing."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from arshjul.models.db import writing
from arshjul.models.tables import RunLock
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from arshjul.context import Context, utc_now

LEASE = dt.timedelta(seconds=60)
BEAT = dt.timedelta(seconds=15)
log = logging.getLogger(__name__)


@dataclass
class Held:
    name: str
    token: str
    acquired: bool
    holder: str = ""  # who holds it, when this run did not get it
    since: dt.datetime | None = None
    taken_over: str = ""  # the dead holder this run took the lock from, if any
    stop: threading.Event = field(default_factory=threading.Event, repr=False)


@dataclass(frozen=True)
class Process:
    """A process as the lock names it: the PID alone can be reused by a later process."""

    host: str
    pid: int
    started: int  # clock ticks since boot (/proc/PID/stat field 22); 0 where unknown


def this_process() -> Process:
    return Process(socket.gethostname(), os.getpid(), _started(os.getpid()))


def _started(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[19])  # fields after the command's name


def is_gone(holder: Process, here: Process) -> bool:
    """Whether the holder is known to be dead: only a process on this host can be checked;
    one elsewhere is gone when its lease runs out."""
    if holder.host != here.host or holder.pid <= 0:
        return False
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return bool(holder.started) and _started(holder.pid) not in (0, holder.started)


def _take(ctx: Context, name: str, token: str, holder: str, me: Process) -> str | None:
    """Take the lock if it is free, expired or its holder is dead; returns "" when it was
    free or expired, the dead holder's name when taken from it, None when not taken."""
    wall = utc_now()
    engine = ctx.database(create=True)
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    with Session(writing(engine)) as session, session.begin():
        session.execute(insert(RunLock).values(name=name).on_conflict_do_nothing())
        row = session.get(RunLock, name)
        assert row is not None
        expired = row.expires_at is None or row.expires_at < wall
        dead = not expired and is_gone(Process(row.host, row.pid, row.pid_started), me)
        if not (expired or dead):
            return None
        before = row.holder
        taken = session.exec(
            update(RunLock)
            .where(col(RunLock.name) == name, col(RunLock.holder) == before)
            .values(
                holder=f"{holder} {token}",
                acquired_at=wall,
                expires_at=wall + LEASE,
                host=me.host,
                pid=me.pid,
                pid_started=me.started,
            )
        )
    if not taken.rowcount:
        return None
    return before.rsplit(" ", 1)[0] if dead else ""


def renew(ctx: Context, held: Held) -> bool:
    """Extend the lease of a lock this run holds; False when it is no longer this run's."""
    with Session(writing(ctx.database())) as session, session.begin():
        renewed = session.exec(
            update(RunLock)
            .where(col(RunLock.name) == held.name, col(RunLock.holder).endswith(held.token))
            .values(expires_at=utc_now() + LEASE)
        )
    return bool(renewed.rowcount)


def _heartbeat(ctx: Context, held: Held) -> None:
    while not held.stop.wait(BEAT.total_seconds()):
        try:
            if not renew(ctx, held):
                log.error("lost the %s lock: another run took it", held.name)
                return
        except Exception:  # a busy database: the next beat tries again
            log.warning("could not renew the %s lock", held.name, exc_info=True)


@contextmanager
def exclusive(ctx: Context, name: str, holder: str) -> Iterator[Held]:
    """Hold the lock `name` for the block if nobody else does; `held.acquired` says which,
    and otherwise who holds it and since when. While held, a heartbeat renews the lease."""
    held = Held(name, uuid.uuid4().hex, acquired=False)
    taken = _take(ctx, name, held.token, holder, this_process())
    held.acquired = taken is not None
    held.taken_over = taken or ""
    if not held.acquired:
        with Session(ctx.database()) as session:
            row = session.get(RunLock, name)
            if row is not None:
                held.holder, held.since = row.holder.rsplit(" ", 1)[0], row.acquired_at
    beat = threading.Thread(target=_heartbeat, args=(ctx, held), daemon=True)
    if held.acquired:
        beat.start()
    try:
        yield held
    finally:
        if held.acquired:
            held.stop.set()
            beat.join()
            with Session(writing(ctx.database())) as session, session.begin():
                session.exec(
                    update(RunLock)
                    .where(col(RunLock.name) == name, col(RunLock.holder).endswith(held.token))
                    .values(expires_at=utc_now(), pid=0)
                )
