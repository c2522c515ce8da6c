"""Signing in with a one-time link from the .eml the outbox wrote; sessions, sign-out and
the limits on asking for links."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from arshjul.models.tables import (
    AuditEvent,
    OutboxMessage,
    SignInLink,
    SignInRequest,
    WebSession,
)
from arshjul.notifications.delivery import channel_from, deliver
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlmodel import Session, col, select

from arshjul.core.transitions import OutboxState
from arshjul.core.web_access import REQUESTS_PER_ADDRESS
from arshjul.settings import get_settings
from arshjul.web.mailer import Mailer
from tests.factories import ctx_for
from tests.web.conftest import BUN, Clock, ask_for_link, csrf_of, last_mail_to, link_in, sign_in


def test_a_secretary_signs_in_with_the_link_and_lands_where_she_was_going(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    first = web.get("/leveranser", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/logga-in?next=/leveranser"
    assert sign_in(web, outbox, BUN, "/leveranser") == "/leveranser"
    page = web.get("/leveranser")
    assert page.status_code == 200 and "bun@example.org" in page.text
    cookie = web.cookies.get("arshjul_session")
    with Session(engine) as session:
        link = session.exec(select(SignInLink)).one()
        row = session.exec(select(WebSession)).one()
        kinds = [e.kind for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.id)))]
    assert cookie and row.token_hash != cookie and len(row.token_hash) == 64  # a hash only
    assert link.used_at is not None and link.token_hash not in link_in(last_mail_to(outbox, BUN))
    assert "sign_in_link_sent" in kinds and "signed_in" in kinds


def test_the_cookie_is_http_only_and_same_site(web: TestClient, outbox: Path) -> None:
    assert ask_for_link(web, BUN) == 200
    path = link_in(last_mail_to(outbox, BUN))
    done = web.post(path, data={"csrf": csrf_of(web.get(path).text)}, follow_redirects=False)
    cookie = done.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=604800" in cookie
    assert "Secure" not in cookie  # ARSHJUL_WEB_SECURE is off for plain http


def test_a_used_link_is_refused(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, BUN)
    path = link_in(last_mail_to(outbox, BUN))
    web.cookies.clear()
    again = web.post(path, data={"csrf": csrf_of(web.get(path).text)}, follow_redirects=False)
    assert again.status_code == 400 and "redan använd" in again.text
    assert "arshjul_session" not in web.cookies


def test_an_expired_link_is_refused(web: TestClient, outbox: Path, clock: Clock) -> None:
    assert ask_for_link(web, BUN) == 200
    path = link_in(last_mail_to(outbox, BUN))
    clock.now += dt.timedelta(minutes=15)
    refused = web.post(path, data={"csrf": csrf_of(web.get(path).text)}, follow_redirects=False)
    assert refused.status_code == 400 and "gått ut" in refused.text


def test_a_made_up_link_is_refused(web: TestClient) -> None:
    path = "/logga-in/" + "A" * 43
    refused = web.post(path, data={"csrf": csrf_of(web.get(path).text)})
    assert refused.status_code == 400 and "fungerar inte" in refused.text


def test_the_answer_is_the_same_for_an_unknown_address(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    page = web.get("/logga-in")
    known = web.post("/logga-in", data={"email": BUN, "csrf": csrf_of(page.text)})
    unknown = web.post(
        "/logga-in", data={"email": "nobody@example.org", "csrf": csrf_of(page.text)}
    )
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    assert not [p for p in outbox.glob("*.eml") if b"nobody@example.org" in p.read_bytes()]
    with Session(engine) as session:
        stored = session.exec(select(SignInRequest)).all()
    assert all("@" not in r.address_hash for r in stored)  # no address kept in the clear


def test_a_bad_address_is_a_form_error_next_to_the_field(web: TestClient) -> None:
    page = web.get("/logga-in")
    for bad in ("bun@example.org, evil@example.com", "inte en adress", "a@b\r\nBcc: x@y.se"):
        answer = web.post("/logga-in", data={"email": bad, "csrf": csrf_of(page.text)})
        assert answer.status_code == 422
        assert 'aria-describedby="email-error"' in answer.text and "namn@kommun.se" in answer.text


def test_asking_too_often_for_one_address_is_limited(web: TestClient, outbox: Path) -> None:
    for _ in range(REQUESTS_PER_ADDRESS):
        assert ask_for_link(web, BUN) == 200
    assert ask_for_link(web, "BUN@example.org") == 429  # the same address, other case
    assert len([p for p in outbox.glob("*.eml")]) == REQUESTS_PER_ADDRESS


def test_sign_out_ends_the_session_row(web: TestClient, outbox: Path, engine: Engine) -> None:
    sign_in(web, outbox, BUN)
    page = web.get("/")
    out = web.post("/logga-ut", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    with Session(engine) as session:
        row = session.exec(select(WebSession)).one()
    assert row.ended_at is not None and row.ended_by == "logout"
    assert web.get("/", follow_redirects=False).status_code == 303


def test_a_stolen_cookie_is_useless_after_sign_out(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, BUN)
    stolen = web.cookies.get("arshjul_session")
    web.post("/logga-ut", data={"csrf": csrf_of(web.get("/").text)})
    web.cookies.set("arshjul_session", stolen)  # type: ignore[arg-type]
    assert web.get("/", follow_redirects=False).status_code == 303


def test_a_session_ends_after_eight_idle_hours(web: TestClient, outbox: Path, clock: Clock) -> None:
    sign_in(web, outbox, BUN)
    clock.now += dt.timedelta(hours=7, minutes=59)
    assert web.get("/", follow_redirects=False).status_code == 200  # and that touches it
    clock.now += dt.timedelta(hours=7, minutes=59)
    assert web.get("/", follow_redirects=False).status_code == 200
    clock.now += dt.timedelta(hours=8)
    assert web.get("/", follow_redirects=False).status_code == 303


def test_a_session_ends_after_seven_days_however_busy(
    web: TestClient, outbox: Path, clock: Clock
) -> None:
    sign_in(web, outbox, BUN)
    for _ in range(7 * 4):
        clock.now += dt.timedelta(hours=6)
        web.get("/")
    assert web.get("/", follow_redirects=False).status_code == 303


def test_next_cannot_send_the_browser_elsewhere(web: TestClient, outbox: Path) -> None:
    assert sign_in(web, outbox, BUN, "//evil.example/steal") == "/"


def _request_statements(web: TestClient, engine: Engine, address: str) -> list[str]:
    """The SQL the request for a link runs on the threads that serve it (not the
    mailer's, which acts after the answer), in order."""
    page = web.get("/logga-in")
    ran: list[str] = []

    def note(*args: object) -> None:
        if not threading.current_thread().name.startswith("arshjul-mail"):
            ran.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", note)
    try:
        answer = web.post("/logga-in", data={"email": address, "csrf": csrf_of(page.text)})
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert answer.status_code == 200
    assert web.app.state.mailer.wait_idle(timeout=30)  # type: ignore[attr-defined]
    return ran


def test_the_request_does_the_same_database_work_for_a_known_and_an_unknown_address(
    web: TestClient, engine: Engine, outbox: Path
) -> None:
    """What the request does cannot tell the addresses apart, so neither can its time:
    the same statements, in the same order, for a person's address and for nobody's; the
    person is looked up and the link made afterwards, on the mailer's threads."""
    known = _request_statements(web, engine, BUN)
    unknown = _request_statements(web, engine, "nobody@example.org")
    assert known == unknown
    assert any("INSERT INTO signinrequest" in s for s in known)
    assert not any("person" in s.lower() or "outbox" in s.lower() for s in known)
    with Session(engine) as session:
        links = session.exec(select(SignInLink)).all()
        sent = session.exec(select(AuditEvent).where(AuditEvent.kind == "sign_in_link_sent"))
        subjects = [e.subject for e in sent]
    assert [link.email for link in links] == [BUN] and subjects == [f"person:{BUN}"]
    assert link_in(last_mail_to(outbox, BUN))  # made and sent after the answer


def test_a_link_the_mailer_has_no_room_for_is_queued_for_the_retry_runs(
    web: TestClient, engine: Engine, outbox: Path
) -> None:
    """With the mailer's backlog full the answer is the same, and the link waits in the
    outbox (made after the answer all the same) until a retry run sends it."""
    full = Mailer(threads=1, backlog=0)
    web.app.state.mailer = full  # type: ignore[attr-defined]
    try:
        assert ask_for_link(web, BUN) == 200
    finally:
        full.close()
    with Session(engine) as session:
        queued = session.exec(select(OutboxMessage)).one()
    assert queued.state == OutboxState.PENDING and not list(outbox.glob("*.eml"))
    assert deliver(ctx_for(engine), channel_from(get_settings())).sent_keys == [queued.key]
    assert link_in(last_mail_to(outbox, BUN))
