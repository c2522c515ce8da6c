"""The versions handed in, as the pages read them: one deliverable's versions with their
files (the deliverable's page and its receipts) and the coordinators' review queue.
Reads only; each decides who may read it with `authorise`, like the actions it serves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from arshjul.access import Target as Target  # the deliverable a hand-in page is for
from arshjul.access import authorise, load_target, municipality_scope
from arshjul.context import Context
from arshjul.core.instants import STOCKHOLM
from arshjul.core.lateness import hand_in_lateness
from arshjul.core.permissions import Action
from arshjul.errors import NotFound
from arshjul.models import queries
from arshjul.models.tables import Body, Deliverable, Milestone, Submission, SubmissionFile


@dataclass(frozen=True)
class Version:
    """One version with its files; `at` is the hand-in instant in Stockholm time."""

    submission: Submission
    at: dt.datetime
    files: list[SubmissionFile]


@dataclass(frozen=True)
class Waiting(Version):
    """A latest version no coordinator has judged yet, with what it is for."""

    deliverable: Deliverable
    milestone: Milestone
    body: Body


def _with_files(session: Session, submissions: list[Submission]) -> list[Version]:
    files = session.exec(
        select(SubmissionFile).where(
            col(SubmissionFile.submission_id).in_([s.id for s in submissions])
        )
    ).all()
    session.expunge_all()
    return [
        Version(
            s, s.submitted_at.astimezone(STOCKHOLM), [f for f in files if f.submission_id == s.id]
        )
        for s in submissions
    ]


def hand_in_target(ctx: Context, deliverable_id: int) -> Target:
    """The deliverable, if the person acting may hand it in (a refusal is audited)."""
    target = load_target(ctx, str(deliverable_id), None, None)
    authorise(ctx, Action.SUBMIT, target.scope)
    return target


def versions_of(ctx: Context, deliverable_id: int) -> list[Version]:
    """Every version of the deliverable, newest first (the caller has authorised)."""
    with Session(ctx.database()) as session:
        submissions = list(
            session.exec(
                select(Submission)
                .where(Submission.deliverable_id == deliverable_id)
                .order_by(col(Submission.version).desc())
            ).all()
        )
        return _with_files(session, submissions)


def receipt(ctx: Context, deliverable_id: int, version: int) -> tuple[Target, Version, int]:
    """A version's receipt: the deliverable, the version and the business days it came in
    late (0 when on time)."""
    target = hand_in_target(ctx, deliverable_id)
    found = [v for v in versions_of(ctx, deliverable_id) if v.submission.version == version]
    if not found:
        raise NotFound("unknown_deliverable", ref=f"{deliverable_id}/{version}")
    late = hand_in_lateness(target.planned_deadline, found[0].submission.submitted_at)
    return target, found[0], late


def review_queue(ctx: Context, *, municipality: str | None) -> list[Waiting]:
    """The latest version of each deliverable that waits for a verdict, oldest first."""
    with Session(ctx.database()) as session:
        found = queries.resolve_municipality(session=session, code=municipality)
        authorise(ctx, Action.REVIEW, municipality_scope(found))
        rows = session.exec(
            select(Submission, Deliverable, Milestone, Body)
            .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .where(Submission.municipality_id == found.id)
            .order_by(col(Submission.submitted_at))
        ).all()
        latest: dict[int, tuple[Submission, Deliverable, Milestone, Body]] = {}
        for row in rows:
            current = latest.get(row[1].id or 0)
            if current is None or row[0].version > current[0].version:
                latest[row[1].id or 0] = row
        waiting = [row for row in latest.values() if row[0].review is None]
        versions = _with_files(session, [s for s, *_ in waiting])
    return [
        Waiting(v.submission, v.at, v.files, d, m, b)
        for v, (_, d, m, b) in zip(versions, waiting, strict=True)
    ]
