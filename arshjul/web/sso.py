"""Single sign-on with OpenID Connect (Authlib's client, joserfc for the ID token), for
municipalities with Entra ID or any other provider.

The authorization code flow with PKCE, `state` and `nonce`, kept for ten minutes in an
HttpOnly cookie of this site. The ID token's signature (the provider's published keys),
issuer, audience, expiry and nonce are all checked. A person is matched only by an e-mail
address the provider says is verified, and only in the allowed domain when one is set;
what the browser claims counts for nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import func
from sqlmodel import Session, col, select

from arshjul.core.addresses import is_single_address
from arshjul.core.web_access import safe_next
from arshjul.services import web_sessions
from arshjul.settings import Settings
from arshjul.web.app import render
from arshjul.web.auth import app_context
from arshjul.web.security import set_session_cookie
from models.tables import Person

router = APIRouter()
FLOW_COOKIE = "arshjul_sso"
DISCOVERY_TTL = 3600.0


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None


_discovered: dict[str, tuple[float, Provider]] = {}


def provider(settings: Settings) -> Provider:
    """The provider's published configuration, fetched once an hour."""
    issuer = (settings.oidc_issuer or "").rstrip("/")
    cached = _discovered.get(issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_TTL:
        return cached[1]
    found = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
    result = Provider(
        found["issuer"],
        found["authorization_endpoint"],
        found["token_endpoint"],
        found["jwks_uri"],
        found.get("userinfo_endpoint"),
    )
    _discovered[issuer] = (time.monotonic(), result)
    return result


def _redirect_uri(settings: Settings) -> str:
    return settings.web_base_url.rstrip("/") + "/logga-in/sso/klar"


@router.get("/logga-in/sso")
def start(request: Request, next: str = "/") -> Response:
    settings = app_context(request).settings
    if not settings.oidc_enabled:
        return Response(status_code=404)
    found = provider(settings)
    flow = {
        "state": generate_token(32),
        "nonce": generate_token(32),
        "verifier": generate_token(64),
        "next": safe_next(next),
    }
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id,
            "redirect_uri": _redirect_uri(settings),
            "scope": "openid email profile",
            "state": flow["state"],
            "nonce": flow["nonce"],
            "code_challenge": create_s256_code_challenge(flow["verifier"]),
            "code_challenge_method": "S256",
        }
    )
    response = RedirectResponse(f"{found.authorization_endpoint}?{query}", 303)
    response.set_cookie(
        FLOW_COOKIE,
        json.dumps(flow),
        max_age=600,
        httponly=True,
        samesite="lax",
        secure=settings.web_secure,
        path="/logga-in/sso",
    )
    return response


class SignInFailed(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@router.get("/logga-in/sso/klar")
def finish(request: Request, code: str = "", state: str = "") -> Response:
    ctx = app_context(request)
    settings = ctx.settings
    if not settings.oidc_enabled:
        return Response(status_code=404)
    try:
        flow = json.loads(request.cookies.get(FLOW_COOKIE, "{}"))
        if not code or not state or not isinstance(flow, dict) or flow.get("state") != state:
            raise SignInFailed("web_sso_failed")
        email = _verified_email(settings, code, flow)
        person = _person(ctx, email, settings.oidc_allowed_domain)
    except SignInFailed as exc:
        response = render(request, "message.html", {"message_key": exc.key, "ask_again": True}, 403)
        response.delete_cookie(FLOW_COOKIE, path="/logga-in/sso")
        return response
    cookie, _ = web_sessions.start(ctx, email=person, method="oidc")
    response = RedirectResponse(safe_next(str(flow.get("next", "/"))), 303)
    set_session_cookie(response, cookie, secure=settings.web_secure)
    response.delete_cookie(FLOW_COOKIE, path="/logga-in/sso")
    return response


def _verified_email(settings: Settings, code: str, flow: dict[str, Any]) -> str:
    found = provider(settings)
    secret = settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else ""
    with OAuth2Client(
        settings.oidc_client_id, secret, redirect_uri=_redirect_uri(settings), timeout=10
    ) as client:
        try:
            token = client.fetch_token(
                found.token_endpoint, code=code, code_verifier=str(flow.get("verifier", ""))
            )
        except Exception as exc:  # the provider refused the code: say so, no traceback
            raise SignInFailed("web_sso_failed") from exc
        keys = KeySet.import_key_set(httpx.get(found.jwks_uri, timeout=10).json())
        try:
            decoded = jwt.decode(str(token.get("id_token", "")), keys)
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": found.issuer},
                aud={"essential": True, "value": settings.oidc_client_id},
                nonce={"essential": True, "value": flow.get("nonce")},
                exp={"essential": True},
            ).validate(decoded.claims)
        except (JoseError, ValueError) as exc:
            raise SignInFailed("web_sso_failed") from exc
        claims = dict(decoded.claims)
        if "email" not in claims and found.userinfo_endpoint:
            claims |= client.get(found.userinfo_endpoint).json()
    email = claims.get("email")
    if claims.get("email_verified") is not True or not isinstance(email, str):
        raise SignInFailed("web_sso_unverified")
    return email


def _person(ctx: Any, email: str, domain: str | None) -> str:
    """The stored address of an active person with this verified address."""
    if not is_single_address(email):
        raise SignInFailed("web_sso_unverified")
    if domain and not email.lower().endswith("@" + domain.lower().lstrip("@")):
        raise SignInFailed("web_sso_domain")
    with Session(ctx.database()) as session:
        person = session.exec(
            select(Person)
            .where(func.lower(Person.email) == email.lower(), col(Person.active))
            .order_by(col(Person.id))
        ).first()
    if person is None:
        raise SignInFailed("web_sso_unknown")
    return person.email
