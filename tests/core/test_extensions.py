"""When one body's deliverable may be given a deadline of its own."""

from __future__ import annotations

import datetime as dt

import pytest

from arshjul.core.extensions import MAX_REASON, extension_problem

TODAY = dt.date(2019, 9, 2)  # a Monday


@pytest.mark.parametrize(
    ("day", "reason", "handed_in", "closed", "key"),
    [
        (dt.date(2019, 9, 16), "Sjukdom i förvaltningen", False, False, None),
        (TODAY, "Samma dag", False, False, None),
        (dt.date(2019, 8, 30), "Bakåt", False, False, "extension_in_past"),
        (dt.date(2019, 9, 14), "En lördag", False, False, "extension_day_off"),
        (dt.date(2019, 12, 24), "Julafton", False, False, "extension_day_off"),
        (dt.date(2019, 9, 16), "   ", False, False, "extension_needs_reason"),
        (dt.date(2019, 9, 16), "x" * (MAX_REASON + 1), False, False, "extension_reason_too_long"),
        (dt.date(2019, 9, 16), "Redan inlämnad", True, False, "extension_after_hand_in"),
        (dt.date(2019, 9, 16), "Stängt år", False, True, "extension_closed"),
    ],
)
def test_extension_problem(
    day: dt.date, reason: str, handed_in: bool, closed: bool, key: str | None
) -> None:
    found = extension_problem(day, reason, TODAY, handed_in=handed_in, closed=closed)
    assert (found.key if found else None) == key


def test_a_day_off_is_named() -> None:
    found = extension_problem(dt.date(2019, 12, 24), "x", TODAY, handed_in=False, closed=False)
    assert found is not None and found.day is not None
    assert found.day.name("sv").lower() == "julafton"
