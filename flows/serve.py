"""The runner behind `arshjul serve` (run as `python -m flows.serve [SECONDS]` in a process
group that `serve` owns): the deployments, the sweeps on their schedules and the milestone
runs when planning scheduled them, under names of their
own ("… (serve)"), so serving against a shared server never replaces the deployments
`prefect deploy` made from prefect.yaml (their pull steps and parameters would be lost)."""

from __future__ import annotations

import datetime as dt
import sys

from arshjul.flows.milestone_due import decision_late, milestone_due
from arshjul.flows.plan_cycle import plan_cycle
from arshjul.flows.send_reminders import deliver_retries, send_reminders
from prefect import serve
from prefect.schedules import Cron, Interval

SWEEP_CRON = "0 7 * * 1-5"  # as in prefect.yaml
RETRY_CRONS = ("*/15 7-17 * * 1-5", "0 18 * * 1-5")
STOCKHOLM = "Europe/Stockholm"
SERVED = " (serve)"
RUNS_AT_ONCE = 4


def serve_deployments(every: int | None) -> None:
    """Serve until stopped; `every` seconds replaces the sweep's schedule (to try it out)."""
    sweep = (
        [Interval(dt.timedelta(seconds=every))] if every else [Cron(SWEEP_CRON, timezone=STOCKHOLM)]
    )
    serve(
        send_reminders.to_deployment(name=f"send-reminders{SERVED}", schedules=sweep),
        deliver_retries.to_deployment(
            name=f"deliver-retries{SERVED}",
            schedules=[Cron(c, timezone=STOCKHOLM) for c in RETRY_CRONS],
        ),
        plan_cycle.to_deployment(name=f"plan-cycle{SERVED}"),
        # no schedule: planning creates one run per milestone, at its deadline
        milestone_due.to_deployment(name=f"milestone-due{SERVED}"),
        decision_late.to_deployment(name=f"decision-late{SERVED}"),
        print_starting_message=False,
        # a cycle planned for a past year has every milestone run due at once: a few
        # flow-run processes at a time, not one each (each is about 90 MB)
        limit=RUNS_AT_ONCE,
    )


if __name__ == "__main__":
    serve_deployments(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else None)
