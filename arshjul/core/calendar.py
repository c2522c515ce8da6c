"""The Swedish working-day calendar that every deadline is computed on.

A business day is a weekday that is neither a public holiday (Lag 1989:253 om allmänna
helgdagar) nor one of the eves that Swedish law treats like a Sunday: midsommarafton,
julafton and nyårsafton (Lag 1930:173 om beräkning av lagstadgad tid, 2 §; Semesterlag
1977:480, 7 §). The `holidays` package lists those eves in its `de_facto` category and lists
every Sunday only with `include_sundays=True`; we ask for public + de_facto without Sundays
and treat weekends ourselves, so the answer does not depend on that option's default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

_WEEKDAY_NAMES = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


class Shift(StrEnum):
    """What to do with a deadline that lands on a day that is not a business day."""

    PREVIOUS = "previous"  # the latest business day before it: nobody is asked to work on a holiday
    NEXT = "next"  # the first business day after it: the statutory rule of Lag 1930:173, 2 §
    NONE = "none"  # keep the date (for things that happen on a calendar day, not at an office)


@dataclass(frozen=True, slots=True)
class DayOff:
    """Why a date is not a business day, named in Swedish and English."""

    date: dt.date
    name_sv: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_en


@dataclass(frozen=True, slots=True)
class Shifted:
    """A date after applying a shift rule, remembering where it came from and why it moved."""

    date: dt.date
    nominal: dt.date
    rule: Shift
    passed: tuple[DayOff, ...] = ()

    @property
    def moved(self) -> bool:
        return self.date != self.nominal


@lru_cache(maxsize=64)
def _holidays(year: int, language: str) -> dict[dt.date, str]:
    # Imported at first use: the package loads every country's module (a tenth of a
    # second), and most commands never ask whether a day is a holiday.
    from holidays.constants import DE_FACTO, PUBLIC
    from holidays.countries.sweden import Sweden

    calendar = Sweden(
        years=year,
        categories=(PUBLIC, DE_FACTO),
        language=language,
        include_sundays=False,
    )
    return dict(calendar.items())


def day_off(day: dt.date) -> DayOff | None:
    """Return why `day` is not a business day, or None if it is one.

    A holiday's name wins over the weekday, so midsommardagen reads as such, not as lördag.
    Swedish names are written as mid-sentence ("julafton", "nationaldagen"); only a name
    that begins with a proper noun keeps its capital ("Kristi himmelsfärdsdag").
    """
    sv = _holidays(day.year, "sv").get(day)
    if sv is not None:
        en = _holidays(day.year, "en_US").get(day, sv)
        return DayOff(day, mid_sentence(sv), en)
    weekday = day.weekday()
    if weekday >= 5:
        return DayOff(day, _WEEKDAY_NAMES["sv"][weekday], _WEEKDAY_NAMES["en"][weekday])
    return None


PROPER_NOUNS = ("Kristi ", "Sveriges ")  # the holiday names whose first word keeps its capital


def mid_sentence(name: str) -> str:
    """A Swedish holiday's name as written inside a sentence: 'Julafton' -> 'julafton'."""
    if not name or name.startswith(PROPER_NOUNS):
        return name
    return name[0].lower() + name[1:]


def is_business_day(day: dt.date) -> bool:
    return day_off(day) is None


def weekday_name(day: dt.date, lang: str) -> str:
    return _WEEKDAY_NAMES["sv" if lang == "sv" else "en"][day.weekday()]


def shift(day: dt.date, rule: Shift) -> Shifted:
    """Move `day` to a business day by `rule`, recording every day off it passed over."""
    if rule is Shift.NONE:
        return Shifted(day, day, rule)
    step = dt.timedelta(days=-1 if rule is Shift.PREVIOUS else 1)
    passed: list[DayOff] = []
    current = day
    while (off := day_off(current)) is not None:
        passed.append(off)
        current += step
    return Shifted(current, day, rule, tuple(passed))


def add_business_days(day: dt.date, count: int) -> dt.date:
    """The business day `count` business days after `day` (before it when negative).

    `day` itself is not counted, whether or not it is a business day, so
    `add_business_days(friday, 1)` is the next Monday when that Monday is not a holiday.
    """
    step = dt.timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    current = day
    while remaining:
        current += step
        if is_business_day(current):
            remaining -= 1
    return current


def last_day_of_month(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same date `months` months later (earlier when negative), or that month's last
    day when the date does not exist there: a period in months ends so (Lag 1930:173, 1 §:
    "Finnes ej motsvarande dag i slutmånaden, varde den månadens sista dag ansedd för
    slutdag")."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, last_day_of_month(year, month).day))


def last_business_day_of_month(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return shift(first_of_next - dt.timedelta(days=1), Shift.PREVIOUS).date


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Signed count of business-day steps from `start` to `end`; the inverse of
    `add_business_days`, so `business_days_between(d, add_business_days(d, n)) == n`.

    Forwards it counts business days after `start` up to and including `end`: a submission
    handed in the business day after the deadline is one business day late, whatever
    weekend lies between. Backwards it counts business days from `end` up to `start`.
    """
    if end >= start:
        return _business_days_through(end) - _business_days_through(start)
    return -(
        _business_days_through(start - dt.timedelta(days=1))
        - _business_days_through(end - dt.timedelta(days=1))
    )


def _business_days_through(day: dt.date) -> int:
    """Business days from the start of the anchor year up to and including `day` (a prefix
    sum). Only differences of these counts are ever used, so the anchor is the first year
    this process asked about: counting from a fixed year would cost a table per year in
    between, a tenth of a second for every command that counts business days."""
    counts = _year_prefix(day.year)
    return _year_offset(day.year) + counts[day.toordinal() - _new_year(day.year)]


@lru_cache(maxsize=256)
def _new_year(year: int) -> int:
    return dt.date(year, 1, 1).toordinal()


@lru_cache(maxsize=256)
def _year_prefix(year: int) -> tuple[int, ...]:
    running, counts = 0, []
    day = dt.date(year, 1, 1)
    while day.year == year:
        running += is_business_day(day)
        counts.append(running)
        day += dt.timedelta(days=1)
    return tuple(counts)


_anchor: list[int] = []  # the first year asked about, set once


@lru_cache(maxsize=256)
def _year_offset(year: int) -> int:
    """Business days from 1 January of the anchor year to 1 January of `year` (negative
    before the anchor)."""
    if not _anchor:
        _anchor.append(year)
    anchor = _anchor[0]
    if year == anchor:
        return 0
    if year > anchor:
        return _year_offset(year - 1) + _year_prefix(year - 1)[-1]
    return _year_offset(year + 1) - _year_prefix(year)[-1]


def nth_weekday_of_month(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The `nth` (1-based; -1 for the last) `weekday` (0 = Monday) of a month.

    Raises ValueError when that month has no such day (a fifth Monday, say).
    """
    if nth == 0 or not -5 <= nth <= 5:
        raise ValueError(f"nth must be 1..5 or -1..-5, got {nth}")
    if nth > 0:
        first = dt.date(year, month, 1)
        day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    else:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        day = last - dt.timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))
    if day.month != month:
        raise ValueError(f"{year}-{month:02d} has no weekday {weekday} number {nth}")
    return day
