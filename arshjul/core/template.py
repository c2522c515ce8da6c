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
EVERY_UTSKOTT = "every utskott"
# What `responsible:` may name besides body keys: each stands for a group of bodies.
SELECTORS = (EVERY_NAMND, EVERY_BOLAG, EVERY_UTSKOTT)
EACH_MEETING = "each"  # in a series over meetings, the rule's meeting is each one in turn
INSTANCE = (
    "@"  # `series@instance`: one deliverable of a series (`tertial@4`, `kungorelse@kf-budget`)
)


class LawTag(StrEnum):
    """Which legal requirement a milestone is, so the law checks can find it."""

    KS_BUDGET_PROPOSAL = "ks_budget_proposal"  # KS's budget proposal (KL 11 kap. 8 §)
    KS_TAX_RATE_PROPOSAL = "ks_tax_rate_proposal"  # KS's proposed tax rate, when separate
    AUDITORS_BUDGET_PROPOSAL = "auditors_budget_proposal"  # KF's presidium (KL 11 kap. 8 §)
    KF_BUDGET_FRAMES = "kf_budget_frames"  # budgetramar, the first of a two-step budget
    KF_TAX_RATE = "kf_tax_rate"  # KF sets the tax rate apart from the budget (KL 11 kap. 11 §)
    KF_BUDGET = "kf_budget"  # the budget with the tax rate
    JOINT_BUDGET_CONSULTATION = "joint_budget_consultation"  # samråd, KL 9 kap. 26 §
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
    # A gemensam nämnd: the municipality that set it up (whose organisation it is part of)
    # and the others sharing it.
    host: Municipality | None = None
    partners: tuple[Municipality, ...] = ()


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
    days: int = 1  # a meeting over several consecutive days (a two-day budget meeting)


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
    """`days` calendar days, `business_days` business days or `months` months before a
    meeting's first day (exactly one set). A period in months ends on the same date, or on
    the month's last day when that date does not exist (Lag 1930:173, 1 §)."""

    meeting: str
    days: int | None = None
    business_days: int | None = None
    months: int | None = None


@dataclass(frozen=True, slots=True)
class AfterMeeting:
    """Counted from a meeting's last day: the minutes of a two-day meeting are justified
    after its second day."""

    meeting: str
    days: int | None = None
    business_days: int | None = None
    months: int | None = None


@dataclass(frozen=True, slots=True)
class AfterMilestone:
    """Counted from the other milestone's final (already shifted) deadline; the milestone
    may be one deliverable of a series (`tertial@4`)."""

    milestone: str
    days: int | None = None
    business_days: int | None = None
    months: int | None = None


@dataclass(frozen=True, slots=True)
class AfterMonthEnd:
    """In a monthly series: counted from the last day of each month of the series."""

    days: int | None = None
    business_days: int | None = None
    months: int | None = None


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
    responsible: tuple[str, ...]  # body keys and SELECTORS, in the order written
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
    excluded: tuple[str, ...] = ()  # `except:` bodies left out of the responsible ones
    # `deadline_for:` a body's own rule in place of `deadline` (one deliverable per body)
    deadline_for: dict[str, DeadlineRule] = field(default_factory=dict)
    optional: bool = False  # a step that may be taken: "frivillig", never late or chased
    election_year_law: str | None = None  # `law_in_election_year:` what it is then instead
    # `period_months: {ekonomi: 3, verksamhet: 4}`: one report, parts with their own period
    period_parts: tuple[tuple[str, int], ...] = ()

    @property
    def expands(self) -> bool:
        """Planned as several deliverables: a series, one per body's own meeting, or one
        per body with its own deadline."""
        return (
            self.series is not None
            or isinstance(self.deadline, LastOwnMeetingBefore)
            or bool(self.deadline_for)
        )

    def rules(self) -> tuple[DeadlineRule, ...]:
        """Every rule the milestone may be planned by."""
        found = (self.deadline, *self.deadline_for.values())
        return (
            found if self.election_year_deadline is None else (*found, self.election_year_deadline)
        )

    @property
    def anchor_milestones(self) -> tuple[str, ...]:
        """Milestones this one must be computed after: declared dependencies and anchors
        (a dependency on one deliverable of a series, `tertial@4`, waits for the series)."""
        anchors: tuple[str, ...] = ()
        targets = [*self.depends_on]
        targets += [r.milestone for r in self.rules() if isinstance(r, AfterMilestone)]
        for target in targets:
            base = target.split(INSTANCE, 1)[0]
            if base not in anchors:
                anchors += (base,)
        return anchors

    def rule_for(self, budget_year: int) -> DeadlineRule:
        """The deadline rule in force: the election-year one when the budget is prepared in
        an election year (KL 11 kap. 10 §: the newly elected council sets that budget)."""
        if self.election_year_deadline is not None and is_election_year(budget_year - 1):
            return self.election_year_deadline
        return self.deadline

    def law_for(self, budget_year: int) -> str | None:
        """Which legal requirement it is that year: `law_in_election_year` when the budget
        is prepared in an election year (the old council's September decision is then the
        frames, the new council's the budget), else `law`."""
        if self.election_year_law is not None and is_election_year(budget_year - 1):
            return self.election_year_law
        return self.law


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

    def hosts(self, body: Body) -> bool:
        """Whether this municipality set up the gemensam nämnd `body` (KL 9 kap. 20 §)."""
        return body.host is not None and body.host.code == self.municipality.code

    def selected(self, selector: str) -> tuple[str, ...]:
        """The bodies a selector stands for, in template order: `every nämnd` is KS and each
        nämnd with a förvaltning (a gemensam nämnd only where this municipality hosts it),
        `every bolag` each company, `every utskott` each utskott."""
        if selector == EVERY_NAMND:
            return tuple(
                b.key
                for b in self.namnder()
                if b.forvaltning and (b.kind is not BodyKind.GEMENSAM_NAMND or self.hosts(b))
            )
        kind = {EVERY_BOLAG: BodyKind.BOLAG, EVERY_UTSKOTT: BodyKind.UTSKOTT}.get(selector)
        return tuple(b.key for b in self.bodies if b.kind is kind)

    def responsible_bodies(self, milestone: Milestone) -> tuple[str, ...]:
        """The union of every part of `responsible` in the order written, each body once,
        less the `except:` ones."""
        found: dict[str, None] = {}
        for part in milestone.responsible:
            for key in self.selected(part) if part in SELECTORS else (part,):
                found.setdefault(key)
        return tuple(k for k in found if k not in milestone.excluded)

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
        case AfterMonthEnd():
            return {"after_month_end": True, **_offset_dict(rule)}
    anchor = {
        BeforeMeeting: "before_meeting",
        AfterMeeting: "after_meeting",
        AfterMilestone: "after_milestone",
    }[type(rule)]
    target = rule.milestone if isinstance(rule, AfterMilestone) else rule.meeting
    return {anchor: target, **_offset_dict(rule)}


def _offset_dict(
    rule: BeforeMeeting | AfterMeeting | AfterMilestone | AfterMonthEnd,
) -> dict[str, int]:
    for unit in ("days", "business_days", "months"):
        value = getattr(rule, unit)
        if value is not None:
            return {unit: value}
    return {}
