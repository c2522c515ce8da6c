"""The application object: middleware, static files, page templates, error pages."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from arshjul.context import Context
from arshjul.errors import ArshjulError, NotFound, Refused
from arshjul.texts import STATUS_SYMBOLS, label, status_label
from arshjul.web.security import CsrfRefused, SecurityHeaders
from arshjul.web.view_cache import ViewCache

HERE = Path(__file__).parent


class SignInRequired(Exception):
    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def templates_for(lang: str) -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.globals["t"] = lambda key, **params: label(key, lang, **params)
    env.globals["status_text"] = lambda status: status_label(status, lang) if status else ""
    env.globals["status_symbol"] = lambda status: STATUS_SYMBOLS[status][0] if status else ""
    env.globals["lang"] = lang
    return Jinja2Templates(env=env)


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Bounds the threads that serve the pages' synchronous handlers (anyio's default is
    40) to `web_threads`."""
    import anyio.to_thread

    ctx: Context = app.state.ctx
    anyio.to_thread.current_default_thread_limiter().total_tokens = ctx.settings.web_threads
    yield


def create_app(ctx: Context | None = None) -> FastAPI:
    """The application over `ctx`'s settings and database (the CLI's context, or one made
    from the environment)."""
    from arshjul.web import auth, calendar, handin, pages, register, review, revision, sso

    ctx = ctx or Context.create(operator="web")
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=_lifespan)
    app.state.ctx = ctx
    app.state.templates = templates_for(ctx.lang)
    app.state.views = ViewCache()
    app.add_middleware(SecurityHeaders, secure=ctx.settings.web_secure)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(sso.router)  # before auth's /logga-in/{token}
    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(handin.router)
    app.include_router(review.router)
    app.include_router(revision.router)
    app.include_router(calendar.router)
    app.include_router(register.router)

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        from urllib.parse import quote

        return RedirectResponse(f"/logga-in?next={quote(exc.next_path, safe='/')}", 303)

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, exc: CsrfRefused) -> Response:
        return message_page(request, "web_csrf", 403)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        return message_page(request, "web_forbidden", 403)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return message_page(request, "web_not_found", 404)

    @app.exception_handler(ArshjulError)
    async def _bad_request(request: Request, exc: ArshjulError) -> Response:
        templates: Jinja2Templates = request.app.state.templates
        text = label(exc.key, ctx.lang, **exc.params)
        return templates.TemplateResponse(
            request, "message.html", {"message_key": None, "text": text, "identity": None}, 400
        )

    @app.exception_handler(404)
    async def _no_page(request: Request, exc: Any) -> Response:
        return message_page(request, "web_not_found", 404)

    return app


def render(request: Request, name: str, values: dict[str, Any], status: int = 200) -> Response:
    """A page from arshjul/web/templates; `identity` is None unless the values give one."""
    templates: Jinja2Templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request, name, {"identity": None, **values}, status_code=status
    )
    return response


def message_page(request: Request, key: str, status: int) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "message.html", {"message_key": key, "identity": None}, status_code=status
    )
