"""The send_reminders flow on Prefect's test server, and its deployment's schedule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import anyio
import pytest
import yaml
from arshjul.flows.send_reminders import send_reminders
from prefect.server.schemas.schedules import CronSchedule
from sqlalchemy import Engine

from tests.factories import at, plan_into
from tests.smtp_server import Inbox

pytestmark = pytest.mark.e2e  # Prefect's test server

ROOT = Path(__file__).resolve().parents[2]


def test_the_sweep_flow_sends_once(engine: Engine, database_url: str, smtp: Inbox) -> None:
    plan_into(engine)
    first = send_reminders(now=at("2019-05-06", 7), batch_size=2)
    assert first["queued"]["new"] == 5
    assert first["delivery"] == {  # five notices and the auditor's copy of the seal
        "claimed": 6,
        "sent": 6,
        "retry": 0,
        "failed": 0,
        "told": 0,
        "failures": [],
        "channel_error": "",
        "sealed": 1,  # the chain head, signed after the sweep
    }
    assert first["trail"]["chains"] == 1 and first["trail"]["broken"] == []  # from the start
    again = send_reminders(now=at("2019-05-06", 9))
    # this week's digest is in the outbox already: it is not planned again
    assert again["queued"] == {"planned": 4, "new": 0, "by_kind": {}, "skipped_municipalities": {}}
    assert smtp.transmissions == 6  # nothing new: no notice, and no seal of just the witness


def _sweep_schedule() -> CronSchedule:
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    (deployment,) = [d for d in config["deployments"] if d["name"] == "send-reminders"]
    (schedule,) = deployment["schedules"]
    return CronSchedule(cron=schedule["cron"], timezone=schedule["timezone"])


@pytest.mark.parametrize(
    ("start", "expected_utc"),
    [
        # spring: clocks go forward on Sunday 29 March 2020
        (
            "2020-03-26T00:00:00+00:00",
            ["2020-03-26T06:00", "2020-03-27T06:00", "2020-03-30T05:00", "2020-03-31T05:00"],
        ),
        # autumn: clocks go back on Sunday 25 October 2020
        (
            "2020-10-22T00:00:00+00:00",
            ["2020-10-22T05:00", "2020-10-23T05:00", "2020-10-26T06:00", "2020-10-27T06:00"],
        ),
    ],
)
def test_the_sweep_fires_at_seven_stockholm_time_across_dst(
    start: str, expected_utc: list[str]
) -> None:
    schedule = _sweep_schedule()
    dates = anyio.run(lambda: schedule.get_dates(n=4, start=dt.datetime.fromisoformat(start)))
    assert [d.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M") for d in dates] == expected_utc
    assert {d.astimezone(ZoneInfo("Europe/Stockholm")).hour for d in dates} == {7}


def _schedules(name: str) -> list[CronSchedule]:
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    (deployment,) = [d for d in config["deployments"] if d["name"] == name]
    return [CronSchedule(cron=s["cron"], timezone=s["timezone"]) for s in deployment["schedules"]]


def test_retries_are_delivered_every_quarter_hour_in_office_hours() -> None:
    start = dt.datetime(2020, 3, 27, 0, 0, tzinfo=dt.UTC)  # a Friday, then the weekend
    dates = sorted(
        d
        for schedule in _schedules("deliver-retries")
        for d in anyio.run(lambda s=schedule: s.get_dates(n=60, start=start))
    )
    local = [d.astimezone(ZoneInfo("Europe/Stockholm")) for d in dates]
    friday = [d for d in local if d.date() == dt.date(2020, 3, 27)]
    assert (friday[0].strftime("%H:%M"), friday[-1].strftime("%H:%M"), len(friday)) == (
        "07:00",
        "18:00",
        45,
    )
    assert not [d for d in dates if d.astimezone(ZoneInfo("Europe/Stockholm")).weekday() >= 5]


def test_the_retry_flow_delivers_without_planning(engine: Engine, smtp: Inbox) -> None:
    from arshjul.flows.send_reminders import deliver_retries

    plan_into(engine)
    assert deliver_retries(now=at("2019-05-06", 10))["delivery"]["claimed"] == 0  # nothing queued
    smtp.refuse_next = 1
    send_reminders(now=at("2019-05-06", 7))
    # one 451, left for retry; the auditor's copy of the seal goes in the same sweep
    assert smtp.transmissions == 6 and len(smtp.messages) == 5
    retried = deliver_retries(now=at("2019-05-06", 7, 5))
    assert retried["delivery"]["sent"] == 1 and len(smtp.messages) == 6


def test_a_sweep_with_a_failure_ends_failed_and_leaves_its_report(
    engine: Engine, smtp: Inbox
) -> None:
    from prefect.artifacts import Artifact

    plan_into(engine)
    smtp.refuse["bun@example.org"] = "550 5.1.1 No such user"
    state = send_reminders(now=at("2019-05-06", 7), return_state=True)
    assert state.is_failed() and state.message.startswith("1 problem(s)")
    result = state.result(raise_on_failure=False)
    # four notices, then the coordinator told of the failure and the auditor's seal
    assert (result["delivery"]["sent"], result["delivery"]["failed"]) == (6, 1)
    report = Artifact.get("sweep")
    assert report is not None and "Utskick 2019-05-06 07:00" in str(report.data)
    assert "bun@example.org" in str(report.data) and "No such user" in str(report.data)


def test_a_clean_sweep_completes_with_its_report(engine: Engine, smtp: Inbox) -> None:
    from prefect.artifacts import Artifact

    plan_into(engine)
    state = send_reminders(now=at("2019-05-06", 7), return_state=True)
    assert state.is_completed()
    report = Artifact.get("sweep")
    assert report is not None and "| skickade | 6 |" in str(report.data)


def test_a_sweep_rehashes_the_trail_from_the_start_and_fails_on_a_break(
    engine: Engine, smtp: Inbox
) -> None:
    """Revision checks only what followed its last check: the sweep is where an event
    changed before that is found, and it ends Failed naming it."""
    from prefect.artifacts import Artifact
    from sqlalchemy import text

    from arshjul.services.chain_checks import verify_chains
    from tests.factories import ctx_for

    plan_into(engine)
    assert all(r.first_break is None for r in verify_chains(ctx_for(engine)))  # kept
    with engine.begin() as conn:  # someone with direct database access
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
        else:
            conn.execute(text("ALTER TABLE auditevent DISABLE TRIGGER audit_event_append_only"))
        assert conn.execute(text("UPDATE auditevent SET actor = 'x@example.org'")).rowcount
    state = send_reminders(now=at("2019-05-06", 7), return_state=True)
    assert state.is_failed() and state.message.startswith("1 problem(s)")
    (broken,) = state.result(raise_on_failure=False)["trail"]["broken"]
    assert (broken["code"], broken["seq"], broken["reason"]) == ("9999", 1, "edited")
    report = Artifact.get("sweep")
    assert report is not None and "kedjan bryts vid händelse 1 " in str(report.data)


def test_a_second_sweep_skips_while_the_first_holds_the_outbox(engine: Engine, smtp: Inbox) -> None:
    from arshjul.notifications.run_lock import exclusive

    from tests.factories import ctx_for

    plan_into(engine)
    with exclusive(ctx_for(engine), "outbox", "send-reminders on worker-1") as held:
        assert held.acquired
        state = send_reminders(now=at("2019-05-06", 7), return_state=True)
        assert state.is_completed() and state.name == "Skipped"
        assert "send-reminders on worker-1" in state.message
        assert smtp.transmissions == 0
    assert send_reminders(now=at("2019-05-06", 7))["delivery"]["sent"] == 6


async def _run_name(state: Any) -> str:
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        return (await client.read_flow_run(state.state_details.flow_run_id)).name


def test_the_sweep_and_the_retries_are_named_for_what_they_cover(
    engine: Engine, smtp: Inbox
) -> None:
    from arshjul.flows.send_reminders import deliver_retries

    plan_into(engine)
    sweep = send_reminders(now=at("2019-12-05", 7), return_state=True)
    assert anyio.run(_run_name, sweep) == "utskick 2019-12-05"
    retries = deliver_retries(now=at("2019-12-05", 10, 15), return_state=True)
    assert anyio.run(_run_name, retries) == "omförsök 2019-12-05 10:15"
    # a UTC instant is named for its Stockholm day: 23:30Z on 5 December is the 6th there
    late = send_reminders(now=dt.datetime(2019, 12, 5, 23, 30, tzinfo=dt.UTC), return_state=True)
    assert anyio.run(_run_name, late) == "utskick 2019-12-06"


def test_the_sweep_tells_of_a_late_decision_the_automation_did_not(
    engine: Engine, smtp: Inbox
) -> None:
    """The decision-late automation's fallback: KF's budget decision (17 June 2019) was
    never recorded, and no automation ran; the next morning's sweep tells the coordinator."""
    from arshjul.models.tables import OutboxMessage
    from sqlmodel import Session, select

    plan_into(engine)
    first = send_reminders(now=at("2019-06-18", 7))
    assert first["queued"]["by_kind"]["decision_late"] == 1
    with Session(engine) as session:
        (told,) = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "decision_late"))
    assert (told.recipient, told.state) == ("samordnare@example.org", "sent")
    again = send_reminders(now=at("2019-06-19", 7))
    assert "decision_late" not in again["queued"]["by_kind"]  # owed, and already told


def test_a_late_decision_run_is_named_for_the_decision(engine: Engine, smtp: Inbox) -> None:
    from arshjul.flows.milestone_due import decision_late

    plan_into(engine)
    state = decision_late(
        municipality="9999",
        budget_year=2020,
        milestone="kf-budget",
        decided_by="KF",
        return_state=True,
    )
    assert anyio.run(_run_name, state) == "sent beslut: KF budget 2020 (9999)"
    assert state.result() == 1  # the coordinator's notice, new
    again = decision_late(municipality="9999", budget_year=2020, milestone="kf-budget")
    assert again == 0  # a second firing tells nobody twice
