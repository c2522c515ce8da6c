"""User texts exist in both languages and dates are written the Swedish way."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from arshjul.core.calendar import Shift, shift
from arshjul.core.status import Status
from arshjul.texts import (
    COLUMNS,
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


@pytest.mark.parametrize("catalog", [LABELS, PROBLEMS, STATUS_LABELS, SHIFT_LABELS, LAW, COLUMNS])
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


@pytest.mark.parametrize(
    ("day", "rule", "sv", "en"),
    [
        (
            "2023-10-15",
            Shift.PREVIOUS,
            "flyttad från söndag 15 oktober till fredag 13 oktober: helgdag",
            "moved from Sunday 15 October to Friday 13 October: weekend",
        ),
        (
            "2020-06-19",
            Shift.PREVIOUS,
            "flyttad från fredag 19 juni till torsdag 18 juni: midsommarafton",
            "moved from Friday 19 June to Thursday 18 June: Midsummer Eve",
        ),
        (
            "2022-12-26",
            Shift.PREVIOUS,
            "flyttad från måndag 26 december till fredag 23 december: annandag jul, juldagen "
            "och julafton",
            "moved from Monday 26 December to Friday 23 December: Second Day of Christmas, "
            "Christmas Day and Christmas Eve",
        ),
        (
            "2019-11-30",
            Shift.NEXT,
            "flyttad från lördag 30 november till måndag 2 december: helgdag",
            "moved from Saturday 30 November to Monday 2 December: weekend",
        ),
        (
            "2022-12-31",
            Shift.NEXT,  # nyårsafton on a Saturday, nyårsdagen on the Sunday
            "flyttad från lördag 31 december 2022 till måndag 2 januari 2023: nyårsafton och "
            "nyårsdagen",
            "moved from Saturday 31 December 2022 to Monday 2 January 2023: New Year's Eve and "
            "New Year's Day",
        ),
        (
            "2024-05-09",
            Shift.NEXT,  # a name that begins with a proper noun keeps its capital
            "flyttad från torsdag 9 maj till fredag 10 maj: Kristi himmelsfärdsdag",
            "moved from Thursday 9 May to Friday 10 May: Ascension Day",
        ),
    ],
)
def test_the_move_note_says_from_which_day_to_which_and_why(
    day: str, rule: Shift, sv: str, en: str
) -> None:
    moved = shift(dt.date.fromisoformat(day), rule)
    assert (shift_note(moved, "sv"), shift_note(moved, "en")) == (sv, en)


def test_a_date_that_did_not_move_has_no_note() -> None:
    assert shift_note(shift(dt.date(2020, 6, 18), Shift.PREVIOUS), "sv") == ""


def test_holiday_names_are_written_as_mid_sentence() -> None:
    from arshjul.core.calendar import day_off

    names = {d: day_off(dt.date.fromisoformat(d)).name_sv for d in ("2024-06-06", "2024-12-24")}
    assert names == {"2024-06-06": "nationaldagen", "2024-12-24": "julafton"}


@pytest.mark.parametrize(
    ("key", "params", "one", "two"),
    [
        ("calendar_written", {"file": "bun.ics"}, "Skrev 1 tidsfrist", "Skrev 2 tidsfrister"),
        ("files_ok", {}, "1 lagrad fil är oförändrad", "2 lagrade filer är oförändrade"),
        ("checkpoints_ok", {}, "1 försegling stämmer", "2 förseglingar stämmer"),
        ("over_frame_alerted", {}, "1 samordnare underrättad.", "2 samordnare underrättade."),
        ("tables_disagree", {}, "1 uppgift i tabellerna", "2 uppgifter i tabellerna"),
    ],
)
def test_swedish_counts_agree_with_their_nouns(
    key: str, params: dict[str, str], one: str, two: str
) -> None:
    assert one in label(key, "sv", count=1, **params)
    assert two in label(key, "sv", count=2, **params)


def test_a_plan_summary_agrees_with_each_of_its_counts() -> None:
    counts = {"created": 1, "updated": 2, "moved": 1, "retired": 0}
    text = label("planned", "sv", municipality="Timrå", year=2020, **counts)
    assert text.endswith("1 ny, 2 ändrade, 1 flyttad tidsfrist, 0 borttagna")
