"""What is due: every notice owed as of an instant, rendered and queued in the outbox once.

1. `plan_due` reads, with a fixed number of set-based queries over every municipality,
   which reminders, overdue notices, changed-date notices, decision notices and digests
   are owed (read only: the dry run stops here).
2. `enqueue` renders those not yet in the outbox and inserts them under their unique key
   with ON CONFLICT DO NOTHING, so reruns and concurrent sweeps cannot queue one twice.
3. `enqueue_notice` queues one notice inside the caller's transaction: a receipt, a review
   or an over-frame alert is committed with the action it belongs to, or not at all.
Sending is arshjul.notifications.delivery.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from queue import SimpleQueue
from typing import Any, TypeVar

from arshjul.models import bulk
from arshjul.models.db import writing
from arshjul.models.tables import Municipality, OutboxMessage
from arshjul.notifications.digests import plan_digests
from arshjul.notifications.gc_pause import collector_paused
from arshjul.notifications.notices import (
    PlannedNotice,
    compose,
    plan_decision_notices,
    plan_notices,
)
from arshjul.notifications.queries import (
    changed_deadlines,
    outstanding,
    recent_decisions,
    recipients,
)
from arshjul.notifications.render import check_overrides, renderer_for
from jinja2 import TemplateError
from sqlalchemy import ARRAY, Engine, String, any_, cast, func
from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.instants import local_date
from arshjul.core.reminders import NoticeKind, current_notice, iso_week, plans_notices
from arshjul.settings import Settings

CHANGE_NOTICE_WINDOW = dt.timedelta(days=30)


@dataclass
class EnqueueResult:
    planned: int = 0
    new: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    skipped_municipalities: dict[str, list[str]] = field(default_factory=dict)


def plan_due(*, session: Session, now: dt.datetime, settings: Settings) -> list[PlannedNotice]:
    """Every notice owed as of `now`, across all municipalities (read only: the dry run);
    nothing on a day off (arshjul.core.reminders.plans_notices)."""
    with collector_paused():
        return _owed(session, now, settings)


def _owed(session: Session, now: dt.datetime, settings: Settings) -> list[PlannedNotice]:
    today = local_date(now)
    if not plans_notices(today):
        return []
    secretaries, coordinators = recipients(
        session=session, today=today, copy_absent=settings.stand_in_copies_absent
    )
    week = iso_week(local_date(now))
    done = set(
        session.exec(
            select(OutboxMessage.municipality_id).where(
                OutboxMessage.kind == NoticeKind.DIGEST,
                col(OutboxMessage.key).contains(f"|{week}|"),
            )
        ).all()
    )
    with read_beside(session) as run_beside:
        digests = run_beside(
            lambda other: plan_digests(other, coordinators, now, settings.lang, done)
        )
        planned = plan_notices(
            candidates=outstanding(
                session=session,
                now=now,
                today=today,
                quiet=lambda deadline, schedule: current_notice(deadline, today, schedule) is None,
            ),
            changes=changed_deadlines(
                session=session, since=now - CHANGE_NOTICE_WINDOW, today=today
            ),
            secretaries=secretaries,
            coordinators=coordinators,
            now=now,
            due_soon_days=7,
            lang=settings.lang,
            how_to_submit=settings.how_to_submit,
            link_base=settings.web_base_url,
        )
        planned += plan_decision_notices(
            decisions=recent_decisions(session=session, today=today),
            secretaries=secretaries,
            coordinators=coordinators,
            today=today,
            lang=settings.lang,
        )
        return planned + digests()


T = TypeVar("T")


@contextmanager
def read_beside(
    session: Session,
) -> Iterator[Callable[[Callable[[Session], T]], Callable[[], T]]]:
    """Run a read on a second connection in a thread while this one goes on; the call
    gives a function that waits for its result.

    The weekly digests count every deliverable in the database (SQLite and psycopg both
    release the interpreter while a query runs) while Python plans the reminders: on two
    cores a national sweep's selection takes the longer of the two, not their sum
    (benchmarks/sweep.py). An in-memory SQLite database exists on its own connection
    only, so there the read runs in turn."""
    engine = session.get_bind()
    url = engine.url  # type: ignore[union-attr]
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):

        def in_turn(read: Callable[[Session], T]) -> Callable[[], T]:
            result = read(session)
            return lambda: result

        yield in_turn
        return

    def in_own_session(read: Callable[[Session], T]) -> T:
        with Session(engine) as other:
            return read(other)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="arshjul-beside") as pool:
        yield lambda read: pool.submit(in_own_session, read).result


def _existing_keys(session: Session, keys: list[str]) -> set[str]:
    """Which of `keys` the outbox has, asked with the keys as one parameter: an array on
    PostgreSQL (it plans thousands of IN parameters slowly), a JSON array on SQLite
    (json_each; chunks of IN parameters took 0.1 s of a national sweep to compile)."""
    key = col(OutboxMessage.key)
    if session.get_bind().dialect.name == "postgresql":
        matching = key == any_(cast(keys, ARRAY(String)))
    else:
        each = func.json_each(json.dumps(keys)).table_valued("value")
        matching = key.in_(select(each.c.value))
    return set(session.exec(select(OutboxMessage.key).where(matching)).all())


def enqueue(ctx: Context, only: Callable[[PlannedNotice], bool] | None = None) -> EnqueueResult:
    """Plan, render the notices not yet in the outbox, and insert them once; `only` keeps
    some of them (a milestone's overdue notices, queued when its Prefect run finds it late,
    under the keys the sweep would use)."""
    with collector_paused():
        return _enqueue(ctx, only)


def _enqueue(ctx: Context, only: Callable[[PlannedNotice], bool] | None) -> EnqueueResult:
    engine, now, settings = ctx.database(create=True), ctx.now(), ctx.settings
    result = EnqueueResult()
    with Session(engine) as session:
        planned = plan_due(session=session, now=now, settings=settings)
        if only is not None:
            planned = [n for n in planned if only(n)]
        result.planned = len(planned)
        existing = _existing_keys(session, [n.key for n in planned])
        codes = {m.id: m.code for m in session.exec(select(Municipality))}
    by_municipality: dict[int, list[PlannedNotice]] = {}
    for notice in planned:
        if notice.key not in existing:
            by_municipality.setdefault(notice.municipality_id, []).append(notice)
    with OutboxWriter(engine) as writer:
        for municipality_id, notices in by_municipality.items():
            rows = _render(notices, codes[municipality_id], settings, now, result)
            writer.add(rows)
            result.by_kind.update(r["kind"] for r in rows)
    result.new = writer.new
    return result


def _render(
    notices: list[PlannedNotice],
    code: str,
    settings: Settings,
    now: dt.datetime,
    result: EnqueueResult,
) -> list[dict[str, Any]]:
    """One municipality's outbox rows, or none while its templates are broken (then the
    reason is in `result`): one bad override holds back only its own municipality."""
    override = settings.override_dir(code)
    problems = check_overrides(override) if override else []
    if problems:
        result.skipped_municipalities[code] = [
            f"{p.file}:{p.line}: {p.params.get('detail', p.code)}" for p in problems
        ]
        return []
    renderer = renderer_for(str(override) if override else None)
    rows = []
    for notice in notices:
        try:
            rows.append(
                compose(
                    notice,
                    renderer=renderer,
                    lang=settings.lang,
                    sender_domain=settings.message_id_domain,
                    now=now,
                )
            )
        except TemplateError as exc:
            result.skipped_municipalities[code] = [f"{notice.kind.value}: {exc}"]
            return []
    return rows


class OutboxWriter:
    """Inserts rendered outbox rows in one transaction on a thread of its own, batch by
    batch while the next municipalities render: the database does its part (SQLite's
    engine and PostgreSQL's server both work without the interpreter's lock) beside the
    rendering, not after it (benchmarks/sweep.py). Everything commits at the end or, if
    anything fails on either side, nothing does."""

    BATCH = 2000
    _DONE, _ABORT = object(), object()

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.new = 0
        self._pending: list[dict[str, Any]] = []
        self._queue: SimpleQueue[object] = SimpleQueue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="arshjul-outbox-writer")

    def __enter__(self) -> OutboxWriter:
        self._thread.start()
        return self

    def add(self, rows: list[dict[str, Any]]) -> None:
        self._pending += rows
        if len(self._pending) >= self.BATCH:
            self._queue.put(self._pending)
            self._pending = []

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None and self._pending:
            self._queue.put(self._pending)
        self._queue.put(self._DONE if kind is None else self._ABORT)
        self._thread.join()
        if self._error is not None and kind is None:
            raise self._error

    def _run(self) -> None:
        try:
            with Session(writing(self.engine)) as session, session.begin():
                while (batch := self._queue.get()) is not self._DONE:
                    if batch is self._ABORT:
                        raise _Aborted
                    self.new += _insert_new(session, batch)  # type: ignore[arg-type]
        except _Aborted:
            pass
        except BaseException as exc:  # handed to the caller; the queue is drained below
            self._error = exc
            while self._queue.get() not in (self._DONE, self._ABORT):
                pass


class _Aborted(Exception):
    """The caller failed: leave the transaction, rolling back what was inserted."""


def enqueue_notice(session: Session, notice: PlannedNotice, ctx: Context) -> str:
    """Render and queue one notice inside the caller's transaction; returns its key.

    For notices that belong to a user's action (a receipt, a review, an over-frame alert):
    they are committed with the action or not at all."""
    settings, now = ctx.settings, ctx.now()
    municipality = session.get(Municipality, notice.municipality_id)
    assert municipality is not None
    override = settings.override_dir(municipality.code)
    values = compose(
        notice,
        renderer=renderer_for(str(override) if override else None),
        lang=settings.lang,
        sender_domain=settings.message_id_domain,
        now=now,
    )
    _insert_new(session, [values])
    return notice.key


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows whose key is not there yet; returns how many were new."""
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    return bulk.insert_new(session.connection(), table, rows, unique="key")


def due_now(ctx: Context) -> list[PlannedNotice]:
    """What a sweep at `ctx.now()` would queue (the dry run: reads only)."""
    with Session(ctx.database()) as session:
        return plan_due(session=session, now=ctx.now(), settings=ctx.settings)
