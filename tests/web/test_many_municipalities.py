"""An installation that serves several municipalities: each person sees their own, and the
public open data is asked for by kommunkod."""

from __future__ import annotations

import hashlib
from pathlib import Path

from arshjul.models.tables import AuditEvent, Body, Deliverable, Municipality
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

import arshjul.cycle_templates
from arshjul.services.submissions import SubmissionIn, submit
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into
from tests.web.conftest import BUN, sign_in
from tests.web.test_hand_in import PDF

OTHER = MAIL_TEMPLATE.replace(
    '{code: "9999", name: Testkommun}', '{code: "8888", name: Andrakommun}'
).replace("@example.org", "@andra.example")


def test_each_person_sees_their_own_municipality(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    plan_into(engine, OTHER)
    sign_in(web, outbox, "bun@andra.example")
    wheel = web.get("/arshjul").text
    assert "Andrakommun" in wheel and "Testkommun" not in wheel
    assert "Andrakommun" in web.get("/oversikt").text
    assert "BUN" in web.get("/leveranser").text
    web.cookies.clear()
    sign_in(web, outbox, BUN)
    assert "Testkommun" in web.get("/oversikt").text


def test_open_data_is_asked_for_by_kommunkod(web: TestClient, engine: Engine) -> None:
    plan_into(engine, OTHER)
    assert (
        web.get("/oppna-data/kf-ks.json?kommun=8888").json()["municipality"]["name"]
        == "Andrakommun"
    )
    ambiguous = web.get("/oppna-data")
    assert ambiguous.status_code == 400 and "8888" in ambiguous.text and "9999" in ambiguous.text


def _shipped(name: str) -> str:
    return (Path(arshjul.cycle_templates.__file__).parent / f"{name}.yaml").read_text()


TIMRA_AUDITOR = "revisionen@example.org"
KARLSTAD = {
    role: f"{who}@karlstad.example"
    for role, who in (
        ("auditor", "revisionen"),
        ("coordinator", "budget"),
        ("secretary", "ks"),
        ("other_secretary", "klu"),
    )
}


def _karlstad_hands_in(engine: Engine, tmp_path: Path) -> str:
    """Karlstad's KS secretary hands in a document; its SHA-256."""
    with Session(engine) as session:
        deliverable = session.exec(
            select(Deliverable.id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .join(Municipality, col(Municipality.id) == Deliverable.municipality_id)
            .where(Municipality.code == "1780", Body.key == "KS", col(Deliverable.active))
            .order_by(col(Deliverable.id))
        ).first()
    document = tmp_path / "karlstad-budget.pdf"
    document.write_bytes(PDF)
    ctx = ctx_for(engine, KARLSTAD["secretary"], at("2019-05-06", 10))
    submit(ctx, SubmissionIn(str(deliverable), (document,)))
    return hashlib.sha256(PDF).hexdigest()


def test_a_file_is_read_only_by_those_of_its_municipality_and_body_allowed(
    web: TestClient, outbox: Path, engine: Engine, tmp_path: Path
) -> None:
    """Timrå and Karlstad in one database: Timrå's auditor asking for Karlstad's file by
    its checksum gets 404, as if it did not exist, and the refusal is in Timrå's trail;
    in Karlstad its auditor, its coordinator and the secretary of the body that handed it
    in read it, the secretary of another body does not."""
    plan_into(engine, _shipped("timra"))
    plan_into(engine, _shipped("karlstad").replace("@example.org", "@karlstad.example"))
    checksum = _karlstad_hands_in(engine, tmp_path)
    path = f"/revision/filer/{checksum}?namn=budget.pdf"

    sign_in(web, outbox, TIMRA_AUDITOR)
    assert web.get(path).status_code == 404
    with Session(engine) as session:
        refused = session.exec(
            select(AuditEvent, Municipality.code)
            .join(Municipality, col(Municipality.id) == AuditEvent.municipality_id)
            .where(AuditEvent.kind == "refused", AuditEvent.subject == f"file:{checksum}")
        ).all()
    assert [(code, event.actor) for event, code in refused] == [("2262", TIMRA_AUDITOR)]
    assert refused[0][0].payload["reason"] == "not_in_municipality"
    assert refused[0][0].payload["operator"].startswith("web:session:")

    for role in ("auditor", "coordinator", "secretary", "other_secretary"):
        web.cookies.clear()
        sign_in(web, outbox, KARLSTAD[role])
        answer = web.get(path)
        if role == "other_secretary":
            assert answer.status_code == 404, role
        else:
            assert answer.status_code == 200 and answer.content == PDF, role
    with Session(engine) as session:
        by_klu = session.exec(
            select(AuditEvent).where(
                AuditEvent.kind == "refused", AuditEvent.actor == KARLSTAD["other_secretary"]
            )
        ).one()
    assert by_klu.subject == f"file:{checksum}" and by_klu.payload["action"] == "read_file"
    assert by_klu.payload["body"] == "KS"
