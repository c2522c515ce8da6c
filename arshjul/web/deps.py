"""What a request's handler is given: the application's context, the signed-in person
(only ever from the session row the cookie names, never from the request), the context
acting as that person, and a posted form whose CSRF token has been checked.

Handlers that touch the database are plain `def`: FastAPI runs them, and these
dependencies, in its thread pool, so the event loop never waits on I/O."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import Depends, Request

from arshjul.context import Context
from arshjul.core.web_access import safe_next
from arshjul.services import web_sessions
from arshjul.services.web_sessions import WebIdentity
from arshjul.web.rendering import SignInRequired
from arshjul.web.security import SESSION_COOKIE, check_csrf_value


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


@dataclass(frozen=True)
class Acting:
    """The signed-in person and the request's context acting as them: the operator
    recorded beside every audit event is this web session."""

    who: WebIdentity
    ctx: Context


def acting(request: Request, who: Identity) -> Acting:
    ctx = replace(
        app_context(request).acting_as(who.email), operator=f"web:session:{who.session_id}"
    )
    return Acting(who, ctx)


SignedIn = Annotated[Acting, Depends(acting)]


async def posted_form(request: Request, who: Identity) -> dict[str, str]:
    """The form's text fields (bounded by the application's limits), after its `csrf`
    field was found equal to the session's token; a form without it is refused before
    the handler runs."""
    form = await request.form()
    check_csrf_value(form.get("csrf"), who.csrf)  # type: ignore[arg-type]
    return {k: v.strip() for k, v in form.items() if k != "csrf" and isinstance(v, str)}


Posted = Annotated[dict[str, str], Depends(posted_form)]


async def pre_sign_in_form(request: Request) -> dict[str, str]:
    """A form posted before signing in: checked against the short form cookie's token."""
    from arshjul.web.security import FORM_COOKIE

    form = await request.form()
    check_csrf_value(form.get("csrf"), request.cookies.get(FORM_COOKIE))  # type: ignore[arg-type]
    return {k: v.strip() for k, v in form.items() if k != "csrf" and isinstance(v, str)}


PostedBeforeSignIn = Annotated[dict[str, str], Depends(pre_sign_in_form)]


def client_of(request: Request) -> str:
    return request.client.host if request.client else "-"
