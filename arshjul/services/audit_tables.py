"""The tables the auditors' exports read, checked against the events that recorded them:
submissions, their files, assessments and reviews, budget frames, the decisions register
and imported indicator values.

The hash chain protects the events; the exports read the submission, file and frame
tables. Every row there was written together with an event whose payload says what it
holds (who handed in what and when, the files' checksums, the review, the frame), so an
edit to a table shows as a row that disagrees with its event, or a row no event records.
`audit verify` runs this check over every table (`mismatches`). The submissions register
and its exports show one budget year's submissions, files and reviews, and check just
those against their events (`register_mismatches`): the same comparison of each row, at
the cost of what the page shows rather than of the municipality's whole history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.facts import Review
from arshjul.models.db import columns as columns_of
from arshjul.models.tables import (
    AssessedValue,
    Assessment,
    AuditEvent,
    Body,
    BudgetFrame,
    Cycle,
    Decision,
    IndicatorValue,
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
    "indicators_imported",
)


# the kinds whose events record a submission row: made by a hand-in or a decision, reviewed
SUBMISSION_KINDS = ("submitted", "completed_by_decision", "accepted", "returned")


class RecordedEvent(NamedTuple):
    """What the check reads of an event (a narrow select: no hashes, no ORM instance)."""

    municipality_id: int
    kind: str
    subject: str
    at: dt.datetime
    actor: str
    payload: dict[str, Any]


EVENT_COLUMNS = (
    col(AuditEvent.municipality_id),
    col(AuditEvent.kind),
    col(AuditEvent.subject),
    col(AuditEvent.at),
    col(AuditEvent.actor),
    col(AuditEvent.payload),
)


class SubmissionRecord(NamedTuple):
    """The columns of a submission row its events say something about."""

    id: int
    municipality_id: int
    deliverable_id: int
    version: int
    submitted_by: int | None
    submitted_at: dt.datetime
    review: Review | None
    reviewed_at: dt.datetime | None
    new_deadline: dt.date | None
    budget_total_sek: int | None


SUBMISSION_RECORD_COLUMNS = (
    col(Submission.id),
    col(Submission.municipality_id),
    col(Submission.deliverable_id),
    col(Submission.version),
    col(Submission.submitted_by),
    col(Submission.submitted_at),
    col(Submission.review),
    col(Submission.reviewed_at),
    col(Submission.new_deadline),
    col(Submission.budget_total_sek),
)


@dataclass
class _Recorded:
    """The events that recorded rows, indexed the way each table is looked up."""

    by_submission: dict[int, dict[str, RecordedEvent]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    # decisions' completions recorded before their events named the submission
    by_version: dict[tuple[str, int], RecordedEvent] = field(default_factory=dict)
    frames: dict[tuple[int, Any, Any], RecordedEvent] = field(default_factory=dict)
    decisions: dict[str, dict[str, RecordedEvent]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    # (municipality id, indicator, year) -> the latest import's event and value
    indicators: dict[tuple[int, str, int], tuple[RecordedEvent, Any]] = field(default_factory=dict)

    def add(self, event: RecordedEvent) -> None:
        """Later events of a kind win: the chain is read in order."""
        payload = event.payload or {}
        if event.kind.startswith("decision_"):
            self.decisions[event.subject][event.kind] = event
        elif event.kind == "indicators_imported":
            for indicator, period, value in payload.get("values", []):
                self.indicators[(event.municipality_id, indicator, period)] = (event, value)
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
    """Every submission, file list, assessment, review, decision, frame and imported
    indicator value that disagrees with the trail, for one municipality or all."""
    with Session(ctx.database()) as session:
        findings = _Findings({m.id: m.code for m in session.exec(select(Municipality))})
        recorded = _Recorded()
        events = columns_of(*EVENT_COLUMNS).where(col(AuditEvent.kind).in_(RECORDING_KINDS))
        if municipality_id is not None:
            events = events.where(col(AuditEvent.municipality_id) == municipality_id)
        for event in session.connection().execute(events.order_by(col(AuditEvent.seq))):
            recorded.add(RecordedEvent(*event))
        _check_submissions(session, findings, recorded, municipality_id)
        _check_decisions(session, findings, recorded, municipality_id)
        _check_frames(session, findings, recorded, municipality_id)
        _check_indicator_values(session, findings, recorded, municipality_id)
    return findings.found


def register_mismatches(
    session: Session,
    *,
    municipality: Municipality,
    submissions: Sequence[SubmissionRecord],
    checksums: Mapping[int, Sequence[str]],
    emails: Mapping[int | None, str],
) -> list[Mismatch]:
    """The submissions a register shows (one budget year's), with their files' checksums
    and their handers-in's addresses as the register read them, against the events of
    their deliverables: each row compared as `mismatches` compares it (made by an event,
    when and by whom, its files, its review), so the register never shows what the trail
    does not cover. Read in the register's own transaction, so rows and events are one
    state of the database; the events are looked up by their deliverables, not read for
    the municipality's whole history. Assessments, decisions, frames and indicator
    values, which a register does not show, are left to `audit verify`."""
    if not submissions:
        return []
    findings = _Findings({municipality.id: municipality.code})
    recorded = _Recorded()
    subjects = sorted({f"deliverable:{s.deliverable_id}" for s in submissions})
    connection = session.connection()
    for start in range(0, len(subjects), SUBJECTS_PER_QUERY):
        events = columns_of(*EVENT_COLUMNS).where(
            col(AuditEvent.municipality_id) == municipality.id,
            col(AuditEvent.kind).in_(SUBMISSION_KINDS),
            col(AuditEvent.subject).in_(subjects[start : start + SUBJECTS_PER_QUERY]),
        )
        # in chain order within each part; parts hold disjoint subjects, and only events
        # of one subject overwrite each other ("later events of a kind win")
        for event in connection.execute(events.order_by(col(AuditEvent.seq))):
            recorded.add(RecordedEvent(*event))
    for row in submissions:
        checks = sorted(checksums.get(row.id, ()))
        _check_submission(findings, row, recorded, emails, checks, None)
    return findings.found


SUBJECTS_PER_QUERY = 2000  # bound parameters per statement, far under SQLite's limit


def _check_submissions(
    session: Session, findings: _Findings, recorded: _Recorded, municipality_id: int | None
) -> None:
    people = columns_of(col(Person.id), col(Person.email))
    files = columns_of(col(SubmissionFile.submission_id), col(SubmissionFile.sha256))
    rows = columns_of(*SUBMISSION_RECORD_COLUMNS)
    if municipality_id is not None:
        people = people.where(col(Person.municipality_id) == municipality_id)
        files = files.where(col(SubmissionFile.municipality_id) == municipality_id)
        rows = rows.where(col(Submission.municipality_id) == municipality_id)
    connection = session.connection()
    emails: dict[int | None, str] = {k: v for k, v in connection.execute(people)}
    checksums: dict[int, list[str]] = defaultdict(list)
    for submission_id, sha256 in connection.execute(files):
        checksums[submission_id].append(sha256)
    assessed = _stored_assessments(session, municipality_id)
    for row in connection.execute(rows.order_by(col(Submission.id))):
        record = SubmissionRecord(*row)
        checks = sorted(checksums.get(record.id, []))
        _check_submission(findings, record, recorded, emails, checks, assessed.get(record.id, {}))


def _check_submission(
    findings: _Findings,
    row: SubmissionRecord,
    recorded: _Recorded,
    emails: Mapping[int | None, str],
    checksums: list[str],
    assessed: _Stored | None,
) -> None:
    """One submission row against the event that made it and the one that reviewed it;
    its assessments too unless `assessed` is None (the register does not show them)."""
    events = recorded.by_submission.get(row.id, {})
    made = (
        events.get("submitted")
        or events.get("completed_by_decision")
        or recorded.by_version.get((f"deliverable:{row.deliverable_id}", row.version))
    )
    if made is None:
        findings.differ(row, "submission", "event", "present", "-")
    elif made.kind == "submitted":
        _check_hand_in(findings, row, made, emails, checksums)
        if assessed is not None:
            _check_assessments(findings, row, made, assessed)
        _check_review(findings, row, events.get("accepted") or events.get("returned"))
    elif "submitted_at" in made.payload:  # a decision's completion, recorded in full
        for name in ("submitted_at", "reviewed_at"):
            stored = _instant(getattr(row, name))
            findings.differ(row, "submission", name, stored, _from_payload(made.payload[name]))


def _check_hand_in(
    findings: _Findings,
    row: SubmissionRecord,
    made: RecordedEvent,
    emails: Mapping[int | None, str],
    checksums: list[str],
) -> None:
    payload, differ = made.payload, findings.differ
    if row.submitted_at != made.at:  # the same instant formats the same: words only if not
        differ(row, "submission", "submitted_at", _instant(row.submitted_at), _instant(made.at))
    differ(row, "submission", "submitted_by", emails.get(row.submitted_by, "-"), made.actor)
    recorded_files = " ".join(sorted(f["sha256"] for f in payload.get("files", [])))
    differ(row, "submissionfile", "sha256", " ".join(checksums), recorded_files)
    total = str(payload.get("budget_total_sek"))
    differ(row, "submission", "budget_total_sek", str(row.budget_total_sek), total)


_Stored = dict[tuple[str, str], tuple[Assessment, dict[str, float]]]


def _stored_assessments(session: Session, municipality_id: int | None) -> dict[int, _Stored]:
    """submission id -> (kind, key) -> the assessment row and its values."""
    rows = select(Assessment)
    values = select(AssessedValue)
    if municipality_id is not None:
        rows = rows.where(Assessment.municipality_id == municipality_id)
        values = values.where(AssessedValue.municipality_id == municipality_id)
    by_assessment: dict[int, dict[str, float]] = defaultdict(dict)
    for value in session.exec(values):
        by_assessment[value.assessment_id][value.indicator] = value.value
    found: dict[int, _Stored] = defaultdict(dict)
    for row in session.exec(rows):
        found[row.submission_id][(row.kind.value, row.key)] = (
            row,
            by_assessment.get(row.id or 0, {}),
        )
    return found


def _values_text(values: dict[str, Any]) -> str:
    return " ".join(f"{k}={float(v)!r}" for k, v in sorted(values.items())) or "-"


def _check_assessments(
    findings: _Findings, row: SubmissionRecord, made: RecordedEvent, stored: _Stored
) -> None:
    """Each assessment row against the event's record of it, and every recorded one
    present: a level, a comment or a value changed in the table shows here."""
    recorded = {(a["kind"], a["key"]): a for a in made.payload.get("assessments") or []}
    for key in sorted(recorded.keys() - stored.keys()):
        findings.differ(row, "submission", f"assessment {key[0]}:{key[1]}", "-", "present")
    for key, (assessment, values) in sorted(stored.items()):
        said = recorded.get(key)
        if said is None:
            findings.differ(assessment, "assessment", "event", "present", "-")
            continue
        findings.differ(assessment, "assessment", "level", assessment.level.value, said["level"])
        findings.differ(assessment, "assessment", "comment", assessment.comment, said["comment"])
        shown, recorded_values = _values_text(values), _values_text(said.get("values") or {})
        findings.differ(assessment, "assessedvalue", "value", shown, recorded_values)


def _check_review(findings: _Findings, row: SubmissionRecord, review: RecordedEvent | None) -> None:
    differ = findings.differ
    differ(row, "submission", "review", str(row.review or "-"), review.kind if review else "-")
    if review is None:
        return
    if row.reviewed_at != review.at:
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


def _check_indicator_values(
    session: Session, findings: _Findings, recorded: _Recorded, municipality_id: int | None
) -> None:
    query = select(IndicatorValue)
    if municipality_id is not None:
        query = query.where(IndicatorValue.municipality_id == municipality_id)
    for row in session.exec(query.order_by(col(IndicatorValue.id))):
        found = recorded.indicators.get((row.municipality_id, row.indicator, row.period))
        said = repr(float(found[1])) if found else "-"
        findings.differ(row, "indicatorvalue", "value", repr(float(row.value)), said)
        by = found[0].actor if found else "-"
        findings.differ(row, "indicatorvalue", "imported_by", row.imported_by, by)
