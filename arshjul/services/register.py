"""The submissions register: who handed in what and when, against which deadline, and who
reviewed it with what verdict: every version of a budget year, for the auditors' first
view and for every export of it (CSV, XLSX). Read only while the tables agree with the
audit trail, so a register never shows what the trail does not cover."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from arshjul.access import authorise, municipality_scope
from arshjul.context import Context
from arshjul.core.facts import Review, SubmissionFact
from arshjul.core.lateness import deadline_in_force, hand_in_lateness
from arshjul.core.permissions import Action
from arshjul.errors import InvalidInput
from arshjul.models.tables import (
    Body,
    Cycle,
    Deliverable,
    Milestone,
    Municipality,
    Person,
    Submission,
    SubmissionFile,
)

PER_PAGE = 50


@dataclass(frozen=True)
class RegisterRow:
    """One version handed in: what, by whom, when, against which deadline, and its review."""

    submission_id: int
    deliverable_id: int
    body_key: str
    body_name: str
    milestone_key: str
    milestone_title: str
    deliverable: str
    version: int
    submitted_at: dt.datetime
    submitted_by_name: str
    submitted_by_email: str
    deadline: dt.date  # the deadline in force when it was handed in
    business_days_late: int
    files: tuple[tuple[str, str], ...]  # (name, SHA-256)
    diarienummer: str
    review: Review | None
    reviewed_at: dt.datetime | None
    reviewed_by: str
    review_comment: str
    new_deadline: dt.date | None
    optional: bool = False  # a step that may be taken: never late


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    total: int
    page: int
    pages: int
    bodies: list[tuple[str, str]]  # every body with a version this year, for the filter
    people: list[str]  # every person who handed one in, for the filter


def versions_handed_in(ctx: Context, *, municipality: Municipality, year: int) -> list[RegisterRow]:
    """Every version of the budget year, oldest first; each one's deadline in force and
    lateness by the core rules (arshjul.core.lateness)."""
    from arshjul.services.audit_tables import mismatches

    disagree = mismatches(ctx, municipality.id)
    if disagree:
        raise InvalidInput("tables_disagree", count=len(disagree))
    with Session(ctx.database()) as session:
        found = session.exec(
            select(Submission, Deliverable, Milestone, Body)
            .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .join(Cycle, col(Cycle.id) == Deliverable.cycle_id)
            .where(Cycle.municipality_id == municipality.id, Cycle.budget_year == year)
            .order_by(col(Submission.submitted_at), col(Submission.id))
        ).all()
        files: dict[int, list[tuple[str, str]]] = {}
        for f in session.exec(
            select(SubmissionFile)
            .where(col(SubmissionFile.submission_id).in_([s.id for s, *_ in found]))
            .order_by(col(SubmissionFile.id))
        ):
            files.setdefault(f.submission_id, []).append((f.name, f.sha256))
        people = {
            p.id: p
            for p in session.exec(select(Person).where(Person.municipality_id == municipality.id))
        }
    earlier: dict[int, list[SubmissionFact]] = {}
    rows = []
    for submission, deliverable, milestone, body in found:
        before = earlier.setdefault(deliverable.id or 0, [])
        planned = deliverable.deadline_override or milestone.deadline
        deadline = deadline_in_force(planned, before, submission.submitted_at)
        before.append(
            SubmissionFact(
                submission.submitted_at,
                submission.review,
                submission.reviewed_at,
                submission.new_deadline,
            )
        )
        by, reviewer = people.get(submission.submitted_by), people.get(submission.reviewed_by)
        rows.append(
            RegisterRow(
                submission.id or 0,
                deliverable.id or 0,
                body.key,
                body.name,
                milestone.key,
                milestone.title,
                milestone.deliverable,
                submission.version,
                submission.submitted_at,
                by.name if by else "",
                by.email if by else "",
                deadline,
                # an optional step is never late
                0 if milestone.optional else hand_in_lateness(deadline, submission.submitted_at),
                tuple(files.get(submission.id or 0, [])),
                submission.diarienummer,
                submission.review,
                submission.reviewed_at,
                f"{reviewer.name} <{reviewer.email}>" if reviewer else "",
                submission.review_comment,
                submission.new_deadline,
                milestone.optional,
            )
        )
    return rows


def register_page(
    ctx: Context,
    *,
    municipality: Municipality,
    year: int,
    body: str | None = None,
    person: str | None = None,
    late_only: bool = False,
    page: int = 1,
) -> RegisterPage:
    """One page of the register, newest first, filtered by body, person and lateness.
    Checks the reader itself: no caller can show it to someone who may not read it."""
    authorise(ctx, Action.READ_AUDIT, municipality_scope(municipality))
    every = versions_handed_in(ctx, municipality=municipality, year=year)
    rows = [
        r
        for r in reversed(every)
        if (not body or r.body_key == body)
        and (not person or r.submitted_by_email == person)
        and (not late_only or r.business_days_late > 0)
    ]
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = min(max(page, 1), pages)
    return RegisterPage(
        rows[(page - 1) * PER_PAGE : page * PER_PAGE],
        len(rows),
        page,
        pages,
        sorted({(r.body_key, r.body_name) for r in every}),
        sorted({r.submitted_by_email for r in every if r.submitted_by_email}),
    )
