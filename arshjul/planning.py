"""Check a template file for a budget year and store its plan: the steps `arshjul validate`,
`arshjul plan` and the `plan_cycle` flow share. Prefect-free, so validate stays fast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from arshjul.core.planner import CyclePlan, plan
from arshjul.core.problems import Problem, TemplateInvalid, errors
from arshjul.core.template import CycleTemplate
from arshjul.core.template_loader import load_template
from arshjul.cycle_templates import resolve
from models.store import PlanChanges, store_plan


@dataclass(frozen=True)
class Checked:
    template: CycleTemplate | None
    plan: CyclePlan | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not errors(self.problems)


def check(template: str | Path, budget_year: int) -> Checked:
    """Load, validate and plan; every problem found is returned, none raised."""
    loaded, problems = load_template(resolve(str(template)))
    if loaded is None:
        return Checked(None, None, problems)
    planned, plan_problems = plan(loaded, budget_year)
    return Checked(loaded, planned, problems + plan_problems)


def checked_plan(template: str | Path, budget_year: int) -> tuple[CycleTemplate, CyclePlan]:
    """Like `check`, but raise TemplateInvalid unless the template can be planned."""
    result = check(template, budget_year)
    if not result.ok or result.template is None or result.plan is None:
        raise TemplateInvalid(errors(result.problems))
    return result.template, result.plan


def save_plan(
    *, engine: Engine, template: CycleTemplate, cycle_plan: CyclePlan, now: dt.datetime
) -> PlanChanges:
    """Store a plan in one transaction: all of it or, on any error, nothing."""
    with Session(engine) as session, session.begin():
        return store_plan(session=session, template=template, plan=cycle_plan, now=now)
