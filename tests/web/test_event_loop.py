"""The event loop never waits on I/O: every handler but the streamed hand-in is a plain
`def` (FastAPI runs it in its thread pool), the only async dependencies read the posted
form, and the sign-in link goes out after the answer, on the mailer's own threads, so a
slow mail server holds up neither the answer nor the next page. (The figures, p95 of the
pages with a stalling SMTP server and the sign-in times of known and unknown addresses,
are measured in benchmarks/web.py.)"""

from __future__ import annotations

import inspect
import time
from pathlib import Path

from arshjul.models.tables import OutboxMessage
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.web import deps
from arshjul.web.app import ROUTERS
from arshjul.web.routes import deliverables
from tests.smtp_server import Inbox
from tests.web.conftest import BUN, COORDINATOR, KS, csrf_of

STREAMED = {deliverables.hand_in}  # reads the body as it arrives; its work runs in the pool
# await request.form(), nothing else
FORM_READERS = {
    deps.posted_form,
    deps.posted_any_day,
    deps.pre_sign_in_form,
    deps.posted_template,
}


def _dependencies(dependant: Dependant) -> list[Dependant]:
    found = []
    for sub in dependant.dependencies:
        found += [sub, *_dependencies(sub)]
    return found


def test_only_the_streamed_hand_in_and_the_form_readers_are_async() -> None:
    routes = [r for module in ROUTERS for r in module.router.routes if isinstance(r, APIRoute)]
    assert len(routes) > 20
    for route in routes:
        if route.endpoint not in STREAMED:
            assert not inspect.iscoroutinefunction(route.endpoint), route.path
        for dependency in _dependencies(route.dependant):
            if inspect.iscoroutinefunction(dependency.call):
                assert dependency.call in FORM_READERS, (route.path, dependency.call)


def test_the_sign_in_answer_does_not_wait_for_a_slow_mail_server(
    smtp: Inbox, web: TestClient, outbox: Path
) -> None:
    """The server holds every message 2 s before it answers: the answer to the request,
    and the sign-in page asked for again right after on the same client, are back while
    the link is still on its way; it arrives after."""
    smtp.delay = 2.0
    page = web.get("/logga-in")
    answer = web.post("/logga-in", data={"email": BUN, "csrf": csrf_of(page.text)})
    assert answer.status_code == 200
    assert web.get("/logga-in").status_code == 200
    assert smtp.messages == []  # not yet handed over when the answers were back
    assert web.app.state.mailer.wait_idle(timeout=30)  # type: ignore[attr-defined]
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages] == [BUN]


def test_links_are_in_the_outbox_while_a_stalling_server_holds_the_senders(
    smtp: Inbox, web: TestClient, engine: Engine
) -> None:
    """Made and queued on the mailer's queuing thread, which a stalling server never holds
    up: with both mail threads waiting on the server, a third link is in the outbox (so
    a restart does not lose it) before the server has taken any."""
    smtp.delay = 3.0
    asked = [BUN, KS, COORDINATOR]
    page = web.get("/logga-in")
    for address in asked:
        answer = web.post("/logga-in", data={"email": address, "csrf": csrf_of(page.text)})
        assert answer.status_code == 200
    queued: list[str] = []
    for _ in range(40):
        with Session(engine) as session:
            queued = [m.recipient for m in session.exec(select(OutboxMessage))]
        if len(queued) == len(asked):
            break
        time.sleep(0.05)
    assert sorted(queued) == sorted(asked) and smtp.messages == []
    assert web.app.state.mailer.wait_idle(timeout=30)  # type: ignore[attr-defined]
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == sorted(asked)
