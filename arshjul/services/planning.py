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
from arshjul.errors import LawErrors, TemplateInvalid
from arshjul.models.db import writing
from arshjul.models.store import PlanChanges, store_plan
from arshjul.models.tables import Body, Municipality, Person
from arshjul.services.template_files import load_template
from arshjul.trail import record


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


def save_plan(
    ctx: Context,
    *,
    template: CycleTemplate,
    cycle_plan: CyclePlan,
    overridden: list[Finding] | None = None,
    actor: str = "system",
) -> PlanChanges:
    """Store a plan in one transaction: all of it or, on any error, nothing. Law errors
    planned anyway (`overridden`) are recorded in the audit trail in the same commit.

    A plan that adds, removes or changes people of a municipality already planned needs an
    admin (`ctx.actor`, checked by `authorise`; a refusal is audited and nothing stored);
    the change is recorded with who was added and removed. The first plan of a
    municipality brings its people in without one: someone has to be first."""
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
        if changes.changed:
            _record_changes(ctx.at(now), session, changes, actor)
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
