"""The digests' read runs on a second connection in a thread beside the reminders' (a file
or server database), or in turn on the same connection (in-memory SQLite, which a second
connection would see empty). Either way the caller gets the same result, and an error in
the read reaches it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from arshjul.models.db import create_schema, make_engine
from arshjul.notifications.due import read_beside
from sqlalchemy import Engine
from sqlmodel import Session


def where(session: Session) -> tuple[str, bool]:
    return threading.current_thread().name, session.connection() is not None


def test_a_file_database_is_read_in_a_thread_on_its_own_connection(engine: Engine) -> None:
    with Session(engine) as session, read_beside(session) as run_beside:
        result = run_beside(lambda other: (where(other), other is session))
    (thread, connected), same = result()
    assert thread.startswith("arshjul-beside") and connected and not same


def test_in_memory_sqlite_is_read_in_turn_on_the_same_session() -> None:
    engine = make_engine("sqlite://")
    create_schema(engine)
    with Session(engine) as session, read_beside(session) as run_beside:
        result = run_beside(lambda other: (where(other), other is session))
    (thread, _), same = result()
    assert thread == threading.current_thread().name and same


def test_an_error_in_the_read_reaches_the_caller(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    create_schema(engine)

    def broken(_: Session) -> None:
        raise LookupError("no such cycle")

    with Session(engine) as session, read_beside(session) as run_beside:
        result = run_beside(broken)
        with pytest.raises(LookupError, match="no such cycle"):
            result()
