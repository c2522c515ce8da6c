"""The assessments a follow-up report carries (arshjul.core.assessments): checked against
the nämnd's commitments in force before anything is stored, stored as rows of the
submission version in the hand-in's own transaction, and the hand-in form's rows,
prefilled from the nämnd's previous report so that each report is light to fill in.

A report handed in again without assessments keeps those of its latest version: a
returned report is completed with new documents, and its assessments go with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from arshjul.access import Target, authorise, load_target
from arshjul.context import Context
from arshjul.core.assessments import Assessment, Level, Scale, as_yaml, parse_assessments
from arshjul.core.assessments import read_assessments as read_document
from arshjul.core.commitments import CommitmentKind, CommitmentRef, Commitments
from arshjul.core.goals import GOALS
from arshjul.core.indicators import Direction, format_number, parse_number
from arshjul.core.permissions import Action
from arshjul.core.problems import Problem, Severity
from arshjul.core.template import Collects
from arshjul.errors import InvalidFile, InvalidInput
from arshjul.models.followup_queries import assessments_of, commitments_in_force, latest_versions
from arshjul.models.tables import AssessedValue, IndicatorValue, Milestone, Submission
from arshjul.models.tables import Assessment as AssessmentRow
from arshjul.settings import Settings

FORM_FILE = "formuläret"  # where a problem in the hand-in form is (as for commitments)


def scale_of(settings: Settings) -> Scale:
    names = settings.assessment_names
    return Scale(tuple(names.split(";")) if names else ())


def check_assessments(
    ctx: Context,
    target: Target,
    *,
    document: dict[str, Any] | None,
    path: Path | None,
    data: bytes | None,
) -> tuple[tuple[Assessment, ...] | None, list[Problem]]:
    """The assessments a hand-in carries, checked; nothing is stored. From the form's
    `document` or a file's `data`; neither: those of the latest version, if any."""
    collects = target.milestone.collects == Collects.ASSESSMENTS
    if not collects:
        if document is not None or path is not None:
            raise InvalidInput("assessments_not_collected", milestone=target.milestone.key)
        return None, []
    if document is not None and path is not None:
        raise InvalidInput("assessments_twice")
    body_id = target.body.id or 0
    with Session(ctx.database()) as session:
        in_force = commitments_in_force(
            session=session, cycle_id=target.cycle.id or 0, body_ids=[body_id]
        ).get(body_id)
        kept = _latest_assessments(session, target.deliverable.id or 0)
    commitments = in_force[1] if in_force else None
    if document is None and path is None:
        return kept, [] if kept or commitments is None else _unassessed(commitments)
    if commitments is None:
        raise InvalidInput(
            "no_commitments_in_force", body=target.body.key, year=target.cycle.budget_year
        )
    scale, limit = scale_of(ctx.settings), ctx.settings.assessment_comment_chars
    if path is not None:
        try:
            text = (data or b"").decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("file_type", file=str(path)) from None
        found, problems = read_document(
            text, file=str(path), commitments=commitments, scale=scale, comment_chars=limit
        )
    else:
        found, problems = parse_assessments(
            document, file=FORM_FILE, commitments=commitments, scale=scale, comment_chars=limit
        )
    if found is None:
        raise InvalidFile(str(path) if path else FORM_FILE, problems)
    return found, problems


def _unassessed(commitments: Commitments) -> list[Problem]:
    return [
        Problem("not_assessed", "", None, ref.path, {}, Severity.WARNING)
        for ref in commitments.refs()
    ]


def _latest_assessments(session: Session, deliverable_id: int) -> tuple[Assessment, ...] | None:
    latest = session.exec(
        select(Submission.id)
        .where(Submission.deliverable_id == deliverable_id)
        .order_by(col(Submission.version).desc())
    ).first()
    if latest is None:
        return None
    return assessments_of(session=session, submission_ids=[latest]).get(latest)


def store_assessments(
    session: Session, target: Target, submission_id: int, assessments: tuple[Assessment, ...]
) -> None:
    """The rows of one version's assessments and their values, in the caller's transaction."""
    municipality_id = target.municipality.id or 0
    for given in assessments:
        row = AssessmentRow(
            municipality_id=municipality_id,
            cycle_id=target.cycle.id or 0,
            body_id=target.body.id or 0,
            submission_id=submission_id,
            kind=given.ref.kind,
            key=given.ref.key,
            level=given.level,
            comment=given.comment,
        )
        session.add(row)
        session.flush()
        for indicator, value in given.values:
            session.add(
                AssessedValue(
                    municipality_id=municipality_id,
                    assessment_id=row.id or 0,
                    indicator=indicator,
                    value=value,
                )
            )


def payload(assessments: tuple[Assessment, ...] | None) -> list[dict[str, Any]] | None:
    """What the `submitted` event records, so the hash chain covers every field."""
    return None if assessments is None else [a.as_payload() for a in assessments]


# The hand-in form ------------------------------------------------------------------------


@dataclass(frozen=True)
class FormIndicator:
    ref: str
    name: str
    unit: str
    target: float | None
    direction: Direction
    value: str  # prefilled, as written ("78,5")
    imported: tuple[int, float] | None  # the municipality's latest imported (year, value)
    field: str  # the input's name: goals.4.indicators.N15419


@dataclass(frozen=True)
class FormRow:
    """One commitment to assess. The form's field names are the document's paths, so a
    problem's `field` names the input it belongs to."""

    ref: CommitmentRef
    title: str  # "4 God utbildning för alla", or the vision area's name
    statement: str  # what the nämnd committed to, from its verksamhetsplan
    level: Level | None  # prefilled
    comment: str
    indicators: tuple[FormIndicator, ...]

    @property
    def assessment_field(self) -> str:
        return f"{self.ref.path}.assessment"

    @property
    def comment_field(self) -> str:
        return f"{self.ref.path}.comment"


@dataclass(frozen=True)
class AssessmentForm:
    deliverable_id: int
    milestone: str
    body: str
    rows: tuple[FormRow, ...]  # empty where the milestone collects none, or no commitments
    choices: tuple[tuple[str, str], ...]  # (level, name) for the select
    comment_chars: int
    prefilled_from: tuple[str, int] | None  # (milestone key, version) the values came from
    collects: bool
    has_commitments: bool

    def yaml(self, scale: Scale) -> str:
        """The same rows as a file for `submit --assessments`."""
        rows = []
        for row in self.rows:
            given = (
                None
                if row.level is None
                else Assessment(
                    row.ref,
                    row.level,
                    row.comment,
                    tuple(
                        (i.ref, number)
                        for i in row.indicators
                        if (number := parse_number(i.value)) is not None
                    ),
                )
            )
            rows.append((row.ref, row.title, given, tuple(i.ref for i in row.indicators)))
        return as_yaml(rows, scale)


def assessment_form(
    ctx: Context, ref: str, *, municipality: str | None = None, year: int | None = None
) -> AssessmentForm:
    """The rows the hand-in form asks for, for whoever may hand in for the body: each of
    the nämnd's commitments, prefilled from this deliverable's latest version or else the
    nämnd's latest earlier report."""
    target = load_target(ctx, ref, municipality, year)
    authorise(ctx, Action.SUBMIT, target.scope)
    scale = scale_of(ctx.settings)
    choices = tuple((level.value, scale.name(level, ctx.lang)) for level, _ in scale.choices())
    collects = target.milestone.collects == Collects.ASSESSMENTS
    body_id = target.body.id or 0
    with Session(ctx.database()) as session:
        in_force = (
            commitments_in_force(session=session, cycle_id=target.cycle.id or 0, body_ids=[body_id])
            if collects
            else {}
        ).get(body_id)
        source = _prefill_source(session, target) if in_force else None
        given = (
            assessments_of(session=session, submission_ids=[source[2]]).get(source[2], ())
            if source
            else ()
        )
        imported = _imported(session, target, in_force[1] if in_force else None)
    rows = _rows(target, in_force[1], given, imported) if in_force else ()
    return AssessmentForm(
        target.deliverable.id or 0,
        target.milestone.key,
        target.body.key,
        rows,
        choices,
        ctx.settings.assessment_comment_chars,
        (source[0], source[1]) if source and given else None,
        collects,
        in_force is not None,
    )


def _prefill_source(session: Session, target: Target) -> tuple[str, int, int] | None:
    """(milestone key, version, submission id): this deliverable's latest version, else
    the body's latest version of the latest earlier report that has assessments."""
    versions = latest_versions(
        session=session,
        cycle_id=target.cycle.id or 0,
        collects=Collects.ASSESSMENTS,
        body_ids=[target.body.id or 0],
    )
    milestones = {
        m.id: m
        for m in session.exec(
            select(Milestone).where(col(Milestone.id).in_([m for _b, m in versions]))
        )
    }
    with_rows = set(
        session.exec(
            select(AssessmentRow.submission_id).where(
                col(AssessmentRow.submission_id).in_([s for s, _v in versions.values()])
            )
        )
    )
    own = target.milestone.id
    candidates = [
        (milestones[m].deadline, milestones[m].key, version, submission, m == own)
        for (_b, m), (submission, version) in versions.items()
        if submission in with_rows
        and (m == own or milestones[m].deadline < target.milestone.deadline)
    ]
    if not candidates:
        return None
    chosen = max(candidates, key=lambda c: (c[4], c[0]))
    return chosen[1], chosen[2], chosen[3]


def _imported(
    session: Session, target: Target, commitments: Commitments | None
) -> dict[str, tuple[int, float]]:
    refs = {
        i.ref for named in (commitments.indicators.values() if commitments else ()) for i in named
    }
    found: dict[str, tuple[int, float]] = {}
    for row in session.exec(
        select(IndicatorValue)
        .where(
            IndicatorValue.municipality_id == target.municipality.id,
            col(IndicatorValue.indicator).in_(sorted(refs)),
        )
        .order_by(col(IndicatorValue.period))
    ):
        found[row.indicator] = (row.period, row.value)
    return found


def _rows(
    target: Target,
    commitments: Commitments,
    given: tuple[Assessment, ...],
    imported: dict[str, tuple[int, float]],
) -> tuple[FormRow, ...]:
    areas = dict(target.cycle.vision_areas)
    by_ref = {a.ref: a for a in given}
    rows = []
    for ref in commitments.refs(tuple(areas)):
        earlier = by_ref.get(ref)
        values = dict(earlier.values) if earlier else {}
        if ref.kind is CommitmentKind.GOAL:
            title = f"{ref.key} {GOALS[int(ref.key)]}"
            statement = commitments.goal_statements.get(int(ref.key), "")
        else:
            title, statement = areas.get(ref.key, ref.key), commitments.vision_statements[ref.key]
        indicators = tuple(
            FormIndicator(
                i.ref,
                i.name,
                i.unit,
                i.target,
                i.direction,
                format_number(values[i.ref]) if i.ref in values else "",
                imported.get(i.ref),
                f"{ref.path}.indicators.{i.ref}",
            )
            for i in commitments.indicators.get(ref, ())
        )
        rows.append(
            FormRow(
                ref,
                title,
                statement,
                earlier.level if earlier else None,
                earlier.comment if earlier else "",
                indicators,
            )
        )
    return tuple(rows)
