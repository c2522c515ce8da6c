"""Bevakning: the coordinators' day. What is late, returned or due soon across the
municipality, who is responsible and what they were last told, with a reminder on demand
("Påminn nu": once per deliverable and day) and the way to give a body more time."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.errors import InvalidInput
from arshjul.services.chasing import remind
from arshjul.services.worklists import watchlist
from arshjul.texts import label
from arshjul.web.deps import Acting, Posted, SignedIn
from arshjul.web.rendering import render

router = APIRouter()


def _page(request: Request, acting: Acting, notice: str = "", status: int = 200) -> Response:
    watch = watchlist(acting.view, municipality=acting.who.municipality)
    return render(
        request,
        "watch.html",
        {"identity": acting.who, "watch": watch, "notice": notice, "active": "watch"},
        status,
    )


@router.get("/bevakning", response_class=HTMLResponse)
def show_watch(request: Request, acting: SignedIn, paminda: int | None = None) -> Response:
    """`paminda` is how many reminders the last "Påminn nu" queued (a count, never text
    from the address: a crafted link cannot make the page say something else)."""
    notice = ""
    if paminda is not None:
        key = "web_reminded" if paminda > 0 else "web_reminded_already"
        notice = label(key, acting.ctx.lang, count=max(paminda, 0))
    return _page(request, acting, notice)


@router.post("/bevakning/{deliverable_id}/paminn", response_class=HTMLResponse)
def remind_now(request: Request, acting: SignedIn, form: Posted, deliverable_id: int) -> Response:
    ctx = acting.ctx
    try:
        new, _status = remind(ctx, deliverable_id)
    except InvalidInput as exc:
        if exc.key == "not_permitted":
            raise
        return _page(request, acting, label(exc.key, ctx.lang, **exc.params), 422)
    return RedirectResponse(f"/bevakning?paminda={new}#w{deliverable_id}", 303)
