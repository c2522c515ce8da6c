"""The reminder sweep at national scale, against the naive design, in one run.

    python benchmarks/sweep.py [--municipalities 290] [--namnder 15] [--deliverables 40]
                               [--sample 300]

Generates a SQLite database with every municipality's cycle (by default 290 × 15 nämnder ×
40 deliverables = 174,000 deliverables, 90 % of those already due handed in), then times:
- the set-based sweep: selection (a fixed number of queries), rendering and outbox insert,
  and delivery to a folder of .eml files;
- the naive design on a sample: one Prefect task per deliverable, each loading its own row
  and doing the same work, inside a flow on Prefect's temporary local server;
and prints both with the ratio, extrapolating the naive figure to the whole data set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AS_OF = dt.datetime(2020, 3, 16, 6, 0, tzinfo=dt.UTC)  # Monday 07:00 in Stockholm


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
    reminders = {
        "days_before": [14, 7],
        "business_days_before": [1],
        "on_the_day": True,
        "overdue_after_business_days": 1,
        "overdue_every_days": 7,
    }
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
                        "reminders": reminders,
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


def set_based(url: str, folder: Path) -> dict[str, float]:
    from arshjul.models.db import make_engine
    from arshjul.notifications.channels import FolderChannel
    from arshjul.notifications.delivery import deliver
    from arshjul.notifications.due import enqueue, plan_due
    from sqlmodel import Session

    from arshjul.context import Context
    from arshjul.settings import get_settings

    settings = get_settings()
    engine = make_engine(url)
    ctx = Context.create(settings, engine=engine, actor="system").at(AS_OF)
    started = time.perf_counter()
    with Session(engine) as session:
        planned = plan_due(session=session, now=AS_OF, settings=settings)
    selection = time.perf_counter() - started

    started = time.perf_counter()
    result = enqueue(ctx)
    enqueue_seconds = time.perf_counter() - started

    started = time.perf_counter()
    sent = 0
    channel = FolderChannel(folder)
    while (batch := deliver(ctx, channel, batch_size=500)).claimed:
        sent += batch.sent
    delivery = time.perf_counter() - started

    started = time.perf_counter()
    rerun = enqueue(ctx)
    rerun_seconds = time.perf_counter() - started
    engine.dispose()
    return {
        "planned": len(planned),
        "selection": selection,
        "new": result.new,
        "enqueue": enqueue_seconds,
        "sent": sent,
        "delivery": delivery,
        "rerun_new": rerun.new,
        "rerun": rerun_seconds,
    }


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


def measure(url: str, label: str, work: Path, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    total = generate(url, args.municipalities, args.namnder, args.deliverables)
    print(
        f"{label}: {args.municipalities} municipalities × {args.namnder} nämnder × "
        f"{args.deliverables} deliverables = {total:,} deliverables "
        f"(generated in {time.perf_counter() - started:.1f} s)"
    )

    fast = set_based(url, work / f"outbox-{label}")
    print(f"  set-based sweep as of {AS_OF:%Y-%m-%d %H:%M} UTC:")
    print(f"    selection (plan_due): {fast['selection']:.2f} s for {fast['planned']:,} notices")
    print(
        f"    selection + rendering + outbox insert: {fast['enqueue']:.2f} s, "
        f"{fast['new']:,} messages queued"
    )
    rate = fast["sent"] / fast["delivery"] if fast["delivery"] else 0
    print(
        f"    delivery to .eml folder: {fast['delivery']:.2f} s for {fast['sent']:,} messages "
        f"({rate:,.0f}/s)"
    )
    print(f"    rerun: {fast['rerun']:.2f} s, {fast['rerun_new']} new messages")

    slow = naive(url, args.sample)
    per = slow["tasks_seconds"] / slow["sample"]
    extrapolated = per * total
    print(f"  naive sweep, one Prefect task per deliverable, sample of {slow['sample']}:")
    print(
        f"    {slow['tasks_seconds']:.2f} s in tasks ({per * 1000:.1f} ms per deliverable), "
        f"{slow['with_startup']:.2f} s with Prefect start-up"
    )
    print(
        f"    extrapolated to {total:,} deliverables: {extrapolated:,.0f} s "
        f"({extrapolated / 3600:.1f} h); ratio naive / set-based (selection + rendering + "
        f"insert): {extrapolated / fast['enqueue']:,.0f}×"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--namnder", type=int, default=15)
    parser.add_argument("--deliverables", type=int, default=40)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="arshjul-bench-sweep-"))
    os.environ["ARSHJUL_HOME"] = str(work)
    for name in [n for n in os.environ if n.startswith("PREFECT_")]:
        del os.environ[name]
    if args.database in ("sqlite", "both"):
        measure(f"sqlite:///{work / 'national.db'}", "SQLite", work, args)
    if args.database in ("postgres", "both"):
        from tests.postgres import throwaway_postgres

        with throwaway_postgres("national", driver="psycopg") as url:
            measure(url, "PostgreSQL", work, args)


if __name__ == "__main__":
    main()
