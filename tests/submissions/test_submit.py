"""Submitting and reviewing against a real database file and a real file store."""

from __future__ import annotations

import datetime as dt
import email
import stat
from email import policy
from pathlib import Path

import pytest
from arshjul.models import queries
from arshjul.models.tables import AuditEvent, Cycle, Submission, SubmissionFile
from arshjul.notifications.due import enqueue
from sqlalchemy import Engine, text
from sqlmodel import Session, select

import arshjul.services.submissions
from arshjul.core.board import build_board
from arshjul.core.status import Status
from arshjul.errors import ArshjulError, Refused
from arshjul.services.storage import FileStore, sha256
from arshjul.services.submissions import ReviewIn, SubmissionIn, review, submit
from arshjul.settings import get_settings
from arshjul.texts import label
from tests.factories import at, ctx_for, plan_into
from tests.models.test_store import dump

BUN = "bun@example.org"
COORDINATOR = "samordnare@example.org"
PDF = b"%PDF-1.4\nBudgetunderlag BUN\n%%EOF\n"


@pytest.fixture
def planned(engine: Engine) -> Engine:
    plan_into(engine)
    return engine


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "budgetunderlag.pdf"
    path.write_bytes(PDF)
    return path


def hand_in(
    engine: Engine,
    paths: list[Path],
    now: dt.datetime,
    actor: str = BUN,
    ref: str = "budget/BUN",
    **kw,
):
    return submit(ctx_for(engine, actor, now), SubmissionIn(ref, tuple(paths), **kw))


def verdict(engine: Engine, actor: str, now: dt.datetime, **form):
    return review(ctx_for(engine, actor, now), ReviewIn(**form))


def received(home: Path) -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in sorted((home / "outbox").glob("*.eml"))
    ]


def test_stored_files_are_not_readable_by_others(
    planned: Engine, pdf: Path, clean_environment: Path
) -> None:
    hand_in(planned, [pdf], at("2019-05-06", 10))
    (stored,) = [p for p in (clean_environment / "files").rglob("*") if p.is_file()]
    assert stat.S_IMODE(stored.stat().st_mode) == 0o640
    assert stat.S_IMODE(stored.parent.stat().st_mode) & 0o007 == 0


def test_a_submission_is_stored_audited_and_receipted(
    planned: Engine, pdf: Path, clean_environment: Path
) -> None:
    now = at("2019-05-06", 10, 15)
    outcome = hand_in(planned, [pdf], now, comment="Enligt mall", diarienummer="BUN 2019/12")
    assert (outcome.version, outcome.late_business_days, outcome.receipt_sent) == (1, 0, True)
    checksum = sha256(PDF)
    stored = clean_environment / "files" / checksum[:2] / checksum[2:]
    assert stored.read_bytes() == PDF
    with Session(planned) as session:
        submission = session.exec(select(Submission)).one()
        assert submission.submitted_at == now.astimezone(dt.UTC)
        assert (submission.version, submission.comment, submission.diarienummer) == (
            1,
            "Enligt mall",
            "BUN 2019/12",
        )
        (file,) = session.exec(select(SubmissionFile)).all()
        assert (file.name, file.size, file.sha256, file.media_type) == (
            "budgetunderlag.pdf",
            len(PDF),
            checksum,
            "application/pdf",
        )
        kinds = [e.kind for e in session.exec(select(AuditEvent).order_by(AuditEvent.seq))]
        assert kinds == ["template_version_added", "cycle_planned", "submitted", "receipt_sent"]
    (receipt,) = received(clean_environment)
    assert receipt["To"].addresses[0].addr_spec == BUN
    assert receipt["Subject"].startswith("Kvittens: Underlag, Barn- och utbildningsnämnden")
    body = receipt.get_body(("plain",)).get_content()
    assert "Mottaget: 2019-05-06 10:15:00 (svensk tid)" in body
    assert checksum in body and "inlämnad i tid" in body and "BUN 2019/12" in body


def test_versions_and_identical_resubmissions(planned: Engine, pdf: Path, tmp_path: Path) -> None:
    hand_in(planned, [pdf], at("2019-05-06", 10))
    second = tmp_path / "v2.txt"
    second.write_text("Budgetunderlag, rättad version\n")
    assert hand_in(planned, [pdf, second], at("2019-05-06", 11)).version == 2
    before = dump(planned)
    again = hand_in(planned, [second, pdf], at("2019-05-06", 12))
    assert (again.identical_to, again.version) == (2, 2)
    assert dump(planned) == before  # nothing added, not even an audit event


def test_a_late_submission_is_accepted_and_marked(
    planned: Engine, pdf: Path, clean_environment: Path
) -> None:
    outcome = hand_in(planned, [pdf], at("2019-05-09", 9))  # deadline Tuesday 7 May
    assert (outcome.late_business_days, outcome.deadline) == (2, dt.date(2019, 5, 7))
    assert (
        "inlämnad 2 arbetsdagar sent"
        in received(clean_environment)[0].get_body(("plain",)).get_content()
    )
    with Session(planned) as session:
        cycle = session.exec(select(Cycle)).one()
        board = build_board(
            queries.deliverable_rows(session=session, cycle=cycle, body_key="BUN"),
            at("2019-05-10"),
            7,
        )
    status = next(c.status for c in board.cells if c.row.milestone_key == "budget")
    assert (status.status, status.business_days_late) == (Status.SUBMITTED_LATE, 2)


def _link(tmp_path: Path, target: str) -> Path:
    link = tmp_path / "länk.pdf"
    if not link.is_symlink():
        link.symlink_to(target)
    return link


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "key"),
    [
        (lambda d: _file(d, "tom.pdf", b""), "file_empty"),
        (lambda d: _file(d, "bild.pdf", b"GIF89a\x01\x00\x01\x00\x00\x00"), "file_type"),
        (lambda d: _file(d, "stor.pdf", b"%PDF-" + b"x" * 200), "file_too_large"),
        (lambda d: d / "finns-inte.pdf", "file_missing"),
        (lambda d: _link(d, "/etc/shadow"), "file_not_regular"),  # as root it was stored
        (lambda d: _link(d, str(_file(d, "riktig.pdf", b"%PDF-1.4\n"))), "file_not_regular"),
        (lambda d: d, "file_not_regular"),  # a folder
        (lambda d: Path("/dev/zero"), "file_not_regular"),  # endless, never read
    ],
)
def test_bad_files_store_nothing(
    planned: Engine,
    tmp_path: Path,
    clean_environment: Path,
    monkeypatch: pytest.MonkeyPatch,
    make,
    key: str,
) -> None:
    monkeypatch.setenv("ARSHJUL_MAX_FILE_MB", "0.0001")  # 104 bytes
    get_settings.cache_clear()
    before = dump(planned)
    good = _file(tmp_path, "ok.txt", b"ok\n")
    with pytest.raises(ArshjulError) as caught:
        hand_in(planned, [good, make(tmp_path)], at("2019-05-06", 10))
    assert caught.value.key == key
    assert caught.value.params["file"] in (str(make(tmp_path)), "/dev/zero")
    assert dump(planned) == before
    assert not (clean_environment / "files").exists()


@pytest.mark.parametrize(
    ("actor", "ref", "key"),
    [
        (BUN, "nope/BUN", "unknown_deliverable"),
        (BUN, "99999", "unknown_deliverable"),
        (BUN, "budget", "bad_deliverable_ref"),
        (None, "budget/BUN", "who_are_you"),
    ],
)
def test_bad_references_store_nothing(
    planned: Engine, pdf: Path, actor, ref: str, key: str
) -> None:
    before = dump(planned)
    with pytest.raises(ArshjulError) as caught:
        hand_in(planned, [pdf], at("2019-05-06", 10), actor=actor, ref=ref)
    assert caught.value.key == key
    assert dump(planned) == before


@pytest.mark.parametrize(
    ("actor", "ref"),
    [
        (BUN, "budget/KS"),
        (COORDINATOR, "budget/BUN"),
        ("revisor@example.org", "budget/BUN"),
        ("stranger@example.org", "budget/BUN"),  # unknown: refused and recorded the same way
    ],
)
def test_refusals_are_recorded_and_nothing_else(
    planned: Engine, pdf: Path, actor: str, ref: str, clean_environment: Path
) -> None:
    before = dump(planned)
    with pytest.raises(Refused) as caught:
        hand_in(planned, [pdf], at("2019-05-06", 10), actor=actor, ref=ref)
    assert caught.value.key == "not_permitted"
    after = dump(planned)
    assert {k: v for k, v in after.items() if k != "auditevent"} == {
        k: v for k, v in before.items() if k != "auditevent"
    }
    with Session(planned) as session:
        refused = session.exec(select(AuditEvent).where(AuditEvent.kind == "refused")).one()
        assert refused.actor == actor and refused.payload["action"] == "submit"
        known = actor != "stranger@example.org"
        assert refused.payload["identity"] == ("known" if known else "unknown")
    assert not (clean_environment / "files").exists()


def test_a_refusal_does_not_tell_whether_the_address_exists(planned: Engine, pdf: Path) -> None:
    """The same answer for a known person without the right and for an unknown address."""
    messages = []
    for actor in ("revisor@example.org", "stranger@example.org"):
        with pytest.raises(Refused) as caught:
            hand_in(planned, [pdf], at("2019-05-06", 10), actor=actor)
        messages.append(label(caught.value.key, "sv", **caught.value.params).replace(actor, "X"))
    assert messages[0] == messages[1]
    assert "finns inte" not in messages[0]


def test_a_closed_cycle_takes_nothing(planned: Engine, pdf: Path) -> None:
    with Session(planned) as session, session.begin():
        session.exec(select(Cycle)).one().closed = True
    before = dump(planned)
    with pytest.raises(ArshjulError) as caught:
        hand_in(planned, [pdf], at("2019-05-06", 10))
    assert caught.value.key == "cycle_closed"
    assert dump(planned) == before


def test_a_crash_while_storing_a_file(
    planned: Engine,
    pdf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clean_environment: Path,
) -> None:
    second = _file(tmp_path, "b.txt", b"andra filen\n")
    real_put = FileStore.put
    calls = []

    def put(self, data: bytes) -> str:
        calls.append(1)
        if len(calls) == 2:
            partial = self.root / "ab" / ".half.partial"
            partial.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(data[:3])
            raise OSError("disk full")
        return real_put(self, data)

    monkeypatch.setattr(FileStore, "put", put)
    before = dump(planned)
    with pytest.raises(OSError, match="disk full"):
        hand_in(planned, [pdf, second], at("2019-05-06", 10))
    assert dump(planned) == before  # no submission, no file rows, no audit event


def test_a_crash_before_the_audit_event_leaves_no_submission(
    planned: Engine, pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(arshjul.services.submissions, "record", fail)
    before = dump(planned)
    with pytest.raises(RuntimeError, match="power cut"):
        hand_in(planned, [pdf], at("2019-05-06", 10))
    assert dump(planned) == before
    with Session(planned) as session:
        assert session.exec(select(Submission)).all() == []


def test_accept(planned: Engine, pdf: Path, clean_environment: Path) -> None:
    hand_in(planned, [pdf], at("2019-05-06", 10))
    reviewed, notified = verdict(
        planned,
        actor=COORDINATOR,
        ref="budget/BUN",
        accept=True,
        now=at("2019-05-08", 9),
    )
    assert (reviewed.review, notified) == ("accepted", True)
    subjects = [m["Subject"] for m in received(clean_environment)]
    assert any(s.startswith("Godkänd: Underlag") for s in subjects)
    with pytest.raises(ArshjulError) as caught:
        verdict(
            planned,
            actor=COORDINATOR,
            ref="budget/BUN",
            accept=True,
            now=at("2019-05-08", 10),
        )
    assert caught.value.key == "nothing_to_review"


def test_return_restarts_reminders_against_the_new_deadline(
    planned: Engine, pdf: Path, clean_environment: Path
) -> None:
    hand_in(planned, [pdf], at("2019-05-06", 10))
    for bad in ({"comment": ""}, {"comment": "x", "new_deadline": None}):
        with pytest.raises(ArshjulError) as caught:
            verdict(
                planned,
                actor=COORDINATOR,
                ref="budget/BUN",
                accept=False,
                now=at("2019-05-08", 9),
                **{"new_deadline": dt.date(2019, 5, 14), **bad},
            )
        assert caught.value.key == "return_needs"
    reviewed, _ = verdict(
        planned,
        actor=COORDINATOR,
        ref="budget/BUN",
        accept=False,
        comment="Bilaga 2 saknas",
        new_deadline=dt.date(2019, 5, 14),
        now=at("2019-05-08", 9),
    )
    assert (reviewed.review, reviewed.new_deadline) == ("returned", dt.date(2019, 5, 14))
    returned = next(m for m in received(clean_environment) if m["Subject"].startswith("Återsänd"))
    body = returned.get_body(("plain",)).get_content()
    assert "Bilaga 2 saknas" in body and "tisdag 14 maj 2019" in body
    result = enqueue(ctx_for(planned, now=at("2019-05-13", 7)))
    assert result.by_kind["reminder"] >= 1
    with Session(planned) as session:
        rows = session.exec(
            text("select subject from outboxmessage where kind='reminder' and recipient=:r"),
            params={"r": BUN},
        ).all()
    assert any("tisdag 14 maj 2019" in row[0] for row in rows)
    hand_in(planned, [pdf], at("2019-05-13", 15))  # the same file, after a return: version 2
    with Session(planned) as session:
        assert [s.version for s in session.exec(select(Submission))] == [1, 2]


def test_secretaries_cannot_review_their_own(planned: Engine, pdf: Path) -> None:
    hand_in(planned, [pdf], at("2019-05-06", 10))
    with pytest.raises(Refused):
        verdict(
            planned,
            actor=BUN,
            ref="budget/BUN",
            accept=True,
            now=at("2019-05-08", 9),
        )


def test_the_audit_table_refuses_updates_and_deletes(planned: Engine) -> None:
    from sqlalchemy.exc import DatabaseError

    for statement in ("update auditevent set actor = 'x'", "delete from auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), planned.begin() as conn:
            conn.execute(text(statement))


def test_submit_sends_its_receipt_and_nothing_else_queued(
    planned: Engine, pdf: Path, clean_environment: Path
) -> None:
    queued = enqueue(ctx_for(planned, now=at("2019-05-06", 7)))
    assert queued.new > 0
    outcome = hand_in(planned, [pdf], at("2019-05-06", 10))
    assert outcome.receipt_sent
    assert [m["Subject"].split(":")[0] for m in received(clean_environment)] == ["Kvittens"]
    with Session(planned) as session:
        states = session.exec(text("select kind, state from outboxmessage")).all()
    assert ("receipt", "sent") in states
    assert {state for kind, state in states if kind != "receipt"} == {"pending"}


def test_a_hand_in_the_table_does_not_allow_is_refused_clearly(
    planned: Engine, pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service asks the declared table; were a municipality to close accepted
    deliverables, a new version would be one clear error and nothing stored."""
    from arshjul.core.transitions import SUBMISSION, SubmissionState, Transitions

    hand_in(planned, [pdf], at("2019-05-06", 10))
    verdict(planned, COORDINATOR, at("2019-05-07", 9), ref="budget/BUN", accept=True)
    closed = Transitions(
        "submission",
        tuple(t for t in SUBMISSION.table if t.source is not SubmissionState.ACCEPTED),
    )
    monkeypatch.setattr(arshjul.services.submissions, "SUBMISSION", closed)
    before = dump(planned)
    second = tmp_path / "v2.txt"
    second.write_text("Rättad\n")
    with pytest.raises(ArshjulError) as caught:
        hand_in(planned, [second], at("2019-05-08", 10))
    assert (caught.value.key, caught.value.params["state"]) == ("not_submittable", "accepted")
    assert dump(planned) == before
