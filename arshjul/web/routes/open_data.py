"""Öppna data: KF's and KS's meetings and decisions for anyone, without signing in, as a
page, JSON and iCalendar (`?kommun=` on an installation with several); no personal data."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from arshjul.services import calendars
from arshjul.web.deps import app_context
from arshjul.web.rendering import render
from arshjul.web.routes.calendar import ICS

router = APIRouter()


@router.get("/oppna-data", response_class=HTMLResponse)
def show_open_data(request: Request, kommun: str | None = None) -> Response:
    code, name, dates = calendars.public_dates(app_context(request), kommun)
    return render(
        request,
        "open_data.html",
        {"code": code, "name": name, "dates": dates, "active": "open"},
    )


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
