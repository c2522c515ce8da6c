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

from arshjul.context import Context
from arshjul.core.frames import parse_sek
from arshjul.errors import ArshjulError, UploadRefused
from arshjul.services.submissions import SubmissionIn, submit
from arshjul.services.versions import Target, hand_in_target, receipt, versions_of
from arshjul.texts import label
from arshjul.web.deps import Acting, SignedIn
from arshjul.web.rendering import render
from arshjul.web.security import check_csrf_value
from arshjul.web.uploads import ReceivedForm, receive

router = APIRouter()


def _page(
    request: Request,
    acting: Acting,
    target: Target,
    errors: dict[str, str],
    values: dict[str, str],
    status: int = 200,
) -> Response:
    ctx = acting.ctx
    return render(
        request,
        "deliverable.html",
        {
            "identity": acting.who,
            "target": target,
            "versions": versions_of(ctx, target.deliverable.id or 0),
            "max_mb": ctx.settings.max_file_mb,
            "errors": errors,
            "values": values,
            "active": "mine",
        },
        status,
    )


@router.get("/leveranser/{deliverable_id}", response_class=HTMLResponse)
def show_deliverable(request: Request, acting: SignedIn, deliverable_id: int) -> Response:
    return _page(request, acting, hand_in_target(acting.ctx, deliverable_id), {}, {})


@router.post("/leveranser/{deliverable_id}", response_class=HTMLResponse)
async def hand_in(request: Request, acting: SignedIn, deliverable_id: int) -> Response:
    """Streamed into a private folder, checked, stored by submit(); nothing is kept when
    anything is wrong, and the error stands next to its field. Only reading the body runs
    on the event loop; the disk, the database and hashing run in the pool."""
    ctx, who = acting.ctx, acting.who
    limit = int(ctx.settings.max_file_mb * 1024 * 1024)
    folder = Path(await run_in_threadpool(tempfile.mkdtemp, prefix="arshjul-upload-"))
    try:
        try:
            form = await receive(request, folder / "in", max_file_bytes=limit)
        except UploadRefused as exc:
            check_csrf_value(None, who.csrf, refuse_missing=False)
            return await run_in_threadpool(
                _refused_upload,
                request,
                acting,
                deliverable_id,
                label(exc.key, ctx.lang, **exc.params),
            )
        check_csrf_value(form.fields.get("csrf"), who.csrf)
        return await run_in_threadpool(_store, request, acting, deliverable_id, form)
    finally:
        await run_in_threadpool(shutil.rmtree, folder, ignore_errors=True)


def _refused_upload(
    request: Request, acting: Acting, deliverable_id: int, message: str
) -> Response:
    target = hand_in_target(acting.ctx, deliverable_id)
    return _page(request, acting, target, {"files": message}, {}, 413)


def _store(request: Request, acting: Acting, deliverable_id: int, form: ReceivedForm) -> Response:
    ctx = acting.ctx
    target = hand_in_target(ctx, deliverable_id)
    errors, submission = _validated(ctx, target, form)
    if errors:
        return _page(request, acting, target, errors, form.fields, 422)
    try:
        outcome = submit(ctx, submission)
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        field = "commitments" if "commitments" in exc.key else "files"
        message = label(exc.key, ctx.lang, **exc.params)
        return _page(request, acting, target, {field: message}, form.fields, 422)
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
def show_receipt(request: Request, acting: SignedIn, deliverable_id: int, version: int) -> Response:
    target, found, late = receipt(acting.ctx, deliverable_id, version)
    return render(
        request,
        "receipt.html",
        {
            "identity": acting.who,
            "target": target,
            "version": found,
            "late": late,
            "active": "mine",
        },
    )
