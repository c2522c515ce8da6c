"""Latency of the web application's pages under concurrent clients, against `arshjul web`
(uvicorn) as a process of its own.

    python benchmarks/web.py [--clients 20] [--requests 400] [--database timra|national|both]
                             [--workers 2] [--client wrk|python]

The load comes from `wrk` (Debian's package, written in C) when it is installed, else from
Python clients (httpx): on a 2-core machine the Python clients take a core of their own
and the figures are the client's as much as the server's.

Databases: Timrå's demo (`arshjul demo` in a fresh home) and the national-scale one of
benchmarks/sweep.py (290 municipalities × 15 nämnder × 40 deliverables). Signed-in
sessions are made with the sessions service, then `--clients` clients at once request
Årshjulet, Översikt, Mina leveranser (as a secretary) and the audit log (as a coordinator)
in turn. Prints p50 and p95 per page, with the targets of issue 10 (p95 under 100 ms for
Timrå, under 300 ms at national scale).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ARSHJUL = str(Path(sys.executable).with_name("arshjul"))
PAGES = {
    "Årshjulet /": ("secretary", "/"),
    "Översikt /oversikt": ("secretary", "/oversikt"),
    "Mina leveranser /leveranser": ("secretary", "/leveranser"),
    "audit log /revision": ("coordinator", "/revision"),
}
TARGETS = {"timra": 0.100, "national": 0.300}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(home: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARSHJUL_", "PREFECT_"))}
    return env | {"ARSHJUL_HOME": str(home), "ARSHJUL_DATABASE_URL": url, "DO_NOT_TRACK": "1"}


def timra(work: Path) -> tuple[str, dict[str, str]]:
    home = work / "timra"
    url = f"sqlite:///{home / 'arshjul.db'}"
    env = _environment(home, url) | {"PREFECT_HOME": str(home / "prefect")}
    subprocess.run([ARSHJUL, "demo"], env=env, check=True, capture_output=True)
    return url, {"secretary": "bun.sekreterare@example.org", "coordinator": "ekonomi@example.org"}


def national(work: Path) -> tuple[str, dict[str, str]]:
    from benchmarks.sweep import generate

    url = f"sqlite:///{work / 'national.db'}"
    generate(url, 290, 15, 40)
    return url, {"secretary": "n0@k1.example.org", "coordinator": "samordnare@k1.example.org"}


def sessions(url: str, people: dict[str, str]) -> dict[str, str]:
    """A signed-in session (its cookie token) for each role, made by the service itself."""
    from arshjul.context import Context
    from arshjul.services import web_sessions

    ctx = Context.create(database_url=url, operator="benchmark")
    return {
        role: web_sessions.start(ctx, email=email, method="link")[0]
        for role, email in people.items()
    }


async def load(
    base: str, cookies: dict[str, str], clients: int, requests: int
) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in PAGES}
    order = list(PAGES.items())
    counter = iter(range(requests))

    async def client(number: int) -> None:
        jars = {
            role: httpx.AsyncClient(base_url=base, cookies={"arshjul_session": token}, timeout=60)
            for role, token in cookies.items()
        }
        try:
            for n in counter:
                name, (role, path) = order[(n + number) % len(order)]
                started = time.perf_counter()
                answer = await jars[role].get(path)
                timings[name].append(time.perf_counter() - started)
                assert answer.status_code == 200, (path, answer.status_code)
        finally:
            for jar in jars.values():
                await jar.aclose()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return timings


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("p50=%f p95=%f requests=%d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.requests))
end
"""


def with_wrk(
    base: str, cookies: dict[str, str], clients: int, work: Path
) -> dict[str, tuple[float, float]]:
    """(p50, p95) in seconds per page from wrk: `clients` connections for 8 s each."""
    script = work / "p95.lua"
    script.write_text(WRK_SCRIPT)
    found = {}
    for name, (role, path) in PAGES.items():
        run = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{clients}",
                "-d8s",
                "-s",
                str(script),
                "-H",
                f"Cookie: arshjul_session={cookies[role]}",
                base + path,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        line = next(x for x in run.stdout.splitlines() if x.startswith("p50="))
        values = dict(part.split("=") for part in line.split())
        found[name] = (float(values["p50"]) / 1000, float(values["p95"]) / 1000)
    return found


def measure(
    label: str, url: str, people: dict[str, str], work: Path, args: argparse.Namespace
) -> None:
    cookies = sessions(url, people)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [ARSHJUL, "web", "--port", str(port), "--workers", str(args.workers)],
        env=_environment(work / f"{label}-web", url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/logga-in", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        asyncio.run(load(base, cookies, 4, 80))  # warm up every worker: templates, views
        if args.client == "wrk":
            figures = with_wrk(base, cookies, args.clients, work)
        else:
            timings = asyncio.run(load(base, cookies, args.clients, args.requests))
            figures = {
                name: (statistics.median(v), statistics.quantiles(v, n=20)[18])
                for name, v in timings.items()
            }
    finally:
        server.terminate()
        server.wait(timeout=10)
    target = TARGETS[label]
    print(
        f"{label}: {args.clients} {args.client} clients, {args.workers} workers, "
        f"target p95 < {target * 1000:.0f} ms"
    )
    print(f"  {'page':32} {'p50 ms':>8} {'p95 ms':>8}  met")
    for name, (p50, p95) in figures.items():
        print(f"  {name:32} {p50 * 1000:8.1f} {p95 * 1000:8.1f}  {'yes' if p95 < target else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--database", choices=("timra", "national", "both"), default="both")
    parser.add_argument("--workers", type=int, default=2, help="arshjul web --workers")
    parser.add_argument(
        "--client", choices=("wrk", "python"), default="wrk" if shutil.which("wrk") else "python"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="arshjul-bench-web-"))
    for name in [n for n in os.environ if n.startswith(("ARSHJUL_", "PREFECT_"))]:
        del os.environ[name]
    os.environ["ARSHJUL_HOME"] = str(work / "bench-home")
    if args.database in ("timra", "both"):
        url, people = timra(work)
        measure("timra", url, people, work, args)
    if args.database in ("national", "both"):
        url, people = national(work)
        measure("national", url, people, work, args)


if __name__ == "__main__":
    main()
