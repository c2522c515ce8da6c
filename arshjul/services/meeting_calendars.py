"""A body's sammanträdesplan for a year, entered by a coordinator (pasted in the browser,
or `arshjul meetings set`): the dates checked line by line (arshjul.core.meeting_dates),
written into the `calendars:` of the wheel's version in force, and the result previewed
and applied like any other change to the wheel (arshjul.services.wheel_changes) for each
planned cycle whose year holds those dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from arshjul.access import authorise, municipality_scope
from arshjul.context import Context
from arshjul.core.meeting_dates import CalendarAt, parse_meeting_dates, with_calendar_dates
from arshjul.core.permissions import Action
from arshjul.core.problems import Problem, Severity, errors
from arshjul.core.template_loader import parse_template
from arshjul.errors import InvalidFile, InvalidInput, NotFound
from arshjul.models import queries
from arshjul.models.store import PlanChanges
from arshjul.models.tables import Cycle
from arshjul.models.template_versions import latest_version, text_sha256
from arshjul.services.wheel_changes import Change, Preview, apply_change, preview


@dataclass(frozen=True)
class CalendarIn:
    """A year's dates for one body, as typed: one per line or comma-separated."""

    body: str
    year: int
    dates: str
    municipality: str | None = None
    reason: str = ""
    source: str = "datum"  # what a problem's "file" is: the form field, the command line


@dataclass(frozen=True)
class CalendarChange:
    """The wheel's new text, the version it was made from, the budget years it re-plans
    and the dates' warnings (a Sunday, a holiday)."""

    municipality_code: str
    base_sha256: str
    text: str
    budget_years: tuple[int, ...]
    dates: tuple[dt.date, ...]
    warnings: tuple[Problem, ...]

    def change(self, budget_year: int, base: str | None, reason: str) -> Change:
        file = f"arshjul-{self.municipality_code}.yaml"
        return Change(self.text, file, budget_year, base, reason, "meetings")


def _problems(form: CalendarIn) -> tuple[list[dt.date], list[Problem]]:
    dates, found = parse_meeting_dates(form.dates, form.year)
    problems = [
        Problem(
            p.code,
            form.source,
            p.line or None,
            f"{form.body}.{form.year}",
            {"value": p.text, "year": form.year, "day": p.day},
            Severity.WARNING if p.warning else Severity.ERROR,
        )
        for p in found
    ]
    return dates, problems


def _years_touched(session: Session, municipality_id: int, year: int) -> tuple[int, ...]:
    """The open cycles whose window holds a day of calendar year `year`."""
    cycles = session.exec(
        select(Cycle)
        .where(Cycle.municipality_id == municipality_id, ~col(Cycle.closed))
        .order_by(col(Cycle.budget_year))
    ).all()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return tuple(c.budget_year for c in cycles if c.starts <= last and c.ends >= first)


def calendar_change(ctx: Context, form: CalendarIn) -> CalendarChange:
    """The change the dates make, for a person who may change the wheel; raises
    InvalidFile (each line's problem) or InvalidInput, and stores nothing either way."""
    with Session(ctx.database()) as session:
        found = queries.resolve_municipality(session=session, code=form.municipality)
        authorise(ctx, Action.CHANGE_WHEEL, municipality_scope(found))
        current = latest_version(session=session, municipality_id=found.id or 0)
        years = _years_touched(session, found.id or 0, form.year)
    if current is None:
        raise NotFound("no_template_version", municipality=found.code)
    dates, problems = _problems(form)
    if errors(problems):
        raise InvalidFile(form.source, problems)
    template, _ = parse_template(current.text, current.file)
    if template is None:
        raise InvalidInput("meeting_version_unreadable", version=current.version)
    if form.body not in {b.key for b in template.bodies}:
        known = ", ".join(b.key for b in template.bodies)
        raise InvalidInput("unknown_body", body=form.body, known=known)
    if not years:
        raise InvalidInput("meeting_no_cycle", year=form.year, municipality=found.code)
    calendar = template.calendar(form.body)
    at = CalendarAt(
        calendar.line if calendar else None,
        {y: tuple(d for d in days if isinstance(d, dt.date)) for y, days in calendar.dates.items()}
        if calendar
        else {},
        calendar is not None
        and any(c.line == calendar.line and c.body != form.body for c in template.calendars),
    )
    body_name = template.body(form.body).name
    text = with_calendar_dates(
        current.text,
        body=form.body,
        title=f"{body_name}, sammanträde",
        year=form.year,
        dates=dates,
        at=at,
    )
    if text is None:
        raise InvalidInput("meeting_calendar_not_editable", body=form.body)
    warnings = tuple(p for p in problems if p.severity is Severity.WARNING)
    return CalendarChange(found.code, current.sha256, text, years, tuple(dates), warnings)


def preview_calendar(ctx: Context, form: CalendarIn) -> tuple[CalendarChange, list[Preview]]:
    """What the dates would change, cycle by cycle; changes nothing."""
    change = calendar_change(ctx, form)
    return change, [preview(ctx, change.change(y, None, form.reason)) for y in change.budget_years]


def apply_calendar(
    ctx: Context, form: CalendarIn, *, base_sha256: str | None
) -> tuple[CalendarChange, list[PlanChanges]]:
    """Store the dates as the wheel's new version and re-plan each cycle they touch (each
    in its own transaction, the first refused if the wheel changed since `base_sha256`,
    the preview's version)."""
    change = calendar_change(ctx, form)
    new = text_sha256(change.text)
    done = []
    for index, year in enumerate(change.budget_years):
        base = base_sha256 if index == 0 else new
        done.append(apply_change(ctx, change.change(year, base, form.reason)))
    return change, done


def calendar_bodies(ctx: Context, *, municipality: str | None) -> list[tuple[str, str]]:
    """(key, name) of the bodies of the wheel's version in force, for the form's choice;
    for those who may change the wheel."""
    with Session(ctx.database()) as session:
        found = queries.resolve_municipality(session=session, code=municipality)
        authorise(ctx, Action.CHANGE_WHEEL, municipality_scope(found))
        current = latest_version(session=session, municipality_id=found.id or 0)
    template = parse_template(current.text, current.file)[0] if current else None
    return [(b.key, b.name) for b in template.bodies] if template else []
