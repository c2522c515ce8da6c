"""Tell the coordinators when a nämnd's budget total is above its frame (ramstyrning).

Checked whenever either side changes: a budget submission with a total, or a frame set or
lowered. The outbox key names the body, the budget year, the frame and the total, so the
same excess is reported once however it arose, and a new excess (another total, another
frame) is reported again.
"""

from __future__ import annotations

import datetime as dt

from arshjul.models import queries
from arshjul.models.tables import (
    Body,
    Cycle,
    Municipality,
)
from arshjul.notifications.notices import PlannedNotice, recipient_context
from arshjul.notifications.queries import Recipient
from sqlmodel import Session

from arshjul.core.frames import FrameLine
from arshjul.core.reminders import NoticeKind
from arshjul.core.template import Role
from arshjul.texts import sek


def frame_line(session: Session, *, cycle_id: int, body: Body) -> FrameLine:
    """The body's frame and its latest submitted budget total in the cycle, as the caller's
    transaction sees them (a submission not yet committed counts)."""
    frames, totals = queries.budget_figures(session=session, cycle_id=cycle_id, body_id=body.id)
    return FrameLine(body.key, frames.get(body.id or 0), totals.get(body.id or 0))


def over_frame_notices(
    session: Session, *, cycle: Cycle, body: Body, line: FrameLine, actor: str, today: dt.date
) -> list[PlannedNotice]:
    """One notice per coordinator when `line` (the body's, now) is over its frame."""
    if not line.over_frame:
        return []
    municipality = session.get(Municipality, cycle.municipality_id)
    assert municipality is not None
    coordinators = queries.people_with_role(
        session=session, municipality_id=municipality.id or 0, role=Role.COORDINATOR, today=today
    )
    notices = []
    for person in coordinators:
        recipient = Recipient(person.name, person.email, person.role)
        context = {
            "municipality": {"code": municipality.code, "name": municipality.name},
            "budget_year": cycle.budget_year,
            "recipient": recipient_context(recipient),
            "body": {"key": body.key, "name": body.name},
            "frame": sek(line.frame_sek),
            "total": sek(line.submitted_sek),
            "difference": sek(line.difference_sek),
            "changed_by": actor,
        }
        key = (
            f"{NoticeKind.OVER_FRAME}|c{cycle.id}|{body.key}|{line.frame_sek}|"
            f"{line.submitted_sek}|{person.email}"
        )
        notices.append(
            PlannedNotice(
                key, NoticeKind.OVER_FRAME, today, municipality.id or 0, recipient, None, context
            )
        )
    return notices
