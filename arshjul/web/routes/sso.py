"""Signing in with the municipality's account (OpenID Connect): off to the provider, and
back (arshjul.services.single_sign_on has the protocol). The protocol's libraries (authlib,
joserfc, httpx: 17 MB of a worker's memory) are imported at the first sign-in this way,
not by every worker of an installation that has single sign-on off."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from arshjul.core.web_access import safe_next
from arshjul.errors import SignInFailed
from arshjul.services import web_sessions
from arshjul.web.deps import app_context
from arshjul.web.rendering import message_page
from arshjul.web.security import set_session_cookie

router = APIRouter()
FLOW_COOKIE = "arshjul_sso"
FLOW_PATH = "/logga-in/sso"


@router.get("/logga-in/sso")
def start_sso(request: Request, next: str = "/") -> Response:
    settings = app_context(request).settings
    if not settings.oidc_enabled:
        return Response(status_code=404)
    from arshjul.services import single_sign_on

    address, flow = single_sign_on.begin(settings, next)
    response = RedirectResponse(address, 303)
    response.set_cookie(
        FLOW_COOKIE,
        json.dumps(flow),
        max_age=600,
        httponly=True,
        samesite="lax",
        secure=settings.web_secure,
        path=FLOW_PATH,
    )
    return response


@router.get("/logga-in/sso/klar")
def finish_sso(request: Request, code: str = "", state: str = "") -> Response:
    ctx = app_context(request)
    settings = ctx.settings
    if not settings.oidc_enabled:
        return Response(status_code=404)
    from arshjul.services import single_sign_on

    try:
        flow = json.loads(request.cookies.get(FLOW_COOKIE, "{}"))
    except ValueError:
        flow = None
    try:
        email = single_sign_on.verified_email(settings, code, state, flow)
        person = web_sessions.person_by_verified_address(ctx, email, settings.oidc_allowed_domain)
    except SignInFailed as exc:
        response = message_page(request, exc.key, 403, ask_again=True)
        response.delete_cookie(FLOW_COOKIE, path=FLOW_PATH)
        return response
    cookie, _ = web_sessions.start(ctx, email=person, method="oidc")
    response = RedirectResponse(safe_next(str(flow.get("next", "/"))), 303)
    set_session_cookie(response, cookie, secure=settings.web_secure)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_PATH)
    return response
