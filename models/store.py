"""Write a computed plan into the tables, idempotently.

Rows are matched on their natural keys (kommunkod, body key, budget year, meeting and
milestone keys), so planning the same template and year twice changes nothing, and planning
after a template change updates rows in place and records every deadline that moved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arshjul.models.tables import (
    Body,
    Cycle,
    DeadlineChange,
    Deliverable,
    Meeting,
    Milestone,
    Municipality,
    Person,
)
from sqlmodel import Session, select

from arshjul.core.calendar import Shifted
from arshjul.core.planner import CyclePlan, PlannedMilestone
from arshjul.core.template import CycleTemplate, rule_as_dict
from arshjul.errors import CycleClosed


@dataclass
class PlanChanges:
    municipality_code: str
    budget_year: int
    cycle_id: int = 0
    municipality_id: int = 0
    created: int = 0
    updated: int = 0
    retired: int = 0
    moved: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)
    template_file: str = ""
    template_sha256: str = ""
    version: int = 0  # the wheel's version in force after (models/template_versions.py)
    notice_keys: list[str] = field(default_factory=list)  # changed-date notices queued

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired or self.moved)


def _passed(shifted: Shifted) -> list[list[str]]:
    return [[off.date.isoformat(), off.name_sv, off.name_en] for off in shifted.passed]


def _sync(row: Any, values: dict[str, Any]) -> bool:
    """Set changed attributes on `row`; True if any differed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


class _Upserts:
    """Rows matched on their natural keys, created or updated in place, counted."""

    def __init__(self, session: Session, changes: PlanChanges) -> None:
        self.session, self.changes = session, changes

    def __call__(
        self,
        model: type[Any],
        match: dict[str, Any],
        values: dict[str, Any],
        on_create: dict[str, Any] | None = None,
    ) -> Any:
        row = self.session.exec(select(model).filter_by(**match)).first()
        if row is None:
            row = model(**match, **values, **(on_create or {}))
            self.session.add(row)
            self.changes.created += 1
        elif _sync(row, values):
            self.changes.updated += 1
        self.session.flush()
        return row

    def retire(self, model: type[Any], scope: dict[str, Any], keep: set[int]) -> None:
        self.changes.retired += _retire(self.session, model, scope, keep)


def store_plan(
    *,
    session: Session,
    template: CycleTemplate,
    plan: CyclePlan,
    now: dt.datetime,
) -> PlanChanges:
    """Upsert everything the plan says; the caller commits (or rolls back) the session and
    records in the audit trail what changed (`PlanChanges`)."""
    changes = PlanChanges(template.municipality.code, plan.budget_year)
    upsert = _Upserts(session, changes)
    muni = upsert(
        Municipality, {"code": template.municipality.code}, {"name": template.municipality.name}
    )
    changes.municipality_id = muni.id or 0
    bodies = _store_bodies(upsert, template, {"municipality_id": muni.id})
    cycle = _store_cycle(session, upsert, template, plan, muni.id or 0, now)
    changes.cycle_id = cycle.id or 0
    in_cycle = {"municipality_id": muni.id, "cycle_id": cycle.id}
    meetings = [
        upsert(
            Meeting,
            {**in_cycle, "key": planned_meeting.key},
            {
                "body_id": bodies[planned_meeting.body].id,
                "title": planned_meeting.title,
                "date": planned_meeting.date.date,
                "nominal_date": planned_meeting.date.nominal,
                "shift_rule": planned_meeting.date.rule.value,
                "shift_passed": _passed(planned_meeting.date),
                "days": planned_meeting.days,
                "active": True,
            },
        )
        for planned_meeting in plan.meetings
    ]
    upsert.retire(Meeting, in_cycle, {m.id for m in meetings})
    _store_milestones(session, upsert, plan, bodies, in_cycle, now)
    if changes.changed:
        cycle.planned_at = now
        session.flush()
    changes.template_file, changes.template_sha256 = cycle.template_file, cycle.template_sha256
    return changes


def _store_bodies(
    upsert: _Upserts, template: CycleTemplate, scope: dict[str, Any]
) -> dict[str, Body]:
    """The template's bodies and people; those gone from it are retired."""
    bodies: dict[str, Body] = {}
    for position, body in enumerate(template.bodies):
        bodies[body.key] = upsert(
            Body,
            {**scope, "key": body.key},
            {"name": body.name, "kind": body.kind.value, "position": position, "active": True},
        )
    people = [
        upsert(
            Person,
            {
                **scope,
                "body_id": bodies[body.key].id,
                "email": contact.email,
                "role": contact.role.value,
            },
            {"name": contact.name, "active": True},
        )
        for body in template.bodies
        for contact in body.contacts
    ]
    upsert.retire(Body, scope, {b.id or 0 for b in bodies.values()})
    upsert.retire(Person, scope, {p.id or 0 for p in people})
    return bodies


def _store_cycle(
    session: Session,
    upsert: _Upserts,
    template: CycleTemplate,
    plan: CyclePlan,
    municipality_id: int,
    now: dt.datetime,
) -> Cycle:
    scope = {"municipality_id": municipality_id}
    existing = session.exec(select(Cycle).filter_by(**scope, budget_year=plan.budget_year)).first()
    if existing is not None and existing.closed:
        raise CycleClosed(template.municipality.code, plan.budget_year)
    cycle: Cycle = upsert(
        Cycle,
        {**scope, "budget_year": plan.budget_year},
        {
            "starts": plan.starts,
            "ends": plan.ends,
            "template_file": Path(template.file).name,
            "template_sha256": _sha(template),
            "due_soon_days": template.due_soon_days,
            "vision_areas": [[a.key, a.name] for a in template.vision.areas],
            "max_goals": template.max_goals,
        },
        on_create={"planned_at": now},
    )
    return cycle


def _sha(template: CycleTemplate) -> str:
    return hashlib.sha256(template.source_text.encode()).hexdigest()


def _store_milestones(
    session: Session,
    upsert: _Upserts,
    plan: CyclePlan,
    bodies: dict[str, Body],
    in_cycle: dict[str, Any],
    now: dt.datetime,
) -> None:
    """Milestones and their deliverables; every deadline that moved is recorded."""
    milestones, deliverables = [], []
    for position, pm in enumerate(plan.milestones):
        row = session.exec(select(Milestone).filter_by(**in_cycle, key=pm.key)).first()
        rule = rule_as_dict(pm.rule)
        if row is not None and row.deadline != pm.deadline.date:
            session.add(
                DeadlineChange(
                    **in_cycle,
                    milestone_id=row.id or 0,
                    old_deadline=row.deadline,
                    new_deadline=pm.deadline.date,
                    old_rule=row.rule,
                    new_rule=rule,
                    changed_at=now,
                )
            )
            upsert.changes.moved.append((pm.key, row.deadline, pm.deadline.date))
        ms = upsert(Milestone, {**in_cycle, "key": pm.key}, _milestone_values(pm, position, rule))
        milestones.append(ms)
        deliverables += [
            upsert(
                Deliverable,
                {**in_cycle, "milestone_id": ms.id, "body_id": bodies[body_key].id},
                {"active": True},
            )
            for body_key in pm.responsible
        ]
    upsert.retire(Milestone, in_cycle, {m.id for m in milestones})
    upsert.retire(Deliverable, in_cycle, {d.id for d in deliverables})


def _milestone_values(pm: PlannedMilestone, position: int, rule: dict[str, Any]) -> dict[str, Any]:
    return {
        "position": position,
        "title": pm.title,
        "deliverable": pm.deliverable,
        "description": pm.description,
        "rule": rule,
        "depends_on": list(pm.depends_on),
        "deadline": pm.deadline.date,
        "nominal_deadline": pm.deadline.nominal,
        "shift_rule": pm.deadline.rule.value,
        "shift_passed": _passed(pm.deadline),
        "reminders": pm.reminders.as_dict(),
        "opens_on_decision": pm.opens_on_decision or "",
        "collects": pm.collects or "",
        "phase": pm.phase,
        "completed_by": pm.completed_by,
        "optional": pm.optional,
        "meeting": pm.meeting or "",
        "active": True,
    }


def _retire(session: Session, model: type[Any], scope: dict[str, Any], keep: set[int]) -> int:
    retired = 0
    for row in session.exec(select(model).filter_by(**scope, active=True)):
        if row.id not in keep:
            row.active = False
            retired += 1
    session.flush()
    return retired
