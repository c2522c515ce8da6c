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
from enum import StrEnum
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


class BreakReason(StrEnum):
    """Why a chain does not check out (said by the text key `break_<reason>`)."""

    EDITED = "edited"  # the content no longer matches its hash
    MISSING = "missing"  # sequence numbers skip: events were deleted
    OUT_OF_ORDER = "out_of_order"
    BROKEN_LINK = "broken_link"  # the previous-hash link does not match


@dataclass(frozen=True, slots=True)
class ChainBreak:
    event_id: int | None
    seq: int
    reason: BreakReason


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a chain that has been verified up to: event `seq` whose hash is `hash`.
    The start of every chain is (0, GENESIS)."""

    seq: int
    hash: str


START = Position(0, GENESIS)


def verify(events: Iterable[EventRecord], after: Position = START) -> ChainBreak | None:
    """The first break in one municipality's chain (events in stored id order), or None.

    With `after`, `events` are the ones that follow a position already verified: the first
    must be number `after.seq + 1` and link to `after.hash`, so checking a chain that grew
    costs its new events only. What lies before `after` is taken as verified then; only a
    check from the start (the default) finds an event changed there."""
    ordered = list(events)
    expected_prev = after.hash
    expected_seq = after.seq + 1
    for index, event in enumerate(ordered):
        if event.seq != expected_seq:
            comes_later = any(e.seq == expected_seq for e in ordered[index + 1 :])
            reason = (
                BreakReason.OUT_OF_ORDER
                if comes_later or event.seq < expected_seq
                else BreakReason.MISSING
            )
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
            return ChainBreak(event.id, event.seq, BreakReason.EDITED)
        if event.prev_hash != expected_prev:
            return ChainBreak(event.id, event.seq, BreakReason.BROKEN_LINK)
        expected_prev = event.hash
        expected_seq += 1
    return None
