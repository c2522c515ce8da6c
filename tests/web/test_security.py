"""What every response carries and what every state-changing request must carry."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.conftest import BUN, csrf_of, sign_in


def test_security_headers_on_every_page(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, BUN)
    for path in ("/", "/oversikt", "/leveranser", "/logga-in", "/finns-inte"):
        headers = web.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store"


def test_no_inline_script_or_style_in_any_page(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, BUN)
    for path in ("/", "/oversikt", "/leveranser"):
        html = web.get(path).text
        assert "<script" not in html and "style=" not in html and "<style" not in html


def test_a_post_without_the_csrf_token_is_refused(web: TestClient, outbox: Path) -> None:
    sign_in(web, outbox, BUN)
    assert web.post("/logga-ut").status_code == 403
    assert web.post("/logga-ut", data={"csrf": "x" * 43}).status_code == 403
    assert web.get("/", follow_redirects=False).status_code == 200  # still signed in


def test_a_sign_in_form_needs_its_own_cookie_too(web: TestClient) -> None:
    token = csrf_of(web.get("/logga-in").text)
    web.cookies.clear()
    assert web.post("/logga-in", data={"email": BUN, "csrf": token}).status_code == 403


def test_text_from_the_database_is_escaped(web: TestClient, outbox: Path, engine) -> None:
    from arshjul.models.tables import Body
    from sqlalchemy import update

    with engine.begin() as conn:
        conn.execute(update(Body).where(Body.key == "BUN").values(name="<script>alert(1)</script>"))
    sign_in(web, outbox, BUN)
    html = web.get("/oversikt").text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
