"""Where mail goes: an SMTP server, or (the embedded default) a folder of .eml files.

    ChannelUnavailable   the channel could not be opened at all (connection refused, TLS
                         or login misconfigured): nothing was sent, so every claimed
                         message goes back to retry with this reason
    DeliveryError        one message could not be delivered; `permanent` says whether to
                         retry it, `connection_lost` whether the channel must be reopened

Each channel opens once per batch and sends message by message, so one bad recipient
raises for that message only and the others still go; after a timeout or a dropped
connection the caller reopens the channel for the rest. A message is dated when it is
handed over, after any wait for the SMTP server's pace (ARSHJUL_SMTP_MAX_PER_MINUTE).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import smtplib
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from email.utils import parseaddr
from pathlib import Path
from typing import Protocol

from arshjul.notifications.message import OutgoingMail, ascii_address, sender_parts, to_mime

from arshjul.core.addresses import fully_qualified
from arshjul.settings import Settings, variable

Send = Callable[[OutgoingMail], None]
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def unqualified_mail_domains(settings: Settings) -> list[tuple[str, str]]:
    """(variable, domain) for each domain that mail sent over SMTP would carry and that is
    not fully qualified (the defaults `arshjul@localhost` and `arshjul.localhost`):
    receiving servers score such mail as spam or refuse it. None for the folder."""
    if settings.mail_channel != "smtp":
        return []
    sender = parseaddr(settings.mail_from)[1].rpartition("@")[2]
    found = []
    if not fully_qualified(sender):
        found.append((variable("mail_from"), sender or settings.mail_from))
    if not fully_qualified(settings.message_id_domain):
        found.append((variable("message_id_domain"), settings.message_id_domain))
    return found


class ChannelUnavailable(Exception):
    pass


class DeliveryError(Exception):
    def __init__(self, detail: str, *, permanent: bool, connection_lost: bool = False) -> None:
        super().__init__(detail)
        self.permanent = permanent
        self.connection_lost = connection_lost


class Channel(Protocol):
    def open(self) -> AbstractContextManager[Send]: ...


def message_of(mail: OutgoingMail) -> bytes:
    """The MIME message, dated now unless it is dated already, after refusing what could
    split a header: a second guard behind template validation, since a name or subject
    with CR or LF could add recipients."""
    for field, value in (
        ("recipient", mail.recipient),
        ("recipient name", mail.recipient_name),
        ("subject", mail.subject),
        ("sender", mail.sender),
    ):
        if _CONTROL.search(value):
            raise DeliveryError(f"control character in the {field}: {value!r}", permanent=True)
    if mail.date is None:
        mail = replace(mail, date=dt.datetime.now(dt.UTC))
    try:
        return to_mime(mail)
    except (ValueError, TypeError, UnicodeError) as exc:
        raise DeliveryError(f"message cannot be built: {exc}", permanent=True) from exc


@dataclass(frozen=True)
class FolderChannel:
    """Writes <message-id>.eml files. Idempotent: the same message is one file, written once."""

    folder: Path

    @contextmanager
    def open(self) -> Iterator[Send]:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ChannelUnavailable(f"cannot use the folder {self.folder}: {exc}") from exc

        def send(mail: OutgoingMail) -> None:
            message = message_of(mail)
            name = mail.message_id.strip("<>").split("@")[0] + ".eml"
            target = self.folder / name
            if target.exists():
                return
            partial = target.with_suffix(".eml.partial")
            try:
                partial.write_bytes(message)
                os.replace(partial, target)
            except OSError as exc:
                raise DeliveryError(f"cannot write {target}: {exc}", permanent=False) from exc

        yield send


class Pacer:
    """At most `per_minute` messages handed over a minute, evenly spaced (60/N seconds
    apart), for every thread of the process: providers such as Exchange Online throttle a
    sender above a rate, and a message refused for it waits a whole retry step. Each
    caller reserves the next free slot and sleeps until it; even spacing keeps within any
    window the provider counts over."""

    def __init__(self, per_minute: int) -> None:
        self.interval = 60.0 / per_minute
        self._next = 0.0
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """The next free slot (on time.monotonic()), taken for this caller."""
        with self._lock:
            slot = max(time.monotonic(), self._next)
            self._next = slot + self.interval
        return slot

    def wait(self) -> None:
        """Sleep until this caller's slot."""
        delay = self.reserve() - time.monotonic()
        if delay > 0:
            time.sleep(delay)


_PACERS: dict[tuple[str, int, str | None, int], Pacer] = {}
_PACERS_LOCK = threading.Lock()


def pacer_for(host: str, port: int, username: str | None, per_minute: int) -> Pacer:
    """The process's one pacer for a server and account: the sweep and the web
    application's sign-in links in one process share its pace."""
    key = (host, port, username, per_minute)
    with _PACERS_LOCK:
        return _PACERS.setdefault(key, Pacer(per_minute))


@dataclass(frozen=True)
class SmtpChannel:
    host: str
    port: int = 587
    starttls: bool = True
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0
    max_per_minute: int | None = None  # the provider's limit: messages a minute, paced

    @contextmanager
    def open(self) -> Iterator[Send]:
        where = f"{self.host}:{self.port}"
        try:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as exc:
            raise ChannelUnavailable(f"cannot connect to {where}: {exc}") from exc
        try:
            try:
                if self.starttls:
                    client.starttls(context=ssl.create_default_context())
            except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
                raise ChannelUnavailable(
                    f"STARTTLS failed on {where} ({type(exc).__name__}: {exc}); "
                    "check ARSHJUL_SMTP_STARTTLS"
                ) from exc
            try:
                if self.username:
                    client.login(self.username, self.password or "")
            except (smtplib.SMTPException, OSError, UnicodeError) as exc:
                # UnicodeError: smtplib sends the user name and password as ASCII only
                raise ChannelUnavailable(
                    f"login as {self.username} refused by {where} ({type(exc).__name__}: {exc})"
                ) from exc

            pacer = (
                pacer_for(self.host, self.port, self.username, self.max_per_minute)
                if self.max_per_minute
                else None
            )

            def send(mail: OutgoingMail) -> None:
                if pacer is not None:
                    pacer.wait()
                message = message_of(mail)  # dated now, as it is handed over
                envelope_from = sender_parts(mail.sender)[1]
                try:
                    refused = client.sendmail(
                        envelope_from, [ascii_address(mail.recipient)], message
                    )
                except smtplib.SMTPRecipientsRefused as exc:
                    code = next(iter(exc.recipients.values()))[0]
                    raise DeliveryError(
                        f"recipient refused: {exc.recipients}", permanent=500 <= code < 600
                    ) from exc
                except smtplib.SMTPServerDisconnected as exc:
                    raise DeliveryError(
                        f"connection lost: {exc}", permanent=False, connection_lost=True
                    ) from exc
                except smtplib.SMTPResponseException as exc:
                    raise DeliveryError(
                        f"{exc.smtp_code} {exc.smtp_error!r}",
                        permanent=500 <= exc.smtp_code < 600,
                        connection_lost=exc.smtp_code == 421,
                    ) from exc
                except (smtplib.SMTPException, OSError) as exc:  # timeouts included
                    raise DeliveryError(
                        f"{type(exc).__name__}: {exc}", permanent=False, connection_lost=True
                    ) from exc
                if refused:
                    raise DeliveryError(f"recipient refused: {refused}", permanent=True)

            yield send
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
