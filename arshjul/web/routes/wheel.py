"""Årshjulet: the year as a wheel."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from arshjul.core import wheel
from arshjul.services.wheel_view import wheel_view
from arshjul.web.deps import SignedIn
from arshjul.web.rendering import STATUS_CLASS, render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def show_wheel(request: Request, acting: SignedIn, year: int | None = None) -> Response:
    ctx, who = acting.ctx, acting.who
    if year is not None and not 1900 <= year <= 2200:
        year = None
    view = request.app.state.views.view(
        ctx,
        who.municipality,
        ("wheel", year),
        lambda: wheel_view(ctx, municipality=who.municipality, year=year),
    )
    marks = wheel.place_marks(
        [(f"m{i}", m.deadline) for i, m in enumerate(view.milestones)], view.year
    )
    meetings = wheel.place_marks(
        [(f"k{i}", m.day) for i, m in enumerate(view.meetings)], view.year, wheel.RIM - 12
    )
    return render(
        request,
        "wheel.html",
        {
            "identity": who,
            "view": view,
            "size": wheel.SIZE,
            "centre": wheel.CENTRE,
            "months": wheel.month_sectors(view.year),
            "phase_sectors": wheel.phase_sectors([(a, b) for _, a, b in view.phases], view.year),
            "marks": list(zip(marks, view.milestones, strict=True)),
            "meeting_marks": list(zip(meetings, view.meetings, strict=True)),
            "needle": wheel.needle(view.today, view.year),
            "status_class": STATUS_CLASS,
            "active": "wheel",
        },
    )
