"""Single sign-on against a real local OpenID Connect provider (oidc-provider-mock, started
by the test): the code flow with PKCE, the ID token checked, the person matched by a
verified e-mail address in the allowed domain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from arshjul.models.tables import WebSession
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.settings import Settings, get_settings
from arshjul.web.app import create_app
from tests.factories import ctx_for, plan_into
from tests.oidc_provider import oidc_provider
from tests.web.conftest import Clock


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with oidc_provider() as url:
        yield url


@pytest.fixture
def sso(engine: Engine, issuer: str, clock: Clock) -> Iterator[TestClient]:
    plan_into(engine)
    settings: Settings = get_settings().model_copy(
        update={
            "oidc_issuer": issuer,
            "oidc_client_id": "arshjul",
            "oidc_client_secret": SecretStr("hemligt"),
            "oidc_allowed_domain": "example.org",
        }
    )
    ctx = replace(ctx_for(engine), settings=settings, clock=clock, operator="web")
    with TestClient(create_app(ctx), base_url="http://127.0.0.1:8000") as client:
        yield client


def through_provider(client: TestClient, sub: str, next_path: str = "/") -> httpx.Response:
    """Start at the sign-in page's link, authorise `sub` at the provider as its form does,
    and come back with the code."""
    start = client.get(f"/logga-in/sso?next={next_path}", follow_redirects=False)
    assert start.status_code == 303
    authorised = httpx.post(start.headers["location"], data={"sub": sub}, follow_redirects=False)
    back = authorised.headers["location"]
    assert back.startswith("http://127.0.0.1:8000/logga-in/sso/klar?")
    return client.get(back.removeprefix("http://127.0.0.1:8000"), follow_redirects=False)


def test_sign_in_through_the_provider(sso: TestClient, engine: Engine) -> None:
    assert "Logga in med kommunens konto" in sso.get("/logga-in").text
    done = through_provider(sso, "bun", "/leveranser")
    assert done.status_code == 303 and done.headers["location"] == "/leveranser"
    assert "bun@example.org" in sso.get("/leveranser").text
    with Session(engine) as session:
        row = session.exec(select(WebSession)).one()
    assert row.method == "oidc" and row.email == "bun@example.org"  # as stored, not as sent


def test_an_unverified_address_is_refused(sso: TestClient) -> None:
    refused = through_provider(sso, "unverified")
    assert refused.status_code == 403 and "bekräftad" in refused.text
    assert "arshjul_session" not in sso.cookies


def test_an_address_outside_the_domain_is_refused(sso: TestClient) -> None:
    assert "hör inte till kommunen" in through_provider(sso, "outsider").text


def test_an_address_nobody_has_is_refused(sso: TestClient) -> None:
    assert "Ingen person" in through_provider(sso, "stranger").text


def test_a_forged_state_is_refused(sso: TestClient) -> None:
    start = sso.get("/logga-in/sso", follow_redirects=False)
    authorised = httpx.post(start.headers["location"], data={"sub": "bun"}, follow_redirects=False)
    back = authorised.headers["location"].removeprefix("http://127.0.0.1:8000")
    forged = back.replace("state=", "state=x")
    assert sso.get(forged, follow_redirects=False).status_code == 403


def test_without_settings_there_is_no_single_sign_on(web: TestClient) -> None:
    assert "kommunens konto" not in web.get("/logga-in").text
    assert web.get("/logga-in/sso", follow_redirects=False).status_code == 404
