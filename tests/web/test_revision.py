"""Revision: an auditor filters the log, verifies the chain, exports the submissions and
downloads a stored file; nobody else may, and trying is recorded."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from arshjul.models.tables import AuditEvent
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from tests.web.conftest import AUDITOR, BUN, sign_in
from tests.web.test_hand_in import PDF, deliverable_of


def handed_in(web: TestClient, outbox: Path, engine: Engine, name: str = "budget.pdf") -> int:
    sign_in(web, outbox, BUN)
    d = deliverable_of(engine, "BUN")
    page = web.get(f"/leveranser/{d}")
    from tests.web.conftest import csrf_of

    done = web.post(
        f"/leveranser/{d}",
        data={"csrf": csrf_of(page.text)},
        files=[("files", (name, PDF, "application/pdf"))],
        follow_redirects=False,
    )
    assert done.status_code == 303
    web.cookies.clear()
    return d


def test_an_auditor_filters_verifies_and_exports(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    d = handed_in(web, outbox, engine)
    sign_in(web, outbox, AUDITOR)
    register = web.get("/revision").text  # the auditors' first view: who handed in what
    assert f'href="/leveranser/{d}">Underlag</a>' in register
    assert "Sekreterare &lt;bun@example.org&gt;" in register and "inlämnad i tid" in register
    assert "torsdag 2 maj 2019 kl. 10.00" in register  # Stockholm time (08.00 UTC), in words
    assert "Bara sena" in register and "1 version" in register
    assert "0 versioner" in web.get("/revision?sena=1").text  # it was on time
    every = web.get("/revision/handelser").text
    submitted = web.get("/revision/handelser?kind=submitted&person=bun@example.org").text
    assert '<th scope="row" data-label="Händelse">Inlämnad</th>' in submitted
    assert '<th scope="row" data-label="Händelse">Inloggad</th>' not in submitted
    assert '<th scope="row" data-label="Händelse">Inloggad</th>' in every
    assert f'<a href="/leveranser/{d}">Underlag – BUN</a>' in submitted  # what it is about
    assert "Kedjan är hel" in web.get("/revision/handelser?verifiera=1").text

    exported = web.get("/revision/inlamningar.csv?year=2020")
    assert exported.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0]["namnd"] == "BUN" and rows[0]["sha256"] == hashlib.sha256(PDF).hexdigest()

    workbook = load_workbook(io.BytesIO(web.get("/revision/inlamningar.xlsx?year=2020").content))
    sheet = workbook.active
    assert sheet is not None
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["Organ", "Leverans", "Version"] and sheet.max_row == 2
    handed = sheet.cell(row=2, column=4)  # a real date and time cell, Stockholm time
    assert handed.is_date and handed.value.year == 2019
    assert sheet.cell(row=2, column=6).is_date  # the deadline

    log = load_workbook(io.BytesIO(web.get("/revision/handelser.xlsx").content)).active
    assert log is not None and log.max_row > 3 and log.cell(row=2, column=2).is_date

    checksum = hashlib.sha256(PDF).hexdigest()
    download = web.get(f"/revision/filer/{checksum}?namn=budget.pdf")
    assert download.content == PDF and download.headers["x-content-sha256"] == checksum
    assert 'attachment; filename="budget.pdf"' in download.headers["content-disposition"]


def test_a_broken_chain_is_shown(web: TestClient, outbox: Path, engine: Engine) -> None:
    handed_in(web, outbox, engine)
    sign_in(web, outbox, AUDITOR)
    with engine.begin() as conn:  # what an administrator with the database could do
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
        else:
            conn.execute(text("ALTER TABLE auditevent DISABLE TRIGGER audit_event_append_only"))
        conn.execute(text("UPDATE auditevent SET actor = 'someone@else' WHERE seq = 2"))
    page = web.get("/revision/handelser?verifiera=1").text
    assert "Kedjan är bruten vid händelse 2" in page


def test_a_formula_in_a_file_name_is_defused_in_the_exports(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    handed_in(web, outbox, engine, name="=HYPERLINK(evil).pdf")
    sign_in(web, outbox, AUDITOR)
    body = web.get("/revision/inlamningar.csv?year=2020").content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil).pdf" in body
    workbook = load_workbook(io.BytesIO(web.get("/revision/inlamningar.xlsx?year=2020").content))
    sheet = workbook.active
    assert sheet is not None
    files = sheet.cell(row=2, column=8)  # text as it was handed in: no apostrophe, no formula
    assert files.value.startswith("=HYPERLINK(evil).pdf (") and files.data_type == "s"


def test_a_secretary_may_not_read_the_trail_and_trying_is_recorded(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, BUN)
    for path in ("/revision", "/revision/inlamningar.csv"):
        assert web.get(path).status_code == 403
    assert web.get("/revision/filer/" + "a" * 64).status_code == 404  # held by no submission
    with Session(engine) as session:
        refused = session.exec(select(AuditEvent).where(AuditEvent.kind == "refused")).all()
    assert len(refused) == 3 and all(r.actor == BUN for r in refused)


def test_an_unknown_or_malformed_checksum_is_not_found(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, AUDITOR)
    assert web.get("/revision/filer/" + "0" * 64).status_code == 404
    assert web.get("/revision/filer/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_the_register_refuses_a_row_the_trail_does_not_cover(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    """The register checks the year it shows against the trail on every view: a hand-in's
    time edited in the table stops the page, the CSV and the XLSX, and putting it back
    shows them again (nothing of the check is kept from the earlier view)."""
    handed_in(web, outbox, engine)
    sign_in(web, outbox, AUDITOR)
    assert "1 version" in web.get("/revision?year=2020").text
    with engine.begin() as conn:
        kept = conn.execute(text("SELECT submitted_at FROM submission")).scalar_one()
        conn.execute(text("UPDATE submission SET submitted_at = '2019-04-01 08:00:00.000000'"))
    refused = web.get("/revision?year=2020")
    assert refused.status_code == 400
    assert "1 uppgift i tabellerna stämmer inte med granskningsloggen" in refused.text
    assert web.get("/revision/inlamningar.csv?year=2020").status_code == 400
    assert web.get("/revision/inlamningar.xlsx?year=2020").status_code == 400
    with engine.begin() as conn:
        conn.execute(text("UPDATE submission SET submitted_at = :at"), {"at": kept})
    assert "1 version" in web.get("/revision?year=2020").text
