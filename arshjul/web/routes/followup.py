"""Uppföljning: the follow-up rolled up for KF (vision area × nämnd and goal × nämnd, each
cell the latest assessment with its trend and the comments a click away; the summary per
area and goal; the gaps; the section for the annual report), with its XLSX, JSON and
Markdown downloads. Coordinators, admins and KF's presidium may read it (the service
decides, and records a refusal)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from arshjul.context import Context
from arshjul.core.assessments import Level
from arshjul.core.commitments import CommitmentKind
from arshjul.core.indicators import format_number
from arshjul.errors import NotFound
from arshjul.services.followup import authorise_reader, followup_view
from arshjul.services.followup_report import (
    FollowupView,
    as_data,
    as_html,
    as_markdown,
    as_xlsx,
    gap_lines,
)
from arshjul.texts import label
from arshjul.web.deps import SignedIn
from arshjul.web.rendering import fragment, message_page, render

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEVEL_SYMBOLS = {"met": "●", "partly_met": "◐", "not_met": "○", "not_assessable": "?"}
TREND_SYMBOLS = {"up": "↑", "down": "↓", "same": "→", "first": "•", "unknown": "?"}


@dataclass(frozen=True)
class Page:
    """What the page shows, kept per state of the data: the view, its tables and the
    annual report's section, each rendered once (like the board's table)."""

    view: FollowupView
    tables: Markup
    section: Markup
    gaps: tuple[str, ...]


def _year(year: int | None) -> int | None:
    return year if year is not None and 1900 <= year <= 2200 else None


def _view(request: Request, ctx: Context, code: str | None, year: int | None) -> FollowupView:
    municipality = authorise_reader(ctx, municipality=code)
    found: FollowupView = request.app.state.views.view(
        ctx,
        code,
        ("followup", year),
        lambda: followup_view(ctx, municipality=municipality, year=year),
    )
    return found


@router.get("/uppfoljning", response_class=HTMLResponse)
def show_followup(request: Request, acting: SignedIn, year: int | None = None) -> Response:
    ctx, who = acting.ctx, acting.who
    try:
        view = _view(request, ctx, who.municipality, _year(year))
    except NotFound as exc:
        text = label(exc.key, ctx.lang, **exc.params)
        return message_page(request, None, 404, text=text, identity=who, active="followup")
    page: Page = request.app.state.views.view(
        ctx,
        who.municipality,
        ("followup page", view.cycle.budget_year),
        lambda: Page(
            view,
            Markup(fragment(request, "followup_tables.html", **_table_values(view, ctx.lang))),
            Markup(as_html(view, ctx.lang)),
            tuple(gap_lines(view, ctx.lang)),
        ),
    )
    return render(
        request,
        "followup.html",
        {"identity": who, "page": page, "view": view, "active": "followup"},
    )


def _table_values(view: FollowupView, lang: str) -> dict[str, object]:
    return {
        "view": view,
        "kinds": (
            (CommitmentKind.VISION, "areas", "followup_areas", "followup_area"),
            (CommitmentKind.GOAL, "goals", "followup_goals", "followup_goal"),
        ),
        "level_symbols": LEVEL_SYMBOLS,
        "trend_symbols": TREND_SYMBOLS,
        "level_name": lambda level: view.scale.name(level, lang),
        "met": lambda summary: summary.levels[Level.MET],
        "number": format_number,
    }


def _attachment(name: str) -> dict[str, str]:
    """The name is ASCII (a kommunkod and a year)."""
    return {
        "content-disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    }


def _name(view: FollowupView, suffix: str) -> str:
    return f"uppfoljning-{view.municipality.code}-{view.cycle.budget_year}.{suffix}"


@router.get("/uppfoljning.xlsx")
def download_xlsx(request: Request, acting: SignedIn, year: int | None = None) -> Response:
    """The workbook is kept like the view: writing one takes openpyxl 0.2–0.4 s."""
    ctx, code = acting.ctx, acting.who.municipality
    view = _view(request, ctx, code, _year(year))
    book: bytes = request.app.state.views.view(
        ctx, code, ("followup xlsx", view.cycle.budget_year), lambda: as_xlsx([view], ctx.lang)
    )
    return Response(book, media_type=XLSX, headers=_attachment(_name(view, "xlsx")))


@router.get("/uppfoljning.json")
def download_json(request: Request, acting: SignedIn, year: int | None = None) -> Response:
    view = _view(request, acting.ctx, acting.who.municipality, _year(year))
    body = json.dumps(as_data(view, acting.ctx.lang), ensure_ascii=False, indent=2)
    return Response(
        body.encode("utf-8"),
        media_type="application/json",
        headers=_attachment(_name(view, "json")),
    )


@router.get("/uppfoljning.md")
def download_markdown(request: Request, acting: SignedIn, year: int | None = None) -> Response:
    view = _view(request, acting.ctx, acting.who.municipality, _year(year))
    return Response(
        as_markdown(view, acting.ctx.lang).encode("utf-8"),
        media_type="text/markdown; charset=utf-8",
        headers=_attachment(_name(view, "md")),
    )
