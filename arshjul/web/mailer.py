"""Mail a request asked for, made and sent after its answer on threads of the mailer's own.

A request for a sign-in link only checks the address and the limits; here, after the
answer has gone out, the person is looked up, the link made and queued in the outbox, and
sent (an SMTP exchange that a slow server can stretch to its timeout). So the answer takes
as long for a known address as for an unknown one (the same statements in the request,
whoever the address belongs to), the threads that serve pages never wait on a mail server,
and the browser's next request on the same connection does not wait for it either (a
Starlette background task that sent the mail itself held the connection until it ended;
the one the sign-in route uses only hands the job over, after the answer has gone out, so
this work does not compete with rendering the answer). What this cannot send stays queued
in the outbox for the retry runs; a job the mailer has no room for is only queued there.
A job not yet started when the application stops is dropped: the person asks again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

logger = logging.getLogger(__name__)
THREADS = 2
BACKLOG = 200  # jobs waiting at most; beyond, the outbox's retry runs send them


class Mailer:
    def __init__(self, threads: int = THREADS, backlog: int = BACKLOG) -> None:
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="arshjul-mail")
        # database work only, so a mail server that stalls the senders never holds it up
        self._queuer = ThreadPoolExecutor(1, thread_name_prefix="arshjul-mail-queue")
        self._backlog = backlog
        self._busy = 0
        self._idle = threading.Condition()

    def queue_then_send(
        self, queue: Callable[..., list[str]], send: Callable[..., Any], *args: Any
    ) -> bool:
        """`queue(*args)` (it writes messages to the outbox and returns their keys) on the
        queuing thread at once, then `send(keys)` on a mail thread: what was asked for is
        in the outbox within moments even while the mail server stalls the senders, and
        survives a restart. False (and nothing run) when the backlog is full or the mailer
        is closed."""
        with self._idle:
            if self._busy >= self._backlog:
                return False
            self._busy += 1
        try:
            self._queuer.submit(self._queue, (queue, send), args)
        except RuntimeError:  # shut down
            self._done()
            return False
        return True

    def _queue(
        self, stages: tuple[Callable[..., list[str]], Callable[..., Any]], args: tuple[Any, ...]
    ) -> None:
        queue, send = stages
        try:
            keys = queue(*args)
        except Exception as exc:  # the class only: a database error's text quotes the link
            logger.error(
                "queuing a message failed (%s); it is not in the outbox", type(exc).__name__
            )
            keys = []
        try:
            if keys:
                self._pool.submit(self._run, send, (keys,))  # counted as busy until sent
                return
        except RuntimeError:  # shut down: the messages wait in the outbox for the retry runs
            pass
        self._done()

    def _run(self, job: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            job(*args)
        except Exception:  # the message stays queued; the retry runs send it
            logger.exception("sending a queued message failed; it stays in the outbox")
        finally:
            self._done()

    def _done(self) -> None:
        with self._idle:
            self._busy -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Until every job submitted has ended (tests, and a clean shutdown)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def close(self) -> None:
        """Stop taking jobs; those not started are dropped (what was queued stays in the
        outbox; a request not yet queued is lost, and the person asks again)."""
        self._queuer.shutdown(wait=False, cancel_futures=True)
        self._pool.shutdown(wait=False, cancel_futures=True)
