"""The audit trail's hash chain: what an event's hash covers, and how a chain is checked.

Each event's hash covers its own content and the previous event's hash, per municipality,
so editing, deleting or reordering any stored event breaks the chain from that point on.
`verify` names the first event that does not check out and why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An audit event as stored: the fields the hash covers, plus the stored hashes."""

    id: int
    municipality_id: int
    seq: int
    at: dt.datetime
    actor: str
    kind: str
    subject: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


def event_hash(
    *,
    municipality_id: int,
    seq: int,
    at: dt.datetime,
    actor: str,
    kind: str,
    subject: str,
    payload: dict[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 of a canonical JSON form: sorted keys, UTC instant to the microsecond."""
    content = {
        "municipality_id": municipality_id,
        "seq": seq,
        "at": at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": actor,
        "kind": kind,
        "subject": subject,
        "payload": payload,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainBreak:
    event_id: int | None
    seq: int
    reason: str  # edited | missing | out_of_order | broken_link


def verify(events: Iterable[EventRecord]) -> ChainBreak | None:
    """The first break in one municipality's chain (events in stored id order), or None."""
    ordered = list(events)
    expected_prev = GENESIS
    expected_seq = 1
    for index, event in enumerate(ordered):
        if event.seq != expected_seq:
            comes_later = any(e.seq == expected_seq for e in ordered[index + 1 :])
            reason = "out_of_order" if comes_later or event.seq < expected_seq else "missing"
            return ChainBreak(event.id, event.seq, reason)
        recomputed = event_hash(
            municipality_id=event.municipality_id,
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            kind=event.kind,
            subject=event.subject,
            payload=event.payload,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            return ChainBreak(event.id, event.seq, "edited")
        if event.prev_hash != expected_prev:
            return ChainBreak(event.id, event.seq, "broken_link")
        expected_prev = event.hash
        expected_seq += 1
    return None
