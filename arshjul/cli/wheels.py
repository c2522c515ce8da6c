"""`arshjul wheels`: the shipped cycle templates (`arshjul templates` checks notification
overrides), each validated and checked against the law for a span of budget years."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from arshjul.cli.common import app, command, emit
from arshjul.texts import label

COLUMNS = (
    "name",
    "municipality",
    "milestones",
    "deliverables",
    "kf_budget",
    "years",
    "errors",
    "warnings",
)


@app.command()
def wheels(
    tctx: typer.Context,
    first: Annotated[
        int, typer.Option("--from", min=1900, max=2200, help="First budget year.")
    ] = 2019,
    last: Annotated[int, typer.Option("--to", min=1900, max=2200, help="Last budget year.")] = 2035,
    output: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
) -> None:
    """List the shipped cycle templates, each checked for every budget year in the span."""
    from arshjul.errors import InvalidInput
    from arshjul.services.wheels import shipped_wheels

    with command(tctx) as ctx:
        if last < first or last - first > 50:
            raise InvalidInput("bad_year_span", first=first, last=last)
        found = shipped_wheels(first, last)
        rows = [
            {
                **{k: v for k, v in asdict(w).items() if k not in ("first_year", "last_year")},
                "years": f"{w.first_year}–{w.last_year}",
                "failing_years": list(w.failing_years),
            }
            for w in found
        ]
        title = label("wheels_title", ctx.lang, first=first, last=last)
        emit(ctx, rows, output, COLUMNS, title)
    if any(w.errors for w in found):
        raise typer.Exit(1)
