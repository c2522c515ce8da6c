"""Personer: the municipality's people, body by body, and the stand-ins (ersättare) under
way or ahead, with the forms to arrange and end one for those who may (coordinators,
admins); for administrators, the form that adds, changes or removes a person of a body,
previewed before it is applied as a new version of the wheel."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.core.instants import parse_day
from arshjul.errors import ArshjulError, WheelChanged
from arshjul.services.meeting_calendars import calendar_bodies
from arshjul.services.people import people_by_body
from arshjul.services.people_changes import ROLES, PersonIn, Verb, apply_person, preview_person
from arshjul.services.stand_ins import StandInIn, add, current, end
from arshjul.texts import label
from arshjul.web.deps import Acting, Posted, SignedIn
from arshjul.web.rendering import render

router = APIRouter()
FIELDS = {"for": "for", "by": "by", "from": "first", "until": "last", "reason": "reason"}


def _page(
    request: Request,
    acting: Acting,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    municipality = acting.who.municipality
    admin = acting.who.may("change_people")
    return render(
        request,
        "people.html",
        {
            "identity": acting.who,
            "bodies": people_by_body(acting.view, municipality=municipality),
            "stand_ins": current(acting.view, municipality=municipality),
            "errors": errors or {},
            "form": form or {},
            "wheel_bodies": calendar_bodies(acting.view, municipality=municipality)
            if admin
            else [],
            "roles_options": [(r, r) for r in ROLES],
            "active": "people",
        },
        status,
    )


@router.get("/personer", response_class=HTMLResponse)
def show_people(request: Request, acting: SignedIn) -> Response:
    return _page(request, acting)


@router.post("/personer/ersattare", response_class=HTMLResponse)
def add_stand_in(request: Request, acting: SignedIn, form: Posted) -> Response:
    lang = acting.ctx.lang
    first, last = parse_day(form.get("first", "")), parse_day(form.get("last", ""))
    errors = {
        name: label("web_bad_date", lang)
        for name, day in (("first", first), ("last", last))
        if day is None
    }
    if errors or first is None or last is None:
        return _page(request, acting, errors, form, 422)
    try:
        add(
            acting.ctx,
            StandInIn(
                form.get("for", ""),
                form.get("by", ""),
                first,
                last,
                form.get("reason", "")[:1000],
                acting.who.municipality,
            ),
        )
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        field = str(exc.params.get("field", "for"))
        message = label(exc.key, lang, **exc.params)
        return _page(request, acting, {FIELDS.get(field, field): message}, form, 422)
    return RedirectResponse("/personer#ersattare", 303)


@router.post("/personer/ersattare/{stand_in_id}/avsluta", response_class=HTMLResponse)
def end_stand_in(request: Request, acting: SignedIn, form: Posted, stand_in_id: int) -> Response:
    end(acting.ctx, stand_in_id=stand_in_id, municipality=acting.who.municipality)
    return RedirectResponse("/personer#ersattare", 303)


def _rule(rule: dict[str, object]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in rule.items()) or "–"


VERBS: dict[str, Verb] = {"add": "add", "change": "change", "remove": "remove"}
PERSON_FIELDS = ("verb", "body", "email", "name", "role", "was_role", "reason")


def _person_form(acting: Acting, form: dict[str, str]) -> PersonIn:
    return PersonIn(
        VERBS.get(form.get("verb", ""), "add"),
        form.get("body", "")[:100],
        form.get("email", "").strip()[:300],
        form.get("name", "")[:300],
        form.get("role", "")[:50],
        form.get("was_role", "")[:50],
        acting.who.municipality,
        form.get("reason", "")[:500],
    )


def _person_preview(
    request: Request, acting: Acting, form: dict[str, str], changed: str = ""
) -> Response:
    """The person's change previewed against the wheel as it is now (with `changed`, why
    the last apply was refused: 409), or the Personer page with the error by its field."""
    person = _person_form(acting, form)
    try:
        change, previews = preview_person(acting.ctx, person)
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        field = "p-" + str(exc.params.get("field", "email"))
        message = label(exc.key, acting.ctx.lang, **exc.params)
        return _page(request, acting, {field: message}, form, 422)
    values = {
        "identity": acting.who,
        "previews": previews,
        "person": change,
        "lost": sorted({e for _, e, _ in change.lost}),
        "rule": _rule,
        "apply_action": "/personer/andra/tillampa",
        "hidden": {k: form.get(k, "") for k in PERSON_FIELDS} | {"base": change.base_sha256},
        "back": "/personer#andra",
        "active": "people",
        "changed": changed,
    }
    return render(request, "wheel_preview.html", values, 409 if changed else 200)


@router.post("/personer/andra/forhandsgranska", response_class=HTMLResponse)
def preview_person_change(request: Request, acting: SignedIn, form: Posted) -> Response:
    return _person_preview(request, acting, form)


@router.post("/personer/andra/tillampa", response_class=HTMLResponse)
def apply_person_change(request: Request, acting: SignedIn, form: Posted) -> Response:
    try:
        _, done, _ = apply_person(
            acting.ctx, _person_form(acting, form), base_sha256=form.get("base", "")
        )
    except WheelChanged as exc:  # no lost update: the new preview, and why
        message = label(exc.key, acting.ctx.lang, **exc.params)
        return _person_preview(
            request, acting, {k: v for k, v in form.items() if k != "base"}, message
        )
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        field = "p-" + str(exc.params.get("field", "email"))
        return _page(
            request, acting, {field: label(exc.key, acting.ctx.lang, **exc.params)}, form, 422
        )
    version = done[-1].version if done else 0
    return RedirectResponse(f"/personer?tillampad={version}#andra", 303)
