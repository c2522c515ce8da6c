"""Dates, amounts and counts in words: 'fredag 15 maj 2020', '412 500 000', '1 arbetsdag'
against '2 arbetsdagar', and why a date moved."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from arshjul.core.calendar import Shift, Shifted, mid_sentence, weekday_name

_WEEKDAYS = ("lördag", "söndag")

LANGUAGES = ("sv", "en")

_MONTHS = {
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

SHIFT_LABELS: dict[Shift, dict[str, str]] = {
    Shift.PREVIOUS: {"sv": "föregående arbetsdag", "en": "previous business day"},
    Shift.NEXT: {"sv": "nästa arbetsdag", "en": "next business day"},
    Shift.NONE: {"sv": "flyttas inte", "en": "not moved"},
}


def lang_of(lang: str) -> str:
    return lang if lang in LANGUAGES else "sv"


def sek(amount: int | None) -> str:
    """412500000 -> '412 500 000' (Swedish thousands separator); None -> '-'."""
    return "-" if amount is None else f"{amount:,}".replace(",", "\u00a0")


@lru_cache(maxsize=4096)  # a sweep writes thousands of notices about a few dozen dates
def long_date(day: dt.date, lang: str) -> str:
    """'fredag 15 maj 2020' in Swedish, 'Friday 15 May 2020' in English."""
    lang = lang_of(lang)
    return f"{weekday_name(day, lang)} {day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def long_instant(instant: dt.datetime, lang: str) -> str:
    """An aware instant on the Stockholm clock, as people read it: 'tisdag 17 september
    2019 kl. 15.15', 'Tuesday 17 September 2019 at 15:15'."""
    from arshjul.core.instants import STOCKHOLM

    local = instant.astimezone(STOCKHOLM)
    day = long_date(local.date(), lang)
    if lang_of(lang) == "sv":
        return f"{day} kl. {local:%H.%M}"
    return f"{day} at {local:%H:%M}"


def month_name(month: int, lang: str) -> str:
    return _MONTHS[lang_of(lang)][month - 1]


_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def plural_forms(text: str, params: dict[str, Any]) -> str:
    """Pick each `{count|one|other}` by its count: Swedish and English share the CLDR
    rule (one for exactly 1, other for everything else, 0 included), so 'dag' and 'dagar',
    'day' and 'days' need no library."""

    def choose(found: re.Match[str]) -> str:
        count = params.get(found.group(1))
        return found.group(2) if count == 1 or count == "1" else found.group(3)

    return _PLURAL.sub(choose, text) if "|" in text else text


def param_text(value: Any, lang: str = "sv") -> str:
    """A parameter in words: a list joined, a name given per language in its language."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else "-"
    if isinstance(value, dict) and set(value) == set(LANGUAGES):
        return str(value[lang_of(lang)])
    return str(value)


class Defaulting(dict[str, str]):
    """Format values where a missing one reads '?' rather than failing the message."""

    def __missing__(self, key: str) -> str:
        return "?"


WEEKEND = {"sv": "helgdag", "en": "weekend"}
AND = {"sv": "och", "en": "and"}


def move_reasons(shifted: Shifted, lang: str) -> str:
    """Why the days a date passed over are not business days, once each, in plain words:
    'helgdag' for a Saturday or Sunday, a holiday by its name written as mid-sentence
    ('julafton och juldagen'; the names stored with older plans were capitalised)."""
    lang = lang_of(lang)
    names = []
    for off in shifted.passed:
        if off.name_sv in _WEEKDAYS:  # a plain weekend day, not a holiday
            names.append(WEEKEND[lang])
        else:
            names.append(mid_sentence(off.name_sv) if lang == "sv" else off.name_en)
    return and_list(list(dict.fromkeys(names)), lang)


def and_list(items: list[str], lang: str) -> str:
    """'a', 'a och b', 'a, b och c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {AND[lang_of(lang)]} {items[-1]}"


def short_date(day: dt.date, lang: str, with_year: bool) -> str:
    """'söndag 15 oktober', or with the year when it must be said."""
    text = long_date(day, lang)
    return text if with_year else text.rsplit(" ", 1)[0]
