"""Dates, amounts and counts in words: 'fredag 15 maj 2020', '412 500 000', '1 arbetsdag'
against '2 arbetsdagar', and why a date moved."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from arshjul.core.calendar import Shift, Shifted, weekday_name

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


def param_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else "-"
    return str(value)


class Defaulting(dict[str, str]):
    """Format values where a missing one reads '?' rather than failing the message."""

    def __missing__(self, key: str) -> str:
        return "?"


def move_reasons(shifted: Shifted, lang: str) -> str:
    """The days a date passed over, named once each: 'söndag, lördag'."""
    return ", ".join(dict.fromkeys(off.name(lang_of(lang)) for off in shifted.passed))
