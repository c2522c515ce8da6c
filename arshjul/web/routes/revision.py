"""Revision: the auditors' pages. First the submissions register (who handed in what and
when, against which deadline, on time or late by how many business days, the files with
their SHA-256, who reviewed it and how), filtered by year, body, person and lateness and
paged through every row; then the event log with each event named in words, its subject
linked and its details, and the chain verified. Both export as CSV and XLSX. Reading is
for auditors, coordinators and admins (`authorise_reader`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from arshjul.core.instants import parse_day
from arshjul.services.audit import (
    SUBMISSION_COLUMNS,
    authorise_reader,
    budget_years,
    stored_file,
    submission_rows,
)
from arshjul.services.chain_checks import verify_chain
from arshjul.services.event_log import EventFilter, EventRow, event_page, every_event
from arshjul.services.register import RegisterRow, register_page, versions_handed_in
from arshjul.services.spreadsheets import spreadsheet_csv, workbook
from arshjul.texts import event_name, label, long_instant
from arshjul.web.deps import Acting, SignedIn
from arshjul.web.rendering import render
from arshjul.web.uploads import safe_name

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REGISTER_COLUMNS = (
    "body",
    "web_deliverable",
    "web_version",
    "web_handed_in",
    "web_handed_in_by",
    "deadline",
    "web_on_time_or_late",
    "web_files",
    "web_diarienummer",
    "web_review",
    "web_reviewed_at",
    "web_reviewed_by",
)


def _year(acting: Acting, year: int | None, planned: list[int] | None = None) -> int:
    """The budget year asked for; else the one prepared or under way today, when it is
    planned; else the latest planned (as the board chooses its cycle)."""
    if year is not None and 1900 <= year <= 2200:
        return year
    today = acting.view.today()
    for candidate in (today.year + 1, today.year):
        if planned is None or candidate in planned:
            return candidate
    return max(planned) if planned else today.year + 1


@router.get("/revision", response_class=HTMLResponse)
def show_register(
    request: Request,
    acting: SignedIn,
    year: int | None = None,
    organ: str = "",
    person: str = "",
    sena: str = "",
    sida: int = 1,
) -> Response:
    ctx, who = acting.view, acting.who
    municipality = authorise_reader(ctx, municipality=who.municipality)
    years = budget_years(ctx, municipality)
    budget_year = _year(acting, year, years)
    found = register_page(
        ctx,
        municipality=municipality,
        year=budget_year,
        body=organ or None,
        person=person or None,
        late_only=bool(sena),
        page=sida,
    )
    chosen = {"year": budget_year, "organ": organ, "person": person, "sena": sena}
    return render(
        request,
        "register.html",
        {
            "identity": who,
            "municipality": municipality,
            "register": found,
            "years": years or [budget_year],
            "chosen": chosen,
            "query": f"year={budget_year}&organ={quote(organ)}&person={quote(person)}"
            f"&sena={quote(sena)}",
            "active": "revision",
        },
    )


@router.get("/revision/handelser", response_class=HTMLResponse)
def show_events(
    request: Request,
    acting: SignedIn,
    kind: str = "",
    person: str = "",
    organ: str = "",
    fran: str = "",
    till: str = "",
    sida: int = 1,
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
    chosen = EventFilter(kind or None, person or None, organ or None, days["fran"], days["till"])
    found = event_page(ctx, municipality=municipality, chosen=chosen, page=sida)
    reports = [verify_chain(ctx, municipality)] if verifiera else None
    values = {"kind": kind, "person": person, "organ": organ, "fran": fran, "till": till}
    return render(
        request,
        "revision.html",
        {
            "identity": who,
            "municipality": municipality,
            "log": found,
            "chosen": values,
            "query": "&".join(f"{k}={quote(v)}" for k, v in values.items()),
            "errors": errors,
            "reports": reports,
            "active": "revision",
        },
        400 if errors else 200,
    )


def _register_cells(lang: str, row: RegisterRow) -> list[Any]:
    late = (
        label("late_days", lang, days=row.business_days_late)
        if row.business_days_late
        else label("web_on_time", lang)
    )
    return [
        f"{row.body_key} {row.body_name}",
        row.deliverable,
        row.version,
        row.submitted_at,
        f"{row.submitted_by_name} <{row.submitted_by_email}>",
        row.deadline,
        late,
        "; ".join(f"{name} ({sha})" for name, sha in row.files),
        row.diarienummer,
        label(f"web_review_{row.review.value}", lang) if row.review else "",
        row.reviewed_at,
        row.reviewed_by,
    ]


def _attachment(name: str) -> dict[str, str]:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return {
        "content-disposition": f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(name)}"
    }


def _csv(headers: Sequence[str], rows: list[list[Any]], lang: str) -> bytes:
    """A CSV people open in a spreadsheet: instants in words, written by the one
    spreadsheet export (a BOM, every cell defused), as the machine export and the CLI's."""
    records = [
        {
            h: long_instant(v, lang) if isinstance(v, dt.datetime) else v
            for h, v in zip(headers, row, strict=True)
        }
        for row in rows
    ]
    return spreadsheet_csv(records, tuple(headers))


@router.get("/revision/inlamningar.xlsx")
def export_register_xlsx(request: Request, acting: SignedIn, year: int | None = None) -> Response:
    ctx = acting.view
    municipality = authorise_reader(ctx, municipality=acting.who.municipality)
    budget_year = _year(acting, year, budget_years(ctx, municipality))
    rows = versions_handed_in(ctx, municipality=municipality, year=budget_year)
    headers = [label(key, ctx.lang) for key in REGISTER_COLUMNS]
    data = workbook(
        label("web_register_sheet", ctx.lang, year=budget_year),
        headers,
        [_register_cells(ctx.lang, row) for row in rows],
    )
    name = f"inlamningar-{municipality.code}-{budget_year}.xlsx"
    return Response(data, media_type=XLSX, headers=_attachment(name))


@router.get("/revision/inlamningar.csv")
def export_register_csv(request: Request, acting: SignedIn, year: int | None = None) -> Response:
    """The machine-readable register (the columns `arshjul audit submissions` writes)."""
    ctx = acting.view
    municipality = authorise_reader(ctx, municipality=acting.who.municipality)
    budget_year = _year(acting, year, budget_years(ctx, municipality))
    rows = submission_rows(ctx, municipality=municipality, year=budget_year)
    return Response(
        spreadsheet_csv(rows, SUBMISSION_COLUMNS),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(f"inlamningar-{municipality.code}-{budget_year}.csv"),
    )


EVENT_COLUMNS = (
    "web_seq",
    "web_when",
    "web_actor",
    "web_operator",
    "web_kind",
    "web_subject",
    "web_details",
)


def _event_cells(lang: str, row: EventRow) -> list[Any]:
    return [
        row.seq,
        row.at,
        row.actor,
        row.operator,
        event_name(row.kind, lang),
        row.title or row.subject,
        "; ".join(f"{k}: {v}" for k, v in row.details),
    ]


@router.get("/revision/handelser.{kind}")
def export_events(
    request: Request, acting: SignedIn, kind: str, typ: str = "", person: str = "", organ: str = ""
) -> Response:
    """The event log as XLSX (real date cells) or CSV, every event the filter keeps."""
    if kind not in ("csv", "xlsx"):
        return Response(status_code=404)
    ctx = acting.ctx
    municipality = authorise_reader(ctx, municipality=acting.who.municipality)
    chosen = EventFilter(typ or None, person or None, organ or None)
    every = every_event(ctx, municipality=municipality, chosen=chosen)
    headers = [label(key, ctx.lang) for key in EVENT_COLUMNS]
    rows = [_event_cells(ctx.lang, row) for row in every]
    name = f"handelser-{municipality.code}.{kind}"
    if kind == "xlsx":
        data = workbook(label("web_events_sheet", ctx.lang), headers, rows)
        return Response(data, media_type=XLSX, headers=_attachment(name))
    return Response(
        _csv(headers, rows, ctx.lang),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(name),
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
