"""The Swedish business-day calendar: pinned dates, shift rules and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arshjul.core.calendar import (
    Shift,
    add_business_days,
    business_days_between,
    day_off,
    is_business_day,
    last_business_day_of_month,
    nth_weekday_of_month,
    shift,
)

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("day", "name_sv"),
    [
        ("2020-01-01", "nyårsdagen"),
        ("2020-01-06", "trettondedag jul"),
        ("2020-04-10", "långfredagen"),
        ("2020-04-12", "påskdagen"),
        ("2020-04-13", "annandag påsk"),
        ("2020-05-01", "första maj"),
        ("2020-05-21", "Kristi himmelsfärdsdag"),
        ("2020-05-31", "pingstdagen"),
        ("2019-06-06", "nationaldagen"),
        ("2020-06-19", "midsommarafton"),
        ("2020-06-20", "midsommardagen"),
        ("2020-10-31", "alla helgons dag"),
        ("2020-12-24", "julafton"),
        ("2020-12-25", "juldagen"),
        ("2020-12-26", "annandag jul"),
        ("2020-12-31", "nyårsafton"),
        ("2020-03-28", "lördag"),
        ("2020-03-29", "söndag"),
    ],
)
def test_days_off_are_named_in_swedish(day: str, name_sv: str) -> None:
    off = day_off(D(day))
    assert off is not None
    assert off.name_sv == name_sv


@pytest.mark.parametrize(
    "day",
    [
        "2020-06-01",  # annandag pingst: no holiday since 2005
        "2020-04-30",  # valborgsmässoafton
        "2021-01-05",  # trettondagsafton
        "2020-06-18",  # the day before midsommarafton
        "2020-12-23",
        "2020-12-28",  # between the Christmas days and nyårsafton
        "2020-04-09",  # skärtorsdagen
    ],
)
def test_working_eves_and_former_holidays_are_business_days(day: str) -> None:
    assert is_business_day(D(day))


def test_english_names_exist_for_holidays() -> None:
    off = day_off(D("2020-06-19"))
    assert off is not None and off.name("en") == "Midsummer Eve"


@pytest.mark.parametrize(
    ("nominal", "rule", "expected", "passed"),
    [
        # midsommarafton, then midsommardagen and a Sunday
        ("2020-06-19", Shift.PREVIOUS, "2020-06-18", ["midsommarafton"]),
        ("2020-06-19", Shift.NEXT, "2020-06-22", ["midsommarafton", "midsommardagen", "söndag"]),
        # nationaldagen on a Thursday
        ("2019-06-06", Shift.PREVIOUS, "2019-06-05", ["nationaldagen"]),
        ("2019-06-06", Shift.NEXT, "2019-06-07", ["nationaldagen"]),
        # Kristi himmelsfärdsdag
        ("2020-05-21", Shift.PREVIOUS, "2020-05-20", ["Kristi himmelsfärdsdag"]),
        ("2020-05-21", Shift.NEXT, "2020-05-22", ["Kristi himmelsfärdsdag"]),
        # alla helgons dag, always a Saturday
        ("2020-10-31", Shift.PREVIOUS, "2020-10-30", ["alla helgons dag"]),
        ("2020-10-31", Shift.NEXT, "2020-11-02", ["alla helgons dag", "söndag"]),
        # the Christmas week
        ("2020-12-24", Shift.PREVIOUS, "2020-12-23", ["julafton"]),
        (
            "2020-12-24",
            Shift.NEXT,
            "2020-12-28",
            ["julafton", "juldagen", "annandag jul", "söndag"],
        ),
        ("2020-12-31", Shift.NEXT, "2021-01-04", ["nyårsafton", "nyårsdagen", "lördag", "söndag"]),
        (
            "2025-12-27",
            Shift.PREVIOUS,
            "2025-12-23",
            ["lördag", "annandag jul", "juldagen", "julafton"],
        ),
        # Easter
        (
            "2020-04-10",
            Shift.NEXT,
            "2020-04-14",
            ["långfredagen", "lördag", "påskdagen", "annandag påsk"],
        ),
        # a business day stays put, and NONE never moves
        ("2020-06-18", Shift.PREVIOUS, "2020-06-18", []),
        ("2020-06-19", Shift.NONE, "2020-06-19", []),
    ],
)
def test_shift(nominal: str, rule: Shift, expected: str, passed: list[str]) -> None:
    result = shift(D(nominal), rule)
    assert result.date == D(expected)
    assert result.nominal == D(nominal)
    assert [off.name_sv for off in result.passed] == passed
    assert result.moved == (nominal != expected)


def test_midsommardagen_reads_as_holiday_not_saturday() -> None:
    off = day_off(D("2020-06-20"))
    assert off is not None and off.name_sv == "midsommardagen"


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        ("2020-06-17", 2, "2020-06-22"),  # over midsommar
        ("2020-06-22", -1, "2020-06-18"),
        ("2020-05-20", 1, "2020-05-22"),  # over Kristi himmelsfärd
        ("2020-12-23", 1, "2020-12-28"),
        ("2020-12-23", 2, "2020-12-29"),
        ("2020-12-30", 1, "2021-01-04"),  # nyårsafton and nyårsdagen
        ("2020-03-27", 1, "2020-03-30"),  # over the DST weekend
        ("2020-06-20", 0, "2020-06-20"),
    ],
)
def test_add_business_days(start: str, count: int, expected: str) -> None:
    assert add_business_days(D(start), count) == D(expected)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2019, 12, "2019-12-30"),  # nyårsafton 2019 is a Tuesday
        (2020, 10, "2020-10-30"),  # the 31st is alla helgons dag
        (2019, 2, "2019-02-28"),
        (2020, 2, "2020-02-28"),  # leap year, the 29th is a Saturday
        (2021, 4, "2021-04-30"),
        (2020, 5, "2020-05-29"),
    ],
)
def test_last_business_day_of_month(year: int, month: int, expected: str) -> None:
    assert last_business_day_of_month(year, month) == D(expected)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2019, 6, 0, 3), "2019-06-17"),
        ((2019, 5, 1, 3), "2019-05-21"),
        ((2020, 10, 0, -1), "2020-10-26"),
        ((2020, 2, 5, -1), "2020-02-29"),
    ],
)
def test_nth_weekday(args: tuple[int, int, int, int], expected: str) -> None:
    assert nth_weekday_of_month(*args) == D(expected)


def test_nth_weekday_that_does_not_exist() -> None:
    with pytest.raises(ValueError, match="no weekday"):
        nth_weekday_of_month(2020, 2, 0, 5)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2020-06-18", "2020-06-22", 1),
        ("2020-06-18", "2020-06-18", 0),
        ("2020-06-22", "2020-06-18", -1),
        ("2000-01-01", "1999-12-30", -1),
        ("2020-12-23", "2021-01-04", 4),  # 28, 29, 30 and 4 January
    ],
)
def test_business_days_between(start: str, end: str, expected: int) -> None:
    assert business_days_between(D(start), D(end)) == expected


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


@given(days, st.sampled_from([Shift.PREVIOUS, Shift.NEXT]))
def test_shifted_dates_are_business_days_and_move_the_right_way(day: dt.date, rule: Shift) -> None:
    result = shift(day, rule)
    assert is_business_day(result.date)
    if rule is Shift.PREVIOUS:
        assert result.date <= day
    else:
        assert result.date >= day
    assert len(result.passed) == abs((result.date - day).days)
    assert all(not is_business_day(off.date) for off in result.passed)
    if is_business_day(day):
        assert result.date == day


@given(days, st.integers(min_value=-60, max_value=60).filter(lambda n: n != 0))
def test_add_business_days_lands_on_business_days(day: dt.date, count: int) -> None:
    result = add_business_days(day, count)
    assert is_business_day(result)
    assert (result > day) == (count > 0)
    assert business_days_between(day, result) == count


@given(st.integers(1990, 2090), st.integers(1, 12))
def test_last_business_day_is_last(year: int, month: int) -> None:
    result = last_business_day_of_month(year, month)
    assert result.month == month and is_business_day(result)
    following = result + dt.timedelta(days=1)
    while following.month == month:
        assert not is_business_day(following)
        following += dt.timedelta(days=1)
