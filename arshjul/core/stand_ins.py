"""Stand-ins (ersättare): while someone is away, a colleague receives what was meant for
them and may act for their bodies. Pure: which periods cover a day, and who gets a notice.

A period runs from its first to its last day inclusive, Stockholm days. The absent person
stays in copy unless the installation says otherwise, so nothing goes unseen when they
come back and a stand-in arranged by mistake is noticed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from arshjul.core.addresses import is_single_address

MAX_DAYS = 366  # a stand-in for longer is a change of people, not an absence
MAX_REASON = 300


@dataclass(frozen=True, slots=True)
class Period:
    absent: str  # e-mail address
    stand_in: str
    first: dt.date
    last: dt.date

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


class HasEmail(Protocol):
    @property
    def email(self) -> str: ...


P = TypeVar("P", bound=HasEmail)


def covering(periods: Iterable[Period], day: dt.date) -> dict[str, str]:
    """Who stands in for whom on `day`: absent address -> stand-in address (the later
    period wins where two overlap)."""
    found: dict[str, str] = {}
    for period in sorted(periods, key=lambda p: p.first):
        if period.covers(day):
            found[period.absent.lower()] = period.stand_in
    return found


def redirected(people: Sequence[P], cover: dict[str, P], *, copy_absent: bool) -> list[P]:
    """The people a notice goes to: each absent one's stand-in instead (and the absent one
    too, in copy, when `copy_absent`), each person once, in the order given."""
    found: dict[str, P] = {}
    for person in people:
        stand_in = cover.get(person.email.lower())
        if stand_in is None or copy_absent:
            found.setdefault(person.email.lower(), person)
        if stand_in is not None:
            found.setdefault(stand_in.email.lower(), stand_in)
    return list(found.values())


def stand_in_problem(
    absent: str, stand_in: str, first: dt.date, last: dt.date, today: dt.date, reason: str
) -> tuple[str, str] | None:
    """(field, text key) of what is wrong with a stand-in period, or None."""
    for field, address in (("for", absent), ("by", stand_in)):
        if not is_single_address(address):
            return field, "stand_in_bad_address"
    if absent.strip().lower() == stand_in.strip().lower():
        return "by", "stand_in_self"
    if last < first:
        return "until", "stand_in_ends_before"
    if last < today:
        return "until", "stand_in_in_past"
    if (last - first).days >= MAX_DAYS:
        return "until", "stand_in_too_long"
    if len(reason) > MAX_REASON:
        return "reason", "stand_in_reason_too_long"
    return None
