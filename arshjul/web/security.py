"""What every response carries, and what every state-changing request must carry.

- Headers: a Content-Security-Policy that allows nothing but this site's own files (no
  inline script, no framing), nosniff, no referrer (a sign-in link's token is in its URL),
  and no caching of pages that show someone's data.
- CSRF: a form that changes something sends the session's token (or, before signing in,
  the token of a short cookie set with the form); a request without the right one is
  refused with 403 before anything is read or stored.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import Request, Response
from starlette.datastructures import MutableHeaders

from arshjul.errors import CsrfRefused

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SESSION_COOKIE = "arshjul_session"
FORM_COOKIE = "arshjul_form"  # the CSRF token of forms shown before signing in
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeaders:
    """Pure ASGI middleware: the headers on every response, `Strict-Transport-Security`
    when served over https (ARSHJUL_WEB_SECURE), and `Cache-Control: no-store` on all but
    the static files."""

    def __init__(
        self, app: Callable[[Scope, Receive, Send], Awaitable[None]], *, secure: bool
    ) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if self.secure:
                    headers["strict-transport-security"] = "max-age=31536000"
                if not static:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)


def new_token() -> str:
    return secrets.token_urlsafe(32)


async def check_csrf(request: Request, expected: str | None) -> None:
    """Refuse unless the form's `csrf` field equals `expected` (compared in constant time).
    Reads the form (bounded by the app's limits) before the endpoint does anything."""
    form = await request.form()
    check_csrf_value(form.get("csrf"), expected)  # type: ignore[arg-type]


def check_csrf_value(
    sent: str | None, expected: str | None, *, refuse_missing: bool = True
) -> None:
    """The comparison itself, for forms read another way (a streamed upload). With
    `refuse_missing` off, a form that could not be read at all is let through to say why."""
    if sent is None and not refuse_missing:
        return
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        raise CsrfRefused()


def set_session_cookie(response: Response, token: str, *, secure: bool) -> None:
    """The signed-in browser's cookie: HttpOnly, SameSite=Lax, at most the session's
    absolute lifetime (the server ends it sooner when idle)."""
    from arshjul.core.web_access import ABSOLUTE_TIMEOUT

    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(ABSOLUTE_TIMEOUT.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure,
    )
