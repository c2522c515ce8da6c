"""Check a template file for a budget year and store its plan: the steps `arshjul validate`,
`arshjul plan` and the `plan_cycle` flow share. Prefect-free, so validate stays fast."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session

from arshjul.context import Context
from arshjul.core import law
from arshjul.core.law import Finding
from arshjul.core.planner import CyclePlan, plan
from arshjul.core.problems import Problem, Severity, errors
from arshjul.core.template import CycleTemplate
from arshjul.errors import LawErrors, TemplateInvalid
from arshjul.services.template_files import load_template
from models.audit import append_event
from models.db import writing
from models.store import PlanChanges, store_plan


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


def save_plan(
    ctx: Context,
    *,
    template: CycleTemplate,
    cycle_plan: CyclePlan,
    overridden: list[Finding] | None = None,
    actor: str = "system",
) -> PlanChanges:
    """Store a plan in one transaction: all of it or, on any error, nothing. Law errors
    planned anyway (`overridden`) are recorded in the audit trail in the same commit."""
    now = ctx.now()
    with Session(writing(ctx.database(create=True))) as session, session.begin():
        changes = store_plan(
            session=session,
            template=template,
            plan=cycle_plan,
            now=now,
            actor=actor,
            operator=ctx.operator,
        )
        if overridden:
            append_event(
                session=session,
                operator=ctx.operator,
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
                at=now,
            )
        return changes
