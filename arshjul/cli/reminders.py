"""Commands about reminders: run the sweep, look in the outbox, check template overrides,
and serve the sweep on its schedule."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from arshjul.cli.common import (
    ExitCode,
    MunicipalityOption,
    app,
    command,
    console,
    context,
    err_console,
    parse_date,
    print_problems,
    say,
    warn_mail_setup,
)
from arshjul.context import Context
from arshjul.core.instants import STOCKHOLM, local_minute
from arshjul.texts import label


def sweep_instant(ctx: Context, as_of: str | None) -> dt.datetime:
    """07:00 Stockholm on --as-of (the scheduled sweep's hour), else now."""
    if not as_of:
        return ctx.now()
    day = parse_date(ctx, as_of)
    return dt.datetime(day.year, day.month, day.day, 7, tzinfo=STOCKHOLM).astimezone(dt.UTC)


def sweep_result(state: Any) -> dict[str, Any]:
    """The sweep's result whether its run ended Completed or Failed (failures are reported
    by `print_sweep`); an error that stopped the run is raised."""
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        raise result
    return dict(result)


def sweep_exit(result: dict[str, Any]) -> ExitCode:
    """What a sweep's result means to cron or systemd: done, failed in part (a message
    failed for good, the mail server unusable, a municipality's templates broken), or left
    undone because another run holds the outbox."""
    from arshjul.services.run_reports import sweep_problems

    if "skipped" in result:
        return ExitCode.SKIPPED
    return ExitCode.FAILED if sweep_problems(result) else ExitCode.OK


def print_sweep(ctx: Context, result: dict[str, Any], at: dt.datetime) -> ExitCode:
    """Print what the sweep did; returns its exit code (`sweep_exit`)."""
    if "skipped" in result:
        say(label("sweep_skipped", ctx.lang, **result["skipped"]), error=True, style="yellow")
        return sweep_exit(result)
    queued, sent = result["queued"], result["delivery"]
    console.print(
        label(
            "swept",
            ctx.lang,
            when=local_minute(at),
            planned=queued["planned"],
            new=queued["new"],
            sent=sent["sent"],
            retry=sent["retry"],
            failed=sent["failed"],
        )
    )
    if sent.get("channel_error"):
        say(label("channel_error", ctx.lang, reason=sent["channel_error"]), error=True, style="red")
    for failure in sent.get("failures", []):
        say(label("delivery_failed_line", ctx.lang, failure=failure), error=True, style="red")
    if sent.get("told"):
        say(label("coordinators_told", ctx.lang, count=sent["told"]), error=True)
    for code, problems in queued["skipped_municipalities"].items():
        err_console.print(label("templates_broken", ctx.lang, code=code))
        for line in problems:
            say(f"  {line}", error=True)
    return sweep_exit(result)


def print_outbox(
    ctx: Context,
    *,
    state_filter: str | None,
    since: dt.datetime | None,
    limit: int,
    until: dt.datetime | None = None,
) -> None:
    """The outbox, newest first; with `until`, only messages queued before it (the demo's
    sweep, not the receipts of the follow-up it plays ahead)."""
    from arshjul.cli import render
    from arshjul.notifications import outbox_rows

    rows = outbox_rows(
        ctx, state=state_filter, since=since, limit=limit * (1 if until is None else 4)
    )
    rows = [r for r in rows if until is None or r.created_at < until][:limit]
    console.print(render.outbox_table(rows, ctx.lang, label("outbox_title", ctx.lang)))


@app.command()
def remind(
    tctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Sweep as if at 07:00 that day.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what is due; send nothing.")
    ] = False,
) -> None:
    """Run the reminder sweep (Prefect flow send_reminders) once, or list what it would send.
    Exits 3 when part of it failed, 4 when another run held the outbox (README)."""
    from arshjul.cli.cycle import prefect_ready

    with command(tctx) as ctx:
        at = sweep_instant(ctx, as_of)
        if dry_run:
            from arshjul.cli import render
            from arshjul.notifications import due_now

            planned = due_now(ctx.at(at))
            console.print(render.planned_table(planned, ctx.lang, label("dry_run_title", ctx.lang)))
            return
        ctx.database(create=True)
        warn_mail_setup(ctx)
        prefect_ready(ctx)
        from arshjul.flows.send_reminders import send_reminders

        state = send_reminders(now=at, operator=ctx.operator, return_state=True)
        code = print_sweep(ctx, sweep_result(state), at)
    if code:
        raise typer.Exit(code)


outbox_app = typer.Typer(
    help="What the outbox holds; `outbox retry` sends failed messages again.",
    invoke_without_command=True,
)
app.add_typer(outbox_app, name="outbox")


@outbox_app.callback()
def outbox(
    tctx: typer.Context,
    state_filter: Annotated[
        str | None, typer.Option("--state", help="pending, sending, retry, sent or failed.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows.")] = 50,
) -> None:
    """What the outbox holds: each message, its state, attempts and last error."""
    if tctx.invoked_subcommand is not None:
        return
    with command(tctx) as ctx:
        print_outbox(ctx, state_filter=state_filter, since=None, limit=limit)


@outbox_app.command("retry")
def outbox_retry(
    tctx: typer.Context,
    outbox_id: Annotated[int | None, typer.Option("--id", help="The message's number.")] = None,
    all_failed: Annotated[
        bool, typer.Option("--all-failed", help="Every failed message of the municipality.")
    ] = False,
    municipality: MunicipalityOption = None,
) -> None:
    """Send failed messages again with every attempt anew (coordinators; audited)."""
    from arshjul.notifications import RequeueIn, requeue

    with command(tctx) as ctx:
        ids = requeue(ctx, RequeueIn(outbox_id, all_failed, municipality))
        say(label("requeued", ctx.lang, count=len(ids), ids=", ".join(map(str, ids)) or "-"))


@app.command()
def templates(
    tctx: typer.Context,
    folder: Annotated[str | None, typer.Argument(help="An override folder to check.")] = None,
    municipality: MunicipalityOption = None,
) -> None:
    """Check a municipality's notification template overrides: one problem per line."""
    from pathlib import Path

    from arshjul.notifications import check_overrides

    ctx = context(tctx)
    settings = ctx.settings
    target = (
        Path(folder) if folder else (settings.override_dir(municipality) if municipality else None)
    )
    if target is None or not target.is_dir():
        err_console.print(label("no_templates", ctx.lang, folder=folder or municipality or "-"))
        raise typer.Exit(1)
    problems = check_overrides(target)
    print_problems(ctx, problems, error=False)
    if problems:
        raise typer.Exit(1)
    console.print(label("templates_ok", ctx.lang, folder=str(target)))
