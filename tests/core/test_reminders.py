"""The reminder schedule: which notice is current on a given day."""

from __future__ import annotations

import datetime as dt

import pytest

from arshjul.core.reminders import (
    NoticeKind,
    ReminderSchedule,
    current_notice,
    iso_week,
    scheduled_before,
)

D = dt.date.fromisoformat
DEADLINE = D("2020-05-15")  # Friday; 21 May is Kristi himmelsfärdsdag
DEFAULT = ReminderSchedule()


def test_default_schedule_before_the_deadline() -> None:
    notices = scheduled_before(DEADLINE, DEFAULT)
    assert [(n.due, n.label) for n in notices] == [
        (D("2020-05-01"), "14d"),
        (D("2020-05-08"), "7d"),
        (D("2020-05-14"), "1bd"),
        (D("2020-05-15"), "day"),
    ]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2020-04-30", None),
        ("2020-05-01", ("reminder", "14d", "2020-05-01")),
        ("2020-05-07", ("reminder", "14d", "2020-05-01")),  # same notice: the key dedupes
        ("2020-05-08", ("reminder", "7d", "2020-05-08")),
        ("2020-05-14", ("reminder", "1bd", "2020-05-14")),
        ("2020-05-15", ("reminder", "day", "2020-05-15")),
        ("2020-05-16", ("reminder", "day", "2020-05-15")),  # weekend: not overdue yet
        ("2020-05-18", ("overdue", "overdue-1", "2020-05-18")),  # 1 business day after
        ("2020-05-24", ("overdue", "overdue-1", "2020-05-18")),
        ("2020-05-25", ("overdue", "overdue-2", "2020-05-25")),  # weekly
        ("2020-06-08", ("overdue", "overdue-4", "2020-06-08")),
    ],
)
def test_current_notice(today: str, expected: tuple[str, str, str] | None) -> None:
    notice = current_notice(DEADLINE, D(today), DEFAULT)
    if expected is None:
        assert notice is None
    else:
        assert notice is not None
        assert (notice.kind.value, notice.label, notice.due.isoformat()) == expected


def test_one_business_day_before_skips_holidays() -> None:
    notices = scheduled_before(D("2020-05-22"), ReminderSchedule((), (1,), False))
    assert [n.due for n in notices] == [D("2020-05-20")]  # not Kristi himmelsfärdsdag


def test_custom_schedule_and_single_overdue_notice() -> None:
    schedule = ReminderSchedule((30,), (), False, 2, 0)
    assert current_notice(DEADLINE, D("2020-04-20"), schedule).label == "30d"
    assert current_notice(DEADLINE, D("2020-05-18"), schedule).label == "30d"
    assert current_notice(DEADLINE, D("2020-05-19"), schedule).label == "overdue-1"
    assert current_notice(DEADLINE, D("2020-07-01"), schedule).label == "overdue-1"


def test_overdue_notices_can_be_turned_off() -> None:
    schedule = ReminderSchedule(overdue_after_business_days=0)
    notice = current_notice(DEADLINE, D("2020-06-01"), schedule)
    assert notice is not None and notice.kind is NoticeKind.REMINDER


def test_schedule_round_trips_through_its_dict() -> None:
    schedule = ReminderSchedule((21, 3), (2,), False, 3, 14)
    assert ReminderSchedule.from_dict(schedule.as_dict()) == schedule


def test_iso_week() -> None:
    assert iso_week(D("2019-05-06")) == "2019-W19"
    assert iso_week(D("2020-12-31")) == "2020-W53"


@pytest.mark.parametrize(
    ("day", "plans"),
    [
        ("2019-05-06", True),  # a Monday
        ("2019-05-01", False),  # första maj, a Wednesday
        ("2019-06-06", False),  # nationaldagen
        ("2019-06-21", False),  # midsommarafton: an eve, not a holiday by law, still off
        ("2019-12-24", False),  # julafton
        ("2019-05-11", False),  # a Saturday
    ],
)
def test_the_sweep_plans_nothing_on_a_day_off(day: str, plans: bool) -> None:
    from arshjul.core.reminders import plans_notices

    assert plans_notices(dt.date.fromisoformat(day)) is plans
