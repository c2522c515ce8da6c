"""Signing in and out: the sign-in link by e-mail (asked for, confirmed, used)."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from arshjul.context import Context
from arshjul.core.web_access import safe_next
from arshjul.errors import SignInFailed
from arshjul.services import sign_in, web_sessions
from arshjul.web.deps import Identity, PostedAnyDay, PostedBeforeSignIn, app_context, client_of
from arshjul.web.mailer import Mailer
from arshjul.web.rendering import form_page, message_page
from arshjul.web.security import FORM_COOKIE, SESSION_COOKIE, set_session_cookie

router = APIRouter()
MAX_ADDRESS = 254  # RFC 5321's limit on a path


def _sign_in_page(
    request: Request, next_path: str, status: int = 200, **values: object
) -> Response:
    settings = app_context(request).settings
    return form_page(
        request,
        "sign_in.html",
        {"next": safe_next(next_path), "error": None, "sso": settings.oidc_enabled, **values},
        status,
        secure=settings.web_secure,
    )


@router.get("/logga-in", response_class=HTMLResponse)
def show_sign_in(request: Request, next: str = "/") -> Response:
    return _sign_in_page(request, next)


@router.post("/logga-in", response_class=HTMLResponse)
def ask_for_link(
    request: Request, form: PostedBeforeSignIn, background: BackgroundTasks, next: str = "/"
) -> Response:
    """The same answer, in the same time, whether or not the address is known: the request
    checks the address and the limits only (the same statements for any address), and the
    address is handed to the mailer's threads once the answer has gone out; there the
    person is looked up and the link made and sent (arshjul/web/mailer.py)."""
    ctx = app_context(request)
    address = form.get("email", "")
    answer, asked = (
        sign_in.request_link(
            ctx,
            address=address,
            client=client_of(request),
            base_url=ctx.settings.web_base_url,
            next_path=next,
        )
        if len(address) <= MAX_ADDRESS
        else (sign_in.Requested.BAD_ADDRESS, None)
    )
    if answer is sign_in.Requested.BAD_ADDRESS:
        return _sign_in_page(request, next, 422, error="web_bad_address", email=address)
    if answer is sign_in.Requested.TOO_MANY or asked is None:
        return message_page(request, "web_too_many", 429)
    background.add_task(_hand_to_mailer, request.app.state.mailer, ctx, asked)
    return message_page(request, "web_link_sent", 200)


@router.get("/logga-in/{token}", response_class=HTMLResponse)
def confirm_link(request: Request, token: str) -> Response:
    """A page with a button, not the sign-in itself: mail scanners and link previews fetch
    links with GET, and must not use up the one sign-in."""
    secure = app_context(request).settings.web_secure
    return form_page(request, "confirm.html", {"token": token}, secure=secure)


@router.post("/logga-in/{token}")
def use_link(request: Request, token: str, form: PostedBeforeSignIn) -> Response:
    ctx = app_context(request)
    try:
        done = sign_in.redeem(ctx, token=token)
    except SignInFailed as exc:
        return message_page(request, exc.key, 400, ask_again=True)
    cookie, _ = web_sessions.start(ctx, email=done.email, method="link")
    response = RedirectResponse(safe_next(done.next_path), 303)
    set_session_cookie(response, cookie, secure=ctx.settings.web_secure)
    response.delete_cookie(FORM_COOKIE)
    return response


@router.post("/logga-ut")
def sign_out(request: Request, who: Identity, form: PostedAnyDay) -> Response:
    web_sessions.end(app_context(request), session_id=who.session_id, by="logout")
    response = RedirectResponse("/logga-in", 303)
    response.delete_cookie(SESSION_COOKIE)
    return response


async def _hand_to_mailer(mailer: Mailer, ctx: Context, asked: sign_in.Asked) -> None:
    """After the answer: hands the job over (instantly, on the event loop): the link is
    made and queued in the outbox on the mailer's queuing thread, then sent on one of its
    mail threads. When the mailer has no room, the link is only queued (on the thread
    pool, the answer already sent), and the outbox's retry runs send it."""
    if not mailer.queue_then_send(sign_in.queue_link, partial(sign_in.deliver, ctx), ctx, asked):
        await run_in_threadpool(sign_in.queue_link, ctx, asked)
