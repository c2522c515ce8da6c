"""The reminder sweep at national scale, each figure beside its floor, in one run.

    python benchmarks/sweep.py [--municipalities 290] [--namnder 15] [--deliverables 40]
                               [--sample 300] [--rounds 5] [--database sqlite|postgres|both]

Generates each database with every municipality's cycle (by default 290 × 15 nämnder × 40
deliverables = 174,000 deliverables, 90 % of those already due handed in, each hand-in with
its `submitted` event in the audit trail as the hand-in service records it: rows and events
are written in bulk, since 78,000 hand-ins through the services would take minutes), runs
`arshjul audit verify` on it, then times:
- the selection (`plan_due`): the first one apart (the warm-up), then `--rounds` rounds,
  each beside its floor, the hand-written SQL of the outstanding set and the digests'
  counts (in turn on one connection, and beside each other on two);
- selection, rendering and outbox insert (`enqueue`), and a rerun that queues nothing;
- delivery of half the queued messages to a folder of .eml files and of the other half
  over SMTP to a local sink (aiosmtpd, in its own process), beside their floors: the same
  MIME bytes written to files, and sent by smtplib alone;
- `arshjul audit verify` again on what the sweep left (every message marked sent is an
  audit event);
- the naive design on a sample (`--sample 0` leaves it out): one Prefect task per
  deliverable, each loading its own row and doing the same work, inside a flow on
  Prefect's temporary local server, extrapolated to the whole data set.
Load averages are printed beside the figures. Every folder it makes is removed; the
temporary folder's size before and after is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AS_OF = dt.datetime(2020, 3, 16, 6, 0, tzinfo=dt.UTC)  # Monday 07:00 in Stockholm
REMINDERS: dict[str, Any] = {
    "days_before": [14, 7],
    "business_days_before": [1],
    "on_the_day": True,
    "overdue_after_business_days": 1,
    "overdue_every_days": 7,
}


def _submitted(
    municipality: int,
    deliverable: int,
    submission: int,
    email: str,
    at: dt.datetime,
    milestone: str,
    body: str,
) -> dict[str, object]:
    """The `submitted` event of a generated hand-in, with what `audit verify` compares the
    submission row to (arshjul/services/audit_tables.py): without it the tables disagree
    with the trail and the submissions register (`/revision`) refuses to show them."""
    return {
        "municipality_id": municipality,
        "actor": email,
        "kind": "submitted",
        "subject": f"deliverable:{deliverable}",
        "payload": {
            "budget_year": 2020,
            "milestone": milestone,
            "body": body,
            "version": 1,
            "submission_id": submission,
            "files": [],
            "comment": "",
            "diarienummer": "",
            "budget_total_sek": None,
            "assessments": None,
        },
        "at": at,
        "operator": "benchmark",
    }


def generate(url: str, municipalities: int, namnder: int, per_namnd: int) -> int:
    from arshjul.models.audit import append_on
    from arshjul.models.db import create_schema, make_engine
    from arshjul.models.tables import (
        Body,
        Cycle,
        Deliverable,
        Milestone,
        Municipality,
        Person,
        Submission,
    )
    from sqlalchemy import insert

    engine = make_engine(url)
    create_schema(engine)
    rng = random.Random(2262)
    start, end = dt.date(2019, 1, 15), dt.date(2021, 6, 15)
    span = (end - start).days
    planned = dt.datetime(2019, 1, 2, tzinfo=dt.UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(Municipality),
            [
                {"id": m, "code": f"{1000 + m:04d}", "name": f"Kommun {m}"}
                for m in range(1, municipalities + 1)
            ],
        )
        bodies, people, cycles, milestones, deliverables, submissions = [], [], [], [], [], []
        events: list[dict[str, object]] = []
        secretaries: dict[int, tuple[int, str, str]] = {}  # body id -> person id, e-mail, key
        body_id = person_id = ms_id = d_id = s_id = 0
        for m in range(1, municipalities + 1):
            cycles.append(
                {
                    "id": m,
                    "municipality_id": m,
                    "budget_year": 2020,
                    "starts": dt.date(2019, 1, 1),
                    "ends": dt.date(2021, 6, 30),
                    "template_file": "bench.yaml",
                    "template_sha256": "x",
                    "due_soon_days": 7,
                    "vision_areas": [],
                    "planned_at": planned,
                    "closed": False,
                }
            )
            body_id += 1
            office = body_id
            bodies.append(
                {
                    "id": office,
                    "municipality_id": m,
                    "key": "KLK",
                    "name": "Kommunledningskontoret",
                    "kind": "office",
                    "position": 0,
                    "active": True,
                }
            )
            person_id += 1
            people.append(
                {
                    "id": person_id,
                    "municipality_id": m,
                    "body_id": office,
                    "name": "Samordnare",
                    "email": f"samordnare@k{m}.example.org",
                    "role": "coordinator",
                    "active": True,
                }
            )
            namnd_ids = []
            for n in range(namnder):
                body_id += 1
                namnd_ids.append(body_id)
                bodies.append(
                    {
                        "id": body_id,
                        "municipality_id": m,
                        "key": f"N{n}",
                        "name": f"Nämnd {n}",
                        "kind": "namnd",
                        "position": n + 1,
                        "active": True,
                    }
                )
                person_id += 1
                people.append(
                    {
                        "id": person_id,
                        "municipality_id": m,
                        "body_id": body_id,
                        "name": f"Sekreterare N{n}",
                        "email": f"n{n}@k{m}.example.org",
                        "role": "secretary",
                        "active": True,
                    }
                )
                secretaries[body_id] = (person_id, f"n{n}@k{m}.example.org", f"N{n}")
            for k in range(per_namnd):
                ms_id += 1
                deadline = start + dt.timedelta(days=span * k // per_namnd)
                while deadline.weekday() >= 5:
                    deadline -= dt.timedelta(days=1)
                milestones.append(
                    {
                        "id": ms_id,
                        "municipality_id": m,
                        "cycle_id": m,
                        "key": f"ms{k}",
                        "position": k,
                        "title": f"Milstolpe {k}",
                        "deliverable": f"Leverans {k}",
                        "description": "",
                        "rule": {},
                        "depends_on": [],
                        "deadline": deadline,
                        "nominal_deadline": deadline,
                        "shift_rule": "previous",
                        "shift_passed": [],
                        "reminders": REMINDERS,
                        "active": True,
                    }
                )
                for body in namnd_ids:
                    d_id += 1
                    deliverables.append(
                        {
                            "id": d_id,
                            "municipality_id": m,
                            "cycle_id": m,
                            "milestone_id": ms_id,
                            "body_id": body,
                            "active": True,
                        }
                    )
                    if deadline < AS_OF.date() and rng.random() < 0.9:
                        s_id += 1
                        handed = dt.datetime.combine(deadline, dt.time(9), tzinfo=dt.UTC)
                        by, email, key = secretaries[body]
                        submissions.append(
                            {
                                "id": s_id,
                                "municipality_id": m,
                                "deliverable_id": d_id,
                                "version": 1,
                                "submitted_at": handed,
                                "submitted_by": by,
                                "comment": "",
                                "diarienummer": "",
                                "review_comment": "",
                            }
                        )
                        events.append(_submitted(m, d_id, s_id, email, handed, f"ms{k}", key))
        for table, rows in (
            (Body, bodies),
            (Person, people),
            (Cycle, cycles),
            (Milestone, milestones),
            (Deliverable, deliverables),
            (Submission, submissions),
        ):
            for i in range(0, len(rows), 20000):
                conn.execute(insert(table), rows[i : i + 20000])
        for event in events:  # each hand-in in the trail, as the hand-in service records it
            append_on(conn, **event)
    if engine.dialect.name == "postgresql":
        # What autovacuum does soon after a load like this; without it the planner guesses
        # at tables it believes empty, which a running installation never has
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return len(deliverables)


OUTSTANDING_FLOOR = """
SELECT d.id, d.milestone_id, d.body_id, d.deadline_override, m.key, m.title, m.deliverable,
       m.deadline, m.nominal_deadline, m.shift_rule, m.shift_passed, m.reminders,
       b.key, b.name, mu.code, mu.name, c.budget_year
FROM deliverable d
JOIN milestone m ON m.id = d.milestone_id
JOIN cycle c ON c.id = d.cycle_id
JOIN body b ON b.id = d.body_id
JOIN municipality mu ON mu.id = d.municipality_id
WHERE d.active AND m.active AND NOT m.optional AND NOT d.not_applicable AND NOT c.closed
  AND d.deadline_override IS NULL AND m.deadline IN ({dates})
  AND NOT EXISTS (
    SELECT 1 FROM submission s WHERE s.deliverable_id = d.id AND s.submitted_at <= :now
      AND (s.review IS NULL OR s.review = 'accepted' OR s.reviewed_at > :now))
"""
COUNTS_FLOOR = """
SELECT d.cycle_id, d.body_id,
  CASE WHEN d.not_applicable THEN 'not_applicable'
       WHEN h.n IS NULL THEN CASE WHEN m.deadline < :today THEN 'overdue'
                                  WHEN m.deadline <= :soon THEN 'due_soon' ELSE 'not_due' END
       WHEN {first_day} <= m.deadline THEN 'submitted' ELSE 'submitted_late' END AS status,
  count(*)
FROM deliverable d
JOIN milestone m ON m.id = d.milestone_id
JOIN cycle c ON c.id = d.cycle_id
LEFT JOIN (SELECT deliverable_id, count(*) AS n, min(submitted_at) AS first_at
           FROM submission WHERE submitted_at <= :now GROUP BY deliverable_id) h
  ON h.deliverable_id = d.id
WHERE d.active AND m.active AND NOT c.closed AND c.budget_year IN (:year, :next_year)
GROUP BY d.cycle_id, d.body_id, status
"""


def selection_floor(engine: Any, beside: bool) -> tuple[float, int, int]:
    """The selection's floor: hand-written SQL of what it must read, one query each for
    the outstanding set (the deliverables of the milestones that owe a notice today with
    nothing handed in, with every column a notice names) and the digests' counts (every
    deliverable of the open cycles per cycle, body and status), read to the last row; in
    turn on one connection, or (`beside`) on two at once as the selection runs them.
    Which deadlines owe a notice is asked of the core before the clock starts."""
    from sqlalchemy import text

    from arshjul.core.instants import local_date
    from arshjul.core.reminders import ReminderSchedule, current_notice

    today = local_date(AS_OF)
    schedule = ReminderSchedule.from_dict(REMINDERS)
    days = (today + dt.timedelta(days=k) for k in range(-400, 121))
    owing = [d for d in days if current_notice(d, today, schedule) is not None]
    sqlite = engine.dialect.name == "sqlite"
    now = AS_OF.replace(tzinfo=None) if sqlite else AS_OF
    outstanding = text(OUTSTANDING_FLOOR.format(dates=", ".join(f"'{d}'" for d in owing)))
    counts = text(
        COUNTS_FLOOR.format(first_day="date(h.first_at)" if sqlite else "CAST(h.first_at AS DATE)")
    )
    values = {
        "now": now,
        "today": today,
        "soon": today + dt.timedelta(days=7),
        "year": today.year,
        "next_year": today.year + 1,
    }

    def read(query: Any) -> int:
        with engine.connect() as conn:
            return len(conn.execute(query, values).all())

    started = time.perf_counter()
    if beside:
        with ThreadPoolExecutor(max_workers=1) as pool:
            cells = pool.submit(read, counts)
            rows = read(outstanding)
            counted = cells.result()
    else:
        rows, counted = read(outstanding), read(counts)
    return time.perf_counter() - started, rows, counted


def selection(url: str, rounds: int) -> dict[str, Any]:
    """The first selection (the warm-up: imports, compiled statements, the database's
    caches) timed apart; then `rounds` rounds of the selection and its floor in turn, so
    that load from elsewhere falls on both alike."""
    from arshjul.models.db import make_engine
    from arshjul.notifications.due import plan_due
    from sqlmodel import Session

    from arshjul.settings import get_settings

    settings = get_settings()
    engine = make_engine(url)

    def select_once() -> tuple[float, int]:
        started = time.perf_counter()
        with Session(engine) as session:
            planned = plan_due(session=session, now=AS_OF, settings=settings)
        return time.perf_counter() - started, len(planned)

    warm_up, planned = select_once()
    selection_floor(engine, beside=False)  # the floor's own warm-up
    found: dict[str, list[float]] = {"selection": [], "floor": [], "floor_beside": []}
    for _ in range(rounds):
        found["floor"].append(selection_floor(engine, beside=False)[0])
        found["selection"].append(select_once()[0])
        seconds, rows, cells = selection_floor(engine, beside=True)
        found["floor_beside"].append(seconds)
    engine.dispose()
    return {"warm_up": warm_up, "planned": planned, "rows": rows, "cells": cells, **found}


def delivery_floors(url: str, keys: list[str], folder: Path, port: int) -> tuple[float, float]:
    """What delivery cannot go below for these messages: their MIME bytes (built before
    the clock starts) written to files as the folder channel writes them, and sent by
    smtplib alone over one connection to the same sink; messages a second each."""
    from arshjul.models.db import make_engine
    from arshjul.models.tables import OutboxMessage
    from arshjul.notifications.message import OutgoingMail, to_mime
    from sqlmodel import Session, col, select

    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).where(col(OutboxMessage.key).in_(keys))).all()
        mails = [
            (
                row.recipient,
                row.message_id.strip("<>").split("@")[0],
                to_mime(
                    OutgoingMail(
                        row.message_id,
                        "arshjul@bench.example",
                        row.recipient,
                        row.recipient_name,
                        row.subject,
                        row.body_text,
                        row.body_html,
                        row.ics,
                        row.attachment_name,
                        row.attachment,
                        date=dt.datetime.now(dt.UTC),
                    )
                ),
            )
            for row in rows
        ]
    engine.dispose()
    folder.mkdir(parents=True)
    started = time.perf_counter()
    for _, name, message in mails:
        partial = folder / f"{name}.eml.partial"
        partial.write_bytes(message)
        os.replace(partial, folder / f"{name}.eml")
    to_files = len(mails) / (time.perf_counter() - started)
    shutil.rmtree(folder)
    started = time.perf_counter()
    client = smtplib.SMTP("127.0.0.1", port)
    for recipient, _, message in mails:
        client.sendmail("arshjul@bench.example", [recipient], message)
    client.quit()
    return to_files, len(mails) / (time.perf_counter() - started)


def set_based(url: str, folder: Path, port: int) -> dict[str, float]:
    """Selection, rendering and insert (enqueue), then delivery: the first half of the
    queued messages to a folder of .eml files, the other half over SMTP to the sink, each
    beside its floor; then a rerun that finds everything queued."""
    from arshjul.models.db import make_engine
    from arshjul.models.tables import OutboxMessage
    from arshjul.notifications.channels import Channel, FolderChannel, SmtpChannel
    from arshjul.notifications.delivery import deliver
    from arshjul.notifications.due import enqueue
    from sqlmodel import Session, col, select

    from arshjul.context import Context
    from arshjul.settings import get_settings

    settings = get_settings()
    engine = make_engine(url)
    ctx = Context.create(settings, engine=engine, actor="system").at(AS_OF)
    started = time.perf_counter()
    result = enqueue(ctx)
    enqueue_seconds = time.perf_counter() - started
    with Session(engine) as session:
        keys = list(session.exec(select(OutboxMessage.key).order_by(col(OutboxMessage.id))))
    halves = {"folder": keys[: len(keys) // 2], "smtp": keys[len(keys) // 2 :]}
    channels: dict[str, Channel] = {
        "folder": FolderChannel(folder),
        "smtp": SmtpChannel("127.0.0.1", port, starttls=False),
    }
    found: dict[str, float] = {}
    for name, half in halves.items():
        floor_files, floor_smtp = delivery_floors(url, half, folder.with_name("floor"), port)
        found[f"{name}_floor"] = floor_files if name == "folder" else floor_smtp
        sent, started = 0, time.perf_counter()
        for i in range(0, len(half), 500):
            sent += deliver(ctx, channels[name], batch_size=500, keys=half[i : i + 500]).sent
        found[f"{name}_rate"] = sent / (time.perf_counter() - started)
        found[f"{name}_sent"] = sent
    started = time.perf_counter()
    rerun = enqueue(ctx)
    rerun_seconds = time.perf_counter() - started
    engine.dispose()
    return {
        "new": result.new,
        "enqueue": enqueue_seconds,
        "rerun_new": rerun.new,
        "rerun": rerun_seconds,
        **found,
    }


def audit_verify(url: str, work: Path) -> tuple[int, float, str]:
    """`arshjul audit verify` as a user runs it, on the database the sweep left: its exit
    code, seconds and last line."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).with_name("arshjul")), "audit", "verify"],
        env={**os.environ, "ARSHJUL_HOME": str(work), "ARSHJUL_DATABASE_URL": url},
        capture_output=True,
        text=True,
    )
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode, time.perf_counter() - started, lines[-1] if lines else ""


def naive(url: str, sample: int) -> dict[str, float]:
    """One Prefect task per deliverable: each loads its row, plans, renders and inserts."""
    from arshjul import prefect_env
    from arshjul.settings import get_settings

    prefect_env.configure(get_settings())
    from arshjul.models.db import make_engine
    from arshjul.models.tables import (
        Body,
        Cycle,
        Deliverable,
        Milestone,
        Municipality,
        OutboxMessage,
        Person,
        Submission,
    )
    from arshjul.notifications import queries as rq
    from arshjul.notifications.notices import compose, plan_notices
    from arshjul.notifications.render import renderer_for
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert
    from sqlmodel import Session, col, select

    from arshjul.core.board import shifted_from_columns
    from arshjul.core.reminders import ReminderSchedule
    from arshjul.core.status import Review, SubmissionFact

    engine = make_engine(url)
    settings = get_settings()
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert

    @task(cache_policy=NO_CACHE)
    def remind_one(deliverable_id: int) -> int:
        """The per-row design: load this deliverable's own rows by key, then do the work."""
        with Session(engine) as session:
            d = session.get(Deliverable, deliverable_id)
            m = session.get(Milestone, d.milestone_id)
            b, c = session.get(Body, d.body_id), session.get(Cycle, d.cycle_id)
            mu = session.get(Municipality, d.municipality_id)
            subs = session.exec(
                select(Submission).where(Submission.deliverable_id == deliverable_id)
            ).all()
            people = session.exec(
                select(Person).where(Person.municipality_id == mu.id, col(Person.active))
            ).all()
        candidate = rq.Candidate(
            d.id,
            mu.id,
            mu.code,
            mu.name,
            c.budget_year,
            m.key,
            m.title,
            m.deliverable,
            b.id,
            b.key,
            b.name,
            shifted_from_columns(m.deadline, m.nominal_deadline, m.shift_rule, m.shift_passed),
            ReminderSchedule.from_dict(m.reminders),
            0,
            tuple(
                SubmissionFact(
                    s.submitted_at,
                    Review(s.review) if s.review else None,
                    s.reviewed_at,
                    s.new_deadline,
                )
                for s in subs
            ),
        )
        secretaries = {
            b.id: [
                rq.Recipient(p.name, p.email, p.role)
                for p in people
                if p.role == "secretary" and p.body_id == b.id
            ]
        }
        coordinators = {
            mu.id: [
                rq.Recipient(p.name, p.email, p.role) for p in people if p.role == "coordinator"
            ]
        }
        notices = plan_notices(
            candidates=[candidate],
            changes=[],
            secretaries=secretaries,
            coordinators=coordinators,
            now=AS_OF,
            due_soon_days=7,
            lang="sv",
            how_to_submit=settings.how_to_submit,
        )
        rows = [
            compose(
                n,
                renderer=renderer_for(None),
                lang="sv",
                sender_domain="bench.localhost",
                now=AS_OF,
            )
            for n in notices
        ]
        if rows:
            with engine.begin() as conn:
                conn.execute(
                    insert(OutboxMessage.__table__)
                    .values(rows)
                    .on_conflict_do_nothing(index_elements=["key"])
                )
        return len(rows)

    @flow(name="naive-sweep")
    def naive_sweep(ids: list[int]) -> float:
        started = time.perf_counter()
        for deliverable_id in ids:
            remind_one(deliverable_id)
        return time.perf_counter() - started

    with Session(engine) as session:
        ids = list(session.exec(select(Deliverable.id).order_by(Deliverable.id)).all())
    step = max(len(ids) // sample, 1)
    chosen = ids[::step][:sample]
    started = time.perf_counter()
    inside = naive_sweep(chosen)
    total = time.perf_counter() - started
    return {"sample": len(chosen), "tasks_seconds": inside, "with_startup": total}


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def _spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} s ({min(values):.3f}–{max(values):.3f})"


def measure(url: str, label: str, work: Path, port: int, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    total = generate(url, args.municipalities, args.namnder, args.deliverables)
    print(
        f"{label}: {args.municipalities} municipalities × {args.namnder} nämnder × "
        f"{args.deliverables} deliverables = {total:,} deliverables "
        f"(generated in {time.perf_counter() - started:.1f} s; {_load()})"
    )
    code, seconds, last = audit_verify(url, work)
    print(f"  arshjul audit verify on the generated database: exit {code} ({seconds:.1f} s)")
    print(f"  set-based sweep as of {AS_OF:%Y-%m-%d %H:%M} UTC:")
    chosen = selection(url, args.rounds)
    ratio = statistics.median(chosen["selection"]) / statistics.median(chosen["floor"])
    beside = statistics.median(chosen["selection"]) / statistics.median(chosen["floor_beside"])
    print(
        f"    warm-up (the first selection): {chosen['warm_up']:.2f} s for "
        f"{chosen['planned']:,} notices\n"
        f"    selection (plan_due), {args.rounds} rounds: {_spread(chosen['selection'])}\n"
        f"    its floor, the SQL of the outstanding set ({chosen['rows']:,} rows) and the "
        f"digests' counts ({chosen['cells']:,} cells) in turn: {_spread(chosen['floor'])}; "
        f"beside each other: {_spread(chosen['floor_beside'])}\n"
        f"    selection against its floor: {ratio:.2f}× (in turn), {beside:.2f}× (beside); "
        f"{_load()}"
    )
    fast = set_based(url, work / f"outbox-{label}", port)
    steady = statistics.median(chosen["selection"])
    print(
        f"    selection + rendering + outbox insert: {fast['enqueue']:.2f} s, "
        f"{fast['new']:,} messages queued (rendering and insert ≈ "
        f"{fast['enqueue'] - steady:.2f} s beyond the steady selection); {_load()}"
    )
    for name, what, floor in (
        ("folder", "to the .eml folder", "the same bytes written to files"),
        ("smtp", "over SMTP to a local sink", "smtplib alone"),
    ):
        rate, floor_rate = fast[f"{name}_rate"], fast[f"{name}_floor"]
        print(
            f"    delivery {what}: {rate:,.0f}/s for {fast[f'{name}_sent']:,.0f} messages; "
            f"{floor}: {floor_rate:,.0f}/s ({floor_rate / rate:.1f}× the rate); {_load()}"
        )
    print(f"    rerun: {fast['rerun']:.2f} s, {fast['rerun_new']} new messages")
    code, seconds, last = audit_verify(url, work)
    print(f"  arshjul audit verify after the sweep: exit {code} ({seconds:.1f} s): {last}")
    if args.sample:
        _naive_figures(url, total, fast["enqueue"], args.sample)


def _naive_figures(url: str, total: int, enqueue_seconds: float, sample: int) -> None:
    slow = naive(url, sample)
    per = slow["tasks_seconds"] / slow["sample"]
    extrapolated = per * total
    print(f"  naive sweep, one Prefect task per deliverable, sample of {slow['sample']}:")
    print(
        f"    {slow['tasks_seconds']:.2f} s in tasks ({per * 1000:.1f} ms per deliverable), "
        f"{slow['with_startup']:.2f} s with Prefect start-up; {_load()}"
    )
    print(
        f"    extrapolated to {total:,} deliverables: {extrapolated:,.0f} s "
        f"({extrapolated / 3600:.1f} h); ratio naive / set-based (selection + rendering + "
        f"insert): {extrapolated / enqueue_seconds:,.0f}×"
    )


def _temporary_usage(before: set[str]) -> tuple[str, list[str]]:
    """`du -sh` of the temporary folder (other processes' files included), and the
    folders of this run's kind (arshjul-…) that appeared there during it and remain."""
    root = tempfile.gettempdir()
    du = subprocess.run(["du", "-sh", root], capture_output=True, text=True).stdout.split()
    left = sorted(set(os.listdir(root)) - before)
    return (du[0] if du else "?"), [n for n in left if n.startswith("arshjul-")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--namnder", type=int, default=15)
    parser.add_argument("--deliverables", type=int, default=40)
    parser.add_argument("--sample", type=int, default=300, help="0: no naive sweep")
    parser.add_argument("--rounds", type=int, default=5, help="selection rounds")
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    before = set(os.listdir(tempfile.gettempdir()))
    size_before, _ = _temporary_usage(before)
    work = Path(tempfile.mkdtemp(prefix="arshjul-bench-sweep-"))
    os.environ["ARSHJUL_HOME"] = str(work)
    for name in [n for n in os.environ if n.startswith("PREFECT_")]:
        del os.environ[name]
    from benchmarks.delivery import start_sink

    sink, port = start_sink()
    try:
        if args.database in ("sqlite", "both"):
            measure(f"sqlite:///{work / 'national.db'}", "SQLite", work, port, args)
        if args.database in ("postgres", "both"):
            from tests.postgres import throwaway_postgres

            with throwaway_postgres("national", driver="psycopg") as url:
                measure(url, "PostgreSQL", work, port, args)
    finally:
        sink.terminate()
        sink.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    size_after, left = _temporary_usage(before)
    print(
        f"temporary folder {tempfile.gettempdir()}: {size_before} before, {size_after} after; "
        f"left by this run: {', '.join(left) or 'nothing'}"
    )


if __name__ == "__main__":
    main()
