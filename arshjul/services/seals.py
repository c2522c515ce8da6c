"""Sealing the audit chains: the key that signs checkpoints, kept in a file outside the
database (0600), and the checkpoints themselves (arshjul.core.checkpoints).

`seal` signs each municipality's chain head; `audit seal` and every reminder sweep call it.
`check` verifies every stored checkpoint's signature against this installation's key and
that the chain still holds its head; `check_one` does so for a checkpoint an auditor kept.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import func
from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.checkpoints import (
    Checkpoint,
    CheckpointBreak,
    CheckpointProblem,
    held_by_chain,
)
from arshjul.errors import InvalidInput
from arshjul.models.audit import records
from arshjul.models.db import writing
from arshjul.models.tables import AuditCheckpoint, AuditEvent, Municipality


def signing_key(path: Path, *, create: bool = False) -> Ed25519PrivateKey | None:
    """The installation's signing key; with `create`, made (readable by its owner only)
    when missing. A key file that is a link or not a key is an error, not a new key."""
    if path.is_symlink():
        raise InvalidInput("signing_key_bad", file=str(path), detail="a symbolic link")
    if not path.exists():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        return key
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError, OSError) as exc:
        raise InvalidInput("signing_key_bad", file=str(path), detail=str(exc)) from None
    if not isinstance(loaded, Ed25519PrivateKey):
        raise InvalidInput("signing_key_bad", file=str(path), detail="not an Ed25519 key")
    return loaded


def public_hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def _only_witnesses_since_last_seal(session: Session, municipality_id: int) -> bool:
    """Whether all that happened since the last checkpoint is mailing it to the auditors:
    sealing that again would only send another witness, every sweep, for ever."""
    last = session.exec(
        select(func.max(AuditCheckpoint.seq)).where(
            AuditCheckpoint.municipality_id == municipality_id
        )
    ).one()
    if last is None:
        return False
    kinds = session.exec(
        select(AuditEvent.kind).where(
            AuditEvent.municipality_id == municipality_id, AuditEvent.seq > last
        )
    ).all()
    return bool(kinds) and set(kinds) == {"checkpoint_sent"}


def _witness(
    session: Session, ctx: Context, municipality_id: int, checkpoint: Checkpoint
) -> list[str]:
    """Queue the checkpoint to the municipality's auditors (a JSON attachment they keep
    outside arshjul), in the caller's transaction; returns the outbox keys."""
    from arshjul.core.instants import local_minute
    from arshjul.core.reminders import NoticeKind
    from arshjul.core.template import Role
    from arshjul.models import queries
    from arshjul.notifications import PlannedNotice, Recipient, enqueue_notice, recipient_context

    municipality = session.get(Municipality, municipality_id)
    assert municipality is not None
    auditors = queries.people_with_role(
        session=session, municipality_id=municipality_id, role=Role.AUDITOR
    )
    name = f"kontrollpunkt-{checkpoint.municipality}-{checkpoint.seq}.json"
    keys = []
    for person in auditors:
        recipient = Recipient(person.name, person.email, person.role)
        notice = PlannedNotice(
            f"{NoticeKind.CHECKPOINT}|m{municipality_id}|s{checkpoint.seq}|{person.email}",
            NoticeKind.CHECKPOINT,
            ctx.today(),
            municipality_id,
            recipient,
            None,
            {
                "municipality": {"code": municipality.code, "name": municipality.name},
                "recipient": recipient_context(recipient),
                "checkpoint": {
                    "seq": checkpoint.seq,
                    "hash": checkpoint.hash,
                    "at": local_minute(checkpoint.at),
                    "file": name,
                },
            },
            attachment=(name, checkpoint.as_json() + "\n"),
        )
        keys.append(enqueue_notice(session, notice, ctx))
    return keys


def seal(ctx: Context) -> list[Checkpoint]:
    """Sign every municipality's chain head not sealed yet, and queue each checkpoint to
    the municipality's auditors; returns the new checkpoints."""
    return seal_and_tell(ctx)[0]


def seal_and_tell(ctx: Context) -> tuple[list[Checkpoint], list[str]]:
    """`seal`, and the outbox keys of the auditors' copies."""
    key = signing_key(ctx.settings.resolved_signing_key, create=True)
    assert key is not None
    engine = ctx.database(create=True)
    made: list[Checkpoint] = []
    keys: list[str] = []
    with Session(writing(engine)) as session, session.begin():
        heads = session.exec(
            select(AuditEvent.municipality_id, func.max(AuditEvent.seq)).group_by(
                col(AuditEvent.municipality_id)
            )
        ).all()
        codes = {m.id: m.code for m in session.exec(select(Municipality))}
        for municipality_id, seq in heads:
            sealed = session.exec(
                select(AuditCheckpoint).where(
                    AuditCheckpoint.municipality_id == municipality_id,
                    AuditCheckpoint.seq == seq,
                )
            ).first()
            if sealed is not None or _only_witnesses_since_last_seal(session, municipality_id):
                continue
            head = session.exec(
                select(AuditEvent).where(
                    AuditEvent.municipality_id == municipality_id, AuditEvent.seq == seq
                )
            ).one()
            unsigned = Checkpoint(codes[municipality_id], seq, head.hash, ctx.now())
            checkpoint = Checkpoint(
                unsigned.municipality,
                unsigned.seq,
                unsigned.hash,
                unsigned.at,
                key.sign(unsigned.message()).hex(),
                public_hex(key),
            )
            session.add(
                AuditCheckpoint(
                    municipality_id=municipality_id,
                    seq=seq,
                    hash=head.hash,
                    at=checkpoint.at,
                    signature=checkpoint.signature,
                    public_key=checkpoint.public_key,
                )
            )
            session.flush()
            made.append(checkpoint)
            keys += _witness(session, ctx, municipality_id, checkpoint)
    return made, keys


def _signature_problem(checkpoint: Checkpoint, expected_key: str | None) -> CheckpointBreak | None:
    if expected_key is not None and checkpoint.public_key != expected_key:
        return CheckpointBreak.FOREIGN_KEY
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(checkpoint.public_key))
        public.verify(bytes.fromhex(checkpoint.signature), checkpoint.message())
    except (InvalidSignature, ValueError):
        return CheckpointBreak.BAD_SIGNATURE
    return None


def check_one(ctx: Context, checkpoint: Checkpoint) -> CheckpointBreak | None:
    """A checkpoint kept outside (an auditor's copy) against the chain as it is now."""
    key = signing_key(ctx.settings.resolved_signing_key)
    problem = _signature_problem(checkpoint, public_hex(key) if key else None)
    if problem is not None:
        return problem
    with Session(ctx.database()) as session:
        muni = session.exec(
            select(Municipality).where(Municipality.code == checkpoint.municipality)
        ).first()
        chain = records(session=session, municipality_id=muni.id or 0) if muni else []
    return held_by_chain(checkpoint, chain)


def check(ctx: Context) -> tuple[int, list[CheckpointProblem]]:
    """Every stored checkpoint: its signature, and whether the chain still holds its head.
    Returns (checkpoints checked, problems)."""
    key = signing_key(ctx.settings.resolved_signing_key)
    expected = public_hex(key) if key else None
    problems: list[CheckpointProblem] = []
    with Session(ctx.database()) as session:
        codes = {m.id: m.code for m in session.exec(select(Municipality))}
        stored = session.exec(select(AuditCheckpoint).order_by(col(AuditCheckpoint.id))).all()
        chains = {
            municipality_id: records(session=session, municipality_id=municipality_id)
            for municipality_id in {row.municipality_id for row in stored}
        }
    for row in stored:
        checkpoint = Checkpoint(
            codes.get(row.municipality_id, "?"),
            row.seq,
            row.hash,
            row.at,
            row.signature,
            row.public_key,
        )
        why = _signature_problem(checkpoint, expected) or held_by_chain(
            checkpoint, chains[row.municipality_id]
        )
        if why is not None:
            problems.append(CheckpointProblem(checkpoint, why))
    sealed = {(row.municipality_id, row.seq) for row in stored}
    return len(stored), problems + _missing(ctx, codes, sealed)


def _missing(
    ctx: Context, codes: dict[int | None, str], stored: set[tuple[int, int]]
) -> list[CheckpointProblem]:
    """Seals the chain says were mailed to the auditors (each `checkpoint_sent` event names
    its seq and hash) or the outbox holds as sent, that are no longer stored: deleting the
    stored seals must not turn a truncated or rewritten chain into one that verifies."""
    from arshjul.core.reminders import NoticeKind
    from arshjul.core.transitions import OutboxState
    from arshjul.models.tables import OutboxMessage

    named: dict[tuple[int, int], Checkpoint] = {}
    with Session(ctx.database()) as session:
        events = session.exec(
            select(AuditEvent.municipality_id, AuditEvent.payload, AuditEvent.at).where(
                AuditEvent.kind == "checkpoint_sent"
            )
        ).all()
        copies = session.exec(
            select(OutboxMessage.municipality_id, OutboxMessage.attachment).where(
                OutboxMessage.kind == NoticeKind.CHECKPOINT,
                OutboxMessage.state == OutboxState.SENT,
            )
        ).all()
    for municipality_id, payload, at in events:
        if "checkpoint_seq" in payload:
            seq = int(payload["checkpoint_seq"])
            code = codes.get(municipality_id, "?")
            named[municipality_id, seq] = Checkpoint(code, seq, str(payload["checkpoint_hash"]), at)
    for municipality_id, attachment in copies:
        try:
            sent = Checkpoint.from_json(attachment)
        except (ValueError, KeyError, TypeError):
            continue
        named.setdefault((municipality_id, sent.seq), sent)
    return [
        CheckpointProblem(checkpoint, CheckpointBreak.MISSING)
        for where, checkpoint in sorted(named.items())
        if where not in stored
    ]


def current(ctx: Context) -> list[Checkpoint]:
    """Each municipality's newest stored checkpoint: what an auditor keeps. After `seal`
    it covers the chain's head, or the head but the mailing of that very seal."""
    with Session(ctx.database()) as session:
        codes = {m.id: m.code for m in session.exec(select(Municipality))}
        newest = (
            select(AuditCheckpoint.municipality_id, func.max(AuditCheckpoint.seq).label("seq"))
            .group_by(col(AuditCheckpoint.municipality_id))
            .subquery()
        )
        rows = session.exec(
            select(AuditCheckpoint)
            .join(
                newest,
                (col(AuditCheckpoint.municipality_id) == newest.c.municipality_id)
                & (col(AuditCheckpoint.seq) == newest.c.seq),
            )
            .order_by(col(AuditCheckpoint.municipality_id))
        ).all()
    return [
        Checkpoint(
            codes.get(r.municipality_id, "?"), r.seq, r.hash, r.at, r.signature, r.public_key
        )
        for r in rows
    ]
