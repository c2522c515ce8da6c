"""The server's side of slow and greedy clients, as uvicorn runs `arshjul web`: a request's
headers must arrive within ARSHJUL_WEB_CLIENT_TIMEOUT (uvicorn waits for them forever), and
one client address keeps at most ARSHJUL_WEB_CONNECTIONS_PER_CLIENT connections open
(500 connections with half-sent headers from one client once made every other request
answer 503). A trusted proxy's connections are not counted: the proxy limits its clients
itself (deploy/nginx). Idle keep-alive connections close after uvicorn's 5 s.

The protocol is uvicorn's httptools protocol (httptools is a dependency) with these two
rules added; `uvicorn_options` gives everything `arshjul web` starts uvicorn with.
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from arshjul.core.web_access import TrustedProxies, trusted_proxies
from arshjul.settings import Settings, get_settings

LIMIT_CONCURRENCY = 200  # connections and requests per process before uvicorn answers 503
KEEP_ALIVE = 5  # seconds an idle connection stays open
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: 26\r\nretry-after: 5\r\nconnection: close\r\n\r\n"
    b"Too many connections open\n"
)
LATE = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


@cache
def _rules() -> tuple[float, int, TrustedProxies]:
    settings = get_settings()
    return (
        settings.web_client_timeout,
        settings.web_connections_per_client,
        trusted_proxies(settings.web_trusted_proxies),
    )


class GuardedProtocol(HttpToolsProtocol):
    """HttpToolsProtocol with a deadline for each request's headers and a cap on one
    client's open connections."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timeout, self._per_client, self._trusted = _rules()
        self._headers_due: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        host = self.client[0] if self.client else None
        if host is not None and not self._trusted.trusts(host):
            mine = sum(1 for c in self.connections if _host_of(c) == host)  # this one too
            if mine > self._per_client:
                transport.write(BUSY)
                transport.close()
                return
        self._expect_headers()

    def _expect_headers(self) -> None:
        self._cancel_header_timer()
        self._headers_due = self.loop.call_later(self._header_timeout, self._headers_late)

    def _cancel_header_timer(self) -> None:
        if self._headers_due is not None:
            self._headers_due.cancel()
            self._headers_due = None

    def _headers_late(self) -> None:
        self._headers_due = None
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request whose headers came is being answered
        if not self.transport.is_closing():
            self.transport.write(LATE)
            self.transport.close()

    def on_headers_complete(self) -> None:
        self._cancel_header_timer()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._expect_headers()  # the next request on this connection, if one comes

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)


def _host_of(connection: object) -> str | None:
    client = getattr(connection, "client", None)
    return client[0] if client else None


def uvicorn_options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    """uvicorn's settings for `arshjul web`: forwarded headers only from the trusted proxies
    (none by default), the guarded protocol, the keep-alive and concurrency limits.
    Raises ValueError for a malformed ARSHJUL_WEB_TRUSTED_PROXIES."""
    proxies = trusted_proxies(settings.web_trusted_proxies)
    return {
        "host": host,
        "port": port,
        "log_level": "warning",
        "proxy_headers": proxies.any,
        "forwarded_allow_ips": proxies.as_text() if proxies.any else "",
        "server_header": False,
        "limit_concurrency": LIMIT_CONCURRENCY,
        "timeout_keep_alive": KEEP_ALIVE,
        "http": GuardedProtocol,
    }
