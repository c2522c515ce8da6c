"""Delivery: claim queued messages, send each once, record what happened.

How "exactly once" is kept:
1. Delivery claims rows with one conditional UPDATE (state pending/retry -> sending, with a
   claim token); the database lets only one claimer win each row. Which states may be
   claimed comes from the declared table (arshjul.core.transitions.OUTBOX).
2. Each message is marked sent in its own commit right after the channel accepts it,
   with its audit event; the statement that marks it also reads the chain's head the
   event follows. The connection that marks a batch commits without waiting for the disk
   (docs/adr/0014-delivery-marks-without-a-durable-wait.md): a crash of the machine or
   of the database server can lose the last marks, and those messages then count as in
   case 3; a killed process loses none.
3. If the process dies between the channel's acceptance and that commit, the row stays
   'sending'; after the lease a later sweep sends it again with the same Message-ID. The
   folder channel then finds the file and writes nothing; an SMTP server sees the same
   Message-ID, by which mail systems and clients recognise the duplicate. That window is
   the only way a second transmission can happen.

Work that is the same for every message of a batch is done once for the batch: the
sender's address is parsed once, the statements are built once at import, the marks'
connection is set up once, and whether the claim's lease needs renewing is a comparison
of two floats (the monotonic clock), not date arithmetic per message.
Failures are retried with backoff (arshjul.core.retries) and stay visible: state,
attempts, last_error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from arshjul.models.audit import AUDIT_LOCK_SPACE, parse_locked_head
from arshjul.models.db import writing
from arshjul.models.tables import OutboxMessage
from arshjul.notifications.channels import Channel, ChannelUnavailable, DeliveryError, Send
from arshjul.notifications.message import OutgoingMail
from sqlalchemy import Connection, Engine, and_, bindparam, func, literal_column, or_, update
from sqlmodel import Session, col, select

from arshjul.context import Context, utc_now
from arshjul.core.reminders import NoticeKind
from arshjul.core.retries import after_failure
from arshjul.core.transitions import OUTBOX, OutboxState
from arshjul.errors import InvalidInput
from arshjul.settings import Settings
from arshjul.trail import SYSTEM, record, record_following

LEASE = dt.timedelta(minutes=10)
logger = logging.getLogger(__name__)


@dataclass
class DeliveryResult:
    claimed: int = 0
    sent: int = 0
    retry: int = 0
    failed: int = 0
    told: int = 0  # coordinators' notices queued about messages that failed for good
    sent_keys: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # "recipient kind: reason"
    channel_error: str = ""  # why the channel could not be opened, if it could not


def claim(
    *,
    engine: Engine,
    now: dt.datetime,
    batch_size: int,
    keys: list[str] | None = None,
    lease: dt.timedelta = LEASE,
) -> tuple[str, list[OutboxMessage]]:
    """Take up to `batch_size` sendable rows for this run (only those with `keys`, when
    given); nobody else can take them.

    Due-ness is judged on the sweep's `now` (a message waits for its backoff), but the
    claim is stamped, and other runs' leases judged, on the real clock: two sweeps with
    different `now` must agree on whose claim has expired."""
    token = uuid.uuid4().hex
    wall = utc_now()
    claimable = OUTBOX.sources(OutboxState.SENDING)
    waiting = [s for s in claimable if s is not OutboxState.SENDING]
    sendable = or_(
        and_(col(OutboxMessage.state).in_(waiting), col(OutboxMessage.next_attempt_at) <= now),
        and_(
            col(OutboxMessage.state) == OutboxState.SENDING,
            col(OutboxMessage.claimed_at) < wall - lease,
        ),
    )
    if keys is not None:
        sendable = and_(sendable, col(OutboxMessage.key).in_(keys))
    with Session(writing(engine)) as session, session.begin():
        ids = session.exec(
            select(OutboxMessage.id)
            .where(sendable)
            .order_by(col(OutboxMessage.id))
            .limit(batch_size)
            # PostgreSQL: rows another sweep is claiming are passed over, not waited for
            # (SQLite has no row locks; BEGIN IMMEDIATE admits one writer at a time)
            .with_for_update(skip_locked=True)
        ).all()
        if not ids:
            return token, []
        session.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.id).in_(ids), sendable)
            .values(
                state=OutboxState.SENDING,
                claim=token,
                claimed_at=wall,
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
    with Session(writing(engine)) as session, session.begin():
        session.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.id) == row_id, col(OutboxMessage.claim) == token)
            .values(**values)
        )


def _renew(engine: Engine, token: str) -> dt.datetime:
    """Keep a long run's claim: the rows it still holds get a fresh lease."""
    wall = utc_now()
    with Session(writing(engine)) as session, session.begin():
        session.exec(
            update(OutboxMessage)
            .where(
                col(OutboxMessage.claim) == token, col(OutboxMessage.state) == OutboxState.SENDING
            )
            .values(claimed_at=wall)
        )
    return wall


def _mail(row: OutboxMessage, sender: str) -> OutgoingMail:
    """The row as a mail, undated: the channel dates it when it hands it over (a retry
    carries its own time, and always the row's Message-ID)."""
    return OutgoingMail(
        row.message_id,
        sender,
        row.recipient,
        row.recipient_name,
        row.subject,
        row.body_text,
        row.body_html,
        row.ics,
        row.attachment_name,
        row.attachment,
    )


@dataclass(frozen=True)
class _Batch:
    """What every message of one delivery batch shares, worked out once."""

    token: str
    sender: str
    as_of: str | None  # the sweep's `now` when it is not the real time: said in each event
    lease: dt.timedelta = LEASE  # ARSHJUL_DELIVERY_LEASE_SECONDS; the claim renewed at a quarter


def deliver(
    ctx: Context, channel: Channel, *, batch_size: int = 200, keys: list[str] | None = None
) -> DeliveryResult:
    """Send one claimed batch (of `keys` only, when given); each message's outcome is
    committed on its own.

    Sending one message can fail only that message: whatever it raises is recorded on its
    row (class and text). After a timeout or a dropped connection the channel is opened
    again for the rest. A channel that cannot be opened at all puts every claimed row back
    to retry with the reason, and says so in `channel_error`."""
    engine, now = ctx.database(create=True), ctx.now()
    lease = dt.timedelta(seconds=ctx.settings.delivery_lease_seconds)
    token, rows = claim(engine=engine, now=now, batch_size=batch_size, keys=keys, lease=lease)
    result = DeliveryResult(claimed=len(rows))
    if not rows:
        return result
    as_of = now.isoformat() if abs(utc_now() - now) > LEASE else None
    batch = _Batch(token, ctx.settings.mail_from, as_of, lease)
    pending = list(rows)
    with _marks_connection(engine) as marks:  # one connection marks the whole batch sent
        while pending:
            try:
                with channel.open() as send:
                    _send_all(ctx, send, marks, pending, batch, result)
            except ChannelUnavailable as exc:
                result.channel_error = str(exc)
                for row in pending:
                    _fail(ctx, row, token, DeliveryError(str(exc), permanent=False), result)
                pending = []
    return result


def _send_all(
    ctx: Context,
    send: Send,
    marks: Connection,
    pending: list[OutboxMessage],
    batch: _Batch,
    result: DeliveryResult,
) -> None:
    """Send from `pending` until it is empty or the connection is lost (then the caller
    opens the channel again for the rest), marking each message as it goes."""
    engine = ctx.database()
    renew_every = (batch.lease / 4).total_seconds()
    renew_at = time.monotonic() + renew_every
    while pending:
        row = pending.pop(0)
        try:
            send(_mail(row, batch.sender))
        except DeliveryError as exc:
            _fail(ctx, row, batch.token, exc, result)
            if exc.connection_lost:
                return
        except Exception as exc:  # a surprise fails this message only
            error = DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False)
            _fail(ctx, row, batch.token, error, result)
            return
        else:
            _mark_sent(ctx, marks, row, batch.token, batch)
            result.sent += 1
            result.sent_keys.append(row.key)
        if pending and time.monotonic() > renew_at:
            _renew(engine, batch.token)
            renew_at = time.monotonic() + renew_every


_MARKED = (
    update(OutboxMessage)
    .where(
        col(OutboxMessage.id) == bindparam("row"), col(OutboxMessage.claim) == bindparam("token")
    )
    .values(state=OutboxState.SENT, sent_at=bindparam("at"), last_error="")
)
# Written out: in an UPDATE's RETURNING SQLAlchemy leaves columns unqualified, and the
# subquery's municipality_id would then be its own
_LAST = (
    "(SELECT chain.{} FROM auditevent AS chain"
    " WHERE chain.municipality_id = outboxmessage.municipality_id"
    " ORDER BY chain.seq DESC LIMIT 1)"
)
# The mark also gives the chain's head for the audit event that follows it, one statement
# instead of three: on PostgreSQL after taking the chain's lock (models.tables.LOCKED_HEAD),
# on SQLite under the write lock the transaction began with (models.db.writing).
_MARK_SENT = {
    "postgresql": _MARKED.returning(
        func.arshjul_locked_head(AUDIT_LOCK_SPACE, OutboxMessage.municipality_id)
    ),
    "sqlite": _MARKED.returning(
        literal_column(_LAST.format("seq")), literal_column(_LAST.format("hash"))
    ),
}


# The marks connection's commits return before their record reaches the disk, for this
# batch only (docs/adr/0014-delivery-marks-without-a-durable-wait.md): a crash of the
# machine (SQLite) or of the database server (PostgreSQL) in that moment loses the last
# marks, and those messages are sent again after the lease, with their Message-IDs. A
# killed arshjul process loses none: the commits are in the operating system's or the
# server's memory. The connection is put back as every other connection is (ADR 12).
_FAST_COMMITS = {
    "sqlite": ("PRAGMA synchronous=NORMAL", "PRAGMA synchronous=FULL"),
    "postgresql": ("SET synchronous_commit = off", "RESET synchronous_commit"),
}


@contextlib.contextmanager
def _marks_connection(engine: Engine) -> Iterator[Connection]:
    """A writer's connection whose commits do not wait for the disk, until it is given
    back; one that cannot be put back is discarded, never pooled with the setting."""
    fast, durable = _FAST_COMMITS.get(engine.dialect.name, ("", ""))
    with writing(engine).connect() as connection:
        if fast:
            _session_setting(connection, fast)
        try:
            yield connection
        finally:
            if fast:
                try:
                    connection.rollback()
                    _session_setting(connection, durable)
                except Exception:
                    connection.invalidate()
                    raise


def _session_setting(connection: Connection, statement: str) -> None:
    """Run a connection setting outside any transaction of SQLAlchemy's: SQLite refuses
    to change `synchronous` inside one, and a PostgreSQL SET so made lasts the session."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.execute(statement)
    finally:
        cursor.close()
    raw.commit()


def _mark_sent(
    ctx: Context,
    connection: Connection,
    row: OutboxMessage,
    token: str,
    batch: _Batch | None = None,
) -> None:
    """Record the send and its audit event in one commit (only while our claim holds).
    Both carry the real time of sending; a sweep run `--as-of` another day says so."""
    wall = dt.datetime.now(dt.UTC)
    dialect = connection.dialect.name
    with connection.begin():
        marked = connection.execute(
            _MARK_SENT[dialect], {"row": row.id, "token": token, "at": wall}
        ).first()
        if marked is None:  # our claim expired and another run holds the row
            return
        if dialect == "postgresql":
            head = parse_locked_head(marked[0])
        else:
            head = (int(marked[0]), str(marked[1])) if marked[0] is not None else None
        payload: dict[str, object] = {
            "outbox_id": row.id,
            "recipient": row.recipient,
            "message_id": row.message_id,
            "due_date": row.due_date.isoformat(),
            "attempts": row.attempts,
        }
        as_of = batch.as_of if batch else _as_of(ctx, wall)
        if as_of is not None:
            payload["sweep_as_of"] = as_of
        payload |= _seal_named(row)
        record_following(
            ctx.at(wall),
            connection,
            head,
            municipality_id=row.municipality_id,
            actor=SYSTEM,
            kind=f"{row.kind}_sent",
            subject=_subject(row),
            payload=payload,
        )


def _seal_named(row: OutboxMessage) -> dict[str, object]:
    """A checkpoint's copy names its seal in the chain (seq and hash), so that deleting the
    stored seals is itself caught by `audit verify` (arshjul.services.seals.check)."""
    if row.kind != NoticeKind.CHECKPOINT or not row.attachment:
        return {}
    try:
        sealed = json.loads(row.attachment)
        return {"checkpoint_seq": int(sealed["seq"]), "checkpoint_hash": str(sealed["hash"])}
    except (ValueError, KeyError, TypeError):
        return {}


def _as_of(ctx: Context, wall: dt.datetime) -> str | None:
    now = ctx.now()
    return now.isoformat() if abs(wall - now) > LEASE else None


def _subject(row: OutboxMessage) -> str:
    return f"deliverable:{row.deliverable_id}" if row.deliverable_id else f"outbox:{row.id}"


def _fail(
    ctx: Context,
    row: OutboxMessage,
    token: str,
    exc: DeliveryError,
    result: DeliveryResult,
) -> None:
    """Retry later, or give up: then the failure is audited and the municipality's
    coordinators are told, in the same commit."""
    engine, now = ctx.database(), ctx.now()
    reason = str(exc)[:500]
    state, retry_at = after_failure(row.attempts, exc.permanent, now)
    if state is OutboxState.RETRY:
        _record(
            engine, row.id or 0, token, state=state, last_error=reason, next_attempt_at=retry_at
        )
        result.retry += 1
        return
    from arshjul.notifications.failure_notices import failure_notices

    with Session(writing(engine)) as session, session.begin():
        updated = session.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.id) == row.id, col(OutboxMessage.claim) == token)
            .values(state=OutboxState.FAILED, last_error=reason)
        )
        if not updated.rowcount:
            return
        record(
            ctx.real(),
            session,
            municipality_id=row.municipality_id,
            actor=SYSTEM,
            kind="delivery_failed",
            subject=_subject(row),
            payload={
                "outbox_id": row.id,
                "kind": row.kind.value,
                "recipient": row.recipient,
                "message_id": row.message_id,
                "attempts": row.attempts,
                "permanent": exc.permanent,
                "reason": reason,
            },
        )
        result.told += failure_notices(session, ctx, row, reason)
    result.failed += 1
    result.failures.append(f"{row.recipient} {row.kind.value}: {reason}")


def channel_from(settings: Settings) -> Channel:
    """The configured channel; SMTP with a sender or Message-ID domain that is not fully
    qualified is warned about in the log, once per process."""
    from arshjul.notifications.channels import (
        FolderChannel,
        SmtpChannel,
        unqualified_mail_domains,
    )

    if settings.mail_channel == "smtp":
        _warn_once(tuple(unqualified_mail_domains(settings)))
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        return SmtpChannel(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_starttls,
            settings.smtp_username,
            password,
            settings.smtp_timeout,
            settings.smtp_max_per_minute,
        )
    return FolderChannel(settings.resolved_mail_folder)


@functools.cache
def _warn_once(found: tuple[tuple[str, str], ...]) -> None:
    for variable, domain in found:
        logger.warning(
            "%s: the domain %r is not fully qualified; mail sent over SMTP with it is "
            "likely marked as spam or refused (set a real domain, e.g. timra.se)",
            variable,
            domain,
        )


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
    from arshjul.models.queries import outbox_rows as query

    if state is not None and state not in set(OutboxState):
        expected = ", ".join(s.value for s in OutboxState)
        raise InvalidInput("bad_state", value=state, expected=expected)
    with Session(ctx.database(create=True)) as session:
        rows = query(session=session, state=state, since=since, limit=limit)
        session.expunge_all()
    return rows
