"""Granskning: the coordinators' queue of versions handed in and not yet reviewed. Each is
accepted, or returned with a comment and a new deadline; the form names the version the
coordinator looked at, so a version handed in after the page was opened is not judged
unseen."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.instants import STOCKHOLM, parse_day
from arshjul.core.permissions import Action
from arshjul.errors import InvalidInput
from arshjul.services.access import authorise, municipality_scope
from arshjul.services.submissions import ReviewIn, review
from arshjul.texts import label
from arshjul.web.auth import Identity, acting
from arshjul.web.security import check_csrf
from models import queries
from models.tables import Body, Deliverable, Milestone, Submission, SubmissionFile

router = APIRouter()


def _queue(ctx: Context, code: str | None) -> list[dict[str, object]]:
    with Session(ctx.database()) as session:
        municipality = queries.resolve_municipality(session=session, code=code)
        authorise(ctx, Action.REVIEW, municipality_scope(municipality))
        rows = session.exec(
            select(Submission, Deliverable, Milestone, Body)
            .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .where(Submission.municipality_id == municipality.id)
            .order_by(col(Submission.submitted_at))
        ).all()
        latest: dict[int, tuple[Submission, Deliverable, Milestone, Body]] = {}
        for row in rows:
            current = latest.get(row[1].id or 0)
            if current is None or row[0].version > current[0].version:
                latest[row[1].id or 0] = row
        waiting = [row for row in latest.values() if row[0].review is None]
        files = session.exec(
            select(SubmissionFile).where(
                col(SubmissionFile.submission_id).in_([s.id for s, *_ in waiting])
            )
        ).all()
    return [
        {
            "submission": s,
            "deliverable": d,
            "milestone": m,
            "body": b,
            "at": s.submitted_at.astimezone(STOCKHOLM),
            "files": [f for f in files if f.submission_id == s.id],
        }
        for s, d, m, b in waiting
    ]


def _page(
    request: Request, who: Identity, ctx: Context, errors: dict[int, str], status: int = 200
) -> Response:
    response: Response = request.app.state.templates.TemplateResponse(
        request,
        "review.html",
        {
            "identity": who,
            "queue": _queue(ctx, who.municipality),
            "errors": errors,
            "active": "review",
        },
        status_code=status,
    )
    return response


@router.get("/granskning", response_class=HTMLResponse)
def queue_page(request: Request, who: Identity) -> Response:
    return _page(request, who, acting(request, who), {})


@router.post("/granskning/{deliverable_id}", response_class=HTMLResponse)
async def judge(request: Request, who: Identity, deliverable_id: int) -> Response:
    await check_csrf(request, who.csrf)
    ctx = acting(request, who)
    form = await request.form()
    version = str(form.get("version", ""))
    deadline_text = str(form.get("new_deadline", "")).strip()
    new_deadline = parse_day(deadline_text) if deadline_text else None
    if deadline_text and new_deadline is None:
        message = label("web_bad_date", ctx.lang)
        return _page(request, who, ctx, {deliverable_id: message}, 422)
    try:
        review(
            ctx,
            ReviewIn(
                str(deliverable_id),
                accept=form.get("verdict") == "accept",
                comment=str(form.get("comment", ""))[:2000],
                new_deadline=new_deadline,
                version=int(version) if version.isdigit() else -1,
            ),
        )
    except InvalidInput as exc:
        message = label(exc.key, ctx.lang, **exc.params)
        status = 409 if exc.key == "newer_version" else 422
        return _page(request, who, ctx, {deliverable_id: message}, status)
    return RedirectResponse("/granskning", 303)
