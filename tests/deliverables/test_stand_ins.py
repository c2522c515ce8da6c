"""A colleague stands in for a secretary on leave: the reminders meant for her go to the
stand-in (with her in copy, unless the setting says otherwise), the stand-in hands in for
her body during the period and not after, and every bad period is refused with nothing
stored. On a real database, with the sweep and the outbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from arshjul.models.tables import AuditEvent, OutboxMessage, StandIn
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.errors import InvalidInput, NotFound, Refused
from arshjul.services.stand_ins import StandInIn, add, current, end
from arshjul.services.submissions import SubmissionIn, submit
from tests.factories import at, ctx_for, plan_into, sweep
from tests.models.test_store import dump

BUN, KS, COORDINATOR = "bun@example.org", "ks@example.org", "samordnare@example.org"
LEAVE = StandInIn(BUN, KS, dt.date(2019, 5, 1), dt.date(2019, 5, 20), "Föräldraledig")


@pytest.fixture
def planned(engine: Engine, clean_environment: Path) -> Engine:
    plan_into(engine)
    return engine


def _told(engine: Engine, kind: str) -> set[str]:
    with Session(engine) as session:
        return {
            m.recipient
            for m in session.exec(select(OutboxMessage).where(OutboxMessage.kind == kind))
        }


def test_the_stand_in_gets_the_reminders_with_the_absent_in_copy(planned: Engine) -> None:
    add(ctx_for(planned, COORDINATOR, at("2019-04-30")), LEAVE)
    sweep(planned, at("2019-05-06", 7))  # the day before budget's deadline: a reminder
    assert {BUN, KS} <= _told(planned, "reminder")
    with Session(planned) as session:
        mails = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == KS)).all()
    assert any("Barn- och utbildningsnämnden" in m.body_text for m in mails)  # BUN's


def test_without_copies_only_the_stand_in_is_told(
    planned: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from arshjul.settings import get_settings

    monkeypatch.setenv("ARSHJUL_STAND_IN_COPIES_ABSENT", "false")
    get_settings.cache_clear()
    add(ctx_for(planned, COORDINATOR, at("2019-04-30")), LEAVE)
    sweep(planned, at("2019-05-06", 7))
    assert BUN not in _told(planned, "reminder") and KS in _told(planned, "reminder")
    get_settings.cache_clear()


def test_the_stand_in_hands_in_for_the_body_during_the_period_only(
    planned: Engine, tmp_path: Path
) -> None:
    add(ctx_for(planned, COORDINATOR, at("2019-04-30")), LEAVE)
    pdf = tmp_path / "underlag.pdf"
    pdf.write_bytes(b"%PDF-1.4\nunderlag\n%%EOF\n")
    done = submit(ctx_for(planned, KS, at("2019-05-06")), SubmissionIn("budget/BUN", (pdf,)))
    assert done.version == 1
    with pytest.raises(Refused):
        submit(ctx_for(planned, KS, at("2019-05-21")), SubmissionIn("budget/BUN", (pdf,)))


def test_an_ended_stand_in_redirects_nothing(planned: Engine) -> None:
    made = add(ctx_for(planned, COORDINATOR, at("2019-04-30")), LEAVE)
    assert [s.id for s in current(ctx_for(planned, COORDINATOR, at("2019-05-02")))] == [made.id]
    end(ctx_for(planned, COORDINATOR, at("2019-05-03")), stand_in_id=made.id)
    assert current(ctx_for(planned, COORDINATOR, at("2019-05-04"))) == []
    sweep(planned, at("2019-05-06", 7))
    with Session(planned) as session:
        mails = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == KS)).all()
    assert mails and not any("Barn- och utbildningsnämnden" in m.body_text for m in mails)
    with Session(planned) as session:
        kinds = [e.kind for e in session.exec(select(AuditEvent)) if "stand_in" in e.kind]
    assert kinds == ["stand_in_added", "stand_in_ended"]


@pytest.mark.parametrize(
    ("actor", "form", "error", "key"),
    [
        (BUN, LEAVE, Refused, "not_permitted"),  # a secretary does not arrange her own
        (COORDINATOR, StandInIn(BUN, BUN, LEAVE.first, LEAVE.last), InvalidInput, "stand_in_self"),
        (
            COORDINATOR,
            StandInIn(BUN, KS, LEAVE.last, LEAVE.first),
            InvalidInput,
            "stand_in_ends_before",
        ),
        (
            COORDINATOR,
            StandInIn(BUN, "ny@example.org", LEAVE.first, LEAVE.last),
            InvalidInput,
            "stand_in_unknown",
        ),
        (
            COORDINATOR,
            StandInIn("bun@example.org, ks@example.org", KS, LEAVE.first, LEAVE.last),
            InvalidInput,
            "stand_in_bad_address",
        ),
    ],
)
def test_a_bad_stand_in_is_refused_and_nothing_is_stored(
    planned: Engine, actor: str, form: StandInIn, error: type[Exception], key: str
) -> None:
    before = {k: v for k, v in dump(planned).items() if k != "auditevent"}
    with pytest.raises(error) as refused:
        add(ctx_for(planned, actor, at("2019-04-30")), form)
    assert refused.value.key == key  # type: ignore[attr-defined]
    assert {k: v for k, v in dump(planned).items() if k != "auditevent"} == before
    with Session(planned) as session:
        assert session.exec(select(StandIn)).all() == []


def test_ending_an_unknown_stand_in_is_not_found(planned: Engine) -> None:
    with pytest.raises(NotFound):
        end(ctx_for(planned, COORDINATOR, at("2019-05-03")), stand_in_id=99)
