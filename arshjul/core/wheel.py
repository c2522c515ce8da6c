"""The årshjul drawn as a wheel: where a calendar year's days, months, phases and meetings
fall on a circle. Plain geometry of plain data; the web page turns it into SVG.

The year runs clockwise from the top (1 January) round to the top again; a day sits at the
middle of its own slice, so a deadline on 31 December is just left of the top, not on it.
Marks that fall on the same day are stacked inwards rather than drawn on top of each other.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass

SIZE = 640  # the SVG's width and height, in its own units
CENTRE = SIZE / 2
RIM = 300  # outer radius: meetings sit just inside it
MONTHS = 270  # month sectors from here to the rim
PHASES = (150, 180)  # the ring of phases
MARKS = 240  # milestones on this circle (then inwards when a day holds several)
STACK = 18  # how far inwards each further mark of one day goes


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Sector:
    index: int  # month 1-12, or the phase's position
    path: str  # SVG path data of the ring segment
    label_at: Point


@dataclass(frozen=True, slots=True)
class Placed:
    key: str
    at: Point
    angle: float


def angle_of(day: dt.date, year: int) -> float:
    """Degrees clockwise from the top for the middle of `day` in `year`'s wheel."""
    days = 366 if calendar.isleap(year) else 365
    return 360.0 * ((day - dt.date(year, 1, 1)).days + 0.5) / days


def point(angle: float, radius: float) -> Point:
    radians = math.radians(angle)
    return Point(
        round(CENTRE + radius * math.sin(radians), 2), round(CENTRE - radius * math.cos(radians), 2)
    )


def ring_segment(start: float, end: float, inner: float, outer: float) -> str:
    """SVG path data of the ring between two angles (degrees, clockwise, end > start)."""
    large = 1 if end - start > 180 else 0
    a, b = point(start, outer), point(end, outer)
    c, d = point(end, inner), point(start, inner)
    return (
        f"M {a.x} {a.y} A {outer} {outer} 0 {large} 1 {b.x} {b.y} "
        f"L {c.x} {c.y} A {inner} {inner} 0 {large} 0 {d.x} {d.y} Z"
    )


def month_sectors(year: int) -> list[Sector]:
    sectors = []
    days = 366 if calendar.isleap(year) else 365
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        start = 360.0 * (first - dt.date(year, 1, 1)).days / days
        end = 360.0 * ((last - dt.date(year, 1, 1)).days + 1) / days
        sectors.append(
            Sector(
                month,
                ring_segment(start, end, MONTHS, RIM),
                point((start + end) / 2, (MONTHS + RIM) / 2),
            )
        )
    return sectors


def phase_sectors(spans: list[tuple[dt.date, dt.date]], year: int) -> list[Sector]:
    """One ring segment per (first, last) day span, clipped to the year; spans that do not
    touch the year are left out (their position in `spans` is the sector's index)."""
    sectors = []
    start_of_year, end_of_year = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for index, (first, last) in enumerate(spans):
        if last < start_of_year or first > end_of_year:
            continue
        a = angle_of(max(first, start_of_year), year) - 0.5
        b = angle_of(min(last, end_of_year), year) + 0.5
        b = max(b, a + 2.0)  # a one-day phase still shows
        sectors.append(
            Sector(index, ring_segment(a, b, *PHASES), point((a + b) / 2, sum(PHASES) / 2))
        )
    return sectors


def place_marks(marks: list[tuple[str, dt.date]], year: int, radius: float = MARKS) -> list[Placed]:
    """Each (key, day) of `year` at its angle; several on one day stacked inwards, in the
    order given. Days outside the year are left out."""
    placed: list[Placed] = []
    on_day: dict[dt.date, int] = {}
    for key, day in marks:
        if day.year != year:
            continue
        n = on_day[day] = on_day.get(day, -1) + 1
        angle = angle_of(day, year)
        placed.append(Placed(key, point(angle, radius - n * STACK), angle))
    return placed


def needle(today: dt.date, year: int) -> tuple[Point, Point] | None:
    """The line from the centre to the rim at today, if today is in the year."""
    if today.year != year:
        return None
    return point(0, 0), point(angle_of(today, year), RIM)
