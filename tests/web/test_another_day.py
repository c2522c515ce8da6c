"""The pages as of another day are for looking, not for changing: no form offers a change
there, and a change sent from such a page (a tab left open) is refused with nothing
stored; today's pages offer them again. Sign-out, a calendar link and ending someone's
sessions work on any day."""

from __future__ import annotations

from pathlib import Path

from arshjul.models.tables import AuditEvent, Submission
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from tests.web.conftest import BUN, COORDINATOR, csrf_of, sign_in
from tests.web.test_hand_in import PDF, deliverable_of

ADMIN = "admin@example.org"
CHANGE_FORMS = (
    "/tidsfrist",
    "/inte-aktuell",
    "/paminn",
    'enctype="multipart/form-data"',
    "/granskning/",
)


def count(engine: Engine, table: type[Submission] | type[AuditEvent]) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(table)).one())


def test_a_secretary_sees_no_hand_in_form_on_another_day_and_a_sent_one_is_refused(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, BUN)
    d = deliverable_of(engine, "BUN")
    today = web.get(f"/leveranser/{d}").text
    assert 'enctype="multipart/form-data"' in today
    token = csrf_of(today)

    web.get("/lage?datum=2019-03-01&next=/")
    past = web.get(f"/leveranser/{d}").text
    assert "Du ser årshjulet som det såg ut fredag 1 mars 2019" in past
    assert "Här ändras inget" in past and 'enctype="multipart/form-data"' not in past

    before = count(engine, Submission)
    sent = web.post(
        f"/leveranser/{d}",
        data={"csrf": token, "diarienummer": "BUN 2019/12", "budget_total": "1 000"},
        files=[("files", ("budget.pdf", PDF, "application/pdf"))],
        follow_redirects=False,
    )
    assert sent.status_code == 400
    assert "Sidan visade läget 2019-03-01, och där ändras inget" in sent.text
    assert count(engine, Submission) == before

    web.get("/lage?idag=1&next=/")
    assert 'enctype="multipart/form-data"' in web.get(f"/leveranser/{d}").text


def test_a_coordinator_keeps_her_pages_but_not_their_changes_on_another_day(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(web, outbox, COORDINATOR)
    d = deliverable_of(engine, "BUN")
    token = csrf_of(web.get(f"/leveranser/{d}").text)
    assert "/tidsfrist" in web.get(f"/leveranser/{d}").text  # today, the changes are there
    assert 'action="/ramar/' in web.get("/ramar").text
    assert 'action="/personer/ersattare"' in web.get("/personer").text
    web.get("/lage?datum=2019-10-01&next=/")
    start = web.get("/").text
    for page in ("/bevakning", "/granskning", "/oversikt"):
        assert f'href="{page}"' in start  # the navigation is the same
    for page in ("/", "/bevakning", f"/leveranser/{d}", "/ramar", "/beslut", "/personer"):
        html = web.get(page).text
        assert not any(form in html for form in CHANGE_FORMS), page
        assert 'action="/ramar/' not in html and 'action="/beslut"' not in html, page
        assert 'action="/personer/ersattare"' not in html, page
    events = count(engine, AuditEvent)
    for path, data in (
        (f"/leveranser/{d}/tidsfrist", {"deadline": "2019-12-20", "reason": "Sjukdom"}),
        (f"/bevakning/{d}/paminn", {}),
        ("/ramar/BUN", {"amount": "400 000 000"}),
    ):
        refused = web.post(path, data={"csrf": token, **data}, follow_redirects=False)
        assert refused.status_code == 400 and "där ändras inget" in refused.text, path
    assert count(engine, AuditEvent) == events  # nothing recorded, not even a refusal


def test_signing_out_works_on_another_day(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, BUN)
    web.get("/lage?datum=2019-03-01&next=/")
    token = csrf_of(web.get("/").text)
    out = web.post("/logga-ut", data={"csrf": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/logga-in"
