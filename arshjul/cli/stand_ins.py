"""Stand-ins (ersättare) on the command line: arrange one for a period, end one early,
list those under way or ahead. The same service and `authorise` as the web's Personer."""

from __future__ import annotations

from typing import Annotated

import typer

from arshjul.cli.common import MunicipalityOption, app, command, console, parse_date, say
from arshjul.texts import label

standin_app = typer.Typer(help="Stand-ins (ersättare) for people away.", no_args_is_help=True)
app.add_typer(standin_app, name="standin")


@standin_app.command("add")
def standin_add(
    tctx: typer.Context,
    absent: Annotated[str, typer.Option("--for", help="The person away (e-mail).")],
    stand_in: Annotated[str, typer.Option("--by", help="The colleague standing in (e-mail).")],
    first: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD).")],
    last: Annotated[str, typer.Option("--until", help="Last day (YYYY-MM-DD).")],
    reason: Annotated[str, typer.Option("--reason", help="Why (shown and audited).")] = "",
    municipality: MunicipalityOption = None,
) -> None:
    """Arrange a stand-in (coordinators, admins): notices meant for the person away go to
    the stand-in, who may act for their bodies."""
    from arshjul.services.stand_ins import StandInIn, add

    with command(tctx) as ctx:
        form = StandInIn(
            absent, stand_in, parse_date(ctx, first), parse_date(ctx, last), reason, municipality
        )
        done = add(ctx, form)
        say(
            label(
                "stand_in_added",
                ctx.lang,
                stand_in=done.stand_in,
                absent=done.absent,
                first=done.first.isoformat(),
                last=done.last.isoformat(),
            )
        )


@standin_app.command("end")
def standin_end(
    tctx: typer.Context,
    stand_in_id: Annotated[int, typer.Argument(help="The stand-in's number (standin list).")],
    municipality: MunicipalityOption = None,
) -> None:
    """End a stand-in before its last day (coordinators, admins)."""
    from arshjul.services.stand_ins import end

    with command(tctx) as ctx:
        done = end(ctx, stand_in_id=stand_in_id, municipality=municipality)
        say(label("stand_in_ended", ctx.lang, absent=done.absent))


@standin_app.command("list")
def standin_list(tctx: typer.Context, municipality: MunicipalityOption = None) -> None:
    """The stand-ins under way or ahead."""
    from rich.table import Table

    from arshjul.services.stand_ins import current

    with command(tctx) as ctx:
        found = current(ctx, municipality=municipality)
        if not found:
            say(label("stand_in_none", ctx.lang))
            return
        table = Table(title=label("stand_ins_title", ctx.lang, municipality=municipality or ""))
        for key in (
            "number",
            "web_stand_in_for",
            "web_stand_in_by",
            "web_stand_in_first",
            "web_stand_in_last",
        ):
            table.add_column(label(key, ctx.lang))
        for s in found:
            table.add_row(str(s.id), s.absent, s.stand_in, s.first.isoformat(), s.last.isoformat())
        console.print(table)
