"""Årshjulet, Översikt and Mina leveranser, read as a signed-in person sees them."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.conftest import BUN, COORDINATOR, sign_in


def test_the_wheel_draws_the_year(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, COORDINATOR)
    html = web.get("/arshjul").text
    assert html.count('class="month m') == 12
    marks = re.findall(r'<a href="#(m\d+)" aria-label="([^"]+)"', html)
    rows = re.findall(r'<tr id="(m\d+)"', html)
    assert marks and {m for m, _ in marks} <= set(rows)  # every mark leads to its row
    # each mark says how many milestones it gathers, and each one's deliverable, bodies,
    # deadline and status
    assert all(re.search(r"^\d+ milstol\w+: .+ \(.+\) \d{4}-\d\d-\d\d: \S", t) for _, t in marks)
    legend = html.split('id="legend-title"')[1].split("</ul>")[0]
    assert all(f"</span>{word}</li>" in legend for word in ("försenad", "kommande", "godkänd"))
    assert 'class="needle"' in html  # 2019 is the year of NOW
    assert 'role="group"' in html and '<title id="wheel-title">' in html


def test_another_year_has_no_needle(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, COORDINATOR)
    html = web.get("/arshjul?year=2021").text
    assert "Årshjulet Testkommun 2021" in html and 'class="needle"' not in html
    assert web.get("/arshjul?year=99999").status_code == 200  # out of range: this year instead


def test_the_board_filters_by_body_and_status(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, COORDINATOR)
    every = web.get("/oversikt").text
    only_bun = web.get("/oversikt?organ=BUN").text
    bun, ks = (
        '<a href="/oversikt?organ=BUN" title="Barn- och utbildningsnämnden">BUN</a>',
        '<a href="/oversikt?organ=KS" title="Kommunstyrelsen">KS</a>',
    )
    assert bun in only_bun and bun in every  # each column heading leads to the nämnd's page
    assert ks in every and ks not in only_bun
    upcoming = web.get("/oversikt?status=upcoming").text
    assert "försenad" not in re.sub(r"<option.*?</option>", "", upcoming)


def test_a_bad_day_to_show_is_said_and_changes_nothing(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, COORDINATOR)
    answer = web.get("/lage?datum=2019-5-6&next=/oversikt", follow_redirects=False)
    assert answer.status_code == 400 and "ÅÅÅÅ-MM-DD" in answer.text
    assert "arshjul_datum" not in answer.headers.get("set-cookie", "")
    assert "Du ser årshjulet som det såg ut" not in web.get("/oversikt").text


def test_every_page_shows_the_year_as_of_the_day_chosen(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, COORDINATOR)
    chosen = web.get("/lage?datum=2019-12-31&next=/oversikt", follow_redirects=False)
    assert chosen.status_code == 303 and chosen.headers["location"] == "/oversikt"
    later = web.get("/oversikt").text
    assert "läge 2019-12-31" in later and "försenad" in later
    assert "Du ser årshjulet som det såg ut tisdag 31 december 2019, inte i dag." in later
    web.get("/lage?idag=1&next=/")
    assert "läge 2019-05-02" in web.get("/oversikt").text  # the test's today again


def test_a_secretary_sees_her_own_bodys_deliverables(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, BUN)
    html = web.get("/leveranser").text
    assert '<h2 id="body-BUN">BUN</h2>' in html and 'id="body-KS"' not in html
    assert re.search(r'<tr id="d\d+">', html)


def test_a_coordinator_has_no_deliverables_of_her_own(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, COORDINATOR)
    assert "inga egna leveranser" in web.get("/leveranser").text


def test_a_person_switches_to_english_and_every_page_speaks_it(
    web: TestClient, outbox: Path
) -> None:
    sign_in(web, outbox, COORDINATOR)
    switched = web.get("/sprak?lang=en&next=/bevakning", follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/bevakning"
    swedish = ("Logga ut", "Inloggad", "försenad", "Tidsfrist", "Översikt", "Leverans", "byte")
    for path in (
        "/",
        "/bevakning",
        "/granskning",
        "/arshjul",
        "/oversikt",
        "/beslut",
        "/ramar",
        "/revision",
        "/revision/handelser",
        "/kalender",
        "/leveranser/1",
        "/nowhere",
    ):
        page = web.get(path)
        text = re.sub(r"<[^>]+>", " ", page.text)
        assert '<html lang="en">' in page.text, path
        found = [word for word in swedish if word in text]
        assert not found, (path, found)
    assert "Svenska" in web.get("/").text  # and the way back
