"""What every command and request works with: the database, the settings, who is acting,
the clock and the language. Built once per CLI command (in the Typer callback) and once
per web request, then handed to the services, so no module keeps global state and a test
can fix the clock and the person.

The clock is a function, not an instant: a long command that writes several events stamps
each with the time it happened. `at(instant)` gives a context whose clock is fixed (a test,
the demo's simulated hand-ins); `viewing(instant)` one that reads the state as of another
day (`--as-of`, the web's chosen day) while what it records still carries the time it
really happens (`recorded_now`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import pendulum

from arshjul.core.instants import local_date, require_aware
from arshjul.errors import NotFound
from arshjul.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine


def utc_now() -> dt.datetime:
    return pendulum.now("UTC")


@dataclass
class _Database:
    """One engine per context family: `at` and `acting_as` copies share it."""

    url: str
    engine: Engine | None = None
    has_schema: bool = False
    busy_seconds: float = 30.0

    def open(self, *, create: bool) -> Engine:
        from sqlalchemy import inspect

        from arshjul.models import migrate
        from arshjul.models.db import create_schema, make_engine

        if self.engine is None:
            self.engine = make_engine(self.url, self.busy_seconds)
        if self.has_schema:
            return self.engine
        if create:
            create_schema(self.engine)
        elif not inspect(self.engine).has_table("cycle"):
            raise NotFound("no_cycle", what=self.url)
        elif not migrate.at_head(self.engine):
            migrate.upgrade(self.engine)  # a database from an older arshjul is brought up
        self.has_schema = True
        return self.engine


@dataclass(frozen=True)
class Context:
    settings: Settings
    actor: str | None = None
    lang: str = "sv"
    clock: Callable[[], dt.datetime] = utc_now
    operator: str | None = None  # who runs the program: the OS user of a CLI command
    _db: _Database = field(default_factory=lambda: _Database(""), repr=False, compare=False)
    # the clock events are stamped by, when `clock` shows another day (`viewing`)
    _recorder: Callable[[], dt.datetime] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def create(
        cls,
        settings: Settings | None = None,
        *,
        actor: str | None = None,
        lang: str | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        engine: Engine | None = None,
        database_url: str | None = None,
        operator: str | None = None,
    ) -> Context:
        """A context from the settings; `actor`, `lang` and `database_url` given win over
        the settings'. With `engine`, that engine (schema in place) is used."""
        settings = settings or get_settings()
        url = database_url or settings.resolved_database_url
        db = _Database(url, engine, engine is not None, settings.db_busy_seconds)
        return cls(
            settings,
            actor if actor is not None else settings.as_person,
            lang if lang in ("sv", "en") else settings.lang,
            clock,
            operator,
            db,
        )

    def now(self) -> dt.datetime:
        return require_aware(self.clock())

    def today(self) -> dt.date:
        """Today in Stockholm: what 'today' means for every deadline and default year."""
        return local_date(self.now())

    def default_budget_year(self) -> int:
        """The budget year being prepared now: next year, by the Stockholm calendar."""
        return self.today().year + 1

    def database(self, *, create: bool = False) -> Engine:
        """The engine; `create` makes the schema, otherwise a database without one is 'no
        cycle' (reads neither pay for schema creation nor leave an empty file behind)."""
        return self._db.open(create=create)

    def recorded_now(self) -> dt.datetime:
        """The instant an event happening now is recorded at: the real one, also while the
        context shows another day."""
        return require_aware((self._recorder or self.clock)())

    def at(self, instant: dt.datetime) -> Context:
        fixed = require_aware(instant)
        return replace(self, clock=lambda: fixed)

    def viewing(self, instant: dt.datetime) -> Context:
        """This context reading the state as of `instant`; what it records (a refusal, a
        sweep's sends) keeps the time it happens."""
        fixed = require_aware(instant)
        return replace(self, clock=lambda: fixed, _recorder=self._recorder or self.clock)

    def real(self) -> Context:
        """This context on the real clock: for what is stamped with the time it happens
        even in a sweep run `--as-of` another day (a delivery, a claim, a lease)."""
        return replace(self, clock=utc_now, _recorder=None)

    def acting_as(self, actor: str | None) -> Context:
        return replace(self, actor=actor)

    def close(self) -> None:
        if self._db.engine is not None:
            self._db.engine.dispose()
