"""Ramar: KF's budget frame per nämnd against its latest submitted budget total, and the
form to set one for those permitted."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arshjul.core.frames import parse_sek
from arshjul.errors import ArshjulError
from arshjul.services.frames import FrameIn, frame_lines, set_frame
from arshjul.texts import label, sek
from arshjul.web.deps import Acting, Posted, SignedIn
from arshjul.web.rendering import render

router = APIRouter()


def _page(request: Request, acting: Acting, errors: dict[str, str]) -> Response:
    municipality, cycle, lines = frame_lines(
        acting.view, municipality=acting.who.municipality, year=None
    )
    return render(
        request,
        "frames.html",
        {
            "identity": acting.who,
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
def show_frames(request: Request, acting: SignedIn) -> Response:
    return _page(request, acting, {})


@router.post("/ramar/{body}", response_class=HTMLResponse)
def change_frame(request: Request, acting: SignedIn, form: Posted, body: str) -> Response:
    ctx = acting.ctx
    amount = parse_sek(form.get("amount", ""))
    if amount is None or amount <= 0:
        return _page(request, acting, {body: label("web_bad_total", ctx.lang)})
    try:
        set_frame(
            ctx, FrameIn(body_key=body, amount_sek=amount, municipality=acting.who.municipality)
        )
    except ArshjulError as exc:
        if exc.key == "not_permitted":
            raise
        return _page(request, acting, {body: label(exc.key, ctx.lang, **exc.params)})
    return RedirectResponse("/ramar", 303)
