"""Each person's start page, on what they owe or watch: a secretary's bodies' deliverables
due next, the coordinators' late and due-soon list, the auditors' and administrators'
ways in. And the two preferences every page keeps: the day the year is shown as of, and
the language."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.core.instants import parse_day
from arshjul.core.web_access import safe_next
from arshjul.services.worklists import Owed, secretary_worklist, watchlist
from arshjul.texts import LANGUAGES
from arshjul.web.deps import AS_OF_COOKIE, LANG_COOKIE, SignedIn, app_context
from arshjul.web.rendering import message_page, render

router = APIRouter()
A_YEAR = 365 * 24 * 3600


@router.get("/", response_class=HTMLResponse)
def show_start(request: Request, acting: SignedIn) -> Response:
    who, view = acting.who, acting.view
    bodies = who.bodies("submit")
    owed: list[Owed] = []
    if bodies:  # the boards of the open cycles, computed once per state of the data
        at = view.now() if acting.as_of else None
        owed = request.app.state.views.view(
            view,
            who.municipality,
            ("worklist", tuple(bodies), at),
            lambda: secretary_worklist(view, municipality=who.municipality, bodies=bodies),
        )
    watch = watchlist(view, municipality=who.municipality) if who.permitted("remind") else None
    return render(
        request,
        "start.html",
        {
            "identity": who,
            "bodies": bodies,
            "owed": owed,
            "watch": watch,
            "today": view.today(),
            "active": "start",
        },
    )


@router.get("/lage")
def choose_day(request: Request, datum: str = "", idag: str = "", next: str = "/") -> Response:
    """Show the year as of `datum` on every page (kept in a cookie), or today again."""
    day = parse_day(datum) if datum and not idag else None
    if datum and not idag and day is None:  # the form's date field sends YYYY-MM-DD
        return message_page(request, "web_bad_date", 400)
    response = RedirectResponse(safe_next(next), 303)
    secure = app_context(request).settings.web_secure
    if day is None:
        response.delete_cookie(AS_OF_COOKIE)
    else:
        response.set_cookie(
            AS_OF_COOKIE, day.isoformat(), max_age=A_YEAR, samesite="lax", secure=secure
        )
    return response


@router.get("/sprak")
def choose_language(request: Request, lang: str = "sv", next: str = "/") -> Response:
    response = RedirectResponse(safe_next(next), 303)
    if lang in LANGUAGES:
        secure = app_context(request).settings.web_secure
        response.set_cookie(LANG_COOKIE, lang, max_age=A_YEAR, samesite="lax", secure=secure)
    return response
