"""The audit trail for auditors: verify the chains, read the log, export submissions, and
show one deliverable's history. Reading is itself a checked and audited action."""

from __future__ import annotations

from typing import Annotated

import typer

from arshjul.cli.common import (
    BodyOption,
    DeliverableArg,
    FormatOption,
    MunicipalityOption,
    YearOption,
    app,
    console,
    context,
    emit,
    err_console,
    user_errors,
)
from arshjul.texts import label

audit_app = typer.Typer(
    help="The audit trail: verify it, read it, export submissions.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(tctx: typer.Context) -> None:
    """Recompute every hash chain; exit 1 naming the first bad event."""
    from arshjul.services.audit import verify_all

    ctx = context(tctx)
    with user_errors(ctx):
        reports = verify_all(ctx)
    broken = False
    for report in reports:
        if report.first_break is None:
            console.print(
                label("chain_ok", ctx.lang, code=report.municipality_code, events=report.events)
            )
            continue
        broken = True
        err_console.print(
            label(
                "chain_broken",
                ctx.lang,
                code=report.municipality_code,
                seq=report.first_break.seq,
                id=report.first_break.event_id,
                reason=label("break_" + report.first_break.reason, ctx.lang),
            )
        )
    if broken:
        raise typer.Exit(1)


@audit_app.command("log")
def audit_log(
    tctx: typer.Context,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    body: BodyOption = None,
    person: Annotated[str | None, typer.Option("--person", help="Actor e-mail.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="e.g. submitted, refused.")] = None,
    output: FormatOption = "table",
) -> None:
    """Every recorded event in order, filtered by year, body, person or kind."""
    from arshjul.services.audit import authorise_reader, event_rows

    ctx = context(tctx)
    with user_errors(ctx):
        muni = authorise_reader(ctx, municipality=municipality)
        rows = event_rows(ctx, municipality=muni, year=year, body=body, person=person, kind=kind)
        emit(
            ctx,
            rows,
            output,
            ("seq", "at", "actor", "kind", "subject", "payload"),
            label("audit_title", ctx.lang, municipality=muni.name),
        )


@audit_app.command("submissions")
def audit_submissions(
    tctx: typer.Context,
    year: Annotated[int, typer.Option("--year", "-y", help="Budget year.")],
    municipality: MunicipalityOption = None,
    output: FormatOption = "csv",
) -> None:
    """One row per submission version: who, when, on time or how late, checksums, review."""
    from arshjul.services.audit import SUBMISSION_COLUMNS, authorise_reader, submission_rows

    ctx = context(tctx)
    with user_errors(ctx):
        muni = authorise_reader(ctx, municipality=municipality)
        emit(
            ctx,
            submission_rows(ctx, municipality=muni, year=year),
            output,
            SUBMISSION_COLUMNS,
            label("audit_title", ctx.lang, municipality=muni.name),
        )


@audit_app.command("show")
def audit_show(
    tctx: typer.Context,
    deliverable: DeliverableArg,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    output: FormatOption = "table",
) -> None:
    """A deliverable's whole history, in order."""
    from arshjul.services.audit import authorise_reader, history

    ctx = context(tctx)
    with user_errors(ctx):
        muni = authorise_reader(ctx, municipality=municipality)
        emit(
            ctx,
            history(ctx, municipality=muni, ref=deliverable, year=year),
            output,
            ("seq", "at", "actor", "kind", "payload"),
            label("audit_title", ctx.lang, municipality=muni.name),
        )
