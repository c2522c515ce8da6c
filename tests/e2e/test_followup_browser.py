"""Uppföljning in a real browser (Debian's Chromium through Playwright, `arshjul web` as a
process, as in test_browser.py): a coordinator reaches the roll-up from the navigation,
reads a trend at 390 px, opens a cell's comments with the keyboard, downloads the XLSX;
axe-core finds no serious or critical violation, wide or narrow."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from arshjul.models.db import make_engine
from openpyxl import load_workbook

from tests.e2e.test_browser import (  # noqa: F401 - axe_source and browser are fixtures
    SHOTS,
    _axe,
    axe_source,
    browser,
    serve,
    signed_in,
)
from tests.factories import FOLLOWUP_TEMPLATE, followup_hand_ins

pytestmark = pytest.mark.e2e

COORDINATOR = "samordnare@example.org"


def test_a_coordinator_reads_the_roll_up_in_the_browser(
    tmp_path: Path,
    browser: object,  # noqa: F811
    axe_source: str,  # noqa: F811
) -> None:
    with serve(tmp_path, template=FOLLOWUP_TEMPLATE) as site:
        engine = make_engine(site.url)
        followup_hand_ins(engine, tmp_path)
        engine.dispose()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page = signed_in(browser, site, COORDINATOR, "/")
        page.get_by_role("link", name="Uppföljning").click()
        page.wait_for_url(f"{site.base}/uppfoljning")
        assert page.get_by_role("heading", level=1).inner_text() == (
            "Uppföljning Testkommun, budgetår 2020"
        )
        assert _axe(page, axe_source) == []
        page.screenshot(path=str(SHOTS / "followup-wide.png"), full_page=True)

        page.set_viewport_size({"width": 390, "height": 844})
        goals = page.get_by_role("region", name="Globala mål (Agenda 2030)")
        row = goals.get_by_role("row", name="4 God utbildning för alla")
        cell = row.get_by_role("cell").nth(2)  # after the count; KS, then BUN
        assert "Uppfyllt" in cell.inner_text() and "bättre" in cell.inner_text()
        comments = cell.locator("summary")
        comments.focus()
        page.keyboard.press("Enter")
        history = cell.locator("ol.history")
        assert history.is_visible()
        assert "Fler behöriga lärare, men inte nog." in history.inner_text()
        assert "Målet nått i augusti." in history.inner_text()
        # the document itself does not scroll sideways at 390 px; the tables do, in a
        # region the keyboard reaches
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert goals.get_attribute("tabindex") == "0"
        assert _axe(page, axe_source) == []
        page.screenshot(path=str(SHOTS / "followup-390.png"), full_page=True)

        with page.expect_download() as download:
            page.get_by_role("link", name="Excel (XLSX), budgetår 2020").click()
        book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        assert "Bedömningar" in book.sheetnames


def test_a_secretary_fills_in_the_report_with_the_keyboard_alone(
    tmp_path: Path,
    browser: object,  # noqa: F811
    axe_source: str,  # noqa: F811
) -> None:
    """The delårsrapport's form, prefilled from the tertial report: the secretary moves
    goal 4 from "Delvis uppfyllt" to "Uppfyllt" with the arrow keys, writes a comment,
    chooses the report and sends it without a mouse; the assessments are stored."""
    from arshjul.models.tables import Assessment, Body, Deliverable, Milestone
    from sqlmodel import Session, col, select

    from tests.e2e.test_browser import _hand_in_with_the_keyboard, _tab_to
    from tests.factories import DELAR, PDF_BYTES, TERTIAL

    with serve(tmp_path, template=FOLLOWUP_TEMPLATE) as site:
        engine = make_engine(site.url)
        followup_hand_ins(engine, tmp_path, reports=(TERTIAL,))
        with Session(engine) as session:
            (deliverable,) = session.exec(
                select(Deliverable.id)
                .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
                .join(Body, col(Body.id) == Deliverable.body_id)
                .where(Milestone.key == DELAR, Body.key == "BUN")
            ).all()
        page = signed_in(browser, site, "bun@example.org", f"/leveranser/{deliverable}")
        goal = page.locator("fieldset.assessments select").first
        assert goal.input_value() == "partly_met"  # prefilled from the tertial report
        _tab_to(page, "fieldset.assessments select")
        page.keyboard.press("ArrowUp")
        assert goal.input_value() == "met"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
        page.keyboard.press("Control+A")
        page.keyboard.type("Målet nått: 82 % behöriga lärare.")
        assert _axe(page, axe_source) == []
        report = tmp_path / "delar.pdf"
        report.write_bytes(PDF_BYTES)
        _hand_in_with_the_keyboard(page, [report])
        assert "/kvitto/" in page.url
        with Session(engine) as session:
            stored = {
                (a.key, a.level.value, a.comment)
                for a in session.exec(select(Assessment).where(Assessment.kind == "goal"))
            }
        engine.dispose()
    assert ("4", "met", "Målet nått: 82 % behöriga lärare.") in stored
