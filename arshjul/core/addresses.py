"""What may stand in a mail header: exactly one e-mail address, and text without control
characters. A name with CR and LF could add a header (a Bcc to an outside address); an
address with a comma could send a nämnd's reminders to a second recipient. Checked when a
template is validated, and again by the mail channel as a second guard."""

from __future__ import annotations

import re

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"  # letters or digits, inner hyphens; IDN letters too
_ADDRESS = re.compile(rf"{_LOCAL}@{_LABEL}(?:\.{_LABEL})+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MULTILINE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # newlines and tabs allowed


def is_single_address(text: str) -> bool:
    """One addr-spec (name@domain.tld): no display name, no list, no spaces or comments."""
    return len(text) <= 254 and _ADDRESS.fullmatch(text) is not None


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first control character in `text` (as `\\r`, `\\x07`, …), or None."""
    found = (MULTILINE_CONTROL if multiline else CONTROL).search(text)
    return None if found is None else repr(found.group())[1:-1]


# Top-level names no public domain ends in: reserved (RFC 2606, RFC 6761, ICANN's
# .internal) or commonly used inside organisations. Mail from such a domain, or with a
# Message-ID in one, is scored as spam or refused by receiving servers.
NOT_PUBLIC = frozenset(
    {"localhost", "local", "localdomain", "lan", "home", "internal", "intranet", "corp"}
    | {"invalid", "test", "example"}
)


def fully_qualified(domain: str) -> bool:
    """Whether `domain` is a fully qualified name in the public DNS (`timra.se`,
    `mail.karlstad.se`): at least two labels, none empty, not under a reserved or internal
    top-level name, not an address literal."""
    labels = domain.strip().removesuffix(".").lower().split(".")
    if len(labels) < 2 or not all(labels) or domain.startswith("["):
        return False
    top = labels[-1]
    return top not in NOT_PUBLIC and not top.isdigit()
