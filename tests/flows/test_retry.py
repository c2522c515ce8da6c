"""Prefect tasks retry what can pass and nothing else (flows/retry.py), on the real server."""

from __future__ import annotations

import pytest
from arshjul.flows.retry import retry_transient
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from sqlalchemy.exc import OperationalError

from arshjul.errors import Refused

pytestmark = pytest.mark.e2e  # Prefect's test server


def _run(error: Exception) -> int:
    calls: list[int] = []

    @task(
        cache_policy=NO_CACHE,
        retries=2,
        retry_delay_seconds=0,
        retry_condition_fn=retry_transient,
    )
    def work() -> None:
        calls.append(1)
        raise error

    @flow
    def wrapper() -> None:
        work()

    state = wrapper(return_state=True)
    assert state.is_failed()
    return len(calls)


def test_a_refusal_runs_once() -> None:
    assert _run(Refused("not_permitted", person="a@b", action="submit", body="BUN")) == 1


def test_a_locked_database_is_retried() -> None:
    locked = OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
    assert _run(locked) == 3
