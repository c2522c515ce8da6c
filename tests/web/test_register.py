"""Beslut, Ramar and the administrator's page, through the same services and `authorise`
as the CLI."""

from __future__ import annotations

from pathlib import Path

from arshjul.models.tables import (
    AuditEvent,
    BudgetFrame,
    Decision,
    Municipality,
    Person,
    WebSession,
)
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert
from sqlmodel import Session, select

from tests.web.conftest import BUN, COORDINATOR, csrf_of, sign_in


def refused(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.kind == "refused")))


def test_a_coordinator_records_a_decision_and_its_justering(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, COORDINATOR)
    page = web.get("/beslut")
    done = web.post(
        "/beslut",
        data={
            "csrf": csrf_of(page.text),
            "body": "KF",
            "meeting_date": "2019-06-17",
            "paragraph": "§ 61",
            "title": "Budget 2020",
            "milestone": "kf-budget",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    with Session(engine) as session:
        decision = session.exec(select(Decision)).one()
    listed = web.get("/beslut").text
    assert "Budget 2020" in listed and "senast" in listed
    updated = web.post(
        f"/beslut/{decision.id}",
        data={"csrf": csrf_of(listed), "justered": "2019-06-19", "announced": "2019-06-20"},
        follow_redirects=False,
    )
    assert updated.status_code == 303
    after = web.get("/beslut").text
    assert "2019-06-19" in after and "2019-07-12" in after  # laga kraft: 3 weeks after anslag


def test_a_bad_decision_form_says_which_field(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, COORDINATOR)
    page = web.get("/beslut")
    answer = web.post(
        "/beslut",
        data={"csrf": csrf_of(page.text), "body": "KF", "meeting_date": "17 juni", "title": ""},
    )
    assert answer.status_code == 422
    for field in ("meeting_date", "paragraph", "title"):
        assert f'aria-describedby="d-{field}-error"' in answer.text
    with Session(engine) as session:
        assert not session.exec(select(Decision)).all()


def test_a_secretary_may_not_record_kfs_decision(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, BUN)
    page = web.get("/beslut")
    answer = web.post(
        "/beslut",
        data={
            "csrf": csrf_of(page.text),
            "body": "KF",
            "meeting_date": "2019-06-17",
            "paragraph": "§ 61",
            "title": "Budget 2020",
        },
    )
    assert answer.status_code == 403 and [r.actor for r in refused(engine)] == [BUN]


def test_frames_are_set_by_a_coordinator_and_refused_to_a_secretary(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, COORDINATOR)
    page = web.get("/ramar")
    bad = web.post("/ramar/BUN", data={"csrf": csrf_of(page.text), "amount": "fyra"})
    assert bad.status_code == 422 and 'aria-describedby="fe-BUN"' in bad.text
    done = web.post(
        "/ramar/BUN",
        data={"csrf": csrf_of(page.text), "amount": "412 500 000"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "412\u00a0500\u00a0000" in web.get("/ramar").text
    web.cookies.clear()
    sign_in(web, outbox, BUN)
    page = web.get("/ramar")
    assert (
        web.post("/ramar/BUN", data={"csrf": csrf_of(page.text), "amount": "1"}).status_code == 403
    )
    with Session(engine) as session:
        assert session.exec(select(BudgetFrame)).one().amount_sek == 412_500_000


ADMIN = {"municipality_id": 1, "name": "Admin", "email": "admin@example.org", "role": "admin"}


def test_an_administrator_ends_a_persons_sessions(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Person), [ADMIN])
    victim = TestClient(web.app, base_url="http://127.0.0.1:8000")
    sign_in(victim, outbox, BUN)
    sign_in(web, outbox, COORDINATOR)
    assert web.get("/admin").status_code == 403  # a coordinator is not an administrator
    web.cookies.clear()
    sign_in(web, outbox, "admin@example.org")
    page = web.get("/admin")
    listed = page.text[page.text.index("<tbody>") : page.text.index("</tbody>")]
    assert BUN in listed and COORDINATOR in listed and "inloggningslänk" in listed
    done = web.post(
        "/admin/sessioner", data={"csrf": csrf_of(page.text), "email": BUN}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/admin?ended=1"
    assert victim.get("/", follow_redirects=False).status_code == 303
    with Session(engine) as session:
        ended = session.exec(select(WebSession).where(WebSession.email == BUN)).one()
        events = list(session.exec(select(AuditEvent)))
        admin_session = session.exec(
            select(WebSession.id).where(WebSession.email == "admin@example.org")
        ).one()
    assert ended.ended_by == "admin@example.org"
    # Who ran it is recorded beside who acted, on every event the web writes.
    by_kind = {e.kind: e for e in events}
    assert by_kind["sessions_ended"].actor == "admin@example.org"
    assert by_kind["sessions_ended"].payload["operator"] == f"web:session:{admin_session}"
    assert by_kind["signed_in"].payload["operator"] == "web"
    assert by_kind["sign_in_link_sent"].payload["operator"] == "web"
    by_test = {"cycle_planned", "template_version_added"}  # planned by the test
    web_events = [e for e in events if e.kind not in by_test]
    assert all(e.payload.get("operator") for e in web_events), [e.kind for e in web_events]
    after = web.get("/admin?ended=1").text
    assert BUN not in after[after.index("<tbody>") : after.index("</tbody>")]


def test_an_administrator_cannot_sign_out_another_municipalitys_staff(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    with engine.begin() as conn:
        other = conn.execute(
            insert(Municipality).values(code="2260", name="Ånge")
        ).inserted_primary_key
        conn.execute(
            insert(Person),
            [
                ADMIN,
                {
                    "municipality_id": other[0],
                    "name": "Ö",
                    "email": "o@ange.example",
                    "role": "coordinator",
                },
            ],
        )
    stranger = TestClient(web.app, base_url="http://127.0.0.1:8000")
    sign_in(stranger, outbox, "o@ange.example")
    sign_in(web, outbox, "admin@example.org")
    page = web.get("/admin")
    assert "o@ange.example" not in page.text  # another municipality's sessions are not listed
    for address in ("o@ange.example", "nobody@example.org"):
        answer = web.post("/admin/sessioner", data={"csrf": csrf_of(page.text), "email": address})
        assert answer.status_code == 422
        assert f"{address} är ingen person i kommunen" in answer.text
        assert 'aria-invalid="true"' in answer.text
    assert stranger.get("/", follow_redirects=False).status_code == 200
    with Session(engine) as session:
        assert "sessions_ended" not in [e.kind for e in session.exec(select(AuditEvent))]
