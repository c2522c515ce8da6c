"""`arshjul serve`: the deployments served from this machine, on their schedules.

Prefect's temporary server has no scheduler, so without PREFECT_API_URL a local Prefect
server is started (arshjul.prefect_server). Prefect's runner does not always stop on a
signal while a run is in flight, so it runs in a process group of its own: on Ctrl-C or
SIGTERM, `serve` stops that group, marks the runs still in flight Cancelled, and stops
the server. Rows a stopped sweep had claimed return after the outbox lease (10 minutes).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import nullcontext
from typing import Annotated, Any, NoReturn

import typer

from arshjul.cli.common import app, context, say, warn_mail_setup
from arshjul.texts import label

SERVED = " (serve)"  # as flows/serve.py names the deployments


@app.command()
def serve(
    tctx: typer.Context,
    every: Annotated[
        int | None,
        typer.Option(
            "--every",
            help="Run the sweep every N seconds instead of its schedule (to try it out).",
        ),
    ] = None,
) -> None:
    """Serve the sweep (07:00 Stockholm on weekdays), the retries (every 15 minutes in
    office hours) and plan-cycle (on demand) from this machine. Without PREFECT_API_URL it
    starts a local Prefect server, whose scheduler makes the runs. Stop with Ctrl-C."""
    from arshjul.cli.cycle import prefect_ready
    from arshjul.prefect_server import local_server

    ctx = context(tctx)
    ctx.database(create=True)
    warn_mail_setup(ctx)
    prefect_ready(ctx)
    embedded = "PREFECT_API_URL" not in os.environ
    server = local_server(ctx.settings) if embedded else nullcontext(os.environ["PREFECT_API_URL"])
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in background
    with server as api:
        say(label("serving", ctx.lang, api=api))
        runner = subprocess.Popen(
            [sys.executable, "-m", "arshjul.flows.serve", str(every or "")],
            env=os.environ | {"PREFECT_API_URL": api},
            start_new_session=True,
        )
        try:
            runner.wait()
        except KeyboardInterrupt:
            pass
        finally:
            _stop(runner)
            cancelled = _cancel_in_flight(api)
            say(label("serve_stopped", ctx.lang, cancelled=cancelled))


def _interrupt(*_: Any) -> NoReturn:
    raise KeyboardInterrupt


def _stop(runner: subprocess.Popen[bytes]) -> None:
    if runner.poll() is not None:
        return
    os.killpg(runner.pid, signal.SIGTERM)
    try:
        runner.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(runner.pid, signal.SIGKILL)
        runner.wait()


def _cancel_in_flight(api: str) -> int:
    """Mark the served deployments' runs that were pending or running as Cancelled, so the
    UI does not show them running for ever. Returns how many."""
    import httpx

    try:
        deployments = httpx.post(f"{api}/deployments/filter", json={}, timeout=10).json()
        ours = [d["id"] for d in deployments if d["name"].endswith(SERVED)]
        if not ours:
            return 0
        runs = httpx.post(
            f"{api}/flow_runs/filter",
            json={
                "flow_runs": {
                    "deployment_id": {"any_": ours},
                    "state": {"type": {"any_": ["RUNNING", "PENDING"]}},
                }
            },
            timeout=10,
        ).json()
        for run in runs:
            httpx.post(
                f"{api}/flow_runs/{run['id']}/set_state",
                json={
                    "state": {"type": "CANCELLED", "message": "arshjul serve was stopped"},
                    "force": True,
                },
                timeout=10,
            )
        return len(runs)
    except (httpx.HTTPError, ValueError):
        return 0
