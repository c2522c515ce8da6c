"""Mirroring the national wheel in Prefect: creating and re-syncing one scheduled
`milestone_due` run per milestone for every municipality, against a real Prefect server.

    python benchmarks/milestone_runs.py [--municipalities 290] [--milestones 26]
                                        [--concurrency 16]

Starts `prefect server start` in a temporary home, on a throwaway PostgreSQL (the
production setup) and on its default SQLite file, then
times, through flows.mirror.sync_cycles (the code `arshjul plan` and `arshjul prefect sync`
run):
- creating every run (290 × 26 = 7,540 by default; Timrå's wheel has 39 a year, a smaller
  municipality's about 26);
- re-syncing with nothing changed (one read per cycle, no writes);
- re-syncing after a tenth of the deadlines moved (reads, then that many reschedules);
and, for the ratio, creating 100 runs one blocking call at a time, extrapolated.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = dt.datetime(2019, 1, 2, 12, tzinfo=dt.UTC)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wheel(municipalities: int, per_cycle: int, shift_every: int = 0) -> list:
    from arshjul.core.milestone_runs import MirrorMilestone

    cycles = []
    for n in range(municipalities):
        code = f"{n + 1:04d}"
        milestones = []
        for i in range(per_cycle):
            day = dt.date(2019, 1, 15) + dt.timedelta(days=i * 21)
            if shift_every and i % shift_every == 0:
                day += dt.timedelta(days=1)
            milestones.append(
                MirrorMilestone(
                    f"m{i:02d}",
                    f"Milstolpe {i}",
                    day,
                    "budget",
                    tuple((f"N{j}", "Leverans") for j in range(1 + i % 5)),
                    "KF" if i % 7 == 0 else None,
                )
            )
        cycles.append((code, 2020, milestones))
    return cycles


async def one_at_a_time(cycles: list, count: int) -> float:
    """The naive design: one blocking create per run, awaited before the next."""
    from arshjul.flows.mirror import create_one, deployment_id
    from prefect.client.orchestration import get_client

    from arshjul.core.milestone_runs import desired_runs

    runs = [r for c, y, m in cycles for r in desired_runs(f"9{c[1:]}", y, m)][:count]
    async with get_client() as client:
        deployment = (await deployment_id(client)).id
        started = time.perf_counter()
        for run in runs:
            await create_one(client, deployment, run)
        return time.perf_counter() - started


def measure(args: argparse.Namespace, database: str | None) -> None:
    """One Prefect server (on `database`, else its default SQLite file) and every figure."""
    home = Path(tempfile.mkdtemp(prefix="arshjul-bench-prefect-"))
    port = free_port()
    env = {
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    if database:
        env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = database
    os.environ.update(env)
    from prefect.settings.context import get_current_settings  # noqa: F401 - env read at import

    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("prefect")),
            "server",
            "start",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        cwd=ROOT,
        env=os.environ | env,
    )
    try:
        import httpx

        for _ in range(240):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        import arshjul.flows.mirror as mirror

        mirror.CONCURRENCY = args.concurrency
        cycles = wheel(args.municipalities, args.milestones)
        total = args.municipalities * args.milestones

        def timed(label: str, cycles_now: list) -> float:
            started = time.perf_counter()
            result = asyncio.run(mirror.sync_cycles(cycles_now, NOW))
            seconds = time.perf_counter() - started
            print(
                f"  {label:<36} {seconds:7.1f} s   created {result.created}, rescheduled "
                f"{result.rescheduled}, updated {result.updated}, unchanged {result.unchanged}"
            )
            return seconds

        print(
            f"Prefect server on "
            f"{'PostgreSQL' if database else 'SQLite'} (one API process; more need Redis): "
            f"{args.municipalities} municipalities × {args.milestones} milestones = {total} "
            f"runs; {args.concurrency} calls in flight per cycle, 4 cycles at a time"
        )
        created = timed("create every run", cycles)
        timed("re-sync, nothing changed", cycles)
        timed(
            "re-sync, a tenth of deadlines moved", wheel(args.municipalities, args.milestones, 10)
        )
        naive = asyncio.run(one_at_a_time(cycles, args.naive_sample))
        per_run = naive / args.naive_sample
        print(
            f"  one blocking call per run: {per_run * 1000:.1f} ms each, {per_run * total:.0f} s "
            f"for {total} (from {args.naive_sample}); ratio {per_run * total / created:.1f}×; "
            f"{total / created:.0f} runs/s; target under 60 s"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--milestones", type=int, default=26)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--naive-sample", type=int, default=100)
    parser.add_argument("--database", choices=("postgres", "sqlite", "both"), default="both")
    args = parser.parse_args()
    if args.database in ("postgres", "both"):
        from tests.postgres import throwaway_postgres

        with throwaway_postgres("prefect") as url:
            measure(args, url)
    if args.database in ("sqlite", "both"):
        measure(args, None)


if __name__ == "__main__":
    main()
