"""How far each municipality's audit chain has been verified (ChainVerification): read it,
move it forward, forget it.

Moving it is an upsert that never moves a position back: two checks that finish in either
order leave the furthest verified event, and neither fails on the other's row.
"""

from __future__ import annotations

import datetime as dt

from arshjul.models.tables import ChainVerification
from sqlalchemy import Connection, delete
from sqlalchemy.dialects import postgresql, sqlite

from arshjul.core.audit import Position

_TABLE = ChainVerification.__table__  # type: ignore[attr-defined]


def kept_position(connection: Connection, municipality_id: int) -> Position | None:
    """The last event verified in the municipality's chain, or None when none was."""
    row = connection.execute(
        _TABLE.select()
        .with_only_columns(_TABLE.c.seq, _TABLE.c.hash)
        .where(_TABLE.c.municipality_id == municipality_id)
    ).first()
    return Position(int(row[0]), str(row[1])) if row else None


def keep_position(
    connection: Connection,
    municipality_id: int,
    position: Position,
    *,
    at: dt.datetime,
    full: bool,
) -> None:
    """Record that the chain is whole up to `position` (checked at `at`, from the start
    when `full`); a check not from the start leaves a position further on as it is."""
    values = {
        "municipality_id": municipality_id,
        "seq": position.seq,
        "hash": position.hash,
        "verified_at": at,
        "full_at": at if full else None,
    }
    changed = {"seq": position.seq, "hash": position.hash, "verified_at": at}
    if full:
        changed["full_at"] = at
    # A check from the start replaces whatever is kept; a check from a kept position only
    # moves it forward.
    forward = None if full else _TABLE.c.seq <= position.seq
    if connection.dialect.name == "postgresql":
        upsert = postgresql.insert(_TABLE).values(values)
        connection.execute(
            upsert.on_conflict_do_update(
                index_elements=[_TABLE.c.municipality_id], set_=changed, where=forward
            )
        )
    else:
        lite = sqlite.insert(_TABLE).values(values)
        connection.execute(
            lite.on_conflict_do_update(
                index_elements=[_TABLE.c.municipality_id], set_=changed, where=forward
            )
        )


def forget_position(connection: Connection, municipality_id: int) -> None:
    """Drop the kept position (a check found a break): the next check starts from the
    beginning, so a break found once is found again, not stepped over."""
    connection.execute(delete(_TABLE).where(_TABLE.c.municipality_id == municipality_id))
