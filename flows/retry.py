"""When a Prefect task may retry: only for errors that can pass (arshjul.errors.is_transient).

A refused person, a broken template or a closed cycle gives the same answer every time;
retrying it only delays the clear error and writes the refusal twice.
"""

from __future__ import annotations

from typing import Any

from prefect.client.schemas.objects import State, TaskRun

from arshjul.errors import is_transient


def retry_transient(_task: Any, _task_run: TaskRun, state: State[Any]) -> bool:
    error = state.data if isinstance(state.data, BaseException) else None
    if error is None:
        try:
            outcome = state.result(raise_on_failure=False)
        except Exception as exc:  # a result that cannot be read is no reason to retry
            outcome = exc
        error = outcome if isinstance(outcome, BaseException) else None
    return error is not None and is_transient(error)
