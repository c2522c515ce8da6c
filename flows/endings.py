"""A run that ends in the Failed-type state its flow returned is not a crash, and its log
should not say it is.

A milestone found late returns `Failed(name="Försenad")`; a sweep with problems returns
`Failed(...)` after logging each problem at ERROR itself. Prefect's engine, when started as
a subprocess by a worker or `serve` (`python -m prefect.engine`), then reads the run's
result, which raises `FailedRun` for any Failed final state, and logs
"Engine execution exited with unexpected exception" at ERROR with a 25-line traceback on
the flow-run logger, which goes to the UI and to log-based alerting
(prefect/flow_engine.py, `run_flow`, 3.9.1). No flow option or setting avoids the line, so
this filter turns exactly that record, when its exception is a `FailedRun`, into one INFO
line without the traceback. Genuine crashes (any other exception) stay ERROR.

Installed when a flow module is imported: the engine subprocess imports the flow before it
runs it, and a logger's filters see a record before any of its handlers do."""

from __future__ import annotations

import logging

from prefect.exceptions import FailedRun

ENGINE_EXIT = "Engine execution exited with unexpected exception"  # Prefect's own text
ENDED = "Ended in the Failed-type state it returned: %s"
LOGGER = "prefect.flow_runs"


class ReturnedFailureIsNotACrash(logging.Filter):
    """Say Prefect's exit line for a returned Failed state at INFO, without a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.msg == ENGINE_EXIT and isinstance(error, FailedRun):
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
            record.msg, record.args = ENDED, (str(error),)
            record.exc_info, record.exc_text = None, None
        return True


def quiet_returned_failures() -> None:
    """Install the filter on Prefect's flow-run logger, once however often it is called."""
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(f, ReturnedFailureIsNotACrash) for f in logger.filters):
        logger.addFilter(ReturnedFailureIsNotACrash())
