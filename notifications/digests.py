"""The coordinators' weekly digest: where every body of each open cycle stands, what is
overdue and which messages failed for good, one per coordinator on weekdays.

At national scale the digests judge every deliverable there is, so the counting is done by
the database from the core's per-milestone verdicts (arshjul.notifications.rollup_queries); only the
deliverables in an uncommon shape come back one by one for `derive_status`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from arshjul.models.tables import Municipality, OutboxMessage
from arshjul.notifications.notices import PlannedNotice, digest_notice
from arshjul.notifications.queries import Recipient
from arshjul.notifications.rollup_queries import (
    RollupScope,
    rollup_scope,
    status_counts,
)
from sqlmodel import Session, col, select

from arshjul.core.instants import local_date
from arshjul.core.status import Status, derive_status, verdicts
from arshjul.core.transitions import OutboxState


def plan_digests(
    session: Session,
    coordinators: dict[int, list[Recipient]],
    now: dt.datetime,
    lang: str,
    skip_municipalities: set[int],
) -> list[PlannedNotice]:
    """One weekly summary per coordinator, planned on weekdays; the week is in the key.
    Municipalities whose digests this week are already in the outbox are not computed."""
    today = local_date(now)
    if today.weekday() >= 5:
        return []
    municipalities = {
        muni.id or 0: muni
        for muni in session.exec(select(Municipality))
        if coordinators.get(muni.id or 0) and muni.id not in skip_municipalities
    }
    if not municipalities:
        return []
    judged = judge_all(
        session,
        municipality_ids=list(municipalities),
        budget_years=[today.year, today.year + 1],
        now=now,
    )
    failed = _failed_messages(session)
    overdue = _overdue_by_municipality(judged)
    counted = _counts_by_municipality(judged)
    notices = []
    for muni_id, muni in municipalities.items():
        cycles = counted.get(muni_id, [])
        if not cycles:
            continue
        for person in coordinators[muni_id]:
            notices.append(
                digest_notice(
                    municipality={"code": muni.code, "name": muni.name},
                    municipality_id=muni_id,
                    recipient=person,
                    cycles=cycles,
                    overdue=overdue.get(muni_id, []),
                    failed=failed.get(muni_id, []),
                    today=today,
                    lang=lang,
                )
            )
    return notices


def _failed_messages(session: Session) -> dict[int, list[dict[str, Any]]]:
    """Every message still failed, per municipality: the digest lists them."""
    failed: dict[int, list[dict[str, Any]]] = {}
    for row in session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.state == OutboxState.FAILED)
        .order_by(col(OutboxMessage.id))
    ):
        failed.setdefault(row.municipality_id, []).append(
            {
                "id": row.id,
                "recipient": row.recipient,
                "subject": row.subject,
                "reason": row.last_error,
            }
        )
    return failed


def _overdue_by_municipality(judged: Judged) -> dict[int, list[dict[str, Any]]]:
    """The overdue deliverables each digest names, by budget year, milestone and body."""
    scope = judged.scope
    found: dict[int, list[tuple[tuple[int, int, int], dict[str, Any]]]] = {}
    for b_id, m_id, deadline in judged.overdue:
        body, m = scope.bodies[b_id], scope.milestones[m_id]
        cycle = scope.cycles[m.cycle_id]
        found.setdefault(cycle.municipality_id, []).append(
            (
                (cycle.budget_year, m.position, body.position),
                {"body": body.key, "deliverable": m.deliverable, "deadline": deadline},
            )
        )
    return {
        muni_id: [item for _, item in sorted(items, key=lambda o: o[0])]
        for muni_id, items in found.items()
    }


def _counts_by_municipality(judged: Judged) -> dict[int, list[tuple[int, dict[str, Any]]]]:
    """Per municipality, each cycle's (budget year, {body name: counts}), oldest first."""
    scope, counts = judged.scope, judged.counts
    found: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for cycle_id, cycle in sorted(scope.cycles.items(), key=lambda c: c[1].budget_year):
        bodies = sorted(counts[cycle_id], key=lambda b: (scope.bodies[b].position, b))
        found.setdefault(cycle.municipality_id, []).append(
            (cycle.budget_year, {scope.bodies[b].name: counts[cycle_id][b] for b in bodies})
        )
    return found


@dataclass(frozen=True)
class Judged:
    scope: RollupScope
    counts: dict[int, defaultdict[int, Counter[Status]]]  # cycle id -> body id -> statuses
    overdue: list[tuple[int, int, dt.date]]  # (body id, milestone id, deadline in force)


def judge_all(
    session: Session, *, municipality_ids: list[int], budget_years: list[int], now: dt.datetime
) -> Judged:
    """Every deliverable of those municipalities' open cycles counted by status as of
    `now`: the database counts the common shapes from the core's per-milestone verdicts;
    the rest go through `derive_status` here (tests/models/test_rollup_counts.py holds the
    result to the board's)."""
    judge = lru_cache(maxsize=None)(verdicts)  # many milestones share a deadline
    scope = rollup_scope(
        session=session, municipality_ids=municipality_ids, budget_years=budget_years
    )
    judged = status_counts(
        session=session,
        verdicts={
            m_id: judge(m.deadline, m.gate, now, scope.cycles[m.cycle_id].due_soon_days)
            for m_id, m in scope.milestones.items()
        },
        now=now,
        listed=Status.OVERDUE,
    )
    counts: dict[int, defaultdict[int, Counter[Status]]] = {
        c: defaultdict(Counter) for c in scope.cycles
    }
    for cycle_id, b_id, status, n in judged.counts:
        counts[cycle_id][b_id][status] += n
    overdue = [(b_id, m_id, scope.milestones[m_id].deadline) for b_id, m_id in judged.unsubmitted]
    for _, b_id, m_id, subs, own in judged.others:
        m = scope.milestones[m_id]
        due_soon = scope.cycles[m.cycle_id].due_soon_days
        found = derive_status(own or m.deadline, subs, now, due_soon, m.gate)
        counts[m.cycle_id][b_id][found.status] += 1
        if found.status is Status.OVERDUE:
            overdue.append((b_id, m_id, found.deadline))
    return Judged(scope, counts, overdue)
