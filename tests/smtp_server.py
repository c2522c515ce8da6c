"""A real SMTP server (aiosmtpd) in the test process, recording what arrives.

The `smtp` fixture (tests/conftest.py) starts one per test and points the settings at it."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
import time
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Inbox:
    """What the server accepted; `refuse` makes it answer with an error instead."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)  # recipient -> SMTP reply
    refuse_next: int = 0  # refuse this many DATA commands with 451, then accept
    stall: dict[int, float] = field(default_factory=dict)  # DATA number -> seconds silent
    delay: float = 0.0  # seconds before answering every DATA (a slow server)
    # (count, seconds): a provider's throttle, 451 for a message that would make more than
    # `count` accepted within `seconds`
    rate_limit: tuple[int, float] | None = None
    transmissions: int = 0
    attempts: list[EmailMessage] = field(default_factory=list)  # every DATA, refused or not
    accepted_at: list[float] = field(default_factory=list)  # time.monotonic() of each
    throttled: int = 0
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
            number = self.inbox.transmissions
            self.inbox.attempts.append(
                email.message_from_bytes(envelope.content, policy=policy.default)
            )
        if self.inbox.delay or number in self.inbox.stall:
            await asyncio.sleep(self.inbox.stall.get(number, self.inbox.delay))
        if number in self.inbox.stall:
            return "451 4.4.2 Timed out"  # the client has long given up by now
        with self.inbox.lock:
            if self.inbox.refuse_next > 0:
                self.inbox.refuse_next -= 1
                return "451 4.3.0 Try again later"
            now = time.monotonic()
            if self.inbox.rate_limit is not None:
                count, seconds = self.inbox.rate_limit
                recent = [t for t in self.inbox.accepted_at if t > now - seconds]
                if len(recent) >= count:
                    self.inbox.throttled += 1
                    return "451 4.7.500 Server busy: too many messages, try again later"
            self.inbox.accepted_at.append(now)
            self.inbox.messages.append(
                email.message_from_bytes(envelope.content, policy=policy.default)
            )
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(inbox: Inbox, login: tuple[str, str] | None = None) -> tuple[Controller, int]:
    """Start the server on a free port; with `login`, AUTH is offered (without TLS, on
    loopback only) and only that user name and password are accepted."""
    port = _free_port()
    options = {}
    if login is not None:

        def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
            given = (auth_data.login.decode(), auth_data.password.decode())
            ok = isinstance(auth_data, LoginPassword) and given == login
            return AuthResult(success=ok, handled=False)

        options = {"authenticator": authenticator, "auth_require_tls": False}
    controller = Controller(_Handler(inbox), hostname="127.0.0.1", port=port, **options)
    controller.start()
    return controller, port
