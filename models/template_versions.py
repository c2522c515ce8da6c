"""A municipality's wheel as versions: the newest one, the history, and adding one inside
the caller's transaction. Text that is already the newest version adds nothing, so
planning the same file again keeps the history as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from arshjul.models.tables import TemplateVersion
from sqlmodel import Session, col, select


def text_sha256(text: str) -> str:
    """The hash a version is known by: of its text as stored (UTF-8)."""
    return hashlib.sha256(text.encode()).hexdigest()


def latest_version(*, session: Session, municipality_id: int) -> TemplateVersion | None:
    return session.exec(
        select(TemplateVersion)
        .where(TemplateVersion.municipality_id == municipality_id)
        .order_by(col(TemplateVersion.version).desc())
        .limit(1)
    ).first()


def all_versions(*, session: Session, municipality_id: int) -> list[TemplateVersion]:
    """Every version, newest first."""
    return list(
        session.exec(
            select(TemplateVersion)
            .where(TemplateVersion.municipality_id == municipality_id)
            .order_by(col(TemplateVersion.version).desc())
        ).all()
    )


@dataclass(frozen=True)
class Stored:
    """What adding a version did: the one in force after, the hash before (empty when
    there was none) and whether a new one was written."""

    version: TemplateVersion
    before_sha256: str
    created: bool


def add_version(
    *,
    session: Session,
    municipality_id: int,
    text: str,
    file: str,
    source: str,
    author: str,
    reason: str,
    now: dt.datetime,
) -> Stored:
    """Store `text` as the municipality's newest version unless it already is. Two writers
    adding at once cannot both win: (municipality, version) is unique, so the second's
    commit fails instead of overwriting."""
    sha = text_sha256(text)
    current = latest_version(session=session, municipality_id=municipality_id)
    if current is not None and current.sha256 == sha:
        return Stored(current, current.sha256, False)
    row = TemplateVersion(
        municipality_id=municipality_id,
        version=(current.version if current else 0) + 1,
        text=text,
        sha256=sha,
        file=file,
        source=source,
        author=author,
        reason=reason.strip(),
        created_at=now,
    )
    session.add(row)
    session.flush()
    return Stored(row, current.sha256 if current else "", True)
