"""One body's deliverable on the command line: a new deadline of its own, and a reminder
now. The same services and `authorise` as the web's Bevakning page."""

from __future__ import annotations

from typing import Annotated

import typer

from arshjul.cli.common import MunicipalityOption, YearOption, app, command, parse_date, say
from arshjul.texts import label, long_date, status_label

deliverable_app = typer.Typer(
    help="One body's deliverable: a deadline of its own, inte aktuell, a reminder now.",
    no_args_is_help=True,
)
app.add_typer(deliverable_app, name="deliverable")

RefArgument = Annotated[
    str, typer.Argument(help="MILESTONE/BODY (e.g. budgetunderlag/BUN) or an id.")
]


@deliverable_app.command("extend")
def deliverable_extend(
    tctx: typer.Context,
    ref: RefArgument,
    deadline: Annotated[str, typer.Option("--deadline", help="The new deadline (YYYY-MM-DD).")],
    reason: Annotated[str, typer.Option("--reason", help="Why: it is shown and audited.")],
    municipality: MunicipalityOption = None,
    year: YearOption = None,
) -> None:
    """Give one body's deliverable a deadline of its own, before anything is handed in
    (coordinators); a changed-date notice goes to its secretaries."""
    from arshjul.services.deadlines import ExtensionIn, extend

    with command(tctx) as ctx:
        done = extend(ctx, ExtensionIn(ref, parse_date(ctx, deadline), reason, municipality, year))
        say(
            label(
                "extended",
                ctx.lang,
                old=long_date(done.old_deadline, ctx.lang),
                new=long_date(done.new_deadline, ctx.lang),
                count=done.notices,
            )
        )


@deliverable_app.command("not-applicable")
def deliverable_not_applicable(
    tctx: typer.Context,
    ref: RefArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why: it is shown and audited.")] = "",
    undo: Annotated[
        bool, typer.Option("--undo", help="Take the mark back: it applies again.")
    ] = False,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
) -> None:
    """Mark one body's deliverable "inte aktuell" this year (coordinators): no reminders,
    never late, shown as such everywhere; --undo takes it back."""
    from arshjul.services.not_applicable import NotApplicableIn, mark

    with command(tctx) as ctx:
        done = mark(ctx, NotApplicableIn(ref, reason, undo, municipality, year))
        key = "marked_not_applicable" if done.not_applicable else "marked_applies_again"
        say(label(key, ctx.lang, milestone=done.milestone, body=done.body))


@deliverable_app.command("remind")
def deliverable_remind(
    tctx: typer.Context,
    ref: RefArgument,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
) -> None:
    """Send the body's secretaries a reminder now (coordinators); once per day."""
    from arshjul.access import load_target
    from arshjul.notifications import remind_now

    with command(tctx) as ctx:
        target = load_target(ctx, ref, municipality, year)
        new, status = remind_now(ctx, target)
        key = "reminded" if new else "reminded_already"
        say(label(key, ctx.lang, count=new, status=status_label(status.status, ctx.lang)))
