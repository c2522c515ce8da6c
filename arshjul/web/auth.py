"""Signing in and out: the sign-in link by e-mail, and who a request comes from."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.context import Context
from arshjul.core.web_access import LinkState, safe_next
from arshjul.services import sign_in, web_sessions
from arshjul.services.web_sessions import WebIdentity
from arshjul.web.app import SignInRequired, render
from arshjul.web.security import (
    FORM_COOKIE,
    SESSION_COOKIE,
    check_csrf,
    new_token,
    set_session_cookie,
)

router = APIRouter()


def app_context(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx


def signed_in(request: Request) -> WebIdentity | None:
    return web_sessions.identify(app_context(request), request.cookies.get(SESSION_COOKIE))


def identity(request: Request) -> WebIdentity:
    """The signed-in person, or a redirect to sign in and come back here."""
    found = signed_in(request)
    if found is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(safe_next(path))
    return found


Identity = Annotated[WebIdentity, Depends(identity)]


def acting(request: Request, who: WebIdentity) -> Context:
    """The request's context: the application's, acting as the session's person (the
    operator recorded beside every event is this web session)."""
    return replace(
        app_context(request).acting_as(who.email), operator=f"web:session:{who.session_id}"
    )


def client_of(request: Request) -> str:
    return request.client.host if request.client else "-"


def _formrender(
    request: Request, name: str, values: dict[str, object], status: int = 200
) -> Response:
    """A page with a form shown before signing in: its CSRF token goes in a short cookie
    and in the form, and the POST must bring both."""
    token = request.cookies.get(FORM_COOKIE) or new_token()
    response = render(request, name, {**values, "csrf": token}, status)
    response.set_cookie(
        FORM_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=app_context(request).settings.web_secure,
    )
    return response


@router.get("/logga-in", response_class=HTMLResponse)
def sign_in_form(request: Request, next: str = "/") -> Response:
    return _formrender(
        request, "sign_in.html", {"next": safe_next(next), "error": None, **_sso(request)}
    )


def _sso(request: Request) -> dict[str, object]:
    return {"sso": app_context(request).settings.oidc_enabled}


@router.post("/logga-in", response_class=HTMLResponse)
async def ask_for_link(
    request: Request, email: Annotated[str, Form(max_length=254)] = "", next: str = "/"
) -> Response:
    await check_csrf(request, request.cookies.get(FORM_COOKIE))
    ctx = app_context(request)
    answer, keys = sign_in.request_link(
        ctx,
        address=email,
        client=client_of(request),
        base_url=ctx.settings.web_base_url,
        next_path=next,
    )
    if answer is sign_in.Requested.BAD_ADDRESS:
        return _formrender(
            request,
            "sign_in.html",
            {"next": safe_next(next), "error": "web_bad_address", "email": email, **_sso(request)},
            422,
        )
    if answer is sign_in.Requested.TOO_MANY:
        return render(request, "message.html", {"message_key": "web_too_many"}, 429)
    if keys:
        from arshjul.services.delivery import send_now

        send_now(ctx, keys)
    return render(request, "message.html", {"message_key": "web_link_sent"})


@router.get("/logga-in/{token}", response_class=HTMLResponse)
def confirm_link(request: Request, token: str) -> Response:
    """A page with a button, not the sign-in itself: mail scanners and link previews fetch
    links with GET, and must not use up the one sign-in."""
    return _formrender(request, "confirm.html", {"token": token})


@router.post("/logga-in/{token}")
async def use_link(request: Request, token: str) -> Response:
    await check_csrf(request, request.cookies.get(FORM_COOKIE))
    ctx = app_context(request)
    try:
        done = sign_in.redeem(ctx, token=token)
    except sign_in.LinkRefused as exc:
        key = {
            LinkState.USED: "web_link_used",
            LinkState.EXPIRED: "web_link_expired",
        }.get(exc.state, "web_link_unknown")  # type: ignore[arg-type]
        return render(request, "message.html", {"message_key": key, "ask_again": True}, 400)
    cookie, _ = web_sessions.start(ctx, email=done.email, method="link")
    response = RedirectResponse(safe_next(done.next_path), 303)
    set_session_cookie(response, cookie, secure=ctx.settings.web_secure)
    response.delete_cookie(FORM_COOKIE)
    return response


@router.post("/logga-ut")
async def sign_out(request: Request, who: Identity) -> Response:
    await check_csrf(request, who.csrf)
    web_sessions.end(app_context(request), session_id=who.session_id, by="logout")
    response = RedirectResponse("/logga-in", 303)
    response.delete_cookie(SESSION_COOKIE)
    return response
