"""Hand in, accept and return deliverables; every step leaves an audit event.

Order of work in `submit`, and why:
1. read and check every file (exists, not empty, under the size limit, a known type by its
   content): bad input stops here, before anything is stored;
2. in one transaction: find the person and the deliverable and check the person may submit
   for that body (a refusal is recorded, in its own commit, and nothing else); then check
   the commitments file when the milestone collects one (every problem named, line and
   field, and nothing stored);
3. store the files content-addressed (atomic renames; a crash leaves no referenced partial);
4. in the same transaction: the submission, its files, its commitments, its audit event,
   the receipt and any over-frame alert in the outbox; committed together or not at all;
5. after the commit, try to send the receipt at once; if that fails the sweep retries it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from arshjul.services.access import Target, find_target, grants_of, refusal
from arshjul.core.calendar import business_days_between
from arshjul.core.commitments import Commitments, read_commitments
from arshjul.core.filetypes import sniff
from arshjul.core.instants import STOCKHOLM, local_date
from arshjul.core.permissions import Action, may
from arshjul.core.problems import Problem
from arshjul.core.reminders import NoticeKind
from arshjul.core.template import Collects
from arshjul.errors import InvalidFile, InvalidInput, NotFound
from arshjul.services.frame_alerts import frame_line, over_frame_notices
from arshjul.services.notices import PlannedNotice, recipient_context
from arshjul.services.outbox import enqueue_notice, send_now
from arshjul.settings import Settings
from arshjul.services.storage import FileStore, sha256
from models.audit import append_event
from models.reminder_queries import Recipient
from models.tables import (
    Commitment,
    Person,
    Submission,
    SubmissionFile,
)


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
    warnings: list[Problem] = field(default_factory=list)  # in the commitments file
    over_frame: bool = False  # the budget total is above the nämnd's frame
    coordinators_alerted: int = 0


def read_files(paths: list[Path], max_bytes: int) -> list[IncomingFile]:
    """Read and check every file; raise InvalidInput naming the first bad one."""
    files = []
    for path in paths:
        if not path.is_file():
            raise InvalidInput("file_missing", file=str(path))
        size = path.stat().st_size
        if size == 0:
            raise InvalidInput("file_empty", file=str(path))
        if size > max_bytes:
            raise InvalidInput("file_too_large", file=str(path), size=size, limit=max_bytes)
        data = path.read_bytes()
        media_type = sniff(data)
        if media_type is None:
            raise InvalidInput("file_type", file=str(path))
        files.append(IncomingFile(path.name, data, media_type, sha256(data)))
    return files


def _check_commitments(
    target: Target, path: Path | None, incoming: list[IncomingFile]
) -> tuple[Commitments | None, list[Problem]]:
    """The commitments a milestone collects, checked before anything is stored."""
    collects = target.milestone.collects == Collects.COMMITMENTS
    if not collects:
        if path is not None:
            raise InvalidInput("commitments_not_collected", milestone=target.milestone.key)
        return None, []
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


def _store_commitments(
    session: Session, target: Target, submission_id: int, commitments: Commitments
) -> None:
    rows = [("goal", str(n), commitments.goal_statements[n]) for n in commitments.goals]
    rows += [("vision", key, text) for key, text in commitments.vision_statements.items()]
    for kind, key, statement in rows:
        session.add(
            Commitment(
                municipality_id=target.municipality.id or 0,
                cycle_id=target.cycle.id or 0,
                body_id=target.body.id or 0,
                submission_id=submission_id,
                kind=kind,
                key=key,
                statement=statement,
            )
        )


def _authorise(
    engine: Engine,
    *,
    actor: str | None,
    ref: str,
    municipality: str | None,
    year: int | None,
    action: Action,
    now: dt.datetime,
) -> tuple[Target, Person]:
    if not actor:
        raise InvalidInput("who_are_you")
    with Session(engine) as session:
        target = find_target(
            session=session, ref=ref, municipality=municipality, year=year, today=local_date(now)
        )
        people, grants = grants_of(
            session=session, email=actor, municipality_id=target.municipality.id or 0
        )
        if target.cycle.closed:
            raise InvalidInput("cycle_closed", year=target.cycle.budget_year)
        session.expunge_all()
    if not people:
        raise NotFound("unknown_person", person=actor, municipality=target.municipality.name)
    if not may(action, grants, target.body.key):
        raise refusal(
            engine,
            municipality_id=target.municipality.id or 0,
            actor=actor,
            action=action,
            subject=target.subject,
            payload=target.payload(),
            body=target.body.key,
            now=now,
        )
    return target, people[0]


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
        "deadline": target.milestone.deadline,
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


def submit(
    *,
    engine: Engine,
    settings: Settings,
    actor: str | None,
    ref: str,
    paths: list[Path],
    comment: str = "",
    diarienummer: str = "",
    budget_total_sek: int | None = None,
    commitments_path: Path | None = None,
    municipality: str | None = None,
    year: int | None = None,
    now: dt.datetime,
) -> SubmitOutcome:
    """Hand in `paths` (and, for a milestone that collects them, the commitments file,
    which is checked, stored as rows and kept as one of the files)."""
    extra = [commitments_path] if commitments_path is not None else []
    files = read_files([*paths, *extra], int(settings.max_file_mb * 1024 * 1024))
    target, person = _authorise(
        engine,
        actor=actor,
        ref=ref,
        municipality=municipality,
        year=year,
        action=Action.SUBMIT,
        now=now,
    )
    commitments, warnings = _check_commitments(target, commitments_path, files[len(paths) :])
    store = FileStore(settings.resolved_files_dir)
    with Session(engine) as session, session.begin():
        versions = list(
            session.exec(
                select(Submission)
                .where(Submission.deliverable_id == target.deliverable.id)
                .order_by(col(Submission.version))
            )
        )
        deadline = target.milestone.deadline
        for earlier in versions:
            if earlier.review == "returned" and earlier.new_deadline:
                deadline = earlier.new_deadline
        handed_in = local_date(now)
        late = max(business_days_between(deadline, handed_in), 0) if handed_in > deadline else 0
        outcome = SubmitOutcome(
            target.deliverable.id or 0, len(versions) + 1, now, late, deadline, files
        )
        outcome.warnings = warnings
        if versions:
            latest = versions[-1]
            checksums = sorted(
                session.exec(
                    select(SubmissionFile.sha256).where(SubmissionFile.submission_id == latest.id)
                ).all()
            )
            if (
                checksums == sorted(f.sha256 for f in files)
                and latest.review != "returned"
                and latest.budget_total_sek == budget_total_sek
            ):
                outcome.identical_to = latest.version
                outcome.version = latest.version
                return outcome
        for incoming in files:
            store.put(incoming.data)
        submission = Submission(
            municipality_id=target.municipality.id or 0,
            deliverable_id=outcome.deliverable_id,
            version=outcome.version,
            submitted_by=person.id,
            submitted_at=now,
            comment=comment,
            diarienummer=diarienummer,
            budget_total_sek=budget_total_sek,
        )
        session.add(submission)
        session.flush()
        for incoming in files:
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
        file_list = [
            {"name": f.name, "size": f.size, "sha256": f.sha256, "media_type": f.media_type}
            for f in files
        ]
        if commitments is not None:
            _store_commitments(session, target, submission.id or 0, commitments)
        append_event(
            session=session,
            municipality_id=target.municipality.id or 0,
            actor=actor or "",
            kind="submitted",
            subject=target.subject,
            payload={
                **target.payload(),
                "version": outcome.version,
                "submission_id": submission.id,
                "files": file_list,
                "late_business_days": late,
                "deadline_in_force": deadline.isoformat(),
                "comment": comment,
                "diarienummer": diarienummer,
                "budget_total_sek": budget_total_sek,
                "commitments": None
                if commitments is None
                else {
                    "goals": list(commitments.goals),
                    "vision_areas": sorted(commitments.vision_statements),
                },
            },
            at=now,
        )
        recipient = Recipient(person.name, person.email, "secretary")
        notice = _notice(
            "receipt",
            f"receipt|s{submission.id}|{person.email}",
            target,
            recipient,
            {
                "version": outcome.version,
                "submitted_at": now.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M:%S"),
                "files": file_list,
                "late_business_days": late,
                "deadline": deadline,
                "comment": comment,
                "diarienummer": diarienummer,
            },
            handed_in,
        )
        receipt_key = enqueue_notice(session, notice, settings, now)
        alerts = []
        if budget_total_sek is not None:
            line = frame_line(session, cycle_id=target.cycle.id or 0, body=target.body)
            outcome.over_frame = line.over_frame
            alerts = over_frame_notices(
                session,
                cycle=target.cycle,
                body=target.body,
                line=line,
                actor=f"{person.name} <{person.email}>",
                today=handed_in,
            )
        alert_keys = [enqueue_notice(session, alert, settings, now) for alert in alerts]
    sent = send_now(engine, settings, now, [receipt_key, *alert_keys])
    outcome.receipt_sent = receipt_key in sent
    outcome.coordinators_alerted = len(sent.intersection(alert_keys))
    return outcome


def review(
    *,
    engine: Engine,
    settings: Settings,
    actor: str | None,
    ref: str,
    accept: bool,
    comment: str = "",
    new_deadline: dt.date | None = None,
    municipality: str | None = None,
    year: int | None = None,
    now: dt.datetime,
) -> tuple[Submission, bool]:
    """Accept the latest version, or return it with a comment and a new deadline."""
    if not accept and (not comment.strip() or new_deadline is None):
        raise InvalidInput("return_needs")
    if new_deadline is not None and new_deadline < local_date(now):
        raise InvalidInput("deadline_past", date=new_deadline.isoformat())
    target, person = _authorise(
        engine,
        actor=actor,
        ref=ref,
        municipality=municipality,
        year=year,
        action=Action.REVIEW,
        now=now,
    )
    outcome = "accepted" if accept else "returned"
    with Session(engine) as session, session.begin():
        latest = session.exec(
            select(Submission)
            .where(Submission.deliverable_id == target.deliverable.id)
            .order_by(col(Submission.version).desc())
        ).first()
        if latest is None or latest.review is not None:
            raise InvalidInput("nothing_to_review", ref=ref)
        latest.review = outcome
        latest.reviewed_at = now
        latest.reviewed_by = person.id
        latest.review_comment = comment
        latest.new_deadline = None if accept else new_deadline
        session.add(latest)
        session.flush()
        append_event(
            session=session,
            municipality_id=target.municipality.id or 0,
            actor=actor or "",
            kind=outcome,
            subject=target.subject,
            payload={
                **target.payload(),
                "version": latest.version,
                "submission_id": latest.id,
                "comment": comment,
                "new_deadline": new_deadline.isoformat() if new_deadline and not accept else None,
            },
            at=now,
        )
        secretaries = session.exec(
            select(Person).where(
                Person.body_id == target.body.id, Person.role == "secretary", col(Person.active)
            )
        ).all()
        keys: list[str] = []
        for secretary in secretaries:
            notice = _notice(
                "review",
                f"review|s{latest.id}|{outcome}|{secretary.email}",
                target,
                Recipient(secretary.name, secretary.email, "secretary"),
                {
                    "outcome": outcome,
                    "version": latest.version,
                    "comment": comment,
                    "new_deadline": new_deadline,
                    "reviewer": person.name,
                },
                local_date(now),
            )
            keys.append(enqueue_notice(session, notice, settings, now))
        session.expunge(latest)
    return latest, bool(keys) and send_now(engine, settings, now, keys) == set(keys)
