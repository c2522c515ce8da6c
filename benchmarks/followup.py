"""The follow-up at national scale: the roll-up page and the XLSX, in figures.

    python benchmarks/followup.py [--municipalities 290] [--namnder 15] [--goals 5]
                                  [--reports 3] [--clients 20] [--workers 2]

Generates a SQLite database of `--municipalities` × `--namnder` nämnder, each with its
commitments (`--goals` goals and every one of five vision areas, one indicator) and
`--reports` follow-up reports with an assessment of each commitment (by default 290 × 15
× 3 reports × 10 commitments = 130,500 assessments), then prints:
- the roll-up of one municipality read and computed in-process (followup_view), and the
  page's tables rendered: the cost of a page whose view is not kept yet;
- that municipality's XLSX; with `--national-xlsx` also every municipality's roll-up in
  one workbook (openpyxl writes some 30 µs a cell: minutes, not seconds);
- the page and the XLSX download under `--clients` concurrent clients against
  `arshjul web --workers N` (wrk when installed, else Python clients), p50 and p95.
Targets (issue 27): page p95 under 300 ms on the 2-core machine, XLSX under 5 s.
Figures, not assertions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AREAS = [["tillvaxt", "Tillväxt"], ["service", "Service"], ["livsmiljo", "Livsmiljö"]]
AREAS += [["personal", "Personalpolitik"], ["ekonomi", "Ekonomi"]]
LEVELS = ("met", "partly_met", "not_met", "not_assessable")
REPORTS = (("tertial@2020-04", dt.date(2020, 5, 15)), ("delar", dt.date(2020, 9, 18)))
REPORTS += (("helar", dt.date(2021, 2, 15)),)


def _milestone(m: int, ms_id: int, key: str, deadline: dt.date, collects: str) -> dict[str, Any]:
    return {
        "id": ms_id,
        "municipality_id": m,
        "cycle_id": m,
        "key": key,
        "position": ms_id,
        "title": key,
        "deliverable": key,
        "description": "",
        "rule": {},
        "depends_on": [],
        "deadline": deadline,
        "nominal_deadline": deadline,
        "shift_rule": "previous",
        "shift_passed": [],
        "reminders": {},
        "collects": collects,
        "active": True,
    }


class _Rows:
    """The rows of every table, with their ids counted as they are made."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {}
        self.ids: dict[str, int] = {}

    def add(self, table: str, **row: Any) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        self.tables.setdefault(table, []).append({"id": self.ids[table], **row})
        return self.ids[table]


def _municipality(rows: _Rows, m: int, namnder: int, goals: int, reports: int) -> None:
    planned = dt.datetime(2019, 1, 2, tzinfo=dt.UTC)
    rows.add(
        "cycle",
        municipality_id=m,
        budget_year=2020,
        starts=dt.date(2019, 1, 1),
        ends=dt.date(2021, 6, 30),
        template_file="bench.yaml",
        template_sha256="x",
        due_soon_days=7,
        vision_areas=AREAS,
        max_goals=goals,
        planned_at=planned,
        closed=False,
    )
    rows.add(
        "body",
        municipality_id=m,
        key="KF",
        name="Kommunfullmäktige",
        kind="kf",
        position=0,
        active=True,
    )
    office = rows.add(
        "body",
        municipality_id=m,
        key="KLK",
        name="Kommunledningskontoret",
        kind="office",
        position=1,
        active=True,
    )
    rows.add(
        "person",
        municipality_id=m,
        body_id=office,
        name="Samordnare",
        email=f"samordnare@k{m}.example.org",
        role="coordinator",
        active=True,
    )
    plan = rows.ids.get("milestone", 0) + 1
    rows.tables.setdefault("milestone", []).append(
        _milestone(m, plan, "plan", dt.date(2019, 12, 30), "commitments")
    )
    rows.ids["milestone"] = plan
    report_ids = []
    for key, deadline in REPORTS[:reports]:
        ms_id = rows.ids["milestone"] + 1
        rows.tables["milestone"].append(_milestone(m, ms_id, key, deadline, "assessments"))
        rows.ids["milestone"] = ms_id
        report_ids.append(ms_id)
    for n in range(namnder):
        body = rows.add(
            "body",
            municipality_id=m,
            key=f"N{n}",
            name=f"Nämnd {n}",
            kind="namnd",
            position=n + 2,
            active=True,
        )
        _namnd(rows, m, body, n, plan, report_ids, goals)


def _namnd(
    rows: _Rows, m: int, body: int, n: int, plan: int, reports: list[int], goals: int
) -> None:
    handed = dt.datetime(2019, 12, 20, 9, tzinfo=dt.UTC)
    chosen = [1 + (n + g * 3) % 17 for g in range(goals)]
    chosen = list(dict.fromkeys(chosen))
    d = rows.add(
        "deliverable", municipality_id=m, cycle_id=m, milestone_id=plan, body_id=body, active=True
    )
    s = rows.add(
        "submission",
        municipality_id=m,
        deliverable_id=d,
        version=1,
        submitted_at=handed,
        comment="",
        diarienummer="",
        review_comment="",
    )
    refs = [("goal", str(g)) for g in chosen] + [("vision", a) for a, _ in AREAS]
    for position, (kind, key) in enumerate(refs):
        c = rows.add(
            "commitment",
            municipality_id=m,
            cycle_id=m,
            body_id=body,
            submission_id=s,
            kind=kind,
            key=key,
            statement=f"Bidrag {key}",
        )
        if position == 0:
            rows.add(
                "commitmentindicator",
                municipality_id=m,
                commitment_id=c,
                position=0,
                indicator="N15419",
                name="Behöriga lärare",
                unit="%",
                target=80.0,
                direction="higher",
            )
    for r, milestone in enumerate(reports):
        d = rows.add(
            "deliverable",
            municipality_id=m,
            cycle_id=m,
            milestone_id=milestone,
            body_id=body,
            active=True,
        )
        at = dt.datetime.combine(REPORTS[r][1], dt.time(9), tzinfo=dt.UTC)
        s = rows.add(
            "submission",
            municipality_id=m,
            deliverable_id=d,
            version=1,
            submitted_at=at,
            comment="",
            diarienummer="",
            review_comment="",
        )
        for position, (kind, key) in enumerate(refs):
            level = LEVELS[(m + n + r + position) % 4]
            a = rows.add(
                "assessment",
                municipality_id=m,
                cycle_id=m,
                body_id=body,
                submission_id=s,
                kind=kind,
                key=key,
                level=level,
                comment=f"Kommentar {r} om {key}",
            )
            if position == 0:
                rows.add(
                    "assessedvalue",
                    municipality_id=m,
                    assessment_id=a,
                    indicator="N15419",
                    value=70.0 + r * 5,
                )


def generate(url: str, municipalities: int, namnder: int, goals: int, reports: int) -> int:
    from arshjul.models.db import create_schema, make_engine
    from sqlalchemy import insert
    from sqlmodel import SQLModel

    engine = make_engine(url)
    create_schema(engine)
    rows = _Rows()
    for m in range(1, municipalities + 1):
        rows.add("municipality", code=f"{1000 + m:04d}", name=f"Kommun {m}")
        _municipality(rows, m, namnder, goals, reports)
    order = ("municipality", "cycle", "body", "person", "milestone", "deliverable", "submission")
    order += ("commitment", "commitmentindicator", "assessment", "assessedvalue")
    with engine.begin() as conn:
        for table in order:
            found = rows.tables.get(table, [])
            for i in range(0, len(found), 20000):
                conn.execute(insert(SQLModel.metadata.tables[table]), found[i : i + 20000])
    engine.dispose()
    return len(rows.tables["assessment"])


def in_process(url: str, municipalities: int, runs: int, national: bool) -> None:
    from arshjul.context import Context
    from arshjul.services.followup import authorise_reader, followup_view
    from arshjul.services.followup_report import as_xlsx
    from arshjul.web.app import create_app
    from arshjul.web.rendering import templates_for
    from arshjul.web.routes.followup import _table_values

    ctx = Context.create(database_url=url, actor="samordnare@k1.example.org", operator="bench")
    ctx = ctx.at(dt.datetime(2020, 10, 1, 8, tzinfo=dt.UTC))
    create_app(ctx)
    env = templates_for("sv").env
    muni = authorise_reader(ctx, municipality="1001")
    seconds, render = [], []
    for _ in range(runs):
        started = time.perf_counter()
        view = followup_view(ctx, municipality=muni, year=2020)
        seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        env.get_template("followup_tables.html").render(**_table_values(view, "sv"))
        render.append(time.perf_counter() - started)
    cells = len(view.rollup.cells)
    print(f"one municipality's roll-up in-process ({cells} cells), {runs} runs:")
    for name, figures in (("read and computed", seconds), ("tables rendered", render)):
        median, worst = statistics.median(figures) * 1000, max(figures) * 1000
        print(f"  {name:20} median {median:7.1f} ms, max {worst:7.1f} ms")
    started = time.perf_counter()
    one = as_xlsx([view])
    elapsed = time.perf_counter() - started
    met = "yes" if elapsed < 5 else "NO"
    print(f"  {'XLSX':20} {elapsed * 1000:7.1f} ms, {len(one) / 1024:.0f} KiB; target < 5 s: {met}")
    if not national:
        return
    started = time.perf_counter()
    views = []
    for m in range(1, municipalities + 1):
        each = ctx.acting_as(f"samordnare@k{m}.example.org")
        code = f"{1000 + m:04d}"
        muni = authorise_reader(each, municipality=code)
        views.append(followup_view(each, municipality=muni, year=2020))
    read = time.perf_counter() - started
    started = time.perf_counter()
    book = as_xlsx(views)
    written = time.perf_counter() - started
    size = len(book) / 1024 / 1024
    print(f"every municipality in one workbook ({municipalities}; beyond the issue's target):")
    print(f"  roll-ups read {read:6.2f} s; workbook written {written:6.2f} s ({size:.1f} MiB)")


def over_http(url: str, work: Path, args: argparse.Namespace) -> None:
    import subprocess

    import httpx

    import benchmarks.web as web
    from benchmarks.web import _environment, _free_port, load, sessions, with_wrk

    cookies = sessions(url, {"coordinator": "samordnare@k1.example.org"})
    web.PAGES.clear()
    web.PAGES.update(
        {
            "Uppföljning /uppfoljning": ("coordinator", "/uppfoljning?year=2020"),
            "XLSX /uppfoljning.xlsx": ("coordinator", "/uppfoljning.xlsx?year=2020"),
        }
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("arshjul")),
            "web",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=_environment(work / "web-home", url),
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
        import asyncio
        import shutil

        started = time.perf_counter()
        first = httpx.get(
            f"{base}/uppfoljning?year=2020",
            cookies={"arshjul_session": cookies["coordinator"]},
            timeout=60,
        )
        took = (time.perf_counter() - started) * 1000
        print(f"first page request (the view computed): {took:.0f} ms, {first.status_code}")
        asyncio.run(load(base, cookies, 4, 40))  # warm every worker
        if shutil.which("wrk"):
            figures = with_wrk(base, cookies, args.clients, work)
            client = "wrk"
        else:
            timings = asyncio.run(load(base, cookies, args.clients, 400))
            figures = {
                n: (statistics.median(v), statistics.quantiles(v, n=20)[18])
                for n, v in timings.items()
            }
            client = "python"
    finally:
        server.terminate()
        server.wait(timeout=10)
    clients = f"{args.clients} {client} clients, {args.workers} workers"
    print(f"over HTTP: {clients}; target p95 < 300 ms (page), XLSX < 5 s")
    print(f"  {'request':28} {'p50 ms':>8} {'p95 ms':>8}")
    for name, (p50, p95) in figures.items():
        print(f"  {name:28} {p50 * 1000:8.1f} {p95 * 1000:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--namnder", type=int, default=15)
    parser.add_argument("--goals", type=int, default=5)
    parser.add_argument("--reports", type=int, default=3)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--national-xlsx",
        action="store_true",
        help="also write every municipality's roll-up into one workbook (minutes)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="arshjul-bench-followup-"))
    for name in [n for n in os.environ if n.startswith(("ARSHJUL_", "PREFECT_"))]:
        del os.environ[name]
    os.environ["ARSHJUL_HOME"] = str(work / "bench-home")
    url = f"sqlite:///{work / 'national.db'}"
    started = time.perf_counter()
    count = generate(url, args.municipalities, args.namnder, args.goals, args.reports)
    print(
        f"generated {args.municipalities} municipalities × {args.namnder} nämnder × {args.reports} "
        f"reports: {count} assessments in {time.perf_counter() - started:.1f} s"
    )
    in_process(url, args.municipalities, args.runs, args.national_xlsx)
    over_http(url, work, args)


if __name__ == "__main__":
    main()
