"""Four processes sweeping and handing in at once on one database (SQLite, or PostgreSQL
with `--database postgres`): no error, each message sent once, and the audit chain, which
every one of them appends to, still verifies."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from sqlalchemy import Engine

from arshjul.services.audit import verify_all
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into, sweep
from tests.smtp_server import Inbox

MONDAY = at("2019-05-06", 7)
HAND_INS = {
    1: ("klk@example.org", "pf/KLK"),
    2: ("ks@example.org", "budget/KS"),
    3: ("bun@example.org", "budget/BUN"),
}


def _writer(url: str, number: int, folder: str, failures: multiprocessing.Queue) -> None:
    from arshjul.models.db import make_engine

    from arshjul.services.submissions import SubmissionIn, submit

    engine = make_engine(url)
    try:
        sweep(engine, MONDAY)
        if number in HAND_INS:
            secretary, ref = HAND_INS[number]
            document = Path(folder) / f"{number}.txt"
            document.write_text(f"inlämning {number}\n", encoding="utf-8")
            submit(
                ctx_for(engine, secretary, at("2019-05-06", 9)),
                SubmissionIn(ref, (document,), municipality="9999", year=2020),
            )
        sweep(engine, MONDAY)
    except BaseException as exc:  # reported to the test
        failures.put(f"{number}: {type(exc).__name__}: {exc}")
    finally:
        engine.dispose()


def test_four_processes_at_once(
    engine: Engine, database_url: str, smtp: Inbox, tmp_path: Path
) -> None:
    plan_into(engine, MAIL_TEMPLATE)
    spawn = multiprocessing.get_context("spawn")
    failures = spawn.Queue()
    writers = [
        spawn.Process(target=_writer, args=(database_url, n, str(tmp_path), failures))
        for n in range(4)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    found = []
    while not failures.empty():
        found.append(failures.get())
    assert found == []
    assert all(w.exitcode == 0 for w in writers)
    assert smtp.transmissions == len(set(smtp.ids()))  # no message twice
    assert smtp.transmissions >= 5 + 3  # the notices and the three receipts
    (report,) = verify_all(ctx_for(engine))
    assert report.first_break is None, report
    assert report.events > 3  # plan, sends, hand-ins: all four wrote to it
