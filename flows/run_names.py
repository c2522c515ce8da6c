"""Flow-run names that say what a run is about, in the installation's language: the sweep
`utskick 2019-12-05`, the retries `omförsök 2019-12-05 10:15`, a late decision
`sent beslut: KF budget 2027 (2262)`.

Each is a `flow_run_name` callable: Prefect calls it with no arguments when the run
starts, inside the run's context, so it reads the run's parameters from
`prefect.runtime.flow_run`. Milestone runs are not named here: `arshjul prefect sync`
names them when it creates them ("2262 kf-budget 2027"), and a name given by the flow
would replace that one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from prefect.runtime import flow_run

from arshjul.context import utc_now
from arshjul.core.instants import local_date, local_minute
from arshjul.core.milestone_runs import decision_words
from arshjul.settings import get_settings
from arshjul.texts import label


def _as_of(parameters: dict[str, Any]) -> dt.datetime:
    """The instant a sweep covers: its `now` parameter, else the time it starts (which is
    what the flow itself takes)."""
    given = parameters.get("now")
    if isinstance(given, str):
        given = dt.datetime.fromisoformat(given)
    if isinstance(given, dt.datetime) and given.tzinfo is not None:
        return given
    return utc_now()


def sweep_name() -> str:
    day = local_date(_as_of(flow_run.parameters)).isoformat()
    return label("run_sweep", get_settings().lang, day=day)


def retries_name() -> str:
    minute = local_minute(_as_of(flow_run.parameters))
    return label("run_retries", get_settings().lang, minute=minute)


def decision_late_name() -> str:
    p = flow_run.parameters
    body, milestone = str(p.get("decided_by") or ""), str(p.get("milestone") or "")
    decision = f"{body} {decision_words(milestone, body)}".strip()
    return label(
        "run_decision_late",
        get_settings().lang,
        decision=decision,
        year=p.get("budget_year", ""),
        code=p.get("municipality", ""),
    )
