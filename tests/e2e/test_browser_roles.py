"""Each role's work in a real browser (Debian's Chromium driven by Playwright), at 1366 and
at 390 px: the start page and every page the role may use fit the screen, pass axe-core
(WCAG 2.1 A and AA, no serious or critical violation) and are kept as screenshots; each
role's navigation holds what it may do and nothing else; a coordinator opens a file from
Granskning and its bytes hash to the SHA-256 shown, gives a body a new deadline and
reminds another body twice (one reminder goes); a secretary chooses the verksamhetsplan's
goals with the keyboard alone, and six goals where five are allowed are refused next to
the field with nothing stored; the submissions register says what `arshjul audit
submissions` says."""

# ruff: noqa: F811 - the browser and axe fixtures are imported from test_browser and named
# as parameters, as pytest wants them

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from arshjul.models.tables import Commitment, OutboxMessage, Submission
from sqlmodel import Session, col, select

from arshjul.core.calendar import add_business_days
from tests.e2e.test_browser import (
    ARSHJUL,
    AUDITOR,
    BROWSER_TEMPLATE,
    BUN,
    COORDINATOR,
    PDF,
    SHOTS,
    Site,
    _axe,
    _space_opens_chooser,
    _tab_to,
    axe_source,  # noqa: F401 - a fixture
    browser,  # noqa: F401 - a fixture
    serve,
    signed_in,
)
from tests.web.test_hand_in import deliverable_of

pytestmark = pytest.mark.e2e

ADMIN = "admin@example.org"
ROLES_TEMPLATE = BROWSER_TEMPLATE.replace(
    "bodies:\n",
    "vision:\n  name: Testvisionen\n  areas:\n    - {key: tillvaxt, name: Tillväxt}\n"
    "    - {key: service, name: Service}\ngoals:\n  max_per_namnd: 5\nbodies:\n",
    1,
) + (
    "  - key: vp\n"
    "    title: Verksamhetsplan\n"
    "    deliverable: Verksamhetsplan med valda mål\n"
    "    responsible: every nämnd\n"
    "    deadline: {last_business_day_of: 12, year: -1}\n"
    "    collects: commitments\n"
)
PAGES = {
    BUN: [
        "/",
        "/leveranser",
        "/arshjul",
        "/arshjul?mina=1",
        "/oversikt",
        "/beslut",
        "/ramar",
        "/kalender",
    ],
    COORDINATOR: [
        "/",
        "/bevakning",
        "/granskning",
        "/arshjul",
        "/oversikt",
        "/beslut",
        "/ramar",
        "/revision",
        "/arshjul/versioner",
        "/arshjul/sammantraden",
    ],
    AUDITOR: ["/", "/revision", "/revision/handelser", "/oversikt", "/arshjul"],
    ADMIN: ["/", "/admin"],
}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with serve(tmp_path, template=ROLES_TEMPLATE) as running:
        yield running


def _nav(page: Any) -> list[str]:
    return [a.get_attribute("href") for a in page.locator("header nav a").all()]


def _hand_in(
    site: Site, page: Any, deliverable: int, tmp_path: Path, name: str = "budget.pdf"
) -> None:
    document = tmp_path / name
    document.write_bytes(PDF)
    page.goto(f"{site.base}/leveranser/{deliverable}")
    page.set_input_files("#files", [str(document)])
    with page.expect_navigation():
        page.click("main form[enctype] button[type=submit]")
    assert "/kvitto/" in page.url


def test_each_role_at_both_widths(site: Site, browser: object, axe_source: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    wide: dict[str, int] = {}
    for address, pages in PAGES.items():
        page = signed_in(browser, site, address)
        role = address.split("@")[0]
        for width, height in ((1366, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            for path in pages:
                answer = page.goto(site.base + path)
                assert answer is not None and answer.status == 200, (address, path)
                slug = path.strip("/").replace("/", "_").replace("?", "_") or "start"
                name = f"{role}-{width}-{slug}"
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > page.evaluate("innerWidth"):
                    wide[name] = scroll
                found = _axe(page, axe_source)
                if found:
                    problems[name] = found
                page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        page.set_viewport_size({"width": 320, "height": 640})  # the narrowest phones
        for path in pages:
            page.goto(site.base + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > 320:
                wide[f"{role}-320-{path}"] = scroll
    assert wide == {}  # no page scrolls sideways, on a phone either
    assert problems == {}


def test_the_wheel_and_the_board_print_on_a4(site: Site, browser: object) -> None:
    """On paper: no navigation, buttons or forms, the chosen day said, every mark and
    table there in black and white (symbols and borders carry the status)."""
    page = signed_in(browser, site, COORDINATOR)
    page.set_viewport_size({"width": 1123, "height": 794})  # A4 landscape at 96 dpi
    page.emulate_media(media="print")
    for path, name in (("/arshjul", "print-arshjul"), ("/oversikt", "print-oversikt")):
        page.goto(site.base + path)
        assert not page.locator("header nav").is_visible()
        assert (
            not page.locator("main form").first.is_visible()
            if page.locator("main form").count()
            else True
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 1123
        page.pdf(path=str(SHOTS / f"{name}.pdf"), format="A4", landscape=True)
    page.goto(f"{site.base}/arshjul")
    marks = page.locator("svg .mark circle")
    fills = {marks.nth(i).evaluate("e => getComputedStyle(e).fill") for i in range(marks.count())}
    assert fills == {"rgb(255, 255, 255)"}  # white, with a black ring and the symbol


def test_each_role_is_shown_what_it_may_do(site: Site, browser: object) -> None:
    secretary = signed_in(browser, site, BUN)
    links = _nav(secretary)
    assert "/leveranser" in links
    assert not {"/granskning", "/revision", "/admin", "/bevakning"} & set(links)
    secretary.goto(f"{site.base}/ramar")
    assert secretary.locator("main form").count() == 0  # frames are read, not set
    secretary.goto(f"{site.base}/beslut")
    assert secretary.locator("#d-body option").all_inner_texts() == ["BUN"]  # her own body
    auditor = signed_in(browser, site, AUDITOR)
    assert "/revision" in _nav(auditor) and "/granskning" not in _nav(auditor)
    coordinator = signed_in(browser, site, COORDINATOR)
    assert {"/bevakning", "/granskning", "/revision"} <= set(_nav(coordinator))
    assert "/admin" not in _nav(coordinator)
    admin = signed_in(browser, site, ADMIN)
    assert "/admin" in _nav(admin)
    # a refusal only answers a crafted request, and its page has the way back
    refused = secretary.goto(f"{site.base}/revision")
    assert refused is not None and refused.status == 403
    assert secretary.locator("header nav a").count() > 3
    assert secretary.locator("main a[href='/']").count() == 1


def test_the_marks_are_targets_on_a_phone(site: Site, browser: object) -> None:
    page = signed_in(browser, site, COORDINATOR, "/arshjul?year=2019")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site.base}/arshjul?year=2019")
    marks = page.locator("svg a")
    assert marks.count() >= 3
    for i in range(marks.count()):
        box = marks.nth(i).bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2


def test_a_coordinator_opens_files_gives_a_deadline_and_reminds(
    site: Site, browser: object, tmp_path: Path
) -> None:
    engine = site.engine()
    bun, ktn, ks = (deliverable_of(engine, body) for body in ("BUN", "KTN", "KS"))
    _hand_in(site, signed_in(browser, site, BUN), bun, tmp_path)

    coordinator = signed_in(browser, site, COORDINATOR, "/granskning")
    shown = coordinator.locator(f"#r{bun} ~ ul.files code.sha").first.inner_text()
    with coordinator.expect_download() as download:
        coordinator.click(f"section:has(#r{bun}) ul.files li a[download]")
    assert hashlib.sha256(Path(download.value.path()).read_bytes()).hexdigest() == shown
    viewed = coordinator.request.get(
        site.base
        + coordinator.locator(f"section:has(#r{bun}) a:has-text('Visa')").get_attribute("href")
    )
    assert viewed.headers["content-disposition"].startswith("inline;")
    assert viewed.headers["content-type"] == "application/pdf"

    coordinator.goto(f"{site.base}/leveranser/{ktn}")
    new_deadline = add_business_days(dt.date.today(), 10)
    coordinator.fill("#deadline", new_deadline.isoformat())
    coordinator.fill("#reason", "Ny förvaltningschef")
    with coordinator.expect_navigation():
        coordinator.click("form[action$='/tidsfrist'] button[type=submit]")
    assert "Egen tidsfrist given: Ny förvaltningschef" in coordinator.content()

    coordinator.goto(f"{site.base}/bevakning")
    for _ in range(2):
        with coordinator.expect_navigation():
            coordinator.click(f"form[action='/bevakning/{ks}/paminn'] button")
    assert "redan skickats i dag" in coordinator.content()
    with Session(engine) as session:
        outbox = list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))
    changed = [m for m in outbox if m.kind == "deadline_changed"]
    assert [m.recipient for m in changed] == ["ktn@example.org"]
    manual = [m for m in outbox if "|manual|" in m.key]
    assert [m.recipient for m in manual] == ["ks@example.org"]  # once, though pressed twice


def test_a_secretary_chooses_goals_with_the_keyboard(
    site: Site, browser: object, tmp_path: Path
) -> None:
    engine = site.engine()
    vp = deliverable_of(engine, "BUN", "vp")
    page = signed_in(browser, site, BUN)
    page.goto(f"{site.base}/leveranser/{vp}")
    document = tmp_path / "vp.pdf"
    document.write_bytes(PDF)

    def choose(goals: list[int]) -> None:
        _tab_to(page, "#files")
        _space_opens_chooser(page, [document])
        for number in goals:
            _tab_to(page, f"#goal-{number}")
            if not page.is_checked(f"#goal-{number}"):
                page.keyboard.press("Space")
            page.keyboard.press("Tab")  # to its text
            page.keyboard.type(f"Nämnden bidrar till mål {number}.")
        _tab_to(page, "#vision-tillvaxt")
        page.keyboard.type("Fler jobb i kommunen.")
        _tab_to(page, "main form[enctype] button[type=submit]", limit=80)
        with page.expect_navigation():
            page.keyboard.press("Enter")

    choose([1, 3, 4, 5, 10, 13])  # six, where five are allowed
    assert page.locator("#goals-error").inner_text().strip() != ""
    assert page.locator(".error-summary a[href='#goals']").count() == 1
    with Session(engine) as session:
        assert session.exec(select(Submission).where(Submission.deliverable_id == vp)).all() == []
    for number in (1, 3, 4, 5, 10, 13):  # the form kept the choices and the texts
        assert page.is_checked(f"#goal-{number}")
    assert page.input_value("#contribution-3") == "Nämnden bidrar till mål 3."
    page.focus("main h1")  # start again from the top, as a reader would
    _tab_to(page, "#files", limit=80)
    _space_opens_chooser(page, [document])
    _tab_to(page, "#goal-13")
    page.keyboard.press("Space")  # five left
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")  # and its text gone with it
    _tab_to(page, "main form[enctype] button[type=submit]", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/kvitto/1" in page.url
    with Session(engine) as session:
        goals = session.exec(select(Commitment.key).where(Commitment.kind == "goal")).all()
    assert sorted(goals, key=int) == ["1", "3", "4", "5", "10"]


def test_the_register_says_what_audit_submissions_says(
    site: Site, browser: object, tmp_path: Path
) -> None:
    engine = site.engine()
    secretary = signed_in(browser, site, BUN)
    _hand_in(site, secretary, deliverable_of(engine, "BUN"), tmp_path)
    auditor = signed_in(browser, site, AUDITOR, "/revision?year=2020")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARSHJUL_")} | {
        "ARSHJUL_DATABASE_URL": site.url,
        "ARSHJUL_HOME": str(tmp_path / "cli-home"),
    }
    exported = subprocess.run(
        [ARSHJUL, "--as", AUDITOR, "audit", "submissions", "--year", "2020"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert rows
    register = auditor.locator("table.register tbody tr")
    assert register.count() == len(rows)
    for row in rows:
        entry = auditor.locator("table.register tbody tr", has_text=row["deliverable"]).first
        text = entry.inner_text()
        assert row["submitted_by"] in text and row["sha256"] in text
        assert ("inlämnad i tid" in text) == (row["on_time"] == "True")


def test_timras_own_wheel_fits_the_narrowest_phone(tmp_path: Path, browser: object) -> None:
    """The shipped Timrå wheel, whose phase names are long ("Planering och
    budgetförutsättningar"): its pages fit 320 px as the test wheel's do."""
    from arshjul.cycle_templates import resolve

    timra = resolve("timra").read_text(encoding="utf-8")
    year = dt.date.today().year + 1  # the year being prepared: every phase on the wheel
    with serve(tmp_path, template=timra, year=year) as running:
        page = signed_in(browser, running, "ekonomi@example.org")
        page.set_viewport_size({"width": 320, "height": 640})
        wide = {}
        for path in ("/", "/arshjul", "/arshjul?mina=1", "/oversikt", "/bevakning", "/kalender"):
            page.goto(running.base + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > 320:
                wide[path] = scroll
            slug = path.strip("/").replace("?", "_") or "start"
            page.screenshot(path=str(SHOTS / f"timra-320-{slug}.png"), full_page=True)
    assert wide == {}
