"""Changing the wheel in the browser, for coordinators: the version history with each
version's download, a template uploaded (or pasted) and previewed before it is applied,
and a body's meeting dates for a year pasted, previewed and applied. Each preview carries
the version it was made against; applying after someone else's change is refused with
the new preview's link. Thin: the services decide, validate and store."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.errors import ArshjulError, InvalidFile, TemplateInvalid, WheelChanged
from arshjul.services.meeting_calendars import (
    CalendarIn,
    apply_calendar,
    calendar_bodies,
    preview_calendar,
)
from arshjul.services.wheel_changes import Change, apply_change, preview_change
from arshjul.services.wheel_versions import history, version_text
from arshjul.texts import label, problem_line
from arshjul.web.deps import Acting, Posted, PostedTemplate, SignedIn
from arshjul.web.rendering import render

router = APIRouter()


def _rule(rule: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in rule.items()) or "–"


def _versions_page(
    request: Request,
    acting: Acting,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    municipality, versions = history(acting.view, municipality=acting.who.municipality)
    values = {
        "identity": acting.who,
        "municipality": municipality,
        "versions": versions,
        "errors": errors or {},
        "form": form or {},
        "default_year": acting.view.default_budget_year(),
        "active": "versions",
    }
    return render(request, "wheel_versions.html", values, status)


@router.get("/arshjul/versioner", response_class=HTMLResponse)
def show_versions(request: Request, acting: SignedIn) -> Response:
    return _versions_page(request, acting)


@router.get("/arshjul/versioner/{version}.yaml")
def download_version(request: Request, acting: SignedIn, version: int) -> Response:
    found = version_text(acting.view, municipality=acting.who.municipality, version=version)
    return Response(
        found.text.encode("utf-8"),
        media_type="application/yaml; charset=utf-8",
        headers={
            "content-disposition": f'attachment; filename="{found.download_name}"',
            "x-content-sha256": found.sha256,
        },
    )


def _template_change(fields: dict[str, str], text: str, base: str | None) -> Change:
    year = fields.get("year", "")
    name = fields.get("file_name") or "uppladdad.yaml"
    return Change(
        text,
        name,
        int(year) if year.isdigit() else 0,
        base,
        fields.get("reason", "")[:500],
        "upload",
    )


def _problems_text(acting: Acting, exc: ArshjulError) -> str:
    lines = [problem_line(p, acting.ctx.lang) for p in getattr(exc, "problems", [])]
    return "\n".join([*lines, label(exc.key, acting.ctx.lang, **exc.params)])


def _refused(request: Request, acting: Acting, exc: ArshjulError, back: str) -> Response:
    """Why applying failed (the wheel changed since the preview, the text is invalid),
    with the way to preview again; 409, nothing stored."""
    values = {"identity": acting.who, "text": _problems_text(acting, exc), "back": back}
    return render(request, "wheel_refused.html", values, 409)


def _preview_or_errors(
    request: Request,
    acting: Acting,
    change: Change,
    fields: dict[str, str],
    changed: str = "",
) -> Response:
    """The preview of `change` against the wheel as it is now (with `changed`, why the
    last one was refused: 409), or the form with its errors."""
    if not 1900 <= change.budget_year <= 2200:
        return _versions_page(
            request, acting, {"year": label("web_bad_year", acting.ctx.lang)}, fields, 422
        )
    try:
        found = preview_change(acting.ctx, change)
    except (TemplateInvalid, InvalidFile) as exc:
        return _versions_page(request, acting, {"file": _problems_text(acting, exc)}, fields, 422)
    values = {
        "identity": acting.who,
        "preview": found,
        "rule": _rule,
        "apply_action": "/arshjul/versioner/tillampa",
        "hidden": {
            "text": change.text,
            "year": str(change.budget_year),
            "reason": change.reason,
            "file_name": change.file,
            "base": found.base_sha256,
        },
        "back": "/arshjul/versioner",
        "active": "versions",
        "changed": changed,
    }
    return render(request, "wheel_preview.html", values, 409 if changed else 200)


@router.post("/arshjul/versioner/forhandsgranska", response_class=HTMLResponse)
def preview_template(request: Request, acting: SignedIn, form: PostedTemplate) -> Response:
    change = _template_change(form, form.get("text", ""), None)
    return _preview_or_errors(request, acting, change, form)


def _apply_template(
    request: Request, acting: Acting, fields: dict[str, str], text: str
) -> Response:
    change = _template_change(fields, text, fields.get("base", ""))
    try:
        done = apply_change(acting.ctx, change)
    except WheelChanged as exc:  # no lost update: the new preview, and why
        message = label(exc.key, acting.ctx.lang, **exc.params)
        return _preview_or_errors(
            request, acting, replace(change, base_sha256=None), fields, message
        )
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        return _refused(request, acting, exc, "/arshjul/versioner")
    return RedirectResponse(f"/arshjul/versioner?tillampad={done.version}", 303)


@router.post("/arshjul/versioner/tillampa", response_class=HTMLResponse)
def apply_template(request: Request, acting: SignedIn, form: PostedTemplate) -> Response:
    return _apply_template(request, acting, form, form.get("text", ""))


def _meetings_page(
    request: Request,
    acting: Acting,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    bodies = calendar_bodies(acting.view, municipality=acting.who.municipality)
    values = {
        "identity": acting.who,
        "bodies": bodies,
        "errors": errors or {},
        "form": form or {},
        "default_year": acting.view.today().year + 1,
        "active": "versions",
    }
    return render(request, "meetings.html", values, status)


@router.get("/arshjul/sammantraden", response_class=HTMLResponse)
def show_meetings(request: Request, acting: SignedIn) -> Response:
    return _meetings_page(request, acting)


def _calendar_form(acting: Acting, form: dict[str, str]) -> CalendarIn | None:
    year = form.get("year", "")
    if not year.isdigit() or not 1900 <= int(year) <= 2200:
        return None
    return CalendarIn(
        form.get("body", ""),
        int(year),
        form.get("dates", "")[:5000],
        acting.who.municipality,
        form.get("reason", "")[:500],
        label("web_meetings_dates", acting.ctx.lang),
    )


def _meetings_preview(
    request: Request, acting: Acting, form: dict[str, str], changed: str = ""
) -> Response:
    """The dates' preview against the wheel as it is now (with `changed`, why the last
    apply was refused: 409), or the form with its errors."""
    lang = acting.ctx.lang
    calendar = _calendar_form(acting, form)
    if calendar is None:
        return _meetings_page(request, acting, {"year": label("web_bad_year", lang)}, form, 422)
    try:
        change, previews = preview_calendar(acting.ctx, calendar)
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        field = "body" if exc.key in ("unknown_body", "meeting_calendar_not_editable") else "dates"
        return _meetings_page(request, acting, {field: _problems_text(acting, exc)}, form, 422)
    values = {
        "identity": acting.who,
        "previews": previews,
        "warnings": [problem_line(p, lang) for p in change.warnings],
        "rule": _rule,
        "apply_action": "/arshjul/sammantraden/tillampa",
        "hidden": {**form, "base": change.base_sha256},
        "back": "/arshjul/sammantraden",
        "active": "versions",
        "changed": changed,
    }
    return render(request, "wheel_preview.html", values, 409 if changed else 200)


@router.post("/arshjul/sammantraden/forhandsgranska", response_class=HTMLResponse)
def preview_meetings(request: Request, acting: SignedIn, form: Posted) -> Response:
    return _meetings_preview(request, acting, form)


@router.post("/arshjul/sammantraden/tillampa", response_class=HTMLResponse)
def apply_meetings(request: Request, acting: SignedIn, form: Posted) -> Response:
    calendar = _calendar_form(acting, form)
    if calendar is None:
        return _meetings_page(
            request, acting, {"year": label("web_bad_year", acting.ctx.lang)}, form, 422
        )
    try:
        _, done = apply_calendar(acting.ctx, calendar, base_sha256=form.get("base", ""))
    except WheelChanged as exc:  # no lost update: the new preview, and why
        message = label(exc.key, acting.ctx.lang, **exc.params)
        return _meetings_preview(
            request, acting, {k: v for k, v in form.items() if k != "base"}, message
        )
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        return _refused(request, acting, exc, "/arshjul/sammantraden")
    version = done[-1].version if done else 0
    return RedirectResponse(f"/arshjul/versioner?tillampad={version}", 303)
