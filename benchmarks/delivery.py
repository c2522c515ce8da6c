"""Delivery over SMTP to a local sink, against its floor measured in the same run.

    python benchmarks/delivery.py [--messages 3000] [--batch 200] [--rounds 3]
                                  [--database sqlite|postgres|both]

A sink (aiosmtpd's Sink handler, which accepts and discards) runs in its own process, so
it has its own CPU. The outbox is filled with `--messages` rendered notices of the usual
size (a subject, ~1 KB of text, ~3 KB of HTML, an .ics) in one municipality, then:
- the floor: plain smtplib sending the same MIME bytes over one connection;
- on PostgreSQL also smtplib plus one commit per message (what a per-message mark costs);
- arshjul's delivery (notifications.delivery.deliver in batches of `--batch`, each message
  marked sent and audited), as the sweep runs it;
each as messages a second and as this process's CPU time per message (which load from
elsewhere on the machine moves less than the rate), the median of `--rounds` rounds, each
on a fresh outbox, with the ratios to the floor. The audit trail is verified after (every
mark is an audit event) and the temporary folder removed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import smtplib
import socket
import statistics
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


def fill(url: str, count: int, round_number: int = 0) -> None:
    from arshjul.models.db import create_schema, make_engine
    from arshjul.models.tables import Municipality, OutboxMessage
    from arshjul.notifications.message import message_id_for
    from sqlalchemy import insert
    from sqlmodel import Session, select

    from arshjul.core.reminders import NoticeKind
    from arshjul.core.transitions import OutboxState

    engine = make_engine(url)
    create_schema(engine)
    now = dt.datetime(2019, 4, 26, 5, tzinfo=dt.UTC)
    with Session(engine) as session:
        found = session.exec(select(Municipality).where(Municipality.code == "2262")).first()
        municipality = found or Municipality(code="2262", name="Timrå kommun")
        session.add(municipality)
        session.commit()
        municipality_id = municipality.id
    rows = [
        {
            "municipality_id": municipality_id,
            "key": f"reminder|d{n}|r{round_number}|sekr{n}@timra.se|2019-05-03",
            "deliverable_id": None,
            "kind": NoticeKind.REMINDER,
            "recipient": f"sekr{n}@timra.se",
            "recipient_name": f"Sekreterare Nämnd {n}",
            "due_date": dt.date(2019, 5, 3),
            "subject": "Påminnelse: Budgetunderlag (BUN) senast fredag 3 maj 2019",
            "body_text": TEXT,
            "body_html": HTML,
            "ics": ICS,
            "message_id": message_id_for(f"reminder|{round_number}|{n}", "timra.se"),
            "state": OutboxState.PENDING,
            "next_attempt_at": now,
            "created_at": now,
        }
        for n in range(count)
    ]
    with engine.begin() as connection:
        connection.execute(insert(OutboxMessage.__table__), rows)  # type: ignore[attr-defined]
    engine.dispose()


def floor(port: int, url: str, count: int, commits: bool) -> tuple[float, float]:
    """smtplib alone (and with one commit per message): messages a second, and CPU
    milliseconds a message."""
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
        started, cpu = time.perf_counter(), time.process_time()
        client = smtplib.SMTP("127.0.0.1", port)
        for n, message in enumerate(mails):
            client.sendmail("arshjul@timra.se", [f"sekr{n}@timra.se"], message)
            if commits:
                with connection.begin():
                    connection.execute(text("SELECT 1"))
                    connection.execute(text("UPDATE municipality SET name = name WHERE id = 1"))
        client.quit()
        elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    return count / elapsed, used * 1000 / count


def arshjul_delivery(port: int, url: str, count: int, batch: int) -> tuple[float, float, int]:
    from arshjul.models.db import make_engine
    from arshjul.notifications.channels import SmtpChannel
    from arshjul.notifications.delivery import deliver

    from arshjul.context import Context
    from arshjul.settings import get_settings

    engine = make_engine(url)
    ctx = Context.create(get_settings(), actor="system", engine=engine)
    channel = SmtpChannel("127.0.0.1", port, starttls=False)
    sent = 0
    started, cpu = time.perf_counter(), time.process_time()
    while (result := deliver(ctx, channel, batch_size=batch)).claimed:
        sent += result.sent
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    return sent / elapsed, used * 1000 / max(sent, 1), sent


def measure(url: str, label: str, port: int, args: argparse.Namespace) -> None:
    """`--rounds` rounds, each the floors and then arshjul on a fresh outbox, so that load
    from elsewhere on the machine falls on all three alike; the medians are printed."""
    from arshjul.models.db import make_engine

    from arshjul.context import Context
    from arshjul.services.chain_checks import verify_chains
    from arshjul.settings import get_settings

    found: dict[str, list[tuple[float, float]]] = {"plain": [], "commit": [], "arshjul": []}
    for round_number in range(args.rounds):
        fill(url, args.messages, round_number)
        found["plain"].append(floor(port, url, args.messages, commits=False))
        found["commit"].append(floor(port, url, args.messages, commits=True))
        rate, cpu, sent = arshjul_delivery(port, url, args.messages, args.batch)
        assert sent == args.messages, sent
        found["arshjul"].append((rate, cpu))
    engine = make_engine(url)
    reports = verify_chains(Context.create(get_settings(), engine=engine), full=True)
    engine.dispose()
    assert all(r.first_break is None for r in reports)
    rate = {k: statistics.median(r for r, _ in v) for k, v in found.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in found.items()}
    lines = [
        f"  {label}, {args.messages:,} messages, batches of {args.batch}, "
        f"median of {args.rounds} rounds (range):"
    ]
    for key, name in (
        ("plain", "floor, smtplib alone"),
        ("commit", "smtplib + one commit per message"),
        ("arshjul", "arshjul delivery (marked, audited)"),
    ):
        rates = [r for r, _ in found[key]]
        lines.append(
            f"    {name:36} {rate[key]:7,.0f} msg/s {_spread(rates):>13}, "
            f"{cpu[key]:.2f} ms CPU a message"
        )
    lines.append(
        f"    arshjul against the floor: {rate['plain'] / rate['arshjul']:.2f}× the time, "
        f"{cpu['arshjul'] / cpu['plain']:.2f}× the CPU ({cpu['arshjul'] - cpu['plain']:.2f} ms "
        f"a message of its own); against smtplib + commit: "
        f"{rate['commit'] / rate['arshjul']:.2f}× the time"
    )
    lines.append(f"    audit trail whole after: {sum(r.events for r in reports):,} events")
    print("\n".join(lines))


def _spread(values: list[float]) -> str:
    return f"({min(values):,.0f}–{max(values):,.0f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
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
