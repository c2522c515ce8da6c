"""A mail ready to send, and its MIME form: text and HTML alternatives plus an .ics file,
and a JSON attachment where there is one (an audit checkpoint for the auditors)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    message_id: str  # "<…@…>", stable per outbox key: a resend is recognisably the same mail
    sender: str
    recipient: str
    recipient_name: str
    subject: str
    text: str
    html: str
    created_at: dt.datetime
    ics: str = ""
    attachment_name: str = ""
    attachment: str = ""  # JSON text


def message_id_for(key: str, domain: str) -> str:
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def to_email(mail: OutgoingMail) -> EmailMessage:
    message = EmailMessage()
    message["Message-ID"] = mail.message_id
    message["From"] = mail.sender
    message["To"] = formataddr((mail.recipient_name, mail.recipient))
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    if mail.ics:
        message.add_attachment(
            mail.ics.encode("utf-8"),
            maintype="text",
            subtype="calendar",
            filename="tidsfrist.ics",
            params={"method": "PUBLISH", "charset": "utf-8"},
        )
    if mail.attachment:
        message.add_attachment(
            mail.attachment.encode("utf-8"),
            maintype="application",
            subtype="json",
            filename=mail.attachment_name or "bilaga.json",
        )
    return message
