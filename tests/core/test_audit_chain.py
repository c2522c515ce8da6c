"""The hash chain: edits, deletions and reorderings are found, and named."""

from __future__ import annotations

import dataclasses
import datetime as dt

from arshjul.core.audit import GENESIS, EventRecord, Position, event_hash, verify


def chain(n: int) -> list[EventRecord]:
    events, prev = [], GENESIS
    for seq in range(1, n + 1):
        at = dt.datetime(2019, 5, seq, 8, tzinfo=dt.UTC)
        fields = {
            "municipality_id": 1,
            "seq": seq,
            "at": at,
            "actor": "a@x",
            "kind": "submitted",
            "subject": f"deliverable:{seq}",
            "payload": {"version": 1, "files": [{"sha256": "ab"}]},
            "prev_hash": prev,
        }
        digest = event_hash(**fields)
        events.append(EventRecord(id=seq, hash=digest, **fields))
        prev = digest
    return events


def test_an_intact_chain() -> None:
    assert verify(chain(5)) is None
    assert verify([]) is None


def test_an_edited_payload() -> None:
    events = chain(5)
    events[2] = dataclasses.replace(events[2], payload={"version": 2})
    found = verify(events)
    assert found is not None and (found.seq, found.reason) == (3, "edited")


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link() -> None:
    events = chain(5)
    forged = dataclasses.replace(events[2], actor="someone@else")
    forged = dataclasses.replace(
        forged,
        hash=event_hash(
            municipality_id=1,
            seq=3,
            at=forged.at,
            actor=forged.actor,
            kind=forged.kind,
            subject=forged.subject,
            payload=forged.payload,
            prev_hash=forged.prev_hash,
        ),
    )
    events[2] = forged
    found = verify(events)
    assert found is not None and (found.seq, found.reason) == (4, "broken_link")


def test_a_deleted_event() -> None:
    events = chain(5)
    del events[1]
    found = verify(events)
    assert found is not None and (found.seq, found.reason) == (3, "missing")


def test_swapped_events() -> None:
    events = chain(5)
    events[1], events[2] = events[2], events[1]
    found = verify(events)
    assert found is not None and (found.seq, found.reason) == (3, "out_of_order")


def test_the_instant_is_hashed_in_utc() -> None:
    at = dt.datetime(2019, 5, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    common = {
        "municipality_id": 1,
        "seq": 1,
        "actor": "a",
        "kind": "k",
        "subject": "s",
        "payload": {},
        "prev_hash": GENESIS,
    }
    assert event_hash(at=at, **common) == event_hash(at=at.astimezone(dt.UTC), **common)


def test_checking_from_a_verified_position() -> None:
    """From a kept position the events after it are checked: their numbers go on from it
    and the first links to its hash; what lies before is not looked at."""
    events = chain(6)
    kept = Position(3, events[2].hash)
    assert verify(events[3:], after=kept) is None
    assert verify([], after=kept) is None
    wrong_link = verify(events[3:], after=Position(3, GENESIS))
    assert wrong_link is not None and (wrong_link.seq, wrong_link.reason) == (4, "broken_link")
    gap = verify(events[4:], after=kept)
    assert gap is not None and (gap.seq, gap.reason) == (5, "missing")
    edited = [*events[3:4], dataclasses.replace(events[4], actor="x@y"), *events[5:]]
    found = verify(edited, after=kept)
    assert found is not None and (found.seq, found.reason) == (5, "edited")
    before = [dataclasses.replace(events[0], actor="x@y"), *events[1:]]
    assert verify(before[3:], after=kept) is None  # only a check from the start finds it
    assert verify(before) is not None
