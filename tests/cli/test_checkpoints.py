"""Signed checkpoints against an administrator with database access: deleting the tail,
emptying the trail, rewriting and re-hashing it, or forging a checkpoint are each found,
by the checkpoints in the database and by the one an auditor kept."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from arshjul.models.db import make_engine
from sqlalchemy import Connection, text
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.core.audit import event_hash
from arshjul.settings import get_settings

BUN = "bun.sekreterare@example.org"


def _hand_in(runner: CliRunner, tmp_path: Path, n: int) -> None:
    for i in range(n):
        document = tmp_path / f"budget-{i}.txt"
        document.write_text(f"Budgetunderlag, version {i}\n")
        result = runner.invoke(app, ["--as", BUN, "submit", "budgetunderlag/BUN", str(document)])
        assert result.exit_code == 0, result.output


def _drop_triggers(conn: Connection) -> None:
    conn.execute(text("DROP TRIGGER audit_event_no_update"))
    conn.execute(text("DROP TRIGGER audit_event_no_delete"))


def _rehash_from(conn: Connection, seq: int) -> None:
    """What an administrator would do: change an event and recompute every later hash."""
    rows = conn.execute(
        text(
            "SELECT id, municipality_id, seq, at, actor, kind, subject, payload, prev_hash "
            "FROM auditevent ORDER BY seq"
        )
    ).all()
    prev = None
    for row in rows:
        if row.seq < seq:
            prev = conn.execute(
                text("SELECT hash FROM auditevent WHERE id = :i"), {"i": row.id}
            ).scalar()
            continue
        import datetime as dt

        actor = "nagon.annan@example.org" if row.seq == seq else row.actor
        at = dt.datetime.fromisoformat(str(row.at)).replace(tzinfo=dt.UTC)
        new = event_hash(
            municipality_id=row.municipality_id,
            seq=row.seq,
            at=at,
            actor=actor,
            kind=row.kind,
            subject=row.subject,
            payload=json.loads(row.payload),
            prev_hash=prev or row.prev_hash,
        )
        conn.execute(
            text("UPDATE auditevent SET actor = :a, prev_hash = :p, hash = :h WHERE id = :i"),
            {"a": actor, "p": prev or row.prev_hash, "h": new, "i": row.id},
        )
        prev = new


ATTACKS: dict[str, tuple[Callable[[Connection], None], str]] = {
    "delete the tail": (
        lambda c: c.execute(text("DELETE FROM auditevent WHERE seq > 2")),
        "når inte längre händelse",
    ),
    "empty the trail": (lambda c: c.execute(text("DELETE FROM auditevent")), "når inte längre"),
    "rewrite and re-hash": (lambda c: _rehash_from(c, 2), "är inte den som förseglades"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_administrators_change_is_found_by_the_seals(
    attack: str, timra_2020: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    _hand_in(runner, tmp_path, 2)
    sealed = runner.invoke(app, ["audit", "seal"])
    assert sealed.exit_code == 0
    kept = tmp_path / "kept.jsonl"
    kept.write_text(sealed.stdout)
    assert runner.invoke(app, ["audit", "verify", "--checkpoint", str(kept)]).exit_code == 0

    damage, says = ATTACKS[attack]
    with make_engine(timra_2020).begin() as conn:
        _drop_triggers(conn)
        damage(conn)
    found = runner.invoke(app, ["audit", "verify"])
    assert found.exit_code == 1 and says in found.stderr

    with make_engine(timra_2020).begin() as conn:  # the seals in the database go too
        conn.execute(text("DELETE FROM auditcheckpoint"))
    kept_found = runner.invoke(app, ["audit", "verify", "--checkpoint", str(kept)])
    assert kept_found.exit_code == 1 and says in kept_found.stderr


def test_a_forged_or_foreign_seal_is_found(timra_2020: str, tmp_path: Path) -> None:
    runner = CliRunner()
    _hand_in(runner, tmp_path, 1)
    assert runner.invoke(app, ["audit", "seal"]).exit_code == 0
    with make_engine(timra_2020).begin() as conn:
        forged = hashlib.sha256(b"forged").hexdigest()
        conn.execute(text("UPDATE auditcheckpoint SET hash = :h"), {"h": forged})
    found = runner.invoke(app, ["audit", "verify"])
    assert found.exit_code == 1 and "ogiltig signatur" in found.stderr


def test_the_key_is_made_by_init_readable_by_its_owner_only(timra_2020: str) -> None:
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 0
    key = get_settings().resolved_signing_key
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "BEGIN PRIVATE KEY" in key.read_text()


def test_a_bad_checkpoint_file_is_one_clear_line(timra_2020: str, tmp_path: Path) -> None:
    bad = tmp_path / "kept.jsonl"
    bad.write_text("inte json\n")
    result = CliRunner().invoke(app, ["audit", "verify", "--checkpoint", str(bad)])
    assert result.exit_code == 1 and "ingen giltig försegling" in result.stderr


def test_the_auditors_get_each_seal_as_a_signed_attachment(timra_2020: str, tmp_path: Path) -> None:
    import email
    from email import policy

    from arshjul.core.checkpoints import Checkpoint

    runner = CliRunner()
    _hand_in(runner, tmp_path, 1)
    sealed = runner.invoke(app, ["audit", "seal"])
    assert "1 av 1 meddelande" in sealed.stderr
    outbox = get_settings().resolved_mail_folder
    mails = [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in outbox.glob("*.eml")
    ]
    (witness,) = [m for m in mails if m["Subject"].startswith("Försegling")]
    assert witness["To"].addresses[0].addr_spec == "revisionen@example.org"
    (attached,) = list(witness.iter_attachments())
    kept = tmp_path / attached.get_filename()
    kept.write_bytes(attached.get_content())
    assert Checkpoint.from_json(kept.read_text()).seq >= 2
    assert runner.invoke(app, ["audit", "verify", "--checkpoint", str(kept)]).exit_code == 0


def test_seal_prints_the_current_checkpoint_when_the_head_is_already_sealed(
    timra_2020: str, tmp_path: Path
) -> None:
    """A sweep sealed first (as the demo's does): the auditor's `audit seal > kept.jsonl`
    still writes the current checkpoint, and it verifies."""
    from arshjul.core.checkpoints import Checkpoint

    runner = CliRunner()
    _hand_in(runner, tmp_path, 1)
    first = runner.invoke(app, ["audit", "seal"])
    again = runner.invoke(app, ["audit", "seal"])
    assert again.exit_code == 0
    (line,) = again.stdout.splitlines()
    assert Checkpoint.from_json(line) == Checkpoint.from_json(first.stdout.splitlines()[0])
    kept = tmp_path / "kept.jsonl"
    kept.write_text(again.stdout)
    assert runner.invoke(app, ["audit", "verify", "--checkpoint", str(kept)]).exit_code == 0


def test_an_empty_kept_file_proves_nothing(timra_2020: str, tmp_path: Path) -> None:
    empty = tmp_path / "kept.jsonl"
    empty.write_text("\n")
    result = CliRunner().invoke(app, ["audit", "verify", "--checkpoint", str(empty)])
    assert result.exit_code == 1 and "ingen försegling och bevisar ingenting" in result.stderr
    missing = CliRunner().invoke(app, ["audit", "verify", "--checkpoint", str(tmp_path / "x")])
    assert missing.exit_code == 1 and "filen finns inte" in missing.stderr


def test_deleting_the_stored_seals_is_itself_found(timra_2020: str, tmp_path: Path) -> None:
    """The chain's checkpoint_sent event names the seal mailed to the auditors: with the
    stored seals deleted, and the outbox's copies too, verify still says one is missing."""
    runner = CliRunner()
    _hand_in(runner, tmp_path, 1)
    assert runner.invoke(app, ["audit", "seal"]).exit_code == 0
    _hand_in(runner, tmp_path, 1)  # the checkpoint_sent event is now inside the chain
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    with make_engine(timra_2020).begin() as conn:
        conn.execute(text("DELETE FROM auditcheckpoint"))
        conn.execute(text("DELETE FROM outboxmessage WHERE kind = 'checkpoint'"))
    found = runner.invoke(app, ["audit", "verify"])
    assert found.exit_code == 1
    assert "skickades till revisorerna" in found.stderr and "finns inte i databasen" in found.stderr
