"""A change to the wheel (a new template, an upload, a year's meeting dates), previewed
before it is applied. The preview reads only: it validates the text with `arshjul
validate`'s validator, plans it, checks it against the law and compares the plan with the
one stored (arshjul.core.plan_diff), naming whom each changed-date notice would go to. It
carries the hash of the wheel's version it was made against; applying re-plans through
the planning service (`save_plan`, the same code as `arshjul plan`) in one transaction,
with the notices queued in the outbox, and is refused if the wheel changed since."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from arshjul.access import authorise, municipality_scope
from arshjul.context import Context
from arshjul.core.law import Finding
from arshjul.core.permissions import Action
from arshjul.core.plan_diff import (
    DeliverableNow,
    MeetingNow,
    MilestoneNow,
    PlanDiff,
    diff_plans,
)
from arshjul.core.planner import CyclePlan
from arshjul.core.problems import Problem, Severity, errors
from arshjul.core.template import CycleTemplate
from arshjul.errors import LawErrors, NotFound, TemplateInvalid, WheelChanged
from arshjul.models.store import PlanChanges
from arshjul.models.tables import (
    Body,
    Cycle,
    Deliverable,
    Meeting,
    Milestone,
    Municipality,
    Person,
)
from arshjul.models.template_versions import latest_version, text_sha256
from arshjul.notifications import Recipient
from arshjul.services.planning import Versioning, check_text, save_plan


@dataclass(frozen=True)
class Preview:
    """What applying the candidate would do. `base_sha256` is the version in force it was
    made against ("" when none is stored yet); hand it back to apply."""

    municipality_code: str
    municipality_name: str
    budget_year: int
    base_sha256: str
    base_version: int
    candidate_sha256: str
    diff: PlanDiff
    recipients: dict[tuple[str, str], list[str]]  # (milestone, body) -> e-mail addresses
    law: list[Finding]
    warnings: list[Problem]
    template: CycleTemplate = field(repr=False)
    plan: CyclePlan = field(repr=False)

    @property
    def same_text(self) -> bool:
        return self.base_sha256 == self.candidate_sha256

    @property
    def law_errors(self) -> list[Finding]:
        return [f for f in self.law if f.severity is Severity.ERROR]


@dataclass(frozen=True)
class Change:
    """A candidate text for the wheel, for one budget year, and what applying it needs:
    the hash its preview was made against, why, and where it came from."""

    text: str
    file: str
    budget_year: int
    base_sha256: str | None = None  # None: whatever the wheel is now (arshjul plan FILE)
    reason: str = ""
    source: str = "upload"
    allow_law_errors: bool = False


def _checked(change: Change) -> tuple[CycleTemplate, CyclePlan, list[Finding], list[Problem]]:
    result = check_text(change.text, change.file, change.budget_year)
    if not result.ok or result.template is None or result.plan is None:
        raise TemplateInvalid(change.file, errors(result.problems))
    return result.template, result.plan, result.law, result.problems


@dataclass(frozen=True)
class _Stored:
    """The cycle's plan as stored, as the pure diff reads it."""

    milestones: list[MilestoneNow] = field(default_factory=list)
    deliverables: list[DeliverableNow] = field(default_factory=list)
    meetings: list[MeetingNow] = field(default_factory=list)


def _stored(session: Session, cycle: Cycle | None) -> _Stored:
    if cycle is None:
        return _Stored()
    milestones = session.exec(
        select(Milestone).where(Milestone.cycle_id == cycle.id, col(Milestone.active))
    ).all()
    keys = {m.id: m.key for m in milestones}
    bodies = {
        b.id: b.key
        for b in session.exec(select(Body).where(Body.municipality_id == cycle.municipality_id))
    }
    deliverables = session.exec(
        select(Deliverable).where(Deliverable.cycle_id == cycle.id, col(Deliverable.active))
    ).all()
    meetings = session.exec(
        select(Meeting).where(Meeting.cycle_id == cycle.id, col(Meeting.active))
    ).all()
    return _Stored(
        [MilestoneNow(m.key, m.title, m.deadline, m.rule, m.optional) for m in milestones],
        [
            DeliverableNow(
                keys[d.milestone_id], bodies[d.body_id], d.deadline_override, d.not_applicable
            )
            for d in deliverables
            if d.milestone_id in keys
        ],
        [MeetingNow(m.key, m.title, m.date) for m in meetings],
    )


def _secretaries(ctx: Context, session: Session, municipality_id: int) -> dict[str, list[str]]:
    """Body key -> whom its notices go to today (stand-ins included, as the sweep would)."""
    from arshjul.notifications import recipients

    by_body, _ = recipients(
        session=session, today=ctx.today(), copy_absent=ctx.settings.stand_in_copies_absent
    )
    keys = {
        b.id: b.key
        for b in session.exec(select(Body).where(Body.municipality_id == municipality_id))
    }
    found: dict[str, list[Recipient]] = {keys[i]: r for i, r in by_body.items() if i in keys}
    return {key: [r.email for r in people] for key, people in found.items()}


def preview(ctx: Context, change: Change) -> Preview:
    """What applying `change` would do; raises TemplateInvalid (every problem with its
    line) when the text cannot be planned. Changes nothing, creates nothing."""
    template, cycle_plan, findings, problems = _checked(change)
    code = template.municipality.code
    with Session(ctx.database()) as session:
        muni = session.exec(select(Municipality).where(Municipality.code == code)).first()
        cycle = (
            session.exec(
                select(Cycle).where(
                    Cycle.municipality_id == muni.id, Cycle.budget_year == change.budget_year
                )
            ).first()
            if muni is not None
            else None
        )
        stored = _stored(session, cycle)
        current = latest_version(session=session, municipality_id=muni.id or 0) if muni else None
        people = _secretaries(ctx, session, muni.id or 0) if muni else {}
    diff = diff_plans(
        milestones=stored.milestones,
        deliverables=stored.deliverables,
        meetings=stored.meetings,
        candidate=cycle_plan,
        today=ctx.today(),
    )
    return Preview(
        code,
        template.municipality.name,
        change.budget_year,
        current.sha256 if current else "",
        current.version if current else 0,
        text_sha256(template.source_text),
        diff,
        {(n.milestone_key, n.body_key): people.get(n.body_key, []) for n in diff.notices},
        findings,
        [p for p in problems if p.severity is Severity.WARNING],
        template,
        cycle_plan,
    )


def authorise_change(ctx: Context, *, municipality: str) -> tuple[Municipality, Person]:
    """The municipality whose wheel is to change and the person acting, if they may."""
    with Session(ctx.database()) as session:
        found = session.exec(select(Municipality).where(Municipality.code == municipality)).first()
    if found is None:
        raise NotFound("no_cycle", what=f"kommun {municipality}")
    return found, authorise(ctx, Action.CHANGE_WHEEL, municipality_scope(found))


def preview_change(ctx: Context, change: Change) -> Preview:
    """`preview` for a person who may change the wheel of the municipality it is for."""
    result = preview(ctx, change)
    authorise_change(ctx, municipality=result.municipality_code)
    return result


def apply_change(ctx: Context, change: Change) -> PlanChanges:
    """Re-plan with `change` for a person who may change the wheel, in one transaction:
    the plan, the new version, the audit events and the changed-date notices (sent once
    committed). Refused, nothing stored, when the wheel changed since the preview
    (`change.base_sha256`), when the text is invalid, or when the plan breaks the law
    and no override was given."""
    template, cycle_plan, findings, _ = _checked(change)
    _, person = authorise_change(ctx, municipality=template.municipality.code)
    law_errors = [f for f in findings if f.severity is Severity.ERROR]
    if law_errors and not change.allow_law_errors:
        raise LawErrors(law_errors)
    versioning = Versioning(change.source, change.reason, change.base_sha256)
    try:
        changes = save_plan(
            ctx,
            template=template,
            cycle_plan=cycle_plan,
            overridden=law_errors,
            actor=person.email,
            versioning=versioning,
            queue_notices=True,
        )
    except IntegrityError as exc:  # another person's version took the number first
        if "templateversion" not in str(exc).lower():
            raise
        raise WheelChanged(template.municipality.code, change.base_sha256 or "", "", "") from None
    from arshjul.notifications import send_now

    send_now(ctx, changes.notice_keys)
    return changes
