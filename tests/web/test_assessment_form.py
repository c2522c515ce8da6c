"""A follow-up report handed in through the deliverable's page: the form asks for an
assessment of each commitment, prefilled from the nämnd's previous report, and a value
that is not a number is refused next to its field with nothing stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from arshjul.models.tables import Assessment, Submission
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.web.app import create_app
from tests.factories import DELAR, TERTIAL, ctx_for, followup_into
from tests.web.conftest import BUN, Clock, csrf_of, sign_in
from tests.web.test_hand_in import deliverable_of

PDF = b"%PDF-1.4\nDelarsrapport\n%%EOF\n"


@pytest.fixture
def web(engine: Engine, tmp_path: Path, clean_environment: Path) -> Iterator[TestClient]:
    followup_into(engine, tmp_path, reports=(TERTIAL,))
    clock = Clock(dt.datetime(2020, 9, 10, 8, tzinfo=dt.UTC))
    ctx = replace(ctx_for(engine), clock=clock, operator="web")
    with TestClient(create_app(ctx), base_url="http://127.0.0.1:8000") as client:
        yield client


def _post(web: TestClient, d: int, html: str, **fields: str):
    return web.post(
        f"/leveranser/{d}",
        data={"csrf": csrf_of(html), **fields},
        files=[("files", ("delar.pdf", PDF, "application/pdf"))],
        follow_redirects=False,
    )


def test_the_report_is_assessed_in_the_form(web: TestClient, outbox: Path, engine: Engine) -> None:
    sign_in(web, outbox, BUN)
    d = deliverable_of(engine, "BUN", DELAR)
    page = web.get(f"/leveranser/{d}").text
    assert 'name="goals.4.assessment"' in page and 'name="vision.tillvaxt.comment"' in page
    assert '<option value="partly_met" selected>' in page  # from the tertial report
    assert 'value="71,5"' in page  # the indicator value given then
    refused = _post(
        web,
        d,
        page,
        **{"goals.4.assessment": "met", "goals.4.indicators.N15419": "åttio"},
    )
    assert refused.status_code == 422 and 'id="goals.4.indicators.N15419-error"' in refused.text
    with Session(engine) as session:
        assert session.exec(select(Submission).where(Submission.deliverable_id == d)).all() == []
    done = _post(
        web,
        d,
        page,
        **{
            "goals.4.assessment": "met",
            "goals.4.comment": "Målet nått.",
            "goals.4.indicators.N15419": "80,5",
            "goals.10.assessment": "partly_met",
            "vision.tillvaxt.assessment": "met",
        },
    )
    assert done.status_code == 303, done.text
    with Session(engine) as session:
        (submission,) = session.exec(select(Submission).where(Submission.deliverable_id == d))
        found = {
            (a.key, a.level.value, a.comment)
            for a in session.exec(
                select(Assessment).where(Assessment.submission_id == submission.id)
            )
        }
    assert ("4", "met", "Målet nått.") in found and ("10", "partly_met", "") in found
