"""Personer: the municipality's people, body by body, and the stand-ins (ersättare) under
way or ahead, with the forms to arrange and end one for those who may (coordinators,
admins)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.core.instants import parse_day
from arshjul.errors import ArshjulError
from arshjul.services.people import people_by_body
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
    return render(
        request,
        "people.html",
        {
            "identity": acting.who,
            "bodies": people_by_body(acting.view, municipality=municipality),
            "stand_ins": current(acting.view, municipality=municipality),
            "errors": errors or {},
            "form": form or {},
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
