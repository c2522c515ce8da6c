"""User texts exist in both languages and dates are written the Swedish way."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from arshjul.core.calendar import Shift, shift
from arshjul.core.status import Status
from arshjul.texts import (
    LABELS,
    LANGUAGES,
    LAW,
    PROBLEMS,
    SHIFT_LABELS,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    label,
    long_date,
    shift_note,
)


@pytest.mark.parametrize("catalog", [LABELS, PROBLEMS, STATUS_LABELS, SHIFT_LABELS, LAW])
def test_every_text_has_every_language_with_the_same_placeholders(catalog: dict) -> None:
    for key, texts in catalog.items():
        assert set(texts) == set(LANGUAGES), key
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(_singular(t)) if f}
            for t in texts.values()
        ]
        assert all(f == fields[0] for f in fields), key


def _singular(text: str) -> str:
    """The text with each `{count|one|other}` resolved, its count a placeholder still."""
    return re.sub(r"\{(\w+)\|[^|{}]*\|[^|{}]*\}", "", text)


@pytest.mark.parametrize(
    ("key", "days", "sv", "en"),
    [
        ("late_days", 1, "1 arbetsdag sent", "1 business day late"),
        ("late_days", 2, "2 arbetsdagar sent", "2 business days late"),
        ("late_days", 0, "0 arbetsdagar sent", "0 business days late"),
        ("overdue_days", 1, "1 arbetsdag över", "1 business day over"),
    ],
)
def test_counts_agree_with_their_nouns(key: str, days: int, sv: str, en: str) -> None:
    assert (label(key, "sv", days=days), label(key, "en", days=days)) == (sv, en)


def test_every_count_form_names_a_placeholder_of_its_text() -> None:
    for catalog in (LABELS, PROBLEMS, LAW):
        for key, texts in catalog.items():
            for text in texts.values():
                fields = {f for _, f, _, _ in string.Formatter().parse(_singular(text)) if f}
                for name in re.findall(r"\{(\w+)\|", text):
                    assert name in fields, (key, name)


def test_every_status_has_a_label_and_symbol() -> None:
    assert set(STATUS_LABELS) == set(Status) == set(STATUS_SYMBOLS)


def test_long_date() -> None:
    assert long_date(dt.date(2020, 5, 15), "sv") == "fredag 15 maj 2020"
    assert long_date(dt.date(2020, 5, 15), "en") == "Friday 15 May 2020"


def test_shift_note_states_the_rule_and_the_reason() -> None:
    moved = shift(dt.date(2020, 6, 19), Shift.PREVIOUS)
    assert shift_note(moved, "sv") == (
        "flyttad från fredag 19 juni 2020 (Midsommarafton; föregående arbetsdag)"
    )
    assert shift_note(moved, "en") == (
        "moved from Friday 19 June 2020 (Midsummer Eve; previous business day)"
    )
    assert shift_note(shift(dt.date(2020, 6, 18), Shift.PREVIOUS), "sv") == ""
