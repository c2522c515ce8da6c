"""The rules of signing in to the web application, as plain functions of times and counts.

- A sign-in link works once, for 15 minutes; only the SHA-256 of its token is stored.
- Asking for links is limited per address (strictly: 3) and per client (a setting, 100 by
  default: a municipality's offices often share one address behind NAT or a proxy),
  counted over 15 minutes; the answer never says whether the address belongs to anyone.
- The client is the connection's address unless that is a trusted proxy's: forwarded
  headers are believed only from ARSHJUL_WEB_TRUSTED_PROXIES, so they cannot be forged.
- A request's body must keep coming: after a grace period it must have arrived at an
  average of at least MIN_BODY_RATE, or the request is cut.
- A session ends after 8 hours without a request, after 7 days whatever happens, or when it
  is ended (logout, or an administrator for a lost laptop).
- After signing in, the browser goes only to a path on this site: a `next` parameter that
  points elsewhere would make the sign-in page a springboard for phishing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from dataclasses import dataclass
from enum import StrEnum

LINK_LIFETIME = dt.timedelta(minutes=15)
REQUEST_WINDOW = dt.timedelta(minutes=15)
REQUESTS_PER_ADDRESS = 3
REQUESTS_PER_CLIENT = 100  # the default of ARSHJUL_WEB_SIGN_IN_PER_CLIENT
MIN_BODY_RATE = 8 * 1024  # bytes a second, on average, once a body's grace has passed
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


def may_request(
    requests_for_address: int, requests_from_client: int, per_client: int = REQUESTS_PER_CLIENT
) -> bool:
    """Whether one more link may be sent, given the requests in the last REQUEST_WINDOW."""
    return requests_for_address < REQUESTS_PER_ADDRESS and requests_from_client < per_client


IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class TrustedProxies:
    """Who may say, in X-Forwarded-For and X-Forwarded-Proto, who the client is: nobody
    (the default), everyone (`*`, only where nothing else can reach the port), or these
    addresses and networks."""

    everyone: bool = False
    networks: tuple[IpNetwork, ...] = ()

    def trusts(self, host: str | None) -> bool:
        if self.everyone:
            return True
        if not host or not self.networks:
            return False
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    @property
    def any(self) -> bool:
        return self.everyone or bool(self.networks)

    def as_text(self) -> str:
        """As uvicorn's forwarded_allow_ips takes them."""
        return "*" if self.everyone else ",".join(str(n) for n in self.networks)


def trusted_proxies(text: str) -> TrustedProxies:
    """ARSHJUL_WEB_TRUSTED_PROXIES: addresses or networks (CIDR) separated by commas, or
    `*`; empty trusts nobody. Raises ValueError naming an entry that is neither."""
    entries = [e.strip() for e in text.split(",") if e.strip()]
    if entries == ["*"]:
        return TrustedProxies(everyone=True)
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"not an address or network: {entry!r}") from None
    return TrustedProxies(networks=tuple(networks))


def body_deadline(started: float, received: int, grace: float) -> float:
    """By when (on the clock `started` was read from) a body that has brought `received`
    bytes so far must bring more: `grace` seconds, and a second more for every
    MIN_BODY_RATE bytes. A body sent a byte every two seconds is cut after the grace; an
    upload of 50 MB at a slow office line's 100 kB/s keeps going."""
    return started + grace + received / MIN_BODY_RATE


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
