"""One sweep at a time: the outbox lock is taken by one run, released at the end, and
taken over when its holder died and the lease ran out."""

from __future__ import annotations

import datetime as dt

from arshjul.models.tables import RunLock
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
    assert dead.__enter__().acquired  # never exited: the process died
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
