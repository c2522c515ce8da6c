"""One sweep at a time: the outbox lock is taken by one run, released at the end, renewed
by its holder's heartbeat, and taken over when its holder died: at once on its host, when
the lease (a minute) ran out from elsewhere (ADR 12)."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from arshjul.models.tables import RunLock
from arshjul.notifications import run_lock
from arshjul.notifications.run_lock import exclusive
from sqlalchemy import Engine, update
from sqlmodel import Session

from tests.factories import ctx_for


def test_the_lock_is_held_by_one_run_and_released(engine: Engine) -> None:
    ctx = ctx_for(engine)
    with exclusive(ctx, "outbox", "first") as first:
        assert first.acquired
        with exclusive(ctx, "outbox", "second") as second:
            assert not second.acquired and second.holder == "first"
            assert second.since is not None
        with exclusive(ctx, "other", "third") as other:  # another name is another lock
            assert other.acquired
    with exclusive(ctx, "outbox", "fourth") as fourth:
        assert fourth.acquired


def test_a_dead_holders_lock_is_taken_over_after_its_lease(engine: Engine) -> None:
    ctx = ctx_for(engine)
    dead = exclusive(ctx, "outbox", "died mid-sweep")
    dying = dead.__enter__()  # never exited: the process died, on another host
    assert dying.acquired
    dying.stop.set()  # its heartbeat died with it
    with Session(engine) as session, session.begin():
        session.exec(update(RunLock).values(host="another-host"))
    with exclusive(ctx, "outbox", "next") as blocked:
        assert not blocked.acquired
    with Session(engine) as session, session.begin():
        session.exec(
            update(RunLock).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    with exclusive(ctx, "outbox", "next") as taken:
        assert taken.acquired


def test_a_new_sqlite_database_is_readable_by_owner_and_group_only(tmp_path) -> None:
    import stat

    from arshjul.models.db import create_schema, make_engine

    path = tmp_path / "ny" / "arshjul.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


HOLD = """
import sys, time
from arshjul.context import Context
from arshjul.models.db import make_engine
from arshjul.notifications.run_lock import exclusive
from arshjul.settings import get_settings
ctx = Context.create(get_settings(), engine=make_engine(sys.argv[1]))
with exclusive(ctx, "outbox", "doomed sweep") as held:
    print("held" if held.acquired else "not held", flush=True)
    time.sleep(600)
"""


def test_a_sweep_killed_holding_the_lock_loses_it_at_once(
    engine: Engine, database_url: str
) -> None:
    """SIGKILL while the lock is held: the next run on this host takes it at once, names
    the dead holder, and does not wait for the lease."""
    ctx = ctx_for(engine)
    ctx.database(create=True)
    root = Path(__file__).resolve().parents[2]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, database_url], stdout=subprocess.PIPE, text=True, cwd=root
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with exclusive(ctx, "outbox", "next") as blocked:
            assert not blocked.acquired and blocked.holder == "doomed sweep"
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        with exclusive(ctx, "outbox", "next") as taken:
            assert taken.acquired and taken.taken_over == "doomed sweep"
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_a_live_holders_heartbeat_keeps_the_lease(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held for longer than the lease: the heartbeat renews it, and a run that cannot
    tell whether the holder lives (another host) does not take it."""
    monkeypatch.setattr(run_lock, "LEASE", dt.timedelta(seconds=1))
    monkeypatch.setattr(run_lock, "BEAT", dt.timedelta(seconds=0.2))
    ctx = ctx_for(engine)
    with exclusive(ctx, "outbox", "long sweep") as held:
        assert held.acquired
        with Session(engine) as session, session.begin():
            session.exec(update(RunLock).values(host="another-host"))
        time.sleep(2.5)
        with exclusive(ctx, "outbox", "next") as blocked:
            assert not blocked.acquired
    with exclusive(ctx, "outbox", "next") as taken:  # given back at the end
        assert taken.acquired


def test_a_reused_pid_is_not_taken_for_the_holder() -> None:
    here = run_lock.this_process()
    assert here.started > 0
    assert not run_lock.is_gone(here, here)
    assert run_lock.is_gone(run_lock.Process(here.host, here.pid, here.started + 1), here)
    assert not run_lock.is_gone(run_lock.Process("elsewhere", here.pid, 1), here)
