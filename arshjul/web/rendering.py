"""Pages from arshjul/web/templates: the Jinja environment per language, a page, a message
page, a form shown before signing in (with its CSRF cookie), and the signal that a page
needs a signed-in person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from arshjul.core.status import Status
from arshjul.texts import STATUS_SYMBOLS, label, status_label
from arshjul.web.security import FORM_COOKIE, new_token

TEMPLATES = Path(__file__).parent / "templates"
STATUS_CLASS = {status: status.value.replace("_", "-") for status in Status}  # CSS classes


class SignInRequired(Exception):
    """Raised by the identity dependency; the application answers with a redirect to the
    sign-in page that comes back to `next_path`."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def templates_for(lang: str) -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.globals["t"] = lambda key, **params: label(key, lang, **params)
    env.globals["status_text"] = lambda status: status_label(status, lang) if status else ""
    env.globals["status_symbol"] = lambda status: STATUS_SYMBOLS[status] if status else ""
    env.globals["lang"] = lang
    return Jinja2Templates(env=env)


def render(request: Request, name: str, values: dict[str, Any], status: int = 200) -> Response:
    """A page; `identity` is None (the signed-out header) unless the values give one."""
    templates: Jinja2Templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request, name, {"identity": None, **values}, status_code=status
    )
    return response


def message_page(
    request: Request, key: str | None, status: int, *, text: str | None = None, **values: Any
) -> Response:
    """A page that says one thing: by text key, or an already worded `text`."""
    return render(request, "message.html", {"message_key": key, "text": text, **values}, status)


def fragment(request: Request, name: str, **values: Any) -> str:
    """A template rendered on its own, for a part of a page kept between requests."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.env.get_template(name).render(**values)


def form_page(
    request: Request, name: str, values: dict[str, Any], status: int = 200, *, secure: bool
) -> Response:
    """A page with a form shown before signing in: its CSRF token goes in a short cookie
    and in the form, and the POST must bring both."""
    token = request.cookies.get(FORM_COOKIE) or new_token()
    response = render(request, name, {**values, "csrf": token}, status)
    response.set_cookie(
        FORM_COOKIE, token, max_age=3600, httponly=True, samesite="strict", secure=secure
    )
    return response
