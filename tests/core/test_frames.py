"""Ramstyrning arithmetic and amounts written the Swedish way."""

from __future__ import annotations

import pytest

from arshjul.core.frames import FrameLine, parse_sek, totals
from arshjul.texts import sek


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("412500000", 412500000),
        ("412 500 000", 412500000),
        ("412_500_000 kr", 412500000),
        ("412\u00a0500\u00a0000 SEK", 412500000),
        ("4,5 milj", None),
        ("-5", None),
        ("", None),
    ],
)
def test_parse_sek(text: str, expected: int | None) -> None:
    assert parse_sek(text) == expected


def test_lines_and_totals() -> None:
    lines = [
        FrameLine("BUN", 400, 410),
        FrameLine("SN", 300, 290),
        FrameLine("KTN", 100, None),
        FrameLine("MBN", None, 50),
    ]
    assert [line.difference_sek for line in lines] == [10, -10, None, None]
    assert [line.over_frame for line in lines] == [True, False, False, False]
    total = totals(lines)
    assert (total.frame_sek, total.submitted_sek) == (800, 750)
    assert totals([]).frame_sek is None


def test_sek_is_written_with_swedish_spaces() -> None:
    assert sek(412500000) == "412\u00a0500\u00a0000" and sek(None) == "-"
