"""A deliverable and the versions handed in, as the pages read them: its page (status,
deadline in force, the versions with their files, who handed in and who reviewed), its
receipts, and the coordinators' review queue. Reads only; each decides who may read it
with `authorise`, like the actions it serves, and opening a page is refused (and audited)
only to a crafted request: the navigation shows no page a person may not read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from arshjul.access import Target as Target  # the deliverable a page is for
from arshjul.access import authorise, load_target, municipality_scope
from arshjul.context import Context
from arshjul.core.board import BoardCell, build_board
from arshjul.core.commitments import Commitments
from arshjul.core.goals import GOALS
from arshjul.core.instants import STOCKHOLM
from arshjul.core.lateness import hand_in_lateness
from arshjul.core.permissions import Action
from arshjul.core.template import Collects
from arshjul.errors import NotFound
from arshjul.models import queries
from arshjul.models.tables import (
    Body,
    Commitment,
    Deliverable,
    Milestone,
    Person,
    Submission,
    SubmissionFile,
)


@dataclass(frozen=True)
class Version:
    """One version with its files; `at` is the hand-in instant in Stockholm time."""

    submission: Submission
    at: dt.datetime
    files: list[SubmissionFile]
    handed_in_by: str = ""  # "name <e-mail>" of the person who handed it in
    reviewed_by: str = ""


@dataclass(frozen=True)
class Waiting(Version):
    """A latest version no coordinator has judged yet, with what it is for."""

    deliverable: Deliverable | None = None
    milestone: Milestone | None = None
    body: Body | None = None


@dataclass(frozen=True)
class DeliverablePage:
    """What a deliverable's page shows: the target, its status as of the context's
    clock (with the deadline in force), the versions newest first, and for a milestone
    that collects commitments, the goals to choose from and the last ones chosen."""

    target: Target
    cell: BoardCell
    versions: list[Version]
    goals: list[tuple[int, str]] = field(default_factory=list)
    vision_areas: list[tuple[str, str]] = field(default_factory=list)
    max_goals: int = 0
    chosen: Commitments | None = None


def _people(session: Session, ids: set[int | None]) -> dict[int | None, str]:
    found = session.exec(select(Person).where(col(Person.id).in_([i for i in ids if i]))).all()
    return {p.id: f"{p.name} <{p.email}>" for p in found}


def _with_files(session: Session, submissions: list[Submission]) -> list[Version]:
    files = session.exec(
        select(SubmissionFile)
        .where(col(SubmissionFile.submission_id).in_([s.id for s in submissions]))
        .order_by(col(SubmissionFile.id))
    ).all()
    people = _people(
        session, {s.submitted_by for s in submissions} | {s.reviewed_by for s in submissions}
    )
    session.expunge_all()
    return [
        Version(
            s,
            s.submitted_at.astimezone(STOCKHOLM),
            [f for f in files if f.submission_id == s.id],
            people.get(s.submitted_by, ""),
            people.get(s.reviewed_by, ""),
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


def deliverable_page(ctx: Context, deliverable_id: int) -> DeliverablePage:
    """The page of one deliverable, for the body's secretaries, the coordinators and the
    auditors (Action.VIEW_DELIVERABLE)."""
    target = load_target(ctx, str(deliverable_id), None, None)
    authorise(ctx, Action.VIEW_DELIVERABLE, target.scope)
    with Session(ctx.database()) as session:
        rows = queries.deliverable_rows(
            session=session, cycle=target.cycle, body_key=target.body.key
        )
        chosen = _last_commitments(session, target)
    board = build_board(
        [r for r in rows if r.deliverable_id == deliverable_id],
        ctx.now(),
        target.cycle.due_soon_days,
    )
    page = DeliverablePage(target, board.cells[0], versions_of(ctx, deliverable_id))
    if target.milestone.collects != Collects.COMMITMENTS:
        return page
    return DeliverablePage(
        target,
        page.cell,
        page.versions,
        sorted(GOALS.items()),
        [(key, name) for key, name in target.cycle.vision_areas],
        target.cycle.max_goals,
        chosen,
    )


def _last_commitments(session: Session, target: Target) -> Commitments | None:
    """The commitments of the body's latest version that carried them: the form starts
    from them, so a new version changes only what changed."""
    rows = session.exec(
        select(Commitment)
        .where(
            Commitment.cycle_id == target.cycle.id,
            Commitment.body_id == target.body.id,
        )
        .order_by(col(Commitment.submission_id).desc(), col(Commitment.id))
    ).all()
    if not rows:
        return None
    latest = [r for r in rows if r.submission_id == rows[0].submission_id]
    goals = tuple(int(r.key) for r in latest if r.kind == "goal")
    return Commitments(
        goals,
        {int(r.key): r.statement for r in latest if r.kind == "goal"},
        {r.key: r.statement for r in latest if r.kind == "vision"},
    )


def receipt(ctx: Context, deliverable_id: int, version: int) -> tuple[Target, Version, int]:
    """A version's receipt: the deliverable, the version and the business days it came in
    late (0 when on time); for those who may read the deliverable's page."""
    target = load_target(ctx, str(deliverable_id), None, None)
    authorise(ctx, Action.VIEW_DELIVERABLE, target.scope)
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
        Waiting(v.submission, v.at, v.files, v.handed_in_by, v.reviewed_by, d, m, b)
        for v, (_, d, m, b) in zip(versions, waiting, strict=True)
    ]
