"""The `arshjul` command line. Thin: parse options, build the context once (in the
callback, arshjul.cli.common), call a service, print. One module per family of commands:

    cycle        init, validate, lint, plan, status, deadlines, calendar
    demo         demo (Timrå's year played up to today)
    reminders    remind, outbox (retry), templates
    serving      serve
    stand_ins    standin add | end | list (ersättare)
    submissions  submit, review
    decisions    decision record | update | list
    deliverables deliverable extend | remind (one body's deliverable)
    templates    template export | versions (the wheel's stored versions)
    meetings     meetings set (a body's meeting dates for a year, previewed)
    people       people add | change | remove | list (a body's people, previewed)
    frames       frame set | report
    commitments  commitments check | goals | report
    followup     followup report | form, indicators import | fetch (the follow-up)
    audit        audit verify | log | submissions | show
    database     db upgrade | current (the schema's migrations)
    wheels       wheels (the shipped cycle templates)
    prefect_mirror  prefect sync | automation (the cycle as Prefect runs)
    web          web (the web application)
"""

from __future__ import annotations

import gc

# A command's imports build about a million objects that live until it exits, and none of
# them is garbage: the cycle collector walking them during the imports, and again at exit,
# cost a fifth of `arshjul status` (benchmarks/cold_start.py). It is paused for the
# imports, and what they built is then frozen out of every later collection.
gc.disable()

from arshjul.cli import (  # noqa: E402, F401 - each module registers its commands on `app`
    audit,
    commitments,
    cycle,
    database,
    decisions,
    deliverables,
    demo,
    followup,
    frames,
    meetings,
    people,
    prefect_mirror,
    reminders,
    serving,
    stand_ins,
    submissions,
    templates,
    web,
    wheels,
)
from arshjul.cli.common import app  # noqa: E402

gc.freeze()
gc.enable()

__all__ = ["app", "main"]


def main() -> None:
    # A command builds its objects in one burst and keeps most of them to the end: collect
    # young objects less often than after every 700 new ones (serve and web, which run for
    # months, still collect), and freeze everything at exit, where the interpreter's
    # final collections would otherwise walk it all once more.
    gc.set_threshold(20_000, 20, 20)
    try:
        app()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
