"""Example submissions for `arshjul demo`, handed in through the real submission path.

Each one is a small text file submitted by the body's secretary at a simulated instant, so
the demo's board, receipts, audit trail and `audit submissions` export all come from the
same code a municipality uses. Deterministic: whether a deliverable was handed in on time,
late or not at all depends only on its milestone and body keys. Idempotent: a deliverable
that already has a submission gets no more.

Everything happens before the demo's day, which is today unless asked otherwise, so what
a newcomer then does in the web (a hand-in, a review) follows on from it in time. Two
cycles are played: the budget year under way, with its follow-up (every nämnd's
verksamhetsplan with its commitments, then its tertial report and delårsrapport with an
assessment of each commitment, so the roll-up shows a trend), and next year's, being
prepared.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.assessments import Level
from arshjul.core.calendar import add_business_days
from arshjul.core.commitments import Commitments, read_commitments
from arshjul.core.instants import STOCKHOLM
from arshjul.core.template import Collects, Role
from arshjul.models.tables import Body, Cycle, Deliverable, Milestone, Person, Submission
from arshjul.services.decisions import DecisionIn, DecisionView, listing, record
from arshjul.services.submissions import ReviewIn, SubmissionIn, review, submit

DEMO_COMMENT = "Exempeldata från arshjul demo"


def _draw(milestone: str, body: str) -> int:
    return hashlib.sha256(f"{milestone}/{body}".encode()).digest()[0] % 20


def seed_demo_submissions(ctx: Context, *, cycle_id: int, as_of: dt.date) -> int:
    """Hand in most deliverables due before `as_of`: 16/20 on time, 3/20 late, 1/20 never;
    a coordinator accepts the on-time ones that are more than a month old."""
    with Session(ctx.database()) as session:
        cycle = session.get(Cycle, cycle_id)
        assert cycle is not None
        found = session.exec(
            select(Deliverable, Milestone, Body)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .where(
                Deliverable.cycle_id == cycle.id,
                col(Deliverable.active),
                Milestone.deadline < as_of,
            )
            .order_by(col(Milestone.deadline), col(Body.position))
        ).all()
        rows = [(d.id, m.key, m.deadline, b.key, b.id, m.collects) for d, m, b in found]
        have = set(session.exec(select(Submission.deliverable_id)).all())
        secretaries = {
            p.body_id: p.email
            for p in session.exec(
                select(Person).where(Person.role == Role.SECRETARY, col(Person.active))
            )
        }
        coordinator = session.exec(
            select(Person.email).where(
                Person.municipality_id == cycle.municipality_id,
                Person.role == Role.COORDINATOR,
                col(Person.active),
            )
        ).first()
    added = 0
    with tempfile.TemporaryDirectory() as folder:
        areas = [key for key, _name in cycle.vision_areas]
        for deliverable_id, milestone, deadline, body, body_id, collects in rows:
            draw = _draw(milestone, body)
            if deliverable_id in have or draw == 0 or body_id not in secretaries:
                continue
            late_by = draw if draw <= 3 else 0
            day = (
                add_business_days(deadline, late_by)
                if late_by
                else add_business_days(deadline, -(draw % 3))
            )
            if day >= as_of:
                continue
            at = dt.datetime(day.year, day.month, day.day, 9 + draw % 7, 15, tzinfo=STOCKHOLM)
            document = Path(folder) / f"{milestone}-{body}.txt"
            document.write_text(f"{milestone} – {body}\n{DEMO_COMMENT}\n", encoding="utf-8")
            commitments = None
            if collects == Collects.COMMITMENTS:
                commitments = Path(folder) / f"{milestone}-{body}-mal.yaml"
                commitments.write_text(demo_commitments(body, areas), encoding="utf-8")
            submit(
                ctx.at(at).acting_as(secretaries[body_id]),
                SubmissionIn(
                    str(deliverable_id),
                    (document,),
                    comment=DEMO_COMMENT,
                    commitments_path=commitments,
                ),
            )
            if late_by == 0 and coordinator and (as_of - day).days > 30:
                review(
                    ctx.at(at + dt.timedelta(days=7)).acting_as(coordinator),
                    ReviewIn(str(deliverable_id), accept=True),
                )
            added += 1
    return added


def demo_commitments(body: str, areas: list[str]) -> str:
    """A plausible commitments file for a nämnd: two or three goals, and a statement for
    every vision area but, for some nämnder, the last (so the report shows a gap); its
    first goal followed by a local indicator (an example, labelled so)."""
    draw = _draw("commitments", body)
    goals = sorted({3 + draw % 3, 8 + draw % 4, 11 + draw % 6})[: 2 + draw % 2]
    covered = areas if draw % 4 else areas[:-1]
    lines = [f"goals: [{', '.join(str(g) for g in goals)}]", "vision:" if covered else "vision: {}"]
    lines += [
        f'  {area}: "{body} bidrar till {area} ({DEMO_COMMENT.lower()})."' for area in covered
    ]
    lines.append("contributions:")
    lines += [f'  {goal}: "{body}s bidrag till mål {goal}."' for goal in goals]
    lines += [
        "indicators:",
        f"  {goals[0]}:",
        '    - {key: nojda, name: "Nöjda brukare (exempel)", unit: "%", target: 85}',
    ]
    return "\n".join(lines) + "\n"


# Levels of a commitment in tertial 1 and in delår, by a draw: better, the same, better,
# the same, worse, cannot be compared.
_COURSES = (
    (Level.PARTLY_MET, Level.MET),
    (Level.PARTLY_MET, Level.PARTLY_MET),
    (Level.NOT_MET, Level.PARTLY_MET),
    (Level.MET, Level.MET),
    (Level.PARTLY_MET, Level.NOT_MET),
    (Level.NOT_ASSESSABLE, Level.PARTLY_MET),
)
_COMMENTS = {
    Level.MET: "Målet nås (exempel).",
    Level.PARTLY_MET: "Arbetet pågår, delar återstår (exempel).",
    Level.NOT_MET: "Målet nås inte; åtgärder planeras (exempel).",
    Level.NOT_ASSESSABLE: "Underlaget räcker inte för en bedömning (exempel).",
}


def demo_assessments(body: str, commitments: Commitments, report: int) -> dict[str, Any]:
    """The document a nämnd's form would give for its `report`-th report (0 or 1)."""
    document: dict[str, dict[str, object]] = {"goals": {}, "vision": {}}
    for ref in commitments.refs():
        level = _COURSES[_draw(f"bedomning {ref.path}", body) % len(_COURSES)][report]
        entry: dict[str, object] = {"assessment": level.value, "comment": _COMMENTS[level]}
        named = commitments.indicators.get(ref, ())
        if named:
            value = 70 + _draw(ref.path, body) % 10 + 8 * report
            entry["indicators"] = {named[0].ref: str(value)}
        document[ref.path.split(".")[0]][ref.key] = entry
    return document


def seed_demo_followup(ctx: Context, *, cycle_id: int, as_of: dt.date) -> int:
    """Each nämnd's verksamhetsplan with its commitments, two business days before its
    deadline, then its first two reports of the year with assessments (the day before
    each deadline); a coordinator accepts the first a week later. Only what falls before
    `as_of`: the demo plays the past, never hand-ins ahead of its day. Idempotent."""
    rows, secretaries, coordinator, cycle = _followup_rows(ctx, cycle_id)
    areas = tuple(key for key, _name in cycle.vision_areas)
    reports = list(dict.fromkeys(r[1] for r in rows if r[2] == Collects.ASSESSMENTS))[:2]
    added = 0
    with tempfile.TemporaryDirectory() as folder:
        for deliverable_id, milestone, collects, deadline, body, handed_in in rows:
            if handed_in or body not in secretaries:
                continue
            text = demo_commitments(body, list(areas))
            commitments, _ = read_commitments(
                text, file="demo", vision_areas=areas, max_goals=cycle.max_goals
            )
            document = Path(folder) / f"{milestone}-{body}.txt"
            document.write_text(f"{milestone} – {body}\n{DEMO_COMMENT}\n", encoding="utf-8")
            form = SubmissionIn(str(deliverable_id), (document,), comment=DEMO_COMMENT)
            if collects == Collects.COMMITMENTS:
                path = Path(folder) / f"{body}-mal.yaml"
                path.write_text(text, encoding="utf-8")
                form, day = replace(form, commitments_path=path), add_business_days(deadline, -2)
            elif milestone in reports and commitments is not None:
                given = demo_assessments(body, commitments, reports.index(milestone))
                form, day = replace(form, assessments=given), add_business_days(deadline, -1)
            else:
                continue
            if day >= as_of:
                continue
            at = dt.datetime(day.year, day.month, day.day, 10, 5, tzinfo=STOCKHOLM)
            submit(ctx.at(at).acting_as(secretaries[body]), form)
            if milestone == reports[0] and coordinator and (as_of - day).days > 7:
                review(
                    ctx.at(at + dt.timedelta(days=7)).acting_as(coordinator),
                    ReviewIn(str(deliverable_id), accept=True),
                )
            added += 1
    return added


_Row = tuple[int | None, str, str, dt.date, str, bool]


def _followup_rows(
    ctx: Context, cycle_id: int
) -> tuple[list[_Row], dict[str, str], str | None, Cycle]:
    """The deliverables that collect commitments or assessments by deadline, each with
    whether it has a submission; each body's secretary; a coordinator; the cycle."""
    with Session(ctx.database()) as session:
        cycle = session.get(Cycle, cycle_id)
        assert cycle is not None
        found = session.exec(
            select(Deliverable, Milestone, Body)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .where(
                Deliverable.cycle_id == cycle_id,
                col(Deliverable.active),
                col(Milestone.collects).in_([Collects.COMMITMENTS, Collects.ASSESSMENTS]),
            )
            .order_by(col(Milestone.deadline), col(Body.position))
        ).all()
        have = set(session.exec(select(Submission.deliverable_id)).all())
        rows = [(d.id, m.key, m.collects, m.deadline, b.key, d.id in have) for d, m, b in found]
        bodies = {b.id: b.key for _d, _m, b in found}
        secretaries = {
            bodies[p.body_id]: p.email
            for p in session.exec(
                select(Person).where(Person.role == Role.SECRETARY, col(Person.active))
            )
            if p.body_id in bodies
        }
        coordinator = session.exec(
            select(Person.email).where(
                Person.municipality_id == cycle.municipality_id,
                Person.role == Role.COORDINATOR,
                col(Person.active),
            )
        ).first()
        session.expunge(cycle)
    return rows, secretaries, coordinator, cycle


def record_demo_budget_decision(
    ctx: Context, *, budget_year: int, as_of: dt.date
) -> DecisionView | None:
    """KF's November budget decision, recorded by KF's secretary three days after the
    meeting, justified two days after it and announced the day after that; None while
    that is not before `as_of`. Idempotent."""
    _muni, existing = listing(ctx, municipality="2262", year=budget_year)
    for view in existing:
        if view.milestone_key == "kf-budget":
            return view
    with Session(ctx.database()) as session:
        meeting = session.exec(
            select(col(Milestone.deadline))
            .join(Cycle, col(Cycle.id) == Milestone.cycle_id)
            .where(Cycle.budget_year == budget_year, Milestone.key == "kf-budget")
        ).one()
    justered = add_business_days(meeting, 2)
    announced = add_business_days(justered, 1)
    if announced >= as_of:
        return None
    recorded_at = dt.datetime.combine(announced, dt.time(10), tzinfo=STOCKHOLM)
    return record(
        ctx.at(recorded_at).acting_as("kf.sekreterare@example.org"),
        DecisionIn(
            body_key="KF",
            meeting_date=meeting,
            paragraph="§ 61",
            title=f"Verksamhetsplan och budget {budget_year}–{budget_year + 2}",
            diarienummer=f"KS {budget_year - 1}/112",
            milestone_key="kf-budget",
            year=budget_year,
            justered=justered,
            announced=announced,
            municipality="2262",
        ),
    )
