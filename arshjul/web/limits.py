"""What a request may cost before the application sees it: a small body on every route but
the hand-in, refused from its declared length before a byte is read (an anonymous sign-in
form with a 1.5 GB file part once spooled 1,529 MB to disk before its 403), and a body that
keeps coming (one sent a byte every two seconds was held for 90 s).

Every body but the hand-in's is read here whole, at most MAX_FORM_BYTES, and handed to the
application from memory; the hand-in streams (arshjul/web/uploads.py enforces its size)
and is only held to the pace. The headers' own deadline and the connections per client
are the server's (arshjul/web/connections.py). Behind the supported reverse proxy
(deploy/nginx) most of this never comes into play: the proxy buffers bodies and cuts slow
clients itself.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

from arshjul.core.web_access import body_deadline
from arshjul.texts import label

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_FORM_BYTES = 64 * 1024  # a form's text fields; the largest, a review, is 2,000 characters
STREAMED = re.compile(r"/leveranser/[0-9]+")  # POST: the hand-in (routes/deliverables.py)


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


class _Gone(Exception):
    pass


class RequestLimits:
    """Pure ASGI middleware: 413 for a body over MAX_FORM_BYTES (declared or as it arrives),
    408 for a body that falls behind its deadline; both close the connection."""

    def __init__(self, app: App, *, client_timeout: float, lang: str) -> None:
        self.app = app
        self.grace = client_timeout
        self.lang = lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "POST" and STREAMED.fullmatch(scope["path"]):
            await self._streamed(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > MAX_FORM_BYTES:
            await self._refuse(send, 413, "web_body_too_large")
            return
        try:
            body = await self._read_whole(receive)
        except _TooLarge:
            await self._refuse(send, 413, "web_body_too_large")
            return
        except _TooSlow:
            await self._refuse(send, 408, "web_body_too_slow")
            return
        except _Gone:
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_whole(self, receive: Receive) -> bytes:
        started, parts, size = time.monotonic(), [], 0
        while True:
            message = await _within(receive, body_deadline(started, size, self.grace))
            if message["type"] == "http.disconnect":
                raise _Gone()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_FORM_BYTES:
                raise _TooLarge()
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)

    async def _streamed(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The hand-in reads its own body; each read waits only until the body's deadline,
        and nothing once the body is complete (later reads wait for a disconnect)."""
        started, state = time.monotonic(), {"received": 0, "complete": False, "answered": False}

        async def paced() -> Message:
            if state["complete"]:
                return await receive()
            message = await _within(receive, body_deadline(started, state["received"], self.grace))
            state["received"] += len(message.get("body", b""))
            state["complete"] = not message.get("more_body", False)
            return message

        async def watched(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["answered"] = True
            await send(message)

        try:
            await self.app(scope, paced, watched)
        except _TooSlow:
            if not state["answered"]:
                await self._refuse(send, 408, "web_body_too_slow")

    async def _refuse(self, send: Send, status: int, key: str) -> None:
        text = label(key, self.lang, limit=MAX_FORM_BYTES // 1024).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(text)).encode("ascii")),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": text})


async def _within(receive: Receive, deadline: float) -> Message:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _TooSlow()
    try:
        with anyio.fail_after(remaining):
            return await receive()
    except TimeoutError:
        raise _TooSlow() from None


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body read once, then whatever the connection says next (a disconnect)."""
    given = False

    async def replayed() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
