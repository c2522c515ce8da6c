"""An administrator adds, changes or removes a person of a body (in the browser's Personer
page, or `arshjul people add|change|remove`): the person written into the body's
`contacts:` of the wheel's version in force (arshjul.core.contact_lines), previewed and
applied like any other change to the wheel (arshjul.services.wheel_changes) for each open
cycle. Planning records who was added and removed (`people_changed`, before and after);
anyone who lost a role is signed out of every browser, since the sessions carry the
grants the role gave."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session, col, select

from arshjul.access import authorise, municipality_scope
from arshjul.context import Context
from arshjul.core.addresses import control_character, is_single_address
from arshjul.core.contact_lines import with_contact_added, with_contact_replaced, without_contact
from arshjul.core.kinds import Role
from arshjul.core.people import PersonKey, people_of
from arshjul.core.permissions import Action
from arshjul.core.template import Contact, CycleTemplate
from arshjul.core.template_loader import parse_template
from arshjul.errors import InvalidInput, NotFound
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.store import PlanChanges
from arshjul.models.tables import Cycle
from arshjul.models.template_versions import latest_version, text_sha256
from arshjul.services.wheel_changes import Change, Preview, apply_change, preview
from arshjul.trail import record

Verb = Literal["add", "change", "remove"]
ROLES = tuple(r.value for r in Role)
MAX_NAME = 200


@dataclass(frozen=True)
class PersonIn:
    """One person of one body, as typed. `was_role` picks which of an address's roles in
    the body a change or removal is about, when it has more than one."""

    verb: Verb
    body: str
    email: str
    name: str = ""
    role: str = ""
    was_role: str = ""
    municipality: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class PersonChange:
    """The wheel's new text, the version it was made from, the budget years it re-plans,
    and the person before and after (None: not there)."""

    municipality_code: str
    base_sha256: str
    text: str
    budget_years: tuple[int, ...]
    before: Contact | None
    after: Contact | None
    lost: tuple[PersonKey, ...]  # (body, e-mail, role) no longer in the wheel

    def change(self, budget_year: int, base: str | None, reason: str) -> Change:
        file = f"arshjul-{self.municipality_code}.yaml"
        return Change(self.text, file, budget_year, base, reason, "people")


def _refuse(key: str, field: str, **params: object) -> InvalidInput:
    return InvalidInput(key, field=field, **params)


def _checked_fields(form: PersonIn) -> None:
    """Each field's problem, named by its field; before anything is read or written."""
    if not is_single_address(form.email):
        raise _refuse("person_bad_email", "email", value=form.email)
    if form.verb == "remove":
        return
    name = form.name.strip()
    if not name or len(name) > MAX_NAME or control_character(name) is not None:
        raise _refuse("person_bad_name", "name", value=form.name, most=MAX_NAME)
    if form.role not in ROLES:
        raise _refuse("person_bad_role", "role", value=form.role, known=", ".join(ROLES))


def _found(template: CycleTemplate, form: PersonIn) -> Contact | None:
    """The contact a change or removal is about; refused when it is not there or the
    address has several roles in the body and `was_role` does not say which."""
    body = template.body(form.body)
    matches = [c for c in body.contacts if c.email.lower() == form.email.lower()]
    if form.was_role:
        matches = [c for c in matches if c.role.value == form.was_role]
    if form.verb == "add":
        if any(c.role.value == form.role for c in matches):
            raise _refuse("person_already_there", "email", email=form.email, body=form.body)
        return None
    if not matches:
        raise _refuse("person_not_there", "email", email=form.email, body=form.body)
    if len(matches) > 1:
        roles = ", ".join(c.role.value for c in matches)
        raise _refuse("person_which_role", "was_role", email=form.email, roles=roles)
    return matches[0]


def _edited(
    current_text: str, template: CycleTemplate, form: PersonIn
) -> tuple[str, Contact | None, Contact | None]:
    before = _found(template, form)
    name, role = form.name.strip(), form.role
    after = None if form.verb == "remove" else Contact(Role(role), name, form.email)
    if (
        before is not None
        and after is not None
        and (before.name, before.role) == (name, after.role)
    ):
        raise _refuse("person_unchanged", "name", email=form.email)
    if form.verb == "add":
        body_line = template.body(form.body).line or 0
        text = with_contact_added(
            current_text, body_line=body_line, role=role, name=name, email=form.email
        )
    elif form.verb == "change" and before is not None:
        text = with_contact_replaced(
            current_text, contact_line_no=before.line or 0, role=role, name=name, email=form.email
        )
    else:
        text = without_contact(current_text, contact_line_no=(before.line if before else 0) or 0)
    if text is None:
        raise _refuse("person_not_editable", "body", body=form.body)
    return text, before, after


def _open_years(session: Session, municipality_id: int) -> tuple[int, ...]:
    return tuple(
        session.exec(
            select(Cycle.budget_year)
            .where(Cycle.municipality_id == municipality_id, ~col(Cycle.closed))
            .order_by(col(Cycle.budget_year))
        ).all()
    )


def person_change(ctx: Context, form: PersonIn) -> PersonChange:
    """The change the person makes, for an administrator; raises InvalidInput naming the
    field, and stores nothing either way."""
    with Session(ctx.database()) as session:
        found = queries.resolve_municipality(session=session, code=form.municipality)
        authorise(ctx, Action.CHANGE_PEOPLE, municipality_scope(found))
        current = latest_version(session=session, municipality_id=found.id or 0)
        years = _open_years(session, found.id or 0)
    if current is None:
        raise NotFound("no_template_version", municipality=found.code)
    _checked_fields(form)
    template, _ = parse_template(current.text, current.file)
    if template is None:
        raise InvalidInput("meeting_version_unreadable", version=current.version)
    if form.body not in {b.key for b in template.bodies}:
        known = ", ".join(b.key for b in template.bodies)
        raise _refuse("unknown_body", "body", body=form.body, known=known)
    if not years:
        raise InvalidInput("no_cycle", what=f"kommun {found.code}")
    text, before, after = _edited(current.text, template, form)
    candidate, _ = parse_template(text, current.file)
    lost = people_of(template) - (people_of(candidate) if candidate else set())
    return PersonChange(found.code, current.sha256, text, years, before, after, tuple(sorted(lost)))


def preview_person(ctx: Context, form: PersonIn) -> tuple[PersonChange, list[Preview]]:
    """What the change would do, cycle by cycle; changes nothing."""
    change = person_change(ctx, form)
    return change, [preview(ctx, change.change(y, None, form.reason)) for y in change.budget_years]


def apply_person(
    ctx: Context, form: PersonIn, *, base_sha256: str | None
) -> tuple[PersonChange, list[PlanChanges], int]:
    """Store the person as the wheel's new version, re-plan each open cycle (the first
    refused if the wheel changed since `base_sha256`, the preview's version), then sign
    out everyone who lost a role; returns how many sessions were ended."""
    from arshjul.services.web_sessions import end_for_lost_role

    change = person_change(ctx, form)
    new = text_sha256(change.text)
    done = []
    for index, year in enumerate(change.budget_years):
        base = base_sha256 if index == 0 else new
        done.append(apply_change(ctx, change.change(year, base, form.reason)))
    _record_person(ctx, change, form, done[0].version if done else 0)
    ended = 0
    for email in sorted({e for _, e, _ in change.lost}):
        lost = [{"body": b, "role": r} for b, e, r in change.lost if e == email]
        ended += end_for_lost_role(
            ctx, email=email, municipality=change.municipality_code, lost=lost
        )
    return change, done, ended


def _as_dict(contact: Contact | None) -> dict[str, str] | None:
    if contact is None:
        return None
    return {"name": contact.name, "email": contact.email, "role": contact.role.value}


def _record_person(ctx: Context, change: PersonChange, form: PersonIn, version: int) -> None:
    """The person before and after, by whom: planning's `people_changed` says who was
    added and removed, but not a changed name."""
    with Session(writing(ctx.database())) as session, session.begin():
        found = queries.resolve_municipality(session=session, code=change.municipality_code)
        record(
            ctx,
            session,
            municipality_id=found.id or 0,
            kind="person_changed",
            subject=f"body:{form.body}",
            payload={
                "verb": form.verb,
                "version": version,
                "before": _as_dict(change.before),
                "after": _as_dict(change.after),
                "reason": form.reason,
            },
        )


@dataclass(frozen=True)
class PersonRow:
    body: str
    body_name: str
    name: str
    email: str
    role: str


def wheel_people(ctx: Context, *, municipality: str | None) -> list[PersonRow]:
    """The people of the wheel's version in force, body by body, for those who may read
    the wheel (it names its people)."""
    with Session(ctx.database()) as session:
        found = queries.resolve_municipality(session=session, code=municipality)
        authorise(ctx, Action.READ_WHEEL, municipality_scope(found))
        current = latest_version(session=session, municipality_id=found.id or 0)
    template = parse_template(current.text, current.file)[0] if current else None
    if template is None:
        return []
    return [
        PersonRow(b.key, b.name, c.name, c.email, c.role.value)
        for b in template.bodies
        for c in b.contacts
    ]
