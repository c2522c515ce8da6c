"""Beslut: the decisions register (justering, anslag, appeal window, laga kraft) with the
forms to record a decision and its justering and anslag, for those permitted (the same
services and `authorise` as the CLI)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.core.instants import parse_day
from arshjul.errors import ArshjulError
from arshjul.services.decisions import DecisionIn, DecisionUpdateIn, listing, record, update
from arshjul.texts import label
from arshjul.web.deps import Acting, Posted, SignedIn
from arshjul.web.rendering import render

router = APIRouter()


def _page(
    request: Request, acting: Acting, errors: dict[str, str], form: dict[str, str]
) -> Response:
    municipality, views = listing(acting.view, municipality=acting.who.municipality, year=None)
    return render(
        request,
        "decisions.html",
        {
            "identity": acting.who,
            "municipality": municipality,
            "views": views,
            "errors": errors,
            "form": form,
            "active": "decisions",
        },
        422 if errors else 200,
    )


def _days(
    form: dict[str, str], names: tuple[str, ...], required: tuple[str, ...], suffix: str = ""
) -> tuple[dict[str, dt.date | None], list[str]]:
    """The form's dates by field, and the fields whose text is not a date (or missing)."""
    days: dict[str, dt.date | None] = {}
    bad = []
    for name in names:
        text = form.get(name, "")
        days[name] = parse_day(text) if text else None
        if (text or name in required) and days[name] is None:
            bad.append(name + suffix)
    return days, bad


@router.get("/beslut", response_class=HTMLResponse)
def show_decisions(request: Request, acting: SignedIn) -> Response:
    return _page(request, acting, {}, {})


@router.post("/beslut", response_class=HTMLResponse)
def record_decision(request: Request, acting: SignedIn, form: Posted) -> Response:
    lang = acting.ctx.lang
    days, bad = _days(form, ("meeting_date", "justered", "announced"), ("meeting_date",))
    errors = {name: label("web_bad_date", lang) for name in bad}
    errors |= {
        name: label("web_required", lang)
        for name in ("body", "paragraph", "title")
        if not form.get(name)
    }
    if errors:
        return _page(request, acting, errors, form)
    meeting = days["meeting_date"]
    assert meeting is not None
    try:
        record(
            acting.ctx,
            DecisionIn(
                body_key=form["body"],
                meeting_date=meeting,
                paragraph=form["paragraph"][:40],
                title=form["title"][:300],
                diarienummer=form.get("diarienummer", "")[:100],
                milestone_key=form.get("milestone") or None,
                justered=days["justered"],
                announced=days["announced"],
                omedelbar=form.get("omedelbar") == "on",
                municipality=acting.who.municipality,
            ),
        )
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        return _page(request, acting, {"form": label(exc.key, lang, **exc.params)}, form)
    return RedirectResponse("/beslut", 303)


@router.post("/beslut/{decision_id}", response_class=HTMLResponse)
def update_decision(request: Request, acting: SignedIn, form: Posted, decision_id: int) -> Response:
    lang = acting.ctx.lang
    days, bad = _days(form, ("justered", "announced"), (), f"-{decision_id}")
    errors = {name: label("web_bad_date", lang) for name in bad}
    if not errors:
        try:
            update(acting.ctx, DecisionUpdateIn(decision_id, days["justered"], days["announced"]))
        except ArshjulError as exc:
            if exc.key == "not_permitted":
                raise
            errors[f"form-{decision_id}"] = label(exc.key, lang, **exc.params)
    if errors:
        return _page(request, acting, errors, {})
    return RedirectResponse("/beslut", 303)
