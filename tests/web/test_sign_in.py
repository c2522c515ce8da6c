"""Signing in with a one-time link from the .eml the outbox wrote; sessions, sign-out and
the limits on asking for links."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from arshjul.models.tables import AuditEvent, SignInLink, SignInRequest, WebSession
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from arshjul.core.web_access import REQUESTS_PER_ADDRESS
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
