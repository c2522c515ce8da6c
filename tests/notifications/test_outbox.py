"""The outbox against a real SMTP server and a real SQLite file: each notice arrives once."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import arshjul.notifications.delivery
import pytest
from arshjul.models.tables import (
    AuditEvent,
    Body,
    Deliverable,
    Milestone,
    OutboxMessage,
    Submission,
)
from arshjul.notifications.delivery import LEASE
from arshjul.notifications.due import enqueue
from icalendar import Calendar
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from arshjul.settings import get_settings
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into, sweep
from tests.smtp_server import Inbox

MONDAY = at("2019-05-06", 7)  # budget is due Tuesday 7 May; pf was due 28 February


def states(engine: Engine) -> dict[str, str]:
    with Session(engine) as session:
        return {
            row.recipient + " " + row.kind: row.state for row in session.exec(select(OutboxMessage))
        }


def test_the_right_people_get_each_notice_once(engine: Engine, smtp: Inbox) -> None:
    plan_into(engine)
    sweep(engine, MONDAY)
    received = sorted(
        (m["To"].addresses[0].addr_spec, m["Subject"].split(":")[0]) for m in smtp.messages
    )
    assert received == [
        ("bun@example.org", "Påminnelse"),  # one business day before
        ("klk@example.org", "Försenad"),  # pf is overdue
        ("ks@example.org", "Påminnelse"),
        ("samordnare@example.org", "Kopia"),  # overdue notices are copied to coordinators
        ("samordnare@example.org", "Veckoöversikt 2019-W19"),
    ]
    reminder = smtp.to("bun@example.org")[0]
    assert reminder["Message-ID"].endswith("@arshjul.localhost>")
    assert reminder.get_body(("plain",)).get_content().count("tisdag 7 maj 2019") == 1
    (attachment,) = list(reminder.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    (event,) = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert str(event["UID"]) == "arshjul-9999-2020-budget-BUN@arshjul"
    assert event.decoded("DTSTART") == dt.date(2019, 5, 7)
    assert int(event["SEQUENCE"]) == 0

    sweep(engine, MONDAY)
    sweep(engine, MONDAY + dt.timedelta(hours=3))
    assert smtp.transmissions == 5
    assert set(states(engine).values()) == {"sent"}


def test_next_day_brings_the_next_notice_only(engine: Engine, smtp: Inbox) -> None:
    plan_into(engine)
    sweep(engine, MONDAY)
    sweep(engine, at("2019-05-07", 7))
    new = [m["To"].addresses[0].addr_spec for m in smtp.messages[5:]]
    assert sorted(new) == ["bun@example.org", "ks@example.org"]  # the deadline-day notice
    assert all("Sista dag i dag" in m["Subject"] for m in smtp.messages[5:])


def test_two_sweeps_at_once_send_each_message_once(engine: Engine, smtp: Inbox) -> None:
    plan_into(engine)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            sweep(engine, MONDAY)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert smtp.transmissions == 5
    assert len(set(smtp.ids())) == 5


def test_a_server_that_refuses_then_accepts(engine: Engine, smtp: Inbox) -> None:
    plan_into(engine)
    smtp.refuse_next = 2
    sweep(engine, MONDAY)
    assert len(smtp.messages) == 3
    with Session(engine) as session:
        retry = session.exec(select(OutboxMessage).where(OutboxMessage.state == "retry")).all()
        assert len(retry) == 2
        assert all("451" in row.last_error and row.attempts == 1 for row in retry)
        assert all(row.next_attempt_at == MONDAY + dt.timedelta(minutes=1) for row in retry)
    sweep(engine, MONDAY + dt.timedelta(seconds=30))  # too early: backoff
    assert len(smtp.messages) == 3
    sweep(engine, MONDAY + dt.timedelta(minutes=2))
    assert len(smtp.messages) == 5
    assert len(set(smtp.ids())) == 5
    assert set(states(engine).values()) == {"sent"}


def test_a_refused_recipient_does_not_block_the_others(engine: Engine, smtp: Inbox) -> None:
    plan_into(engine)
    smtp.refuse["bun@example.org"] = "550 5.1.1 No such user"
    sweep(engine, MONDAY)
    sweep(engine, MONDAY + dt.timedelta(hours=2))  # a permanent failure is not retried
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == [
        "klk@example.org",
        "ks@example.org",
        "samordnare@example.org",
        "samordnare@example.org",
        "samordnare@example.org",  # told that the message to BUN failed for good
    ]
    (told,) = [m for m in smtp.to("samordnare@example.org") if "misslyckades" in m["Subject"]]
    assert told["Subject"].endswith("till bun@example.org")
    assert "550" in told.get_body(("plain",)).get_content()
    assert "No such user" in told.get_body(("plain",)).get_content()
    with Session(engine) as session:
        failed = session.exec(select(OutboxMessage).where(OutboxMessage.state == "failed")).one()
        assert failed.recipient == "bun@example.org"
        assert "550" in failed.last_error and failed.attempts == 1
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.kind == "delivery_failed"))
        assert (event.payload["recipient"], event.payload["permanent"]) == (
            "bun@example.org",
            True,
        )


def test_unreachable_server_keeps_everything_for_later(
    engine: Engine, smtp: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_into(engine)
    monkeypatch.setenv("ARSHJUL_SMTP_PORT", "1")
    get_settings.cache_clear()
    sweep(engine, MONDAY)
    assert set(states(engine).values()) == {"retry"}
    assert smtp.transmissions == 0


def crash_once_after_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first message is handed to the channel, then the process 'dies' before the
    outbox records it as sent."""
    real_mark_sent = arshjul.notifications.delivery._mark_sent
    crashed: list[int | None] = []

    def mark_sent(ctx, connection, row, token, *batch):
        if not crashed:
            crashed.append(row.id)
            raise RuntimeError("power cut")
        return real_mark_sent(ctx, connection, row, token, *batch)

    monkeypatch.setattr(arshjul.notifications.delivery, "_mark_sent", mark_sent)


def real_time_passes(monkeypatch: pytest.MonkeyPatch, by: dt.timedelta) -> None:
    """Leases run on the real clock, not the sweep's: move the clock delivery reads."""
    real = arshjul.notifications.delivery.utc_now
    monkeypatch.setattr(arshjul.notifications.delivery, "utc_now", lambda: real() + by)


def test_crash_between_sending_and_recording(
    engine: Engine, smtp: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The message went out but 'sent' was never committed: after the lease it goes again
    with the same Message-ID, and nothing else is duplicated."""
    plan_into(engine)
    crash_once_after_sending(monkeypatch)
    with pytest.raises(RuntimeError, match="power cut"):
        sweep(engine, MONDAY)
    assert smtp.transmissions == 1
    sweep(engine, MONDAY + dt.timedelta(minutes=1))
    # The crashed batch (2 rows) waits for its lease; the 3 rows nobody had claimed go now.
    assert smtp.transmissions == 1 + 3
    real_time_passes(monkeypatch, LEASE + dt.timedelta(minutes=1))
    sweep(engine, MONDAY + dt.timedelta(minutes=12))
    ids = smtp.ids()
    assert len(set(ids)) == 5  # every notice arrived
    duplicates = [i for i in set(ids) if ids.count(i) > 1]
    assert len(duplicates) <= 1  # only the one in flight at the crash, with the same ID
    assert set(states(engine).values()) == {"sent"}


def test_crash_with_the_folder_channel_writes_each_file_once(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARSHJUL_MAIL_FOLDER", str(tmp_path / "out"))
    get_settings.cache_clear()
    plan_into(engine)
    crash_once_after_sending(monkeypatch)
    with pytest.raises(RuntimeError):
        sweep(engine, MONDAY)
    sweep(engine, MONDAY + dt.timedelta(minutes=1))  # the crashed batch still holds its lease
    assert len(list((tmp_path / "out").glob("*.eml"))) == 4
    real_time_passes(monkeypatch, LEASE + dt.timedelta(minutes=1))
    sweep(engine, MONDAY + dt.timedelta(minutes=12))
    assert len(list((tmp_path / "out").glob("*.eml"))) == 5
    assert not list((tmp_path / "out").glob("*.partial"))
    assert set(states(engine).values()) == {"sent"}


def add_bun_budget_submission(engine: Engine, **fields: object) -> None:
    """A version-1 submission of BUN's 'budget' deliverable, written straight to the table."""
    with Session(engine) as session, session.begin():
        bun = session.exec(
            select(Deliverable)
            .join(Milestone)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .where(Milestone.key == "budget", Body.key == "BUN")
        ).one()
        session.add(
            Submission(
                municipality_id=bun.municipality_id, deliverable_id=bun.id, version=1, **fields
            )
        )


def test_a_submitted_deliverable_gets_no_more_reminders(engine: Engine, smtp: Inbox) -> None:
    plan_into(engine)
    add_bun_budget_submission(engine, submitted_at=at("2019-05-03", 10))
    sweep(engine, MONDAY)
    assert smtp.to("bun@example.org") == []
    assert len(smtp.to("ks@example.org")) == 1


def test_returned_submission_restarts_reminders_against_its_new_deadline(
    engine: Engine, smtp: Inbox
) -> None:
    plan_into(engine)
    add_bun_budget_submission(
        engine,
        submitted_at=at("2019-05-02", 10),
        review="returned",
        reviewed_at=at("2019-05-03", 10),
        new_deadline=dt.date(2019, 5, 10),
    )
    sweep(engine, MONDAY)
    (mail,) = smtp.to("bun@example.org")
    assert "fredag 10 maj 2019" in mail["Subject"]


def test_a_moved_deadline_sends_a_changed_date_notice_with_a_newer_event(
    engine: Engine, smtp: Inbox
) -> None:
    plan_into(engine)
    sweep(engine, MONDAY)
    plan_into(
        engine,
        MAIL_TEMPLATE.replace("business_days: 10", "business_days: 3"),
        now=MONDAY + dt.timedelta(hours=1),
    )
    sweep(engine, MONDAY + dt.timedelta(hours=2))
    changed = [m for m in smtp.messages if m["Subject"].startswith("Ändrat datum")]
    assert sorted(m["To"].addresses[0].addr_spec for m in changed) == [
        "bun@example.org",
        "ks@example.org",
    ]
    body = changed[0].get_body(("plain",)).get_content()
    assert "Tidigare: tisdag 7 maj 2019" in body and "Nu: torsdag 16 maj 2019" in body
    (event,) = Calendar.from_ical(next(changed[0].iter_attachments()).get_content()).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1 and event.decoded("DTSTART") == dt.date(2019, 5, 16)
    assert smtp.transmissions == 7  # no extra reminder beside the changed-date notice


def test_broken_override_queues_nothing_for_that_municipality(
    engine: Engine, smtp: Inbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mallar" / "9999" / "sv"
    folder.mkdir(parents=True)
    (folder / "reminder.txt").write_text("Hej {{ recipient.name }\n")
    monkeypatch.setenv("ARSHJUL_TEMPLATES_DIR", str(tmp_path / "mallar"))
    get_settings.cache_clear()
    plan_into(engine)
    result = enqueue(ctx_for(engine, now=MONDAY))
    assert result.new == 0
    assert result.skipped_municipalities["9999"][0].startswith(f"{folder / 'reminder.txt'}:1:")
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage)).all() == []


def test_a_holiday_sweep_sends_nothing_and_the_next_business_day_catches_up(
    engine: Engine, smtp: Inbox
) -> None:
    plan_into(engine)
    sweep(engine, at("2019-05-01", 7))  # första maj: the budget reminder "7d" is due today
    assert smtp.transmissions == 0
    sweep(engine, at("2019-05-02", 7))
    budget = [m["Subject"] for m in smtp.to("bun@example.org")]
    assert budget == [
        "Påminnelse: Underlag, Barn- och utbildningsnämnden, senast tisdag 7 maj 2019"
    ]


def test_marks_on_postgresql_do_not_wait_for_the_disk_and_nothing_else_changes(
    engine: Engine, smtp: Inbox
) -> None:
    """The marks' connection, and it alone, commits without waiting for its WAL while it
    marks a batch (docs/adr/0014): asked on that connection right after each mark,
    PostgreSQL says synchronous_commit is off; the claim's says on, and so does every
    connection once the batch is over."""
    from sqlalchemy import event, text

    if engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting (run with --database postgres)")
    plan_into(engine)
    seen: list[tuple[str, str]] = []

    def after(conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith("UPDATE OUTBOXMESSAGE SET STATE"):
            return
        asked = conn.connection.dbapi_connection.cursor()  # the mark's rows stay unread
        asked.execute("SHOW synchronous_commit")
        setting = asked.fetchone()[0]
        asked.close()
        marked = "SENT" in str(parameters).upper()
        seen.append(("mark" if marked else "other", setting))

    event.listen(engine, "after_cursor_execute", after)
    try:
        sweep(engine, MONDAY)
    finally:
        event.remove(engine, "after_cursor_execute", after)
    assert smtp.transmissions == 5
    assert [setting for what, setting in seen if what == "mark"] == ["off"] * 5
    others = [setting for what, setting in seen if what == "other"]
    assert others and set(others) == {"on"}  # the claim: a durable commit as before
    with engine.connect() as conn:
        assert conn.execute(text("SHOW synchronous_commit")).scalar_one() == "on"
