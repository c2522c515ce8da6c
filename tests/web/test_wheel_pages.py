"""The wheel's pages for coordinators, through the real application: a year's KS dates
pasted, previewed (the moved deadline and whom it tells) and applied (the board shows it,
the changed-date notice is in the outbox); the version history downloads YAML that
`arshjul validate` accepts; an upload previewed and applied; a stale preview refused;
a secretary is shown none of it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from arshjul.models.tables import OutboxMessage, TemplateVersion
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.core.reminders import NoticeKind
from arshjul.web.app import create_app
from tests.factories import ctx_for, plan_into, write
from tests.web.conftest import BUN, COORDINATOR, Clock, csrf_of, sign_in
from tests.wheel.test_meeting_calendars import CALENDAR

MOVED = CALENDAR.replace("business_days: 10}", "business_days: 5}")


@pytest.fixture
def wheel_web(engine: Engine, clock: Clock) -> Iterator[TestClient]:
    plan_into(engine, CALENDAR)
    ctx = replace(ctx_for(engine), clock=clock, operator="web")
    with TestClient(create_app(ctx), base_url="http://127.0.0.1:8000") as client:
        yield client


def _versions(engine: Engine) -> list[TemplateVersion]:
    with Session(engine) as session:
        return list(session.exec(select(TemplateVersion).order_by(col(TemplateVersion.version))))


def test_pasting_ks_dates_moves_the_deadline_and_tells_the_nämnd(
    wheel_web: TestClient, outbox: Path, engine: Engine
) -> None:
    sign_in(wheel_web, outbox, COORDINATOR)
    page = wheel_web.get("/arshjul/sammantraden")
    assert page.status_code == 200 and 'name="dates"' in page.text
    token = csrf_of(page.text)
    form = {"csrf": token, "body": "KS", "year": "2019", "dates": "2019-02-12\n28 maj 2019"}
    bad = wheel_web.post(
        "/arshjul/sammantraden/forhandsgranska", data={**form, "dates": "2019-02-12\n31 juni"}
    )
    assert (
        bad.status_code == 422 and "Datum:2: KS.2019: &#39;31 juni&#39; är inget datum" in bad.text
    )
    shown = wheel_web.post("/arshjul/sammantraden/forhandsgranska", data=form)
    assert shown.status_code == 200
    assert "Budgetunderlag (budget)" in shown.text and "14 maj 2019" in shown.text
    assert BUN in shown.text and len(_versions(engine)) == 1  # nothing changed yet
    applied = wheel_web.post(
        "/arshjul/sammantraden/tillampa",
        data={**form, "base": _versions(engine)[0].sha256},
        follow_redirects=False,
    )
    assert applied.status_code == 303, applied.text
    assert "Årshjulet är nu version 2" in wheel_web.get(applied.headers["location"]).text
    again = wheel_web.post(  # the same page sent again: the wheel changed since its preview
        "/arshjul/sammantraden/tillampa", data={**form, "base": _versions(engine)[0].sha256}
    )
    assert again.status_code == 409 and "har ändrats sedan förhandsvisningen" in again.text
    assert f'value="{_versions(engine)[1].sha256}"' in again.text and len(_versions(engine)) == 2
    assert "14 maj 2019" in wheel_web.get("/oversikt").text or "2019-05-14" in (
        wheel_web.get("/oversikt").text
    )
    with Session(engine) as session:
        notices = session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == NoticeKind.DEADLINE_CHANGED)
        ).all()
    assert BUN in {n.recipient for n in notices}


def test_history_download_upload_and_a_stale_preview(
    wheel_web: TestClient, outbox: Path, engine: Engine, tmp_path: Path
) -> None:
    sign_in(wheel_web, outbox, COORDINATOR)
    page = wheel_web.get("/arshjul/versioner")
    assert page.status_code == 200 and "/arshjul/versioner/1.yaml" in page.text
    download = wheel_web.get("/arshjul/versioner/1.yaml")
    assert download.status_code == 200 and download.text == CALENDAR
    assert "attachment" in download.headers["content-disposition"]
    path = write(tmp_path, download.text, "hamtad.yaml")
    assert CliRunner().invoke(app, ["validate", str(path), "--year", "2020"]).exit_code == 0
    token = csrf_of(page.text)
    files = {"file": ("ny.yaml", MOVED.encode(), "application/yaml")}
    shown = wheel_web.post(
        "/arshjul/versioner/forhandsgranska",
        data={"csrf": token, "year": "2020", "reason": "Kortare tid"},
        files=files,
    )
    assert shown.status_code == 200 and "14 maj 2019" in shown.text
    base = _versions(engine)[0].sha256
    # meanwhile another coordinator's change lands: the first preview is stale
    plan_into(engine, CALENDAR.replace("business_days: 10}", "business_days: 4}"))
    stale = wheel_web.post(
        "/arshjul/versioner/tillampa",
        data={"csrf": token, "year": "2020", "text": MOVED, "base": base, "file_name": "ny.yaml"},
        files={"none": ("", b"", "application/octet-stream")},
    )
    assert stale.status_code == 409 and "har ändrats sedan förhandsvisningen" in stale.text
    assert len(_versions(engine)) == 2
    fresh = _versions(engine)[-1].sha256
    assert f'name="base" value="{fresh}"' in stale.text  # the new preview, ready to apply
    assert "Nedan är förhandsvisningen mot årshjulet som det är nu" in stale.text
    done = wheel_web.post(
        "/arshjul/versioner/tillampa",
        data={"csrf": token, "year": "2020", "text": MOVED, "base": fresh, "file_name": "ny.yaml"},
        files={"none": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert [v.source for v in _versions(engine)] == ["plan", "plan", "upload"]
    broken = wheel_web.post(
        "/arshjul/versioner/forhandsgranska",
        data={"csrf": token, "year": "2020"},
        files={"file": ("fel.yaml", MOVED.replace("kind: namnd", "kind: x").encode(), "text/yaml")},
    )
    assert broken.status_code == 422 and "fel.yaml:15: bodies[2].kind" in broken.text


def test_a_secretary_sees_none_of_it(wheel_web: TestClient, outbox: Path) -> None:
    sign_in(wheel_web, outbox, BUN)
    assert 'href="/arshjul/versioner"' not in wheel_web.get("/").text
    assert wheel_web.get("/arshjul/versioner").status_code == 403
    assert wheel_web.get("/arshjul/sammantraden").status_code == 403
