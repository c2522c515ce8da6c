"""What a request's handler is given: the application's context, the signed-in person
(only ever from the session row the cookie names, never from the request), the context
acting as that person, and a posted form whose CSRF token has been checked.

Two preferences travel in cookies, never in the database: the language (`arshjul_lang`)
and the day the pages show the year as of (`arshjul_datum`, for looking back or ahead,
as the demo does with a past day). Reads use `Acting.view`, writes `Acting.ctx`: a hand-in
or a review always happens now, and so only from today's pages: a page showing another
day offers no change, and a change sent from one (a tab left open) is refused.

Handlers that touch the database are plain `def`: FastAPI runs them, and these
dependencies, in its thread pool, so the event loop never waits on I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import Depends, Request

from arshjul.context import Context
from arshjul.core.instants import noon, parse_day
from arshjul.core.web_access import safe_next
from arshjul.errors import AnotherDay
from arshjul.services import web_sessions
from arshjul.services.web_sessions import WebIdentity
from arshjul.texts import LANGUAGES
from arshjul.web.rendering import SignInRequired
from arshjul.web.security import FORM_COOKIE, SESSION_COOKIE, check_csrf_value

LANG_COOKIE = "arshjul_lang"
AS_OF_COOKIE = "arshjul_datum"


def app_context(request: Request) -> Context:
    """The application's context in the language the browser chose."""
    ctx: Context = request.app.state.ctx
    lang = language(request)
    return ctx if lang == ctx.lang else replace(ctx, lang=lang)


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    default: str = request.app.state.ctx.lang
    lang = chosen if chosen in LANGUAGES else default
    request.state.lang = lang
    return lang


def as_of(request: Request) -> dt.date | None:
    """The day the pages show the year as of, when one is chosen (not today)."""
    text = request.cookies.get(AS_OF_COOKIE, "")
    return parse_day(text) if text else None


def signed_in(request: Request) -> WebIdentity | None:
    return web_sessions.identify(app_context(request), request.cookies.get(SESSION_COOKIE))


def identity(request: Request) -> WebIdentity:
    """The signed-in person, or a redirect to sign in and come back here."""
    found = signed_in(request)
    if found is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(safe_next(path))
    if as_of(request) is not None:
        found = replace(found, read_only=True)
    request.state.identity = found
    return found


Identity = Annotated[WebIdentity, Depends(identity)]


@dataclass(frozen=True)
class Acting:
    """The signed-in person and the request's context acting as them (the operator
    recorded beside every audit event is this web session); `view` is the same context
    as of the chosen day, for what the pages read."""

    who: WebIdentity
    ctx: Context
    as_of: dt.date | None = None

    @property
    def view(self) -> Context:
        return self.ctx.viewing(noon(self.as_of)) if self.as_of else self.ctx


def acting(request: Request, who: Identity) -> Acting:
    ctx = replace(
        app_context(request).acting_as(who.email), operator=f"web:session:{who.session_id}"
    )
    chosen = as_of(request)
    request.state.as_of = chosen
    return Acting(who, ctx, chosen)


SignedIn = Annotated[Acting, Depends(acting)]


async def posted_any_day(request: Request, who: Identity) -> dict[str, str]:
    """The form's text fields (bounded by the application's limits), after its `csrf`
    field was found equal to the session's token; a form without it is refused before
    the handler runs."""
    form = await request.form()
    check_csrf_value(form.get("csrf"), who.csrf)  # type: ignore[arg-type]
    return {k: v.strip() for k, v in form.items() if k != "csrf" and isinstance(v, str)}


def refuse_on_another_day(request: Request, who: WebIdentity) -> None:
    """A change is made on today's pages only (see WebIdentity.may)."""
    day = as_of(request)
    if who.read_only and day is not None:
        raise AnotherDay(day.isoformat())


async def posted_form(request: Request, who: Identity) -> dict[str, str]:
    """A form that changes the year: as `posted_any_day`, and refused from a page showing
    another day."""
    fields = await posted_any_day(request, who)
    refuse_on_another_day(request, who)
    return fields


MAX_TEMPLATE_BYTES = 60 * 1024  # a wheel's template: under the forms' limit, above any wheel


async def posted_template(request: Request, who: Identity) -> dict[str, str]:
    """A form that changes the wheel, with its template as a file or as pasted text: as
    `posted_form`, the text under `text` (the file's, when one was chosen, and its name
    under `file_name`). A file that is not UTF-8 reaches the validator as text it reports
    on its first line."""
    from starlette.datastructures import UploadFile

    form = await request.form()
    check_csrf_value(form.get("csrf"), who.csrf)  # type: ignore[arg-type]
    refuse_on_another_day(request, who)
    fields = {k: v.strip() for k, v in form.items() if k != "csrf" and isinstance(v, str)}
    fields["text"] = str(form.get("text", ""))  # kept as written: its lines are its lines
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        raw = await upload.read(MAX_TEMPLATE_BYTES + 1)
        fields["text"] = raw[:MAX_TEMPLATE_BYTES].decode("utf-8", errors="replace")
        fields["file_name"] = upload.filename
    fields["text"] = fields["text"].replace("\r\n", "\n")  # a browser sends a textarea's CRLF
    return fields


Posted = Annotated[dict[str, str], Depends(posted_form)]
PostedTemplate = Annotated[dict[str, str], Depends(posted_template)]
PostedAnyDay = Annotated[dict[str, str], Depends(posted_any_day)]  # sign-out, a calendar link


async def pre_sign_in_form(request: Request) -> dict[str, str]:
    """A form posted before signing in: checked against the short form cookie's token."""
    form = await request.form()
    check_csrf_value(form.get("csrf"), request.cookies.get(FORM_COOKIE))  # type: ignore[arg-type]
    return {k: v.strip() for k, v in form.items() if k != "csrf" and isinstance(v, str)}


PostedBeforeSignIn = Annotated[dict[str, str], Depends(pre_sign_in_form)]


def client_of(request: Request) -> str:
    return request.client.host if request.client else "-"
