"""Adding, removing or changing people is an admin's change, audited with before and after;
the first plan of a municipality brings its people in without one."""

from __future__ import annotations

import datetime as dt

import pytest
from arshjul.models.tables import AuditEvent, Person
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.core.people import people_change
from arshjul.errors import ArshjulError, Refused
from arshjul.services.planning import save_plan
from tests.factories import MAIL_TEMPLATE, ctx_for, small_plan
from tests.models.test_store import dump

ADMIN = "admin@example.org"
WITH_ADMIN = MAIL_TEMPLATE.replace(
    "      - {role: coordinator, name: Samordnare, email: samordnare@example.org}\n",
    "      - {role: coordinator, name: Samordnare, email: samordnare@example.org}\n"
    f"      - {{role: admin, name: Förvaltare, email: {ADMIN}}}\n",
)
OUTSIDER = WITH_ADMIN.replace(
    "      - {role: secretary, name: Sekreterare, email: bun@example.org}\n",
    "      - {role: secretary, name: Sekreterare, email: bun@example.org}\n"
    "      - {role: secretary, name: Extern, email: extern@evil.example}\n",
)
NOW = dt.datetime(2019, 1, 10, tzinfo=dt.UTC)


def plan(engine: Engine, text: str, actor: str | None = None):
    template, cycle_plan = small_plan(2020, text)
    return save_plan(ctx_for(engine, actor, NOW), template=template, cycle_plan=cycle_plan)


def test_the_first_plan_needs_no_admin_and_replanning_the_same_people_neither(
    engine: Engine,
) -> None:
    plan(engine, WITH_ADMIN)
    plan(engine, WITH_ADMIN)  # nothing about people changed
    with Session(engine) as session:
        assert (
            session.exec(select(AuditEvent).where(AuditEvent.kind == "people_changed")).all() == []
        )


@pytest.mark.parametrize(
    ("actor", "key"),
    [
        (None, "who_are_you"),
        ("bun@example.org", "not_permitted"),
        ("samordnare@example.org", "not_permitted"),
    ],
)
def test_a_plan_that_adds_a_person_needs_an_admin(
    engine: Engine, actor: str | None, key: str
) -> None:
    plan(engine, WITH_ADMIN)
    before = {k: v for k, v in dump(engine).items() if k != "auditevent"}
    with pytest.raises(ArshjulError) as caught:
        plan(engine, OUTSIDER, actor)
    assert caught.value.key == key
    assert {k: v for k, v in dump(engine).items() if k != "auditevent"} == before
    with Session(engine) as session:
        emails = {p.email for p in session.exec(select(Person))}
        refusals = session.exec(select(AuditEvent).where(AuditEvent.kind == "refused")).all()
    assert "extern@evil.example" not in emails
    if isinstance(caught.value, Refused):
        (refused,) = refusals
        assert refused.payload["added"] == [
            {"body": "BUN", "email": "extern@evil.example", "role": "secretary"}
        ]


def test_an_admin_changes_people_and_the_change_is_recorded(engine: Engine) -> None:
    plan(engine, WITH_ADMIN)
    plan(engine, OUTSIDER, ADMIN)
    with Session(engine) as session:
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.kind == "people_changed"))
    assert event.actor == ADMIN
    assert event.payload["added"] == [
        {"body": "BUN", "email": "extern@evil.example", "role": "secretary"}
    ]
    assert event.payload["removed"] == []


def test_a_changed_role_is_one_removed_and_one_added() -> None:
    change = people_change({("KLK", "a@x.se", "secretary")}, {("KLK", "a@x.se", "coordinator")})
    assert change.added == (("KLK", "a@x.se", "coordinator"),)
    assert change.removed == (("KLK", "a@x.se", "secretary"),)
