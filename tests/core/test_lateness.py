"""The deadline in force and lateness: one rule, table-tested (arshjul.core.lateness)."""

from __future__ import annotations

import datetime as dt

import pytest

from arshjul.core.facts import Review, SubmissionFact
from arshjul.core.lateness import days_late, deadline_in_force, hand_in_lateness
from arshjul.core.status import Status, derive_status
from tests.factories import at

D = dt.date.fromisoformat
FRIDAY = D("2019-05-10")


@pytest.mark.parametrize(
    ("deadline", "handed_in", "late", "why"),
    [
        (FRIDAY, "2019-05-09", 0, "before the deadline day"),
        (FRIDAY, "2019-05-10", 0, "on the deadline day itself"),
        (FRIDAY, "2019-05-11", 1, "Saturday after a Friday deadline: late, no business day gone"),
        (FRIDAY, "2019-05-12", 1, "Sunday: still one"),
        (FRIDAY, "2019-05-13", 1, "Monday: one business day after"),
        (FRIDAY, "2019-05-14", 2, "Tuesday"),
        (FRIDAY, "2019-05-20", 6, "a week and a Monday"),
        (D("2019-04-18"), "2019-04-22", 1, "Friday and Monday of Easter are holidays"),
        (
            D("2019-04-18"),
            "2019-04-23",
            1,
            "skärtorsdag to Tuesday: only Tuesday is a business day",
        ),
        (D("2019-06-20"), "2019-06-24", 1, "midsommarafton is not a business day"),
        (
            D("2019-12-20"),
            "2020-01-02",
            4,
            "23, 27, 30 Dec and 2 Jan; the eves and holidays skipped",
        ),
    ],
)
def test_days_late(deadline: dt.date, handed_in: str, late: int, why: str) -> None:
    assert days_late(deadline, D(handed_in)) == late, why


@pytest.mark.parametrize(
    ("instant", "late"),
    [
        (at("2019-05-10", 23, 59), 0),  # 21:59 UTC: still the deadline day in Stockholm
        (dt.datetime(2019, 5, 10, 22, 30, tzinfo=dt.UTC), 1),  # 00:30 Saturday in Stockholm
        (at("2019-05-11", 0, 1), 1),
    ],
)
def test_the_stockholm_day_decides(instant: dt.datetime, late: int) -> None:
    assert hand_in_lateness(FRIDAY, instant) == late


RETURN_1 = SubmissionFact(
    at("2019-05-08", 9), Review.RETURNED, at("2019-05-09", 9), D("2019-05-17")
)
RETURN_2 = SubmissionFact(
    at("2019-05-16", 9), Review.RETURNED, at("2019-05-16", 15), D("2019-05-24")
)
ACCEPTED = SubmissionFact(at("2019-05-08", 9), Review.ACCEPTED, at("2019-05-09", 9))


@pytest.mark.parametrize(
    ("earlier", "instant", "deadline", "why"),
    [
        ((), at("2019-05-20"), FRIDAY, "nothing handed in: the planned deadline"),
        ((ACCEPTED,), at("2019-05-20"), FRIDAY, "an acceptance does not move it"),
        ((RETURN_1,), at("2019-05-09", 8), FRIDAY, "the return is not made yet at 08:00"),
        ((RETURN_1,), at("2019-05-09", 10), D("2019-05-17"), "after the return: its deadline"),
        ((RETURN_1, RETURN_2), at("2019-05-20"), D("2019-05-24"), "the latest return wins"),
        ((RETURN_2, RETURN_1), at("2019-05-20"), D("2019-05-24"), "whatever order they come in"),
    ],
)
def test_deadline_in_force(earlier, instant: dt.datetime, deadline: dt.date, why: str) -> None:
    assert deadline_in_force(FRIDAY, earlier, instant) == deadline, why


def test_the_board_uses_the_same_rule() -> None:
    saturday = SubmissionFact(at("2019-05-11", 10))
    status = derive_status(FRIDAY, [saturday], at("2019-05-13"))
    assert (status.status, status.business_days_late) == (Status.SUBMITTED_LATE, 1)
    overdue = derive_status(FRIDAY, [], at("2019-05-11"))
    assert (overdue.status, overdue.business_days_late) == (Status.OVERDUE, 1)
    resubmitted = derive_status(
        FRIDAY, [RETURN_1, SubmissionFact(at("2019-05-18", 10))], at("2019-05-20")
    )
    assert (resubmitted.status, resubmitted.deadline, resubmitted.business_days_late) == (
        Status.SUBMITTED_LATE,
        D("2019-05-17"),
        1,
    )
