"""Signing in to the web application without passwords to manage: a one-time link sent by
e-mail through the outbox (arshjul.core.web_access has the rules).

The answer to a request is the same whether or not the address belongs to anyone, and
takes as long: the request only checks the address and the limits, and the person is
looked up and the link made (`queue_link`) and sent (`deliver`) after the answer, on the
web application's mailer threads. Only the mail itself, to the address's owner, tells.
The link's token is stored only as its SHA-256, and redeeming it is one conditional
UPDATE, so two clicks cannot both win.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from arshjul.context import Context, utc_now
from arshjul.core.addresses import is_single_address
from arshjul.core.instants import STOCKHOLM
from arshjul.core.kinds import BodyKind
from arshjul.core.reminders import NoticeKind
from arshjul.core.web_access import (
    LINK_LIFETIME,
    REQUEST_WINDOW,
    LinkState,
    digest,
    link_state,
    may_request,
    safe_next,
)
from arshjul.errors import SignInFailed
from arshjul.models.db import writing
from arshjul.models.tables import Body, Municipality, Person, SignInLink, SignInRequest
from arshjul.notifications import PlannedNotice, Recipient, enqueue_notice, recipient_context
from arshjul.trail import SYSTEM, record


class Requested(StrEnum):
    SENT_IF_KNOWN = "sent_if_known"  # the one answer, known address or not
    BAD_ADDRESS = "bad_address"  # not one e-mail address: a form error, nothing looked up
    TOO_MANY = "too_many"  # this address or this client asked too often


@dataclass(frozen=True)
class SignedIn:
    email: str
    next_path: str


REFUSED = {LinkState.USED: "web_link_used", LinkState.EXPIRED: "web_link_expired"}


def _refused(state: LinkState | None) -> SignInFailed:
    """The link cannot sign anyone in: used, expired, or no such link (`state` None)."""
    return SignInFailed(REFUSED.get(state, "web_link_unknown") if state else "web_link_unknown")


@dataclass(frozen=True)
class Asked:
    """A request for a link that passed the checks, for the mailer to act on after the
    answer: the address (kept in memory only, never stored for an unknown address) and
    the client's digest, which the audit event names."""

    address: str
    client_hash: str
    base_url: str
    next_path: str | None


def request_link(
    ctx: Context, *, address: str, client: str, base_url: str, next_path: str | None = None
) -> tuple[Requested, Asked | None]:
    """Check `address` and the limits and note the request: the same statements whether
    or not the address is anyone's, so the answer takes as long either way. Whom it
    belongs to is looked up after the answer, by `queue_link` on the mailer's threads;
    returns the answer to show and what to hand to it (None when refused)."""
    wanted = address.strip()
    if not is_single_address(wanted):
        return Requested.BAD_ADDRESS, None
    now = ctx.now()
    address_hash, client_hash = digest(wanted.lower()), digest(client)
    engine = ctx.database(create=True)
    with Session(writing(engine)) as session, session.begin():
        since = now - REQUEST_WINDOW
        by_address = _count(session, SignInRequest.address_hash == address_hash, since)
        by_client = _count(session, SignInRequest.client_hash == client_hash, since)
        session.add(SignInRequest(address_hash=address_hash, client_hash=client_hash, at=now))
        if not may_request(by_address, by_client, ctx.settings.web_sign_in_per_client):
            return Requested.TOO_MANY, None
    return Requested.SENT_IF_KNOWN, Asked(wanted, client_hash, base_url, next_path)


def queue_link(ctx: Context, asked: Asked) -> list[str]:
    """After the answer: the link for the active person with `asked`'s address, in the
    outbox and in the trail, valid for LINK_LIFETIME from now; the outbox keys queued
    (none for an unknown address: nothing is written for it)."""
    now = ctx.now()
    with Session(writing(ctx.database(create=True))) as session, session.begin():
        person = session.exec(
            select(Person)
            .where(func.lower(Person.email) == asked.address.lower(), col(Person.active))
            .order_by(col(Person.id))
        ).first()
        if person is None:
            return []
        token = _new_link(session, person.email, now, asked.next_path)
        key = _enqueue_link(ctx, session, person, token, asked.base_url, now)
        record(
            ctx,
            session,
            municipality_id=person.municipality_id,
            actor=SYSTEM,
            kind="sign_in_link_sent",
            subject=f"person:{person.email}",
            payload={"client": asked.client_hash[:16]},
        )
    return [key]


def _enqueue_link(
    ctx: Context, session: Session, person: Person, token: str, base_url: str, now: dt.datetime
) -> str:
    municipality = session.get(Municipality, person.municipality_id)
    assert municipality is not None
    recipient = Recipient(person.name, person.email, person.role)
    until = (now + LINK_LIFETIME).astimezone(STOCKHOLM)
    return enqueue_notice(
        session,
        PlannedNotice(
            f"{NoticeKind.SIGN_IN}|{digest(token)[:16]}|{person.email}",
            NoticeKind.SIGN_IN,
            ctx.today(),
            person.municipality_id,
            recipient,
            None,
            {
                "municipality": {"code": municipality.code, "name": municipality.name},
                "recipient": recipient_context(recipient),
                "link": f"{base_url.rstrip('/')}/logga-in/{quote(token)}",
                "valid_minutes": int(LINK_LIFETIME.total_seconds() // 60),
                "valid_until": f"{until:%H:%M}",
            },
        ),
        ctx,
    )


def _new_link(session: Session, email: str, now: dt.datetime, next_path: str | None) -> str:
    token = secrets.token_urlsafe(32)
    session.add(
        SignInLink(
            token_hash=digest(token),
            email=email,
            created_at=now,
            expires_at=now + LINK_LIFETIME,
            next_path=safe_next(next_path),
        )
    )
    return token


def demo_links(
    ctx: Context, *, roles: tuple[str, ...], next_path: str = "/"
) -> list[tuple[str, str, str]]:
    """(role, address, token) of a sign-in link for one active person of each role (a
    secretary of a nämnd, which has the most to hand in), on the real clock (a demo's
    context may be set to another year), landing on `next_path`: `arshjul demo` prints
    them so that a newcomer can click straight in. Never sent, valid as any link is."""
    now = utc_now()
    found = []
    with Session(writing(ctx.database(create=True))) as session, session.begin():
        for role in roles:
            people = list(
                session.exec(
                    select(Person, Body.kind)
                    .outerjoin(Body, col(Body.id) == Person.body_id)
                    .where(Person.role == role, col(Person.active))
                    .order_by(col(Person.id))
                )
            )
            of_a_namnd = [p for p, kind in people if kind == BodyKind.NAMND]
            chosen = of_a_namnd or [p for p, _ in people]
            if chosen:
                link = _new_link(session, chosen[0].email, now, next_path)
                found.append((role, chosen[0].email, link))
    return found


def _count(session: Session, which: object, since: dt.datetime) -> int:
    return session.exec(
        select(func.count()).select_from(SignInRequest).where(which, col(SignInRequest.at) >= since)  # type: ignore[arg-type]
    ).one()


def deliver(ctx: Context, keys: list[str]) -> None:
    """Send the queued links now; the sweep retries what this could not send."""
    from arshjul.notifications import send_now

    send_now(ctx, keys)


def redeem(ctx: Context, *, token: str) -> SignedIn:
    """Use the link once: the caller then starts a session for the address it was for;
    raises SignInFailed saying whether it was used, expired or unknown."""
    now = ctx.now()
    hashed = digest(token)
    with Session(writing(ctx.database(create=True))) as session, session.begin():
        link = session.exec(select(SignInLink).where(SignInLink.token_hash == hashed)).first()
        if link is None:
            raise _refused(None)
        state = link_state(link.expires_at, link.used_at, now)
        if state is not LinkState.VALID:
            raise _refused(state)
        used = session.exec(
            update(SignInLink)
            .where(col(SignInLink.id) == link.id, col(SignInLink.used_at).is_(None))
            .values(used_at=now)
        )
        if not used.rowcount:  # another click won
            raise _refused(LinkState.USED)
        return SignedIn(link.email, link.next_path or "/")
