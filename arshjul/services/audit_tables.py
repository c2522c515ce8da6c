"""The tables the auditors' exports read, checked against the events that recorded them:
submissions, their files and reviews, budget frames and the decisions register.

The hash chain protects the events; the exports read the submission, file and frame
tables. Every row there was written together with an event whose payload says what it
holds (who handed in what and when, the files' checksums, the review, the frame), so an
edit to a table shows as a row that disagrees with its event, or a row no event records.
`audit verify` runs this check; `audit submissions` refuses to export while it fails.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.models.tables import (
    AuditEvent,
    Body,
    BudgetFrame,
    Cycle,
    Decision,
    Municipality,
    Person,
    Submission,
    SubmissionFile,
)


@dataclass(frozen=True)
class Mismatch:
    municipality_code: str
    table: str
    row_id: int
    field: str
    stored: str
    recorded: str  # what the audit trail says ("-" where no event records the row)


def _instant(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds") if value else "-"


def _from_payload(value: Any) -> str:
    if not value:
        return "-"
    return _instant(dt.datetime.fromisoformat(str(value)))


def mismatches(ctx: Context, municipality_id: int | None = None) -> list[Mismatch]:
    """Every submission, file list, review and frame that disagrees with the trail."""
    found: list[Mismatch] = []
    with Session(ctx.database()) as session:
        codes = {m.id: m.code for m in session.exec(select(Municipality))}
        events = select(AuditEvent).where(
            col(AuditEvent.kind).in_(
                [
                    "submitted",
                    "completed_by_decision",
                    "accepted",
                    "returned",
                    "frame_set",
                    "decision_recorded",
                    "decision_justered",
                    "decision_announced",
                ]
            )
        )
        submissions = select(Submission)
        decisions = select(Decision)
        frames = (
            select(BudgetFrame, Body.key, Cycle.budget_year)
            .join(Body, col(Body.id) == BudgetFrame.body_id)
            .join(Cycle, col(Cycle.id) == BudgetFrame.cycle_id)
        )
        if municipality_id is not None:
            events = events.where(AuditEvent.municipality_id == municipality_id)
            submissions = submissions.where(Submission.municipality_id == municipality_id)
            decisions = decisions.where(Decision.municipality_id == municipality_id)
            frames = frames.where(BudgetFrame.municipality_id == municipality_id)
        by_submission: dict[int, dict[str, AuditEvent]] = defaultdict(dict)
        # Decisions' completions recorded before their events named the submission.
        by_version: dict[tuple[str, int], AuditEvent] = {}
        frame_events: dict[tuple[int, Any, Any], AuditEvent] = {}
        decision_events: dict[str, dict[str, AuditEvent]] = defaultdict(dict)
        for event in session.exec(events.order_by(col(AuditEvent.seq))):
            payload = event.payload or {}
            if event.kind.startswith("decision_"):
                decision_events[event.subject][event.kind] = event  # the latest of each kind
            elif event.kind == "frame_set":
                key = (event.municipality_id, payload.get("body"), payload.get("budget_year"))
                frame_events[key] = event  # the latest, in chain order
            elif isinstance(payload.get("submission_id"), int):
                by_submission[payload["submission_id"]][event.kind] = event
            elif event.kind == "completed_by_decision":
                by_version[(event.subject, payload.get("version", 0))] = event
        emails = {p.id: p.email for p in session.exec(select(Person))}
        files: dict[int, list[str]] = defaultdict(list)
        for file in session.exec(select(SubmissionFile)):
            files[file.submission_id].append(file.sha256)

        def differ(row: Any, table: str, field: str, stored: str, recorded: str) -> None:
            if stored != recorded:
                code = codes.get(row.municipality_id, "?")
                found.append(Mismatch(code, table, row.id or 0, field, stored, recorded))

        for row in session.exec(submissions.order_by(col(Submission.id))):
            recorded = by_submission.get(row.id or 0, {})
            made = (
                recorded.get("submitted")
                or recorded.get("completed_by_decision")
                or by_version.get((f"deliverable:{row.deliverable_id}", row.version))
            )
            if made is None:
                differ(row, "submission", "event", "present", "-")
                continue
            payload = made.payload
            if made.kind == "submitted":
                differ(
                    row, "submission", "submitted_at", _instant(row.submitted_at), _instant(made.at)
                )
                differ(
                    row, "submission", "submitted_by", emails.get(row.submitted_by, "-"), made.actor
                )
                differ(
                    row,
                    "submissionfile",
                    "sha256",
                    " ".join(sorted(files.get(row.id or 0, []))),
                    " ".join(sorted(f["sha256"] for f in payload.get("files", []))),
                )
                differ(
                    row,
                    "submission",
                    "budget_total_sek",
                    str(row.budget_total_sek),
                    str(payload.get("budget_total_sek")),
                )
                review = recorded.get("accepted") or recorded.get("returned")
                differ(
                    row,
                    "submission",
                    "review",
                    str(row.review or "-"),
                    review.kind if review else "-",
                )
                if review is not None:
                    differ(
                        row,
                        "submission",
                        "reviewed_at",
                        _instant(row.reviewed_at),
                        _instant(review.at),
                    )
                    differ(
                        row,
                        "submission",
                        "new_deadline",
                        row.new_deadline.isoformat() if row.new_deadline else "-",
                        review.payload.get("new_deadline") or "-",
                    )
            elif "submitted_at" in payload:  # a decision's completion, recorded in full
                differ(
                    row,
                    "submission",
                    "submitted_at",
                    _instant(row.submitted_at),
                    _from_payload(payload["submitted_at"]),
                )
                differ(
                    row,
                    "submission",
                    "reviewed_at",
                    _instant(row.reviewed_at),
                    _from_payload(payload["reviewed_at"]),
                )

        for decision in session.exec(decisions.order_by(col(Decision.id))):
            recorded = decision_events.get(f"decision:{decision.id}", {})
            made = recorded.get("decision_recorded")
            if made is None:
                differ(decision, "decision", "event", "present", "-")
                continue
            for field in ("meeting_date", "paragraph", "title", "diarienummer"):
                value = getattr(decision, field)
                stored = value.isoformat() if isinstance(value, dt.date) else str(value)
                differ(decision, "decision", field, stored, str(made.payload.get(field)))
            for field, kind, first in (
                ("justered_on", "decision_justered", "justered_on"),
                ("announced_on", "decision_announced", "announced_on"),
            ):
                later = recorded.get(kind)
                value = getattr(decision, field)
                differ(
                    decision,
                    "decision",
                    field,
                    value.isoformat() if value else "None",
                    str(later.payload.get("date") if later else made.payload.get(first)),
                )

        for frame, body_key, budget_year in session.exec(frames.order_by(col(BudgetFrame.id))):
            frame_event = frame_events.get((frame.municipality_id, body_key, budget_year))
            differ(
                frame,
                "budgetframe",
                "amount_sek",
                str(frame.amount_sek),
                str(frame_event.payload.get("new_sek")) if frame_event else "-",
            )
            differ(
                frame,
                "budgetframe",
                "set_by",
                frame.set_by,
                frame_event.actor if frame_event else "-",
            )
    return found
