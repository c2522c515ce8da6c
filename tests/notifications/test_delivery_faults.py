"""Mail-server faults against a real SMTP server (aiosmtpd): after each, every notice is
either sent exactly once or kept for a retry with its reason (or failed for good, audited
and told to the coordinators), and no row is left in `sending`."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pytest
from arshjul.models.tables import AuditEvent, OutboxMessage
from arshjul.notifications.delivery import DeliveryResult, channel_from, deliver
from arshjul.notifications.due import enqueue
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.core.retries import ATTEMPTS
from arshjul.settings import get_settings
from tests.factories import at, ctx_for, plan_into
from tests.processes import stop
from tests.smtp_server import Inbox, start

MONDAY = at("2019-05-06", 7)  # five notices are due: see test_outbox.py


def queue(engine: Engine) -> int:
    return enqueue(ctx_for(engine, now=MONDAY)).new


def send(engine: Engine, now: dt.datetime = MONDAY) -> DeliveryResult:
    ctx = ctx_for(engine, now=now)
    return deliver(ctx, channel_from(ctx.settings), batch_size=50)


def rows(engine: Engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


def use(monkeypatch: pytest.MonkeyPatch, **settings: str) -> None:
    for name, value in settings.items():
        monkeypatch.setenv(f"ARSHJUL_{name.upper()}", value)
    get_settings.cache_clear()


@pytest.mark.e2e  # waits out a real SMTP timeout: about 3 s
def test_a_timeout_mid_batch_fails_only_that_message(
    engine: Engine, smtp: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_into(engine)
    use(monkeypatch, smtp_timeout="1")
    smtp.stall = {2: 2.5}  # the server falls silent on the second message
    assert queue(engine) == 5
    result = send(engine)
    assert (result.sent, result.retry, result.failed) == (4, 1, 0)
    (late,) = [r for r in rows(engine) if r.state != "sent"]
    assert late.state == "retry" and "timed out" in late.last_error.lower()
    assert len(smtp.messages) == 4  # the later messages went over a new connection
    time.sleep(2)  # the stalled exchange ends on the server's side
    send(engine, MONDAY + dt.timedelta(minutes=2))
    assert {r.state for r in rows(engine)} == {"sent"}
    assert sorted(smtp.ids()) == sorted({r.message_id for r in rows(engine)})  # once each


def test_starttls_against_a_server_without_it(
    engine: Engine, smtp: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_into(engine)
    use(monkeypatch, smtp_starttls="true")
    queue(engine)
    result = send(engine)
    assert "STARTTLS failed" in result.channel_error
    assert (result.sent, result.retry) == (0, 5)
    assert {(r.state, r.attempts) for r in rows(engine)} == {("retry", 1)}
    assert all("STARTTLS" in r.last_error for r in rows(engine))
    assert smtp.transmissions == 0


def test_a_rejected_login_then_the_right_one(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    controller, port = start(inbox, login=("arshjul", "ratt-losen"))
    try:
        use(
            monkeypatch,
            mail_channel="smtp",
            smtp_host="127.0.0.1",
            smtp_port=str(port),
            smtp_starttls="false",
            smtp_timeout="5",
            smtp_username="arshjul",
            smtp_password="fel-losen",
        )
        plan_into(engine)
        queue(engine)
        result = send(engine)
        assert "login as arshjul refused" in result.channel_error
        assert {r.state for r in rows(engine)} == {"retry"}
        assert "fel-losen" not in result.channel_error + "".join(r.last_error for r in rows(engine))
        use(monkeypatch, smtp_password="lösen")  # smtplib logs in with ASCII only
        result = send(engine, MONDAY + dt.timedelta(minutes=2))
        assert "UnicodeEncodeError" in result.channel_error
        use(monkeypatch, smtp_password="ratt-losen")
        assert send(engine, MONDAY + dt.timedelta(minutes=10)).sent == 5
        assert inbox.transmissions == 5
    finally:
        controller.stop()


def test_connection_refused_keeps_everything_with_the_reason(
    engine: Engine, smtp: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_into(engine)
    use(monkeypatch, smtp_port="1")
    queue(engine)
    result = send(engine)
    assert result.channel_error.startswith("cannot connect to 127.0.0.1:1")
    assert {r.state for r in rows(engine)} == {"retry"}
    assert all(r.last_error.startswith("cannot connect") for r in rows(engine))


def test_4xx_for_fifty_hours_loses_nothing_then_fails_audited_and_told(
    engine: Engine, smtp: Inbox
) -> None:
    plan_into(engine)
    smtp.refuse_next = 10**6  # every DATA gets 451
    queue(engine)
    hours = 0.0
    while hours <= 50:
        send(engine, MONDAY + dt.timedelta(hours=hours))
        hours += 0.5
    assert {r.state for r in rows(engine)} == {"retry"}
    assert max(r.attempts for r in rows(engine)) == ATTEMPTS - 1
    while hours <= 72:
        send(engine, MONDAY + dt.timedelta(hours=hours))
        hours += 0.5
    failed = [r for r in rows(engine) if r.state == "failed"]
    assert len(failed) == 5 and {r.attempts for r in failed} == {ATTEMPTS}
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.kind == "delivery_failed")).all()
    assert sorted(e.payload["recipient"] for e in events) == sorted(r.recipient for r in failed)
    told = [r for r in rows(engine) if r.kind == "delivery_failed"]
    assert {r.recipient for r in told} == {"samordnare@example.org"} and len(told) == 5
    smtp.refuse_next = 0  # the server is back: the coordinators hear of each failure
    send(engine, MONDAY + dt.timedelta(hours=80))  # after the told notices' own backoff
    assert len(smtp.to("samordnare@example.org")) == 5
    assert not [r for r in rows(engine) if r.state == "sending"]


DELIVER = """
import datetime as dt, sys
from arshjul.context import Context
from arshjul.notifications.delivery import channel_from, deliver
from arshjul.settings import get_settings
ctx = Context.create(get_settings(), database_url=sys.argv[1]).at(
    dt.datetime.fromisoformat(sys.argv[2])
)
print(deliver(ctx, channel_from(ctx.settings), batch_size=50).sent)
"""


@pytest.mark.e2e  # two fresh interpreters against a slow server: about 3 s
def test_two_overlapping_sweeps_with_different_clocks_send_once(
    engine: Engine, database_url: str, smtp: Inbox, tmp_path: Path
) -> None:
    """Two workers whose runs started fifteen minutes apart: the later one must not take the
    earlier one's claim for expired because its own clock is later."""
    plan_into(engine)
    queue(engine)
    smtp.delay = 0.4
    first = subprocess.Popen(
        [sys.executable, "-c", DELIVER, database_url, MONDAY.isoformat()],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        time.sleep(1.0)
        later = MONDAY + dt.timedelta(minutes=15)
        second = subprocess.run(
            [sys.executable, "-c", DELIVER, database_url, later.isoformat()],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        out, _ = first.communicate(timeout=60)
    finally:
        stop(first)
    assert (int(out), int(second.stdout)) == (5, 0)
    assert smtp.transmissions == 5 and len(set(smtp.ids())) == 5
    assert {r.state for r in rows(engine)} == {"sent"}


def test_a_coordinator_requeues_a_failed_message_and_it_is_audited(
    engine: Engine, smtp: Inbox
) -> None:
    from arshjul.notifications.resend import RequeueIn, requeue

    from arshjul.errors import ArshjulError, Refused

    plan_into(engine)
    smtp.refuse["bun@example.org"] = "550 5.1.1 No such user"
    queue(engine)
    send(engine)
    (failed,) = [r for r in rows(engine) if r.state == "failed"]
    later = MONDAY + dt.timedelta(hours=1)
    with pytest.raises(Refused):  # a secretary may not
        requeue(ctx_for(engine, "bun@example.org", later), RequeueIn(failed.id))
    with pytest.raises(ArshjulError) as caught:  # a sent message is not requeued
        sent = next(r for r in rows(engine) if r.state == "sent")
        requeue(ctx_for(engine, "samordnare@example.org", later), RequeueIn(sent.id))
    assert caught.value.key == "not_failed"
    del smtp.refuse["bun@example.org"]  # the address is fixed
    coordinator = ctx_for(engine, "samordnare@example.org", later)
    assert requeue(coordinator, RequeueIn(failed.id)) == [failed.id]
    assert requeue(coordinator, RequeueIn(all_failed=True)) == []  # nothing failed is left
    send(engine, later)
    assert {r.state for r in rows(engine) if r.id == failed.id} == {"sent"}
    assert len(smtp.to("bun@example.org")) == 1
    with Session(engine) as session:
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.kind == "outbox_requeued"))
        refused = session.exec(select(AuditEvent).where(AuditEvent.kind == "refused")).one()
    assert (event.actor, event.payload["outbox_ids"]) == ("samordnare@example.org", [failed.id])
    assert refused.payload["action"] == "requeue"
