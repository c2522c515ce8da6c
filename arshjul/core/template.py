"""A municipality's wheel as plain data: bodies, meetings, milestones and their deadline rules.

A template is written once per municipality and planned for any budget year. Dates in it
are relative to that budget year (`year: -1` is the year before it, when the budget is
prepared; `year: 1` the year after, when it is accounted for), so the same file plans 2020
and 2027. `arshjul/core/template_loader.py` reads one from YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from arshjul.core.calendar import Shift
from arshjul.core.elections import is_election_year
from arshjul.core.goals import DEFAULT_MAX_GOALS
from arshjul.core.kinds import BodyKind, CompletedBy, Role
from arshjul.core.reminders import ReminderSchedule

__all__ = ["BodyKind", "CompletedBy", "Role"]  # and what is defined below

EVERY_NAMND = "every nämnd"
EVERY_BOLAG = "every bolag"
EACH_MEETING = "each"  # in a series over meetings, the rule's meeting is each one in turn


class LawTag(StrEnum):
    """Which legal requirement a milestone is, so the law checks can find it."""

    KS_BUDGET_PROPOSAL = "ks_budget_proposal"  # KS's budget proposal (KL 11 kap. 8 §)
    KS_TAX_RATE_PROPOSAL = "ks_tax_rate_proposal"  # KS's proposed tax rate, when separate
    KF_BUDGET_FRAMES = "kf_budget_frames"  # budgetramar, the first of a two-step budget
    KF_BUDGET = "kf_budget"  # the budget with the tax rate
    ANNUAL_REPORT_HANDOVER = "annual_report_handover"
    AUDIT_REPORT = "audit_report"  # revisionsberättelse
    ANNUAL_REPORT_APPROVAL = "annual_report_approval"
    ANSVARSFRIHET = "ansvarsfrihet"  # discharge from liability, a decision of its own
    INTERIM_REPORT_HANDOVER = "interim_report_handover"
    KF_INTERIM_REPORT = "kf_interim_report"  # KF itself handles a delårsrapport
    KF_NOTICE = "kf_notice"


class Collects(StrEnum):
    """Structured data a milestone's submissions carry beside their documents."""

    COMMITMENTS = "commitments"  # chosen global goals and contributions (verksamhetsplan)
    ASSESSMENTS = "assessments"  # how the nämnd assesses those commitments (follow-up reports)


@dataclass(frozen=True, slots=True)
class Contact:
    role: Role
    name: str
    email: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Body:
    key: str
    name: str
    kind: BodyKind
    contacts: tuple[Contact, ...] = ()
    line: int | None = None
    part_of: str | None = None  # an utskott's parent body (KS for kommunledningsutskottet)
    # A nämnd without a förvaltning of its own (valnämnden) owes none of the nämnder's
    # yearly documents: `every nämnd` leaves it out.
    forvaltning: bool = True


@dataclass(frozen=True, slots=True)
class VisionArea:
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class Vision:
    name: str
    year: int | None
    areas: tuple[VisionArea, ...]
    areas_are_examples: bool = False


@dataclass(frozen=True, slots=True)
class Applies:
    """Which budget years a meeting or milestone belongs to. The default is every year.

    `years` and `from_year`/`until_year` name budget years; the election conditions look at
    the year `offset` years from the budget year (-1: the year the budget is prepared in), so
    `if_election_year: -1` is "when the budget is prepared in an election year" and
    `if_election_year: -2` "in the year after an election"."""

    years: tuple[int, ...] = ()
    from_year: int | None = None
    until_year: int | None = None
    if_election_year: int | None = None
    unless_election_year: int | None = None

    def __call__(self, budget_year: int) -> bool:
        if self.years and budget_year not in self.years:
            return False
        if self.from_year is not None and budget_year < self.from_year:
            return False
        if self.until_year is not None and budget_year > self.until_year:
            return False
        if self.if_election_year is not None and not is_election_year(
            budget_year + self.if_election_year
        ):
            return False
        return self.unless_election_year is None or not is_election_year(
            budget_year + self.unless_election_year
        )


EVERY_YEAR = Applies()


@dataclass(frozen=True, slots=True)
class CalendarMeeting:
    """The `nth` meeting (-1: the last) in `month` of a body's sammanträdesplan, in the year
    `year` years from the budget year."""

    month: int
    nth: int
    year: int = 0


@dataclass(frozen=True, slots=True)
class BodyCalendar:
    """A body's sammanträdesplan: the dates decided for each calendar year, and the rule the
    plan follows for years not yet decided (a weekday of the month, for example)."""

    body: str
    title: str
    dates: dict[int, tuple[object, ...]]  # calendar year -> datetime.date, ascending
    every_year: tuple[NthWeekday | YearDate, ...] = ()  # `year` ignored: the same year
    applies: Applies = EVERY_YEAR
    line: int | None = None


@dataclass(frozen=True, slots=True)
class YearDate:
    """A month and day in the year `year` years from the budget year."""

    month: int
    day: int
    year: int = 0


@dataclass(frozen=True, slots=True)
class NthWeekday:
    """The `nth` `weekday` (0 = Monday; nth -1 is the last) of a month, `year` years away."""

    month: int
    weekday: int
    nth: int
    year: int = 0


@dataclass(frozen=True, slots=True)
class Meeting:
    """A sammanträde in the meeting calendar, for example KF in June."""

    key: str
    body: str
    title: str
    when: YearDate | NthWeekday | CalendarMeeting
    overrides: dict[int, object] = field(default_factory=dict)  # budget year -> datetime.date
    shift: Shift = Shift.NEXT
    applies: Applies = field(default=Applies())
    line: int | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False)


# Deadline rules -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FixedDate:
    month: int
    day: int
    year: int = 0


@dataclass(frozen=True, slots=True)
class LastBusinessDay:
    month: int
    year: int = 0


@dataclass(frozen=True, slots=True)
class OnMeeting:
    """The meeting's own date: the milestone is a decision taken there."""

    meeting: str


@dataclass(frozen=True, slots=True)
class BeforeMeeting:
    """`days` calendar or `business_days` business days before a meeting (exactly one set)."""

    meeting: str
    days: int | None = None
    business_days: int | None = None


@dataclass(frozen=True, slots=True)
class AfterMeeting:
    meeting: str
    days: int | None = None
    business_days: int | None = None


@dataclass(frozen=True, slots=True)
class AfterMilestone:
    """Counted from the other milestone's final (already shifted) deadline."""

    milestone: str
    days: int | None = None
    business_days: int | None = None


@dataclass(frozen=True, slots=True)
class AfterMonthEnd:
    """In a monthly series: counted from the last day of each month of the series."""

    days: int | None = None
    business_days: int | None = None


@dataclass(frozen=True, slots=True)
class LastOwnMeetingBefore:
    """The responsible body's own last meeting on or before a date: "at the nämnd's last
    meeting before 30 November". Each responsible body gets its own deadline."""

    month: int
    day: int
    year: int = 0


DeadlineRule = (
    FixedDate
    | LastBusinessDay
    | OnMeeting
    | BeforeMeeting
    | AfterMeeting
    | AfterMilestone
    | AfterMonthEnd
    | LastOwnMeetingBefore
)


@dataclass(frozen=True, slots=True)
class EachMeetingOf:
    """A series: one deliverable per meeting of `body` in the cycle (a kungörelse before each
    KF meeting, justering after each)."""

    body: str


@dataclass(frozen=True, slots=True)
class EachMonth:
    """A series: one deliverable per listed month of the year `year` years from the budget
    year (monthly or tertial follow-up)."""

    months: tuple[int, ...]
    year: int = 0


Series = EachMeetingOf | EachMonth


@dataclass(frozen=True, slots=True)
class Milestone:
    key: str
    title: str
    deliverable: str
    responsible: tuple[str, ...]  # body keys, or (EVERY_NAMND,)
    deadline: DeadlineRule
    depends_on: tuple[str, ...] = ()
    shift: Shift = Shift.PREVIOUS
    description: str = ""
    reminders: ReminderSchedule | None = None  # None: the template's schedule
    law: str | None = None  # which legal requirement it is (arshjul.core.law.LawTag)
    period_months: int | None = None  # an interim report's period: January to this month
    election_year_deadline: DeadlineRule | None = None  # when prepared in an election year
    opens_on_decision: str | None = None  # a milestone whose decision must be recorded first
    collects: str | None = None  # structured data handed in with it: Collects
    completed_by: CompletedBy = CompletedBy.HAND_IN
    applies: Applies = field(default=Applies())
    series: Series | None = None
    phase: str | None = None  # arshjul.core.phases.Phase; derived from the date when None
    line: int | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def expands(self) -> bool:
        """Planned as several deliverables: a series, or one per body's own meeting."""
        return self.series is not None or isinstance(self.deadline, LastOwnMeetingBefore)

    @property
    def anchor_milestones(self) -> tuple[str, ...]:
        """Milestones this one must be computed after: declared dependencies and anchors."""
        anchors = tuple(self.depends_on)
        for rule in (self.deadline, self.election_year_deadline):
            if isinstance(rule, AfterMilestone) and rule.milestone not in anchors:
                anchors += (rule.milestone,)
        return anchors

    def rule_for(self, budget_year: int) -> DeadlineRule:
        """The deadline rule in force: the election-year one when the budget is prepared in
        an election year (KL 11 kap.: the newly elected council sets that budget)."""
        if self.election_year_deadline is not None and is_election_year(budget_year - 1):
            return self.election_year_deadline
        return self.deadline


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str  # kommunkod, four digits (Timrå is 2262)
    name: str


@dataclass(frozen=True, slots=True)
class CycleTemplate:
    file: str
    municipality: Municipality
    vision: Vision
    bodies: tuple[Body, ...]
    meetings: tuple[Meeting, ...]
    milestones: tuple[Milestone, ...]
    window_start: YearDate = YearDate(1, 1, -1)
    window_end: YearDate = YearDate(6, 30, 1)
    due_soon_days: int = 7
    reminders: ReminderSchedule = field(default_factory=ReminderSchedule)
    max_goals: int = DEFAULT_MAX_GOALS  # global goals a nämnd may choose
    calendars: tuple[BodyCalendar, ...] = ()
    source_text: str = field(default="", compare=False, repr=False)

    def body(self, key: str) -> Body:
        return next(b for b in self.bodies if b.key == key)

    def namnder(self) -> tuple[Body, ...]:
        return tuple(b for b in self.bodies if b.kind.is_namnd)

    def responsible_bodies(self, milestone: Milestone) -> tuple[str, ...]:
        """`every nämnd` is each nämnd with a förvaltning; `every bolag` each company."""
        if milestone.responsible == (EVERY_NAMND,):
            return tuple(b.key for b in self.namnder() if b.forvaltning)
        if milestone.responsible == (EVERY_BOLAG,):
            return tuple(b.key for b in self.bodies if b.kind is BodyKind.BOLAG)
        return milestone.responsible

    def calendar(self, body: str) -> BodyCalendar | None:
        return next((c for c in self.calendars if c.body == body), None)


def rule_as_dict(rule: DeadlineRule) -> dict[str, object]:
    """The rule as written in a template, for storing beside the date it produced."""
    match rule:
        case FixedDate(month=month, day=day, year=year):
            return {"fixed": f"{month:02d}-{day:02d}", "year": year}
        case LastBusinessDay(month=month, year=year):
            return {"last_business_day_of": month, "year": year}
        case OnMeeting(meeting=meeting):
            return {"on_meeting": meeting}
        case LastOwnMeetingBefore(month=month, day=day, year=year):
            return {"last_own_meeting_before": f"{month:02d}-{day:02d}", "year": year}
        case AfterMonthEnd(days=days, business_days=bdays):
            return {
                "after_month_end": True,
                **({"days": days} if days is not None else {"business_days": bdays}),
            }
    anchor = {
        BeforeMeeting: "before_meeting",
        AfterMeeting: "after_meeting",
        AfterMilestone: "after_milestone",
    }[type(rule)]
    target = rule.milestone if isinstance(rule, AfterMilestone) else rule.meeting
    offset = {"days": rule.days} if rule.days is not None else {"business_days": rule.business_days}
    return {anchor: target, **offset}
