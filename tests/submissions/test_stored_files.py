"""Stored files are checked again: a missing, changed or linked-over file is named by
`audit verify --files`, and handing in the original bytes again restores it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.services.audit import verify_files
from arshjul.services.storage import FileStore, sha256
from arshjul.settings import get_settings
from tests.factories import at, ctx_for, plan_into
from tests.submissions.test_submit import PDF, hand_in


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "budgetunderlag.pdf"
    path.write_bytes(PDF)
    return path


@pytest.fixture
def handed_in(engine: Engine, document: Path) -> Engine:
    plan_into(engine)
    hand_in(engine, [document], at("2019-05-06", 10))
    return engine


TAMPER = {
    "missing": lambda path: path.unlink(),
    "changed": lambda path: path.write_bytes(b"%PDF-1.4\nforfalskad\n%%EOF\n"),
    "not_regular": lambda path: (path.unlink(), path.symlink_to("/etc/passwd")),
}


@pytest.mark.parametrize("problem", sorted(TAMPER))
def test_a_tampered_file_is_named_and_handing_in_again_restores_it(
    handed_in: Engine, document: Path, problem: str
) -> None:
    planned = handed_in
    store = FileStore(get_settings().resolved_files_dir)
    stored = store.path_for(sha256(PDF))
    TAMPER[problem](stored)
    checked, problems = verify_files(ctx_for(planned))
    assert checked == 1
    assert [(p.name, p.version, p.problem) for p in problems] == [
        ("budgetunderlag.pdf", 1, problem)
    ]
    again = hand_in(planned, [document], at("2019-05-06", 11))
    assert again.identical_to == 1  # nothing new on record, but the copy is whole again
    assert verify_files(ctx_for(planned)) == (1, [])
    assert not stored.is_symlink() and stored.read_bytes() == PDF


def test_audit_verify_files_on_the_command_line(
    handed_in: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARSHJUL_DATABASE_URL", database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    clean = runner.invoke(app, ["audit", "verify", "--files"])
    assert clean.exit_code == 0 and "1 lagrad fil är oförändrad" in clean.stdout
    FileStore(get_settings().resolved_files_dir).path_for(sha256(PDF)).unlink()
    broken = runner.invoke(app, ["audit", "verify", "--files"])
    assert broken.exit_code == 1
    assert "filen budgetunderlag.pdf saknas i arkivet" in broken.stderr
