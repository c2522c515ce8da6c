"""Årshjulet: the year as a wheel, with its table, legend and a "my bodies" filter for
those who hand in; printable on one A4 page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from arshjul.core import wheel
from arshjul.core.status import ATTENTION_ORDER, most_urgent
from arshjul.services.wheel_view import WheelView, wheel_view
from arshjul.texts import label
from arshjul.web.deps import SignedIn
from arshjul.web.rendering import STATUS_CLASS, render

router = APIRouter()


@router.get("/arshjul", response_class=HTMLResponse)
def show_wheel(
    request: Request, acting: SignedIn, year: int | None = None, mina: str = ""
) -> Response:
    ctx, who = acting.view, acting.who
    if year is not None and not 1900 <= year <= 2200:
        year = None
    own = tuple(who.bodies("submit"))
    bodies = own if mina and own else None
    view: WheelView = request.app.state.views.view(
        ctx,
        who.municipality,
        ("wheel", year, bodies),
        lambda: wheel_view(ctx, municipality=who.municipality, year=year, bodies=bodies),
    )
    keyed = [(f"m{i}", m) for i, m in enumerate(view.milestones)]
    clusters = wheel.cluster_by_week([(item, item[1].deadline) for item in keyed], view.year)
    meetings = wheel.place_marks(
        [(f"k{i}", m.day) for i, m in enumerate(view.meetings)], view.year, wheel.MEETINGS
    )
    phase_names = [phase.value for phase, _, _ in view.phases]
    return render(
        request,
        "wheel.html",
        {
            "identity": who,
            "view": view,
            "size": wheel.SIZE,
            "centre": wheel.CENTRE,
            "mark_radius": wheel.MARK_RADIUS,
            "months": wheel.month_sectors(view.year),
            "phase_sectors": wheel.phase_sectors(
                [(a, b) for _, a, b in view.phases],
                [label(f"phase_{name}", ctx.lang) for name in phase_names],
                view.year,
            ),
            "clusters": [
                (c, most_urgent(m.status for _, m in c.items if m.status)) for c in clusters
            ],
            "marks": keyed,
            "meeting_marks": list(zip(meetings, view.meetings, strict=True)),
            "needle": wheel.needle(view.today, view.year),
            "statuses": list(ATTENTION_ORDER),
            "own": own,
            "mine_only": bodies is not None,
            "status_class": STATUS_CLASS,
            "active": "wheel",
        },
    )
