"""The web edge's pure rules: who may claim to forward for a client, the sign-in limits,
and the pace a request's body must keep."""

from __future__ import annotations

import pytest

from arshjul.core.web_access import (
    MIN_BODY_RATE,
    REQUESTS_PER_ADDRESS,
    REQUESTS_PER_CLIENT,
    body_deadline,
    may_request,
    trusted_proxies,
)


@pytest.mark.parametrize(
    ("text", "host", "trusted"),
    [
        ("", "127.0.0.1", False),  # nobody by default: a forged header is not believed
        ("127.0.0.1", "127.0.0.1", True),
        ("127.0.0.1", "127.0.0.2", False),
        ("10.0.0.0/24, ::1", "10.0.0.77", True),
        ("10.0.0.0/24, ::1", "::1", True),
        ("10.0.0.0/24", "10.0.1.1", False),
        ("10.0.0.5/24", "10.0.0.1", True),  # host bits are forgiven
        ("*", "203.0.113.9", True),
        ("127.0.0.1", "testclient", False),
        ("127.0.0.1", None, False),
    ],
)
def test_trusted_proxies(text: str, host: str | None, trusted: bool) -> None:
    assert trusted_proxies(text).trusts(host) is trusted


def test_trusted_proxies_for_uvicorn() -> None:
    assert trusted_proxies("").any is False
    assert trusted_proxies("127.0.0.1,10.0.0.0/24").as_text() == "127.0.0.1/32,10.0.0.0/24"
    assert trusted_proxies(" * ").as_text() == "*"


@pytest.mark.parametrize("text", ["localhost", "10.0.0.0/33", "127.0.0.1,*", "nginx:80"])
def test_a_malformed_proxy_is_named(text: str) -> None:
    with pytest.raises(ValueError, match="not an address or network"):
        trusted_proxies(text)


def test_the_per_address_limit_is_strict_and_the_per_client_limit_a_setting() -> None:
    assert REQUESTS_PER_ADDRESS == 3 and REQUESTS_PER_CLIENT == 100
    assert may_request(2, 99) and not may_request(3, 0) and not may_request(0, 100)
    assert may_request(0, 100, per_client=500) and not may_request(3, 0, per_client=500)


def test_a_body_must_keep_its_pace_after_the_grace() -> None:
    assert body_deadline(100.0, 0, grace=15) == 115.0
    assert body_deadline(100.0, 10 * MIN_BODY_RATE, grace=15) == 125.0
    # a byte every two seconds: after 60 s, 30 bytes in, the deadline passed long ago
    assert body_deadline(100.0, 30, grace=15) < 160.0
    # 50 MB at 100 kB/s: 500 s in, the deadline is still ahead
    assert body_deadline(100.0, 50_000_000, grace=15) > 600.0
