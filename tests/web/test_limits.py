"""What a request may cost: every route but the hand-in refuses a body over 64 kB, from its
declared length before reading it or as it arrives; the hand-in keeps its own, larger
limit; sign-in links per client are a setting, per address strictly 3. (Slow clients, the
headers' deadline and the connections per client are the server's: tests/e2e/
test_web_edge.py runs `arshjul web` and the same behind nginx.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from arshjul.models.tables import SignInRequest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.settings import get_settings
from arshjul.web.limits import MAX_FORM_BYTES, STREAMED
from arshjul.web.routes import deliverables
from tests.web.conftest import BUN, csrf_of, sign_in
from tests.web.test_hand_in import PDF, deliverable_of


def _requests(engine: Engine) -> int:
    with Session(engine) as session:
        return len(session.exec(select(SignInRequest)).all())


def test_an_anonymous_form_with_a_big_file_part_is_refused_before_it_is_read(
    web: TestClient, engine: Engine
) -> None:
    """The sign-in form with a 1 MB file part: 413 from the declared length, the
    connection closed, nothing looked up or stored."""
    token = csrf_of(web.get("/logga-in").text)
    answer = web.post(
        "/logga-in",
        data={"email": BUN, "csrf": token},
        files=[("bilaga", ("stor.bin", b"0" * (1024 * 1024), "application/octet-stream"))],
    )
    assert answer.status_code == 413 and "högst 64 kB" in answer.text
    assert answer.headers["connection"] == "close"
    assert _requests(engine) == 0


def test_a_body_without_a_declared_length_is_cut_at_the_limit(
    web: TestClient, engine: Engine
) -> None:
    token = csrf_of(web.get("/logga-in").text)
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        yield f"csrf={token}&email=".encode()
        for _ in range(1000):
            sent += 16 * 1024
            yield b"a" * (16 * 1024)

    answer = web.post(
        "/logga-in",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 413 and _requests(engine) == 0


def test_a_form_under_the_limit_is_read_as_usual(web: TestClient, engine: Engine) -> None:
    token = csrf_of(web.get("/logga-in").text)
    filler = "x" * (MAX_FORM_BYTES - 1000)
    answer = web.post("/logga-in", data={"email": BUN, "csrf": token, "filler": filler})
    assert answer.status_code == 200 and _requests(engine) == 1


def test_the_hand_in_keeps_its_own_larger_limit(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, BUN)
    d = deliverable_of(engine, "BUN")
    page = web.get(f"/leveranser/{d}")
    document = PDF + b"%" + b"0" * (512 * 1024)  # well over 64 kB, under 50 MB
    answer = web.post(
        f"/leveranser/{d}",
        data={"csrf": csrf_of(page.text)},
        files=[("files", ("budget.pdf", document, "application/pdf"))],
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def test_the_streamed_path_is_the_hand_in() -> None:
    posts = [r for r in deliverables.router.routes if "POST" in r.methods]  # type: ignore[attr-defined]
    for route in posts:
        streamed = STREAMED.fullmatch(route.path.replace("{deliverable_id}", "17"))  # type: ignore[attr-defined]
        assert bool(streamed) is (route.endpoint is deliverables.hand_in), route.path  # type: ignore[attr-defined]
    assert not STREAMED.fullmatch("/leveranser/17/kvitto/1")


@pytest.fixture
def five_per_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARSHJUL_WEB_SIGN_IN_PER_CLIENT", "5")
    get_settings.cache_clear()


def test_the_per_client_limit_is_a_setting(five_per_client: None, web: TestClient) -> None:
    """Five links from one client in 15 minutes, each for another address; the sixth is
    refused. (By default a client may ask 100 times: offices behind one NAT address.)"""
    token = csrf_of(web.get("/logga-in").text)
    answers = [
        web.post("/logga-in", data={"email": f"person{n}@example.org", "csrf": token}).status_code
        for n in range(6)
    ]
    assert answers == [200] * 5 + [429]
