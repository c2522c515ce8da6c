"""Instants versus days: where a Stockholm calendar day begins and ends in UTC.

Deadlines are calendar days in Europe/Stockholm; submissions and reminders are instants stored
in UTC. Turning one into the other goes through here, so that a submission at 23:30 on the
deadline day counts as on time whatever the UTC date is, on both sides of a DST change.
"""

from __future__ import annotations

import datetime as dt

import pendulum

STOCKHOLM = pendulum.timezone("Europe/Stockholm")


def require_aware(instant: dt.datetime) -> dt.datetime:
    """Refuse naive datetimes: a naive instant is a bug, not a local time to guess at.

    Returns the instant as a plain `datetime` in UTC (stdlib arithmetic: this runs once per
    deliverable per sweep). Plain, not pendulum: a pendulum instant moved to the stdlib's UTC
    loses its zone in arithmetic (`now - timedelta` comes out naive), and the database
    refuses naive instants.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant!r}: instants must carry a time zone")
    u = instant.astimezone(dt.UTC)
    return dt.datetime(
        u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond, tzinfo=dt.UTC
    )


def local_date(instant: dt.datetime) -> dt.date:
    """The Stockholm calendar day an instant falls on."""
    return require_aware(instant).astimezone(STOCKHOLM).date()


def local_minute(instant: dt.datetime) -> str:
    """An instant as people read it: Stockholm wall-clock time to the minute."""
    return require_aware(instant).astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def start_of_day(day: dt.date) -> pendulum.DateTime:
    """The first instant (UTC) of a Stockholm calendar day."""
    return pendulum.datetime(day.year, day.month, day.day, tz=STOCKHOLM).in_timezone("UTC")


def deadline_cutoff(day: dt.date) -> pendulum.DateTime:
    """The first instant (UTC) after a deadline day: anything before it is on time."""
    return start_of_day(day + dt.timedelta(days=1))


def noon(day: dt.date) -> pendulum.DateTime:
    """Midday in Stockholm on `day`, in UTC: a safe 'as of that day' instant for the CLI."""
    return pendulum.datetime(day.year, day.month, day.day, 12, tz=STOCKHOLM).in_timezone("UTC")


FIRST_YEAR, LAST_YEAR = 1900, 2200  # what a date typed by a person may be


def parse_day(text: str) -> dt.date | None:
    """A date written strictly as YYYY-MM-DD in 1900-2200, else None: `20190506`, `2019-5-6`
    and `0001-01-01` are typos to report, not dates to guess at."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    if not (text[:4] + text[5:7] + text[8:]).isdigit() or not text.isascii():
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None
