"""A real local OpenID Connect provider for the tests: oidc-provider-mock (PyPI) as a
process of its own on a free port, with the users given."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.processes import stop

MOCK = str(Path(sys.executable).with_name("oidc-provider-mock"))
USERS = [
    {"sub": "bun", "email": "BUN@example.org", "email_verified": True},
    {"sub": "unverified", "email": "ks@example.org", "email_verified": False},
    {"sub": "outsider", "email": "someone@elsewhere.example", "email_verified": True},
    {"sub": "stranger", "email": "nobody@example.org", "email_verified": True},
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def oidc_provider(users: list[dict[str, object]] = USERS) -> Iterator[str]:
    """The issuer URL of a running provider; stopped on exit."""
    port = free_port()
    args = [MOCK, "--port", str(port)]
    for user in users:
        args += ["--user-claims", json.dumps(user)]
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/.well-known/openid-configuration").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("oidc-provider-mock did not start")
        yield url
    finally:
        stop(process)
