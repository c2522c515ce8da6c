"""Revision: the auditors' page. The audit log with filters (kind, person, body, period),
the chain verified with the result shown, the submissions exported as CSV and XLSX, and
the stored files downloaded with their SHA-256. Reading is allowed to auditors,
coordinators and admins; anyone else's attempt is refused and recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlmodel import Session, select

from arshjul.context import Context
from arshjul.core.instants import parse_day
from arshjul.services.audit import (
    SUBMISSION_COLUMNS,
    as_csv,
    as_xlsx,
    authorise_reader,
    event_rows,
    submission_rows,
    verify_all,
)
from arshjul.services.storage import FileStore
from arshjul.web.auth import Identity, acting
from models.tables import Cycle, Municipality

router = APIRouter()
LIMIT = 100  # rows shown, the latest; filters narrow them, the exports have them all


@router.get("/revision", response_class=HTMLResponse)
def audit_page(
    request: Request,
    who: Identity,
    kind: str = "",
    person: str = "",
    organ: str = "",
    fran: str = "",
    till: str = "",
    verifiera: str = "",
) -> Response:
    ctx = acting(request, who)
    municipality = authorise_reader(ctx, municipality=who.municipality)
    errors: dict[str, str] = {}
    days: dict[str, dt.date | None] = {}
    for name, text in (("fran", fran), ("till", till)):
        days[name] = parse_day(text) if text else None
        if text and days[name] is None:
            errors[name] = "web_bad_date"
    table = request.app.state.views.view(
        ctx,
        who.municipality,
        ("audit", organ, person, kind, days.get("fran"), days.get("till")),
        lambda: _table(request, ctx, municipality, organ, person, kind, days),
    )
    reports = (
        [r for r in verify_all(ctx) if r.municipality_code == municipality.code]
        if verifiera
        else None
    )
    response: Response = request.app.state.templates.TemplateResponse(
        request,
        "revision.html",
        {
            "identity": who,
            "municipality": municipality,
            "table": table,
            "chosen": {"kind": kind, "person": person, "organ": organ, "fran": fran, "till": till},
            "errors": errors,
            "reports": reports,
            "active": "revision",
        },
        status_code=400 if errors else 200,
    )
    return response


@dataclass(frozen=True)
class AuditTable:
    """The log's rows as shown (rendered once per state of the chain) and the exports'
    years: rendering a hundred rows was half the page's cost."""

    rows: Markup
    shown: int
    total: int
    years: list[int]


def _table(
    request: Request,
    ctx: Context,
    municipality: Municipality,
    organ: str,
    person: str,
    kind: str,
    days: dict[str, dt.date | None],
) -> AuditTable:
    rows = event_rows(
        ctx,
        municipality=municipality,
        body=organ or None,
        person=person or None,
        kind=kind or None,
    )
    start, end = days.get("fran"), days.get("till")
    if start is not None:
        rows = [r for r in rows if r["at"][:10] >= start.isoformat()]
    if end is not None:
        rows = [r for r in rows if r["at"][:10] <= end.isoformat()]
    fragment = request.app.state.templates.env.get_template("revision_rows.html")
    shown = rows[-LIMIT:]
    return AuditTable(
        rows=Markup(fragment.render(rows=shown)),
        shown=len(shown),
        total=len(rows),
        years=_budget_years(ctx, municipality.id or 0),
    )


def _budget_years(ctx: Context, municipality_id: int) -> list[int]:
    """The budget years the municipality has cycles for, newest first: one export each."""
    with Session(ctx.database()) as session:
        years = session.exec(
            select(Cycle.budget_year).where(Cycle.municipality_id == municipality_id)
        ).all()
    return sorted(set(years), reverse=True)


def _year(ctx_year: int, year: int | None) -> int:
    return year if year is not None and 1900 <= year <= 2200 else ctx_year


@router.get("/revision/inlamningar.csv")
def submissions_csv(request: Request, who: Identity, year: int | None = None) -> Response:
    ctx = acting(request, who)
    municipality = authorise_reader(ctx, municipality=who.municipality)
    budget_year = _year(ctx.default_budget_year(), year)
    rows = submission_rows(ctx, municipality=municipality, year=budget_year)
    body = as_csv(rows, SUBMISSION_COLUMNS, for_spreadsheets=True)
    return Response(
        ("\ufeff" + body).encode("utf-8"),  # a BOM, so Excel reads the Swedish letters
        media_type="text/csv; charset=utf-8",
        headers={
            "content-disposition": f'attachment; filename="inlamningar-{municipality.code}-'
            f'{budget_year}.csv"'
        },
    )


@router.get("/revision/inlamningar.xlsx")
def submissions_xlsx(request: Request, who: Identity, year: int | None = None) -> Response:
    ctx = acting(request, who)
    municipality = authorise_reader(ctx, municipality=who.municipality)
    budget_year = _year(ctx.default_budget_year(), year)
    rows = submission_rows(ctx, municipality=municipality, year=budget_year)
    return Response(
        as_xlsx(rows, SUBMISSION_COLUMNS, f"Inlämningar {budget_year}"),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "content-disposition": f'attachment; filename="inlamningar-{municipality.code}-'
            f'{budget_year}.xlsx"'
        },
    )


@router.get("/revision/filer/{sha256}")
def stored_file(request: Request, who: Identity, sha256: str, namn: str = "fil") -> Response:
    """A stored file as an attachment, under the name it was handed in with, its checksum
    in a header; the bytes are checked against the checksum before they go out."""
    from arshjul.errors import NotFound
    from arshjul.web.uploads import safe_name

    ctx = acting(request, who)
    authorise_reader(ctx, municipality=who.municipality)
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise NotFound("unknown_file", sha256=sha256[:64])
    store = FileStore(ctx.settings.resolved_files_dir)
    if store.check(sha256) is not None:
        raise NotFound("unknown_file", sha256=sha256)
    data = store.path_for(sha256).read_bytes()
    name = safe_name(namn).replace('"', "")
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    return Response(
        data,
        media_type="application/octet-stream",
        headers={
            "content-disposition": f'attachment; filename="{ascii_name}"; '
            f"filename*=UTF-8''{quote(name)}",
            "x-content-sha256": sha256,
        },
    )
