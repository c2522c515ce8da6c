"""The runner behind `arshjul serve` (run as `python -m flows.serve [SECONDS]` in a process
group that `serve` owns): the deployments, the sweeps on their schedules and the milestone
runs when planning scheduled them, under names of their
own ("… (serve)"), so serving against a shared server never replaces the deployments
`prefect deploy` made from prefect.yaml (their pull steps and parameters would be lost)."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from arshjul.flows.milestone_due import decision_late, milestone_due
from arshjul.flows.plan_cycle import plan_cycle
from arshjul.flows.send_reminders import deliver_retries, send_reminders
from prefect import Flow, serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron, Interval, Schedule

SWEEP_CRON = "0 7 * * 1-5"  # as in prefect.yaml
RETRY_CRONS = ("*/15 7-17 * * 1-5", "0 18 * * 1-5")
STOCKHOLM = "Europe/Stockholm"
SERVED = " (serve)"
RUNS_AT_ONCE = 4


def served(
    flow: Flow[..., Any], name: str, schedules: list[Schedule] | None = None
) -> RunnerDeployment:
    """The flow's deployment under its "… (serve)" name. `to_deployment` gives a coroutine
    only when called inside an event loop, which this process never is."""
    made = flow.to_deployment(name=f"{name}{SERVED}", schedules=schedules)
    if not isinstance(made, RunnerDeployment):
        raise TypeError(f"{name}: to_deployment gave {type(made).__name__}")
    return made


def serve_deployments(every: int | None) -> None:
    """Serve until stopped; `every` seconds replaces the sweep's schedule (to try it out)."""
    sweep: list[Schedule] = (
        [Interval(dt.timedelta(seconds=every))] if every else [Cron(SWEEP_CRON, timezone=STOCKHOLM)]
    )
    serve(
        served(send_reminders, "send-reminders", sweep),
        served(
            deliver_retries, "deliver-retries", [Cron(c, timezone=STOCKHOLM) for c in RETRY_CRONS]
        ),
        served(plan_cycle, "plan-cycle"),
        # no schedule: planning creates one run per milestone, at its deadline
        served(milestone_due, "milestone-due"),
        served(decision_late, "decision-late"),
        print_starting_message=False,
        # a cycle planned for a past year has every milestone run due at once: a few
        # flow-run processes at a time, not one each (each is about 90 MB)
        limit=RUNS_AT_ONCE,
    )


if __name__ == "__main__":
    serve_deployments(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else None)
