"""Status derivation as a pure function of deadline, submissions and now."""

from __future__ import annotations

import datetime as dt

import pytest

from arshjul.core.status import (
    Gate,
    Review,
    Status,
    SubmissionFact,
    derive_status,
    most_urgent,
    roll_up,
)
from tests.factories import at

D = dt.date.fromisoformat
DEADLINE = D("2020-05-15")  # a Friday


@pytest.mark.parametrize(
    ("now", "expected", "late"),
    [
        (at("2020-04-01"), Status.UPCOMING, 0),
        (at("2020-05-07"), Status.UPCOMING, 0),  # 8 days before
        (at("2020-05-08"), Status.DUE_SOON, 0),  # 7 days before
        (at("2020-05-15", 23, 59), Status.DUE_SOON, 0),  # the deadline day itself
        (at("2020-05-16", 0, 1), Status.OVERDUE, 1),  # a Saturday still counts as one day over
        (at("2020-05-18"), Status.OVERDUE, 1),  # Monday
        (at("2020-05-22"), Status.OVERDUE, 4),  # Kristi himmelsfärd (21st) not counted
    ],
)
def test_without_submissions(now: dt.datetime, expected: Status, late: int) -> None:
    result = derive_status(DEADLINE, [], now, due_soon_days=7)
    assert (result.status, result.business_days_late, result.deadline) == (expected, late, DEADLINE)


@pytest.mark.parametrize(
    ("submitted", "expected", "late"),
    [
        (at("2020-05-10"), Status.SUBMITTED, 0),
        (at("2020-05-15", 23, 59), Status.SUBMITTED, 0),
        (at("2020-05-16", 0, 5), Status.SUBMITTED_LATE, 1),
        (at("2020-05-18", 8), Status.SUBMITTED_LATE, 1),
        (at("2020-05-20", 8), Status.SUBMITTED_LATE, 3),
    ],
)
def test_with_a_submission(submitted: dt.datetime, expected: Status, late: int) -> None:
    result = derive_status(DEADLINE, [SubmissionFact(submitted)], at("2020-06-01"))
    assert (result.status, result.business_days_late) == (expected, late)


def test_submission_after_now_is_not_seen() -> None:
    facts = [SubmissionFact(at("2020-05-14"))]
    assert derive_status(DEADLINE, facts, at("2020-05-13")).status is Status.DUE_SOON


def test_accepted() -> None:
    facts = [SubmissionFact(at("2020-05-14"), Review.ACCEPTED, at("2020-05-20"))]
    assert derive_status(DEADLINE, facts, at("2020-05-19")).status is Status.SUBMITTED
    assert derive_status(DEADLINE, facts, at("2020-05-20", 13)).status is Status.ACCEPTED


def test_returned_then_resubmitted() -> None:
    returned = SubmissionFact(
        at("2020-05-14"), Review.RETURNED, at("2020-05-18"), new_deadline=D("2020-05-29")
    )
    assert derive_status(DEADLINE, [returned], at("2020-05-20")).status is Status.RETURNED
    assert derive_status(DEADLINE, [returned], at("2020-05-20")).deadline == D("2020-05-29")
    over = derive_status(DEADLINE, [returned], at("2020-06-02"))
    assert (over.status, over.business_days_late) == (Status.OVERDUE, 2)
    again = SubmissionFact(at("2020-05-28"))
    result = derive_status(DEADLINE, [again, returned], at("2020-06-02"))
    assert (result.status, result.deadline) == (Status.SUBMITTED, D("2020-05-29"))
    late_again = SubmissionFact(at("2020-06-01", 9))
    assert (
        derive_status(DEADLINE, [returned, late_again], at("2020-06-02")).status
        is Status.SUBMITTED_LATE
    )


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        derive_status(DEADLINE, [], dt.datetime(2020, 5, 1))


def test_roll_up_counts_per_body_and_milestone() -> None:
    cells = [
        ("a", "BUN", Status.OVERDUE),
        ("a", "SN", Status.SUBMITTED),
        ("b", "BUN", Status.UPCOMING),
        ("b", "SN", Status.UPCOMING),
    ]
    rollup = roll_up(cells)
    assert rollup.by_body["BUN"] == {Status.OVERDUE: 1, Status.UPCOMING: 1}
    assert rollup.by_milestone["b"] == {Status.UPCOMING: 2}
    assert rollup.total[Status.UPCOMING] == 2
    assert most_urgent(s for _, _, s in cells) is Status.OVERDUE
    assert most_urgent([]) is None


def test_a_gated_deliverable_waits_for_its_decision() -> None:
    closed = Gate("kf-budget")
    assert derive_status(DEADLINE, [], at("2020-05-20"), gate=closed).status is Status.WAITING
    opened = Gate("kf-budget", opened_at=at("2020-05-01", 15))
    assert derive_status(DEADLINE, [], at("2020-05-01", 14), gate=opened).status is Status.WAITING
    assert derive_status(DEADLINE, [], at("2020-05-01", 16), gate=opened).status is Status.UPCOMING
    assert derive_status(DEADLINE, [], at("2020-05-20"), gate=opened).status is Status.OVERDUE
    # Work handed in early counts, gate or not.
    early = [SubmissionFact(at("2020-04-20"))]
    assert derive_status(DEADLINE, early, at("2020-04-21"), gate=closed).status is Status.SUBMITTED
