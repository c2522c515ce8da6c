"""Verifying the audit trail as Revision does, for one municipality, against checking every
chain from the start (what Revision did before, to show one).

    python benchmarks/chain_checks.py [--events 55] [--new 5] [--repeat 5]
                                      [--database sqlite|postgres|both]

For 10 and for 290 municipalities of `--events` events each (about what a year's planning,
notices and hand-ins leave), written through arshjul.trail.record like every event, times:
- all chains from the start (the old Revision: every municipality's, to show one);
- one municipality's chain from the start (`audit verify --full` for one);
- one municipality's from its kept position, head unchanged (the result reused);
- one municipality's after `--new` new events (only those are hashed);
each the median of `--repeat` runs, and the ratios between them. Temporary folders are
removed after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _fill(url: str, municipalities: int, events: int) -> None:
    from arshjul.models.db import create_schema, make_engine, writing
    from arshjul.models.tables import Municipality
    from sqlmodel import Session

    from arshjul.context import Context
    from arshjul.settings import get_settings
    from arshjul.trail import record

    engine = make_engine(url)
    create_schema(engine)
    ctx = Context.create(get_settings(), actor="bench@example.org", engine=engine)
    with Session(engine) as session:
        rows = [
            Municipality(code=f"{n + 1:04d}", name=f"Kommun {n + 1}") for n in range(municipalities)
        ]
        session.add_all(rows)
        session.commit()
        ids = [m.id or 0 for m in rows]
    with Session(writing(engine)) as session, session.begin():
        for municipality_id in ids:
            for number in range(events):
                record(
                    ctx,
                    session,
                    municipality_id=municipality_id,
                    kind="submitted",
                    subject=f"deliverable:{number}",
                    payload={"version": 1, "body": "BUN", "files": [{"sha256": "ab" * 32}]},
                )
    engine.dispose()


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _every_chain(ctx: object) -> int:
    """What Revision did before to show one chain: read and hash every municipality's."""
    from arshjul.models.audit import municipalities_with_events, records
    from sqlmodel import Session

    from arshjul.core.audit import verify

    broken = 0
    with Session(ctx.database()) as session:  # type: ignore[attr-defined]
        for municipality_id in municipalities_with_events(session=session):
            chain = records(session=session, municipality_id=municipality_id)
            broken += verify(chain) is not None
    return broken


def _add(ctx: object, municipality_id: int, count: int) -> None:
    from arshjul.models.db import writing
    from sqlmodel import Session

    from arshjul.trail import record

    engine = ctx.database()  # type: ignore[attr-defined]
    with Session(writing(engine)) as session, session.begin():
        for number in range(count):
            record(
                ctx,  # type: ignore[arg-type]
                session,
                municipality_id=municipality_id,
                kind="reviewed",
                subject=f"deliverable:{number}",
                payload={"review": "approved"},
            )


def measure(
    url: str, label: str, municipalities: int, args: argparse.Namespace
) -> dict[str, float]:
    from arshjul.models.db import make_engine
    from arshjul.models.tables import Municipality
    from sqlmodel import Session, select

    from arshjul.context import Context
    from arshjul.services.chain_checks import verify_chain, verify_chains
    from arshjul.settings import get_settings

    _fill(url, municipalities, args.events)
    engine = make_engine(url)
    ctx = Context.create(get_settings(), actor="bench@example.org", engine=engine)
    with Session(engine) as session:
        mine = session.exec(select(Municipality).where(Municipality.code == "0001")).one()
        session.expunge(mine)
    found = {
        "all_full": _median_ms(lambda: _every_chain(ctx), args.repeat),
        "sweep": _median_ms(lambda: verify_chains(ctx, full=True), args.repeat),
        "one_full": _median_ms(lambda: verify_chain(ctx, mine, full=True), args.repeat),
        "one_kept": _median_ms(lambda: verify_chain(ctx, mine), args.repeat),
    }
    grown = []
    for _ in range(args.repeat):
        _add(ctx, mine.id or 0, args.new)
        started = time.perf_counter()
        report = verify_chain(ctx, mine)
        grown.append((time.perf_counter() - started) * 1000)
        assert report.first_break is None and report.checked == args.new + 1, report
    found["one_new"] = statistics.median(grown)
    assert all(r.first_break is None for r in verify_chains(ctx, full=True))
    engine.dispose()
    print(
        f"  {label}, {municipalities} municipalities × {args.events} events:\n"
        f"    every chain from the start (the old Revision): {found['all_full']:8.2f} ms\n"
        f"    every chain from the start, positions kept (the sweep): {found['sweep']:8.2f} ms\n"
        f"    one chain from the start (--full):             {found['one_full']:8.2f} ms\n"
        f"    one chain, head unchanged (kept position):     {found['one_kept']:8.2f} ms\n"
        f"    one chain after {args.new} new events:               {found['one_new']:8.2f} ms\n"
        f"    ratios: old / kept {found['all_full'] / found['one_kept']:,.0f}×, "
        f"old / after new {found['all_full'] / found['one_new']:,.0f}×, "
        f"one full / kept {found['one_full'] / found['one_kept']:.1f}×"
    )
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=55)
    parser.add_argument("--new", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="arshjul-bench-chains-"))
    os.environ["ARSHJUL_HOME"] = str(work)
    try:
        for count in (10, 290):
            if args.database in ("sqlite", "both"):
                measure(f"sqlite:///{work / f'chains-{count}.db'}", "SQLite", count, args)
            if args.database in ("postgres", "both"):
                from tests.postgres import throwaway_postgres

                with throwaway_postgres(f"chains{count}", driver="psycopg") as url:
                    measure(url, "PostgreSQL", count, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
