"""Personer: a coordinator arranges a stand-in in the browser's form, errors stand next to
their field, a secretary sees who stands in but no form, and the coordinators' list says
who stands in for whom."""

from __future__ import annotations

from pathlib import Path

from arshjul.models.tables import StandIn
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from tests.web.conftest import BUN, COORDINATOR, KS, csrf_of, sign_in


def _form(**values: str) -> dict[str, str]:
    return {"for": BUN, "by": KS, "first": "2019-05-02", "last": "2019-05-31", **values}


def test_a_coordinator_arranges_a_stand_in(web: TestClient, outbox: Path, engine: Engine) -> None:
    sign_in(web, outbox, COORDINATOR)
    page = web.get("/personer")
    assert 'action="/personer/ersattare"' in page.text
    refused = web.post("/personer/ersattare", data={"csrf": csrf_of(page.text), **_form(by=BUN)})
    assert refused.status_code == 422
    assert 'id="s-by-error"' in refused.text and "sin egen ersättare" in refused.text
    done = web.post(
        "/personer/ersattare",
        data={"csrf": csrf_of(page.text), **_form(reason="Semester")},
        follow_redirects=False,
    )
    assert done.status_code == 303
    listed = web.get("/personer").text
    assert "pågår" in listed and "Semester" in listed
    assert "ersätter" in web.get("/bevakning").text  # the responsible column says so
    with Session(engine) as session:
        (row,) = session.exec(select(StandIn)).all()
    assert (row.absent_email, row.stand_in_email, row.created_by) == (BUN, KS, COORDINATOR)


def test_a_secretary_sees_who_stands_in_but_arranges_nothing(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, BUN)
    page = web.get("/personer")
    assert page.status_code == 200 and 'action="/personer/ersattare"' not in page.text
    crafted = web.post("/personer/ersattare", data={"csrf": csrf_of(page.text), **_form()})
    assert crafted.status_code == 403
