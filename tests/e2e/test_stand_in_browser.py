"""A secretary on leave and the colleague standing in, as issue 25 asks: the reminders
meant for BUN's secretary go to the stand-in (the sweep, on a real database), and the
stand-in signs in, finds BUN's deliverable and hands it in for BUN in the browser with
the keyboard alone; the submission is hers, during the period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from arshjul.models.tables import OutboxMessage, Person, Submission
from sqlmodel import Session, col, select

from arshjul.services.stand_ins import StandInIn, add
from tests.e2e.test_browser import (  # noqa: F401 - browser is a fixture
    BUN,
    COORDINATOR,
    PDF,
    SHOTS,
    _hand_in_with_the_keyboard,
    browser,
    serve,
    signed_in,
)
from tests.factories import at, ctx_for, sweep
from tests.web.test_hand_in import deliverable_of

pytestmark = pytest.mark.e2e

KS = "ks@example.org"  # KS's secretary, standing in for BUN's


def test_a_stand_in_gets_the_reminders_and_hands_in_for_the_body(
    tmp_path: Path,
    browser: object,  # noqa: F811
) -> None:
    with serve(tmp_path) as site:
        engine = site.engine()
        leave = StandInIn(BUN, KS, dt.date(2019, 5, 1), dt.date(2019, 5, 20), "Föräldraledig")
        add(ctx_for(engine, COORDINATOR, at("2019-04-30")), leave)
        sweep(engine, at("2019-05-06", 7))  # the day before budget's deadline
        with Session(engine) as session:
            reminded = {
                m.recipient
                for m in session.exec(select(OutboxMessage).where(OutboxMessage.kind == "reminder"))
            }
        assert KS in reminded and BUN in reminded  # the stand-in, the absent in copy

        today = dt.date.today()
        now = ctx_for(engine, COORDINATOR)
        add(now, StandInIn(BUN, KS, today, today + dt.timedelta(days=20), "Semester"))
        deliverable = deliverable_of(engine, "BUN")
        page = signed_in(browser, site, KS, f"/leveranser/{deliverable}")
        assert "Barn- och utbildningsnämnden" in page.inner_text("main")
        document = tmp_path / "budgetunderlag-bun.pdf"
        document.write_bytes(PDF)
        _hand_in_with_the_keyboard(page, [document])
        assert "/kvitto/" in page.url
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "stand-in-receipt.png"), full_page=True)
        with Session(engine) as session:
            by = session.exec(
                select(Person.email)
                .join(Submission, col(Submission.submitted_by) == Person.id)
                .where(Submission.deliverable_id == deliverable)
            ).all()
        engine.dispose()
    assert KS in by
