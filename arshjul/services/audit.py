"""What auditors ask: is the trail intact, what happened, who handed in what and when.

Reading the trail is itself allowed only to auditors, coordinators and admins
(arshjul.core.permissions); a refused reader is recorded like any other refusal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from arshjul.access import Scope, authorise, authorise_any, load_target, municipality_scope
from arshjul.context import Context
from arshjul.core.instants import STOCKHOLM
from arshjul.core.permissions import Action
from arshjul.errors import NotFound, Refused
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.tables import (
    AuditEvent,
    Body,
    Cycle,
    Deliverable,
    Municipality,
    Submission,
    SubmissionFile,
)
from arshjul.services.chain_checks import ChainReport, verify_chains
from arshjul.services.storage import FileStore, StoredFileProblem
from arshjul.trail import record


def verify_all(ctx: Context, *, full: bool = False) -> list[ChainReport]:
    """Every municipality's chain, from where its last check stopped or (`full`) from the
    start (arshjul.services.chain_checks); each report names the chain's first break."""
    return verify_chains(ctx, full=full)


@dataclass(frozen=True)
class FileProblem:
    municipality_code: str
    deliverable_id: int
    version: int
    name: str
    sha256: str
    problem: StoredFileProblem


def verify_files(ctx: Context) -> tuple[int, list[FileProblem]]:
    """Re-hash every stored file the submissions refer to; (files checked, problems)."""
    store = FileStore(ctx.settings.resolved_files_dir)
    with Session(ctx.database()) as session:
        found = session.exec(
            select(SubmissionFile, Submission.deliverable_id, Submission.version, Municipality.code)
            .join(Submission, col(Submission.id) == SubmissionFile.submission_id)
            .join(Municipality, col(Municipality.id) == SubmissionFile.municipality_id)
            .order_by(col(SubmissionFile.id))
        ).all()
    checked: dict[str, StoredFileProblem | None] = {}
    problems = []
    for file, deliverable_id, version, code in found:
        if file.sha256 not in checked:
            checked[file.sha256] = store.check(file.sha256)
        problem = checked[file.sha256]
        if problem is not None:
            problems.append(
                FileProblem(code, deliverable_id, version, file.name, file.sha256, problem)
            )
    return len(checked), problems


def authorise_reader(ctx: Context, *, municipality: str | None) -> Municipality:
    """The municipality whose trail `ctx.actor` may read; refusals are recorded."""
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        session.expunge(muni)
    authorise(ctx, Action.READ_AUDIT, municipality_scope(muni))
    return muni


def budget_years(ctx: Context, municipality: Municipality) -> list[int]:
    """The budget years the municipality has cycles for, newest first: one export each."""
    with Session(ctx.database()) as session:
        years = session.exec(
            select(Cycle.budget_year).where(Cycle.municipality_id == municipality.id)
        ).all()
    return sorted(set(years), reverse=True)


def stored_file(ctx: Context, *, municipality: str | None, sha256: str) -> bytes:
    """A stored file's bytes, for a person of the municipality allowed to read it
    (Action.READ_FILE: its auditors, coordinators and admins, and the secretary of a body
    that handed it in); the bytes are checked against the checksum first.

    A file the reader may not see is as unknown as one that does not exist (NotFound),
    whether it belongs to another municipality or to another body, and the attempt is
    recorded in the reader's municipality."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise NotFound("unknown_file", sha256=sha256[:64])
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        session.expunge(muni)
        bodies = session.exec(
            select(Body.key)
            .join(Deliverable, col(Deliverable.body_id) == Body.id)
            .join(Submission, col(Submission.deliverable_id) == Deliverable.id)
            .join(SubmissionFile, col(SubmissionFile.submission_id) == Submission.id)
            .where(SubmissionFile.sha256 == sha256, SubmissionFile.municipality_id == muni.id)
            .distinct()
            .order_by(col(Body.key))
        ).all()
    subject = f"file:{sha256}"
    if not bodies:
        with Session(writing(ctx.database())) as session, session.begin():
            record(
                ctx,
                session,
                municipality_id=muni.id or 0,
                kind="refused",
                subject=subject,
                payload={"action": Action.READ_FILE.value, "reason": "not_in_municipality"},
            )
        raise NotFound("unknown_file", sha256=sha256)
    scopes = [Scope(muni.id or 0, body, subject, {"body": body}) for body in bodies]
    try:
        authorise_any(ctx, Action.READ_FILE, scopes)
    except Refused:
        raise NotFound("unknown_file", sha256=sha256) from None
    store = FileStore(ctx.settings.resolved_files_dir)
    if store.check(sha256) is not None:
        raise NotFound("unknown_file", sha256=sha256)
    return store.get(sha256)


def event_rows(
    ctx: Context,
    *,
    municipality: Municipality,
    year: int | None = None,
    body: str | None = None,
    person: str | None = None,
    kind: str | None = None,
    subject: str | None = None,
) -> list[dict[str, Any]]:
    """The trail in order, filtered; each row as an auditor reads it."""
    query = select(AuditEvent).where(AuditEvent.municipality_id == municipality.id)
    if kind:
        query = query.where(AuditEvent.kind == kind)
    if person:
        query = query.where(AuditEvent.actor == person)
    if subject:
        query = query.where(AuditEvent.subject == subject)
    with Session(ctx.database()) as session:
        events = session.exec(query.order_by(col(AuditEvent.seq))).all()
    rows = []
    for event in events:
        payload = event.payload or {}
        if year is not None and payload.get("budget_year") != year:
            continue
        if body is not None and payload.get("body") != body:
            continue
        rows.append(
            {
                "seq": event.seq,
                "at": _local(event.at),
                "actor": event.actor,
                "kind": event.kind,
                "subject": event.subject,
                "payload": payload,
                "hash": event.hash,
            }
        )
    return rows


@dataclass(frozen=True)
class LogView:
    """The latest `shown` rows of the filtered trail, how many matched, and the budget
    years the exports offer."""

    rows: list[dict[str, Any]]
    total: int
    years: list[int]


def log_view(
    ctx: Context,
    *,
    municipality: Municipality,
    body: str | None,
    person: str | None,
    kind: str | None,
    start: dt.date | None,
    end: dt.date | None,
    limit: int,
) -> LogView:
    """What Revision's log shows for a filter (the reader has been authorised)."""
    rows = event_rows(ctx, municipality=municipality, body=body, person=person, kind=kind)
    if start is not None:
        rows = [r for r in rows if r["at"][:10] >= start.isoformat()]
    if end is not None:
        rows = [r for r in rows if r["at"][:10] <= end.isoformat()]
    return LogView(rows[-limit:], len(rows), budget_years(ctx, municipality))


def history(
    ctx: Context, *, municipality: Municipality, ref: str, year: int | None
) -> list[dict[str, Any]]:
    target = load_target(ctx, ref, municipality.code, year)
    if target.municipality.id != municipality.id:
        raise NotFound("unknown_deliverable", ref=ref)
    return event_rows(ctx, municipality=municipality, subject=target.subject)


SUBMISSION_COLUMNS = (
    "namnd",
    "namnd_name",
    "deliverable_id",
    "milestone",
    "deliverable",
    "deadline",
    "version",
    "submitted_at",
    "submitted_by",
    "on_time",
    "business_days_late",
    "files",
    "sha256",
    "diarienummer",
    "review",
    "reviewed_at",
    "new_deadline",
    "optional",
)


def submission_rows(ctx: Context, *, municipality: Municipality, year: int) -> list[dict[str, Any]]:
    """One row per submission version of a budget year, oldest first, as the exports write
    them (arshjul.services.register has them typed, for the page). Refused while the
    tables disagree with the audit trail: an export must show what the trail covers."""
    from arshjul.services.register import versions_handed_in

    return [
        {
            "namnd": r.body_key,
            "namnd_name": r.body_name,
            "deliverable_id": r.deliverable_id,
            "milestone": r.milestone_key,
            "deliverable": r.deliverable,
            "deadline": r.deadline.isoformat(),
            "version": r.version,
            "submitted_at": _local(r.submitted_at),
            "submitted_by": r.submitted_by_email,
            "on_time": r.business_days_late == 0,
            "business_days_late": r.business_days_late,
            "files": ";".join(name for name, _sha in r.files),
            "sha256": ";".join(sha for _name, sha in r.files),
            "diarienummer": r.diarienummer,
            "review": r.review or "",
            "reviewed_at": _local(r.reviewed_at) if r.reviewed_at else "",
            "new_deadline": r.new_deadline.isoformat() if r.new_deadline else "",
            "optional": r.optional,
        }
        for r in versions_handed_in(ctx, municipality=municipality, year=year)
    ]


def _local(instant: dt.datetime) -> str:
    """Stockholm wall-clock time with its offset, so the instant stays unambiguous."""
    return instant.astimezone(STOCKHOLM).isoformat(timespec="seconds")
