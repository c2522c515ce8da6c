"""Pages reuse a computed view only while the database and the day are unchanged: a write
by anyone (here another process's service call) and midnight both show at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from arshjul.services.submissions import SubmissionIn, submit
from tests.factories import ctx_for
from tests.web.conftest import BUN, COORDINATOR, Clock, sign_in
from tests.web.test_hand_in import PDF


def bun_cell(html: str, milestone: str = "Budgetunderlag") -> str:
    row = html[html.index(milestone) :]
    return row[: row.index("</tr>")]


def test_a_write_elsewhere_shows_at_once(
    web: TestClient, outbox: Path, engine: Engine, clock: Clock, tmp_path: Path
) -> None:
    sign_in(web, outbox, COORDINATOR)
    before = web.get("/oversikt?organ=BUN").text
    assert "inlämnad" not in bun_cell(before)
    document = tmp_path / "budget.pdf"
    document.write_bytes(PDF)
    submit(ctx_for(engine, BUN, clock.now), SubmissionIn("budget/BUN", (document,)))
    assert "inlämnad" in bun_cell(web.get("/oversikt?organ=BUN").text)


def test_midnight_turns_statuses_without_a_write(
    web: TestClient, outbox: Path, clock: Clock
) -> None:
    clock.now = dt.datetime(2019, 5, 7, 21, 30, tzinfo=dt.UTC)  # 23:30 on the deadline day
    sign_in(web, outbox, COORDINATOR)
    assert "försenad" not in bun_cell(web.get("/oversikt?organ=BUN").text)
    clock.now = dt.datetime(2019, 5, 8, 5, 0, tzinfo=dt.UTC)  # 07:00 the day after
    assert "försenad" in bun_cell(web.get("/oversikt?organ=BUN").text)


def test_a_secretarys_start_page_shows_a_hand_in_made_elsewhere_at_once(
    web: TestClient, outbox: Path, engine: Engine, clock: Clock, tmp_path: Path
) -> None:
    """The start page keeps a secretary's worklist as long as nothing is written: a hand-in
    by another process takes the deliverable off it on the next view."""
    sign_in(web, outbox, BUN)
    owed = web.get("/").text
    assert "/leveranser/" in owed and "Budgetunderlag" in owed
    document = tmp_path / "budget.pdf"
    document.write_bytes(PDF)
    submit(ctx_for(engine, BUN, clock.now), SubmissionIn("budget/BUN", (document,)))
    assert "Budgetunderlag" not in web.get("/").text
