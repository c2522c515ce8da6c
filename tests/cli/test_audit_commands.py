"""submit, review and audit from the command line, and tampering caught by audit verify."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from arshjul.models.db import create_schema, make_engine
from arshjul.models.tables import AuditEvent
from sqlalchemy import text
from sqlmodel import Session, select
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.cli.decisions import table_row
from arshjul.settings import get_settings
from tests.factories import MAIL_TEMPLATE, plan_into

BUN, KS, COORD, AUDITOR = (
    "bun@example.org",
    "ks@example.org",
    "samordnare@example.org",
    "revisor@example.org",
)


@pytest.fixture
def db() -> str:
    url = get_settings().resolved_database_url
    engine = make_engine(url)
    create_schema(engine)
    plan_into(engine, MAIL_TEMPLATE)
    engine.dispose()
    return url


def files(tmp_path: Path) -> tuple[Path, Path]:
    one, two = tmp_path / "budget.pdf", tmp_path / "bilaga.txt"
    one.write_bytes(b"%PDF-1.4\nbudget\n")
    two.write_text("Bilaga 1\n")
    return one, two


def test_submit_review_and_export(runner: CliRunner, db: str, tmp_path: Path) -> None:
    one, two = files(tmp_path)
    first = runner.invoke(app, ["--as", BUN, "submit", "budget/BUN", str(one), "--dnr", "D1"])
    assert first.exit_code == 0, first.output
    assert "version 1 mottagen" in first.stdout and "Kvittens skickad." in first.stdout
    assert "Inlämnad" in first.stdout  # today is long after the 2019 deadline
    ks = runner.invoke(app, ["--as", KS, "submit", "budget/KS", str(one), str(two)])
    assert ks.exit_code == 0, ks.output
    returned = runner.invoke(
        app,
        [
            "--as",
            COORD,
            "review",
            "budget/BUN",
            "--return",
            "-c",
            "Komplettera",
            "--deadline",
            "2099-01-15",
        ],
    )
    assert returned.exit_code == 0, returned.output
    assert "ny tidsfrist 2099-01-15" in returned.stdout
    second = runner.invoke(app, ["--as", BUN, "submit", "budget/BUN", str(two)])
    assert "version 2 mottagen" in second.stdout
    assert "Inlämnad" not in second.stdout  # on time against the new deadline
    accepted = runner.invoke(app, ["--as", COORD, "review", "budget/BUN", "--accept"])
    assert "Version 2 godkänd." in accepted.stdout

    export = runner.invoke(app, ["--as", AUDITOR, "audit", "submissions", "--year", "2020"])
    assert export.exit_code == 0, export.output
    assert export.stdout.startswith("\ufeffnamnd,")  # a BOM: Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(export.stdout.removeprefix("\ufeff"))))
    from arshjul.services.storage import sha256

    assert [
        (r["namnd"], r["version"], r["submitted_by"], r["review"], r["on_time"]) for r in rows
    ] == [
        ("BUN", "1", BUN, "returned", "False"),
        ("KS", "1", KS, "", "False"),
        ("BUN", "2", BUN, "accepted", "True"),
    ]
    assert rows[0]["sha256"] == sha256(one.read_bytes()) and rows[0]["diarienummer"] == "D1"
    assert rows[1]["sha256"] == f"{sha256(one.read_bytes())};{sha256(two.read_bytes())}"
    assert rows[1]["files"] == "budget.pdf;bilaga.txt"
    assert rows[0]["new_deadline"] == "2099-01-15" and rows[2]["deadline"] == "2099-01-15"
    assert int(rows[0]["business_days_late"]) > 1000

    as_json = json.loads(
        runner.invoke(
            app, ["--as", AUDITOR, "audit", "submissions", "--year", "2020", "--format", "json"]
        ).stdout
    )
    assert len(as_json) == 3

    show = runner.invoke(app, ["--as", AUDITOR, "audit", "show", "budget/BUN", "-f", "json"])
    kinds = [e["kind"] for e in json.loads(show.stdout)]
    assert kinds == [
        "submitted",
        "receipt_sent",
        "returned",
        "review_sent",
        "submitted",
        "receipt_sent",
        "accepted",
        "review_sent",
    ]

    log = runner.invoke(
        app, ["--as", AUDITOR, "audit", "log", "--kind", "submitted", "--body", "KS", "-f", "json"]
    )
    assert [e["actor"] for e in json.loads(log.stdout)] == [KS]
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0


def test_refusals_on_the_command_line(runner: CliRunner, db: str, tmp_path: Path) -> None:
    one, _ = files(tmp_path)
    other = runner.invoke(app, ["--as", BUN, "submit", "budget/KS", str(one)])
    assert other.exit_code == 1
    assert "bun@example.org får inte göra detta (submit, KS); nekandet är loggat" in (other.stderr)
    reader = runner.invoke(app, ["--as", BUN, "audit", "log"])
    assert reader.exit_code == 1 and "read_audit" in reader.stderr
    nobody = runner.invoke(app, ["submit", "budget/BUN", str(one)])
    assert "Ange vem du är: --as E-POST eller ARSHJUL_AS" in nobody.stderr
    log = json.loads(
        runner.invoke(
            app, ["--as", AUDITOR, "audit", "log", "--kind", "refused", "-f", "json"]
        ).stdout
    )
    assert [(e["actor"], e["payload"]["action"]) for e in log] == [
        (BUN, "submit"),
        (BUN, "read_audit"),
    ]


def test_acting_person_from_the_environment(
    runner: CliRunner, db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, _ = files(tmp_path)
    monkeypatch.setenv("ARSHJUL_AS", BUN)
    get_settings.cache_clear()
    assert runner.invoke(app, ["submit", "budget/BUN", str(one)]).exit_code == 0


def _tamper(url: str, *statements: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:  # someone with direct database access, triggers dropped
        conn.execute(text("drop trigger audit_event_no_update"))
        conn.execute(text("drop trigger audit_event_no_delete"))
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


@pytest.mark.parametrize(
    ("statements", "seq", "reason"),
    [
        (
            ["update auditevent set payload = json_set(payload, '$.version', 9) where seq = 3"],
            3,
            "innehållet är ändrat",
        ),
        (["delete from auditevent where seq = 3"], 4, "händelser före den saknas"),
        (
            [
                "update auditevent set seq = -seq where seq in (3, 4)",
                "update auditevent set seq = 4 where seq = -3",
                "update auditevent set seq = 3 where seq = -4",
            ],
            4,
            "händelserna är omkastade",
        ),
        (
            ["update auditevent set actor = 'x@example.org' where seq = 5"],
            5,
            "innehållet är ändrat",
        ),
    ],
    ids=["edit", "delete", "swap", "edit-actor"],
)
def test_audit_verify_catches_tampering(
    runner: CliRunner, db: str, tmp_path: Path, statements: list[str], seq: int, reason: str
) -> None:
    """A change before the position the last check kept is found by a check from the start
    (--full); the kept position is dropped then, so the everyday check finds it too."""
    one, two = files(tmp_path)
    for path in (one, two, one):
        assert runner.invoke(app, ["--as", BUN, "submit", "budget/BUN", str(path)]).exit_code == 0
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    _tamper(db, *statements)
    result = runner.invoke(app, ["audit", "verify", "--full"])
    assert result.exit_code == 1
    assert f"kedjan bryts vid händelse {seq} " in result.stderr
    assert reason in result.stderr
    again = runner.invoke(app, ["audit", "verify"])
    assert again.exit_code == 1 and f"kedjan bryts vid händelse {seq} " in again.stderr


def _head(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        found = int(conn.execute(text("select max(seq) from auditevent")).scalar_one())
    engine.dispose()
    return found


@pytest.mark.parametrize(
    ("statement", "after", "reason"),
    [
        ("update auditevent set actor = 'x@example.org' where seq = {seq}", 1, "ändrat"),
        ("delete from auditevent where seq = {seq}", 1, "saknas"),  # named at the next one
        ("update auditevent set actor = 'x@example.org' where seq = {seq}", 0, "ändrat"),
        ("delete from auditevent where seq = {seq}", 0, "saknas"),
    ],
    ids=["edit-after", "delete-after", "edit-kept", "delete-kept"],
)
def test_the_everyday_check_catches_a_change_after_the_kept_position(
    runner: CliRunner, db: str, tmp_path: Path, statement: str, after: int, reason: str
) -> None:
    """The everyday check hashes only what followed the last check, and the kept event
    itself: a change there is found without --full."""
    one, two = files(tmp_path)
    assert runner.invoke(app, ["--as", BUN, "submit", "budget/BUN", str(one)]).exit_code == 0
    first = runner.invoke(app, ["audit", "verify"])
    assert first.exit_code == 0
    kept = _head(db)
    assert f"{kept} händelser, kedjan är obruten" in first.stdout
    for path in (two, one):
        assert runner.invoke(app, ["--as", BUN, "submit", "budget/BUN", str(path)]).exit_code == 0
    assert _head(db) > kept + 1
    _tamper(db, statement.format(seq=kept + after))
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    named = kept + after + (reason == "saknas")
    assert f"kedjan bryts vid händelse {named} " in result.stderr
    assert reason in result.stderr


def test_decision_commands(runner: CliRunner, db: str) -> None:
    recorded = runner.invoke(
        app,
        [
            "--as",
            COORD,
            "decision",
            "record",
            "--body",
            "KF",
            "--meeting",
            "2019-06-17",
            "-p",
            "§ 61",
            "-t",
            "Budget 2020",
            "--milestone",
            "kf-budget",
            "--year",
            "2020",
            "--justered",
            "2019-06-19",
        ],
    )
    assert recorded.exit_code == 0, recorded.output
    assert "Beslut 1: KF 2019-06-17 § 61 Budget 2020" in recorded.stdout
    # two days after 19 June 2019 is midsommarafton: the latest anslag moves to Monday 24th
    assert "vinner laga kraft 2019-07-16 (preliminärt" in recorded.stdout
    updated = runner.invoke(
        app, ["--as", COORD, "decision", "update", "1", "--announced", "2019-06-20"]
    )
    assert "överklagandetiden slutar 2019-07-11, vinner laga kraft 2019-07-12" in (updated.stdout)
    listed = json.loads(runner.invoke(app, ["decision", "list", "-f", "json"]).stdout)
    assert [(d["paragraph"], d["laga_kraft"]) for d in listed] == [("§ 61", "2019-07-12")]
    due = runner.invoke(
        app, ["remind", "--dry-run", "--as-of", "2019-07-12"], env={"COLUMNS": "200"}
    )
    assert due.exit_code == 0, due.output
    assert "2019-07-12   laga_kraft   samordnare@example.org   § 61 Budget 2020 (KF)" in (
        due.stdout
    )
    bad = runner.invoke(
        app,
        [
            "--as",
            COORD,
            "decision",
            "record",
            "--body",
            "KF",
            "--meeting",
            "2019-13-01",
            "-p",
            "§ 1",
            "-t",
            "x",
        ],
    )
    assert bad.exit_code == 1 and "Ogiltigt datum '2019-13-01'" in bad.stderr


def test_frames_budget_totals_and_the_over_frame_flag(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    one, _ = files(tmp_path)
    refused = runner.invoke(app, ["--as", BUN, "frame", "set", "--body", "BUN", "--amount", "400"])
    assert refused.exit_code == 1 and "set_frame" in refused.stderr
    bad = runner.invoke(app, ["--as", COORD, "frame", "set", "--body", "BUN", "--amount", "fyra"])
    assert bad.exit_code == 1 and "Ogiltigt belopp 'fyra'" in bad.stderr
    not_namnd = runner.invoke(
        app, ["--as", COORD, "frame", "set", "--body", "KLK", "--amount", "1"]
    )
    assert not_namnd.exit_code == 1 and "Okänt organ 'KLK'" in not_namnd.stderr
    for body, amount in (("BUN", "412 500 000"), ("KS", "90 000 000")):
        result = runner.invoke(
            app,
            ["--as", COORD, "frame", "set", "--body", body, "--amount", amount, "--year", "2020"],
        )
        assert result.exit_code == 0, result.output
    submitted = runner.invoke(
        app, ["--as", BUN, "submit", "budget/BUN", str(one), "--budget-total", "413 000 000"]
    )
    assert submitted.exit_code == 0, submitted.output
    assert "Budgeten är över ramen; 1 samordnare underrättad." in submitted.stderr
    status = runner.invoke(app, ["status", "--as-of", "2019-05-08"])
    assert "Över ram: BUN 413\u00a0000\u00a0000 kr mot ramen 412\u00a0500\u00a0000 kr " in (
        status.stderr
    )
    report = json.loads(runner.invoke(app, ["frame", "report", "-f", "json"]).stdout)
    assert report == [
        {
            "namnd": "KS",
            "frame_sek": 90000000,
            "submitted_sek": None,
            "difference_sek": None,
            "over_frame": False,
        },
        {
            "namnd": "BUN",
            "frame_sek": 412500000,
            "submitted_sek": 413000000,
            "difference_sek": 500000,
            "over_frame": True,
        },
        {
            "namnd": "Totalt",
            "frame_sek": 502500000,
            "submitted_sek": 413000000,
            "difference_sek": -89500000,
            "over_frame": False,
        },
    ]
    changed = runner.invoke(
        app, ["--as", COORD, "frame", "set", "--body", "BUN", "--amount", "413000000"]
    )
    assert "(tidigare 412\u00a0500\u00a0000)" in changed.stdout
    assert "Över ram" not in runner.invoke(app, ["status"]).stderr
    log = json.loads(
        runner.invoke(
            app, ["--as", AUDITOR, "audit", "log", "--kind", "frame_set", "-f", "json"]
        ).stdout
    )
    assert [(e["payload"]["old_sek"], e["payload"]["new_sek"]) for e in log] == [
        (None, 412500000),
        (None, 90000000),
        (412500000, 413000000),
    ]


def test_commitments_with_the_verksamhetsplan_and_the_report(
    runner: CliRunner, tmp_path: Path
) -> None:
    from tests.submissions.test_commitments import COLLECTING, GOOD

    engine = make_engine(get_settings().resolved_database_url)
    create_schema(engine)
    plan_into(engine, COLLECTING)
    engine.dispose()
    one, _ = files(tmp_path)
    missing = runner.invoke(app, ["--as", BUN, "submit", "plan/BUN", str(one)])
    assert missing.exit_code == 1 and "ange --commitments FIL" in missing.stderr
    bad = tmp_path / "fel.yaml"
    bad.write_text(GOOD.replace('"Jämställdhet"', "18"), encoding="utf-8")
    refused = runner.invoke(
        app, ["--as", BUN, "submit", "plan/BUN", str(one), "--commitments", str(bad)]
    )
    assert refused.exit_code == 1
    assert f"{bad}:1: goals[1]: '18' är inget av de 17 globala målen" in refused.stderr
    assert f"{bad}: 2 fel; inget har sparats" in refused.stderr
    good = tmp_path / "atagande.yaml"
    good.write_text(GOOD, encoding="utf-8")
    handed_in = runner.invoke(
        app, ["--as", BUN, "submit", "plan/BUN", str(one), "--commitments", str(good)]
    )
    assert handed_in.exit_code == 0, handed_in.output
    assert f"{good}:2: vision.service: varning: beskrivning saknas för service" in (
        handed_in.stderr
    )
    table = runner.invoke(app, ["commitments", "report"], env={"COLUMNS": "160"})
    assert table.exit_code == 0, table.output
    assert "Lucka: KS har inte lämnat in sina åtaganden" in table.stderr
    assert "Lucka: BUN beskriver inget bidrag till service" in table.stderr
    assert "  5 Jämställdhet" in table.stdout
    data = json.loads(runner.invoke(app, ["commitments", "report", "-f", "json"]).stdout)
    assert [(n["body"], n["goals"], n["vision_areas"]) for n in data["namnder"]] == [
        ("KS", [], []),
        ("BUN", [4, 5], ["tillvaxt"]),
    ]
    english = runner.invoke(app, ["--lang", "en", "commitments", "report", "-f", "csv"])
    assert list(csv.DictReader(io.StringIO(english.stdout.removeprefix("\ufeff"))))[1] == {
        "namnd": "BUN",
        "handed_in": "True",
        "version": "1",
        "goals": "4 5",
        "vision_areas": "tillvaxt",
    }


def test_every_cli_write_records_the_operating_system_user(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    """`--as` is a claim; who ran the command is recorded beside it, covered by the hash."""
    import getpass

    from arshjul.models.audit import records

    from arshjul.core.audit import verify

    one, _two = files(tmp_path)
    assert runner.invoke(app, ["--as", BUN, "submit", "budget/BUN", str(one)]).exit_code == 0
    engine = make_engine(db)
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).order_by(AuditEvent.seq)).all()
        submitted = next(e for e in events if e.kind == "submitted")
        chain = records(session=session, municipality_id=submitted.municipality_id)
    assert submitted.actor == BUN
    assert submitted.payload["operator"].startswith(getpass.getuser() + "@")
    assert verify(chain) is None


def test_the_decision_list_marks_provisional_dates_and_late_steps(
    runner: CliRunner, db: str
) -> None:
    def record(*extra: str) -> None:
        found = runner.invoke(app, ["--as", COORD, "decision", "record", "--body", "KF", *extra])
        assert found.exit_code == 0, found.output

    # justered on the 19th, anslag not yet recorded: the window and laga kraft provisional
    record("--meeting", "2019-06-17", "-p", "§ 61", "-t", "Budget", "--justered", "2019-06-19")
    # justered 21 days after the meeting, announced four days after that: both late
    record(
        "--meeting",
        "2019-09-02",
        "-p",
        "§ 70",
        "-t",
        "Delår",
        "--justered",
        "2019-09-23",
        "--announced",
        "2019-09-27",
    )
    # not justered yet: when it is due
    record("--meeting", "2019-11-25", "-p", "§ 90", "-t", "Skattesats")
    table = runner.invoke(app, ["decision", "list"])
    assert table.exit_code == 0, table.output
    header = next(line for line in table.stdout.splitlines() if "Sammanträde" in line)
    for heading in ("Nr", "Organ", "Paragraf", "Justering", "Anslag", "Laga kraft"):
        assert heading in header
    assert "meeting_date" not in table.stdout and "laga_kraft" not in table.stdout
    assert "(preliminärt)" in table.stdout and "(för sent:" in table.stdout
    listed = json.loads(runner.invoke(app, ["decision", "list", "-f", "json"]).stdout)
    assert [(d["provisional"], d["justering_late"], d["anslag_late"]) for d in listed] == [
        (True, False, False),
        (False, True, True),
        (True, False, False),
    ]
    rows = {d["paragraph"]: table_row(d, "sv") for d in listed}
    cells = ("justering", "anslag", "appeal_ends", "laga_kraft")
    assert [rows["§ 61"][c] for c in cells] == [
        "2019-06-19",
        "– (senast 2019-06-24)",
        "2019-07-15 (preliminärt)",
        "2019-07-16 (preliminärt)",
    ]
    assert [rows["§ 70"][c] for c in cells] == [
        "2019-09-23 (för sent: senast 2019-09-16)",
        "2019-09-27 (för sent: senast 2019-09-25)",
        "2019-10-18",
        "2019-10-19",
    ]
    assert [rows["§ 90"][c] for c in cells] == ["– (senast 2019-12-09)", "–", "–", "–"]
    english = table_row(listed[1], "en")
    assert english["justering"] == "2019-09-23 (late: due 2019-09-16)"


def test_the_exported_csv_is_defused_for_spreadsheets(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    """A diarienummer `=1+1` (LibreOffice showed 2) and a file named `=HYPERLINK(…)` (a live
    link) come out as text in the auditors' CSV, as in the web's download."""
    evil = tmp_path / '=HYPERLINK("evil.example","klicka").pdf'
    evil.write_bytes(b"%PDF-1.4\nbudget\n")
    handed = runner.invoke(app, ["--as", BUN, "submit", "budget/BUN", str(evil), "--dnr", "=1+1"])
    assert handed.exit_code == 0, handed.output
    export = runner.invoke(app, ["--as", AUDITOR, "audit", "submissions", "--year", "2020"])
    assert export.exit_code == 0, export.output
    (row,) = csv.DictReader(io.StringIO(export.stdout.removeprefix("\ufeff")))
    assert row["diarienummer"] == "'=1+1"
    assert row["files"] == '\'=HYPERLINK("evil.example","klicka").pdf'
    assert row["business_days_late"].isdigit()  # numbers stay numbers
