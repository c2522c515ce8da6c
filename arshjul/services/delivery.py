"""Delivery: claim queued messages, send each once, record what happened.

How "exactly once" is kept:
1. Delivery claims rows with one conditional UPDATE (state pending/retry -> sending, with a
   claim token); the database lets only one claimer win each row. Which states may be
   claimed comes from the declared table (arshjul.core.transitions.OUTBOX).
2. Each message is marked sent in its own commit right after the channel accepts it.
3. If the process dies between the channel's acceptance and that commit, the row stays
   'sending'; after the lease a later sweep sends it again with the same Message-ID. The
   folder channel then finds the file and writes nothing; an SMTP server sees the same
   Message-ID, by which mail systems and clients recognise the duplicate. That window is
   the only way a second transmission can happen.
Failures are retried with backoff (arshjul.core.retries) and stay visible: state,
attempts, last_error.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import Engine, and_, or_, update
from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.retries import after_failure
from arshjul.core.transitions import OUTBOX, OutboxState
from arshjul.errors import InvalidInput
from arshjul.settings import Settings
from models.audit import append_event
from models.tables import OutboxMessage
from notifications.channels import Channel, DeliveryError
from notifications.message import OutgoingMail

LEASE = dt.timedelta(minutes=10)


@dataclass
class DeliveryResult:
    claimed: int = 0
    sent: int = 0
    retry: int = 0
    failed: int = 0
    sent_keys: list[str] = field(default_factory=list)


def claim(
    *, engine: Engine, now: dt.datetime, batch_size: int, keys: list[str] | None = None
) -> tuple[str, list[OutboxMessage]]:
    """Take up to `batch_size` sendable rows for this run (only those with `keys`, when
    given); nobody else can take them."""
    token = uuid.uuid4().hex
    claimable = OUTBOX.sources(OutboxState.SENDING)
    waiting = [s for s in claimable if s is not OutboxState.SENDING]
    sendable = or_(
        and_(col(OutboxMessage.state).in_(waiting), OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.state == OutboxState.SENDING, OutboxMessage.claimed_at < now - LEASE),
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
                state=OutboxState.SENDING,
                claim=token,
                claimed_at=now,
                attempts=OutboxMessage.attempts + 1,
            )
        )
    with Session(engine) as session:
        rows = list(
            session.exec(
                select(OutboxMessage).where(
                    OutboxMessage.claim == token, OutboxMessage.state == OutboxState.SENDING
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
    ctx: Context, channel: Channel, *, batch_size: int = 200, keys: list[str] | None = None
) -> DeliveryResult:
    """Send one claimed batch (of `keys` only, when given); each message's outcome is
    committed on its own."""
    engine, now, sender = ctx.database(create=True), ctx.now(), ctx.settings.mail_from
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
            .values(state=OutboxState.SENT, sent_at=now, last_error="")
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
    state, retry_at = after_failure(row.attempts, exc.permanent, now)
    if state is OutboxState.FAILED:
        _record(engine, row.id or 0, token, state=state, last_error=str(exc)[:500])
        result.failed += 1
    else:
        _record(
            engine,
            row.id or 0,
            token,
            state=state,
            last_error=str(exc)[:500],
            next_attempt_at=retry_at,
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


def send_now(ctx: Context, keys: list[str]) -> set[str]:
    """Deliver the notices just queued (and nothing else), over one connection; failures
    stay queued for the sweep. Returns the keys that went out."""
    if not keys:
        return set()
    try:
        result = deliver(ctx, channel_from(ctx.settings), batch_size=len(keys), keys=keys)
    except Exception:  # the notices are queued either way; the sweep retries them
        return set()
    return set(result.sent_keys)


def outbox_rows(
    ctx: Context, *, state: str | None, since: dt.datetime | None, limit: int
) -> list[OutboxMessage]:
    """What the outbox holds, newest first: each message, its state, attempts, last error."""
    from models.queries import outbox_rows as query

    if state is not None and state not in set(OutboxState):
        expected = ", ".join(s.value for s in OutboxState)
        raise InvalidInput("bad_state", value=state, expected=expected)
    with Session(ctx.database(create=True)) as session:
        rows = query(session=session, state=state, since=since, limit=limit)
        session.expunge_all()
    return rows
