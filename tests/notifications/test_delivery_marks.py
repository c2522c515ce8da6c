"""How delivery marks a message sent: the mark, the chain's head and its audit event in one
transaction per message, on a connection whose commits do not wait for the disk during
the batch and do again once it is given back (docs/adr/0014)."""

from __future__ import annotations

import pytest
from arshjul.models.tables import AuditEvent, Municipality, OutboxMessage
from sqlalchemy import Engine, event, text
from sqlmodel import Session, col, func, select

from arshjul.services.audit import verify_all
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into, sweep
from tests.smtp_server import Inbox

MONDAY = at("2019-05-06", 7)
OTHER = MAIL_TEMPLATE.replace('{code: "9999", name: Testkommun}', '{code: "9998", name: Annan}')


def _is_mark(statement: str, parameters: object) -> bool:
    return statement.lstrip().upper().startswith("UPDATE OUTBOXMESSAGE SET STATE") and (
        "SENT" in str(parameters).upper()
    )


def test_one_batch_of_two_municipalities_continues_each_chain(engine: Engine, smtp: Inbox) -> None:
    """The head each mark follows is its own municipality's: with two chains of different
    lengths in one batch, a head read from the other chain would fork or skip a number."""
    from arshjul.notifications.delivery import channel_from, deliver
    from arshjul.notifications.due import enqueue

    plan_into(engine)
    plan_into(engine, OTHER)
    plan_into(engine, OTHER, year=2021)  # a longer chain than the first one's
    ctx = ctx_for(engine, now=MONDAY)
    enqueue(ctx)
    result = deliver(ctx, channel_from(ctx.settings), batch_size=100)
    assert result.claimed == result.sent == smtp.transmissions == 10
    reports = verify_all(ctx_for(engine), full=True)
    assert [r.first_break for r in reports] == [None, None]
    with Session(engine) as session:
        for municipality in session.exec(select(Municipality)):
            seqs = session.exec(
                select(AuditEvent.seq)
                .where(AuditEvent.municipality_id == municipality.id)
                .order_by(col(AuditEvent.id))
            ).all()
            assert seqs == list(range(1, len(seqs) + 1))
            sent = session.exec(
                select(func.count())
                .select_from(AuditEvent)
                .where(
                    AuditEvent.municipality_id == municipality.id,
                    col(AuditEvent.kind).like("%_sent"),
                )
            ).one()
            queued = session.exec(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.municipality_id == municipality.id)
            ).one()
            assert sent == queued == 5


def test_a_mark_whose_claim_was_taken_writes_nothing(engine: Engine, smtp: Inbox) -> None:
    """A row another run has claimed since is neither marked nor audited by this one."""
    import arshjul.notifications.delivery as delivery

    plan_into(engine)
    ctx = ctx_for(engine, now=MONDAY)
    from arshjul.notifications.due import enqueue

    enqueue(ctx)
    token, rows = delivery.claim(engine=engine, now=MONDAY, batch_size=10)
    events_before = _events(engine)
    with delivery._marks_connection(engine) as marks:
        delivery._mark_sent(ctx, marks, rows[0], "another run's token")
    assert _events(engine) == events_before
    with Session(engine) as session:
        assert session.get(OutboxMessage, rows[0].id).state == "sending"  # type: ignore[union-attr]
    with delivery._marks_connection(engine) as marks:
        delivery._mark_sent(ctx, marks, rows[0], token)
    assert _events(engine) == events_before + 1
    assert verify_all(ctx, full=True)[0].first_break is None


def _events(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(AuditEvent)).one())


def test_marks_on_sqlite_commit_without_a_flush_and_the_connection_is_given_back_full(
    engine: Engine, smtp: Inbox
) -> None:
    """SQLite: `synchronous` is NORMAL on the marks' connection while the batch is marked,
    FULL for the claim and for every connection afterwards (the pool's included)."""
    if engine.dialect.name != "sqlite":
        pytest.skip("a SQLite setting")
    plan_into(engine)
    seen: list[tuple[str, int]] = []

    def after(conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith("UPDATE OUTBOXMESSAGE SET STATE"):
            return
        asked = conn.connection.dbapi_connection.cursor()  # the mark's rows stay unread
        setting = asked.execute("PRAGMA synchronous").fetchone()[0]
        asked.close()
        seen.append(("mark" if _is_mark(statement, parameters) else "other", setting))

    event.listen(engine, "after_cursor_execute", after)
    try:
        sweep(engine, MONDAY)
    finally:
        event.remove(engine, "after_cursor_execute", after)
    assert smtp.transmissions == 5
    assert [setting for what, setting in seen if what == "mark"] == [1] * 5  # NORMAL
    others = [setting for what, setting in seen if what == "other"]
    assert others and set(others) == {2}  # FULL: the claim commits durably
    for _ in range(3):  # whichever pooled connection comes back
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA synchronous")).scalar_one() == 2


def test_a_failed_batch_gives_its_connection_back_durable(
    engine: Engine, smtp: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch that raises half-way still puts the durable setting back before the
    connection returns to the pool."""
    import arshjul.notifications.delivery as delivery

    plan_into(engine)

    def power_cut(*args: object, **kwargs: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(delivery, "_mark_sent", power_cut)
    with pytest.raises(RuntimeError):
        sweep(engine, MONDAY)
    asking = "PRAGMA synchronous" if engine.dialect.name == "sqlite" else "SHOW synchronous_commit"
    durable = 2 if engine.dialect.name == "sqlite" else "on"
    for _ in range(3):
        with engine.connect() as conn:
            assert conn.execute(text(asking)).scalar_one() == durable
