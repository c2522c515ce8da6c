"""The coordinator's review queue: return with a comment and a new deadline, the
secretary hands in again, the coordinator accepts; a version handed in after the page was
opened is not judged unseen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from arshjul.models.tables import AuditEvent, Submission
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.web.conftest import BUN, COORDINATOR, csrf_of, sign_in
from tests.web.test_hand_in import PDF, PDF2, deliverable_of


def hand_in(client: TestClient, d: int, data: bytes = PDF) -> None:
    page = client.get(f"/leveranser/{d}")
    done = client.post(
        f"/leveranser/{d}",
        data={"csrf": csrf_of(page.text)},
        files=[("files", ("budget.pdf", data, "application/pdf"))],
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text


def versions(engine: Engine, d: int) -> list[Submission]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Submission)
                .where(Submission.deliverable_id == d)
                .order_by(col(Submission.version))
            )
        )


def test_return_hand_in_again_accept(web: TestClient, outbox: Path, engine: Engine) -> None:
    secretary = web
    coordinator = TestClient(web.app, base_url="http://127.0.0.1:8000")
    sign_in(secretary, outbox, BUN)
    sign_in(coordinator, outbox, COORDINATOR)
    d = deliverable_of(engine, "BUN")
    hand_in(secretary, d)

    queue = coordinator.get("/granskning")
    assert "version 1" in queue.text
    returned = coordinator.post(
        f"/granskning/{d}",
        data={
            "csrf": csrf_of(queue.text),
            "version": "1",
            "verdict": "return",
            "comment": "Bilaga 2 saknas.",
            "new_deadline": "2019-05-17",
        },
        follow_redirects=False,
    )
    assert returned.status_code == 303
    page = secretary.get(f"/leveranser/{d}").text
    assert "Återsänd: Bilaga 2 saknas." in page  # the state says why
    assert "återsänd" in secretary.get("/leveranser").text

    hand_in(secretary, d, PDF2)
    queue = coordinator.get("/granskning")
    assert "version 2" in queue.text
    accepted = coordinator.post(
        f"/granskning/{d}",
        data={"csrf": csrf_of(queue.text), "version": "2", "verdict": "accept"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    assert [v.review.value if v.review else None for v in versions(engine, d)] == [
        "returned",
        "accepted",
    ]
    assert "Inget väntar på granskning." in coordinator.get("/granskning").text


def test_a_version_handed_in_after_the_page_opened_is_not_approved_unseen(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    secretary = web
    coordinator = TestClient(web.app, base_url="http://127.0.0.1:8000")
    sign_in(secretary, outbox, BUN)
    sign_in(coordinator, outbox, COORDINATOR)
    d = deliverable_of(engine, "BUN")
    hand_in(secretary, d)
    queue = coordinator.get("/granskning")  # shows version 1
    hand_in(secretary, d, PDF2)  # version 2 arrives meanwhile
    stale = coordinator.post(
        f"/granskning/{d}",
        data={"csrf": csrf_of(queue.text), "version": "1", "verdict": "accept"},
    )
    assert stale.status_code == 409 and "Version 2 har lämnats in efter" in stale.text
    assert all(v.review is None for v in versions(engine, d))


def test_returning_needs_a_comment_and_a_deadline(
    web: TestClient, outbox: Path, engine: Engine
) -> None:
    coordinator = web
    secretary = TestClient(web.app, base_url="http://127.0.0.1:8000")
    sign_in(secretary, outbox, BUN)
    sign_in(coordinator, outbox, COORDINATOR)
    d = deliverable_of(engine, "BUN")
    hand_in(secretary, d)
    queue = coordinator.get("/granskning")
    for form, status in (
        ({"verdict": "return", "comment": "", "new_deadline": "2019-05-17"}, 422),
        ({"verdict": "return", "comment": "Saknas", "new_deadline": "17/5"}, 422),
    ):
        answer = coordinator.post(
            f"/granskning/{d}", data={"csrf": csrf_of(queue.text), "version": "1", **form}
        )
        assert answer.status_code == status and 'role="alert"' in answer.text
    assert all(v.review is None for v in versions(engine, d))


def test_a_secretary_may_not_review_and_the_attempt_is_logged(
    web: TestClient, outbox: Path, engine: Engine, clock
) -> None:
    sign_in(web, outbox, BUN)
    assert web.get("/granskning").status_code == 403
    with Session(engine) as session:
        refused = session.exec(select(AuditEvent).where(AuditEvent.kind == "refused")).all()
    assert [r.actor for r in refused] == [BUN]
    assert refused[0].at == clock.now.astimezone(dt.UTC)
