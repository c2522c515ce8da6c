"""The appeal window and laga kraft, around weekends, midsommar and Christmas."""

from __future__ import annotations

import datetime as dt

import pytest

from arshjul.core.decisions import Step, decision_clock, final_notice_due, step_notice
from arshjul.core.reminders import NoticeKind

D = dt.date.fromisoformat


def test_timra_kf_november_2017() -> None:
    """KF met 27 Nov 2017; justering announced 29 Nov; the notice came down 21 Dec."""
    clock = decision_clock(D("2017-11-27"), justering=D("2017-11-29"), anslag=D("2017-11-29"))
    assert clock.appeal_ends.date == D("2017-12-20")
    assert clock.laga_kraft == D("2017-12-21")
    assert not clock.provisional and not clock.justering_late and not clock.anslag_late


@pytest.mark.parametrize(
    ("anslag", "appeal_ends", "laga_kraft"),
    [
        ("2020-05-29", "2020-06-22", "2020-06-23"),  # three weeks end on midsommarafton
        ("2020-05-30", "2020-06-22", "2020-06-23"),  # ... on midsommardagen
        ("2020-12-03", "2020-12-28", "2020-12-29"),  # ... on julafton
        ("2020-12-10", "2021-01-04", "2021-01-05"),  # ... on nyårsafton, then nyårsdagen
        ("2019-05-16", "2019-06-07", "2019-06-08"),  # ... on nationaldagen, a Thursday
        ("2020-04-30", "2020-05-22", "2020-05-23"),  # ... on Kristi himmelsfärdsdag
        ("2020-04-17", "2020-05-08", "2020-05-09"),  # ... on an ordinary Friday
        ("2020-04-18", "2020-05-11", "2020-05-12"),  # ... on a Saturday
    ],
)
def test_appeal_window(anslag: str, appeal_ends: str, laga_kraft: str) -> None:
    clock = decision_clock(
        D(anslag) - dt.timedelta(days=2),
        justering=D(anslag) - dt.timedelta(days=1),
        anslag=D(anslag),
    )
    assert clock.appeal_ends.date == D(appeal_ends)
    assert clock.laga_kraft == D(laga_kraft)


def test_latest_justering_and_anslag_move_to_the_next_weekday() -> None:
    clock = decision_clock(D("2020-06-05"))  # + 14 days = midsommarafton 19 June
    assert clock.latest_justering.date == D("2020-06-22")
    assert clock.latest_justering.moved
    assert clock.latest_anslag is None and clock.laga_kraft is None and clock.provisional
    justified = decision_clock(D("2020-06-05"), justering=D("2020-06-17"))
    assert justified.latest_anslag.date == D("2020-06-22")  # 19th is midsommarafton
    assert justified.provisional  # no anslag recorded: counted from the latest lawful one
    assert justified.laga_kraft == D("2020-07-14")


def test_omedelbar_justering() -> None:
    clock = decision_clock(D("2020-03-16"), omedelbar=True)
    assert clock.justering == D("2020-03-16")
    assert clock.latest_anslag.date == D("2020-03-18")


def test_late_justering_and_anslag_are_flagged() -> None:
    clock = decision_clock(D("2020-03-02"), justering=D("2020-03-20"), anslag=D("2020-03-26"))
    assert clock.justering_late and clock.anslag_late


# Which notice a decision owes today ------------------------------------------------------


def test_no_step_notice_before_three_business_days_ahead() -> None:
    clock = decision_clock(D("2019-06-05"))  # latest justering Wednesday 19 June
    assert step_notice(clock, D("2019-06-13")) is None
    owed = step_notice(clock, D("2019-06-14"))
    assert owed is not None
    assert (owed.step, owed.deadline.date, owed.notice.label) == (
        Step.JUSTERING,
        D("2019-06-19"),
        "3bd",
    )


def test_the_anslag_is_owed_once_justered_and_nothing_once_announced() -> None:
    justered = decision_clock(D("2019-06-05"), justering=D("2019-06-19"))
    owed = step_notice(justered, D("2019-06-24"))
    assert owed is not None and (owed.step, owed.notice.label) == (Step.ANSLAG, "day")
    assert owed.deadline.nominal == D("2019-06-21")  # midsommarafton, moved to Monday
    late = step_notice(justered, D("2019-07-02"))
    assert late is not None and late.notice.kind is NoticeKind.OVERDUE
    announced = decision_clock(D("2019-06-05"), justering=D("2019-06-19"), anslag=D("2019-06-24"))
    assert step_notice(announced, D("2019-06-24")) is None


def test_final_notice_only_from_laga_kraft_and_never_provisional() -> None:
    final = decision_clock(D("2019-06-17"), justering=D("2019-06-18"), anslag=D("2019-06-20"))
    assert final.laga_kraft == D("2019-07-12")
    assert not final_notice_due(final, D("2019-07-11"))
    assert final_notice_due(final, D("2019-07-12"))
    assert final_notice_due(final, D("2019-08-10"))
    assert not final_notice_due(final, D("2019-08-11"))  # 30 days on: old news
    provisional = decision_clock(D("2019-06-17"), justering=D("2019-06-18"))
    assert provisional.laga_kraft == D("2019-07-12") and provisional.provisional
    assert not final_notice_due(provisional, D("2019-07-12"))
