"""Ramstyrning on the command line: enter KF's frames, compare the budgets with them."""

from __future__ import annotations

from typing import Annotated

import typer

from arshjul.cli.common import (
    FormatOption,
    MunicipalityOption,
    YearOption,
    amount,
    app,
    command,
    console,
    emit,
    err_console,
)
from arshjul.context import Context
from arshjul.core.frames import FrameLine
from arshjul.texts import label, sek

frame_app = typer.Typer(
    help="Ramstyrning: budget frames per nämnd and the budgets against them.", no_args_is_help=True
)
app.add_typer(frame_app, name="frame")


def over_frame_text(ctx: Context, line: FrameLine) -> str:
    return label(
        "over_frame",
        ctx.lang,
        body=line.body,
        submitted=sek(line.submitted_sek),
        frame=sek(line.frame_sek),
        diff=sek(line.difference_sek),
    )


def print_over_frame(ctx: Context, *, municipality: str | None, year: int | None) -> None:
    """Flag every nämnd whose submitted budget is above its frame, under the board."""
    from arshjul.services.frames import frame_lines

    _muni, _cycle, lines = frame_lines(ctx, municipality=municipality, year=year)
    for line in lines:
        if line.over_frame:
            err_console.print(over_frame_text(ctx, line), style="bold red")


@frame_app.command("set")
def frame_set(
    tctx: typer.Context,
    body: Annotated[str, typer.Option("--body", "-b", help="The nämnd's key.")],
    amount_text: Annotated[str, typer.Option("--amount", help="Frame in kronor, e.g. 412500000.")],
    decision: Annotated[int | None, typer.Option("--decision", help="KF's decision no.")] = None,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
) -> None:
    """Enter KF's budget frame for a nämnd (coordinators); changes are audited."""
    from arshjul.services.frames import FrameIn, set_frame

    with command(tctx) as ctx:
        form = FrameIn(body, amount(amount_text), year, decision, municipality)
        change = set_frame(ctx, form)
        console.print(
            label(
                "frame_set",
                ctx.lang,
                body=body,
                year=year or "",
                new=sek(change.new_sek),
                old=sek(change.old_sek),
            )
        )
        if change.line.over_frame:
            alerted = label("over_frame_alerted", ctx.lang, count=change.coordinators_alerted)
            err_console.print(f"{over_frame_text(ctx, change.line)} {alerted}", style="bold red")


@frame_app.command("report")
def frame_report(
    tctx: typer.Context,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    output: FormatOption = "table",
) -> None:
    """Frames, submitted budgets and the difference per nämnd, with the totals."""
    from arshjul.core.frames import totals
    from arshjul.services.frames import frame_lines

    with command(tctx) as ctx:
        muni, cycle, lines = frame_lines(ctx, municipality=municipality, year=year)
        total = totals(lines)
        rows = [
            {
                "namnd": line.body or label("total", ctx.lang),
                "frame_sek": line.frame_sek,
                "submitted_sek": line.submitted_sek,
                "difference_sek": line.difference_sek,
                "over_frame": line.over_frame,
            }
            for line in [*lines, total]
        ]
        emit(
            ctx,
            rows,
            output,
            ("namnd", "frame_sek", "submitted_sek", "difference_sek", "over_frame"),
            label("frames_title", ctx.lang, municipality=muni.name, year=cycle.budget_year),
        )
