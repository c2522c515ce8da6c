"""`arshjul demo`: the main job on embedded defaults, and the way in for a newcomer.

It plays Timrå's wheel up to a day, today unless `--as-of` names a past one: the budget
year under way (its follow-up reported) and next year's (being prepared), both planned
through the Prefect flow, the hand-ins and decisions before that day recorded through the
real services, then one reminder sweep. Played up to today, the web's pages need no
other day: what a newcomer does there follows on in time from what the demo did."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from arshjul.cli.common import app, command, console, parse_date
from arshjul.cli.cycle import print_changes, print_mirror_preview, print_status, run_plan_flow
from arshjul.context import Context
from arshjul.core.instants import STOCKHOLM
from arshjul.errors import InvalidInput
from arshjul.texts import label, long_date

CODE = "2262"  # Timrå's kommunkod
ROLES = ("secretary", "coordinator", "auditor", "admin")


@app.command()
def demo(
    tctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="A past day to play the year up to (YYYY-MM-DD); today."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", min=1900, max=2200, help="The budget year prepared; the next one."
        ),
    ] = None,
) -> None:
    """Set up the database, plan Timrå's year under way and the next through the Prefect
    flow, add the hand-ins and decisions made before the day, run a reminder sweep and
    print the board and sign-in links."""
    with command(tctx) as ctx:
        day = ctx.today() if as_of is None else parse_date(ctx, as_of)
        if day > ctx.today():
            raise InvalidInput("demo_ahead", value=day.isoformat())
        prepared = year if year is not None else day.year + 1
        url = ctx.settings.resolved_database_url
        console.print(
            label("demo_intro", ctx.lang, municipality="Timrå kommun", year=prepared, url=url)
        )
        decisions = [play(ctx, budget_year, day) for budget_year in (prepared - 1, prepared)]
        print_mirror_preview(ctx, CODE, prepared, day)
        console.print()
        shown = ctx if as_of is None else ctx.at(min(ctx.now(), end_of(day)))
        print_status(shown, municipality=CODE, year=prepared, body=None)
        decision = decisions[1] or decisions[0]
        if decision is not None:
            from arshjul.cli.decisions import print_decision

            console.print()
            print_decision(ctx, decision)
        console.print()
        code = sweep(ctx, as_of)
        console.print()
        console.print(label("demo_followup", ctx.lang, year=prepared - 1, date=day.isoformat()))
        print_web_links(ctx, None if as_of is None else day)
    if code:
        raise typer.Exit(code)


def play(ctx: Context, budget_year: int, day: dt.date) -> Any:
    """Plan one budget year and record what was done in it before `day`; its budget
    decision if KF's had been announced by then."""
    from arshjul.services.demo import (
        record_demo_budget_decision,
        seed_demo_followup,
        seed_demo_submissions,
    )

    changes = run_plan_flow(ctx, "timra", budget_year, mirror_in_prefect=False)
    print_changes(ctx, changes, "Timrå kommun")
    ctx.database(create=True)
    decision = record_demo_budget_decision(ctx, budget_year=budget_year, as_of=day)
    seed_demo_followup(ctx, cycle_id=changes["cycle_id"], as_of=day)  # first: it has data
    seed_demo_submissions(ctx, cycle_id=changes["cycle_id"], as_of=day)
    return decision


def end_of(day: dt.date) -> dt.datetime:
    """The last minute of a past day in Stockholm: the board as that day ended."""
    return dt.datetime.combine(day, dt.time(23, 59), tzinfo=STOCKHOLM)


def sweep(ctx: Context, as_of: str | None) -> int:
    """One reminder sweep: now, or at 07:00 on the day asked for (the scheduled hour);
    returns its exit code."""
    from arshjul.cli.reminders import print_outbox, print_sweep, sweep_instant, sweep_result
    from arshjul.flows.send_reminders import send_reminders

    at = sweep_instant(ctx, as_of)
    code = print_sweep(ctx, sweep_result(send_reminders(now=at, return_state=True)), at)
    print_outbox(ctx, state_filter=None, since=at, limit=50, until=at + dt.timedelta(hours=1))
    return code


def print_web_links(ctx: Context, day: dt.date | None) -> None:
    """How to start the web application, and a sign-in link for one person of each role;
    with a past day, the links open the pages as of it (read-only there)."""
    from arshjul.services.sign_in import demo_links

    base = ctx.settings.web_base_url.rstrip("/")
    console.print()
    if day is None:
        console.print(label("demo_web_today", ctx.lang, command="arshjul web", url=base))
        landing = "/"
    else:
        shown = long_date(day, ctx.lang)
        console.print(label("demo_web", ctx.lang, command="arshjul web", url=base, date=shown))
        landing = f"/lage?datum={day.isoformat()}&next=/"
    for role, address, token in demo_links(ctx, roles=ROLES, next_path=landing):
        console.print(
            label("demo_web_link", ctx.lang, role=label(f"role_{role}", ctx.lang), email=address)
        )
        console.print(f"  {base}/logga-in/{token}", soft_wrap=True)
