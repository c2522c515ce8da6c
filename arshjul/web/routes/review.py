"""Granskning: the coordinators' queue of versions handed in and not yet reviewed. Each is
accepted, or returned with a comment and a new deadline; the form names the version the
coordinator looked at, so a version handed in after the page was opened is not judged
unseen."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.core.instants import parse_day
from arshjul.errors import InvalidInput
from arshjul.services.submissions import ReviewIn, review
from arshjul.services.versions import review_queue
from arshjul.texts import label
from arshjul.web.deps import Acting, Posted, SignedIn
from arshjul.web.rendering import render

router = APIRouter()


def _page(request: Request, acting: Acting, errors: dict[int, str], status: int = 200) -> Response:
    queue = review_queue(acting.view, municipality=acting.who.municipality)
    return render(
        request,
        "review.html",
        {"identity": acting.who, "queue": queue, "errors": errors, "active": "review"},
        status,
    )


@router.get("/granskning", response_class=HTMLResponse)
def show_queue(request: Request, acting: SignedIn) -> Response:
    return _page(request, acting, {})


@router.post("/granskning/{deliverable_id}", response_class=HTMLResponse)
def judge(request: Request, acting: SignedIn, form: Posted, deliverable_id: int) -> Response:
    ctx = acting.ctx
    version = form.get("version", "")
    deadline_text = form.get("new_deadline", "")
    new_deadline = parse_day(deadline_text) if deadline_text else None
    if deadline_text and new_deadline is None:
        return _page(request, acting, {deliverable_id: label("web_bad_date", ctx.lang)}, 422)
    try:
        review(
            ctx,
            ReviewIn(
                str(deliverable_id),
                accept=form.get("verdict") == "accept",
                comment=form.get("comment", "")[:2000],
                new_deadline=new_deadline,
                version=int(version) if version.isdigit() else -1,
            ),
        )
    except InvalidInput as exc:
        message = label(exc.key, ctx.lang, **exc.params)
        status = 409 if exc.key == "newer_version" else 422
        return _page(request, acting, {deliverable_id: message}, status)
    return RedirectResponse("/granskning", 303)
