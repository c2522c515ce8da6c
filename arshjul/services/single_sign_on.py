"""Single sign-on with OpenID Connect (Entra ID or any provider): the code flow with PKCE,
state and nonce. The ID token's signature, issuer, audience, expiry and nonce are checked,
and a person is matched only by an e-mail address the provider says is verified
(arshjul.services.web_sessions.person_by_verified_address)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from arshjul.core.web_access import safe_next
from arshjul.errors import SignInFailed
from arshjul.settings import Settings

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


def redirect_uri(settings: Settings) -> str:
    return settings.web_base_url.rstrip("/") + "/logga-in/sso/klar"


def begin(settings: Settings, next_path: str) -> tuple[str, dict[str, str]]:
    """The provider's sign-in address and the flow's secrets (state, nonce, the PKCE
    verifier) that the browser keeps in a short cookie until it comes back."""
    flow = {
        "state": generate_token(32),
        "nonce": generate_token(32),
        "verifier": generate_token(64),
        "next": safe_next(next_path),
    }
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id,
            "redirect_uri": redirect_uri(settings),
            "scope": "openid email profile",
            "state": flow["state"],
            "nonce": flow["nonce"],
            "code_challenge": create_s256_code_challenge(flow["verifier"]),
            "code_challenge_method": "S256",
        }
    )
    return f"{provider(settings).authorization_endpoint}?{query}", flow


def verified_email(settings: Settings, code: str, state: str, flow: object) -> str:
    """The e-mail address the provider verified for the code it sent back; raises
    SignInFailed when the state does not match, the code or token is refused, or the
    address is not verified."""
    if not code or not state or not isinstance(flow, dict) or flow.get("state") != state:
        raise SignInFailed("web_sso_failed")
    claims = _claims(settings, code, flow)
    email = claims.get("email")
    if claims.get("email_verified") is not True or not isinstance(email, str):
        raise SignInFailed("web_sso_unverified")
    return email


def _claims(settings: Settings, code: str, flow: dict[str, Any]) -> dict[str, Any]:
    found = provider(settings)
    secret = settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else ""
    with OAuth2Client(
        settings.oidc_client_id, secret, redirect_uri=redirect_uri(settings), timeout=10
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
                aud={"essential": True, "value": settings.oidc_client_id or ""},
                nonce={"essential": True, "value": str(flow.get("nonce", ""))},
                exp={"essential": True},
            ).validate(decoded.claims)
        except (JoseError, ValueError) as exc:
            raise SignInFailed("web_sso_failed") from exc
        claims = dict(decoded.claims)
        if "email" not in claims and found.userinfo_endpoint:
            claims |= client.get(found.userinfo_endpoint).json()
    return claims
