"""The web application's mailer: jobs it takes, and what it logs when one fails."""

from __future__ import annotations

import logging

import pytest

from arshjul.web.mailer import Mailer


def test_a_failed_queuing_is_logged_without_what_it_held(caplog: pytest.LogCaptureFixture) -> None:
    """A database error's text quotes its parameters (the address, the link's text): the
    log names the error's class only, and nothing is sent."""
    sent: list[list[str]] = []

    def queue(address: str) -> list[str]:
        raise ValueError(f"could not store the link for {address}")

    mailer = Mailer()
    try:
        with caplog.at_level(logging.ERROR, logger="arshjul.web.mailer"):
            assert mailer.queue_then_send(queue, sent.append, "bun@example.org")
            assert mailer.wait_idle(timeout=10)
    finally:
        mailer.close()
    assert "ValueError" in caplog.text and "bun@example.org" not in caplog.text
    assert sent == []


def test_what_was_queued_is_sent_and_a_full_backlog_refuses() -> None:
    sent: list[list[str]] = []
    mailer, full = Mailer(threads=1, backlog=1), Mailer(threads=1, backlog=0)
    try:
        assert mailer.queue_then_send(lambda n: [f"key{n}"], sent.append, 1)
        assert mailer.wait_idle(timeout=10) and sent == [["key1"]]
        assert full.queue_then_send(lambda: ["x"], sent.append) is False
    finally:
        mailer.close()
        full.close()
    assert mailer.queue_then_send(lambda: ["y"], sent.append) is False  # closed
    assert sent == [["key1"]]
