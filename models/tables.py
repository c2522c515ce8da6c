"""The tables. Instants are `UTCDateTime` (aware, UTC); deadlines are plain dates (Stockholm days).

Rows are never deleted by planning: a milestone or deliverable that leaves the template is
marked inactive, because submissions and audit events may point at it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from arshjul.models.types import StrEnumType, UTCDateTime
from sqlalchemy import (
    DDL,
    JSON,
    BigInteger,
    Boolean,
    Column,
    Integer,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlmodel import AutoString, Field, SQLModel

from arshjul.core.assessments import Level
from arshjul.core.calendar import Shift
from arshjul.core.commitments import CommitmentKind
from arshjul.core.facts import Review
from arshjul.core.indicators import Direction, Source
from arshjul.core.kinds import BodyKind, CompletedBy, Role
from arshjul.core.reminders import NoticeKind
from arshjul.core.transitions import OutboxState


def _instant(nullable: bool = False, **kw: Any) -> Any:
    return Field(sa_column=Column(UTCDateTime(), nullable=nullable), **kw)


def _enum(enum: type[StrEnum], nullable: bool = False, **kw: Any) -> Any:
    return Field(sa_column=Column(StrEnumType(enum), nullable=nullable), **kw)


def _json(default: Any) -> Any:
    return Field(default_factory=default, sa_column=Column(JSON, nullable=False))


class _Table(SQLModel):
    """Every table's base: pydantic builds a model's validator when one is first used, not
    when the module is imported. Table models skip validation on construction, so most
    commands never need them, and building seventeen cost every command 8 ms."""

    model_config = {"defer_build": True}


# One row per municipality (kommun), identified by its four-digit kommunkod.
class Municipality(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=4)
    name: str


# A body of the municipality: KF, KS, a nämnd, the auditors, an office or a group.
class Body(_Table, table=True):
    __table_args__ = (UniqueConstraint("municipality_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    key: str
    name: str
    kind: BodyKind = _enum(BodyKind)
    position: int = 0
    active: bool = True


# A person with a role, optionally tied to one body (a nämnd's secretary).
class Person(_Table, table=True):
    __table_args__ = (UniqueConstraint("municipality_id", "body_id", "email", "role"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    body_id: int | None = Field(default=None, foreign_key="body.id")
    name: str
    email: str
    role: Role = _enum(Role)
    active: bool = True


# One municipality's cycle for one budget year: from preparation to annual report.
class Cycle(_Table, table=True):
    __table_args__ = (UniqueConstraint("municipality_id", "budget_year"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    budget_year: int
    starts: dt.date
    ends: dt.date
    template_file: str
    template_sha256: str
    due_soon_days: int = 7
    vision_areas: list[list[str]] = _json(list)  # [key, name] per area of the vision
    max_goals: int = 5  # Agenda 2030 goals a nämnd may choose
    planned_at: dt.datetime = _instant()
    closed: bool = False


# A sammanträde (meeting) of a body in a cycle.
class Meeting(_Table, table=True):
    __table_args__ = (UniqueConstraint("cycle_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    body_id: int = Field(foreign_key="body.id")
    key: str
    title: str
    date: dt.date
    nominal_date: dt.date
    shift_rule: Shift = _enum(Shift)
    shift_passed: list[list[str]] = _json(list)
    active: bool = True
    days: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))


# A milestone of a cycle: one deliverable with one deadline, owed by one or more bodies.
class Milestone(_Table, table=True):
    __table_args__ = (UniqueConstraint("cycle_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    key: str
    position: int
    title: str
    deliverable: str
    description: str = ""
    rule: dict[str, Any] = _json(dict)
    depends_on: list[str] = _json(list)
    deadline: dt.date = Field(index=True)
    nominal_deadline: dt.date
    shift_rule: Shift = _enum(Shift)
    shift_passed: list[list[str]] = _json(list)  # [iso date, name sv, name en] per day off
    reminders: dict[str, Any] = _json(dict)  # ReminderSchedule.as_dict()
    opens_on_decision: str = ""  # key of the milestone whose recorded decision opens this one
    collects: str = ""  # structured data its submissions carry: "commitments", "assessments"
    phase: str = ""  # arshjul.core.phases.Phase: planering, budget, beslut, uppföljning, bokslut
    completed_by: CompletedBy = Field(
        default=CompletedBy.HAND_IN,
        sa_column=Column(StrEnumType(CompletedBy), nullable=False, server_default="hand_in"),
    )
    active: bool = True
    # a step that may be taken: its deliverables are "frivillig", never late or chased
    optional: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    meeting: str = ""  # key of the meeting the deadline is counted from (a decision's meeting)


# What one body owes for one milestone; status is derived from it and its submissions.
class Deliverable(_Table, table=True):
    __table_args__ = (UniqueConstraint("milestone_id", "body_id"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    milestone_id: int = Field(foreign_key="milestone.id", index=True)
    body_id: int = Field(foreign_key="body.id", index=True)
    active: bool = True
    # A new deadline a coordinator gave this body alone (no review round), and why; the
    # milestone's deadline holds for everyone else. Its history is the audit trail.
    deadline_override: dt.date | None = None
    override_reason: str = ""
    # "Inte aktuell": a coordinator's word that this body owes nothing for it this year
    # (never chased, never late), and why; reversible, its history is the audit trail.
    not_applicable: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    not_applicable_reason: str = Field(
        default="", sa_column=Column(AutoString, nullable=False, server_default="")
    )


# A deadline that moved: a cycle planned again with a changed template (every deliverable
# of the milestone), or one body's deliverable given a new deadline (`deliverable_id`).
class DeadlineChange(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    milestone_id: int = Field(foreign_key="milestone.id")
    deliverable_id: int | None = Field(default=None, foreign_key="deliverable.id")
    old_deadline: dt.date
    new_deadline: dt.date
    old_rule: dict[str, Any] = _json(dict)
    new_rule: dict[str, Any] = _json(dict)
    changed_at: dt.datetime = _instant()


# One version of a municipality's wheel (its cycle template, as text): every plan, upload,
# calendar or edit that changed it adds one; the newest is the source of truth that
# `arshjul template export` writes and a preview is made against.
class TemplateVersion(_Table, table=True):
    __table_args__ = (UniqueConstraint("municipality_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    version: int  # 1, 2, ... per municipality
    text: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str = Field(max_length=64)
    file: str = ""  # the file name it came from (shown, and the download's name)
    source: str = "plan"  # plan | upload | meetings | edit
    author: str
    reason: str = ""
    created_at: dt.datetime = _instant()


# One version of a body's submission for a deliverable, and its review.
class Submission(_Table, table=True):
    __table_args__ = (UniqueConstraint("deliverable_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    deliverable_id: int = Field(foreign_key="deliverable.id", index=True)
    version: int
    submitted_by: int | None = Field(default=None, foreign_key="person.id")
    submitted_at: dt.datetime = _instant()
    comment: str = ""
    diarienummer: str = ""
    review: Review | None = _enum(Review, nullable=True, default=None)
    reviewed_at: dt.datetime | None = _instant(nullable=True, default=None)
    reviewed_by: int | None = Field(default=None, foreign_key="person.id")
    review_comment: str = ""
    new_deadline: dt.date | None = None  # set with a return
    budget_total_sek: int | None = None  # a budget submission's total, for ramstyrning


# A stand-in (ersättare): from `first` to `last` (Stockholm days, inclusive) the notices
# meant for the absent person go to the stand-in, who may also act for their bodies.
class StandIn(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    absent_email: str = Field(index=True)
    stand_in_email: str = Field(index=True)
    first: dt.date
    last: dt.date
    reason: str = ""
    created_by: str
    created_at: dt.datetime = _instant()
    ended_at: dt.datetime | None = _instant(nullable=True, default=None)  # ended early


# A file of a submission, stored content-addressed by its SHA-256.
class SubmissionFile(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    name: str
    size: int
    sha256: str = Field(max_length=64)
    media_type: str


# One commitment of a nämnd for a budget year, handed in with its verksamhetsplan: a chosen
# Agenda 2030 goal (key "1".."17") or a vision area (its key), with the nämnd's statement.
# Rows belong to the submission version they came with, so earlier versions stay on record.
class Commitment(_Table, table=True):
    __table_args__ = (UniqueConstraint("submission_id", "kind", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    body_id: int = Field(foreign_key="body.id")
    submission_id: int = Field(foreign_key="submission.id", index=True)
    kind: CommitmentKind = _enum(CommitmentKind)
    key: str
    statement: str


# An indicator a nämnd names for one of its commitments: a Kolada KPI or a local one, with
# its target and whether higher or lower is better. Belongs to the commitment's row.
class CommitmentIndicator(_Table, table=True):
    __table_args__ = (UniqueConstraint("commitment_id", "indicator"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    commitment_id: int = Field(foreign_key="commitment.id", index=True)
    position: int = 0
    indicator: str  # the Kolada id (N00945) or the local key
    name: str
    unit: str = ""
    target: float | None = None
    direction: Direction = _enum(Direction)


# A nämnd's assessment of one of its commitments in one version of a follow-up report
# (tertial report, delårsrapport, verksamhetsberättelse), with its comment. Rows belong to
# the submission version, like commitments: earlier versions stay on record.
class Assessment(_Table, table=True):
    __table_args__ = (UniqueConstraint("submission_id", "kind", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    body_id: int = Field(foreign_key="body.id")
    submission_id: int = Field(foreign_key="submission.id", index=True)
    kind: CommitmentKind = _enum(CommitmentKind)
    key: str
    level: Level = _enum(Level)
    comment: str = ""


# A value of one of the commitment's indicators, given with the assessment.
class AssessedValue(_Table, table=True):
    __table_args__ = (UniqueConstraint("assessment_id", "indicator"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    indicator: str
    value: float


# An indicator's value for the whole municipality and one year, imported from Kolada (a
# file in its API format, or the API) or a CSV file; a later import of the same year
# replaces it, and every import is in the audit trail with the values it wrote.
class IndicatorValue(_Table, table=True):
    __table_args__ = (UniqueConstraint("municipality_id", "indicator", "period"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    indicator: str
    period: int  # the year
    value: float
    source: Source = _enum(Source)
    imported_at: dt.datetime = _instant()
    imported_by: str


# KF's budget frame (ramstyrning) for one nämnd and budget year.
class BudgetFrame(_Table, table=True):
    __table_args__ = (UniqueConstraint("cycle_id", "body_id"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    body_id: int = Field(foreign_key="body.id")
    amount_sek: int
    decision_id: int | None = Field(default=None, foreign_key="decision.id")
    set_at: dt.datetime = _instant()
    set_by: str


# A decision by KF, KS or a nämnd (a paragraph of its minutes), with its statutory dates.
class Decision(_Table, table=True):
    __table_args__ = (UniqueConstraint("body_id", "meeting_date", "paragraph"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    body_id: int = Field(foreign_key="body.id")
    cycle_id: int | None = Field(default=None, foreign_key="cycle.id")
    milestone_id: int | None = Field(default=None, foreign_key="milestone.id")
    meeting_date: dt.date
    paragraph: str  # "§ 45"
    diarienummer: str = ""
    title: str
    omedelbar: bool = False
    justered_on: dt.date | None = None
    announced_on: dt.date | None = None
    recorded_at: dt.datetime = _instant()
    recorded_by: str


# Append-only audit trail, hash-chained per municipality.
class AuditEvent(_Table, table=True):
    __table_args__ = (UniqueConstraint("municipality_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    seq: int
    at: dt.datetime = _instant()
    actor: str
    kind: str
    subject: str
    payload: dict[str, Any] = _json(dict)
    prev_hash: str = ""
    hash: str = ""


# A message to send, recorded (rendered) before sending under a unique key so it goes out once.
class OutboxMessage(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    key: str = Field(unique=True)  # kind, deliverable, notice, deadline, recipient, due date
    deliverable_id: int | None = Field(default=None, foreign_key="deliverable.id", index=True)
    kind: NoticeKind = _enum(NoticeKind)
    recipient: str
    recipient_name: str = ""
    due_date: dt.date
    subject: str = ""
    body_text: str = ""
    body_html: str = ""
    ics: str = ""
    attachment_name: str = ""
    attachment: str = ""  # JSON text, e.g. an audit checkpoint for the auditors
    message_id: str = ""
    state: OutboxState = Field(
        default=OutboxState.PENDING,
        sa_column=Column(StrEnumType(OutboxState), nullable=False, index=True),
    )
    attempts: int = 0
    last_error: str = ""
    claim: str = ""  # which delivery run holds it while state is 'sending'
    claimed_at: dt.datetime | None = _instant(nullable=True, default=None)
    next_attempt_at: dt.datetime = _instant()
    created_at: dt.datetime = _instant()
    sent_at: dt.datetime | None = _instant(nullable=True, default=None)


# A signed statement of a municipality's chain head: the anchor outside the hash chain.
class AuditCheckpoint(_Table, table=True):
    __table_args__ = (UniqueConstraint("municipality_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    seq: int
    hash: str = Field(max_length=64)
    at: dt.datetime = _instant()
    signature: str  # hex, Ed25519 over arshjul.core.checkpoints.Checkpoint.message()
    public_key: str  # hex, raw


# How far a municipality's chain has been verified: the event (number and hash) up to which
# every hash was recomputed and found whole, so the next check hashes only the events after
# it (arshjul.services.chain_checks). A derived record, not part of the trail: losing it
# costs one check from the start, and `audit verify --full` never reads it.
class ChainVerification(_Table, table=True):
    municipality_id: int = Field(foreign_key="municipality.id", primary_key=True)
    seq: int  # the last event verified
    hash: str = Field(max_length=64)  # its hash, as it was verified
    verified_at: dt.datetime = _instant()
    full_at: dt.datetime | None = _instant(nullable=True)  # the last check from the start


# A lock that one process holds at a time across hosts (one sweep at a time), with a short
# lease its holder's heartbeat renews, and the holder's host, PID and the PID's start time
# so that a holder that died loses it at once on its own host (ADR 12).
class RunLock(_Table, table=True):
    name: str = Field(primary_key=True)
    holder: str = ""
    acquired_at: dt.datetime | None = _instant(nullable=True, default=None)
    expires_at: dt.datetime | None = _instant(nullable=True, default=None)
    host: str = ""
    pid: int = 0
    pid_started: int = Field(default=0, sa_type=BigInteger)


# A one-time sign-in link sent by e-mail (arshjul.services.sign_in). Only the SHA-256 of its
# token is kept; the link works once, for 15 minutes.
class SignInLink(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    email: str = Field(index=True)
    created_at: dt.datetime = _instant()
    expires_at: dt.datetime = _instant()
    used_at: dt.datetime | None = _instant(nullable=True, default=None)
    next_path: str = ""  # the page asked for before signing in (a path on this site)


# A request for a sign-in link, kept to limit how often one address or one client may ask.
# Both are kept as SHA-256 only: an address nobody has is not stored in the clear.
class SignInRequest(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    address_hash: str = Field(max_length=64, index=True)
    client_hash: str = Field(max_length=64, index=True)
    at: dt.datetime = _instant()


# A signed-in browser. Its cookie holds a random token, this row the token's SHA-256; the
# row can be ended (logout, an administrator, or time) and then the cookie opens nothing.
class WebSession(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    email: str = Field(index=True)  # who signed in: their grants are read per request
    method: str = "link"  # "link" (a sign-in link) or "oidc" (single sign-on)
    csrf: str = Field(max_length=64)  # what every form of this session must send back
    created_at: dt.datetime = _instant()
    last_seen_at: dt.datetime = _instant()
    ended_at: dt.datetime | None = _instant(nullable=True, default=None)
    ended_by: str = ""  # "logout", "expired" or the administrator's address


# A personal calendar subscription: the feed's URL holds a random token, this row its
# SHA-256; revoking the row stops the feed wherever it was subscribed.
class CalendarToken(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    email: str = Field(index=True)
    created_at: dt.datetime = _instant()
    revoked_at: dt.datetime | None = _instant(nullable=True, default=None)


# The audit trail is append-only in the database itself, not only by convention: triggers
# on SQLite and on PostgreSQL (where the application's role should also lack UPDATE and
# DELETE on the table; see the README's roles).
event.listen(
    AuditEvent.__table__,  # type: ignore[attr-defined]
    "after_create",
    DDL(  # type: ignore[no-untyped-call]
        "CREATE FUNCTION auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'auditevent is append-only'; END $$; "
        "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
        "ON auditevent FOR EACH STATEMENT EXECUTE FUNCTION auditevent_append_only()"
    ).execute_if(dialect="postgresql"),
)
# PostgreSQL: the chain's lock and its head in one statement. The head must be read after
# the lock is granted, with a snapshot that sees what the previous holder committed; a
# single SELECT takes its snapshot before it waits, so the function does the two in turn
# (a VOLATILE function takes a fresh snapshot for each statement in it). Created by
# migration 0011; "<seq> <hash>", or NULL for a chain with no events.
LOCKED_HEAD = """
CREATE OR REPLACE FUNCTION arshjul_locked_head(space integer, municipality integer)
RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE found text;
BEGIN
    PERFORM pg_advisory_xact_lock(space, municipality);
    SELECT seq::text || ' ' || hash INTO found FROM auditevent
    WHERE municipality_id = municipality ORDER BY seq DESC LIMIT 1;
    RETURN found;
END $$
"""
DROP_LOCKED_HEAD = "DROP FUNCTION IF EXISTS arshjul_locked_head(integer, integer)"
event.listen(
    AuditEvent.__table__,  # type: ignore[attr-defined]
    "after_create",
    DDL(LOCKED_HEAD).execute_if(dialect="postgresql"),  # type: ignore[no-untyped-call]
)
for _operation in ("UPDATE", "DELETE"):
    event.listen(
        AuditEvent.__table__,  # type: ignore[attr-defined]  # SQLAlchemy sets it at mapping
        "after_create",
        DDL(  # type: ignore[no-untyped-call]
            f"CREATE TRIGGER audit_event_no_{_operation.lower()} BEFORE {_operation} "
            "ON auditevent BEGIN SELECT RAISE(ABORT, 'auditevent is append-only'); END"
        ).execute_if(dialect="sqlite"),
    )
