"""Handing in through the web: two files, the receipt with SHA-256, and every refusal
leaving nothing stored."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from arshjul.models.tables import AuditEvent, Body, Deliverable, Milestone, Submission
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.web.conftest import BUN, KS, csrf_of, sign_in

PDF = b"%PDF-1.4\nBudgetunderlag BUN\n%%EOF\n"
PDF2 = b"%PDF-1.4\nBilaga 1\n%%EOF\n"


def deliverable_of(engine: Engine, body: str, milestone: str = "budget") -> int:
    with Session(engine) as session:
        found = session.exec(
            select(Deliverable.id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .where(Body.key == body, Milestone.key == milestone)
        ).one()
    return int(found or 0)


def stored(engine: Engine) -> int:
    with Session(engine) as session:
        return len(session.exec(select(Submission)).all())


def refusals(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.kind == "refused")))


def test_two_files_and_the_receipt_with_their_sha256(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, BUN)
    d = deliverable_of(engine, "BUN")
    page = web.get(f"/leveranser/{d}")
    assert page.status_code == 200 and "högst 50 MB per fil" in page.text
    answer = web.post(
        f"/leveranser/{d}",
        data={
            "csrf": csrf_of(page.text),
            "diarienummer": "BUN 2019/12",
            "budget_total": "412 500 000",
        },
        files=[
            ("files", ("budget.pdf", PDF, "application/pdf")),
            ("files", ("bilaga.pdf", PDF2, "application/pdf")),
        ],
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/leveranser/{d}/kvitto/1"
    receipt = web.get(answer.headers["location"]).text
    for data in (PDF, PDF2):
        assert hashlib.sha256(data).hexdigest() in receipt
    assert "budget.pdf" in receipt and "bilaga.pdf" in receipt and "inlämnad i tid" in receipt
    history = web.get(f"/leveranser/{d}").text
    assert re.search(rf'href="/leveranser/{d}/kvitto/1"', history)


@pytest.fixture
def one_mb(monkeypatch: pytest.MonkeyPatch) -> None:
    """ARSHJUL_MAX_FILE_MB=1, set before the application reads its settings."""
    from arshjul.settings import get_settings

    monkeypatch.setenv("ARSHJUL_MAX_FILE_MB", "1")
    get_settings.cache_clear()


def test_an_upload_over_the_limit_is_stopped_and_nothing_stored(
    one_mb: None, web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, BUN)
    d = deliverable_of(engine, "BUN")
    page = web.get(f"/leveranser/{d}")
    assert "högst 1 MB per fil" in page.text
    big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
    answer = web.post(
        f"/leveranser/{d}",
        data={"csrf": csrf_of(page.text)},
        files=[("files", ("stor.pdf", big, "application/pdf"))],
    )
    assert answer.status_code == 413 and "större än 1 MB" in answer.text
    assert 'id="files-error"' in answer.text and stored(engine) == 0


def test_an_unknown_file_type_is_refused_next_to_the_field(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, BUN)
    d = deliverable_of(engine, "BUN")
    page = web.get(f"/leveranser/{d}")
    answer = web.post(
        f"/leveranser/{d}",
        data={"csrf": csrf_of(page.text), "comment": "se bilaga"},
        files=[("files", ("program.exe", b"MZ\x90\x00binary", "application/octet-stream"))],
    )
    assert answer.status_code == 422 and 'id="files-error"' in answer.text
    assert "se bilaga" in answer.text  # what was typed stays
    assert stored(engine) == 0


def test_no_files_and_a_bad_total_are_errors_and_nothing_is_stored(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, BUN)
    d = deliverable_of(engine, "BUN")
    page = web.get(f"/leveranser/{d}")
    answer = web.post(
        f"/leveranser/{d}",
        data={"csrf": csrf_of(page.text), "budget_total": "fyra miljoner"},
        files=[("files", ("tom.pdf", b"", "application/pdf"))],
    )
    assert answer.status_code == 422
    assert 'id="files-error"' in answer.text and 'id="budget_total-error"' in answer.text
    assert stored(engine) == 0


def test_another_bodys_page_and_a_crafted_post_are_refused_and_audited(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, BUN)
    mine, theirs = deliverable_of(engine, "BUN"), deliverable_of(engine, "KS")
    csrf = csrf_of(web.get(f"/leveranser/{mine}").text)
    assert web.get(f"/leveranser/{theirs}").status_code == 403
    crafted = web.post(
        f"/leveranser/{theirs}",
        data={"csrf": csrf},
        files=[("files", ("budget.pdf", PDF, "application/pdf"))],
    )
    assert crafted.status_code == 403 and "Försöket är loggat" in crafted.text
    assert stored(engine) == 0
    refused = refusals(engine)
    assert len(refused) == 2 and {r.actor for r in refused} == {BUN}
    assert all(r.payload["operator"].startswith("web:session:") for r in refused)


def test_a_hand_in_without_the_csrf_token_is_refused(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, KS)
    d = deliverable_of(engine, "KS")
    answer = web.post(f"/leveranser/{d}", files=[("files", ("b.pdf", PDF, "application/pdf"))])
    assert answer.status_code == 403 and stored(engine) == 0


def test_a_reminder_links_to_the_deliverables_page_through_sign_in(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    import email as email_lib
    from email import policy

    from tests.factories import at, sweep

    sweep(engine, at("2019-04-30", 7))  # a week before BUN's budgetunderlag is due
    reminders = [
        email_lib.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in outbox.glob("*.eml")
    ]
    texts = [
        m.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        for m in reminders
        if BUN in str(m["To"])
    ]
    links = [re.search(r"http://127\.0\.0\.1:8000(/leveranser/\d+)", t) for t in texts]
    path = next(found.group(1) for found in links if found)
    assert path == f"/leveranser/{deliverable_of(engine, 'BUN')}"
    first = web.get(path, follow_redirects=False)
    assert first.headers["location"] == f"/logga-in?next={path}"
    assert sign_in(web, outbox, BUN, path) == path
    assert "Lämna in" in web.get(path).text
