"""Bulk work with Python's cycle collector paused.

A national sweep allocates hundreds of thousands of small rows, dicts and tuples that
live until the sweep ends. Each allocation burst set off the cycle collector, whose full
passes walk every live object: a third of the selection's time at national scale
(benchmarks/sweep.py). None of these objects form cycles, so reference counting frees
them anyway; the collector runs once at the end to catch anything that did.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Nested uses keep it paused until the outermost ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(1)
