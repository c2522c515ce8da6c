"""An installation that serves several municipalities: each person sees their own, and the
public open data is asked for by kommunkod."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.factories import MAIL_TEMPLATE, plan_into
from tests.web.conftest import BUN, sign_in

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
