"""The submissions register: who handed in what and when, against which deadline, and who
reviewed it with what verdict: every version of a budget year, for the auditors' first
view and for every export of it (CSV, XLSX). Read only while the tables agree with the
audit trail, so a register never shows what the trail does not cover."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Engine
from sqlmodel import Session, col

from arshjul.access import authorise, municipality_scope
from arshjul.context import Context
from arshjul.core.facts import Review, SubmissionFact
from arshjul.core.lateness import deadline_in_force, hand_in_lateness
from arshjul.core.permissions import Action
from arshjul.errors import InvalidInput
from arshjul.models.db import columns as columns_of
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
from arshjul.services.audit_tables import (
    SUBMISSION_RECORD_COLUMNS,
    SubmissionRecord,
    register_mismatches,
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
    lateness by the core rules (arshjul.core.lateness). Refused when any of them, its
    files or its review disagrees with the audit trail (audit_tables.register_mismatches),
    checked on the rows read here, in the same transaction."""
    with Session(_one_state(ctx.database())) as session, session.begin():
        connection = session.connection()
        found = connection.execute(
            columns_of(*SUBMISSION_RECORD_COLUMNS, *_SHOWN)
            .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .join(Cycle, col(Cycle.id) == Deliverable.cycle_id)
            .where(col(Cycle.municipality_id) == municipality.id, col(Cycle.budget_year) == year)
            .order_by(col(Submission.submitted_at), col(Submission.id))
        ).all()
        records = [SubmissionRecord(*row[:_RECORD]) for row in found]
        files: dict[int, list[tuple[str, str]]] = {}
        for submission_id, name, sha256 in connection.execute(
            columns_of(
                col(SubmissionFile.submission_id),
                col(SubmissionFile.name),
                col(SubmissionFile.sha256),
            )
            .where(col(SubmissionFile.submission_id).in_([r.id for r in records]))
            .order_by(col(SubmissionFile.id))
        ):
            files.setdefault(submission_id, []).append((name, sha256))
        people: dict[int | None, tuple[str, str]] = {
            person_id: (name, email)
            for person_id, name, email in connection.execute(
                columns_of(col(Person.id), col(Person.name), col(Person.email)).where(
                    col(Person.municipality_id) == municipality.id
                )
            )
        }
        disagree = register_mismatches(
            session,
            municipality=municipality,
            submissions=records,
            checksums={k: [sha for _name, sha in v] for k, v in files.items()},
            emails={k: email for k, (_name, email) in people.items()},
        )
    if disagree:
        raise InvalidInput("tables_disagree", count=len(disagree))
    return _rows(records, [_Shown(*row[_RECORD:]) for row in found], files, people)


class _Shown(NamedTuple):
    """What the register shows of a row beyond what its events record."""

    diarienummer: str
    reviewed_by: int | None
    review_comment: str
    deadline_override: dt.date | None
    deadline: dt.date
    optional: bool
    milestone_key: str
    milestone_title: str
    deliverable: str
    body_key: str
    body_name: str


_RECORD = len(SUBMISSION_RECORD_COLUMNS)
_SHOWN = (
    col(Submission.diarienummer),
    col(Submission.reviewed_by),
    col(Submission.review_comment),
    col(Deliverable.deadline_override),
    col(Milestone.deadline),
    col(Milestone.optional),
    col(Milestone.key),
    col(Milestone.title),
    col(Milestone.deliverable),
    col(Body.key),
    col(Body.name),
)


def _one_state(engine: Engine) -> Engine:
    """Every read of the register in one snapshot: on PostgreSQL a repeatable-read
    transaction (its default, read committed, gives each statement its own, and a review
    committed between the rows and their events would look like a disagreement); SQLite's
    reader transaction is one snapshot already (models.db)."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="REPEATABLE READ")
    return engine


def _rows(
    records: list[SubmissionRecord],
    shown: list[_Shown],
    files: dict[int, list[tuple[str, str]]],
    people: dict[int | None, tuple[str, str]],
) -> list[RegisterRow]:
    """The register's rows, each with the deadline in force when it was handed in."""
    earlier: dict[int, list[SubmissionFact]] = {}
    rows = []
    for submission, more in zip(records, shown, strict=True):
        before = earlier.setdefault(submission.deliverable_id, [])
        planned = more.deadline_override or more.deadline
        deadline = deadline_in_force(planned, before, submission.submitted_at)
        before.append(
            SubmissionFact(
                submission.submitted_at,
                submission.review,
                submission.reviewed_at,
                submission.new_deadline,
            )
        )
        by, reviewer = people.get(submission.submitted_by), people.get(more.reviewed_by)
        rows.append(
            RegisterRow(
                submission.id,
                submission.deliverable_id,
                more.body_key,
                more.body_name,
                more.milestone_key,
                more.milestone_title,
                more.deliverable,
                submission.version,
                submission.submitted_at,
                by[0] if by else "",
                by[1] if by else "",
                deadline,
                # an optional step is never late
                0 if more.optional else hand_in_lateness(deadline, submission.submitted_at),
                tuple(files.get(submission.id, [])),
                more.diarienummer,
                submission.review,
                submission.reviewed_at,
                f"{reviewer[0]} <{reviewer[1]}>" if reviewer else "",
                more.review_comment,
                submission.new_deadline,
                more.optional,
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
