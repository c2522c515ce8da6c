"""Personer for an administrator, through the real application: a person added in the
form, previewed (before and after) and applied as a new version; a bad address stands
next to its field, nothing changed; removing a signed-in secretary signs them out; a
secretary sees no form and a crafted post is refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from arshjul.models.tables import Person, TemplateVersion
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from arshjul.web.app import create_app
from tests.factories import ctx_for, plan_into
from tests.web.conftest import KS, Clock, csrf_of, sign_in
from tests.wheel.test_people_changes import ADMIN, WITH_ADMIN

NEW = {"verb": "add", "body": "KS", "email": "ny@example.org", "name": "Ny", "role": "chair"}


@pytest.fixture
def people_web(engine: Engine, clock: Clock) -> Iterator[TestClient]:
    plan_into(engine, WITH_ADMIN)
    ctx = replace(ctx_for(engine), clock=clock, operator="web")
    with TestClient(create_app(ctx), base_url="http://127.0.0.1:8000") as client:
        yield client


def _versions(engine: Engine) -> int:
    with Session(engine) as session:
        return len(session.exec(select(TemplateVersion)).all())


def _active(engine: Engine, email: str) -> list[str]:
    with Session(engine) as session:
        rows = session.exec(select(Person).where(Person.email == email, col(Person.active)))
        return [str(p.role) for p in rows]


def test_an_admin_adds_a_person(people_web: TestClient, outbox: Path, engine: Engine) -> None:
    sign_in(people_web, outbox, ADMIN)
    page = people_web.get("/personer")
    assert 'action="/personer/andra/forhandsgranska"' in page.text
    csrf = csrf_of(page.text)
    bad = people_web.post(
        "/personer/andra/forhandsgranska",
        data={"csrf": csrf, **NEW, "email": "Ny <ny@example.org>"},
    )
    assert bad.status_code == 422 and 'id="p-email-error"' in bad.text
    assert "är inte exakt en e-postadress" in bad.text and _versions(engine) == 1
    shown = people_web.post("/personer/andra/forhandsgranska", data={"csrf": csrf, **NEW})
    assert shown.status_code == 200 and "Förhandsgranskning" in shown.text
    assert "(ingen)" in shown.text and "Ny, Ordförande · ny@example.org" in shown.text
    assert _versions(engine) == 1 and _active(engine, "ny@example.org") == []
    done = people_web.post(
        "/personer/andra/tillampa",
        data={"csrf": csrf, **NEW, "base": _base(shown.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert _versions(engine) == 2 and _active(engine, "ny@example.org") == ["chair"]


def _base(html: str) -> str:
    found = re.search(r'name="base" value="([0-9a-f]+)"', html)
    assert found, html
    return found.group(1)


def test_removing_a_signed_in_secretary_signs_them_out(
    people_web: TestClient, outbox: Path, engine: Engine, clock: Clock
) -> None:
    app = people_web.app
    with TestClient(app, base_url="http://127.0.0.1:8000") as secretary:
        sign_in(secretary, outbox, KS)
        assert secretary.get("/personer", follow_redirects=False).status_code == 200
        sign_in(people_web, outbox, ADMIN)
        csrf = csrf_of(people_web.get("/personer").text)
        form = {"csrf": csrf, "verb": "remove", "body": "KS", "email": KS, "was_role": "secretary"}
        shown = people_web.post("/personer/andra/forhandsgranska", data=form)
        assert "loggas ut ur alla webbläsare: ks@example.org" in shown.text
        done = people_web.post(
            "/personer/andra/tillampa",
            data={**form, "base": _base(shown.text)},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
        assert _active(engine, KS) == []
        signed_out = secretary.get("/personer", follow_redirects=False)
        assert signed_out.status_code == 303 and "/logga-in" in signed_out.headers["location"]


def test_a_secretary_sees_no_form_and_is_refused(
    people_web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(people_web, outbox, KS)
    page = people_web.get("/personer")
    assert page.status_code == 200 and "/personer/andra/" not in page.text
    crafted = people_web.post(
        "/personer/andra/tillampa", data={"csrf": csrf_of(page.text), **NEW, "base": ""}
    )
    assert crafted.status_code == 403 and _versions(engine) == 1
