"""The `plan_cycle` flow: a cycle template and a budget year become rows in the database."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pendulum
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from arshjul.core.planner import CyclePlan
from arshjul.core.template import CycleTemplate
from arshjul.planning import checked_plan, save_plan
from arshjul.settings import get_settings
from models.db import create_schema, make_engine


@task(cache_policy=NO_CACHE)
def prepare(template: str, budget_year: int) -> tuple[CycleTemplate, CyclePlan]:
    """Load, validate and compute; raises TemplateInvalid before anything is written."""
    return checked_plan(template, budget_year)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5])
def persist(template: CycleTemplate, cycle_plan: CyclePlan, database_url: str) -> dict[str, Any]:
    """Write the plan in one transaction; retried because the database may be busy."""
    engine = make_engine(database_url)
    try:
        create_schema(engine)
        changes = save_plan(
            engine=engine, template=template, cycle_plan=cycle_plan, now=pendulum.now("UTC")
        )
    finally:
        engine.dispose()
    return asdict(changes)


@flow(name="plan-cycle")
def plan_cycle(
    template: str = "timra", budget_year: int = 2020, database_url: str | None = None
) -> dict[str, Any]:
    """Plan one municipality's cycle for a budget year. Idempotent: rerunning changes nothing;
    after a template change it updates deadlines and records each one that moved."""
    url = database_url or get_settings().resolved_database_url
    cycle_template, cycle_plan = prepare(template, budget_year)
    changes = persist(cycle_template, cycle_plan, url)
    get_run_logger().info(
        "planned %s %s: %s created, %s updated, %s moved",
        cycle_template.municipality.code,
        budget_year,
        changes["created"],
        changes["updated"],
        len(changes["moved"]),
    )
    return changes
