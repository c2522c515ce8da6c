"""A pasted sammanträdesplan: Swedish or ISO dates, each line's problem, and the template
text with the dates written into `calendars:` (the rest of the text as it was)."""

from __future__ import annotations

import datetime as dt

import pytest

from arshjul.core.meeting_dates import CalendarAt, parse_meeting_dates, with_calendar_dates
from arshjul.core.template_loader import parse_template
from tests.factories import SMALL_TEMPLATE

D = dt.date


@pytest.mark.parametrize(
    "text",
    [
        "2027-02-15\n2027-04-26",
        "15 februari 2027, 26 april 2027",
        "måndag 15 feb 2027; 26 apr.",
        "15/2 2027\n26.4.2027",
        "  15 Februari\n\n 2027-4-26 ",
    ],
)
def test_swedish_and_iso_dates(text: str) -> None:
    assert parse_meeting_dates(text, 2027) == ([D(2027, 2, 15), D(2027, 4, 26)], [])


def test_each_bad_line_is_named() -> None:
    dates, problems = parse_meeting_dates(
        "2027-02-15\n31 februari 2027\n2026-11-30\n15 feb\nnästa tisdag", 2027
    )
    assert dates == [D(2027, 2, 15)]
    assert [(p.line, p.code, p.warning) for p in problems] == [
        (2, "meeting_not_a_date", False),
        (3, "meeting_wrong_year", False),
        (4, "meeting_twice", False),
        (5, "meeting_not_a_date", False),
    ]


def test_a_sunday_or_a_holiday_is_a_warning_with_its_name() -> None:
    dates, problems = parse_meeting_dates("2027-03-14, 2027-06-06, 2027-03-13", 2027)
    assert dates == [D(2027, 3, 13), D(2027, 3, 14), D(2027, 6, 6)]
    assert [(p.text, p.warning, p.day) for p in problems] == [
        ("2027-03-14", True, "söndag"),
        ("2027-06-06", True, "nationaldagen"),
    ]  # a plain Saturday is no warning: extra meetings happen


def _calendar(text: str, body: str) -> CalendarAt:
    template, problems = parse_template(text, "t.yaml")
    assert template is not None, problems
    found = template.calendar(body)
    if found is None:
        return CalendarAt(None, {})
    return CalendarAt(found.line, {y: tuple(d) for y, d in found.dates.items()})  # type: ignore[misc]


CALENDARS = """\
calendars:
  - body: KS  # KS meets on Tuesdays
    title: "KS, sammanträde"
    every_year:
      - {month: 5, weekday: tuesday, nth: 3}
    dates:
      2026: [2026-05-19]
      # decided in the autumn
      2027: [2027-05-18]
"""


@pytest.mark.parametrize(
    ("extra", "expected_other"),
    [("", {}), (CALENDARS, {2026: (D(2026, 5, 19),)})],
)
def test_dates_written_into_the_calendar(extra: str, expected_other: dict) -> None:
    text = SMALL_TEMPLATE + extra
    new = with_calendar_dates(
        text,
        body="KS",
        title="KS, sammanträde",
        year=2027,
        dates=[D(2027, 5, 11), D(2027, 5, 25)],
        at=_calendar(text, "KS"),
    )
    assert new is not None and new.startswith(SMALL_TEMPLATE)
    template, problems = parse_template(new, "t.yaml")
    assert template is not None, problems
    calendar = template.calendar("KS")
    assert calendar is not None
    assert calendar.dates == {**expected_other, 2027: (D(2027, 5, 11), D(2027, 5, 25))}
    if extra:
        assert "# KS meets on Tuesdays" in new and "{month: 5, weekday: tuesday, nth: 3}" in new


def test_a_flow_style_calendar_is_not_edited() -> None:
    text = SMALL_TEMPLATE + 'calendars:\n  - {body: KS, title: "KS", dates: {2027: [2027-05-18]}}\n'
    at = _calendar(text, "KS")
    new = with_calendar_dates(text, body="KS", title="KS", year=2027, dates=[D(2027, 5, 11)], at=at)
    assert new is None
