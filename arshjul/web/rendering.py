"""Pages from arshjul/web/templates: one Jinja environment per language, a page, a message
page, a form shown before signing in (with its CSRF cookie), and the signal that a page
needs a signed-in person.

Every page is rendered with the request's language and, where someone is signed in, their
identity: the navigation and the buttons show only what the services' `authorise` would
let that person do (WebIdentity.may), so a refusal is met only by a crafted request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from arshjul.core.status import Status
from arshjul.texts import (
    LANGUAGES,
    STATUS_SYMBOLS,
    event_name,
    label,
    long_date,
    long_instant,
    sek,
    status_label,
)
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
    env.globals.update(
        t=lambda key, **params: label(key, lang, **params),
        status_text=lambda status: status_label(status, lang) if status else "",
        status_symbol=lambda status: STATUS_SYMBOLS[status] if status else "",
        status_class=STATUS_CLASS,
        long_date=lambda day: long_date(day, lang) if day else "",
        event_name=lambda kind: event_name(kind, lang),
        instant=lambda at: long_instant(at, lang) if at else "",
        sek=sek,
        lang=lang,
        other_langs=[other for other in LANGUAGES if other != lang],
    )
    return Jinja2Templates(env=env)


def all_templates(default: str) -> dict[str, Jinja2Templates]:
    """The environments of every language (built once, when the application starts); the
    default language's serves requests that chose none (one environment each: its
    compiled templates are a worker's memory)."""
    every = {lang: templates_for(lang) for lang in LANGUAGES}
    return every | {"": every.get(default) or templates_for(default)}


def _templates(request: Request) -> Jinja2Templates:
    found: dict[str, Jinja2Templates] = request.app.state.templates
    return found.get(getattr(request.state, "lang", ""), found[""])


def render(request: Request, name: str, values: dict[str, Any], status: int = 200) -> Response:
    """A page; signed in when the request's identity was established, with the day the
    pages show the year as of when one is chosen."""
    base = {
        "identity": getattr(request.state, "identity", None),
        "as_of": getattr(request.state, "as_of", None),
        "path": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "active": "",
    }
    response: Response = _templates(request).TemplateResponse(
        request, name, {**base, **values}, status_code=status
    )
    return response


def message_page(
    request: Request, key: str | None, status: int, *, text: str | None = None, **values: Any
) -> Response:
    """A page that says one thing (by text key, or an already worded `text`), with the
    navigation when someone is signed in and a way back."""
    return render(request, "message.html", {"message_key": key, "text": text, **values}, status)


def fragment(request: Request, name: str, **values: Any) -> str:
    """A template rendered on its own, for a part of a page kept between requests."""
    return _templates(request).env.get_template(name).render(**values)


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
