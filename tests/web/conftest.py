"""A planned database and the web application over it, driven by FastAPI's TestClient
(the real ASGI app in process; tests/e2e has uvicorn and a browser)."""

from __future__ import annotations

import datetime as dt
import email
import re
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from arshjul.web.app import create_app
from tests.factories import ctx_for, plan_into

NOW = dt.datetime(2019, 5, 2, 8, tzinfo=dt.UTC)
BUN, KS, COORDINATOR, AUDITOR = (
    "bun@example.org",
    "ks@example.org",
    "samordnare@example.org",
    "revisor@example.org",
)


class Clock:
    """The application's clock, moved by the test."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def web(engine: Engine, clock: Clock) -> Iterator[TestClient]:
    plan_into(engine)
    from dataclasses import replace

    ctx = replace(ctx_for(engine), clock=clock, operator="web")
    with TestClient(create_app(ctx), base_url="http://127.0.0.1:8000") as client:
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def last_mail_to(folder: Path, address: str) -> email.message.EmailMessage:
    mails = [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    ]
    mine = [m for m in mails if address in str(m["To"])]
    assert mine, [str(m["To"]) for m in mails]
    return mine[-1]  # type: ignore[return-value]


def link_in(mail: email.message.EmailMessage) -> str:
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    found = re.search(r"http://127\.0\.0\.1:8000(/logga-in/\S+)", text)
    assert found, text
    return found.group(1)


def ask_for_link(web: TestClient, address: str, next_path: str = "/") -> int:
    """Ask for a link; returns the status once the link is sent (by the app's mailer)."""
    page = web.get(f"/logga-in?next={next_path}")
    status = web.post(
        f"/logga-in?next={next_path}", data={"email": address, "csrf": csrf_of(page.text)}
    ).status_code
    assert web.app.state.mailer.wait_idle(timeout=30)  # type: ignore[attr-defined]
    return status


def sign_in(web: TestClient, outbox: Path, address: str, next_path: str = "/") -> str:
    """Ask for a link, take it from the .eml the outbox wrote, use it; returns the path
    the browser was sent to."""
    assert ask_for_link(web, address, next_path) == 200
    path = link_in(last_mail_to(outbox, address))
    confirm = web.get(path)
    done = web.post(path, data={"csrf": csrf_of(confirm.text)}, follow_redirects=False)
    assert done.status_code == 303, done.text
    return str(done.headers["location"])


@pytest.fixture
def outbox(clean_environment: Path) -> Path:
    return clean_environment / "outbox"
