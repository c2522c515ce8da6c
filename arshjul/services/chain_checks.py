"""Verifying the audit chains: one municipality's or all, from where the last check
stopped or (`full`) from the start.

A check that finds a chain whole keeps its head (the last event's number and hash,
arshjul.models.chain_verification); the next check of that municipality re-hashes the kept
event and hashes only the events after it, so its cost follows the new events, not the
length of the trail, and nothing but the kept event is hashed until the head moves. An
event changed before the kept one is found by a full check alone: the scheduled sweep and
`audit verify --full` run one, and the signed checkpoints (arshjul.services.seals) anchor
the chain outside the database whatever is kept here.

The kept position is a derived record, not a change anyone made: it is not an audit event
(recording one would move the head it describes at every check).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlmodel import Session, select

from arshjul.context import Context
from arshjul.core.audit import BreakReason, ChainBreak, EventRecord, Position, verify
from arshjul.models.audit import municipalities_with_events, records
from arshjul.models.chain_verification import forget_position, keep_position, kept_position
from arshjul.models.db import writing
from arshjul.models.tables import Municipality


@dataclass(frozen=True)
class ChainReport:
    municipality_code: str
    events: int  # events in the chain
    first_break: ChainBreak | None
    checked: int = 0  # events hashed by this check
    full: bool = True  # checked from the start


@dataclass(frozen=True)
class _Found:
    first_break: ChainBreak | None
    events: int
    checked: int
    head: Position | None  # the last event, when the chain is whole


def _from_start(chain: list[EventRecord]) -> _Found:
    found = verify(chain)
    head = Position(chain[-1].seq, chain[-1].hash) if chain and found is None else None
    return _Found(found, len(chain), len(chain), head)


def _after(kept: Position, chain: list[EventRecord]) -> _Found:
    """Check `chain` (the events from the kept one on, in stored order) against `kept`:
    the kept event must still be there with its hash and content, then the rest follow."""
    events = kept.seq - 1 + len(chain)
    first = chain[0] if chain else None
    if first is None or first.seq != kept.seq:
        # named at the first event that is there, as a gap is anywhere in the chain
        at = ChainBreak(first.id, first.seq, BreakReason.MISSING) if first else None
        gone = at or ChainBreak(None, kept.seq, BreakReason.MISSING)
        return _Found(gone, events, 0, None)
    if first.hash != kept.hash:
        return _Found(ChainBreak(first.id, kept.seq, BreakReason.EDITED), events, 0, None)
    found = verify(chain, after=Position(kept.seq - 1, first.prev_hash))
    head = Position(chain[-1].seq, chain[-1].hash) if found is None else None
    return _Found(found, events, len(chain), head)


def _examine(
    session: Session, municipality_id: int, *, full: bool
) -> tuple[_Found, Position | None]:
    """The chain checked from its kept position (or the start): what was found, and the
    position it was checked from (None: the start)."""
    kept = None if full else kept_position(session.connection(), municipality_id)
    if kept is None:
        return _from_start(records(session=session, municipality_id=municipality_id)), None
    chain = records(session=session, municipality_id=municipality_id, from_seq=kept.seq)
    return _after(kept, chain), kept


def _moves(checked: tuple[_Found, Position | None], *, full: bool) -> bool:
    """Whether the check changes what is kept: a whole chain's head further on (or any,
    when checked from the start), or a break found from the start."""
    found, kept = checked
    head = found.head
    ahead = head is not None and (kept is None or head.seq > kept.seq)
    return ahead or (full and found.first_break is not None)


def _settle(
    connection: Connection,
    municipality_id: int,
    checked: tuple[_Found, Position | None],
    *,
    at: dt.datetime,
) -> None:
    """Keep a whole chain's head (forward only, unless checked from the start), or drop
    the position when a check from the start found a break (it is not stepped over)."""
    found, kept = checked
    if found.head is not None:
        keep_position(connection, municipality_id, found.head, at=at, full=kept is None)
    else:
        forget_position(connection, municipality_id)


def _report(code: str, checked: tuple[_Found, Position | None]) -> ChainReport:
    found, kept = checked
    return ChainReport(code, found.events, found.first_break, found.checked, kept is None)


def verify_chain(ctx: Context, municipality: Municipality, *, full: bool = False) -> ChainReport:
    """One municipality's chain: from its kept position, or from the start when `full`
    (or when none is kept). Reads no other municipality's events."""
    municipality_id = municipality.id or 0
    engine = ctx.database()
    with Session(engine) as session:
        checked = _examine(session, municipality_id, full=full)
    if _moves(checked, full=full):
        with writing(engine).begin() as connection:
            _settle(connection, municipality_id, checked, at=ctx.recorded_now())
    return _report(municipality.code, checked)


def verify_chains(ctx: Context, *, full: bool = False) -> list[ChainReport]:
    """Every municipality's chain that has events, in the order of their ids; the kept
    positions are written in one transaction after all are read."""
    engine = ctx.database()
    with Session(engine) as session:
        codes = {m.id: m.code for m in session.exec(select(Municipality))}
        found = [
            (municipality_id, _examine(session, municipality_id, full=full))
            for municipality_id in municipalities_with_events(session=session)
        ]
    moving = [(m, checked) for m, checked in found if _moves(checked, full=full)]
    if moving:
        at = ctx.recorded_now()
        with writing(engine).begin() as connection:
            for municipality_id, checked in moving:
                _settle(connection, municipality_id, checked, at=at)
    return [_report(codes.get(m, "?"), checked) for m, checked in found]
