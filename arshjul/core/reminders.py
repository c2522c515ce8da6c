"""When a deliverable's notices are due: a pure function of its deadline, the schedule and
the day of the sweep.

A sweep sends, per deliverable and recipient, the newest notice whose date has come. The
outbox key holds that notice's label and date, so a notice goes out once however often the
sweep runs, and a sweep that was down for a week sends the one notice that is current
rather than every one it missed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from arshjul.core.calendar import add_business_days, is_business_day


class NoticeKind(StrEnum):
    REMINDER = "reminder"  # before the deadline, or on the day
    OVERDUE = "overdue"  # after it; copied to the coordinators
    DEADLINE_CHANGED = "deadline_changed"  # re-planning moved the deadline
    DIGEST = "digest"  # weekly summary to coordinators
    RECEIPT = "receipt"  # kvittens to whoever handed something in
    REVIEW = "review"  # accepted, or returned for completion
    OVER_FRAME = "over_frame"  # a nämnd's budget total is above its frame; to coordinators
    DECISION_DUE = "decision_due"  # justering or anslag of a decision is due; to the secretary
    LAGA_KRAFT = "laga_kraft"  # a decision became final; to coordinators
    DELIVERY_FAILED = "delivery_failed"  # a message failed for good; to coordinators
    CHECKPOINT = "checkpoint"  # a signed chain head; to the auditors, a witness outside
    DECISION_LATE = "decision_late"  # KF's or KS's decision milestone is late; to coordinators
    SIGN_IN = "sign_in"  # a one-time link to sign in to the web application


@dataclass(frozen=True, slots=True)
class ReminderSchedule:
    """Per template, overridable per milestone (`reminders:` in the YAML)."""

    days_before: tuple[int, ...] = (14, 7)
    business_days_before: tuple[int, ...] = (1,)
    on_the_day: bool = True
    overdue_after_business_days: int = 1  # 0 turns overdue notices off
    overdue_every_days: int = 7  # 0 sends one overdue notice only

    def as_dict(self) -> dict[str, object]:
        return {
            "days_before": list(self.days_before),
            "business_days_before": list(self.business_days_before),
            "on_the_day": self.on_the_day,
            "overdue_after_business_days": self.overdue_after_business_days,
            "overdue_every_days": self.overdue_every_days,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> ReminderSchedule:
        default = cls()
        return cls(
            _ints(data.get("days_before"), default.days_before),
            _ints(data.get("business_days_before"), default.business_days_before),
            bool(data.get("on_the_day", default.on_the_day)),
            _int(data.get("overdue_after_business_days"), default.overdue_after_business_days),
            _int(data.get("overdue_every_days"), default.overdue_every_days),
        )


def _ints(value: object, default: tuple[int, ...]) -> tuple[int, ...]:
    """A stored list of whole numbers (as `as_dict` writes it), else the default."""
    if isinstance(value, list | tuple) and all(isinstance(v, int) for v in value):
        return tuple(value)
    return default


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


@dataclass(frozen=True, slots=True, order=True)
class Notice:
    due: dt.date  # the day it should go out
    kind: NoticeKind
    label: str  # stable within a deadline: "14d", "1bd", "day", "overdue-3"


def scheduled_before(deadline: dt.date, schedule: ReminderSchedule) -> list[Notice]:
    """The notices up to and including the deadline day, in date order."""
    notices = [
        Notice(deadline - dt.timedelta(days=n), NoticeKind.REMINDER, f"{n}d")
        for n in schedule.days_before
        if n > 0
    ]
    notices += [
        Notice(add_business_days(deadline, -n), NoticeKind.REMINDER, f"{n}bd")
        for n in schedule.business_days_before
        if n > 0
    ]
    if schedule.on_the_day:
        notices.append(Notice(deadline, NoticeKind.REMINDER, "day"))
    return sorted(set(notices))


def current_notice(deadline: dt.date, today: dt.date, schedule: ReminderSchedule) -> Notice | None:
    """The newest notice due on or before `today` for an outstanding deliverable."""
    if today > deadline and schedule.overdue_after_business_days > 0:
        first = add_business_days(deadline, schedule.overdue_after_business_days)
        if today >= first:
            if schedule.overdue_every_days <= 0:
                return Notice(first, NoticeKind.OVERDUE, "overdue-1")
            number = (today - first).days // schedule.overdue_every_days
            due = first + dt.timedelta(days=number * schedule.overdue_every_days)
            return Notice(due, NoticeKind.OVERDUE, f"overdue-{number + 1}")
    past = [n for n in scheduled_before(deadline, schedule) if n.due <= today]
    return past[-1] if past else None


def plans_notices(today: dt.date) -> bool:
    """Whether a sweep on `today` plans notices: only on business days. On a public holiday
    or an eve (midsommarafton, julafton, nyårsafton) nobody is at the office to act on a
    reminder; the next business day's sweep sends the newest notice then due instead."""
    return is_business_day(today)


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
