"""One address, no control characters: what may go into a mail header."""

from __future__ import annotations

import pytest

from arshjul.core.addresses import control_character, is_single_address


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("bun.sekreterare@timra.se", True),
        ("a+b@example.org", True),
        ("kommun@timrå.se", True),  # an internationalised domain
        ("x@sub.example.co.uk", True),
        ("bun@example.org, extern@evil.example", False),  # a second recipient
        ("bun@example.org;extern@evil.example", False),
        ("Anna <bun@example.org>", False),  # a display name belongs in `name`
        ("bun @example.org", False),
        ("bun@localhost", False),  # a domain needs a dot
        ("bun@example.org\r\nBcc: extern@evil.example", False),
        ("@example.org", False),
        ("bun@", False),
        ("bun..x@example.org", False),
        ("bun@-example.org", False),
        ("a" * 250 + "@example.org", False),
    ],
)
def test_is_single_address(text: str, ok: bool) -> None:
    assert is_single_address(text) is ok


@pytest.mark.parametrize(
    ("text", "multiline", "found"),
    [
        ("Barn- och utbildningsnämnden", False, None),
        ("Anna\r\nBcc: x@y.se", False, "\\r"),
        ("rad ett\nrad två", False, "\\n"),
        ("rad ett\nrad två\tindrag", True, None),
        ("klocka\x07", True, "\\x07"),
    ],
)
def test_control_character(text: str, multiline: bool, found: str | None) -> None:
    assert control_character(text, multiline=multiline) == found
