"""What runs when a milestone's deadline day ends (`milestone_due`, one scheduled run per
milestone, made by planning), and what an automation runs when KF's or KS's own decision
is late (`decision_late`). Both read our tables; the business rules are in
arshjul.services.milestone_mirror and arshjul.core.

A late milestone ends in a Failed state named "Försenad", which the UI's filters and
Prefect's automations can match, and says so first with an event of its own,
`arshjul.milestone.late`, which the decision-late automation triggers on (the state's own
event can be held up to 15 minutes after a Prefect server restart: README, "The wheel in
Prefect"). A milestone that opens only on a decision not yet recorded ends "Väntar på
beslut", a Completed state, since nobody is late yet."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from arshjul.flows.endings import quiet_returned_failures
from arshjul.flows.run_names import decision_late_name
from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.client.schemas.objects import State
from prefect.events import emit_event
from prefect.runtime import flow_run
from prefect.states import Cancelled, Completed, Failed

from arshjul.context import Context
from arshjul.core.instants import local_minute
from arshjul.core.milestone_runs import wait_for_day_end
from arshjul.services.milestone_mirror import (
    MilestoneOutcome,
    Outcome,
    day_end,
    decision_late_notices,
    ensure_overdue_notices,
    milestone_outcome,
    outcome_markdown,
)
from arshjul.settings import get_settings

quiet_returned_failures()

LATE = "Försenad"
WAITING = "Väntar på beslut"
OPEN = "Ej försenad"
GONE = "Borttagen"
LATE_EVENT = "arshjul.milestone.late"
DECIDED_BY = "beslut:"  # the tag of KF's or KS's own decision milestones


def artifact_key(code: str, budget_year: int, milestone: str) -> str:
    """Prefect allows lowercase letters, digits and dashes in an artifact key."""
    plain = milestone.lower().translate(str.maketrans("åäöé", "aaoe"))
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in plain)
    return f"milstolpe-{code}-{budget_year}-{cleaned}"


def judging_context(
    ctx: Context,
    *,
    code: str,
    budget_year: int,
    milestone: str,
    sleep: Callable[[float], None] = time.sleep,
) -> Context:
    """The context the milestone is judged in: as of the end of its deadline day. A run
    scheduled at 23:59 (so the UI shows the deadline day) first waits out the day's last
    minute, so a hand-in then still counts; a run that starts late judges as of the end."""
    end = day_end(ctx, code=code, budget_year=budget_year, milestone=milestone)
    if end is None:
        return ctx
    wait = wait_for_day_end(ctx.now(), end)
    if wait:
        sleep(wait.total_seconds())
    return ctx.at(min(ctx.now(), end))


def announce_late(outcome: MilestoneOutcome) -> None:
    """The event the decision-late automation triggers on. It follows no other event, so
    Prefect's trigger service evaluates it at once, also right after a server restart;
    emitted inside the run, it carries the run and its tags as related resources."""
    decided_by = next((t[len(DECIDED_BY) :] for t in flow_run.tags if t.startswith(DECIDED_BY)), "")
    emit_event(
        event=LATE_EVENT,
        resource={
            "prefect.resource.id": (
                f"arshjul.milestone.{outcome.municipality}.{outcome.budget_year}."
                f"{outcome.milestone}"
            ),
            "prefect.resource.name": (
                f"{outcome.municipality} {outcome.milestone} {outcome.budget_year}"
            ),
            "arshjul.municipality": outcome.municipality,
            "arshjul.budget-year": str(outcome.budget_year),
            "arshjul.milestone": outcome.milestone,
            "arshjul.decided-by": decided_by,
        },
        payload={
            "title": outcome.title,
            "deadline": outcome.deadline.isoformat() if outcome.deadline else "",
            "missing": [h.body_key for h in outcome.missing],
        },
    )


def ending(outcome: MilestoneOutcome) -> State[Any]:
    """The run's final state, named for what the milestone is."""
    milestone, missing = outcome.milestone, ", ".join(h.body_key for h in outcome.missing)
    if outcome.outcome is Outcome.LATE:
        return Failed(name=LATE, message=f"{milestone}: {missing}")
    if outcome.outcome is Outcome.WAITING:
        return Completed(name=WAITING, message=f"{milestone} opens on a decision")
    if outcome.outcome is Outcome.OPEN:
        return Completed(name=OPEN, message=f"{milestone}: {missing} not due yet")
    if outcome.outcome is Outcome.GONE:
        return Cancelled(name=GONE, message=f"{milestone} is no longer planned")
    return Completed(message=f"{milestone}: complete")


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
    code, year = municipality, budget_year
    try:
        ctx = judging_context(now, code=code, budget_year=year, milestone=milestone)
        outcome = milestone_outcome(ctx, code=code, budget_year=year, milestone=milestone)
        queued = 0
        if outcome.outcome is Outcome.LATE:
            queued = ensure_overdue_notices(ctx, code=code, budget_year=year, milestone=milestone)
    finally:
        now.close()
    create_markdown_artifact(
        key=artifact_key(municipality, budget_year, milestone),
        markdown=outcome_markdown(outcome, settings.lang),
        description=f"{municipality} {milestone} {budget_year}",
    )
    get_run_logger().info(
        "%s %s %s as of %s: %s; missing %s; %s overdue notices queued",
        municipality,
        milestone,
        budget_year,
        local_minute(ctx.now()),
        outcome.outcome.value,
        ", ".join(h.body_key for h in outcome.missing) or "none",
        queued,
    )
    if outcome.outcome is Outcome.LATE:
        announce_late(outcome)
    return ending(outcome)


@flow(name="decision_late", flow_run_name=decision_late_name)
def decision_late(
    municipality: str,
    budget_year: int,
    milestone: str,
    decided_by: str = "",
    flow_run_id: str = "",
) -> int:
    """Tell the coordinators that KF's or KS's decision `milestone` of the cycle is late
    (the automation's action; `decided_by` and `flow_run_id`, the milestone's run that
    found it late, are for the record). Queues each coordinator's notice once, however
    often it is triggered, and nothing once the decision is recorded; returns how many
    notices were new."""
    ctx = Context.create(get_settings())
    try:
        new = decision_late_notices(
            ctx, code=municipality, budget_year=budget_year, milestone=milestone
        )
    finally:
        ctx.close()
    get_run_logger().info(
        "%s %s %s: %s new notices to the coordinators (found late by run %s)",
        municipality,
        milestone,
        budget_year,
        new,
        flow_run_id or "-",
    )
    return new
