"""The send_reminders flow on Prefect's test server, and its deployment's schedule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import anyio
import pytest
import yaml
from prefect.server.schemas.schedules import CronSchedule
from sqlalchemy import Engine

from flows.send_reminders import send_reminders
from tests.factories import at, plan_into
from tests.smtp_server import Inbox

pytestmark = pytest.mark.e2e  # Prefect's test server

ROOT = Path(__file__).resolve().parents[2]


def test_the_sweep_flow_sends_once(engine: Engine, database_url: str, smtp: Inbox) -> None:
    plan_into(engine)
    first = send_reminders(now=at("2019-05-06", 7), database_url=database_url, batch_size=2)
    assert first["queued"]["new"] == 5
    assert first["delivery"] == {"claimed": 5, "sent": 5, "retry": 0, "failed": 0}
    again = send_reminders(now=at("2019-05-06", 9), database_url=database_url)
    # this week's digest is in the outbox already: it is not planned again
    assert again["queued"] == {"planned": 4, "new": 0, "by_kind": {}, "skipped_municipalities": {}}
    assert smtp.transmissions == 5


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
