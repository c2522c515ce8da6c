"""The wheel's stored versions, as the CLI and the pages read them: the history, one
version's text (the download, `arshjul template export`) and the one in force. Reads
only; the versions are written by planning (arshjul.services.planning.save_plan), so a
version exists exactly for each text a cycle was planned from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from arshjul.access import authorise, municipality_scope
from arshjul.context import Context
from arshjul.core.instants import STOCKHOLM
from arshjul.core.permissions import Action
from arshjul.errors import NotFound
from arshjul.models import queries
from arshjul.models.tables import Municipality, TemplateVersion
from arshjul.models.template_versions import all_versions


@dataclass(frozen=True)
class VersionInfo:
    """One version as a list shows it; `at` in Stockholm time."""

    version: int
    sha256: str
    file: str
    source: str
    author: str
    reason: str
    at: dt.datetime
    size: int


@dataclass(frozen=True)
class VersionText:
    municipality: Municipality
    version: int
    sha256: str
    file: str
    text: str

    @property
    def download_name(self) -> str:
        """What the download is saved as: the municipality, the version, YAML."""
        return f"arshjul-{self.municipality.code}-v{self.version}.yaml"


def _info(row: TemplateVersion) -> VersionInfo:
    return VersionInfo(
        row.version,
        row.sha256,
        row.file,
        row.source,
        row.author,
        row.reason,
        row.created_at.astimezone(STOCKHOLM),
        len(row.text.encode()),
    )


def _rows(ctx: Context, municipality: str | None) -> tuple[Municipality, list[TemplateVersion]]:
    with Session(ctx.database()) as session:
        found = queries.resolve_municipality(session=session, code=municipality)
        authorise(ctx, Action.READ_WHEEL, municipality_scope(found))
        rows = all_versions(session=session, municipality_id=found.id or 0)
        session.expunge_all()
    return found, rows


def history(ctx: Context, *, municipality: str | None) -> tuple[Municipality, list[VersionInfo]]:
    """Every version of the wheel, newest first, for those who may read it."""
    found, rows = _rows(ctx, municipality)
    return found, [_info(r) for r in rows]


def version_text(ctx: Context, *, municipality: str | None, version: int | None) -> VersionText:
    """One version's text (the newest without `version`), exactly as stored: what
    `arshjul validate` checks and `arshjul plan` plans to the same deadlines."""
    found, rows = _rows(ctx, municipality)
    if not rows:
        raise NotFound("no_template_version", municipality=found.code)
    chosen = rows[0] if version is None else next((r for r in rows if r.version == version), None)
    if chosen is None:
        raise NotFound("unknown_template_version", municipality=found.code, version=version)
    return VersionText(found, chosen.version, chosen.sha256, chosen.file, chosen.text)
