"""Kalender: a person's subscription link to the deadlines of their bodies (webcal), and
the feed the link serves."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from arshjul.services import calendars
from arshjul.web.deps import Acting, PostedAnyDay, SignedIn, app_context
from arshjul.web.rendering import render

router = APIRouter()
ICS = "text/calendar; charset=utf-8"


def _page(request: Request, acting: Acting, link: str | None) -> Response:
    subscribed = calendars.has_subscription(acting.ctx, acting.who.email)
    return render(
        request,
        "calendar.html",
        {"identity": acting.who, "link": link, "subscribed": subscribed, "active": "calendar"},
    )


@router.get("/kalender", response_class=HTMLResponse)
def show_calendar(request: Request, acting: SignedIn) -> Response:
    return _page(request, acting, None)


@router.post("/kalender", response_class=HTMLResponse)
def new_link(request: Request, acting: SignedIn, form: PostedAnyDay) -> Response:
    """A new subscription link, shown this once (the database keeps only its hash); the
    one before stops working. `action=revoke` only stops it."""
    ctx, email = acting.ctx, acting.who.email
    if form.get("action") == "revoke":
        calendars.revoke(ctx, email)
        return _page(request, acting, None)
    token = calendars.new_token(ctx, email)
    base = ctx.settings.web_base_url.rstrip("/")
    webcal = base.replace("https://", "webcal://").replace("http://", "webcal://")
    return _page(request, acting, f"{webcal}/kalender/{token}.ics")


@router.get("/kalender/{token}.ics")
def personal_feed(request: Request, token: str) -> Response:
    feed = calendars.personal_feed(app_context(request), token)
    if feed is None:
        return Response("", status_code=404)
    return Response(feed, media_type=ICS, headers={"cache-control": "private, no-store"})
