"""A real SMTP server (aiosmtpd) in the test process, recording what arrives."""

from __future__ import annotations

import email
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from arshjul.settings import get_settings


@dataclass
class Inbox:
    """What the server accepted; `refuse` makes it answer with an error instead."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)  # recipient -> SMTP reply
    refuse_next: int = 0  # refuse this many DATA commands with 451, then accept
    transmissions: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


class _Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.inbox.refuse:
            return self.inbox.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.inbox.lock:
            self.inbox.transmissions += 1
            if self.inbox.refuse_next > 0:
                self.inbox.refuse_next -= 1
                return "451 4.3.0 Try again later"
            self.inbox.messages.append(
                email.message_from_bytes(envelope.content, policy=policy.default)
            )
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(_Handler(inbox), hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("ARSHJUL_MAIL_CHANNEL", "smtp")
    monkeypatch.setenv("ARSHJUL_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ARSHJUL_SMTP_PORT", str(port))
    monkeypatch.setenv("ARSHJUL_SMTP_STARTTLS", "false")
    monkeypatch.setenv("ARSHJUL_SMTP_TIMEOUT", "5")
    get_settings.cache_clear()
    yield inbox
    controller.stop()
    get_settings.cache_clear()
