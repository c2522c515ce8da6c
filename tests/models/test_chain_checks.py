"""Verifying a chain from where the last check stopped (arshjul.services.chain_checks), on
a real database (SQLite, or PostgreSQL with `--database postgres`): only the events after
the kept position are hashed, the result holds until the head moves, a break found from
the start is not stepped over later, and one municipality's check reads no other's."""

from __future__ import annotations

from arshjul.models.db import writing
from arshjul.models.tables import ChainVerification, Municipality
from sqlalchemy import Engine, text
from sqlmodel import Session

from arshjul.services.chain_checks import verify_chain, verify_chains
from arshjul.trail import record
from tests.factories import ctx_for


def _municipalities(engine: Engine, *codes: str) -> list[Municipality]:
    with Session(engine) as session:
        found = [Municipality(code=code, name=f"Kommun {code}") for code in codes]
        session.add_all(found)
        session.commit()
        for municipality in found:
            session.refresh(municipality)
            session.expunge(municipality)
    return found


def _events(engine: Engine, municipality: Municipality, count: int) -> None:
    ctx = ctx_for(engine, "a@example.org")
    with Session(writing(engine)) as session, session.begin():
        for number in range(count):
            record(
                ctx,
                session,
                municipality_id=municipality.id or 0,
                kind="test",
                subject=f"test:{number}",
                payload={"number": number},
            )


def _tamper(engine: Engine, statement: str) -> None:
    with engine.begin() as conn:  # someone with direct database access, triggers off
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
        else:
            conn.execute(text("ALTER TABLE auditevent DISABLE TRIGGER audit_event_append_only"))
        conn.execute(text(statement))


def test_only_new_events_are_hashed_and_the_result_holds_until_the_head_moves(
    engine: Engine,
) -> None:
    (timra,) = _municipalities(engine, "2262")
    _events(engine, timra, 20)
    ctx = ctx_for(engine)
    first = verify_chain(ctx, timra)
    assert (first.events, first.checked, first.full, first.first_break) == (20, 20, True, None)
    again = verify_chain(ctx, timra)  # the head has not moved: only the kept event
    assert (again.events, again.checked, again.full, again.first_break) == (20, 1, False, None)
    _events(engine, timra, 5)
    grown = verify_chain(ctx, timra)
    assert (grown.events, grown.checked, grown.first_break) == (25, 6, None)
    with Session(engine) as session:
        kept = session.get(ChainVerification, timra.id)
        assert kept is not None and kept.seq == 25 and kept.full_at is not None
    whole = verify_chain(ctx, timra, full=True)
    assert (whole.events, whole.checked, whole.full) == (25, 25, True)


def test_an_edit_before_the_kept_position_is_found_from_the_start_and_then_always(
    engine: Engine,
) -> None:
    (timra,) = _municipalities(engine, "2262")
    _events(engine, timra, 10)
    ctx = ctx_for(engine)
    assert verify_chain(ctx, timra).first_break is None
    _tamper(engine, "UPDATE auditevent SET actor = 'x@example.org' WHERE seq = 4")
    assert verify_chain(ctx, timra).first_break is None  # not hashed again: it was whole
    full = verify_chain(ctx, timra, full=True)
    assert full.first_break is not None and (full.first_break.seq, full.first_break.reason) == (
        4,
        "edited",
    )
    later = verify_chain(ctx, timra)  # the kept position was dropped
    assert later.first_break is not None and later.first_break.seq == 4


def test_an_edit_after_the_kept_position_is_found_by_the_everyday_check(engine: Engine) -> None:
    (timra,) = _municipalities(engine, "2262")
    _events(engine, timra, 10)
    ctx = ctx_for(engine)
    assert verify_chain(ctx, timra).first_break is None
    _events(engine, timra, 3)
    _tamper(engine, "UPDATE auditevent SET subject = 'x' WHERE seq = 12")
    found = verify_chain(ctx, timra)
    assert found.first_break is not None and (found.first_break.seq, found.checked) == (12, 4)
    assert found.first_break.reason == "edited"
    with Session(engine) as session:  # the position before the break stays kept
        kept = session.get(ChainVerification, timra.id)
        assert kept is not None and kept.seq == 10


def test_one_municipality_is_checked_without_the_others(engine: Engine) -> None:
    timra, sundsvall = _municipalities(engine, "2262", "2281")
    _events(engine, timra, 4)
    _events(engine, sundsvall, 6)
    _tamper(engine, f"UPDATE auditevent SET actor = 'x' WHERE municipality_id = {sundsvall.id}")
    ctx = ctx_for(engine)
    mine = verify_chain(ctx, timra)
    assert (mine.municipality_code, mine.events, mine.first_break) == ("2262", 4, None)
    with Session(engine) as session:
        assert session.get(ChainVerification, sundsvall.id) is None  # not looked at
    every = {r.municipality_code: r for r in verify_chains(ctx)}
    assert every["2262"].first_break is None
    broken = every["2281"].first_break
    assert broken is not None and broken.seq == 1
