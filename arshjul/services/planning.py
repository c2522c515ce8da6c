"""Check a template file for a budget year and store its plan: the steps `arshjul validate`,
`arshjul plan` and the `plan_cycle` flow share. Prefect-free, so validate stays fast."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, select

from arshjul.access import Scope, authorise
from arshjul.context import Context
from arshjul.core import law
from arshjul.core.law import Finding
from arshjul.core.people import PeopleChange, people_change, people_of
from arshjul.core.permissions import Action
from arshjul.core.planner import CyclePlan, plan
from arshjul.core.problems import Problem, Severity, errors
from arshjul.core.template import CycleTemplate
from arshjul.core.template_loader import parse_template
from arshjul.errors import LawErrors, TemplateInvalid, WheelChanged
from arshjul.models.db import writing
from arshjul.models.store import PlanChanges, store_plan
from arshjul.models.tables import Body, DeadlineChange, Municipality, Person, TemplateVersion
from arshjul.models.template_versions import add_version, latest_version
from arshjul.services.template_files import load_template
from arshjul.trail import SYSTEM, record


@dataclass(frozen=True)
class Versioning:
    """How a plan becomes a version of the wheel: where it came from (plan, upload,
    meetings, edit), why, and the version hash a preview was made against (None: apply
    whatever the wheel is now, as `arshjul plan FILE` always did)."""

    source: str = "plan"
    reason: str = ""
    base_sha256: str | None = None


@dataclass(frozen=True)
class Checked:
    template: CycleTemplate | None
    plan: CyclePlan | None
    problems: list[Problem]
    law: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.plan is not None and not errors(self.problems)

    @property
    def law_errors(self) -> list[Finding]:
        return [f for f in self.law if f.severity is Severity.ERROR]


def check(template: str | Path, budget_year: int) -> Checked:
    """Load, validate, plan and check against the law; every finding returned, none raised."""
    loaded, problems = load_template(template)
    return _checked(loaded, problems, budget_year)


def check_text(text: str, file: str, budget_year: int) -> Checked:
    """Like `check`, for a template's text (an upload, a stored version, an edit): the same
    validator, so its problems name `file` and the line as `arshjul validate` would."""
    loaded, problems = parse_template(text, file)
    return _checked(loaded, problems, budget_year)


def _checked(loaded: CycleTemplate | None, problems: list[Problem], budget_year: int) -> Checked:
    if loaded is None:
        return Checked(None, None, problems)
    planned, plan_problems = plan(loaded, budget_year)
    findings = law.check(loaded, planned) if planned is not None else []
    return Checked(loaded, planned, problems + plan_problems, findings)


def checked_plan(
    template: str | Path, budget_year: int, allow_law_errors: bool = False
) -> tuple[CycleTemplate, CyclePlan, list[Finding]]:
    """Like `check`, but raise TemplateInvalid unless the template can be planned, and
    LawErrors if the plan breaks the law and `allow_law_errors` is not given."""
    result = check(template, budget_year)
    if not result.ok or result.template is None or result.plan is None:
        raise TemplateInvalid(str(template), errors(result.problems))
    if result.law_errors and not allow_law_errors:
        raise LawErrors(result.law_errors)
    return result.template, result.plan, result.law_errors


def _record_changes(ctx: Context, session: Session, changes: PlanChanges, actor: str) -> None:
    """Each deadline that moved, and the plan itself, in the trail with the change (`ctx`
    fixed at the instant the plan was stored)."""
    for key, old, new in changes.moved:
        record(
            ctx,
            session,
            municipality_id=changes.municipality_id,
            actor=actor,
            kind="deadline_moved",
            subject=f"cycle:{changes.cycle_id}/milestone:{key}",
            payload={
                "budget_year": changes.budget_year,
                "milestone": key,
                "old": old.isoformat(),
                "new": new.isoformat(),
            },
        )
    record(
        ctx,
        session,
        municipality_id=changes.municipality_id,
        actor=actor,
        kind="cycle_planned",
        subject=f"cycle:{changes.cycle_id}",
        payload={
            "budget_year": changes.budget_year,
            "template": changes.template_file,
            "template_sha256": changes.template_sha256,
            "created": changes.created,
            "updated": changes.updated,
            "retired": changes.retired,
            "moved": len(changes.moved),
        },
    )


def _queue_moves(ctx: Context, session: Session, changes: PlanChanges) -> list[str]:
    """The changed-date notices of the moves just stored (this instant, this cycle)."""
    from arshjul.notifications import queue_changed_deadline

    ids = session.exec(
        select(DeadlineChange.id).where(
            DeadlineChange.cycle_id == changes.cycle_id,
            col(DeadlineChange.deliverable_id).is_(None),
            DeadlineChange.changed_at == ctx.now(),
        )
    ).all()
    return [key for i in ids for key in queue_changed_deadline(session, ctx, i or 0)]


def _people_change(ctx: Context, template: CycleTemplate) -> tuple[PeopleChange, int]:
    """What the template changes about the people of a municipality already planned (none
    for a new one), and its id."""
    with Session(ctx.database(create=True)) as session:
        muni = session.exec(
            select(Municipality).where(Municipality.code == template.municipality.code)
        ).first()
        if muni is None:
            return PeopleChange((), ()), 0
        bodies = {
            b.id: b.key for b in session.exec(select(Body).where(Body.municipality_id == muni.id))
        }
        before = {
            (bodies.get(p.body_id, ""), p.email, p.role.value)
            for p in session.exec(
                select(Person).where(Person.municipality_id == muni.id, col(Person.active))
            )
        }
    return people_change(before, people_of(template)), muni.id or 0


def author_of(ctx: Context) -> str:
    """Who a new version of the wheel is by: the person acting, else who ran the program."""
    return ctx.actor or ctx.operator or SYSTEM


def _same_version(current: TemplateVersion | None, base: str) -> bool:
    """Whether the version in force is the one a preview named: by its hash or a prefix of
    it at least 12 characters long (as the CLI prints it); "" names no version yet."""
    if not base:
        return current is None
    return current is not None and len(base) >= 12 and current.sha256.startswith(base.lower())


def _store_version(
    ctx: Context, session: Session, changes: PlanChanges, template: CycleTemplate, how: Versioning
) -> None:
    """The template's text as the wheel's newest version (unless it already is), refused
    when the wheel changed since the version `how.base_sha256` a preview was made against;
    a new version is in the trail with the hashes before and after."""
    current = latest_version(session=session, municipality_id=changes.municipality_id)
    if how.base_sha256 is not None and not _same_version(current, how.base_sha256):
        raise WheelChanged(
            template.municipality.code,
            how.base_sha256,
            current.sha256 if current else "",
            current.author if current else "",
        )
    stored = add_version(
        session=session,
        municipality_id=changes.municipality_id,
        text=template.source_text,
        file=Path(template.file).name,
        source=how.source,
        author=author_of(ctx),
        reason=how.reason,
        now=ctx.now(),
    )
    changes.version = stored.version.version
    if not stored.created:
        return
    record(
        ctx,
        session,
        municipality_id=changes.municipality_id,
        actor=author_of(ctx),
        kind="template_version_added",
        subject=f"municipality:{template.municipality.code}/template",
        payload={
            "version": stored.version.version,
            "before": stored.before_sha256,
            "after": stored.version.sha256,
            "file": stored.version.file,
            "source": how.source,
            "reason": stored.version.reason,
            "budget_year": changes.budget_year,
        },
    )


def save_plan(
    ctx: Context,
    *,
    template: CycleTemplate,
    cycle_plan: CyclePlan,
    overridden: list[Finding] | None = None,
    actor: str = "system",
    versioning: Versioning | None = None,
    queue_notices: bool = False,
) -> PlanChanges:
    """Store a plan in one transaction: all of it or, on any error, nothing. Law errors
    planned anyway (`overridden`) are recorded in the audit trail in the same commit.

    A plan that adds, removes or changes people of a municipality already planned needs an
    admin (`ctx.actor`, checked by `authorise`; a refusal is audited and nothing stored);
    the change is recorded with who was added and removed. The first plan of a
    municipality brings its people in without one: someone has to be first.

    The template's text becomes the wheel's newest version in the same transaction
    (`versioning` says why and from where; with its `base_sha256` the plan is refused,
    nothing stored, when the wheel changed since the preview it was made from). With
    `queue_notices` the changed-date notices of the deadlines that moved are queued in the
    outbox in the same commit (their keys in `notice_keys`), not left to the next sweep."""
    now = ctx.now()
    change, municipality_id = _people_change(ctx, template)
    if change:
        scope = Scope(municipality_id, None, "people", change.as_dict())
        actor = authorise(ctx, Action.CHANGE_PEOPLE, scope).email
    with Session(writing(ctx.database(create=True))) as session, session.begin():
        changes = store_plan(
            session=session,
            template=template,
            plan=cycle_plan,
            now=now,
        )
        _store_version(ctx.at(now), session, changes, template, versioning or Versioning())
        if changes.changed:
            _record_changes(ctx.at(now), session, changes, actor)
        if queue_notices and changes.moved:
            changes.notice_keys = _queue_moves(ctx.at(now), session, changes)
        if change:
            record(
                ctx.at(now),
                session,
                municipality_id=changes.municipality_id,
                actor=actor,
                kind="people_changed",
                subject="people",
                payload={"budget_year": cycle_plan.budget_year, **change.as_dict()},
            )
        if overridden:
            record(
                ctx.at(now),
                session,
                municipality_id=changes.municipality_id,
                actor=actor,
                kind="law_override",
                subject=f"cycle:{changes.cycle_id}",
                payload={
                    "budget_year": cycle_plan.budget_year,
                    "findings": [
                        {"code": f.code, "subject": f.subject, "source": f.source, **f.params}
                        for f in overridden
                    ],
                },
            )
        return changes
