"""The MIME writer: what it writes is read back, field by field, by the standard library's
parser, with no defect; the same bytes serve a file and an SMTP server."""

from __future__ import annotations

import datetime as dt
import email
from email import policy

import pytest
from arshjul.notifications.message import OutgoingMail, ascii_address, to_mime

CREATED = dt.datetime(2019, 9, 10, 5, 0, tzinfo=dt.UTC)


def mail(**changes: str) -> OutgoingMail:
    values = {
        "message_id": "<0123abcd@arshjul.example>",
        "sender": "arshjul <arshjul@timra.example>",
        "recipient": "bun@timra.example",
        "recipient_name": "Åsa Öberg, BUN",
        "subject": "Påminnelse: budgetunderlag ska lämnas in senast tisdag 17 september 2019",
        "text": "Hej Åsa!\n\nLämna in här: https://arshjul.example/leveranser/12?x=1&y=2\n",
        "html": "<p>Hej Åsa!</p>\n<p><a href='https://arshjul.example/'>Lämna in</a></p>",
    }
    return OutgoingMail(**{**values, **changes}, date=CREATED)  # type: ignore[arg-type]


def parsed(raw: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, email.message.EmailMessage)
    for part in message.walk():
        assert not part.defects, part.defects
    return message


def test_headers_and_both_alternatives_read_back() -> None:
    one = mail()
    message = parsed(to_mime(one))
    assert message["Message-ID"] == one.message_id
    assert message["Subject"] == one.subject
    assert message["To"].addresses[0].display_name == "Åsa Öberg, BUN"
    assert message["To"].addresses[0].addr_spec == "bun@timra.example"
    assert message["From"].addresses[0].addr_spec == "arshjul@timra.example"
    assert message["Date"].datetime == CREATED
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    assert message.get_body(("plain",)).get_content() == one.text
    assert message.get_body(("html",)).get_content() == one.html


def test_calendar_and_json_attachments() -> None:
    ics = "BEGIN:VCALENDAR\r\nSUMMARY:Budgetunderlag BUN\r\nEND:VCALENDAR\r\n"
    one = mail(ics=ics, attachment_name="kontrollpunkt 7.json", attachment='{"seq": 7}')
    message = parsed(to_mime(one))
    assert message.get_content_type() == "multipart/mixed"
    parts = {p.get_content_type(): p for p in message.iter_attachments()}
    assert parts["text/calendar"].get_filename() == "tidsfrist.ics"
    assert parts["text/calendar"].get_param("method") == "PUBLISH"
    assert parts["text/calendar"].get_content() == ics
    assert parts["application/json"].get_filename() == "kontrollpunkt_7.json"
    assert parts["application/json"].get_content() == b'{"seq": 7}'
    assert message.get_body(("plain",)).get_content() == one.text


def test_lines_end_in_crlf_and_stay_short() -> None:
    raw = to_mime(mail(subject="x" * 2000, ics="BEGIN:VCALENDAR\r\n" + "y" * 5000))
    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 998
    assert parsed(raw)["Subject"] == "x" * 2000


def test_an_internationalised_domain_goes_out_in_its_idna_form() -> None:
    assert ascii_address("kansliet@timrå.se") == "kansliet@xn--timr-toa.se"
    assert ascii_address("kansliet@timra.se") == "kansliet@timra.se"
    message = parsed(to_mime(mail(recipient="kansliet@timrå.se")))
    assert message["To"].addresses[0].addr_spec == "kansliet@xn--timr-toa.se"


@pytest.mark.parametrize("text", ["--=_alt_", "=_alt_\r\n--", "\u2028\x0c line"])
def test_body_text_cannot_end_a_part(text: str) -> None:
    one = mail(text=text, html=text)
    message = parsed(to_mime(one))
    assert message.get_body(("plain",)).get_content() == text
