"""A deliverable's page: its status and the deadline in force, the versions with their
files (opened in the page or downloaded, each with its SHA-256), the hand-in form for the
body's secretaries (with the goals to choose where the milestone collects commitments), a
new deadline and a reminder for the coordinators; and each version's receipt. Who sees
which part is what `authorise` allows them (WebIdentity.may)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.context import Context
from arshjul.core.assessments import document_from_fields
from arshjul.core.frames import parse_sek
from arshjul.core.instants import parse_day
from arshjul.core.problems import Severity
from arshjul.errors import ArshjulError, InvalidFile, UploadRefused
from arshjul.services.assessments import AssessmentForm, assessment_form
from arshjul.services.deadlines import ExtensionIn, extend
from arshjul.services.files import open_file
from arshjul.services.not_applicable import NotApplicableIn, mark
from arshjul.services.submissions import SubmissionIn, submit
from arshjul.services.versions import (
    DeliverablePage,
    Target,
    deliverable_page,
    hand_in_target,
    receipt,
)
from arshjul.texts import label, problem_message
from arshjul.web.deps import Acting, Posted, SignedIn, refuse_on_another_day
from arshjul.web.rendering import render
from arshjul.web.security import check_csrf_value
from arshjul.web.uploads import ReceivedForm, receive, safe_name

router = APIRouter()
MAX_STATEMENT = 2000  # a contribution or vision statement, characters


def _page(
    request: Request,
    acting: Acting,
    deliverable_id: int,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    page = deliverable_page(acting.view, deliverable_id)
    target = page.target
    assessing = (
        assessment_form(acting.view, str(deliverable_id))
        if target.milestone.collects == "assessments" and acting.who.may("submit", target.body.key)
        else None
    )
    return render(
        request,
        "deliverable.html",
        {
            "identity": acting.who,
            "page": page,
            "target": target,
            "assessing": assessing,
            "max_mb": acting.ctx.settings.max_file_mb,
            "errors": errors or {},
            "values": values if values is not None else _prefilled(page, assessing),
            "active": "mine" if acting.who.permitted("submit", page.target.body.key) else "board",
        },
        status,
    )


def _prefilled(page: DeliverablePage, assessing: AssessmentForm | None) -> dict[str, str]:
    """The form starts from the body's last commitments, and a report from its last
    assessments: a new version changes only what changed."""
    values: dict[str, str] = {}
    for row in assessing.rows if assessing else ():
        values[row.assessment_field] = row.level.value if row.level else ""
        values[row.comment_field] = row.comment
        values |= {i.field: i.value for i in row.indicators}
    if page.chosen is None:
        return values
    values |= {f"goal-{n}": "on" for n in page.chosen.goals}
    values |= {f"contribution-{n}": text for n, text in page.chosen.goal_statements.items()}
    values |= {f"vision-{key}": text for key, text in page.chosen.vision_statements.items()}
    return values


@router.get("/leveranser/{deliverable_id}", response_class=HTMLResponse)
def show_deliverable(request: Request, acting: SignedIn, deliverable_id: int) -> Response:
    return _page(request, acting, deliverable_id)


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
            message = label(exc.key, ctx.lang, **exc.params)
            return await run_in_threadpool(
                _page, request, acting, deliverable_id, {"files": message}, {}, 413
            )
        check_csrf_value(form.fields.get("csrf"), who.csrf)
        refuse_on_another_day(request, who)
        return await run_in_threadpool(_store, request, acting, deliverable_id, form)
    finally:
        await run_in_threadpool(shutil.rmtree, folder, ignore_errors=True)


def _store(request: Request, acting: Acting, deliverable_id: int, form: ReceivedForm) -> Response:
    ctx = acting.ctx
    target = hand_in_target(ctx, deliverable_id)
    errors, submission = _validated(ctx, target, form)
    if errors:
        return _page(request, acting, deliverable_id, errors, form.fields, 422)
    try:
        outcome = submit(ctx, submission)
    except InvalidFile as exc:
        return _page(request, acting, deliverable_id, _field_errors(ctx, exc), form.fields, 422)
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        field = "commitments" if "commitments" in exc.key else "files"
        message = label(exc.key, ctx.lang, **exc.params)
        return _page(request, acting, deliverable_id, {field: message}, form.fields, 422)
    return RedirectResponse(f"/leveranser/{deliverable_id}/kvitto/{outcome.version}", 303)


def _field_errors(ctx: Context, exc: InvalidFile) -> dict[str, str]:
    """Each problem of the commitments next to its field: `goals`, `contribution-3`,
    `vision-tillvaxt` (a file's problems go to the file field with their line)."""
    if exc.params.get("file") != "formuläret":
        return {"commitments": label(exc.key, ctx.lang, **exc.params)}
    errors: dict[str, str] = {}
    for problem in exc.problems:
        if problem.severity is not Severity.ERROR:
            continue
        if problem.field.count(".") >= 2:  # an assessment's input, named by its path
            errors.setdefault(problem.field, problem_message(problem, ctx.lang))
            continue
        section, _, key = problem.field.partition(".")
        name = {"contributions": f"contribution-{key}", "vision": f"vision-{key}"}.get(
            section, "goals"
        )
        errors.setdefault(name, problem_message(problem, ctx.lang))
    return errors


def _chosen(fields: dict[str, str]) -> dict[str, Any] | None:
    """The commitments the form's checkboxes and texts give, as `commitments check` reads
    a file; None when the form chose nothing (a file may be handed in instead)."""
    goals = sorted(int(k[5:]) for k in fields if k.startswith("goal-") and k[5:].isdigit())
    vision = {
        k[7:]: v[:MAX_STATEMENT] for k, v in fields.items() if k.startswith("vision-") and v.strip()
    }
    if not goals and not vision:
        return None
    return {
        "goals": goals,
        "contributions": {n: fields.get(f"contribution-{n}", "")[:MAX_STATEMENT] for n in goals},
        "vision": vision,
    }


def _validated(
    ctx: Context, target: Target, form: ReceivedForm
) -> tuple[dict[str, str], SubmissionIn]:
    errors: dict[str, str] = {}
    collects = target.milestone.collects
    documents = [path for name, path in form.files if name == "files" and path.stat().st_size]
    commitments = [p for name, p in form.files if name == "commitments" and p.stat().st_size]
    chosen = _chosen(form.fields) if collects == "commitments" and not commitments else None
    if collects == "commitments" and not commitments and chosen is None:
        errors["goals"] = label("web_choose_goals", ctx.lang)
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
        commitments_form=chosen,
        assessments=(document_from_fields(form.fields) or None)
        if collects == "assessments"
        else None,
    )
    return errors, submission


@router.post("/leveranser/{deliverable_id}/tidsfrist", response_class=HTMLResponse)
def give_deadline(
    request: Request, acting: SignedIn, form: Posted, deliverable_id: int
) -> Response:
    """A coordinator gives this body a deadline of its own (with the reason, audited; a
    changed-date notice to its secretaries)."""
    ctx = acting.ctx
    day = parse_day(form.get("deadline", ""))
    if day is None:
        errors = {"deadline": label("web_bad_date", ctx.lang)}
        return _page(request, acting, deliverable_id, errors, form, 422)
    try:
        extend(ctx, ExtensionIn(str(deliverable_id), day, form.get("reason", "")[:1000]))
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        field = "reason" if "reason" in exc.key else "deadline"
        message = label(exc.key, ctx.lang, **exc.params)
        return _page(request, acting, deliverable_id, {field: message}, form, 422)
    return RedirectResponse(f"/leveranser/{deliverable_id}?tidsfrist=1", 303)


@router.post("/leveranser/{deliverable_id}/inte-aktuell", response_class=HTMLResponse)
def mark_not_applicable(
    request: Request, acting: SignedIn, form: Posted, deliverable_id: int
) -> Response:
    """A coordinator marks this body's deliverable "inte aktuell" (with the reason,
    audited), or takes the mark back (`applies`)."""
    ctx = acting.ctx
    applies = form.get("applies") == "1"
    reason = form.get("na_reason", "")[:1000]
    try:
        mark(ctx, NotApplicableIn(str(deliverable_id), reason, applies))
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        message = label(exc.key, ctx.lang, **exc.params)
        return _page(request, acting, deliverable_id, {"na_reason": message}, form, 422)
    return RedirectResponse(f"/leveranser/{deliverable_id}?inte-aktuell=1", 303)


@router.get("/leveranser/{deliverable_id}/kvitto/{version}", response_class=HTMLResponse)
def show_receipt(request: Request, acting: SignedIn, deliverable_id: int, version: int) -> Response:
    target, found, late = receipt(acting.view, deliverable_id, version)
    values = {"identity": acting.who, "target": target, "version": found, "late": late}
    return render(request, "receipt.html", {**values, "active": "mine"})


@router.get("/filer/{sha256}")
def open_stored(
    request: Request, acting: SignedIn, sha256: str, namn: str = "fil", visa: str = ""
) -> Response:
    """A stored file, shown in the page (PDF, images, text) or downloaded under the name it
    was handed in with; its checksum in a header."""
    found = open_file(
        acting.ctx, municipality=acting.who.municipality, sha256=sha256, inline=bool(visa)
    )
    name = safe_name(namn).replace('"', "")
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    disposition = "inline" if found.inline else "attachment"
    media_type = found.media_type if found.inline else "application/octet-stream"
    if media_type == "text/plain":
        media_type = "text/plain; charset=utf-8"
    return Response(
        found.data,
        media_type=media_type,
        headers={
            "content-disposition": f'{disposition}; filename="{ascii_name}"; '
            f"filename*=UTF-8''{quote(name)}",
            "x-content-sha256": found.sha256,
        },
    )
