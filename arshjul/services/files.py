"""A stored file opened from a deliverable's page, Granskning or Revision: for whoever may
read a deliverable of the municipality that holds it (Action.VIEW_DELIVERABLE: the body's
secretaries, the coordinators, the auditors), checked against its SHA-256 before a byte
goes out. A file of another municipality, or of a body the person does not serve, is
refused like any other crafted request, and the refusal is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from sqlmodel import Session, col, select

from arshjul.access import Scope, authorise, grants_of
from arshjul.context import Context
from arshjul.core.filetypes import SHOWN_INLINE
from arshjul.core.permissions import Action, may
from arshjul.errors import NotFound
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.tables import Body, Deliverable, Submission, SubmissionFile
from arshjul.services.storage import FileStore
from arshjul.trail import record

HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class Download:
    data: bytes
    media_type: str
    sha256: str
    inline: bool  # shown in the page (PDF, images, plain text), else an attachment


def open_file(
    ctx: Context, *, municipality: str | None, sha256: str, inline: bool = False
) -> Download:
    """The stored file with this checksum, for a person who may read a deliverable of
    `municipality` that holds it; shown inline only for the harmless kinds."""
    if len(sha256) != 64 or not set(sha256) <= HEX:
        raise NotFound("unknown_file", sha256=sha256[:64])
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        holders = session.exec(
            select(SubmissionFile.media_type, Deliverable.id, Body.key)
            .join(Submission, col(Submission.id) == SubmissionFile.submission_id)
            .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .where(SubmissionFile.sha256 == sha256, SubmissionFile.municipality_id == muni.id)
        ).all()
        _, grants = grants_of(
            session=session,
            email=ctx.actor or "",
            municipality_id=muni.id or 0,
            today=ctx.today(),
        )
    subject = f"file:{sha256}"
    if not holders:
        _refused_unknown(ctx, muni.id or 0, subject)
    allowed = [h for h in holders if may(Action.VIEW_DELIVERABLE, grants, h[2])]
    if not allowed:
        authorise(ctx, Action.VIEW_DELIVERABLE, Scope(muni.id or 0, holders[0][2], subject))
    store = FileStore(ctx.settings.resolved_files_dir)
    if store.check(sha256) is not None:
        raise NotFound("unknown_file", sha256=sha256)
    media_type = allowed[0][0]
    return Download(store.get(sha256), media_type, sha256, inline and media_type in SHOWN_INLINE)


def _refused_unknown(ctx: Context, municipality_id: int, subject: str) -> NoReturn:
    """No submission of the municipality holds the file (another municipality's, or none):
    answered as unknown, and recorded, since asking for it by checksum is no mistake a
    page can make."""
    with Session(writing(ctx.database())) as session, session.begin():
        record(
            ctx,
            session,
            municipality_id=municipality_id,
            kind="refused",
            subject=subject,
            payload={"action": Action.VIEW_DELIVERABLE.value, "reason": "unknown_file"},
        )
    raise NotFound("unknown_file", sha256=subject.removeprefix("file:"))
