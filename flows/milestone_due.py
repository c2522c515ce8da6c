"""What runs when a milestone's deadline day ends (`milestone_due`, one scheduled run per
milestone, made by planning), and what an automation runs when KF's or KS's own decision
is late (`decision_late`). Both read our tables; the business rules are in
arshjul.services.milestone_mirror and arshjul.core.

A late milestone ends in a Failed state named "Försenad", which Prefect's automations can
match (the event `prefect.flow-run.Försenad`); a milestone that opens only on a decision
not yet recorded ends "Väntar på beslut", a Completed state, since nobody is late yet."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.states import Cancelled, Completed, Failed, State

from arshjul.context import Context
from arshjul.services.milestone_mirror import (
    Outcome,
    decision_late_notices,
    ensure_overdue_notices,
    judging_instant,
    milestone_outcome,
    outcome_markdown,
)
from arshjul.settings import get_settings

LATE = "Försenad"
WAITING = "Väntar på beslut"
OPEN = "Ej försenad"
GONE = "Borttagen"


def artifact_key(code: str, budget_year: int, milestone: str) -> str:
    """Prefect allows lowercase letters, digits and dashes in an artifact key."""
    plain = milestone.lower().translate(str.maketrans("åäöé", "aaoe"))
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in plain)
    return f"milstolpe-{code}-{budget_year}-{cleaned}"


@flow(name="milestone_due")
def milestone_due(
    municipality: str,
    budget_year: int,
    milestone: str,
    title: str = "",
    deadline: str = "",
    deliverables: list[dict[str, Any]] | None = None,
) -> State[Any]:
    """Judge one milestone at the end of its deadline day: Completed when every body has
    handed in (or the decision is recorded), else "Försenad" with the missing bodies'
    overdue notices queued. `title`, `deadline` and `deliverables` are shown in the UI; the
    judgement reads our tables, which are the truth."""
    settings = get_settings()
    now = Context.create(settings)
    try:
        ctx = now.at(
            judging_instant(now, code=municipality, budget_year=budget_year, milestone=milestone)
        )
        outcome = milestone_outcome(
            ctx, code=municipality, budget_year=budget_year, milestone=milestone
        )
        queued = 0
        if outcome.outcome is Outcome.LATE:
            queued = ensure_overdue_notices(
                ctx, code=municipality, budget_year=budget_year, milestone=milestone
            )
    finally:
        now.close()
    create_markdown_artifact(
        key=artifact_key(municipality, budget_year, milestone),
        markdown=outcome_markdown(outcome, settings.lang),
        description=f"{municipality} {milestone} {budget_year}",
    )
    missing = ", ".join(h.body_key for h in outcome.missing)
    get_run_logger().info(
        "%s %s %s: %s; missing %s; %s overdue notices queued",
        municipality,
        milestone,
        budget_year,
        outcome.outcome.value,
        missing or "none",
        queued,
    )
    if outcome.outcome is Outcome.LATE:
        return Failed(name=LATE, message=f"{milestone}: {missing}")
    if outcome.outcome is Outcome.WAITING:
        return Completed(name=WAITING, message=f"{milestone} opens on a decision")
    if outcome.outcome is Outcome.OPEN:
        return Completed(name=OPEN, message=f"{milestone}: {missing} not due yet")
    if outcome.outcome is Outcome.GONE:
        return Cancelled(name=GONE, message=f"{milestone} is no longer planned")
    return Completed(message=f"{milestone}: complete")


@flow(name="decision_late")
def decision_late(flow_run_id: str) -> int:
    """Tell the coordinators that the decision a late `milestone_due` run was about has not
    been recorded (the automation's action). Reads that run's parameters; queues each
    coordinator's notice once, however often it is triggered."""
    from uuid import UUID

    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        params = client.read_flow_run(UUID(flow_run_id)).parameters
    ctx = Context.create(get_settings())
    try:
        queued = decision_late_notices(
            ctx,
            code=str(params["municipality"]),
            budget_year=int(params["budget_year"]),
            milestone=str(params["milestone"]),
        )
    finally:
        ctx.close()
    get_run_logger().info("%s coordinators told about %s", queued, params["milestone"])
    return queued
