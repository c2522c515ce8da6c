"""The deliverable's page offers coordinators "inte aktuell" and its undo: the form's
error stands next to its field, the board says "inte aktuell", a secretary is not offered
it and is refused if she sends it anyway."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.web.conftest import BUN, COORDINATOR, csrf_of, sign_in
from tests.web.test_hand_in import deliverable_of


def test_a_coordinator_marks_and_takes_back(web: TestClient, outbox: Path, engine: Engine) -> None:
    sign_in(web, outbox, COORDINATOR)
    d = deliverable_of(engine, "BUN")
    page = web.get(f"/leveranser/{d}").text
    assert f'action="/leveranser/{d}/inte-aktuell"' in page
    token = csrf_of(page)
    empty = web.post(f"/leveranser/{d}/inte-aktuell", data={"csrf": token, "na_reason": " "})
    assert empty.status_code == 422
    assert 'id="na_reason-error"' in empty.text and "Ange varför" in empty.text
    done = web.post(
        f"/leveranser/{d}/inte-aktuell",
        data={"csrf": token, "na_reason": "Ingen egen budget i år"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    shown = web.get(f"/leveranser/{d}").text
    assert "inte aktuell" in shown and "Inte aktuell i år: Ingen egen budget i år" in shown
    assert "Gör aktuell igen" in shown
    assert "inte aktuell" in web.get("/oversikt").text
    undone = web.post(
        f"/leveranser/{d}/inte-aktuell",
        data={"csrf": token, "applies": "1"},
        follow_redirects=False,
    )
    assert undone.status_code == 303
    assert "Inte aktuell i år:" not in web.get(f"/leveranser/{d}").text


def test_a_secretary_is_not_offered_it(web: TestClient, outbox: Path, engine: Engine) -> None:
    sign_in(web, outbox, BUN)
    d = deliverable_of(engine, "BUN")
    page = web.get(f"/leveranser/{d}").text
    assert "/inte-aktuell" not in page
    sent = web.post(
        f"/leveranser/{d}/inte-aktuell",
        data={"csrf": csrf_of(page), "na_reason": "Vi hinner inte"},
        follow_redirects=False,
    )
    assert sent.status_code == 403
    assert "Inte aktuell i år:" not in web.get(f"/leveranser/{d}").text
