"""Uppföljning through the test client: the roll-up for coordinators and KF's presidium,
its downloads, a refusal for anyone else (recorded), and the page's accessible shape."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from arshjul.models.tables import AuditEvent
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.web.app import create_app
from tests.factories import at, ctx_for, followup_into
from tests.web.conftest import Clock, sign_in

COORDINATOR, CHAIR, BUN, AUDITOR = (
    "samordnare@example.org",
    "kf.ordforande@example.org",
    "bun@example.org",
    "revisor@example.org",
)


@pytest.fixture
def site(engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    followup_into(engine, tmp_path)
    ctx = replace(ctx_for(engine), clock=Clock(at("2020-10-01", 9)), operator="web")
    with TestClient(create_app(ctx), base_url="http://127.0.0.1:8000") as client:
        yield client


def test_the_coordinator_reads_the_roll_up_with_its_trend(site: TestClient, outbox: Path) -> None:
    assert sign_in(site, outbox, COORDINATOR, "/uppfoljning") == "/uppfoljning"
    page = site.get("/uppfoljning")
    assert page.status_code == 200
    html = page.text
    assert "Uppföljning Testkommun, budgetår 2020" in html
    assert 'href="/uppfoljning" aria-current="page"' in html  # in the navigation
    assert "Tertialrapport per 2020-04-30 (2020-05-15): 1 av 2 nämnder har lämnat in" in html
    # goal 4: delvis uppfyllt in tertial 1, uppfyllt in delår: better
    assert '<th scope="row">4 God utbildning för alla</th>' in html
    assert 'Uppfyllt\n<br><span class="trend"><span aria-hidden="true">↑</span> bättre' in html
    assert "Fler behöriga lärare, men inte nog." in html  # tertial 1's comment, a click away
    assert "<summary>Kommentarer" in html
    assert "Behöriga lärare (N15419):\n80,5 %" in html
    assert "når målet" in html
    assert "Globala mål som ingen nämnd arbetar med: 1 Ingen fattigdom" in html
    assert "Kommunstyrelsen: har inte lämnat in några åtaganden" in html
    assert "<h2>Måluppfyllelse 2020</h2>" in html  # the annual report's section


def test_the_downloads(site: TestClient, outbox: Path) -> None:
    sign_in(site, outbox, CHAIR, "/uppfoljning")  # KF's presidium may read it too
    data = site.get("/uppfoljning.json?year=2020")
    assert data.status_code == 200
    assert "uppfoljning-9999-2020.json" in data.headers["content-disposition"]
    found = json.loads(data.text)
    (goal_4,) = [g for g in found["goals"] if g["key"] == "4"]
    (cell,) = goal_4["cells"]
    assert (cell["body"], cell["trend"], cell["latest"]["level"]) == ("BUN", "up", "met")
    assert [s["level"] if s else None for s in cell["history"]] == ["partly_met", "met", None]
    markdown = site.get("/uppfoljning.md?year=2020")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "## Måluppfyllelse 2020" in markdown.text
    assert "| Barn\\- och utbildningsnämnden |" not in markdown.text  # no stray escapes
    xlsx = site.get("/uppfoljning.xlsx?year=2020")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[:2] == ["Visionens områden", "Globala mål (Agenda 2030)"]
    rows = list(book["Indikatorer"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Kommun", "Nämnd", "Åtagande")
    (larare,) = [r for r in rows if r[3] == "N15419"]
    assert (larare[6], larare[8], larare[11]) == (80, 80.5, True)  # numbers as numbers


@pytest.mark.parametrize("person", [BUN, AUDITOR])
def test_anyone_else_is_refused_and_the_refusal_recorded(
    site: TestClient, outbox: Path, engine: Engine, person: str
) -> None:
    sign_in(site, outbox, person, "/uppfoljning")
    for path in ("/uppfoljning", "/uppfoljning.xlsx", "/uppfoljning.json", "/uppfoljning.md"):
        assert site.get(path).status_code == 403
    with Session(engine) as session:
        refused = session.exec(select(AuditEvent).where(AuditEvent.kind == "refused")).all()
    assert len(refused) == 4
    assert {(e.actor, e.payload["action"], e.subject) for e in refused} == {
        (person, "read_followup", "followup:9999")
    }


def test_a_year_without_follow_up_says_so(site: TestClient, outbox: Path) -> None:
    sign_in(site, outbox, COORDINATOR, "/uppfoljning")
    missing = site.get("/uppfoljning?year=2031")
    assert missing.status_code == 404
    assert "Ingen planerad cykel för Testkommun 2031" in missing.text


def test_the_view_is_recomputed_after_a_hand_in(
    site: TestClient, outbox: Path, engine: Engine, tmp_path: Path
) -> None:
    from arshjul.services.submissions import SubmissionIn, submit

    sign_in(site, outbox, COORDINATOR, "/uppfoljning")
    assert (
        'Uppfyllt\n<br><span class="trend"><span aria-hidden="true">↑</span>'
        in site.get("/uppfoljning").text
    )
    worse = tmp_path / "worse.yaml"
    worse.write_text(
        "goals:\n  4: {assessment: inte uppfyllt}\n  10: {assessment: inte uppfyllt}\n",
        encoding="utf-8",
    )
    submit(
        ctx_for(engine, BUN, at("2020-09-30", 10)),
        SubmissionIn("delar/BUN", (tmp_path / "rapport.pdf",), assessments_path=worse),
    )
    html = site.get("/uppfoljning").text
    assert 'Inte uppfyllt\n<br><span class="trend"><span aria-hidden="true">↓</span> sämre' in html
