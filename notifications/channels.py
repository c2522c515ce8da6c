"""Where mail goes: an SMTP server, or (the embedded default) a folder of .eml files.

    DeliveryError      one message could not be delivered; `permanent` says whether to retry

Each channel opens once per batch and sends message by message, so one bad recipient raises
for that message only and the others still go.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from notifications.message import OutgoingMail, to_email

Send = Callable[[OutgoingMail], None]


class DeliveryError(Exception):
    def __init__(self, detail: str, *, permanent: bool) -> None:
        super().__init__(detail)
        self.permanent = permanent


class Channel(Protocol):
    def open(self) -> AbstractContextManager[Send]: ...


@dataclass(frozen=True)
class FolderChannel:
    """Writes <message-id>.eml files. Idempotent: the same message is one file, written once."""

    folder: Path

    @contextmanager
    def open(self) -> Iterator[Send]:
        self.folder.mkdir(parents=True, exist_ok=True)

        def send(mail: OutgoingMail) -> None:
            name = mail.message_id.strip("<>").split("@")[0] + ".eml"
            target = self.folder / name
            if target.exists():
                return
            partial = target.with_suffix(".eml.partial")
            partial.write_bytes(to_email(mail).as_bytes())
            os.replace(partial, target)

        yield send


@dataclass(frozen=True)
class SmtpChannel:
    host: str
    port: int = 587
    starttls: bool = True
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @contextmanager
    def open(self) -> Iterator[Send]:
        try:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except OSError as exc:
            raise DeliveryError(
                f"cannot connect to {self.host}:{self.port}: {exc}", permanent=False
            ) from exc
        try:
            if self.starttls:
                client.starttls(context=ssl.create_default_context())
            if self.username:
                client.login(self.username, self.password or "")

            def send(mail: OutgoingMail) -> None:
                try:
                    refused = client.send_message(to_email(mail))
                except smtplib.SMTPRecipientsRefused as exc:
                    code = next(iter(exc.recipients.values()))[0]
                    raise DeliveryError(
                        f"recipient refused: {exc.recipients}", permanent=500 <= code < 600
                    ) from exc
                except smtplib.SMTPResponseException as exc:
                    raise DeliveryError(
                        f"{exc.smtp_code} {exc.smtp_error!r}", permanent=500 <= exc.smtp_code < 600
                    ) from exc
                except (smtplib.SMTPException, OSError) as exc:
                    raise DeliveryError(str(exc), permanent=False) from exc
                if refused:
                    raise DeliveryError(f"recipient refused: {refused}", permanent=True)

            yield send
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
