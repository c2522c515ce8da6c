"""An administrator adds, changes and removes a body's people: the preview changes nothing;
applying makes a new version of the wheel, re-plans, records who was added and removed
(before/after), and signs out whoever lost a role; each bad input is named by its field
and nothing changes; a secretary is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from arshjul.models.db import create_schema, make_engine
from arshjul.models.tables import AuditEvent, Person, TemplateVersion, WebSession
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.errors import InvalidInput, Refused, WheelChanged
from arshjul.services.people_changes import PersonIn, apply_person, preview_person
from arshjul.services.web_sessions import identify, start
from arshjul.settings import get_settings
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into
from tests.models.test_store import dump

ADMIN, KS = "admin@example.org", "ks@example.org"
WITH_ADMIN = MAIL_TEMPLATE.replace(
    "      - {role: secretary, name: Sekreterare KLK, email: klk@example.org}\n",
    "      - {role: secretary, name: Sekreterare KLK, email: klk@example.org}\n"
    "      - {role: admin, name: Administratör, email: admin@example.org}\n",
)
NOW = at("2019-03-01", 9)


@pytest.fixture
def planned(engine: Engine) -> Engine:
    plan_into(engine, WITH_ADMIN)
    return engine


def _active(engine: Engine) -> set[tuple[str, str, str]]:
    with Session(engine) as session:
        rows = session.exec(select(Person).where(col(Person.active))).all()
        return {(p.email, str(p.role), p.name) for p in rows}


def _latest(engine: Engine) -> TemplateVersion:
    with Session(engine) as session:
        found = session.exec(
            select(TemplateVersion).order_by(col(TemplateVersion.version).desc())
        ).first()
    assert found is not None
    return found


def _events(engine: Engine, kind: str) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.kind == kind)).all())


def test_the_preview_changes_nothing(planned: Engine) -> None:
    before = dump(planned)
    form = PersonIn("add", "KS", "ny@example.org", "Ny Sekreterare", "secretary")
    change, (found,) = preview_person(ctx_for(planned, ADMIN, NOW), form)
    assert change.budget_years == (2020,) and change.before is None
    assert change.after is not None and change.after.email == "ny@example.org"
    assert found.budget_year == 2020
    assert '- {role: secretary, name: "Ny Sekreterare", email: "ny@example.org"}' in change.text
    assert dump(planned) == before


def test_adding_makes_a_version_and_records_the_person(planned: Engine) -> None:
    ctx = ctx_for(planned, ADMIN, NOW)
    form = PersonIn("add", "KS", "ny@example.org", "Ny Sekreterare", "secretary", reason="ny")
    change, _ = preview_person(ctx, form)
    _, (done,), ended = apply_person(ctx, form, base_sha256=change.base_sha256)
    assert done.version == 2 and ended == 0
    assert ("ny@example.org", "secretary", "Ny Sekreterare") in _active(planned)
    latest = _latest(planned)
    assert latest.source == "people" and latest.reason == "ny"
    (event,) = _events(planned, "people_changed")
    assert event.actor == ADMIN
    assert event.payload["added"] == [
        {"body": "KS", "email": "ny@example.org", "role": "secretary"}
    ]
    assert event.payload["removed"] == []
    (person,) = _events(planned, "person_changed")
    assert person.actor == ADMIN and person.subject == "body:KS"
    assert person.payload["before"] is None
    assert person.payload["after"] == {
        "name": "Ny Sekreterare",
        "email": "ny@example.org",
        "role": "secretary",
    }
    with pytest.raises(WheelChanged):  # the same preview applied again: the wheel moved on
        apply_person(
            ctx,
            PersonIn("add", "KS", "tva@example.org", "Två", "chair"),
            base_sha256=change.base_sha256,
        )


def test_a_changed_role_ends_the_persons_sessions(planned: Engine) -> None:
    ctx = ctx_for(planned, ADMIN, NOW)
    token, _ = start(ctx_for(planned, now=NOW), email=KS, method="link")
    form = PersonIn("change", "KS", KS, "Sekreterare KS", "chair")
    _, _, ended = apply_person(ctx, form, base_sha256=None)
    assert ended == 1 and identify(ctx, token) is None
    assert (KS, "chair", "Sekreterare KS") in _active(planned)
    assert (KS, "secretary", "Sekreterare KS") not in _active(planned)
    (event,) = _events(planned, "people_changed")
    assert event.payload["removed"] == [{"body": "KS", "email": KS, "role": "secretary"}]
    assert event.payload["added"] == [{"body": "KS", "email": KS, "role": "chair"}]
    (signed_out,) = _events(planned, "sessions_ended")
    assert signed_out.actor == ADMIN and signed_out.subject == f"person:{KS}"
    assert signed_out.payload["lost"] == [{"body": "KS", "role": "secretary"}]
    with Session(planned) as session:
        (row,) = session.exec(select(WebSession)).all()
    assert row.ended_by == ADMIN


def test_a_changed_name_is_audited_with_before_and_after(planned: Engine) -> None:
    ctx = ctx_for(planned, ADMIN, NOW)
    _, _, ended = apply_person(
        ctx, PersonIn("change", "KS", KS, "Kim Sekreterare", "secretary"), base_sha256=None
    )
    assert ended == 0 and (KS, "secretary", "Kim Sekreterare") in _active(planned)
    (event,) = _events(planned, "person_changed")
    assert event.payload["before"]["name"] == "Sekreterare KS"
    assert event.payload["after"]["name"] == "Kim Sekreterare"
    assert _events(planned, "people_changed") == []  # no one added or removed


def test_removing_the_last_person_of_a_body(planned: Engine) -> None:
    ctx = ctx_for(planned, ADMIN, NOW)
    change, _, _ = apply_person(ctx, PersonIn("remove", "KS", KS), base_sha256=None)
    assert change.after is None and change.before is not None
    assert not any(email == KS for email, _, _ in _active(planned))
    assert "ks@example.org" not in _latest(planned).text
    assert "  - key: KS\n    name: Kommunstyrelsen\n    kind: ks\n" in _latest(planned).text


@pytest.mark.parametrize(
    ("actor", "form", "key", "field"),
    [
        (ADMIN, PersonIn("add", "KS", "a@example.org, b@example.org", "A", "secretary"),
         "person_bad_email", "email"),
        (ADMIN, PersonIn("add", "KS", "a@example.org b@example.org", "A", "secretary"),
         "person_bad_email", "email"),
        (ADMIN, PersonIn("add", "KS", "Anna <a@example.org>", "A", "secretary"),
         "person_bad_email", "email"),
        (ADMIN, PersonIn("add", "KS", "a@example.org", "", "secretary"),
         "person_bad_name", "name"),
        (ADMIN, PersonIn("add", "KS", "a@example.org", "A\r\nBcc: x", "secretary"),
         "person_bad_name", "name"),
        (ADMIN, PersonIn("add", "KS", "a@example.org", "A", "boss"), "person_bad_role", "role"),
        (ADMIN, PersonIn("add", "XX", "a@example.org", "A", "secretary"), "unknown_body", "body"),
        (ADMIN, PersonIn("add", "KS", KS, "A", "secretary"), "person_already_there", "email"),
        (ADMIN, PersonIn("remove", "KS", "nobody@example.org"), "person_not_there", "email"),
        (ADMIN, PersonIn("change", "KS", KS, "Sekreterare KS", "secretary"),
         "person_unchanged", "name"),
    ],
)  # fmt: skip
def test_bad_input_changes_nothing(
    planned: Engine, actor: str, form: PersonIn, key: str, field: str
) -> None:
    before = dump(planned)
    with pytest.raises(InvalidInput) as raised:
        apply_person(ctx_for(planned, actor, NOW), form, base_sha256=None)
    assert (raised.value.key, raised.value.params["field"]) == (key, field)
    assert dump(planned) == before


def test_a_secretary_is_refused(planned: Engine) -> None:
    before = {k: v for k, v in dump(planned).items() if k != "auditevent"}
    with pytest.raises(Refused):
        apply_person(
            ctx_for(planned, KS, NOW),
            PersonIn("add", "KS", "a@example.org", "A", "secretary"),
            base_sha256=None,
        )
    assert {k: v for k, v in dump(planned).items() if k != "auditevent"} == before


def test_the_command_line(clean_environment: Path) -> None:
    engine = make_engine(get_settings().resolved_database_url)
    create_schema(engine)
    plan_into(engine, WITH_ADMIN)
    runner = CliRunner()
    base = ["--as", ADMIN, "people"]
    bad = runner.invoke(
        app, [*base, "add", "--body", "KS", "--email", "a@x.se,b@x.se", "--name", "A"]
    )
    assert bad.exit_code == 1 and "är inte exakt en e-postadress" in bad.stderr
    add = [*base, "add", "--body", "KS", "--email", "ny@example.org", "--name", "Ny"]
    shown = runner.invoke(app, [*add, "--preview", "--as-of", "2019-03-01"])
    assert shown.exit_code == 0, shown.output
    assert "--expect-version" in shown.stdout
    assert "Före: –; efter: Ny, secretary, ny@example.org" in shown.stdout
    done = runner.invoke(app, add)
    assert done.exit_code == 0, done.output
    assert "ny@example.org är tillagd i KS: version 2 av årshjulet" in done.stdout
    listed = runner.invoke(app, [*base, "list"])
    assert listed.exit_code == 0 and "ny@example.org" in listed.stdout
    refused = runner.invoke(app, ["--as", KS, "people", "remove", "--body", "KS", "--email", KS])
    assert refused.exit_code != 0
    gone = runner.invoke(app, [*base, "remove", "--body", "KS", "--email", "ny@example.org"])
    assert gone.exit_code == 0, gone.output
    engine.dispose()
