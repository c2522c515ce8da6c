"""Beslut and Ramar: the decisions register (justering, anslag, appeal window, laga kraft)
and the budget frames against the nämnder's submitted totals, each with the form to record
or change them for those permitted (the same services and `authorise` as the CLI); and an
administrator's form to end a person's sessions."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.context import Context
from arshjul.core.frames import parse_sek
from arshjul.core.instants import local_minute, parse_day
from arshjul.core.permissions import Action
from arshjul.errors import ArshjulError
from arshjul.services import web_sessions
from arshjul.services.access import authorise, municipality_scope
from arshjul.services.decisions import DecisionIn, DecisionUpdateIn, listing, record, update
from arshjul.services.frames import FrameIn, frame_lines, set_frame
from arshjul.texts import label, sek
from arshjul.web.app import render
from arshjul.web.auth import Identity, acting
from arshjul.web.security import check_csrf
from models import queries
from models.tables import Municipality

router = APIRouter()


def _decisions(
    request: Request, who: Identity, ctx: Context, errors: dict[str, str], form: dict[str, str]
) -> Response:
    municipality, views = listing(ctx, municipality=who.municipality, year=None)
    return render(
        request,
        "decisions.html",
        {
            "identity": who,
            "municipality": municipality,
            "views": views,
            "errors": errors,
            "form": form,
            "active": "decisions",
        },
        422 if errors else 200,
    )


@router.get("/beslut", response_class=HTMLResponse)
def decisions_page(request: Request, who: Identity) -> Response:
    return _decisions(request, who, acting(request, who), {}, {})


@router.post("/beslut", response_class=HTMLResponse)
async def record_decision(request: Request, who: Identity) -> Response:
    await check_csrf(request, who.csrf)
    ctx = acting(request, who)
    form = {k: str(v).strip() for k, v in (await request.form()).items() if k != "csrf"}
    errors: dict[str, str] = {}
    days = {}
    for name in ("meeting_date", "justered", "announced"):
        text = form.get(name, "")
        days[name] = parse_day(text) if text else None
        if (text or name == "meeting_date") and days[name] is None:
            errors[name] = label("web_bad_date", ctx.lang)
    for name in ("body", "paragraph", "title"):
        if not form.get(name):
            errors[name] = label("web_required", ctx.lang)
    if errors:
        return _decisions(request, who, ctx, errors, form)
    try:
        record(
            ctx,
            DecisionIn(
                body_key=form["body"],
                meeting_date=days["meeting_date"],  # type: ignore[arg-type]
                paragraph=form["paragraph"][:40],
                title=form["title"][:300],
                diarienummer=form.get("diarienummer", "")[:100],
                milestone_key=form.get("milestone") or None,
                justered=days["justered"],
                announced=days["announced"],
                omedelbar=form.get("omedelbar") == "on",
                municipality=who.municipality,
            ),
        )
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        errors["form"] = label(exc.key, ctx.lang, **exc.params)
        return _decisions(request, who, ctx, errors, form)
    return RedirectResponse("/beslut", 303)


@router.post("/beslut/{decision_id}", response_class=HTMLResponse)
async def update_decision(request: Request, who: Identity, decision_id: int) -> Response:
    await check_csrf(request, who.csrf)
    ctx = acting(request, who)
    form = await request.form()
    errors: dict[str, str] = {}
    days = {}
    for name in ("justered", "announced"):
        text = str(form.get(name, "")).strip()
        days[name] = parse_day(text) if text else None
        if text and days[name] is None:
            errors[f"{name}-{decision_id}"] = label("web_bad_date", ctx.lang)
    if not errors:
        try:
            update(ctx, DecisionUpdateIn(decision_id, days["justered"], days["announced"]))
        except ArshjulError as exc:
            if exc.key == "not_permitted":
                raise
            errors[f"form-{decision_id}"] = label(exc.key, ctx.lang, **exc.params)
    if errors:
        return _decisions(request, who, ctx, errors, {})
    return RedirectResponse("/beslut", 303)


def _frames(request: Request, who: Identity, ctx: Context, errors: dict[str, str]) -> Response:
    municipality, cycle, lines = frame_lines(ctx, municipality=who.municipality, year=None)
    return render(
        request,
        "frames.html",
        {
            "identity": who,
            "municipality": municipality,
            "cycle": cycle,
            "lines": lines,
            "sek": sek,
            "errors": errors,
            "active": "frames",
        },
        422 if errors else 200,
    )


@router.get("/ramar", response_class=HTMLResponse)
def frames_page(request: Request, who: Identity) -> Response:
    return _frames(request, who, acting(request, who), {})


@router.post("/ramar/{body}", response_class=HTMLResponse)
async def change_frame(request: Request, who: Identity, body: str) -> Response:
    await check_csrf(request, who.csrf)
    ctx = acting(request, who)
    amount = parse_sek(str((await request.form()).get("amount", "")))
    if amount is None or amount <= 0:
        return _frames(request, who, ctx, {body: label("web_bad_total", ctx.lang)})
    try:
        set_frame(ctx, FrameIn(body_key=body, amount_sek=amount, municipality=who.municipality))
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        return _frames(request, who, ctx, {body: label(exc.key, ctx.lang, **exc.params)})
    return RedirectResponse("/ramar", 303)


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, who: Identity, ended: int | None = None) -> Response:
    ctx = acting(request, who)
    return _admin(request, who, ctx, ended=ended)


def _admin(
    request: Request,
    who: Identity,
    ctx: Context,
    *,
    ended: int | None = None,
    error: str | None = None,
    email: str = "",
) -> Response:
    municipality = _authorise_admin(ctx, who.municipality)
    sessions = web_sessions.active_sessions(ctx, municipality_id=municipality.id or 0)
    return render(
        request,
        "admin.html",
        {
            "identity": who,
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


@router.post("/admin/sessioner", response_class=HTMLResponse)
async def end_sessions(request: Request, who: Identity) -> Response:
    """End every session of a person: a lost laptop, someone who left."""
    await check_csrf(request, who.csrf)
    ctx = acting(request, who)
    municipality = _authorise_admin(ctx, who.municipality)
    email = str((await request.form()).get("email", "")).strip()
    if not email:
        return _admin(request, who, ctx, error=label("web_required", ctx.lang))
    try:
        count = web_sessions.end_all(
            ctx, email=email, by=who.email, municipality_id=municipality.id or 0
        )
    except ArshjulError as exc:
        return _admin(request, who, ctx, error=label(exc.key, ctx.lang, **exc.params), email=email)
    return RedirectResponse(f"/admin?ended={count}", 303)


def _authorise_admin(ctx: Context, code: str | None) -> Municipality:
    from sqlmodel import Session

    with Session(ctx.database()) as session:
        municipality = queries.resolve_municipality(session=session, code=code)
        session.expunge(municipality)
    authorise(ctx, Action.END_SESSIONS, municipality_scope(municipality))
    return municipality
