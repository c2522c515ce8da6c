"""An operator's bad week, bounded: Timrå's budget year 2027 planned, a real SMTP server and
a real Prefect server; then sweeps (`arshjul remind --as-of …`), retry runs (the
deliver-retries flow) and hand-ins (`arshjul submit`) started one or two at a time and
killed with SIGKILL after a random 0.2–5 s; then every sweep run to completion.

What must hold, on SQLite and on PostgreSQL:
- nothing stranded: no message left pending, sending or to retry once the runs are done;
- no committed row lost: every message the SMTP server received has its outbox row, marked
  sent, and its `*_sent` audit event; every hand-in whose command said so is stored; the
  result equals a clean run of the same sweeps (the same outbox keys);
- a message delivered twice only when a run was killed between handing it over and marking
  it sent (the lease window, README "Exactly once"): counted and bounded by the kills;
- no half-written hand-in: `audit verify --files` passes (chains, seals, tables, files);
- SQLite's `PRAGMA integrity_check` says ok; a killed sweep's lock never makes a later
  sweep skip.

`ARSHJUL_CHAOS_ITERATIONS` (default 4 rounds per database) makes a long run; `ARSHJUL_CHAOS_SEED`
repeats one. Each iteration prints what it started and when it killed it.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from arshjul.models.db import create_schema, make_engine
from sqlalchemy import text

from tests.e2e.conftest import ROOT
from tests.postgres import throwaway_postgres
from tests.smtp_server import Inbox, start

pytestmark = pytest.mark.e2e  # minutes: a Prefect server and ~30 processes per database

ARSHJUL = str(Path(sys.executable).with_name("arshjul"))
DAYS = ["2026-02-20", "2026-04-20", "2026-05-11", "2026-06-08", "2026-09-14", "2026-11-09"]
HAND_INS = [
    ("budgetunderlag/BUN", "bun.sekreterare@example.org"),
    ("budgetunderlag/SN", "sn.sekreterare@example.org"),
    ("budgetunderlag/KTN", "ktn.sekreterare@example.org"),
    ("budgetunderlag/MBN", "mbn.sekreterare@example.org"),
]
# Read when the module loads: the tests' clean environment drops ARSHJUL_* variables.
ITERATIONS = int(os.environ.get("ARSHJUL_CHAOS_ITERATIONS") or 4)
SEED = int(os.environ.get("ARSHJUL_CHAOS_SEED") or random.randrange(10**6))
LEASE_SECONDS = 10  # ARSHJUL_DELIVERY_LEASE_SECONDS: the completion waits it out once
RETRIES = """
import datetime as dt, sys
from arshjul import prefect_env
from arshjul.settings import get_settings
prefect_env.configure(get_settings())
from arshjul.flows.send_reminders import deliver_retries
deliver_retries(now=dt.datetime.fromisoformat(sys.argv[1]))
"""


@pytest.fixture(params=["sqlite", "postgres"])
def chaos_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'home' / 'arshjul.db'}"
        return
    with throwaway_postgres("arshjul", driver="psycopg") as url:
        yield url


def _environment(operator_env: dict[str, str], home: Path, url: str, port: int) -> dict[str, str]:
    return operator_env | {
        "ARSHJUL_HOME": str(home),
        "ARSHJUL_DATABASE_URL": url,
        "ARSHJUL_MAIL_CHANNEL": "smtp",
        "ARSHJUL_SMTP_HOST": "127.0.0.1",
        "ARSHJUL_SMTP_PORT": str(port),
        "ARSHJUL_SMTP_STARTTLS": "false",
        "ARSHJUL_DELIVERY_LEASE_SECONDS": str(LEASE_SECONDS),
        "ARSHJUL_MESSAGE_ID_DOMAIN": "chaos.example.org",
    }


def _plan(url: str) -> None:
    from arshjul.cycle_templates import resolve
    from tests.factories import plan_into

    engine = make_engine(url)
    create_schema(engine)
    plan_into(engine, resolve("timra").read_text(encoding="utf-8"), year=2027)
    engine.dispose()


def _command(rng: random.Random, documents: list[Path]) -> tuple[str, list[str]]:
    kind = rng.choice(["sweep", "sweep", "retries", "hand-in"])
    day = rng.choice(DAYS)
    if kind == "sweep":
        return kind, [ARSHJUL, "remind", "--as-of", day]
    if kind == "retries":
        return kind, [sys.executable, "-c", RETRIES, f"{day}T12:00:00+00:00"]
    deliverable, secretary = rng.choice(HAND_INS)
    return kind, [ARSHJUL, "--as", secretary, "submit", deliverable, str(rng.choice(documents))]


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def _chaos(env: dict[str, str], rng: random.Random, documents: list[Path], rounds: int) -> dict:
    """Start one or two commands, kill each after 0.2–5 s; returns what happened."""
    tally: Counter[str] = Counter()
    handed_in: list[tuple[str, str]] = []  # (deliverable, sha of the document) said stored
    for round_ in range(rounds):
        started = []
        for _ in range(rng.choice([1, 1, 2])):
            kind, args = _command(rng, documents)
            process = subprocess.Popen(
                args,
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            started.append((kind, args, process, time.monotonic() + rng.uniform(0.2, 5.0)))
        for kind, args, process, kill_at in sorted(started, key=lambda s: s[3]):
            time.sleep(max(0.0, kill_at - time.monotonic()))
            finished = process.poll() is not None
            _kill_group(process)
            output = process.stdout.read().decode() if process.stdout else ""
            if process.stdout:
                process.stdout.close()
            outcome = "finished" if finished else "killed"
            tally[f"{kind} {outcome}"] += 1
            if finished and kind == "hand-in" and process.returncode == 0:
                handed_in.append((args[-2], args[-1]))
            if finished and kind == "sweep":
                assert process.returncode in (0, 4), output  # done, or another run held it
            what = args[-2] if kind == "hand-in" else args[-1]
            print(f"round {round_}: {kind} {what} {outcome}", flush=True)
    return {"tally": tally, "handed_in": handed_in}


def _complete(env: dict[str, str]) -> None:
    """Every day's sweep once more, to completion, after the killed runs' claims expired."""
    time.sleep(LEASE_SECONDS + 1)
    for day in DAYS:
        began = time.monotonic()
        done = subprocess.run(
            [ARSHJUL, "remind", "--as-of", day],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr  # never Skipped: locks died
        print(f"completion sweep {day}: {time.monotonic() - began:.1f} s", flush=True)


def _outbox(url: str) -> list[tuple[str, str, str]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT key, state, message_id FROM outboxmessage")).all()
    engine.dispose()
    return [(r[0], str(r[1]), r[2]) for r in rows]


def _sent_events(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        payloads = conn.execute(
            text("SELECT payload FROM auditevent WHERE kind LIKE '%\\_sent' ESCAPE '\\'")
        ).all()
    engine.dispose()
    import json

    found = set()
    for (payload,) in payloads:
        data = payload if isinstance(payload, dict) else json.loads(payload)
        if data.get("message_id"):
            found.add(data["message_id"])
    return found


def _clean_run(tmp_path: Path) -> list[tuple[str, str, str]]:
    """The same sweeps in order, none killed, in a database of their own: what the
    scheduled flow does, in this process (tests.factories.sweep), mail to a folder."""
    import datetime as dt

    from arshjul.core.instants import STOCKHOLM
    from tests.factories import sweep

    url = f"sqlite:///{tmp_path / 'clean' / 'arshjul.db'}"
    _plan(url)
    engine = make_engine(url)
    for day in DAYS:
        at = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(7), tzinfo=STOCKHOLM)
        sweep(engine, at.astimezone(dt.UTC))
    engine.dispose()
    return _outbox(url)


def test_sigkill_at_any_instant_loses_nothing_and_sends_once(
    operator_env: dict[str, str], chaos_database: str, tmp_path: Path
) -> None:
    seed = SEED
    rounds = ITERATIONS
    print(f"chaos seed {seed}, {rounds} rounds on {chaos_database.split(':')[0]}")
    rng = random.Random(seed)
    documents = []
    for n in range(3):
        document = tmp_path / f"budgetunderlag-{n}.txt"
        document.write_text(f"Budgetunderlag {n}\n" + rng.randbytes(3_000_000).hex() + "\n")
        documents.append(document)

    inbox = Inbox()
    smtp, port = start(inbox)
    try:
        _plan(chaos_database)
        env = _environment(operator_env, tmp_path / "home", chaos_database, port)
        happened = _chaos(env, rng, documents, rounds)
        _complete(env)
        verified = subprocess.run(
            [ARSHJUL, "audit", "verify", "--files"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        smtp.stop()

    outbox = _outbox(chaos_database)
    states = Counter(state for _, state, _ in outbox)
    delivered = Counter(message["Message-ID"] for message in inbox.messages)
    twice = {mid: n for mid, n in delivered.items() if n > 1}
    sent_ids = {mid for _, state, mid in outbox if state == "sent"}
    killed_runs = sum(n for k, n in happened["tally"].items() if k.endswith("killed"))
    print(
        f"{dict(happened['tally'])}; outbox {dict(states)}; {len(inbox.messages)} delivered, "
        f"{len(delivered)} Message-IDs, {len(twice)} twice; "
        f"{len(happened['handed_in'])} hand-ins said stored"
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert set(states) <= {"sent"}, f"stranded or failed: {dict(states)}"
    assert set(delivered) <= sent_ids, f"delivered without a row: {set(delivered) - sent_ids}"
    assert set(delivered) <= _sent_events(chaos_database), "delivered without its audit event"
    assert sum(twice.values()) - len(twice) <= killed_runs, twice
    engine = make_engine(chaos_database)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM submission")).scalar()
    engine.dispose()
    assert (stored or 0) >= len(set(happened["handed_in"]))  # the same file again is no new version
    if chaos_database.startswith("sqlite"):
        path = chaos_database.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # Hand-ins change what is owed (a deliverable handed in is not chased) and digests count
    # it: the rest must be exactly what a clean run of the same sweeps queues.
    handed = _handed_in_ids(chaos_database)
    assert _chased(outbox, handed) == _chased(_clean_run(tmp_path), handed)


def _handed_in_ids(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        ids = conn.execute(
            text(
                "SELECT d.id FROM deliverable d JOIN milestone m ON m.id = d.milestone_id "
                "WHERE m.key = 'budgetunderlag'"
            )
        ).all()
    engine.dispose()
    return {f"d{i}" for (i,) in ids}


def _chased(outbox: list[tuple[str, str, str]], handed: set[str]) -> set[str]:
    return {
        key
        for key, _, _ in outbox
        if key.split("|")[0] in ("reminder", "overdue") and key.split("|")[1] not in handed
    }
