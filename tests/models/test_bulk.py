"""Bulk inserts (COPY on PostgreSQL, a driver-level executemany on SQLite) count what
went in, skip what was there, and store values exactly as the ORM reads them back."""

from __future__ import annotations

import datetime as dt

import pytest
from arshjul.models import bulk
from arshjul.models.tables import Municipality, OutboxMessage
from sqlalchemy import Engine, insert
from sqlmodel import Session, col, select

from arshjul.core.reminders import NoticeKind
from arshjul.core.transitions import OutboxState

TABLE = OutboxMessage.__table__  # type: ignore[attr-defined]
CREATED = dt.datetime(2019, 3, 31, 0, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def row(n: int) -> dict[str, object]:
    return {
        "municipality_id": 1,
        "key": f"reminder|d{n}|14d",
        "deliverable_id": None,
        "kind": NoticeKind.REMINDER.value,
        "recipient": f"n{n}@timra.example",
        "recipient_name": 'Åsa Öberg; "BUN"\t\\',
        "due_date": dt.date(2019, 3, 31),
        "subject": f"Påminnelse {n}",
        "body_text": "rad 1\nrad 2\r\n\\N tab\t",
        "body_html": "<p>Hej</p>",
        "ics": "",
        "attachment_name": "",
        "attachment": "",
        "message_id": f"<{n}@x>",
        "state": OutboxState.PENDING.value,
        "attempts": 0,
        "last_error": "",
        "claim": "",
        "next_attempt_at": CREATED,
        "created_at": CREATED,
    }


@pytest.mark.parametrize("count", [3, 150])  # 150: COPY on PostgreSQL
def test_insert_new_counts_and_skips_and_stores_faithfully(engine: Engine, count: int) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Municipality), [{"id": 1, "code": "2262", "name": "Timrå"}])
    with engine.begin() as conn:
        assert bulk.insert_new(conn, TABLE, [row(n) for n in range(count)], unique="key") == count
    with engine.begin() as conn:
        again = [row(n) for n in range(count // 2, count + count // 2)]
        assert bulk.insert_new(conn, TABLE, again, unique="key") == count // 2
    with Session(engine) as session:
        stored = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    assert len(stored) == count + count // 2
    first = stored[0]
    assert first.created_at == CREATED and first.created_at.tzinfo is not None
    assert first.next_attempt_at == CREATED
    assert first.kind is NoticeKind.REMINDER and first.state is OutboxState.PENDING
    assert first.due_date == dt.date(2019, 3, 31)
    assert first.recipient_name == 'Åsa Öberg; "BUN"\t\\'
    assert first.body_text == "rad 1\nrad 2\r\n\\N tab\t"
    assert [s.key for s in stored] == [f"reminder|d{n}|14d" for n in range(count + count // 2)]


def test_nothing_to_insert(engine: Engine) -> None:
    with engine.begin() as conn:
        assert bulk.insert_new(conn, TABLE, [], unique="key") == 0


def test_stored_exactly_as_a_core_insert_stores(engine: Engine) -> None:
    """Byte for byte: SQLite compares instants as text, so '12:15:00' and '12:15:00.000000'
    would sort apart."""
    with engine.begin() as conn:
        conn.execute(insert(Municipality), [{"id": 1, "code": "2262", "name": "Timrå"}])
        bulk.insert_new(conn, TABLE, [row(1)], unique="key")
        conn.execute(insert(TABLE), [{**row(2), "created_at": CREATED.replace(microsecond=0)}])
        bulk.insert_new(
            conn, TABLE, [{**row(3), "created_at": CREATED.replace(microsecond=0)}], unique="key"
        )
    with engine.connect() as conn:
        stored = conn.exec_driver_sql(
            "SELECT key, CAST(created_at AS TEXT), CAST(due_date AS TEXT), kind, state "
            "FROM outboxmessage ORDER BY id"
        ).all()
    by_core, by_bulk = stored[1][1:], stored[2][1:]
    assert by_core == by_bulk


def test_load_stores_exactly_as_a_core_insert_stores(engine: Engine) -> None:
    """`load` (the digests' verdicts) goes through the driver on SQLite and COPY on
    PostgreSQL; what it stores reads back, as text too, as a Core insert's does."""
    with engine.begin() as conn:
        conn.execute(insert(Municipality), [{"id": 1, "code": "2262", "name": "Timrå"}])
        conn.execute(insert(TABLE), [row(1)])
        bulk.load(conn, TABLE, [row(2), {**row(3), "created_at": CREATED.replace(second=0)}])
        bulk.load(conn, TABLE, [])
    with engine.connect() as conn:
        stored = conn.exec_driver_sql(
            "SELECT key, CAST(created_at AS TEXT), CAST(due_date AS TEXT), kind, state, "
            "recipient_name, body_text FROM outboxmessage ORDER BY id"
        ).all()
    assert [s[0] for s in stored] == ["reminder|d1|14d", "reminder|d2|14d", "reminder|d3|14d"]
    assert stored[0][1:] == stored[1][1:]
    assert stored[2][1] != stored[1][1]
    with Session(engine) as session:
        last = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id).desc())).first()
    assert last is not None and last.created_at == CREATED.replace(second=0)
