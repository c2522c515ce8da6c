"""Administration: the open sessions of the municipality's people, and ending all of one
person's sessions (a lost laptop, someone who left). The service decides who may."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.core.instants import local_minute
from arshjul.errors import ArshjulError
from arshjul.services import web_sessions
from arshjul.texts import label
from arshjul.web.deps import Acting, PostedAnyDay, SignedIn
from arshjul.web.rendering import render

router = APIRouter()


def _page(
    request: Request,
    acting: Acting,
    *,
    ended: int | None = None,
    error: str | None = None,
    email: str = "",
) -> Response:
    sessions = web_sessions.active_sessions(acting.ctx, municipality=acting.who.municipality)
    return render(
        request,
        "admin.html",
        {
            "identity": acting.who,
            "ended": ended,
            "error": error,
            "email": email,
            "sessions": [
                {
                    "email": s.email,
                    "name": s.name,
                    "method": s.method,
                    "started": local_minute(s.started),
                    "last_seen": local_minute(s.last_seen),
                }
                for s in sessions
            ],
            "active": "admin",
        },
        422 if error else 200,
    )


@router.get("/admin", response_class=HTMLResponse)
def show_admin(request: Request, acting: SignedIn, ended: int | None = None) -> Response:
    return _page(request, acting, ended=ended)


@router.post("/admin/sessioner", response_class=HTMLResponse)
def end_sessions(request: Request, acting: SignedIn, form: PostedAnyDay) -> Response:
    ctx = acting.ctx
    email = form.get("email", "")
    if not email:
        return _page(request, acting, error=label("web_required", ctx.lang))
    try:
        count = web_sessions.end_all(ctx, email=email, municipality=acting.who.municipality)
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        return _page(request, acting, error=label(exc.key, ctx.lang, **exc.params), email=email)
    return RedirectResponse(f"/admin?ended={count}", 303)
