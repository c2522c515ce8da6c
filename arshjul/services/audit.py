"""What auditors ask: is the trail intact, what happened, who handed in what and when.

Reading the trail is itself allowed only to auditors, coordinators and admins
(arshjul.core.permissions); a refused reader is recorded like any other refusal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from arshjul.services.access import find_target, grants_of, refusal
from arshjul.core.audit import ChainBreak, verify
from arshjul.core.calendar import business_days_between
from arshjul.core.instants import STOCKHOLM, local_date
from arshjul.core.permissions import Action, may
from arshjul.errors import InvalidInput, NotFound
from models import queries
from models.audit import municipalities_with_events, records
from models.tables import (
    AuditEvent,
    Body,
    Cycle,
    Deliverable,
    Milestone,
    Municipality,
    Person,
    Submission,
    SubmissionFile,
)


@dataclass(frozen=True)
class ChainReport:
    municipality_code: str
    events: int
    first_break: ChainBreak | None


def verify_all(*, engine: Engine) -> list[ChainReport]:
    """Recompute every municipality's chain; the report names each first break."""
    reports = []
    with Session(engine) as session:
        codes = {m.id: m.code for m in session.exec(select(Municipality))}
        for municipality_id in municipalities_with_events(session=session):
            chain = records(session=session, municipality_id=municipality_id)
            reports.append(ChainReport(codes.get(municipality_id, "?"), len(chain), verify(chain)))
    return reports


def authorise_reader(
    *, engine: Engine, actor: str | None, municipality: str | None, now: dt.datetime
) -> Municipality:
    """The municipality whose trail `actor` may read; refusals are recorded."""
    if not actor:
        raise InvalidInput("who_are_you")
    with Session(engine) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        people, grants = grants_of(session=session, email=actor, municipality_id=muni.id or 0)
        session.expunge(muni)
    if not people:
        raise NotFound("unknown_person", person=actor, municipality=muni.name)
    if not may(Action.READ_AUDIT, grants, None):
        raise refusal(
            engine,
            municipality_id=muni.id or 0,
            actor=actor,
            action=Action.READ_AUDIT,
            subject=f"municipality:{muni.code}",
            payload={},
            body="-",
            now=now,
        )
    return muni


def event_rows(
    *,
    engine: Engine,
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
    with Session(engine) as session:
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


def history(
    *, engine: Engine, municipality: Municipality, ref: str, year: int | None, now: dt.datetime
) -> list[dict[str, Any]]:
    with Session(engine) as session:
        target = find_target(
            session=session,
            ref=ref,
            municipality=municipality.code,
            year=year,
            today=local_date(now),
        )
    if target.municipality.id != municipality.id:
        raise NotFound("unknown_deliverable", ref=ref)
    return event_rows(engine=engine, municipality=municipality, subject=target.subject)


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
)


def submission_rows(
    *, engine: Engine, municipality: Municipality, year: int
) -> list[dict[str, Any]]:
    """One row per submission version of a budget year, oldest first."""
    with Session(engine) as session:
        found = session.exec(
            select(Submission, Deliverable, Milestone, Body)
            .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .join(Cycle, col(Cycle.id) == Deliverable.cycle_id)
            .where(Cycle.municipality_id == municipality.id, Cycle.budget_year == year)
            .order_by(col(Submission.submitted_at), col(Submission.id))
        ).all()
        ids = [s.id for s, *_ in found]
        files: dict[int, list[SubmissionFile]] = {}
        for f in session.exec(
            select(SubmissionFile)
            .where(col(SubmissionFile.submission_id).in_(ids))
            .order_by(col(SubmissionFile.id))
        ):
            files.setdefault(f.submission_id, []).append(f)
        emails = {
            p.id: p.email
            for p in session.exec(select(Person).where(Person.municipality_id == municipality.id))
        }
        returned: dict[int, dt.date] = {}
        rows = []
        for submission, deliverable, milestone, body in found:
            deadline = returned.get(deliverable.id or 0, milestone.deadline)
            handed_in = local_date(submission.submitted_at)
            late = (
                max(business_days_between(deadline, handed_in), 1) if (handed_in > deadline) else 0
            )
            if submission.review == "returned" and submission.new_deadline:
                returned[deliverable.id or 0] = submission.new_deadline
            own = files.get(submission.id or 0, [])
            rows.append(
                {
                    "namnd": body.key,
                    "namnd_name": body.name,
                    "deliverable_id": deliverable.id,
                    "milestone": milestone.key,
                    "deliverable": milestone.deliverable,
                    "deadline": deadline.isoformat(),
                    "version": submission.version,
                    "submitted_at": _local(submission.submitted_at),
                    "submitted_by": emails.get(submission.submitted_by, ""),
                    "on_time": late == 0,
                    "business_days_late": late,
                    "files": ";".join(f.name for f in own),
                    "sha256": ";".join(f.sha256 for f in own),
                    "diarienummer": submission.diarienummer,
                    "review": submission.review or "",
                    "reviewed_at": _local(submission.reviewed_at) if submission.reviewed_at else "",
                    "new_deadline": submission.new_deadline.isoformat()
                    if submission.new_deadline
                    else "",
                }
            )
    return rows


def as_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row[k] for k in columns})
    return buffer.getvalue()


def _local(instant: dt.datetime) -> str:
    """Stockholm wall-clock time with its offset, so the instant stays unambiguous."""
    return instant.astimezone(STOCKHOLM).isoformat(timespec="seconds")
