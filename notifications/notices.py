"""Which notices a sweep owes, and what each one says. No database and no sending here.

A notice's key names everything that makes it distinct (kind, deliverable, which notice,
the deadline in force, recipient, due date); the outbox stores it under that key, so the
same notice can be planned by any number of sweeps and still be sent once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from arshjul.notifications.ical import DeadlineEvent, deliverable_uid, event_file
from arshjul.notifications.message import message_id_for
from arshjul.notifications.queries import (
    Candidate,
    ChangedDeadline,
    DecidingMeeting,
    DecisionFact,
    Recipient,
)
from arshjul.notifications.render import Renderer

from arshjul.core.decisions import DecisionClock, decision_clock, final_notice_due, step_notice
from arshjul.core.instants import local_date
from arshjul.core.reminders import Notice, NoticeKind, current_notice, iso_week
from arshjul.core.status import ATTENTION_ORDER, DeliverableStatus, Status, derive_status
from arshjul.texts import label, shift_note, status_label

OUTSTANDING = {Status.UPCOMING, Status.DUE_SOON, Status.OVERDUE, Status.RETURNED}


@dataclass(frozen=True, slots=True)
class PlannedNotice:
    key: str
    kind: NoticeKind
    due: dt.date
    municipality_id: int
    recipient: Recipient
    deliverable_id: int | None
    # What the templates see; a reminder's is built only when it is rendered, since a
    # sweep plans thousands of notices of which most are already queued (their key is)
    context: dict[str, Any] | Callable[[], dict[str, Any]] = field(hash=False, compare=False)
    event: DeadlineEvent | None = field(default=None, hash=False, compare=False)
    attachment: tuple[str, str] | None = field(default=None, hash=False, compare=False)

    def values(self) -> dict[str, Any]:
        return self.context() if callable(self.context) else self.context


def deadline_event(c: Candidate, deadline: dt.date, now: dt.datetime) -> DeadlineEvent:
    """The calendar event a notice about `c` carries (its UID stable, SEQUENCE its moves)."""
    return DeadlineEvent(
        uid=deliverable_uid(c.municipality_code, c.budget_year, c.milestone_key, c.body_key),
        sequence=c.sequence,
        deadline=deadline,
        summary=f"{c.deliverable_title} ({c.body_key})",
        description=f"{c.milestone_title}\n{c.body_name}\n{c.municipality_name}",
        stamp=now,
    )


def deliverable_context(  # what every notice about one deliverable may say
    c: Candidate,
    recipient: Recipient,
    deadline: dt.date,
    today: dt.date,
    lang: str,
    coordinators: list[Recipient],
    how_to_submit: str,
    business_days_late: int = 0,
    link_base: str = "",
) -> dict[str, Any]:
    moved = shift_note(c.deadline, lang) if deadline == c.deadline.date else ""
    base = link_base.rstrip("/")
    return {
        "municipality": {"code": c.municipality_code, "name": c.municipality_name},
        "budget_year": c.budget_year,
        "deliverable_id": c.deliverable_id,
        "recipient": recipient_context(recipient),
        "body": {"key": c.body_key, "name": c.body_name},
        "milestone": {
            "key": c.milestone_key,
            "title": c.milestone_title,
            "deliverable": c.deliverable_title,
            "description": "",
        },
        "deadline": deadline,
        "days_left": max((deadline - today).days, 0),
        "business_days_late": business_days_late,
        "moved": moved,
        "how_to_submit": how_to_submit,
        # the deliverable's page in the web application (through sign-in when needed)
        "link": f"{base}/leveranser/{c.deliverable_id}" if link_base else "",
        "contacts": [{"name": r.name, "email": r.email} for r in coordinators],
        "is_copy": recipient.role == "coordinator",
        "old_deadline": deadline,
        # a decision is recorded from its justerat protokoll, not handed in
        "completed_by": c.completed_by,
        "meeting": meeting_context(c.meeting),
        "decisions_link": f"{base}/beslut" if link_base else "",
    }


def meeting_context(meeting: DecidingMeeting | None) -> dict[str, Any] | None:
    """The meeting a decision is taken at, as a notice names it (None: not a decision's)."""
    if meeting is None:
        return None
    last = meeting.date + dt.timedelta(days=meeting.days - 1)
    return {"title": meeting.title, "date": meeting.date, "days": meeting.days, "last_day": last}


class _Judge:
    """A candidate's status and the notice it owes today (None: none, or not outstanding).
    Both follow from the deadline, the gate and the schedule alone when nothing was handed
    in, as for nearly every candidate: then they are worked out once per milestone
    deadline (the business-day and holiday arithmetic took a third of planning a national
    sweep's 7,900 candidates), otherwise per candidate."""

    def __init__(self, now: dt.datetime, due_soon_days: int) -> None:
        self.now, self.today, self.due_soon_days = now, local_date(now), due_soon_days
        self._unsubmitted: dict[tuple[Any, ...], tuple[DeliverableStatus, Notice | None]] = {}

    def __call__(self, c: Candidate) -> tuple[DeliverableStatus, Notice | None]:
        if c.submissions:
            return self._judged(c)
        key = (c.deadline.date, c.gate, c.reminders)
        if key not in self._unsubmitted:
            self._unsubmitted[key] = self._judged(c)
        return self._unsubmitted[key]

    def _judged(self, c: Candidate) -> tuple[DeliverableStatus, Notice | None]:
        status = derive_status(c.deadline.date, c.submissions, self.now, self.due_soon_days, c.gate)
        if status.status not in OUTSTANDING:
            return status, None
        return status, current_notice(status.deadline, self.today, c.reminders)


def plan_notices(
    *,
    candidates: list[Candidate],
    changes: list[ChangedDeadline],
    secretaries: dict[int, list[Recipient]],
    coordinators: dict[int, list[Recipient]],
    now: dt.datetime,
    due_soon_days: int,
    lang: str,
    how_to_submit: str,
    link_base: str = "",
) -> list[PlannedNotice]:
    """Every reminder, overdue notice and changed-date notice owed as of `now`; with
    `link_base` (the web application's address) each links to its deliverable's page."""
    today = local_date(now)
    planned: list[PlannedNotice] = []
    # A changed-date notice stands in for reminders that were due before the change.
    changed_on: dict[int, dt.date] = {}
    for change in changes:
        day = change.changed_on
        changed_on[change.candidate.deliverable_id] = max(
            day, changed_on.get(change.candidate.deliverable_id, day)
        )
    judge = _Judge(now, due_soon_days)
    for c in candidates:
        status, notice = judge(c)
        if notice is None or (
            notice.kind is NoticeKind.REMINDER
            and notice.due <= changed_on.get(c.deliverable_id, dt.date.min)
        ):
            continue
        recipients = list(secretaries.get(c.body_id, []))
        if notice.kind is NoticeKind.OVERDUE:
            recipients += coordinators.get(c.municipality_id, [])
        event = deadline_event(c, status.deadline, now)
        for recipient in recipients:
            key = (
                f"{notice.kind}|d{c.deliverable_id}|{notice.label}|{status.deadline}|"
                f"{recipient.email}|{notice.due}"
            )
            context = partial(
                deliverable_context,
                c,
                recipient,
                status.deadline,
                today,
                lang,
                coordinators.get(c.municipality_id, []),
                how_to_submit,
                status.business_days_late,
                link_base,
            )
            planned.append(
                PlannedNotice(
                    key,
                    notice.kind,
                    notice.due,
                    c.municipality_id,
                    recipient,
                    c.deliverable_id,
                    context,
                    event,
                )
            )
    return planned + _changed_notices(
        changes, secretaries, coordinators, now, lang, how_to_submit, link_base
    )


def _changed_notices(
    changes: list[ChangedDeadline],
    secretaries: dict[int, list[Recipient]],
    coordinators: dict[int, list[Recipient]],
    now: dt.datetime,
    lang: str,
    how_to_submit: str,
    link_base: str,
) -> list[PlannedNotice]:
    """A changed-date notice per re-planned deadline and secretary."""
    today = local_date(now)
    planned = []
    for change in changes:
        c = change.candidate
        for recipient in secretaries.get(c.body_id, []):
            key = (
                f"{NoticeKind.DEADLINE_CHANGED}|d{c.deliverable_id}|change{change.change_id}|"
                f"{recipient.email}"
            )
            values = deliverable_context(
                c,
                recipient,
                c.deadline.date,
                today,
                lang,
                coordinators.get(c.municipality_id, []),
                how_to_submit,
                link_base=link_base,
            )
            values["old_deadline"] = change.old_deadline
            planned.append(
                PlannedNotice(
                    key,
                    NoticeKind.DEADLINE_CHANGED,
                    today,
                    c.municipality_id,
                    recipient,
                    c.deliverable_id,
                    values,
                    deadline_event(c, c.deadline.date, now),
                )
            )
    return planned


def plan_decision_notices(
    *,
    decisions: list[DecisionFact],
    secretaries: dict[int, list[Recipient]],
    coordinators: dict[int, list[Recipient]],
    today: dt.date,
    lang: str,
) -> list[PlannedNotice]:
    """Justering and anslag reminders to the deciding body's secretaries, and a laga kraft
    notice to the coordinators, as owed today."""
    planned: list[PlannedNotice] = []
    for d in decisions:
        clock = decision_clock(
            d.meeting_date, justering=d.justered_on, anslag=d.announced_on, omedelbar=d.omedelbar
        )
        base = _decision_context(d, clock)
        planned += _step_notices(d, clock, base, secretaries.get(d.body_id, []), today, lang)
        if final_notice_due(clock, today) and clock.appeal_ends and clock.laga_kraft:
            for recipient in coordinators.get(d.municipality_id, []):
                key = (
                    f"{NoticeKind.LAGA_KRAFT}|dec{d.decision_id}|{clock.laga_kraft}|"
                    f"{recipient.email}"
                )
                context = {
                    **base,
                    "recipient": recipient_context(recipient),
                    "appeal_ends": clock.appeal_ends.date,
                    "laga_kraft": clock.laga_kraft,
                    "moved": shift_note(clock.appeal_ends, lang),
                }
                planned.append(
                    PlannedNotice(
                        key,
                        NoticeKind.LAGA_KRAFT,
                        clock.laga_kraft,
                        d.municipality_id,
                        recipient,
                        None,
                        context,
                    )
                )
    return planned


def _decision_context(d: DecisionFact, clock: DecisionClock) -> dict[str, Any]:
    """What every notice about a decision shows: whose, which paragraph, its dates."""
    return {
        "municipality": {"code": d.municipality_code, "name": d.municipality_name},
        "body": {"key": d.body_key, "name": d.body_name, "kind": d.body_kind},
        "decision": {
            "id": d.decision_id,
            "paragraph": d.paragraph,
            "title": d.title,
            "diarienummer": d.diarienummer,
            "meeting_date": d.meeting_date,
            "justered_on": clock.justering,
            "announced_on": clock.anslag,
        },
        "milestone": d.milestone_title or "",
        "budget_year": d.budget_year,
    }


def _step_notices(
    d: DecisionFact,
    clock: DecisionClock,
    base: dict[str, Any],
    secretaries: list[Recipient],
    today: dt.date,
    lang: str,
) -> list[PlannedNotice]:
    """The reminder of the decision's next missing step (justering, then anslag), if owed."""
    owed = step_notice(clock, today)
    if owed is None:
        return []
    planned = []
    for recipient in secretaries:
        key = (
            f"{NoticeKind.DECISION_DUE}|dec{d.decision_id}|{owed.step}|"
            f"{owed.notice.label}|{owed.deadline.date}|{recipient.email}|{owed.notice.due}"
        )
        context = {
            **base,
            "recipient": recipient_context(recipient),
            "step": owed.step.value,
            "step_name": label(f"step_{owed.step.value}", lang),
            "due": owed.deadline.date,
            "overdue": owed.notice.kind is NoticeKind.OVERDUE,
            "moved": shift_note(owed.deadline, lang),
        }
        planned.append(
            PlannedNotice(
                key,
                NoticeKind.DECISION_DUE,
                owed.notice.due,
                d.municipality_id,
                recipient,
                None,
                context,
            )
        )
    return planned


def recipient_context(recipient: Recipient) -> dict[str, str]:
    """The `recipient` every notice template may use."""
    return {"name": recipient.name, "email": recipient.email, "role": recipient.role}


def digest_notice(
    *,
    municipality: dict[str, Any],
    municipality_id: int,
    recipient: Recipient,
    cycles: list[tuple[int, dict[str, Any]]],
    overdue: list[dict[str, Any]],
    failed: list[dict[str, Any]],
    today: dt.date,
    lang: str,
) -> PlannedNotice:
    """The weekly summary for one coordinator; `cycles` is [(year, {body name: Counter})]."""
    week = iso_week(today)
    context = {
        "municipality": municipality,
        "recipient": recipient_context(recipient),
        "today": today,
        "week": week,
        "cycles": [
            {
                "budget_year": year,
                "bodies": [
                    {
                        "name": name,
                        "counts": [
                            (status_label(s, lang), counts[s])
                            for s in ATTENTION_ORDER
                            if counts.get(s)
                        ],
                    }
                    for name, counts in bodies.items()
                ],
            }
            for year, bodies in cycles
        ],
        "overdue": overdue,
        "failed": failed,
    }
    key = f"{NoticeKind.DIGEST}|m{municipality_id}|{week}|{recipient.email}"
    return PlannedNotice(key, NoticeKind.DIGEST, today, municipality_id, recipient, None, context)


def compose(
    notice: PlannedNotice, *, renderer: Renderer, lang: str, sender_domain: str, now: dt.datetime
) -> dict[str, Any]:
    """The outbox row's values for a planned notice: rendered once, sent as stored."""
    rendered = renderer.render(notice.kind.value, lang, notice.values())
    ics = ""
    if notice.event is not None:
        ics = event_file(notice.event)
    return {
        "municipality_id": notice.municipality_id,
        "key": notice.key,
        "deliverable_id": notice.deliverable_id,
        "kind": notice.kind.value,
        "recipient": notice.recipient.email,
        "recipient_name": notice.recipient.name,
        "due_date": notice.due,
        "subject": rendered.subject,
        "body_text": rendered.text,
        "body_html": rendered.html,
        "ics": ics,
        "attachment_name": notice.attachment[0] if notice.attachment else "",
        "attachment": notice.attachment[1] if notice.attachment else "",
        "message_id": message_id_for(notice.key, sender_domain),
        "state": "pending",
        "attempts": 0,
        "last_error": "",
        "claim": "",
        "next_attempt_at": now,
        "created_at": now,
    }
