"""The `arshjul` command line. Thin: parse options, build the context once (in the
callback, arshjul.cli.common), call a service, print. One module per family of commands:

    cycle        init, validate, lint, plan, status, deadlines, calendar, demo
    reminders    remind, outbox (retry), templates
    serving      serve
    submissions  submit, review
    decisions    decision record | update | list
    frames       frame set | report
    commitments  commitments check | goals | report
    audit        audit verify | log | submissions | show
    database     db upgrade | current (the schema's migrations)
    wheels       wheels (the shipped cycle templates)
    prefect_mirror  prefect sync | automation (the cycle as Prefect runs)
"""

from __future__ import annotations

from arshjul.cli import (  # noqa: F401 - each module registers its commands on `app`
    audit,
    commitments,
    cycle,
    database,
    decisions,
    frames,
    prefect_mirror,
    reminders,
    serving,
    submissions,
    wheels,
)
from arshjul.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
