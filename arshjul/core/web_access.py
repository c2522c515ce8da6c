"""The rules of signing in to the web application, as plain functions of times and counts.

- A sign-in link works once, for 15 minutes; only the SHA-256 of its token is stored.
- Asking for links is limited per address and per client, counted over 15 minutes; the
  answer to a request never says whether the address belongs to anyone.
- A session ends after 8 hours without a request, after 7 days whatever happens, or when it
  is ended (logout, or an administrator for a lost laptop).
- After signing in, the browser goes only to a path on this site: a `next` parameter that
  points elsewhere would make the sign-in page a springboard for phishing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum

LINK_LIFETIME = dt.timedelta(minutes=15)
REQUEST_WINDOW = dt.timedelta(minutes=15)
REQUESTS_PER_ADDRESS = 3
REQUESTS_PER_CLIENT = 10
IDLE_TIMEOUT = dt.timedelta(hours=8)
ABSOLUTE_TIMEOUT = dt.timedelta(days=7)
TOUCH_EVERY = dt.timedelta(minutes=1)  # how stale last_seen may be before it is written


class LinkState(StrEnum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"


class SessionState(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    IDLE = "idle"  # no request for IDLE_TIMEOUT
    EXPIRED = "expired"  # older than ABSOLUTE_TIMEOUT


def digest(secret: str) -> str:
    """What is stored of a token, an address or a client: SHA-256, hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def link_state(expires_at: dt.datetime, used_at: dt.datetime | None, now: dt.datetime) -> LinkState:
    if used_at is not None:
        return LinkState.USED
    return LinkState.VALID if now < expires_at else LinkState.EXPIRED


def may_request(requests_for_address: int, requests_from_client: int) -> bool:
    """Whether one more link may be sent, given the requests in the last REQUEST_WINDOW."""
    return (
        requests_for_address < REQUESTS_PER_ADDRESS and requests_from_client < REQUESTS_PER_CLIENT
    )


def session_state(
    created_at: dt.datetime,
    last_seen_at: dt.datetime,
    ended_at: dt.datetime | None,
    now: dt.datetime,
) -> SessionState:
    if ended_at is not None:
        return SessionState.ENDED
    if now - created_at >= ABSOLUTE_TIMEOUT:
        return SessionState.EXPIRED
    if now - last_seen_at >= IDLE_TIMEOUT:
        return SessionState.IDLE
    return SessionState.ACTIVE


def safe_next(path: str | None, default: str = "/") -> str:
    """`path` if it is a path on this site, else `default`: no scheme, no host, no
    protocol-relative `//`, no backslash (browsers read `/\\evil` as `//evil`), no control
    characters, and not longer than a reasonable URL."""
    if not path or len(path) > 512 or not path.startswith("/"):
        return default
    if path.startswith("//") or "\\" in path or any(ord(c) < 32 or ord(c) == 127 for c in path):
        return default
    return path
