"""Mail that looks right when retried, and sending at a provider's pace, against a real SMTP
server (aiosmtpd): `Date:` is the moment of handing over, the Message-ID the same on
every attempt; a sender or Message-ID domain that is not fully qualified is warned about;
ARSHJUL_SMTP_MAX_PER_MINUTE keeps under a server that throttles above a rate."""

from __future__ import annotations

import datetime as dt
import email.utils
import itertools
import logging
import time

import pytest
from arshjul.notifications import delivery
from arshjul.notifications.channels import Pacer, unqualified_mail_domains
from sqlalchemy import Engine

from arshjul.core.addresses import fully_qualified
from arshjul.settings import Settings
from tests.factories import plan_into
from tests.notifications.test_delivery_faults import MONDAY, queue, rows, send, use
from tests.smtp_server import Inbox


def test_a_retried_message_is_dated_when_handed_over_with_the_same_message_id(
    engine: Engine, smtp: Inbox
) -> None:
    """Queued on a Monday of 2019 (the sweep's clock); refused once with 451, sent on the
    retry: each attempt carries the time it was handed over, both the one Message-ID."""
    plan_into(engine)
    assert queue(engine) == 5
    smtp.refuse_next = 1
    first_start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert send(engine).retry == 1
    first_end = dt.datetime.now(dt.UTC)
    second_start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert send(engine, MONDAY + dt.timedelta(minutes=2)).sent == 1
    second_end = dt.datetime.now(dt.UTC)

    refused, *accepted = smtp.attempts
    (retried,) = [m for m in accepted if m["Message-ID"] == refused["Message-ID"]]
    assert accepted[-1] is retried and len(accepted) == 5
    assert first_start <= email.utils.parsedate_to_datetime(refused["Date"]) <= first_end
    assert second_start <= email.utils.parsedate_to_datetime(retried["Date"]) <= second_end
    assert all(r.created_at.year == 2019 for r in rows(engine))  # queued on the sweep's day
    assert {r.state for r in rows(engine)} == {"sent"}


@pytest.mark.parametrize(
    ("domain", "qualified"),
    [
        ("timra.se", True),
        ("mail.karlstad.se", True),
        ("timrå.se", True),
        ("timra.se.", True),
        ("example.org", True),  # a real name, reserved for examples
        ("localhost", False),
        ("arshjul.localhost", False),
        ("server.local", False),
        ("kommun.internal", False),
        ("intranet.lan", False),
        ("mail.corp", False),
        ("kommunen", False),
        ("", False),
        ("timra..se", False),
        ("[127.0.0.1]", False),
        ("10.0.0.1", False),
    ],
)
def test_fully_qualified(domain: str, qualified: bool) -> None:
    assert fully_qualified(domain) is qualified


def test_smtp_with_the_default_domains_is_warned_about_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    smtp = Settings(mail_channel="smtp")
    assert unqualified_mail_domains(smtp) == [
        ("ARSHJUL_MAIL_FROM", "localhost"),
        ("ARSHJUL_MESSAGE_ID_DOMAIN", "arshjul.localhost"),
    ]
    assert unqualified_mail_domains(Settings()) == []  # the folder channel sends nothing out
    good = Settings(
        mail_channel="smtp",
        mail_from="Årshjulet <arshjul@timra.se>",
        message_id_domain="arshjul.timra.se",
    )
    assert unqualified_mail_domains(good) == []
    delivery._warn_once.cache_clear()
    with caplog.at_level(logging.WARNING, logger="arshjul.notifications.delivery"):
        delivery.channel_from(smtp)
        delivery.channel_from(smtp)  # once per process, not once per batch
        delivery.channel_from(good)
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 2
    assert warned[0].startswith("ARSHJUL_MAIL_FROM: the domain 'localhost' is not fully")


def test_the_pacer_spaces_callers_evenly_across_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    pacer = Pacer(per_minute=1200)  # one every 50 ms
    with ThreadPoolExecutor(4) as pool:
        slots = sorted(pool.map(lambda _: pacer.reserve(), range(8)))
    gaps = [b - a for a, b in itertools.pairwise(slots)]
    assert all(abs(gap - 0.05) < 1e-9 for gap in gaps), gaps
    for _ in range(3):
        pacer.wait()
    assert time.monotonic() >= slots[0] + 0.05 * 10  # the eleventh slot's time had come


@pytest.mark.e2e  # waits on real time: about 3 s
def test_pacing_keeps_under_a_throttling_server_and_sends_each_message_once(
    engine: Engine, smtp: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that answers 451 to a fourth message within a second. Without pacing two of
    the five notices are throttled (kept for a retry, nothing lost); at 120 a minute
    (one every 0.5 s) every one is accepted the first time, each Message-ID once."""
    plan_into(engine)
    smtp.rate_limit = (3, 1.0)
    queue(engine)
    unpaced = send(engine)
    assert (unpaced.sent, unpaced.retry, smtp.throttled) == (3, 2, 2)
    assert {r.state for r in rows(engine)} == {"sent", "retry"}

    engine_rows = rows(engine)
    with engine.begin() as conn:  # a fresh batch of the same five: queued again, unsent
        from arshjul.models.tables import OutboxMessage
        from sqlalchemy import update

        conn.execute(update(OutboxMessage).values(state="pending", next_attempt_at=MONDAY))
    smtp.messages.clear()
    smtp.accepted_at.clear()
    smtp.throttled = 0
    time.sleep(1.1)
    use(monkeypatch, smtp_max_per_minute="120")
    started = time.monotonic()
    paced = send(engine)
    took = time.monotonic() - started
    assert (paced.sent, paced.retry, smtp.throttled) == (5, 0, 0)
    assert took >= 4 * 0.5 - 0.05  # four waits of half a second
    assert sorted(smtp.ids()) == sorted(r.message_id for r in engine_rows)  # once each
    assert {r.state for r in rows(engine)} == {"sent"}
