"""Views the pages read, kept while the database has not changed.

Every change to arshjul's state is committed together with an audit event (docs/adr/0005),
so a municipality's chain head (its latest `seq`) names the state its views were computed
from. With the Stockholm day (statuses turn at midnight: due soon, overdue) and the
view's own arguments, it keys a computed view exactly: the next write, by this process or
another, moves the head and the view is computed again. Asking costs one indexed query
where computing a board cost 3 ms (benchmarks/web.py).

Views are shared between requests, so they are only read: the services return frozen
dataclasses and detached rows, and the templates change nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from arshjul.context import Context
from arshjul.services import data_state

T = TypeVar("T")
SIZE = 512


class ViewCache:
    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._views: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._ids: dict[tuple[str, str], int] = {}  # municipality ids never change

    def view(
        self, ctx: Context, municipality: str | None, arguments: Hashable, compute: Callable[[], T]
    ) -> T:
        """`compute()`'s result for this state of the municipality's data, day, language
        (parts of pages are kept rendered) and `arguments`: from the cache when nothing
        has been written since."""
        key = (self._state(ctx, municipality), ctx.today(), ctx.lang, arguments)
        with self._lock:
            if key in self._views:
                self._views.move_to_end(key)
                found: T = self._views[key]
                return found
        result = compute()
        with self._lock:
            self._views[key] = result
            while len(self._views) > self.size:
                self._views.popitem(last=False)
        return result

    def _state(self, ctx: Context, code: str | None) -> tuple[str, int, int]:
        """(database, municipality id, the chain head's seq): what the views were read from."""
        database = ctx.settings.resolved_database_url
        known = self._ids.get((database, code)) if code is not None else None
        found, head = data_state.chain_head(ctx, code, known)
        if code is not None:
            self._ids[(database, code)] = found
        return database, found, head
