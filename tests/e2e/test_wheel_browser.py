"""A coordinator pastes next year's KS dates in a real browser (Debian's Chromium driven
by Playwright): the preview lists the deadline they move and whom the notice goes to,
applying makes version 2 of the wheel, the deliverable's page shows the new deadline, the
changed-date notice is in the outbox; the version history downloads a YAML that `arshjul
validate` accepts."""

# ruff: noqa: F811 - the browser fixture is imported from test_browser and named as a
# parameter, as pytest wants it

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from arshjul.models.tables import Deliverable, Milestone, OutboxMessage, TemplateVersion
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from arshjul.core.reminders import NoticeKind
from tests.e2e.test_browser import ARSHJUL, BUN, COORDINATOR, browser, serve, signed_in  # noqa: F401
from tests.wheel.test_meeting_calendars import CALENDAR

pytestmark = pytest.mark.e2e


def _budget(engine: Engine) -> tuple[int, str]:
    with Session(engine) as session:
        row = session.exec(
            select(Deliverable.id, Milestone.deadline)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .where(Milestone.key == "budget")
        ).first()
    assert row is not None
    return int(row[0] or 0), row[1].isoformat()


def test_pasting_next_years_ks_dates_in_the_browser(tmp_path: Path, browser: object) -> None:
    with serve(tmp_path, template=CALENDAR, year=2028) as site:
        engine = site.engine()
        deliverable, before = _budget(engine)
        page = signed_in(browser, site, COORDINATOR, "/arshjul/sammantraden")
        page.select_option("#body", "KS")
        page.fill("#year", "2027")
        page.fill("#dates", "2027-02-09\n25 maj 2027\n2027-09-28")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        moved = page.locator("tr.moved").first
        assert "Budgetunderlag (budget)" in moved.inner_text()
        assert BUN in page.content()
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert "Årshjulet är nu version 2" in page.content()
        _, after = _budget(engine)
        assert after > before
        page.goto(f"{site.base}/leveranser/{deliverable}")
        assert page.locator("section.state").inner_text().count("2027") >= 1
        with Session(engine) as session:
            notices = session.exec(
                select(OutboxMessage).where(OutboxMessage.kind == NoticeKind.DEADLINE_CHANGED)
            ).all()
            versions = session.exec(select(TemplateVersion)).all()
        assert BUN in {n.recipient for n in notices}
        assert [v.source for v in versions] == ["plan", "meetings"]
        page.goto(f"{site.base}/arshjul/versioner")
        with page.expect_download() as downloading:
            page.click('a[href="/arshjul/versioner/2.yaml"]')
        saved = tmp_path / "v2.yaml"
        downloading.value.save_as(saved)
        checked = subprocess.run(
            [ARSHJUL, "validate", str(saved), "--year", "2028"], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "2027: [2027-02-09, 2027-05-25, 2027-09-28]" in saved.read_text(encoding="utf-8")
        engine.dispose()


def test_inte_aktuell_in_the_browser_stops_the_reminders(tmp_path: Path, browser: object) -> None:
    """A coordinator marks BUN's budgetunderlag "inte aktuell" on its page: the page and the
    board say so, and the sweep as of two days after the deadline chases KS, not BUN."""
    from tests.web.test_hand_in import deliverable_of

    with serve(tmp_path) as site:
        engine = site.engine()
        deliverable = deliverable_of(engine, "BUN")
        engine.dispose()
        env = {
            "ARSHJUL_DATABASE_URL": site.url,
            "ARSHJUL_HOME": str(tmp_path / "cli"),
            "COLUMNS": "200",
        }
        owed = [ARSHJUL, "remind", "--dry-run", "--as-of", "2019-05-09"]
        before = subprocess.run(owed, capture_output=True, text=True, env=_env(env))
        assert BUN in before.stdout, before.stdout + before.stderr
        page = signed_in(browser, site, COORDINATOR, f"/leveranser/{deliverable}")
        page.fill("#na_reason", "Ingen egen budget i år")
        with page.expect_navigation():
            page.click("section[aria-labelledby=inte-aktuell] button[type=submit]")
        assert "Inte aktuell i år: Ingen egen budget i år" in page.content()
        page.goto(f"{site.base}/oversikt")
        assert "inte aktuell" in page.content()
        after = subprocess.run(owed, capture_output=True, text=True, env=_env(env))
        assert after.returncode == 0, after.stderr
        assert BUN not in after.stdout and "ks@example.org" in after.stdout


def _env(extra: dict[str, str]) -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("ARSHJUL_")} | extra
