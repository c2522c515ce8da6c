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

from arshjul.core.instants import parse_day
from arshjul.services.audit import (
    SUBMISSION_COLUMNS,
    LogView,
    authorise_reader,
    log_view,
    stored_file,
    submission_rows,
    verify_all,
)
from arshjul.services.exports import spreadsheet_csv, spreadsheet_xlsx
from arshjul.web.deps import SignedIn
from arshjul.web.rendering import fragment, render
from arshjul.web.uploads import safe_name

router = APIRouter()
LIMIT = 100  # rows shown, the latest; filters narrow them, the exports have them all
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class AuditTable:
    """The log's rows as shown (rendered once per state of the chain) and the exports'
    years: rendering a hundred rows was half the page's cost."""

    rows: Markup
    shown: int
    total: int
    years: list[int]


@router.get("/revision", response_class=HTMLResponse)
def show_audit(
    request: Request,
    acting: SignedIn,
    kind: str = "",
    person: str = "",
    organ: str = "",
    fran: str = "",
    till: str = "",
    verifiera: str = "",
) -> Response:
    ctx, who = acting.ctx, acting.who
    municipality = authorise_reader(ctx, municipality=who.municipality)
    errors: dict[str, str] = {}
    days: dict[str, dt.date | None] = {}
    for name, text in (("fran", fran), ("till", till)):
        days[name] = parse_day(text) if text else None
        if text and days[name] is None:
            errors[name] = "web_bad_date"
    start, end = days.get("fran"), days.get("till")
    table = request.app.state.views.view(
        ctx,
        who.municipality,
        ("audit", organ, person, kind, start, end),
        lambda: _table(
            request,
            log_view(
                ctx,
                municipality=municipality,
                body=organ or None,
                person=person or None,
                kind=kind or None,
                start=start,
                end=end,
                limit=LIMIT,
            ),
        ),
    )
    reports = (
        [r for r in verify_all(ctx) if r.municipality_code == municipality.code]
        if verifiera
        else None
    )
    return render(
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
        400 if errors else 200,
    )


def _table(request: Request, view: LogView) -> AuditTable:
    rows = Markup(fragment(request, "revision_rows.html", rows=view.rows))
    return AuditTable(rows=rows, shown=len(view.rows), total=view.total, years=view.years)


def _year(default: int, year: int | None) -> int:
    return year if year is not None and 1900 <= year <= 2200 else default


def _attachment(name: str) -> dict[str, str]:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return {
        "content-disposition": f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(name)}"
    }


@router.get("/revision/inlamningar.csv")
def export_csv(request: Request, acting: SignedIn, year: int | None = None) -> Response:
    ctx = acting.ctx
    municipality = authorise_reader(ctx, municipality=acting.who.municipality)
    budget_year = _year(ctx.default_budget_year(), year)
    rows = submission_rows(ctx, municipality=municipality, year=budget_year)
    return Response(
        spreadsheet_csv(rows, SUBMISSION_COLUMNS),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(f"inlamningar-{municipality.code}-{budget_year}.csv"),
    )


@router.get("/revision/inlamningar.xlsx")
def export_xlsx(request: Request, acting: SignedIn, year: int | None = None) -> Response:
    ctx = acting.ctx
    municipality = authorise_reader(ctx, municipality=acting.who.municipality)
    budget_year = _year(ctx.default_budget_year(), year)
    rows = submission_rows(ctx, municipality=municipality, year=budget_year)
    return Response(
        spreadsheet_xlsx(rows, SUBMISSION_COLUMNS, f"Inlämningar {budget_year}"),
        media_type=XLSX,
        headers=_attachment(f"inlamningar-{municipality.code}-{budget_year}.xlsx"),
    )


@router.get("/revision/filer/{sha256}")
def download_file(request: Request, acting: SignedIn, sha256: str, namn: str = "fil") -> Response:
    """A stored file as an attachment, under the name it was handed in with, its checksum
    in a header; the bytes are checked against the checksum before they go out."""
    data = stored_file(acting.ctx, municipality=acting.who.municipality, sha256=sha256)
    return Response(
        data,
        media_type="application/octet-stream",
        headers={**_attachment(safe_name(namn)), "x-content-sha256": sha256},
    )
