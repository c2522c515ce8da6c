"""The outbox: every notice is a row before it is sent, and is sent once.

How "exactly once" is kept:
1. Enqueue inserts under a unique key with ON CONFLICT DO NOTHING, so reruns and two sweeps
   at once cannot make a second row for the same notice.
2. Delivery claims rows with one conditional UPDATE (state pending/retry -> sending, with a
   claim token); the database lets only one claimer win each row.
3. Each message is marked sent in its own commit right after the channel accepts it.
4. If the process dies between the channel's acceptance and that commit, the row stays
   'sending'; after the lease a later sweep sends it again with the same Message-ID. The
   folder channel then finds the file and writes nothing; an SMTP server sees the same
   Message-ID, by which mail systems and clients recognise the duplicate. That window is
   the only way a second transmission can happen.
Failures are retried with backoff (BACKOFF) and stay visible: state, attempts, last_error.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, and_, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from arshjul.core.board import build_board
from arshjul.core.instants import local_date
from arshjul.core.reminders import iso_week
from arshjul.core.status import Status
from arshjul.services.notices import (
    PlannedNotice,
    compose,
    digest_notice,
    plan_decision_notices,
    plan_notices,
)
from arshjul.settings import Settings
from models import queries
from models.audit import append_event
from models.reminder_queries import (
    changed_deadlines,
    outstanding,
    recent_decisions,
    recipients,
)
from models.tables import Cycle, Municipality, OutboxMessage
from notifications.channels import Channel, DeliveryError
from notifications.message import OutgoingMail
from notifications.render import check_overrides, renderer_for

BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
    dt.timedelta(hours=24),
)
LEASE = dt.timedelta(minutes=10)
CHANGE_NOTICE_WINDOW = dt.timedelta(days=30)


@dataclass
class EnqueueResult:
    planned: int = 0
    new: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    skipped_municipalities: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class DeliveryResult:
    claimed: int = 0
    sent: int = 0
    retry: int = 0
    failed: int = 0
    sent_keys: list[str] = field(default_factory=list)


def _digests(
    session: Session,
    coordinators: dict,
    now: dt.datetime,
    lang: str,
    skip_municipalities: set[int],
) -> list[PlannedNotice]:
    """One weekly summary per coordinator, planned on weekdays; the week is in the key.
    Municipalities whose digests this week are already in the outbox are not computed."""
    today = local_date(now)
    if today.weekday() >= 5:
        return []
    notices = []
    for muni in session.exec(select(Municipality)):
        people = coordinators.get(muni.id, [])
        if not people or muni.id in skip_municipalities:
            continue
        cycles, overdue = [], []
        for cycle in session.exec(
            select(Cycle).where(
                Cycle.municipality_id == muni.id,
                ~col(Cycle.closed),
                col(Cycle.budget_year).in_([today.year, today.year + 1]),
            )
        ):
            board = build_board(
                queries.deliverable_rows(session=session, cycle=cycle), now, cycle.due_soon_days
            )
            names = dict(board.bodies())
            cycles.append(
                (
                    cycle.budget_year,
                    {names[key]: counts for key, counts in board.rollup.by_body.items()},
                )
            )
            overdue += [
                {
                    "body": c.row.body_key,
                    "deliverable": c.row.deliverable_title,
                    "deadline": c.status.deadline,
                }
                for c in board.cells
                if c.status.status is Status.OVERDUE
            ]
        if not cycles:
            continue
        for person in people:
            notices.append(
                digest_notice(
                    municipality={"code": muni.code, "name": muni.name},
                    municipality_id=muni.id,
                    recipient=person,
                    cycles=cycles,
                    overdue=overdue,
                    today=today,
                    lang=lang,
                )
            )
    return notices


def plan_due(*, session: Session, now: dt.datetime, settings: Settings) -> list[PlannedNotice]:
    """Every notice owed as of `now`, across all municipalities (read only: the dry run)."""
    today = local_date(now)
    secretaries, coordinators = recipients(session=session)
    planned = plan_notices(
        candidates=outstanding(session=session, now=now, today=today),
        changes=changed_deadlines(session=session, since=now - CHANGE_NOTICE_WINDOW, today=today),
        secretaries=secretaries,
        coordinators=coordinators,
        now=now,
        due_soon_days=7,
        lang=settings.lang,
        how_to_submit=settings.how_to_submit,
    )
    planned += plan_decision_notices(
        decisions=recent_decisions(session=session, today=today),
        secretaries=secretaries,
        coordinators=coordinators,
        today=today,
        lang=settings.lang,
    )
    week = iso_week(local_date(now))
    done = set(
        session.exec(
            select(OutboxMessage.municipality_id).where(
                OutboxMessage.kind == "digest", col(OutboxMessage.key).contains(f"|{week}|")
            )
        ).all()
    )
    return planned + _digests(session, coordinators, now, settings.lang, done)


def _existing_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 5000):
        chunk = keys[start : start + 5000]
        found.update(
            session.exec(select(OutboxMessage.key).where(col(OutboxMessage.key).in_(chunk))).all()
        )
    return found


def enqueue(*, engine: Engine, now: dt.datetime, settings: Settings) -> EnqueueResult:
    """Plan, render the notices not yet in the outbox, and insert them once."""
    result = EnqueueResult()
    with Session(engine) as session:
        planned = plan_due(session=session, now=now, settings=settings)
        result.planned = len(planned)
        existing = _existing_keys(session, [n.key for n in planned])
        codes = {m.id: m.code for m in session.exec(select(Municipality))}
    rows = []
    broken: dict[int, bool] = {}
    for notice in planned:
        if notice.key in existing:
            continue
        code = codes[notice.municipality_id]
        override = settings.override_dir(code)
        if notice.municipality_id not in broken:
            problems = check_overrides(override) if override else []
            broken[notice.municipality_id] = bool(problems)
            if problems:
                result.skipped_municipalities[code] = [
                    f"{p.file}:{p.line}: {p.params.get('detail', p.code)}" for p in problems
                ]
        if broken[notice.municipality_id]:
            continue
        rows.append(
            compose(
                notice,
                renderer=renderer_for(str(override) if override else None),
                lang=settings.lang,
                sender_domain=settings.message_id_domain,
                now=now,
            )
        )
    if rows:
        with Session(engine) as session, session.begin():
            result.new += _insert_new(session, rows)
    result.by_kind.update(r["kind"] for r in rows)
    return result


def claim(
    *, engine: Engine, now: dt.datetime, batch_size: int, keys: list[str] | None = None
) -> tuple[str, list[OutboxMessage]]:
    """Take up to `batch_size` sendable rows for this run (only those with `keys`, when
    given); nobody else can take them."""
    token = uuid.uuid4().hex
    sendable = or_(
        and_(
            col(OutboxMessage.state).in_(["pending", "retry"]), OutboxMessage.next_attempt_at <= now
        ),
        and_(OutboxMessage.state == "sending", OutboxMessage.claimed_at < now - LEASE),
    )
    if keys is not None:
        sendable = and_(sendable, col(OutboxMessage.key).in_(keys))
    with Session(engine) as session, session.begin():
        ids = session.exec(
            select(OutboxMessage.id).where(sendable).order_by(OutboxMessage.id).limit(batch_size)
        ).all()
        if not ids:
            return token, []
        session.exec(  # type: ignore[call-overload]
            update(OutboxMessage)
            .where(col(OutboxMessage.id).in_(ids), sendable)
            .values(
                state="sending", claim=token, claimed_at=now, attempts=OutboxMessage.attempts + 1
            )
        )
    with Session(engine) as session:
        rows = list(
            session.exec(
                select(OutboxMessage).where(
                    OutboxMessage.claim == token, OutboxMessage.state == "sending"
                )
            )
        )
        for row in rows:
            session.expunge(row)
    return token, rows


def _record(engine: Engine, row_id: int, token: str, **values: object) -> None:
    with Session(engine) as session, session.begin():
        session.exec(  # type: ignore[call-overload]
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, OutboxMessage.claim == token)
            .values(**values)
        )


def deliver(
    *,
    engine: Engine,
    channel: Channel,
    now: dt.datetime,
    sender: str,
    batch_size: int = 200,
    keys: list[str] | None = None,
) -> DeliveryResult:
    """Send one claimed batch (of `keys` only, when given); each message's outcome is
    committed on its own."""
    token, rows = claim(engine=engine, now=now, batch_size=batch_size, keys=keys)
    result = DeliveryResult(claimed=len(rows))
    pending = list(rows)
    try:
        with channel.open() as send:
            while pending:
                row = pending[0]
                mail = OutgoingMail(
                    row.message_id,
                    sender,
                    row.recipient,
                    row.recipient_name,
                    row.subject,
                    row.body_text,
                    row.body_html,
                    row.created_at,
                    row.ics,
                )
                try:
                    send(mail)
                except DeliveryError as exc:
                    _fail(engine, row, token, now, exc, result)
                else:
                    _mark_sent(engine, row, token, now)
                    result.sent += 1
                    result.sent_keys.append(row.key)
                pending.pop(0)
    except DeliveryError as exc:  # the channel itself could not be opened
        for row in pending:
            _fail(engine, row, token, now, exc, result)
    return result


def _mark_sent(engine: Engine, row: OutboxMessage, token: str, now: dt.datetime) -> None:
    """Record the send and its audit event in one commit (only while our claim holds)."""
    with Session(engine) as session, session.begin():
        updated = session.exec(  # type: ignore[call-overload]
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.claim == token)
            .values(state="sent", sent_at=now, last_error="")
        )
        if updated.rowcount:
            append_event(
                session=session,
                municipality_id=row.municipality_id,
                actor="system",
                kind=f"{row.kind}_sent",
                subject=f"deliverable:{row.deliverable_id}"
                if row.deliverable_id
                else f"outbox:{row.id}",
                payload={
                    "outbox_id": row.id,
                    "recipient": row.recipient,
                    "message_id": row.message_id,
                    "due_date": row.due_date.isoformat(),
                    "attempts": row.attempts,
                },
                at=now,
            )


def _fail(
    engine: Engine,
    row: OutboxMessage,
    token: str,
    now: dt.datetime,
    exc: DeliveryError,
    result: DeliveryResult,
) -> None:
    gave_up = exc.permanent or row.attempts >= len(BACKOFF)
    if gave_up:
        _record(engine, row.id or 0, token, state="failed", last_error=str(exc)[:500])
        result.failed += 1
    else:
        _record(
            engine,
            row.id or 0,
            token,
            state="retry",
            last_error=str(exc)[:500],
            next_attempt_at=now + BACKOFF[row.attempts - 1],
        )
        result.retry += 1


def channel_from(settings: Settings) -> Channel:
    from notifications.channels import FolderChannel, SmtpChannel

    if settings.mail_channel == "smtp":
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        return SmtpChannel(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_starttls,
            settings.smtp_username,
            password,
            settings.smtp_timeout,
        )
    return FolderChannel(settings.resolved_mail_folder)


def enqueue_notice(
    session: Session, notice: PlannedNotice, settings: Settings, now: dt.datetime
) -> str:
    """Render and queue one notice inside the caller's transaction; returns its key.

    For notices that belong to a user's action (a receipt, a review, an over-frame alert):
    they are committed with the action or not at all."""
    municipality = session.get(Municipality, notice.municipality_id)
    assert municipality is not None
    override = settings.override_dir(municipality.code)
    values = compose(
        notice,
        renderer=renderer_for(str(override) if override else None),
        lang=settings.lang,
        sender_domain=settings.message_id_domain,
        now=now,
    )
    _insert_new(session, [values])
    return notice.key


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows whose key is not there yet; returns how many were new."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    new = 0
    for start in range(0, len(rows), 1000):  # SQLite allows 32,766 bound values
        statement = insert(OutboxMessage.__table__).values(rows[start : start + 1000])
        outcome = session.execute(statement.on_conflict_do_nothing(index_elements=["key"]))
        new += max(outcome.rowcount, 0)  # type: ignore[attr-defined]
    return new


def send_now(engine: Engine, settings: Settings, now: dt.datetime, keys: list[str]) -> set[str]:
    """Deliver the notices just queued (and nothing else), over one connection; failures
    stay queued for the sweep. Returns the keys that went out."""
    if not keys:
        return set()
    try:
        result = deliver(
            engine=engine,
            channel=channel_from(settings),
            now=now,
            sender=settings.mail_from,
            batch_size=len(keys),
            keys=keys,
        )
    except Exception:  # the notices are queued either way; the sweep retries them
        return set()
    return set(result.sent_keys)
