"""Hand in, accept and return deliverables; every step leaves an audit event.

Order of work in `submit`, and why:
1. read and check every file (exists, not empty, under the size limit, a known type by its
   content): bad input stops here, before anything is stored;
2. in one transaction: find the person and the deliverable and check the person may submit
   for that body (a refusal is recorded, in its own commit, and nothing else); then check
   the commitments file or the assessments where the milestone collects them (every
   problem named, line and field, and nothing stored);
3. store the files content-addressed (atomic renames; a crash leaves no referenced partial);
4. in the same transaction: the submission, its files, its commitments or assessments,
   its audit event (which records them), the receipt and any over-frame alert in the
   outbox; committed together or not at all;
5. after the commit, try to send the receipt at once; if that fails the sweep retries it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from arshjul.access import Target, authorise, load_target
from arshjul.context import Context
from arshjul.core.assessments import Assessment
from arshjul.core.commitments import (
    CommitmentKind,
    Commitments,
    parse_commitments,
    read_commitments,
)
from arshjul.core.facts import Review, SubmissionFact
from arshjul.core.filetypes import archive_refusal, sniff
from arshjul.core.instants import STOCKHOLM, local_date
from arshjul.core.lateness import deadline_in_force, hand_in_lateness
from arshjul.core.permissions import Action
from arshjul.core.problems import Problem
from arshjul.core.reminders import NoticeKind
from arshjul.core.template import Collects, Role
from arshjul.core.transitions import SUBMISSION, SubmissionState, submission_state
from arshjul.core.versions import VersionOnRecord, identical_to
from arshjul.errors import CycleClosed, InvalidFile, InvalidInput
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.followup_queries import assessments_of
from arshjul.models.tables import (
    Commitment,
    CommitmentIndicator,
    Person,
    Submission,
    SubmissionFile,
)
from arshjul.notifications import (
    PlannedNotice,
    Recipient,
    enqueue_notice,
    frame_line,
    over_frame_notices,
    recipient_context,
    send_now,
)
from arshjul.services.assessments import check_assessments, payload, store_assessments
from arshjul.services.bounded_files import read_regular_file
from arshjul.services.storage import FileStore, sha256
from arshjul.trail import record


@dataclass(frozen=True)
class SubmissionIn:
    """A hand-in as a person states it (CLI arguments or a web form)."""

    ref: str  # a deliverable id or MILESTONE/BODY
    paths: tuple[Path, ...]
    comment: str = ""
    diarienummer: str = ""
    budget_total_sek: int | None = None
    commitments_path: Path | None = None  # a file, where the milestone collects them; or
    # the same as data chosen in the hand-in form (goals, contributions, vision)
    commitments_form: dict[str, Any] | None = None
    # Where the milestone collects assessments (a follow-up report): from the hand-in form,
    # the document its fields make (arshjul.core.assessments.document_from_fields), or a
    # YAML/JSON file; neither keeps those of the latest version.
    assessments: dict[str, Any] | None = None
    assessments_path: Path | None = None
    municipality: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class ReviewIn:
    """A coordinator's verdict on the latest version: accept, or return with a comment and
    a new deadline."""

    ref: str
    accept: bool
    comment: str = ""
    new_deadline: dt.date | None = None
    municipality: str | None = None
    year: int | None = None
    version: int | None = None  # the version the reviewer saw: a later one is not judged unseen


@dataclass(frozen=True)
class IncomingFile:
    name: str
    data: bytes
    media_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class SubmitOutcome:
    deliverable_id: int
    version: int
    submitted_at: dt.datetime
    late_business_days: int
    deadline: dt.date
    files: list[IncomingFile] = field(default_factory=list)
    identical_to: int | None = None  # an earlier version with the same checksums
    receipt_sent: bool = False
    warnings: list[Problem] = field(default_factory=list)  # in the commitments, assessments
    over_frame: bool = False  # the budget total is above the nämnd's frame
    coordinators_alerted: int = 0


def read_files(paths: list[Path], max_bytes: int) -> list[IncomingFile]:
    """Read and check every file; raise InvalidInput naming the first bad one."""
    files = []
    for path in paths:
        data = read_regular_file(path, max_bytes)
        if not data:
            raise InvalidInput("file_empty", file=str(path))
        media_type = sniff(data)
        if media_type is None:
            refused = archive_refusal(data)
            if refused is not None:
                raise InvalidInput("file_archive_refused", file=str(path), **refused)
            raise InvalidInput("file_type", file=str(path))
        files.append(IncomingFile(path.name, data, media_type, sha256(data)))
    return files


FORM = "formuläret"  # where a problem in commitments chosen in the web form is


@dataclass(frozen=True)
class _Structured:
    """The data a hand-in carries beside its documents, checked before anything is stored."""

    commitments: Commitments | None
    assessments: tuple[Assessment, ...] | None
    warnings: list[Problem]


def _check_structured(
    ctx: Context, target: Target, form: SubmissionIn, incoming: list[IncomingFile]
) -> _Structured:
    """`incoming` are the files after the documents: the commitments file, then the
    assessments file, each where given."""
    commitments, warnings = _check_commitments(
        target, form.commitments_path, incoming, form.commitments_form
    )
    assessments, more = check_assessments(
        ctx,
        target,
        document=form.assessments,
        path=form.assessments_path,
        data=incoming[-1].data if form.assessments_path is not None else None,
    )
    return _Structured(commitments, assessments, warnings + more)


def _check_commitments(
    target: Target,
    path: Path | None,
    incoming: list[IncomingFile],
    chosen: dict[str, Any] | None = None,
) -> tuple[Commitments | None, list[Problem]]:
    """The commitments a milestone collects (a file, or chosen in the form), checked the
    same way as `commitments check` before anything is stored."""
    collects = target.milestone.collects == Collects.COMMITMENTS
    if not collects:
        if path is not None or chosen is not None:
            raise InvalidInput("commitments_not_collected", milestone=target.milestone.key)
        return None, []
    if chosen is not None and path is None:
        found, problems = parse_commitments(
            chosen,
            file=FORM,
            vision_areas=tuple(key for key, _name in target.cycle.vision_areas),
            max_goals=target.cycle.max_goals,
        )
        if found is None:
            raise InvalidFile(FORM, problems)
        return found, problems
    if path is None:
        raise InvalidInput(
            "commitments_required", milestone=target.milestone.key, body=target.body.key
        )
    try:
        text = incoming[0].data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("file_type", file=str(path)) from None
    commitments, problems = read_commitments(
        text,
        file=str(path),
        vision_areas=tuple(key for key, _name in target.cycle.vision_areas),
        max_goals=target.cycle.max_goals,
    )
    if commitments is None:
        raise InvalidFile(str(path), problems)
    return commitments, problems


def _store_structured(
    session: Session, target: Target, submission_id: int, structured: _Structured
) -> None:
    if structured.commitments is not None:
        _store_commitments(session, target, submission_id, structured.commitments)
    if structured.assessments is not None:
        store_assessments(session, target, submission_id, structured.assessments)


def _store_commitments(
    session: Session, target: Target, submission_id: int, commitments: Commitments
) -> None:
    """One row per chosen goal and per vision area stated, each with its indicators."""
    municipality_id = target.municipality.id or 0
    for ref in commitments.refs():
        goal = ref.kind is CommitmentKind.GOAL
        row = Commitment(
            municipality_id=municipality_id,
            cycle_id=target.cycle.id or 0,
            body_id=target.body.id or 0,
            submission_id=submission_id,
            kind=ref.kind,
            key=ref.key,
            statement=commitments.goal_statements[int(ref.key)]
            if goal
            else commitments.vision_statements[ref.key],
        )
        session.add(row)
        if commitments.indicators.get(ref):
            session.flush()
        for position, indicator in enumerate(commitments.indicators.get(ref, ())):
            session.add(
                CommitmentIndicator(
                    municipality_id=municipality_id,
                    commitment_id=row.id or 0,
                    position=position,
                    indicator=indicator.ref,
                    name=indicator.name,
                    unit=indicator.unit,
                    target=indicator.target,
                    direction=indicator.direction,
                )
            )


def _authorised_target(
    ctx: Context, ref: str, municipality: str | None, year: int | None, action: Action
) -> tuple[Target, Person]:
    target = load_target(ctx, ref, municipality, year)
    if target.cycle.closed:
        raise CycleClosed(target.municipality.code, target.cycle.budget_year)
    return target, authorise(ctx, action, target.scope)


def _notice(
    kind: str,
    key: str,
    target: Target,
    recipient: Recipient,
    context: dict[str, Any],
    today: dt.date,
) -> PlannedNotice:
    base = {
        "municipality": {"code": target.municipality.code, "name": target.municipality.name},
        "budget_year": target.cycle.budget_year,
        "deliverable_id": target.deliverable.id,
        "recipient": recipient_context(recipient),
        "body": {"key": target.body.key, "name": target.body.name},
        "milestone": {
            "key": target.milestone.key,
            "title": target.milestone.title,
            "deliverable": target.milestone.deliverable,
            "description": "",
        },
        "deadline": target.planned_deadline,
    }
    return PlannedNotice(
        key,
        NoticeKind(kind),
        today,
        target.municipality.id or 0,
        recipient,
        target.deliverable.id,
        {**base, **context},
    )


def submit(ctx: Context, form: SubmissionIn) -> SubmitOutcome:
    """Hand in the form's files (and, for a milestone that collects them, the commitments
    file or the assessments, which are checked, stored as rows and recorded in the trail;
    a file is also kept as one of the files)."""
    extra = [p for p in (form.commitments_path, form.assessments_path) if p is not None]
    files = read_files([*form.paths, *extra], int(ctx.settings.max_file_mb * 1024 * 1024))
    target, person = _authorised_target(ctx, form.ref, form.municipality, form.year, Action.SUBMIT)
    structured = _check_structured(ctx, target, form, files[len(form.paths) :])
    store = FileStore(ctx.settings.resolved_files_dir)
    now = ctx.now()
    with Session(writing(ctx.database())) as session, session.begin():
        versions = list(
            session.exec(
                select(Submission)
                .where(Submission.deliverable_id == target.deliverable.id)
                .order_by(col(Submission.version))
            )
        )
        deadline = deadline_in_force(target.planned_deadline, [_fact(v) for v in versions], now)
        outcome = SubmitOutcome(
            target.deliverable.id or 0,
            len(versions) + 1,
            now,
            # an optional step is never late: it may be taken, need not be
            0 if target.milestone.optional else hand_in_lateness(deadline, now),
            deadline,
            files,
        )
        outcome.warnings = structured.warnings
        latest = versions[-1] if versions else None
        repeated = identical_to(
            _on_record(session, latest),
            (f.sha256 for f in files),
            form.budget_total_sek,
            structured.assessments or (),
        )
        if repeated is not None:
            for incoming in files:  # restores a stored copy that went missing or changed
                store.put(incoming.data)
            outcome.identical_to = outcome.version = repeated
            return outcome
        state = submission_state(latest.review if latest else None, latest is not None)
        if not SUBMISSION.allows(state, SubmissionState.SUBMITTED):
            raise InvalidInput("not_submittable", ref=form.ref, state=str(state))
        for incoming in files:
            store.put(incoming.data)
        submission = _store_version(session, target, person, form, outcome)
        _store_structured(session, target, submission.id or 0, structured)
        _record_submitted(
            ctx.at(now), session, target, person, form, outcome, submission, structured
        )
        receipt_key = _queue_receipt(ctx, session, target, person, form, outcome, submission)
        alert_keys = _queue_frame_alerts(ctx, session, target, person, form, outcome)
    sent = send_now(ctx, [receipt_key, *alert_keys])
    outcome.receipt_sent = receipt_key in sent
    outcome.coordinators_alerted = len(sent.intersection(alert_keys))
    return outcome


def _on_record(session: Session, latest: Submission | None) -> VersionOnRecord | None:
    """The latest version as the identical-hand-in check compares it."""
    if latest is None:
        return None
    checksums = session.exec(
        select(SubmissionFile.sha256).where(SubmissionFile.submission_id == latest.id)
    ).all()
    assessments = assessments_of(session=session, submission_ids=[latest.id or 0])
    return VersionOnRecord(
        latest.version,
        tuple(checksums),
        latest.review,
        latest.budget_total_sek,
        assessments.get(latest.id or 0, ()),
    )


def _file_list(files: list[IncomingFile]) -> list[dict[str, Any]]:
    return [
        {"name": f.name, "size": f.size, "sha256": f.sha256, "media_type": f.media_type}
        for f in files
    ]


def _store_version(
    session: Session, target: Target, person: Person, form: SubmissionIn, outcome: SubmitOutcome
) -> Submission:
    """The new version and its files' rows (the files themselves are already stored)."""
    submission = Submission(
        municipality_id=target.municipality.id or 0,
        deliverable_id=outcome.deliverable_id,
        version=outcome.version,
        submitted_by=person.id,
        submitted_at=outcome.submitted_at,
        comment=form.comment,
        diarienummer=form.diarienummer,
        budget_total_sek=form.budget_total_sek,
    )
    session.add(submission)
    session.flush()
    for incoming in outcome.files:
        session.add(
            SubmissionFile(
                municipality_id=target.municipality.id or 0,
                submission_id=submission.id or 0,
                name=incoming.name,
                size=incoming.size,
                sha256=incoming.sha256,
                media_type=incoming.media_type,
            )
        )
    return submission


def _record_submitted(
    ctx: Context,
    session: Session,
    target: Target,
    person: Person,
    form: SubmissionIn,
    outcome: SubmitOutcome,
    submission: Submission,
    structured: _Structured,
) -> None:
    """The hand-in in the trail, with everything `audit verify` compares its rows to."""
    record(
        ctx,
        session,
        municipality_id=target.municipality.id or 0,
        actor=person.email,
        kind="submitted",
        subject=target.subject,
        payload={
            **target.payload(),
            "version": outcome.version,
            "submission_id": submission.id,
            "files": _file_list(outcome.files),
            "late_business_days": outcome.late_business_days,
            "deadline_in_force": outcome.deadline.isoformat(),
            "comment": form.comment,
            "diarienummer": form.diarienummer,
            "budget_total_sek": form.budget_total_sek,
            "commitments": _commitments_payload(structured.commitments),
            "assessments": payload(structured.assessments),
        },
    )


def _commitments_payload(commitments: Commitments | None) -> dict[str, Any] | None:
    if commitments is None:
        return None
    found: dict[str, Any] = {
        "goals": list(commitments.goals),
        "vision_areas": sorted(commitments.vision_statements),
    }
    if commitments.indicators:
        found["indicators"] = {
            ref.path: [i.ref for i in named]
            for ref, named in sorted(commitments.indicators.items())
        }
    return found


def _queue_receipt(
    ctx: Context,
    session: Session,
    target: Target,
    person: Person,
    form: SubmissionIn,
    outcome: SubmitOutcome,
    submission: Submission,
) -> str:
    """The receipt to the person who handed in, queued in the hand-in's transaction."""
    recipient = Recipient(person.name, person.email, Role.SECRETARY)
    submitted_at = outcome.submitted_at.astimezone(STOCKHOLM)
    notice = _notice(
        "receipt",
        f"receipt|s{submission.id}|{person.email}",
        target,
        recipient,
        {
            "version": outcome.version,
            "submitted_at": submitted_at.strftime("%Y-%m-%d %H:%M:%S"),
            "files": _file_list(outcome.files),
            "late_business_days": outcome.late_business_days,
            "deadline": outcome.deadline,
            "comment": form.comment,
            "diarienummer": form.diarienummer,
        },
        submitted_at.date(),
    )
    return enqueue_notice(session, notice, ctx)


def _queue_frame_alerts(
    ctx: Context,
    session: Session,
    target: Target,
    person: Person,
    form: SubmissionIn,
    outcome: SubmitOutcome,
) -> list[str]:
    """The coordinators' alerts when the budget total handed in is over the frame."""
    if form.budget_total_sek is None:
        return []
    line = frame_line(session, cycle_id=target.cycle.id or 0, body=target.body)
    outcome.over_frame = line.over_frame
    alerts = over_frame_notices(
        session,
        cycle=target.cycle,
        body=target.body,
        line=line,
        actor=f"{person.name} <{person.email}>",
        today=local_date(outcome.submitted_at),
    )
    return [enqueue_notice(session, alert, ctx) for alert in alerts]


def review(ctx: Context, form: ReviewIn) -> tuple[Submission, bool]:
    """Accept the latest version, or return it with a comment and a new deadline."""
    accept, comment, new_deadline = form.accept, form.comment, form.new_deadline
    if not accept and (not comment.strip() or new_deadline is None):
        raise InvalidInput("return_needs")
    if new_deadline is not None and new_deadline < ctx.today():
        raise InvalidInput("deadline_past", date=new_deadline.isoformat())
    target, person = _authorised_target(ctx, form.ref, form.municipality, form.year, Action.REVIEW)
    now = ctx.now()
    outcome = Review.ACCEPTED if accept else Review.RETURNED
    with Session(writing(ctx.database())) as session, session.begin():
        latest = session.exec(
            select(Submission)
            .where(Submission.deliverable_id == target.deliverable.id)
            .order_by(col(Submission.version).desc())
        ).first()
        state = submission_state(latest.review if latest else None, latest is not None)
        if latest is None or not SUBMISSION.allows(state, SubmissionState(outcome.value)):
            raise InvalidInput("nothing_to_review", ref=form.ref)
        if form.version is not None and latest.version != form.version:
            raise InvalidInput("newer_version", seen=form.version, latest=latest.version)
        latest.review = outcome
        latest.reviewed_at = now
        latest.reviewed_by = person.id
        latest.review_comment = comment
        latest.new_deadline = None if accept else new_deadline
        session.add(latest)
        session.flush()
        record(
            ctx.at(now),
            session,
            municipality_id=target.municipality.id or 0,
            actor=person.email,
            kind=outcome.value,
            subject=target.subject,
            payload={
                **target.payload(),
                "version": latest.version,
                "submission_id": latest.id,
                "comment": comment,
                "new_deadline": new_deadline.isoformat() if new_deadline and not accept else None,
            },
        )
        secretaries = queries.people_with_role(
            session=session,
            municipality_id=target.municipality.id or 0,
            role=Role.SECRETARY,
            body_id=target.body.id,
            today=local_date(now),
            copy_absent=ctx.settings.stand_in_copies_absent,
        )
        keys: list[str] = []
        for secretary in secretaries:
            notice = _notice(
                "review",
                f"review|s{latest.id}|{outcome.value}|{secretary.email}",
                target,
                Recipient(secretary.name, secretary.email, Role.SECRETARY),
                {
                    "outcome": outcome.value,
                    "version": latest.version,
                    "comment": comment,
                    "new_deadline": new_deadline,
                    "reviewer": person.name,
                },
                local_date(now),
            )
            keys.append(enqueue_notice(session, notice, ctx))
        session.expunge(latest)
    return latest, bool(keys) and send_now(ctx, keys) == set(keys)


def _fact(version: Submission) -> SubmissionFact:
    return SubmissionFact(
        version.submitted_at, version.review, version.reviewed_at, version.new_deadline
    )
