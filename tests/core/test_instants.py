"""Deadline days versus UTC instants, on both sides of the DST changes."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from arshjul.core.instants import deadline_cutoff, local_date, noon, require_aware
from arshjul.core.status import Status, SubmissionFact, derive_status

D = dt.date.fromisoformat
UTC = dt.UTC


@pytest.mark.parametrize(
    ("day", "cutoff_utc"),
    [
        ("2020-03-27", "2020-03-27T23:00:00+00:00"),  # CET, before the spring change
        ("2020-03-28", "2020-03-28T23:00:00+00:00"),  # the night clocks go forward
        ("2020-03-30", "2020-03-30T22:00:00+00:00"),  # CEST
        ("2020-10-24", "2020-10-24T22:00:00+00:00"),  # the night clocks go back
        ("2020-10-26", "2020-10-26T23:00:00+00:00"),  # CET again
    ],
)
def test_deadline_cutoff(day: str, cutoff_utc: str) -> None:
    assert deadline_cutoff(D(day)) == dt.datetime.fromisoformat(cutoff_utc)


def test_late_evening_on_the_deadline_day_is_on_time_after_dst() -> None:
    deadline = D("2020-03-30")
    on_time = dt.datetime(2020, 3, 30, 21, 30, tzinfo=UTC)  # 23:30 in Stockholm
    late = dt.datetime(2020, 3, 30, 22, 30, tzinfo=UTC)  # 00:30 on the 31st
    now = dt.datetime(2020, 4, 2, tzinfo=UTC)
    assert derive_status(deadline, [SubmissionFact(on_time)], now).status is Status.SUBMITTED
    assert derive_status(deadline, [SubmissionFact(late)], now).status is Status.SUBMITTED_LATE


def test_overdue_starts_at_stockholm_midnight_not_utc_midnight() -> None:
    deadline = D("2020-10-23")  # Friday before the autumn change, CEST
    assert (
        derive_status(deadline, [], dt.datetime(2020, 10, 23, 21, 59, tzinfo=UTC)).status
        is Status.DUE_SOON
    )
    assert (
        derive_status(deadline, [], dt.datetime(2020, 10, 23, 22, 1, tzinfo=UTC)).status
        is Status.OVERDUE
    )


def test_local_date_and_noon() -> None:
    assert local_date(dt.datetime(2020, 6, 18, 22, 30, tzinfo=UTC)) == D("2020-06-19")
    assert noon(D("2020-01-15")) == pendulum.datetime(2020, 1, 15, 11, tz="UTC")
    assert noon(D("2020-07-15")) == pendulum.datetime(2020, 7, 15, 10, tz="UTC")


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        require_aware(dt.datetime(2020, 1, 1))


def test_aware_instants_come_back_as_plain_utc_that_stays_aware_in_arithmetic() -> None:
    """pendulum's own instants, moved to the stdlib's UTC, came out naive after subtracting
    a timedelta; the outbox lease query then failed and receipts stayed queued."""
    import pendulum

    from arshjul.core.instants import require_aware

    for instant in (pendulum.now("UTC"), pendulum.now("Europe/Stockholm"), dt.datetime.now(dt.UTC)):
        utc = require_aware(instant)
        assert type(utc) is dt.datetime and utc.tzinfo is dt.UTC
        assert (utc - dt.timedelta(minutes=10)).tzinfo is dt.UTC
        assert utc == instant
