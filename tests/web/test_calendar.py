"""Kalender: a personal webcal link (revocable, the database keeps only its hash) to the
person's bodies' deadlines with stable UIDs; and public open data with no personal data."""

from __future__ import annotations

import json
import re
from pathlib import Path

from arshjul.models.tables import CalendarToken
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import Engine
from sqlmodel import Session, select

from tests.web.conftest import BUN, COORDINATOR, csrf_of, sign_in


def subscribe(web: TestClient) -> str:
    page = web.get("/kalender")
    made = web.post("/kalender", data={"csrf": csrf_of(page.text), "action": "new"})
    found = re.search(r'href="webcal://127\.0\.0\.1:8000(/kalender/[^"]+\.ics)"', made.text)
    assert found, made.text
    return found.group(1)


def uids(feed: str) -> list[str]:
    return [str(e["UID"]) for e in Calendar.from_ical(feed).walk("VEVENT")]


def test_a_secretarys_feed_has_her_bodys_deadlines_with_stable_uids(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, BUN)
    path = subscribe(web)
    web.cookies.clear()  # a calendar program has no session
    feed = web.get(path)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    first = uids(feed.text)
    assert first and all(u.endswith("-BUN@arshjul") for u in first)
    assert uids(web.get(path).text) == first
    with Session(engine) as session:
        row = session.exec(select(CalendarToken)).one()
    assert row.token_hash not in path  # only the hash is kept


def test_a_coordinators_feed_covers_every_body(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, COORDINATOR)
    bodies = {u.rsplit("-", 1)[1] for u in uids(web.get(subscribe(web)).text)}
    assert {"BUN@arshjul", "KS@arshjul", "KF@arshjul"} <= bodies


def test_a_new_link_and_a_revoked_one_stop_the_old(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, BUN)
    old = subscribe(web)
    new = subscribe(web)
    assert web.get(old).status_code == 404 and web.get(new).status_code == 200
    page = web.get("/kalender")
    web.post("/kalender", data={"csrf": csrf_of(page.text), "action": "revoke"})
    assert web.get(new).status_code == 404
    assert web.get("/kalender/" + "x" * 43 + ".ics").status_code == 404


def test_open_data_needs_no_sign_in_and_holds_no_personal_data(web: TestClient) -> None:
    data = web.get("/oppna-data/kf-ks.json")
    assert data.status_code == 200
    body = json.loads(data.text)
    assert body["municipality"]["code"] == "9999"
    kinds = {(d["body"], d["kind"]) for d in body["dates"]}
    assert ("KS", "meeting") in kinds and ("KF", "meeting") in kinds and ("KF", "decision") in kinds
    ics = web.get("/oppna-data/kf-ks.ics").text
    page = web.get("/oppna-data").text
    for text in (data.text, ics, page):
        assert "@example.org" not in text
    assert len(uids(ics)) == len(body["dates"])
