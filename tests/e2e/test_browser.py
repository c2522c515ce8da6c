"""The web application in a real browser: `arshjul web` as a uvicorn process on a free
port over a real database, Debian's Chromium driven by Playwright, axe-core injected into
every page. Screenshots go to test-output/screenshots.

Needs /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it) and npm
(axe-core is installed into tests/e2e/browser on first use)."""

from __future__ import annotations

import contextlib
import email
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email import policy
from pathlib import Path

import httpx
import pytest

from models.db import create_schema, make_engine
from tests.factories import plan_into

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
ARSHJUL = str(Path(sys.executable).with_name("arshjul"))
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "tests" / "e2e" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-output" / "screenshots"
BUN, COORDINATOR, AUDITOR = "bun@example.org", "samordnare@example.org", "revisor@example.org"
PDF = b"%PDF-1.4\nBudgetunderlag BUN\n%%EOF\n"
PDF2 = b"%PDF-1.4\nBilaga 1\n%%EOF\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is needed to install axe-core (tests/e2e/browser/package.json)")
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(AXE.parents[2])],
            check=True,
            capture_output=True,
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(base URL, outbox folder) of `arshjul web` over a planned SQLite database."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is needed: apt-get install -y chromium")
    home = tmp_path / "home"
    url = f"sqlite:///{tmp_path / 'web.db'}"
    engine = make_engine(url)
    create_schema(engine)
    plan_into(engine)
    engine.dispose()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARSHJUL_")} | {
        "ARSHJUL_HOME": str(home),
        "ARSHJUL_DATABASE_URL": url,
        "ARSHJUL_WEB_BASE_URL": base,
    }
    server = subprocess.Popen(
        [ARSHJUL, "web", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/logga-in", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise AssertionError("arshjul web did not answer in 30 s")
        yield base, home / "outbox"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _link(outbox: Path, address: str, base: str) -> str:
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns, reverse=True):
        mail = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if address in str(mail["To"]):
            text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
            found = re.search(re.escape(base) + r"/logga-in/\S+", text)
            assert found, text
            return found.group(0)
    raise AssertionError(f"no mail to {address}")


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


def _axe(page: object, source: str) -> list[str]:
    """The serious and critical axe-core violations of the page (WCAG 2.1 A and AA)."""
    page.evaluate(source)  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_secretary_signs_in_with_the_keyboard_and_every_page_passes_axe(
    site: tuple[str, Path], browser: object, axe_source: str, tmp_path: Path
) -> None:
    base, outbox = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="sv-SE")  # type: ignore[attr-defined]
    page = context.new_page()
    problems: dict[str, list[str]] = {}

    page.goto(f"{base}/leveranser")
    assert page.url == f"{base}/logga-in?next=/leveranser"
    problems["logga-in"] = _axe(page, axe_source)
    page.screenshot(path=str(SHOTS / "logga-in.png"), full_page=True)
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the e-mail field
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type(BUN)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Om adressen finns" in page.content()

    page.goto(_link(outbox, BUN, base))
    problems["bekrafta"] = _axe(page, axe_source)
    page.screenshot(path=str(SHOTS / "bekrafta.png"), full_page=True)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the skip link to the button
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{base}/leveranser"
    assert "Mina leveranser" in page.content()

    for name, path in (
        ("leveranser", "/leveranser"),
        ("arshjulet", "/"),
        ("oversikt", "/oversikt"),
    ):
        page.goto(base + path)
        problems[name] = _axe(page, axe_source)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.goto(f"{base}/leveranser")
    page.click("tbody tr th a")  # the first deliverable
    problems["leverans"] = _axe(page, axe_source)
    page.screenshot(path=str(SHOTS / "leverans.png"), full_page=True)
    documents = tmp_path / "handlingar"
    documents.mkdir()
    (documents / "budget.pdf").write_bytes(PDF)
    (documents / "bilaga.pdf").write_bytes(PDF2)
    page.set_input_files("#files", [str(documents / "budget.pdf"), str(documents / "bilaga.pdf")])
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/kvitto/1" in page.url
    receipt = page.content()
    assert (
        hashlib.sha256(PDF).hexdigest() in receipt and hashlib.sha256(PDF2).hexdigest() in receipt
    )
    problems["kvitto"] = _axe(page, axe_source)
    page.screenshot(path=str(SHOTS / "kvitto.png"), full_page=True)

    coordinator = browser.new_context(locale="sv-SE").new_page()  # type: ignore[attr-defined]
    coordinator.goto(f"{base}/logga-in?next=/granskning")
    coordinator.fill("#email", COORDINATOR)
    with coordinator.expect_navigation():
        coordinator.click("main button[type=submit]")
    coordinator.goto(_link(outbox, COORDINATOR, base))
    with coordinator.expect_navigation():
        coordinator.click("main button[type=submit]")
    assert coordinator.url == f"{base}/granskning" and "version 1" in coordinator.content()
    problems["granskning"] = _axe(coordinator, axe_source)
    coordinator.screenshot(path=str(SHOTS / "granskning.png"), full_page=True)
    for name, path in (
        ("beslut", "/beslut"),
        ("ramar", "/ramar"),
        ("kalender", "/kalender"),
        ("oppna-data", "/oppna-data"),
    ):
        coordinator.goto(base + path)
        problems[name] = _axe(coordinator, axe_source)
        coordinator.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    auditor = browser.new_context(locale="sv-SE", accept_downloads=True).new_page()  # type: ignore[attr-defined]
    auditor.goto(f"{base}/logga-in?next=/revision")
    auditor.fill("#email", AUDITOR)
    with auditor.expect_navigation():
        auditor.click("main button[type=submit]")
    auditor.goto(_link(outbox, AUDITOR, base))
    with auditor.expect_navigation():
        auditor.click("main button[type=submit]")
    auditor.fill("#kind", "submitted")
    with auditor.expect_navigation():
        auditor.click("form.filters button[type=submit]")
    assert "<td>submitted</td>" in auditor.content()
    with auditor.expect_navigation():
        auditor.click("text=Verifiera kedjan")
    assert "Kedjan är hel" in auditor.content()
    problems["revision"] = _axe(auditor, axe_source)
    auditor.screenshot(path=str(SHOTS / "revision.png"), full_page=True)
    with auditor.expect_download() as download:
        auditor.click("text=CSV, budgetår")
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert hashlib.sha256(PDF).hexdigest() in exported
    assert not {name: found for name, found in problems.items() if found}
    page.goto(f"{base}/?year=2019")
    assert page.locator("svg a").count() == page.locator("tbody tr[id^=m]").count() >= 3

    cookie = next(c for c in context.cookies() if c["name"] == "arshjul_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    context.close()


def test_a_used_link_is_refused_in_the_browser(site: tuple[str, Path], browser: object) -> None:
    base, outbox = site
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{base}/logga-in")
    page.fill("#email", COORDINATOR)
    page.click("button[type=submit]")
    link = _link(outbox, COORDINATOR, base)
    page.goto(link)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    other = browser.new_context().new_page()  # type: ignore[attr-defined]
    other.goto(link)
    other.click("main button[type=submit]")
    assert "redan använd" in other.content()
    context.close()


def test_an_upload_over_the_limit_is_cut_off_as_it_streams(site: tuple[str, Path]) -> None:
    """A chunked upload with no declared length: the server answers 413 once the file
    passes the limit (50 MB here), long before the 400 MB the client would send."""
    import socket as sockets

    from arshjul.context import Context
    from arshjul.services import web_sessions
    from tests.web.test_hand_in import deliverable_of

    base, outbox = site
    url = outbox.parent.parent / "web.db"  # the site's database, beside its home
    engine = make_engine(f"sqlite:///{url}")
    d = deliverable_of(engine, "BUN")
    token, _ = web_sessions.start(
        Context.create(database_url=f"sqlite:///{url}", operator="test"), email=BUN, method="link"
    )
    host, port = base.removeprefix("http://").split(":")
    chunk = b"0" * (1024 * 1024)
    sent = 0
    with sockets.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(
            (
                f"POST /leveranser/{d} HTTP/1.1\r\nHost: {host}\r\n"
                f"Cookie: arshjul_session={token}\r\n"
                "Content-Type: multipart/form-data; boundary=XyZ\r\n"
                "Transfer-Encoding: chunked\r\n\r\n"
            ).encode()
        )
        head = (
            b'--XyZ\r\nContent-Disposition: form-data; name="files"; filename="stor.pdf"\r\n'
            b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
        )
        conn.sendall(b"%x\r\n%s\r\n" % (len(head), head))
        answer = b""
        try:
            while sent < 400 * 1024 * 1024:
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
                conn.settimeout(0)
                with contextlib.suppress(BlockingIOError):
                    answer += conn.recv(65536)
                conn.settimeout(30)
                if answer:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        conn.settimeout(10)
        try:
            while b"\r\n\r\n" not in answer:
                more = conn.recv(65536)
                if not more:
                    break
                answer += more
        except (ConnectionResetError, TimeoutError):
            pass
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    print(f"sent {sent // (1024 * 1024)} MB before the answer")
    assert sent < 120 * 1024 * 1024  # cut off near the 50 MB limit, not at 400 MB
