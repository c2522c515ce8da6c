"""Indicator values for the whole municipality, imported by the central office: from a
file in Kolada's API format or CSV (`arshjul indicators import FILE`), or fetched from
Kolada's API (`arshjul indicators fetch --kpi ID`). Only indicators some nämnd names in
its commitments are taken; a file with any problem stores nothing.

A year's value is kept once per indicator; a later import of the same year replaces it
(Kolada revises its figures). Every import that changes anything is one audit event with
the values it wrote, which `audit verify` compares with the table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlmodel import Session, col, select

from arshjul.access import authorise, municipality_scope
from arshjul.context import Context
from arshjul.core.indicator_files import (
    MAX_CHARS,
    Parsed,
    looks_like_json,
    parse_csv,
    parse_kolada,
)
from arshjul.core.indicators import Source
from arshjul.core.permissions import Action
from arshjul.core.problems import Problem
from arshjul.errors import InvalidFile, InvalidInput
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.tables import CommitmentIndicator, IndicatorValue, Municipality, Person
from arshjul.services import kolada
from arshjul.services.bounded_files import read_regular_file
from arshjul.services.storage import sha256
from arshjul.trail import record


@dataclass
class ImportOutcome:
    file: str
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0  # totals without a value, per-gender values
    warnings: list[Problem] = field(default_factory=list)


def _importer(ctx: Context, municipality: str | None) -> tuple[Municipality, Person]:
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        session.expunge(muni)
    return muni, authorise(ctx, Action.IMPORT_INDICATORS, municipality_scope(muni))


def import_file(
    ctx: Context, path: Path, *, municipality: str | None = None, kpi: str | None = None
) -> ImportOutcome:
    """Import a Kolada answer (JSON) or a CSV file for the municipality."""
    muni, person = _importer(ctx, municipality)
    data = read_regular_file(path, MAX_CHARS * 4)  # UTF-8: at most four bytes a character
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("bad_indicator_file", file=str(path)) from None
    if looks_like_json(text):
        parsed = parse_kolada(text, file=str(path), municipality=muni.code, kpi=kpi)
        source = Source.KOLADA
    else:
        parsed = parse_csv(text, file=str(path), municipality=muni.code)
        source = Source.CSV
    return _store(ctx, muni, person, parsed, source, str(path), sha256(data))


def fetch(
    ctx: Context,
    *,
    kpi: str,
    municipality: str | None = None,
    transport: httpx.BaseTransport | None = None,
) -> ImportOutcome:
    """Fetch the KPI's values for the municipality from Kolada's API and import them.
    The refusal, if any, comes before any request is made."""
    muni, person = _importer(ctx, municipality)
    url = kolada.data_url(ctx.settings.kolada_url, kpi, muni.code)
    text = kolada.fetch_values(ctx.settings.kolada_url, kpi, muni.code, transport=transport)
    parsed = parse_kolada(text, file=url, municipality=muni.code, kpi=kpi)
    return _store(ctx, muni, person, parsed, Source.KOLADA, url, sha256(text.encode("utf-8")))


def _store(
    ctx: Context,
    muni: Municipality,
    person: Person,
    parsed: Parsed,
    source: Source,
    file: str,
    checksum: str,
) -> ImportOutcome:
    """The values, in one transaction with the event that records them; a problem in any
    stores none of them."""
    if parsed.failed:
        raise InvalidFile(file, parsed.problems)
    outcome = ImportOutcome(file, skipped=parsed.skipped, warnings=parsed.problems)
    now = ctx.now()
    with Session(writing(ctx.database())) as session, session.begin():
        _only_named(session, muni, parsed, file)
        stored = {
            (row.indicator, row.period): row
            for row in session.exec(
                select(IndicatorValue).where(
                    IndicatorValue.municipality_id == muni.id,
                    col(IndicatorValue.indicator).in_(sorted({v.indicator for v in parsed.values})),
                )
            )
        }
        written: list[list[object]] = []
        for value in parsed.values:
            row = stored.get((value.indicator, value.period))
            if row is not None and row.value == value.value:
                outcome.unchanged += 1
                continue
            if row is None:
                row = IndicatorValue(
                    municipality_id=muni.id or 0,
                    indicator=value.indicator,
                    period=value.period,
                    value=value.value,
                    source=source,
                    imported_at=now,
                    imported_by=person.email,
                )
            row.value, row.source = value.value, source
            row.imported_at, row.imported_by = now, person.email
            session.add(row)
            written.append([value.indicator, value.period, value.value])
        outcome.changed = len(written)
        if written:
            record(
                ctx.at(now),
                session,
                municipality_id=muni.id or 0,
                actor=person.email,
                kind="indicators_imported",
                subject=f"indicators:{muni.code}",
                payload={
                    "file": file,
                    "sha256": checksum,
                    "source": source.value,
                    "values": written,
                },
            )
    return outcome


def _only_named(session: Session, muni: Municipality, parsed: Parsed, file: str) -> None:
    """Refuse values of indicators no nämnd of the municipality names in its commitments:
    a file for another KPI than the ones followed, or a typing error in a key."""
    named = set(
        session.exec(
            select(CommitmentIndicator.indicator).where(
                CommitmentIndicator.municipality_id == muni.id
            )
        )
    )
    unknown = [
        Problem(
            "indicator_not_named", file, _line(v.where), _field(v.where), {"value": v.indicator}
        )
        for v in parsed.values
        if v.indicator not in named
    ]
    if unknown:
        raise InvalidFile(file, unknown)


def _line(where: str) -> int | None:
    return int(where) if where.isdigit() else None


def _field(where: str) -> str:
    return "" if where.isdigit() else where
