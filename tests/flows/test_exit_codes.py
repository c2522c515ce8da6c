"""`arshjul remind` tells cron and systemd what happened (README, "Exit codes"): 0 when the
sweep did its work, 3 when part of it failed (a message failed for good, the mail server
could not be used), 4 when another run held the outbox and nothing was done."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.cli.common import ExitCode
from arshjul.cli.reminders import sweep_exit
from arshjul.settings import get_settings
from tests.factories import MAIL_TEMPLATE, ctx_for, write
from tests.smtp_server import Inbox

pytestmark = pytest.mark.e2e  # Prefect's test server

ADDRESSES = ["klk@example.org", "ks@example.org", "revisor@example.org", "samordnare@example.org"]


def _planned(tmp_path: Path) -> CliRunner:
    runner = CliRunner()
    planned = runner.invoke(app, ["plan", str(write(tmp_path, MAIL_TEMPLATE)), "--year", "2020"])
    assert planned.exit_code == 0, planned.output
    return runner


def test_a_clean_sweep_exits_0(tmp_path: Path, smtp: Inbox) -> None:
    result = _planned(tmp_path).invoke(app, ["remind", "--as-of", "2019-05-06"])
    assert result.exit_code == ExitCode.OK, result.output
    assert len(smtp.messages) == 6


def test_messages_failed_for_good_exit_3(tmp_path: Path, smtp: Inbox) -> None:
    smtp.refuse = {address: "550 5.1.1 no such mailbox" for address in ADDRESSES}
    result = _planned(tmp_path).invoke(app, ["remind", "--as-of", "2019-05-06"])
    assert result.exit_code == ExitCode.FAILED, result.output
    assert "550" in result.output


def test_a_mail_server_that_cannot_be_used_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing listens on the port: every message stays in the outbox for the retries."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for name, value in {
        "ARSHJUL_MAIL_CHANNEL": "smtp",
        "ARSHJUL_SMTP_HOST": "127.0.0.1",
        "ARSHJUL_SMTP_PORT": str(port),
        "ARSHJUL_SMTP_STARTTLS": "false",
        "ARSHJUL_SMTP_TIMEOUT": "2",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    result = _planned(tmp_path).invoke(app, ["remind", "--as-of", "2019-05-06"])
    assert result.exit_code == ExitCode.FAILED, result.output


def test_a_sweep_that_found_the_outbox_held_exits_4(tmp_path: Path, smtp: Inbox) -> None:
    from arshjul.models.db import make_engine
    from arshjul.notifications.run_lock import exclusive

    runner = _planned(tmp_path)
    ctx = ctx_for(make_engine(get_settings().resolved_database_url))
    with exclusive(ctx, "outbox", "another sweep") as held:
        assert held.acquired
        result = runner.invoke(app, ["remind", "--as-of", "2019-05-06"])
    assert result.exit_code == ExitCode.SKIPPED, result.output
    assert "another sweep" in result.output
    assert smtp.messages == []


def test_the_codes_follow_the_sweep_s_result() -> None:
    delivered = {"failed": 0, "channel_error": ""}
    clean = {"queued": {"skipped_municipalities": {}}, "delivery": delivered}
    assert sweep_exit(clean) == ExitCode.OK
    assert sweep_exit({**clean, "delivery": {"failed": 1, "channel_error": ""}}) == 3
    assert sweep_exit({**clean, "delivery": {"failed": 0, "channel_error": "refused"}}) == 3
    broken = {"queued": {"skipped_municipalities": {"9999": ["x"]}}, "delivery": clean["delivery"]}
    assert sweep_exit(broken) == 3
    assert sweep_exit({"skipped": {"holder": "h", "since": "s"}}) == ExitCode.SKIPPED
