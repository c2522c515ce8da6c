"""A deliverable's page for the body's secretary: its deadline and status, the versions
handed in with their files and SHA-256, the hand-in form, and each version's receipt.
Opening another body's page is refused like a hand-in would be (and audited)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.frames import parse_sek
from arshjul.core.instants import STOCKHOLM
from arshjul.core.lateness import hand_in_lateness
from arshjul.core.permissions import Action
from arshjul.errors import ArshjulError, InvalidInput
from arshjul.services.access import Target, authorise, load_target
from arshjul.services.submissions import SubmissionIn, submit
from arshjul.texts import label
from arshjul.web.auth import Identity, acting
from arshjul.web.security import check_csrf_value
from arshjul.web.uploads import ReceivedForm, UploadRefused, receive
from models.tables import Submission, SubmissionFile

router = APIRouter()


def _target(ctx: Context, deliverable_id: int) -> Target:
    target = load_target(ctx, str(deliverable_id), None, None)
    authorise(ctx, Action.SUBMIT, target.scope)
    return target


def _versions(ctx: Context, deliverable_id: int) -> list[dict[str, object]]:
    with Session(ctx.database()) as session:
        submissions = session.exec(
            select(Submission)
            .where(Submission.deliverable_id == deliverable_id)
            .order_by(col(Submission.version).desc())
        ).all()
        files = session.exec(
            select(SubmissionFile).where(
                col(SubmissionFile.submission_id).in_([s.id for s in submissions])
            )
        ).all()
    return [
        {
            "submission": s,
            "at": s.submitted_at.astimezone(STOCKHOLM),
            "files": [f for f in files if f.submission_id == s.id],
        }
        for s in submissions
    ]


def _page(
    request: Request,
    ctx: Context,
    who: Identity,
    target: Target,
    errors: dict[str, str],
    values: dict[str, str],
    status: int = 200,
) -> Response:
    response: Response = request.app.state.templates.TemplateResponse(
        request,
        "deliverable.html",
        {
            "identity": who,
            "target": target,
            "versions": _versions(ctx, target.deliverable.id or 0),
            "max_mb": ctx.settings.max_file_mb,
            "errors": errors,
            "values": values,
            "active": "mine",
        },
        status_code=status,
    )
    return response


@router.get("/leveranser/{deliverable_id}", response_class=HTMLResponse)
def deliverable_page(request: Request, who: Identity, deliverable_id: int) -> Response:
    ctx = acting(request, who)
    return _page(request, ctx, who, _target(ctx, deliverable_id), {}, {})


@router.post("/leveranser/{deliverable_id}", response_class=HTMLResponse)
async def hand_in(request: Request, who: Identity, deliverable_id: int) -> Response:
    """Streamed into a private folder, checked, stored by submit(); nothing is kept when
    anything is wrong, and the error stands next to its field."""
    ctx = acting(request, who)
    limit = int(ctx.settings.max_file_mb * 1024 * 1024)
    folder = Path(tempfile.mkdtemp(prefix="arshjul-upload-"))
    try:
        try:
            form = await receive(request, folder / "in", max_file_bytes=limit)
        except UploadRefused as exc:
            check_csrf_value(None, who.csrf, refuse_missing=False)
            target = _target(ctx, deliverable_id)
            message = label(exc.key, ctx.lang, **exc.params)
            return _page(request, ctx, who, target, {"files": message}, {}, 413)
        check_csrf_value(form.fields.get("csrf"), who.csrf)
        target = _target(ctx, deliverable_id)
        errors, submission = _validated(ctx, target, form)
        if errors:
            return _page(request, ctx, who, target, errors, form.fields, 422)
        try:
            outcome = await run_in_threadpool(submit, ctx, submission)  # hashes, copies
        except ArshjulError as exc:
            field = "commitments" if "commitments" in exc.key else "files"
            message = label(exc.key, ctx.lang, **exc.params)
            return _page(request, ctx, who, target, {field: message}, form.fields, 422)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return RedirectResponse(f"/leveranser/{deliverable_id}/kvitto/{outcome.version}", 303)


def _validated(
    ctx: Context, target: Target, form: ReceivedForm
) -> tuple[dict[str, str], SubmissionIn]:
    errors: dict[str, str] = {}
    documents = [path for name, path in form.files if name == "files" and path.stat().st_size]
    commitments = [p for name, p in form.files if name == "commitments" and p.stat().st_size]
    if not documents:
        errors["files"] = label("web_no_files", ctx.lang)
    total = None
    raw_total = form.fields.get("budget_total", "").strip()
    if raw_total:
        total = parse_sek(raw_total)
        if total is None:
            errors["budget_total"] = label("web_bad_total", ctx.lang)
    submission = SubmissionIn(
        str(target.deliverable.id),
        tuple(documents),
        comment=form.fields.get("comment", "")[:2000],
        diarienummer=form.fields.get("diarienummer", "")[:100],
        budget_total_sek=total,
        commitments_path=commitments[0] if commitments else None,
    )
    return errors, submission


@router.get("/leveranser/{deliverable_id}/kvitto/{version}", response_class=HTMLResponse)
def receipt_page(request: Request, who: Identity, deliverable_id: int, version: int) -> Response:
    ctx = acting(request, who)
    target = _target(ctx, deliverable_id)
    found = [v for v in _versions(ctx, deliverable_id) if v["submission"].version == version]  # type: ignore[attr-defined]
    if not found:
        raise InvalidInput("unknown_deliverable", ref=f"{deliverable_id}/{version}")
    submission = found[0]["submission"]
    late = hand_in_lateness(target.milestone.deadline, submission.submitted_at)  # type: ignore[attr-defined]
    response: Response = request.app.state.templates.TemplateResponse(
        request,
        "receipt.html",
        {"identity": who, "target": target, "version": found[0], "late": late, "active": "mine"},
    )
    return response
