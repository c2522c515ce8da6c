"""The application: it only assembles. Middleware, static files, the page templates, the
routers of each page family and the answer each kind of error gets."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from arshjul.context import Context
from arshjul.errors import ArshjulError, CsrfRefused, NotFound, Refused, SignInFailed
from arshjul.texts import label
from arshjul.web.deps import language, signed_in
from arshjul.web.limits import RequestLimits
from arshjul.web.mailer import Mailer
from arshjul.web.rendering import TEMPLATES, SignInRequired, all_templates, message_page
from arshjul.web.routes import (
    admin,
    board,
    calendar,
    decisions,
    deliverables,
    followup,
    frames,
    open_data,
    people,
    review,
    revision,
    sign_in,
    sso,
    start,
    watch,
    wheel,
    wheel_changes,
)
from arshjul.web.security import SecurityHeaders
from arshjul.web.view_cache import ViewCache

STATIC = TEMPLATES.parent / "static"
ROUTERS = (
    sso,  # before sign_in's /logga-in/{token}
    sign_in,
    start,
    wheel,
    board,
    watch,
    deliverables,
    review,
    revision,
    decisions,
    frames,
    followup,
    admin,
    calendar,
    people,
    wheel_changes,
    open_data,
)


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Bounds the threads that serve the pages' synchronous handlers (anyio's default is
    40) to `web_threads`, loads every page template before the first request (a template
    missing from an installation fails the start, not a page; and no request reads one
    from disk on the event loop), and stops the mailer at the end."""
    import anyio.to_thread

    ctx: Context = app.state.ctx
    anyio.to_thread.current_default_thread_limiter().total_tokens = ctx.settings.web_threads
    every: dict[str, Jinja2Templates] = app.state.templates  # one per language
    for templates in every.values():
        for name in templates.env.list_templates(extensions=["html"]):
            templates.env.get_template(name)
    _remove_leftovers(ctx)
    try:
        yield
    finally:
        app.state.mailer.close()


def _remove_leftovers(ctx: Context) -> None:
    """A hand-in killed while its file was written leaves a temporary file in the store:
    removed at the start, and logged, once its writer is gone."""
    from arshjul.services.storage import FileStore

    for leftover in FileStore(ctx.settings.resolved_files_dir).remove_leftovers():
        logging.getLogger("arshjul.web").warning(
            "removed %s (%d bytes) left by a hand-in that was stopped", leftover.path, leftover.size
        )


def create_app(ctx: Context | None = None) -> FastAPI:
    """The application over `ctx`'s settings and database (the CLI's context, or one made
    from the environment)."""
    ctx = ctx or Context.create(operator="web")
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=_lifespan)
    app.state.ctx = ctx
    app.state.templates = all_templates(ctx.lang)
    app.state.views = ViewCache()
    app.state.mailer = Mailer()
    app.add_middleware(RequestLimits, client_timeout=ctx.settings.web_client_timeout, lang=ctx.lang)
    app.add_middleware(SecurityHeaders, secure=ctx.settings.web_secure)  # outermost
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    _answer_errors(app, ctx.lang)
    return app


def _known(request: Request) -> None:
    """An error page keeps the navigation of whoever is signed in, and their language."""
    language(request)
    if getattr(request.state, "identity", None) is None:
        try:
            request.state.identity = signed_in(request)
        except Exception:  # an error page must not fail because the database does
            request.state.identity = None


def _answer_errors(app: FastAPI, lang: str) -> None:
    """Every error a person can meet answers with a page in their language, with the
    navigation and a way back. Plain functions: FastAPI runs them in its thread pool,
    since finding who is signed in reads the database."""

    @app.exception_handler(SignInRequired)
    def _sign_in(request: Request, exc: SignInRequired) -> Response:
        return RedirectResponse(f"/logga-in?next={quote(exc.next_path, safe='/')}", 303)

    @app.exception_handler(CsrfRefused)
    def _csrf(request: Request, exc: CsrfRefused) -> Response:
        _known(request)
        return message_page(request, "web_csrf", 403, title_key="web_refused_title")

    @app.exception_handler(Refused)
    def _refused(request: Request, exc: Refused) -> Response:
        _known(request)
        return message_page(request, "web_forbidden", 403, title_key="web_refused_title")

    @app.exception_handler(NotFound)
    def _not_found(request: Request, exc: NotFound) -> Response:
        _known(request)
        return message_page(request, "web_not_found", 404, title_key="web_not_found_title")

    @app.exception_handler(SignInFailed)
    def _sign_in_failed(request: Request, exc: SignInFailed) -> Response:
        _known(request)
        return message_page(request, exc.key, 400, ask_again=True)

    @app.exception_handler(ArshjulError)
    def _bad_request(request: Request, exc: ArshjulError) -> Response:
        _known(request)
        text = label(exc.key, getattr(request.state, "lang", lang), **exc.params)
        return message_page(request, None, 400, text=text)

    @app.exception_handler(404)
    def _no_page(request: Request, exc: Any) -> Response:
        _known(request)
        return message_page(request, "web_not_found", 404, title_key="web_not_found_title")
