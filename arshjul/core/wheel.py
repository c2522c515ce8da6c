"""The årshjul drawn as a wheel: where a calendar year's days, months, phases and meetings
fall on a circle. Plain geometry of plain data; the web page turns it into SVG.

The year runs clockwise from the top (1 January) round to the top again; a day sits at the
middle of its own slice, so a deadline on 31 December is just left of the top, not on it.

Readable at any size: each phase has a ring of its own, so phases that overlap in time
never paint over each other, and a phase's name is written along its arc only where it
fits (the legend names them all). Milestones are gathered per ISO week into one mark with
a count; the marks of odd and even weeks sit on two circles far enough apart that no two
marks touch, and a mark is big enough to be a 24 × 24 px target (WCAG 2.2, 2.5.8) when
the wheel is drawn 360 px wide on a phone.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

SIZE = 640  # the SVG's width and height, in its own units
CENTRE = SIZE / 2
RIM = 314  # outer radius of the month ring
MONTHS = 282  # the month ring's inner radius
MONTH_LABELS = 292  # where the month names sit, inside the meetings on the rim
MEETINGS = 306  # KF's and KS's meetings, on the rim
MARK_RADIUS = 22  # a mark's circle: 44 units across, 24.6 px in a 360 px wide wheel
WEEK_CIRCLES = (256, 210)  # even weeks' marks, odd weeks' marks
PHASE_RINGS = (84, 184)  # the phases' rings share this band, one ring each
PHASE_GAP = 3
MAX_PHASE_RING = 26  # a lone phase is a ring, not a disc
LABEL_UNIT = 7.2  # the width of one character of a phase label (13 px), in SVG units

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Sector:
    index: int  # month 1-12, or the phase's position
    path: str  # SVG path data of the ring segment
    label_at: Point
    label_path: str = ""  # an arc to write the label along (phases); "" when it does not fit


@dataclass(frozen=True, slots=True)
class Placed:
    key: str
    at: Point
    angle: float


@dataclass(frozen=True, slots=True)
class Cluster(Generic[K]):
    """The milestones of one ISO week, drawn as one mark."""

    week: int
    at: Point
    items: tuple[K, ...]

    @property
    def count(self) -> int:
        return len(self.items)


def days_in(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def angle_of(day: dt.date, year: int) -> float:
    """Degrees clockwise from the top for the middle of `day` in `year`'s wheel."""
    return 360.0 * ((day - dt.date(year, 1, 1)).days + 0.5) / days_in(year)


def point(angle: float, radius: float) -> Point:
    radians = math.radians(angle)
    return Point(
        round(CENTRE + radius * math.sin(radians), 2), round(CENTRE - radius * math.cos(radians), 2)
    )


def arc(start: float, end: float, radius: float) -> str:
    """SVG path data of the arc between two angles that a label runs along: clockwise in
    the top half, and anticlockwise (from `end` to `start`) where the arc's middle is in
    the bottom half, so that the text is never upside down."""
    large = 1 if end - start > 180 else 0
    if 90 < (start + end) / 2 % 360 < 270:
        a, b = point(end, radius), point(start, radius)
        return f"M {a.x} {a.y} A {radius} {radius} 0 {large} 0 {b.x} {b.y}"
    a, b = point(start, radius), point(end, radius)
    return f"M {a.x} {a.y} A {radius} {radius} 0 {large} 1 {b.x} {b.y}"


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
    days = days_in(year)
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        start = 360.0 * (first - dt.date(year, 1, 1)).days / days
        end = 360.0 * ((last - dt.date(year, 1, 1)).days + 1) / days
        sectors.append(
            Sector(
                month,
                ring_segment(start, end, MONTHS, RIM),
                point((start + end) / 2, MONTH_LABELS),
            )
        )
    return sectors


def phase_rings(count: int) -> list[tuple[float, float]]:
    """(inner, outer) radius of each of `count` phases' rings, the first innermost."""
    if count <= 0:
        return []
    outer = float(PHASE_RINGS[1])
    width = min(MAX_PHASE_RING, (outer - PHASE_RINGS[0] - PHASE_GAP * (count - 1)) / count)
    inner = outer - width * count - PHASE_GAP * (count - 1)  # the rings sit by the marks
    return [
        (
            round(inner + n * (width + PHASE_GAP), 2),
            round(inner + n * (width + PHASE_GAP) + width, 2),
        )
        for n in range(count)
    ]


def phase_sectors(
    spans: Sequence[tuple[dt.date, dt.date]], labels: Sequence[str], year: int
) -> list[Sector]:
    """One ring segment per (first, last) day span, each phase on a ring of its own, clipped
    to the year; spans that do not touch the year are left out (the position in `spans`
    is the sector's index). A label is laid along the arc where it fits, else left to the
    legend."""
    sectors = []
    rings = phase_rings(len(spans))
    start_of_year, end_of_year = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for index, (first, last) in enumerate(spans):
        if last < start_of_year or first > end_of_year:
            continue
        a = angle_of(max(first, start_of_year), year) - 0.5
        b = angle_of(min(last, end_of_year), year) + 0.5
        b = max(b, a + 2.0)  # a one-day phase still shows
        inner, outer = rings[index]
        middle = (inner + outer) / 2
        length = math.radians(b - a) * middle
        fits = len(labels[index]) * LABEL_UNIT + 8 <= length and outer - inner >= 14
        upside = 90 < (a + b) / 2 % 360 < 270  # the text's baseline sits on the other side
        sectors.append(
            Sector(
                index,
                ring_segment(a, b, inner, outer),
                point((a + b) / 2, middle),
                arc(a, b, middle + (4.5 if upside else -4.5)) if fits else "",
            )
        )
    return sectors


def cluster_by_week(items: Sequence[tuple[K, dt.date]], year: int) -> list[Cluster[K]]:
    """The items of `year` gathered per ISO week (in the order given within a week), each
    week's mark at the mean angle of its days, on the circle of its week's parity."""
    weeks: dict[int, list[tuple[K, dt.date]]] = {}
    for key, day in items:
        if day.year == year:
            weeks.setdefault(_week_index(day, year), []).append((key, day))
    clusters = []
    for week, found in sorted(weeks.items()):
        angle = sum(angle_of(day, year) for _, day in found) / len(found)
        radius = WEEK_CIRCLES[week % 2]
        clusters.append(Cluster(week, point(angle, radius), tuple(k for k, _ in found)))
    return clusters


def _week_index(day: dt.date, year: int) -> int:
    """Weeks counted from the Monday on or before 1 January: the last days of December
    never share a mark with the first days of January."""
    first_monday = dt.date(year, 1, 1) - dt.timedelta(days=dt.date(year, 1, 1).weekday())
    return (day - first_monday).days // 7


def place_marks(marks: list[tuple[str, dt.date]], year: int, radius: float) -> list[Placed]:
    """Each (key, day) of `year` at its angle on one circle (the meetings on the rim)."""
    return [
        Placed(key, point(angle_of(day, year), radius), angle_of(day, year))
        for key, day in marks
        if day.year == year
    ]


def needle(today: dt.date, year: int) -> tuple[Point, Point] | None:
    """The line from the centre to the rim at today, if today is in the year."""
    if today.year != year:
        return None
    return point(0, 0), point(angle_of(today, year), RIM)
