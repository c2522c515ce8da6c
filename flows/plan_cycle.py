"""The `plan_cycle` flow: a cycle template and a budget year become rows in the database."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from arshjul.flows.retry import retry_transient
from prefect import flow, get_run_logger, tags, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from arshjul.context import Context
from arshjul.core.law import Finding
from arshjul.core.planner import CyclePlan
from arshjul.core.template import CycleTemplate
from arshjul.services.planning import Versioning, checked_plan, save_plan
from arshjul.services.run_reports import plan_report
from arshjul.settings import get_settings


@task(cache_policy=NO_CACHE)
def prepare(
    template: str, budget_year: int, allow_law_errors: bool
) -> tuple[CycleTemplate, CyclePlan, list[Finding]]:
    """Load, validate, compute and check against the law; raises TemplateInvalid or
    LawErrors before anything is written."""
    return checked_plan(template, budget_year, allow_law_errors)


@task(
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[1, 5],
    retry_condition_fn=retry_transient,
)
def persist(
    template: CycleTemplate,
    cycle_plan: CyclePlan,
    overridden: list[Finding],
    actor: str | None,
    operator: str | None,
    versioning: Versioning | None = None,
) -> dict[str, Any]:
    """Write the plan (and any audited law override) in one transaction; retried only when
    the database was busy or out of reach. The database is the worker's setting
    (ARSHJUL_DATABASE_URL), never a parameter: a URL can hold a password."""
    ctx = Context.create(get_settings(), actor=actor, operator=operator)
    try:
        changes = save_plan(
            ctx,
            template=template,
            cycle_plan=cycle_plan,
            overridden=overridden,
            versioning=versioning,
        )
    finally:
        ctx.close()
    return asdict(changes)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10])
def mirror(code: str, budget_year: int) -> dict[str, Any]:
    """One scheduled `milestone_due` run per milestone, rescheduled and pruned to match the
    plan just stored (flows.mirror)."""
    from arshjul.flows.mirror import sync_from_tables

    ctx = Context.create(get_settings())
    try:
        return asdict(sync_from_tables(ctx, code=code, budget_year=budget_year))
    finally:
        ctx.close()


@flow(name="plan-cycle")
def plan_cycle(
    template: str = "timra",
    budget_year: int = 2020,
    allow_law_errors: bool = False,
    actor: str | None = None,
    operator: str | None = None,
    mirror_in_prefect: bool = True,
    reason: str = "",
    base_version: str | None = None,
) -> dict[str, Any]:
    """Plan one municipality's cycle for a budget year. Idempotent: rerunning changes nothing;
    after a template change it updates deadlines and records each one that moved. A plan
    that breaks the law is refused unless `allow_law_errors`, which is audited. A plan that
    changes the people of a municipality already planned needs `actor` to be one of its
    admins; `operator` (who ran it) is recorded beside. With `mirror_in_prefect` each
    milestone becomes a scheduled `milestone_due` run at its deadline. The template's text
    becomes the wheel's newest version (with `reason`); with `base_version` (the hash a
    preview was made against) nothing is stored if the wheel changed since."""
    cycle_template, cycle_plan, overridden = prepare(template, budget_year, allow_law_errors)
    code = cycle_template.municipality.code
    with tags(f"kommun:{code}", f"budgetår:{budget_year}"):
        versioning = Versioning("plan", reason, base_version)
        changes = persist(cycle_template, cycle_plan, overridden, actor, operator, versioning)
        if mirror_in_prefect:
            mirrored = mirror(code, budget_year)
            changes["runs"] = {k: v for k, v in mirrored.items() if k != "runs"}
    create_markdown_artifact(
        key=f"plan-{code}-{budget_year}",
        markdown=plan_report(changes, get_settings().lang),
        description=f"arshjul plan {code} {budget_year}",
    )
    get_run_logger().info(
        "planned %s %s: %s created, %s updated, %s moved",
        cycle_template.municipality.code,
        budget_year,
        changes["created"],
        changes["updated"],
        len(changes["moved"]),
    )
    return changes
