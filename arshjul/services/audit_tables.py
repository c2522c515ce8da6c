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
from dataclasses import dataclass, field
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


RECORDING_KINDS = (
    "submitted",
    "completed_by_decision",
    "accepted",
    "returned",
    "frame_set",
    "decision_recorded",
    "decision_justered",
    "decision_announced",
)


@dataclass
class _Recorded:
    """The events that recorded rows, indexed the way each table is looked up."""

    by_submission: dict[int, dict[str, AuditEvent]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    # decisions' completions recorded before their events named the submission
    by_version: dict[tuple[str, int], AuditEvent] = field(default_factory=dict)
    frames: dict[tuple[int, Any, Any], AuditEvent] = field(default_factory=dict)
    decisions: dict[str, dict[str, AuditEvent]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, event: AuditEvent) -> None:
        """Later events of a kind win: the chain is read in order."""
        payload = event.payload or {}
        if event.kind.startswith("decision_"):
            self.decisions[event.subject][event.kind] = event
        elif event.kind == "frame_set":
            key = (event.municipality_id, payload.get("body"), payload.get("budget_year"))
            self.frames[key] = event
        elif isinstance(payload.get("submission_id"), int):
            self.by_submission[payload["submission_id"]][event.kind] = event
        elif event.kind == "completed_by_decision":
            self.by_version[(event.subject, payload.get("version", 0))] = event


@dataclass
class _Findings:
    codes: dict[int | None, str]
    found: list[Mismatch] = field(default_factory=list)

    def differ(self, row: Any, table: str, field: str, stored: str, recorded: str) -> None:
        if stored != recorded:
            code = self.codes.get(row.municipality_id, "?")
            self.found.append(Mismatch(code, table, row.id or 0, field, stored, recorded))


def mismatches(ctx: Context, municipality_id: int | None = None) -> list[Mismatch]:
    """Every submission, file list, review, decision and frame that disagrees with the
    trail, for one municipality or all."""
    with Session(ctx.database()) as session:
        findings = _Findings({m.id: m.code for m in session.exec(select(Municipality))})
        recorded = _Recorded()
        events = select(AuditEvent).where(col(AuditEvent.kind).in_(RECORDING_KINDS))
        if municipality_id is not None:
            events = events.where(AuditEvent.municipality_id == municipality_id)
        for event in session.exec(events.order_by(col(AuditEvent.seq))):
            recorded.add(event)
        _check_submissions(session, findings, recorded, municipality_id)
        _check_decisions(session, findings, recorded, municipality_id)
        _check_frames(session, findings, recorded, municipality_id)
    return findings.found


def _check_submissions(
    session: Session, findings: _Findings, recorded: _Recorded, municipality_id: int | None
) -> None:
    emails = {p.id: p.email for p in session.exec(select(Person))}
    files: dict[int, list[str]] = defaultdict(list)
    for file in session.exec(select(SubmissionFile)):
        files[file.submission_id].append(file.sha256)
    query = select(Submission)
    if municipality_id is not None:
        query = query.where(Submission.municipality_id == municipality_id)
    for row in session.exec(query.order_by(col(Submission.id))):
        events = recorded.by_submission.get(row.id or 0, {})
        made = (
            events.get("submitted")
            or events.get("completed_by_decision")
            or recorded.by_version.get((f"deliverable:{row.deliverable_id}", row.version))
        )
        if made is None:
            findings.differ(row, "submission", "event", "present", "-")
        elif made.kind == "submitted":
            _check_hand_in(findings, row, made, emails, sorted(files.get(row.id or 0, [])))
            _check_review(findings, row, events.get("accepted") or events.get("returned"))
        elif "submitted_at" in made.payload:  # a decision's completion, recorded in full
            for name in ("submitted_at", "reviewed_at"):
                stored = _instant(getattr(row, name))
                findings.differ(row, "submission", name, stored, _from_payload(made.payload[name]))


def _check_hand_in(
    findings: _Findings,
    row: Submission,
    made: AuditEvent,
    emails: dict[int | None, str],
    checksums: list[str],
) -> None:
    payload, differ = made.payload, findings.differ
    differ(row, "submission", "submitted_at", _instant(row.submitted_at), _instant(made.at))
    differ(row, "submission", "submitted_by", emails.get(row.submitted_by, "-"), made.actor)
    recorded_files = " ".join(sorted(f["sha256"] for f in payload.get("files", [])))
    differ(row, "submissionfile", "sha256", " ".join(checksums), recorded_files)
    total = str(payload.get("budget_total_sek"))
    differ(row, "submission", "budget_total_sek", str(row.budget_total_sek), total)


def _check_review(findings: _Findings, row: Submission, review: AuditEvent | None) -> None:
    differ = findings.differ
    differ(row, "submission", "review", str(row.review or "-"), review.kind if review else "-")
    if review is None:
        return
    differ(row, "submission", "reviewed_at", _instant(row.reviewed_at), _instant(review.at))
    new_deadline = row.new_deadline.isoformat() if row.new_deadline else "-"
    recorded_deadline = review.payload.get("new_deadline") or "-"
    differ(row, "submission", "new_deadline", new_deadline, recorded_deadline)


def _check_decisions(
    session: Session, findings: _Findings, recorded: _Recorded, municipality_id: int | None
) -> None:
    query = select(Decision)
    if municipality_id is not None:
        query = query.where(Decision.municipality_id == municipality_id)
    for decision in session.exec(query.order_by(col(Decision.id))):
        events = recorded.decisions.get(f"decision:{decision.id}", {})
        made = events.get("decision_recorded")
        if made is None:
            findings.differ(decision, "decision", "event", "present", "-")
            continue
        for name in ("meeting_date", "paragraph", "title", "diarienummer"):
            value = getattr(decision, name)
            stored = value.isoformat() if isinstance(value, dt.date) else str(value)
            findings.differ(decision, "decision", name, stored, str(made.payload.get(name)))
        for name, kind in (
            ("justered_on", "decision_justered"),
            ("announced_on", "decision_announced"),
        ):
            later = events.get(kind)
            value = getattr(decision, name)
            said = later.payload.get("date") if later else made.payload.get(name)
            stored = value.isoformat() if value else "None"
            findings.differ(decision, "decision", name, stored, str(said))


def _check_frames(
    session: Session, findings: _Findings, recorded: _Recorded, municipality_id: int | None
) -> None:
    query = (
        select(BudgetFrame, Body.key, Cycle.budget_year)
        .join(Body, col(Body.id) == BudgetFrame.body_id)
        .join(Cycle, col(Cycle.id) == BudgetFrame.cycle_id)
    )
    if municipality_id is not None:
        query = query.where(BudgetFrame.municipality_id == municipality_id)
    for frame, body_key, budget_year in session.exec(query.order_by(col(BudgetFrame.id))):
        event = recorded.frames.get((frame.municipality_id, body_key, budget_year))
        amount = str(event.payload.get("new_sek")) if event else "-"
        findings.differ(frame, "budgetframe", "amount_sek", str(frame.amount_sek), amount)
        setter = event.actor if event else "-"
        findings.differ(frame, "budgetframe", "set_by", frame.set_by, setter)
