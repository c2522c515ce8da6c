"""Single sign-on against a real local OpenID Connect provider (oidc-provider-mock, started
by the test): the code flow with PKCE, the ID token checked, the person matched by a
verified e-mail address in the allowed domain."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.settings import Settings, get_settings
from arshjul.web.app import create_app
from models.tables import WebSession
from tests.factories import ctx_for, plan_into
from tests.web.conftest import Clock

MOCK = str(Path(sys.executable).with_name("oidc-provider-mock"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    port = _free_port()
    users = [
        {"sub": "bun", "email": "BUN@example.org", "email_verified": True},
        {"sub": "unverified", "email": "ks@example.org", "email_verified": False},
        {"sub": "outsider", "email": "someone@elsewhere.example", "email_verified": True},
        {"sub": "stranger", "email": "nobody@example.org", "email_verified": True},
    ]
    args = [MOCK, "--port", str(port)]
    for user in users:
        args += ["--user-claims", json.dumps(user)]
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/.well-known/openid-configuration").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("oidc-provider-mock did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


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
