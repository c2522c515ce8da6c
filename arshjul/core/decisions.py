"""The statutory clock of a decision: justering, anslag, the appeal window, laga kraft.

- The minutes are justified (justering) within fourteen days of the meeting: KL 5 kap.
  69 § for fullmäktige, applied to the styrelse and the nämnder by KL 6 kap. 35 §; with
  omedelbar justering, at the meeting itself.
- The justering is announced on the anslagstavla no later than the second day after it
  (KL 8 kap. 12 §).
- An appeal (laglighetsprövning) must reach the court within three weeks of the day the
  justering was announced (KL 13 kap. 5 §). A period in weeks ends on the same weekday
  (Lag 1930:173, 1 §); a last day that is a Saturday, Sunday, public holiday,
  midsommarafton, julafton or nyårsafton moves to the next weekday that is none of those
  (Lag 1930:173, 2 §).
- A decision not appealed in time vinner laga kraft the day after the window closes.

Statutory deadlines that fall on a day off move the same way (Lag 1930:173, 2 §).
Until the anslag is recorded, the window is computed from the latest lawful anslag date
and marked provisional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from arshjul.core.calendar import Shift, Shifted, shift
from arshjul.core.reminders import Notice, ReminderSchedule, current_notice

JUSTERING_DAYS = 14
ANSLAG_DAYS = 2
APPEAL_WEEKS = 3


@dataclass(frozen=True, slots=True)
class DecisionClock:
    meeting: dt.date
    omedelbar: bool
    latest_justering: Shifted
    justering: dt.date | None
    latest_anslag: Shifted | None  # None until the justering is known
    anslag: dt.date | None
    appeal_ends: Shifted | None
    laga_kraft: dt.date | None
    provisional: bool  # computed from the latest lawful anslag, not a recorded one

    @property
    def justering_late(self) -> bool:
        return self.justering is not None and self.justering > self.latest_justering.date

    @property
    def anslag_late(self) -> bool:
        return (
            self.anslag is not None
            and self.latest_anslag is not None
            and self.anslag > self.latest_anslag.date
        )


def decision_clock(
    meeting: dt.date,
    *,
    justering: dt.date | None = None,
    anslag: dt.date | None = None,
    omedelbar: bool = False,
) -> DecisionClock:
    if omedelbar and justering is None:
        justering = meeting
    latest_justering = shift(meeting + dt.timedelta(days=JUSTERING_DAYS), Shift.NEXT)
    if justering is None:
        return DecisionClock(
            meeting, omedelbar, latest_justering, None, None, anslag, None, None, True
        )
    latest_anslag = shift(justering + dt.timedelta(days=ANSLAG_DAYS), Shift.NEXT)
    announced = anslag or latest_anslag.date
    appeal_ends = shift(announced + dt.timedelta(weeks=APPEAL_WEEKS), Shift.NEXT)
    return DecisionClock(
        meeting,
        omedelbar,
        latest_justering,
        justering,
        latest_anslag,
        anslag,
        appeal_ends,
        appeal_ends.date + dt.timedelta(days=1),
        anslag is None,
    )


# What the secretary and the coordinators are told, and when ------------------------------

# Justering and anslag: a reminder three and one business days before the latest lawful day,
# one on the day, and while it is still missing, one a week from the first business day after.
STEP_SCHEDULE = ReminderSchedule(
    days_before=(),
    business_days_before=(3, 1),
    on_the_day=True,
    overdue_after_business_days=1,
    overdue_every_days=7,
)
FINAL_NOTICE_DAYS = 30  # a laga kraft notice is not sent for decisions final longer ago


class Step(StrEnum):
    JUSTERING = "justering"
    ANSLAG = "anslag"


@dataclass(frozen=True, slots=True)
class StepNotice:
    """The secretary owes the next statutory step of a decision; `notice` is today's."""

    step: Step
    deadline: Shifted
    notice: Notice


def step_notice(clock: DecisionClock, today: dt.date) -> StepNotice | None:
    """The reminder owed today for the decision's next missing step, if any."""
    if clock.justering is None:
        step, deadline = Step.JUSTERING, clock.latest_justering
    elif clock.anslag is None and clock.latest_anslag is not None:
        step, deadline = Step.ANSLAG, clock.latest_anslag
    else:
        return None
    notice = current_notice(deadline.date, today, STEP_SCHEDULE)
    return StepNotice(step, deadline, notice) if notice else None


def final_notice_due(clock: DecisionClock, today: dt.date) -> bool:
    """Tell the coordinators from the day the decision vinner laga kraft (not on a
    provisional date: only once the anslag is recorded), for `FINAL_NOTICE_DAYS`."""
    return (
        not clock.provisional
        and clock.laga_kraft is not None
        and clock.laga_kraft <= today < clock.laga_kraft + dt.timedelta(days=FINAL_NOTICE_DAYS)
    )
