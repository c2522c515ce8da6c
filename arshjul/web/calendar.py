"""Kalender: a person's subscription link to their deadlines (webcal), and the public open
data of KF's and KS's meetings and decisions (a page, JSON and iCalendar), for anyone."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from arshjul.services import calendars
from arshjul.web.auth import Identity, acting, app_context
from arshjul.web.security import check_csrf

router = APIRouter()
ICS = "text/calendar; charset=utf-8"


def _page(request: Request, who: Identity, link: str | None) -> Response:
    ctx = acting(request, who)
    response: Response = request.app.state.templates.TemplateResponse(
        request,
        "calendar.html",
        {
            "identity": who,
            "link": link,
            "subscribed": calendars.has_subscription(ctx, who.email),
            "active": "calendar",
        },
    )
    return response


@router.get("/kalender", response_class=HTMLResponse)
def calendar_page(request: Request, who: Identity) -> Response:
    return _page(request, who, None)


@router.post("/kalender", response_class=HTMLResponse)
async def new_link(request: Request, who: Identity) -> Response:
    """A new subscription link, shown this once (the database keeps only its hash); the
    one before stops working. `action=revoke` only stops it."""
    await check_csrf(request, who.csrf)
    ctx = acting(request, who)
    if (await request.form()).get("action") == "revoke":
        calendars.revoke(ctx, who.email)
        return _page(request, who, None)
    token = calendars.new_token(ctx, who.email)
    base = ctx.settings.web_base_url.rstrip("/")
    webcal = base.replace("https://", "webcal://").replace("http://", "webcal://")
    return _page(request, who, f"{webcal}/kalender/{token}.ics")


@router.get("/kalender/{token}.ics")
def personal_feed(request: Request, token: str) -> Response:
    feed = calendars.personal_feed(app_context(request), token)
    if feed is None:
        return Response("", status_code=404)
    return Response(feed, media_type=ICS, headers={"cache-control": "private, no-store"})


@router.get("/oppna-data", response_class=HTMLResponse)
def open_data_page(request: Request, kommun: str | None = None) -> Response:
    code, name, dates = calendars.public_dates(app_context(request), kommun)
    response: Response = request.app.state.templates.TemplateResponse(
        request,
        "open_data.html",
        {"identity": None, "code": code, "name": name, "dates": dates, "active": "open"},
    )
    return response


@router.get("/oppna-data/kf-ks.json")
def open_data_json(request: Request, kommun: str | None = None) -> Response:
    code, name, dates = calendars.public_dates(app_context(request), kommun)
    body = {
        "municipality": {"code": code, "name": name},
        "dates": [
            {
                "date": d.day.isoformat(),
                "body": d.body,
                "kind": d.kind,
                "title": d.title,
                "uid": d.uid,
            }
            for d in dates
        ],
    }
    return Response(
        json.dumps(body, ensure_ascii=False, indent=2),
        media_type="application/json; charset=utf-8",
        headers={"access-control-allow-origin": "*"},
    )


@router.get("/oppna-data/kf-ks.ics")
def open_data_ics(request: Request, kommun: str | None = None) -> Response:
    ctx = app_context(request)
    code, name, dates = calendars.public_dates(ctx, kommun)
    return Response(calendars.public_calendar(code, name, dates, ctx.now()), media_type=ICS)
