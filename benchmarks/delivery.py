"""Delivery over SMTP to a local sink, against its floor measured in the same run.

    python benchmarks/delivery.py [--messages 3000] [--batch 200] [--database sqlite|postgres|both]

A sink (aiosmtpd's Sink handler, which accepts and discards) runs in its own process, so
it has its own CPU. The outbox is filled with `--messages` rendered notices of the usual
size (a subject, ~1 KB of text, ~3 KB of HTML, an .ics) in one municipality, then:
- the floor: plain smtplib sending the same MIME bytes over one connection;
- on PostgreSQL also smtplib plus one commit per message (what a per-message mark costs);
- arshjul's delivery (notifications.delivery.deliver in batches of `--batch`, each message
  marked sent and audited), as the sweep runs it;
each as messages a second, with the ratio to the floor. The audit trail is verified after
(every mark is an audit event) and the temporary folder removed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEXT = (
    "Hej Sekreterare BUN,\n\nBudgetunderlaget för Barn- och utbildningsnämnden ska lämnas "
    "in senast fredag 3 maj 2019 kl. 23.59. Lämna in det på arshjul eller svara på det här "
    "brevet med dokumentet bifogat.\n\n"
) * 4
HTML = "<p>" + TEXT.replace("\n\n", "</p><p>") * 3 + "</p>"
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//arshjul//SE\r\nMETHOD:PUBLISH\r\n"
    "BEGIN:VEVENT\r\nUID:deliverable-1@arshjul.example\r\nDTSTAMP:20190101T000000Z\r\n"
    "DTSTART;VALUE=DATE:20190503\r\nSUMMARY:Budgetunderlag (BUN)\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_sink() -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    sink = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return sink, port
        except OSError:
            time.sleep(0.05)
    sink.kill()
    raise RuntimeError("the SMTP sink did not start")


def fill(url: str, count: int) -> None:
    from arshjul.models.db import create_schema, make_engine
    from arshjul.models.tables import Municipality, OutboxMessage
    from arshjul.notifications.message import message_id_for
    from sqlalchemy import insert
    from sqlmodel import Session

    from arshjul.core.reminders import NoticeKind
    from arshjul.core.transitions import OutboxState

    engine = make_engine(url)
    create_schema(engine)
    now = dt.datetime(2019, 4, 26, 5, tzinfo=dt.UTC)
    with Session(engine) as session:
        municipality = Municipality(code="2262", name="Timrå kommun")
        session.add(municipality)
        session.commit()
        municipality_id = municipality.id
    rows = [
        {
            "municipality_id": municipality_id,
            "key": f"reminder|d{n}|r7|sekr{n}@timra.se|2019-05-03",
            "deliverable_id": None,
            "kind": NoticeKind.REMINDER,
            "recipient": f"sekr{n}@timra.se",
            "recipient_name": f"Sekreterare Nämnd {n}",
            "due_date": dt.date(2019, 5, 3),
            "subject": "Påminnelse: Budgetunderlag (BUN) senast fredag 3 maj 2019",
            "body_text": TEXT,
            "body_html": HTML,
            "ics": ICS,
            "message_id": message_id_for(f"reminder|{n}", "timra.se"),
            "state": OutboxState.PENDING,
            "next_attempt_at": now,
            "created_at": now,
        }
        for n in range(count)
    ]
    with engine.begin() as connection:
        connection.execute(insert(OutboxMessage.__table__), rows)  # type: ignore[attr-defined]
    engine.dispose()


def floor(port: int, url: str, count: int, commits: bool) -> float:
    """smtplib alone (and with one commit per message): messages a second."""
    from arshjul.models.db import make_engine
    from arshjul.notifications.message import OutgoingMail, to_mime
    from sqlalchemy import text

    engine = make_engine(url)
    mails = [
        to_mime(
            OutgoingMail(
                f"<floor{n}@timra.se>",
                "arshjul@timra.se",
                f"sekr{n}@timra.se",
                f"Sekreterare {n}",
                "Påminnelse: Budgetunderlag (BUN)",
                TEXT,
                HTML,
                ICS,
                date=dt.datetime.now(dt.UTC),
            )
        )
        for n in range(count)
    ]
    with engine.connect() as connection:
        started = time.perf_counter()
        client = smtplib.SMTP("127.0.0.1", port)
        for n, message in enumerate(mails):
            client.sendmail("arshjul@timra.se", [f"sekr{n}@timra.se"], message)
            if commits:
                with connection.begin():
                    connection.execute(text("SELECT 1"))
                    connection.execute(text("UPDATE municipality SET name = name WHERE id = 1"))
        client.quit()
        elapsed = time.perf_counter() - started
    engine.dispose()
    return count / elapsed


def arshjul_delivery(port: int, url: str, count: int, batch: int) -> tuple[float, int]:
    from arshjul.models.db import make_engine
    from arshjul.notifications.channels import SmtpChannel
    from arshjul.notifications.delivery import deliver

    from arshjul.context import Context
    from arshjul.settings import get_settings

    engine = make_engine(url)
    ctx = Context.create(get_settings(), actor="system", engine=engine)
    channel = SmtpChannel("127.0.0.1", port, starttls=False)
    sent = 0
    started = time.perf_counter()
    while (result := deliver(ctx, channel, batch_size=batch)).claimed:
        sent += result.sent
    elapsed = time.perf_counter() - started
    engine.dispose()
    return sent / elapsed, sent


def measure(url: str, label: str, port: int, args: argparse.Namespace) -> None:
    from arshjul.models.db import make_engine

    from arshjul.context import Context
    from arshjul.services.chain_checks import verify_chains
    from arshjul.settings import get_settings

    fill(url, args.messages)
    plain = floor(port, url, args.messages, commits=False)
    committed = floor(port, url, args.messages, commits=True)
    rate, sent = arshjul_delivery(port, url, args.messages, args.batch)
    engine = make_engine(url)
    reports = verify_chains(Context.create(get_settings(), engine=engine), full=True)
    engine.dispose()
    assert sent == args.messages and all(r.first_break is None for r in reports)
    print(
        f"  {label}, {args.messages:,} messages, batches of {args.batch}:\n"
        f"    floor, smtplib alone:                   {plain:8,.0f} msg/s\n"
        f"    smtplib + one commit per message:       {committed:8,.0f} msg/s\n"
        f"    arshjul delivery (marked, audited):     {rate:8,.0f} msg/s "
        f"({plain / rate:.2f}× the floor's time per message, "
        f"{committed / rate:.2f}× smtplib + commit)\n"
        f"    audit trail whole after: {sum(r.events for r in reports):,} events"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="arshjul-bench-delivery-"))
    os.environ["ARSHJUL_HOME"] = str(work)
    sink, port = start_sink()
    try:
        if args.database in ("sqlite", "both"):
            measure(f"sqlite:///{work / 'delivery.db'}", "SQLite", port, args)
        if args.database in ("postgres", "both"):
            from tests.postgres import throwaway_postgres

            with throwaway_postgres("delivery", driver="psycopg") as url:
                measure(url, "PostgreSQL", port, args)
    finally:
        sink.terminate()
        sink.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
