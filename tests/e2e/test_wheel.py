"""As an operator installs arshjul: the wheel built by the container's own steps
(deploy/container/steps.sh, which the Dockerfile runs), installed with constraints.txt's
pins into a fresh virtual environment outside the checkout, then run from there: the demo,
the web application (the sign-in page, a signed-in page, a static file) and a database
migration. Nothing of the checkout is on the path."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.oidc_provider import free_port
from tests.processes import running

pytestmark = pytest.mark.e2e  # builds and installs a wheel (about a minute), runs the demo

ROOT = Path(__file__).resolve().parents[2]
STEPS = ROOT / "deploy" / "container" / "steps.sh"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    prefix: Path  # the virtual environment
    outside: Path  # a folder away from the checkout, the commands' working directory


def _clean_env(home: Path) -> dict[str, str]:
    """The machine's environment without arshjul's, Prefect's or Python's own settings."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("ARSHJUL_", "PREFECT_"))}
    keep = {k: v for k, v in keep.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return keep | {"ARSHJUL_HOME": str(home), "DO_NOT_TRACK": "1", "PYTHON": sys.executable}


def _steps(*args: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["sh", str(STEPS), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    outside = tmp_path_factory.mktemp("operator")
    env = _clean_env(outside / "check-home")
    dist, prefix = outside / "dist", outside / "venv"
    _steps("wheel", str(ROOT), str(dist), cwd=outside, env=env)
    _steps("install", str(dist), str(prefix), cwd=outside, env=env)
    assert "arshjul installation checked" in _steps("check", str(prefix), cwd=outside, env=env)
    (wheel,) = dist.glob("arshjul-*.whl")
    yield Installed(wheel, prefix, outside)


def test_the_wheel_holds_arshjul_alone_and_all_its_data(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"arshjul", "arshjul-0.1.0.dist-info"}
    assert "arshjul-0.1.0.dist-info/licenses/LICENSE" in names
    shipped = {
        "arshjul/web/templates": ROOT / "arshjul" / "web" / "templates",
        "arshjul/web/static": ROOT / "arshjul" / "web" / "static",
        "arshjul/web/routes": ROOT / "arshjul" / "web" / "routes",
        "arshjul/notifications/templates": ROOT / "notifications" / "templates",
        "arshjul/cycle_templates": ROOT / "arshjul" / "cycle_templates",
        "arshjul/models/migrations": ROOT / "models" / "migrations",
    }
    for inside, folder in shipped.items():
        wanted = {
            f"{inside}/{p.relative_to(folder).as_posix()}"
            for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert wanted and wanted <= set(names), sorted(wanted - set(names))
    assert "arshjul/models/migrations/versions/0001_initial.py" in names


def _arshjul(
    installed: Installed, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(installed.prefix / "bin" / "arshjul"), *args],
        cwd=installed.outside,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_demo_web_and_migrations_run_from_the_installed_wheel(
    installed: Installed, tmp_path: Path
) -> None:
    env = _clean_env(tmp_path / "home")
    demo = _arshjul(installed, env, "demo")
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    assert "Traceback" not in demo.stderr
    links = re.findall(r"http://127\.0\.0\.1:8000(/logga-in/\S+)", demo.stdout)
    assert len(links) == 4, demo.stdout[-2000:]  # a secretary, a coordinator, an auditor, an admin

    upgraded = _arshjul(installed, env, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    current = _arshjul(installed, env, "db", "current")
    assert current.returncode == 0, current.stdout + current.stderr

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(
        [str(installed.prefix / "bin" / "arshjul"), "web", "--port", str(port)],
        cwd=installed.outside,
        env=env | {"ARSHJUL_WEB_BASE_URL": base},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ):
        deadline = time.monotonic() + 60
        while True:
            try:
                sign_in_page = httpx.get(f"{base}/logga-in", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "arshjul web did not answer in 60 s"
                time.sleep(0.3)
        assert sign_in_page.status_code == 200 and 'name="csrf"' in sign_in_page.text
        css = httpx.get(f"{base}/static/arshjul.css", timeout=5)
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        with httpx.Client(base_url=base, timeout=10, follow_redirects=True) as browser:
            confirm = browser.get(links[0])  # the secretary's link, as the demo printed it
            token = re.search(r'name="csrf" value="([^"]+)"', confirm.text)
            assert confirm.status_code == 200 and token, confirm.text[:500]
            signed = browser.post(links[0], data={"csrf": token.group(1)})
            assert signed.status_code == 200 and "Inloggad som" in signed.text
            mine = browser.get("/leveranser")
            assert mine.status_code == 200 and "Mina leveranser" in mine.text
