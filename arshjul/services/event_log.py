"""The audit trail as an auditor reads it on the web: every event in order, paged, filtered
by kind, person, body and period, each with what it is about named and linked (a
deliverable's title and body, a decision's paragraph and title) and its details."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from arshjul.access import authorise, municipality_scope
from arshjul.context import Context
from arshjul.core.instants import deadline_cutoff, start_of_day
from arshjul.core.permissions import Action
from arshjul.models.tables import AuditEvent, Body, Decision, Deliverable, Milestone, Municipality

PER_PAGE = 100
HIDDEN = {"operator"}  # shown apart, not among the details


@dataclass(frozen=True)
class EventRow:
    seq: int
    at: dt.datetime
    actor: str
    operator: str
    kind: str
    subject: str
    title: str  # what the subject is, in words ("" when the subject says it already)
    link: str  # the page of the subject, when it has one
    details: list[tuple[str, str]]
    hash: str


@dataclass(frozen=True)
class EventPage:
    rows: list[EventRow]
    total: int
    page: int
    pages: int
    kinds: list[str]  # every kind of event in the trail, for the filter


@dataclass(frozen=True)
class EventFilter:
    kind: str | None = None
    person: str | None = None
    body: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def event_page(
    ctx: Context, *, municipality: Municipality, chosen: EventFilter, page: int = 1
) -> EventPage:
    """One page of the trail, newest first; checks the reader itself, whoever calls."""
    authorise(ctx, Action.READ_AUDIT, municipality_scope(municipality))
    with Session(ctx.database()) as session:
        events = _events(session, municipality, chosen)
        kinds = sorted(
            set(
                session.exec(
                    select(AuditEvent.kind).where(AuditEvent.municipality_id == municipality.id)
                ).all()
            )
        )
        pages = max(1, -(-len(events) // PER_PAGE))
        page = min(max(page, 1), pages)
        shown = events[(page - 1) * PER_PAGE : page * PER_PAGE]
        titles = _titles(session, shown)
    return EventPage([_row(e, titles) for e in shown], len(events), page, pages, kinds)


def every_event(ctx: Context, *, municipality: Municipality, chosen: EventFilter) -> list[EventRow]:
    """Every event the filter keeps, newest first: what an export holds."""
    with Session(ctx.database()) as session:
        events = _events(session, municipality, chosen)
        titles = _titles(session, events)
    return [_row(e, titles) for e in events]


def _events(session: Session, municipality: Municipality, chosen: EventFilter) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.municipality_id == municipality.id)
    if chosen.kind:
        query = query.where(AuditEvent.kind == chosen.kind)
    if chosen.person:
        query = query.where(AuditEvent.actor == chosen.person)
    if chosen.start:
        query = query.where(col(AuditEvent.at) >= start_of_day(chosen.start))
    if chosen.end:
        query = query.where(col(AuditEvent.at) < deadline_cutoff(chosen.end))
    return [
        e
        for e in session.exec(query.order_by(col(AuditEvent.seq).desc()))
        if not chosen.body or (e.payload or {}).get("body") == chosen.body
    ]


def _row(event: AuditEvent, titles: dict[str, tuple[str, str]]) -> EventRow:
    payload = event.payload or {}
    title, link = titles.get(event.subject, ("", ""))
    details = [(key, _text(value)) for key, value in payload.items() if key not in HIDDEN]
    return EventRow(
        event.seq,
        event.at,
        event.actor,
        str(payload.get("operator", "")),
        event.kind,
        event.subject,
        title,
        link,
        details,
        event.hash,
    )


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items()) or "–"
    return "–" if value is None or value == "" else str(value)


def _titles(session: Session, events: list[AuditEvent]) -> dict[str, tuple[str, str]]:
    """Each deliverable's and decision's subject in words, with the page it has."""
    ids = {
        kind: {int(s.split(":")[1]) for s in (e.subject for e in events) if _is(s, kind)}
        for kind in ("deliverable", "decision")
    }
    found: dict[str, tuple[str, str]] = {}
    if ids["deliverable"]:
        for d_id, deliverable, body in session.exec(
            select(Deliverable.id, Milestone.deliverable, Body.key)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .where(col(Deliverable.id).in_(ids["deliverable"]))
        ):
            found[f"deliverable:{d_id}"] = (f"{deliverable} – {body}", f"/leveranser/{d_id}")
    if ids["decision"]:
        for decision, body in session.exec(
            select(Decision, Body.key)
            .join(Body, col(Body.id) == Decision.body_id)
            .where(col(Decision.id).in_(ids["decision"]))
        ):
            found[f"decision:{decision.id}"] = (
                f"{body} {decision.paragraph} {decision.title}",
                f"/beslut#d{decision.id}",
            )
    return found


def _is(subject: str, kind: str) -> bool:
    prefix, _, rest = subject.partition(":")
    return prefix == kind and rest.isdigit()
