"""The outbox writer inserts batches on its own thread in one transaction: all of them
commit together, or, when the caller or the insert fails, none does."""

from __future__ import annotations

import datetime as dt

import pytest
from arshjul.models.tables import Municipality, OutboxMessage
from arshjul.notifications.due import OutboxWriter
from sqlalchemy import Engine, func, insert
from sqlmodel import Session, select

NOW = dt.datetime(2019, 9, 10, 5, tzinfo=dt.UTC)


def rows(start: int, count: int) -> list[dict[str, object]]:
    return [
        {
            "municipality_id": 1,
            "key": f"reminder|d{n}",
            "kind": "reminder",
            "recipient": f"n{n}@timra.example",
            "recipient_name": "",
            "due_date": NOW.date(),
            "subject": "s",
            "body_text": "t",
            "body_html": "h",
            "ics": "",
            "attachment_name": "",
            "attachment": "",
            "message_id": f"<{n}@x>",
            "state": "pending",
            "attempts": 0,
            "last_error": "",
            "claim": "",
            "next_attempt_at": NOW,
            "created_at": NOW,
        }
        for n in range(start, start + count)
    ]


@pytest.fixture
def outbox(engine: Engine) -> Engine:
    with engine.begin() as conn:
        conn.execute(insert(Municipality), [{"id": 1, "code": "2262", "name": "Timrå"}])
    return engine


def stored(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(OutboxMessage)).one()


def test_batches_commit_together(outbox: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(OutboxWriter, "BATCH", 7)
    with OutboxWriter(outbox) as writer:
        for start in range(0, 50, 5):
            writer.add(rows(start, 5))
        writer.add(rows(0, 5))  # already queued: skipped, not counted
    assert writer.new == 50 and stored(outbox) == 50


def test_a_failure_in_the_caller_leaves_nothing(
    outbox: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(OutboxWriter, "BATCH", 3)
    with pytest.raises(RuntimeError, match="template exploded"), OutboxWriter(outbox) as writer:
        writer.add(rows(0, 10))  # handed to the writer's transaction already
        raise RuntimeError("template exploded")
    assert stored(outbox) == 0


def test_a_failing_insert_reaches_the_caller_and_leaves_nothing(
    outbox: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(OutboxWriter, "BATCH", 3)
    broken = rows(10, 3)
    broken[1]["municipality_id"] = None  # NOT NULL
    with pytest.raises(Exception, match=r"(?i)not null|null value"), OutboxWriter(outbox) as w:
        w.add(rows(0, 5))
        w.add(broken)
        w.add(rows(20, 5))
    assert stored(outbox) == 0
