"""Handing in and reviewing: a secretary's `submit`, a coordinator's `review`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from arshjul.cli.common import (
    DeliverableArg,
    MunicipalityOption,
    YearOption,
    amount,
    app,
    command,
    err_console,
    local_time,
    parse_date,
    print_problems,
    say,
)
from arshjul.errors import InvalidInput
from arshjul.texts import label


@app.command()
def submit(
    tctx: typer.Context,
    deliverable: DeliverableArg,
    files: Annotated[list[Path], typer.Argument(help="PDF, DOCX, XLSX, ODT or text files.")],
    comment: Annotated[str, typer.Option("--comment", "-c", help="Optional comment.")] = "",
    diarienummer: Annotated[str, typer.Option("--dnr", help="Diarienummer, if any.")] = "",
    budget_total: Annotated[
        str | None,
        typer.Option("--budget-total", help="The budget's total in kronor (ramstyrning)."),
    ] = None,
    commitments: Annotated[
        Path | None,
        typer.Option(
            "--commitments", help="Chosen global goals and contributions (verksamhetsplan)."
        ),
    ] = None,
    assessments: Annotated[
        Path | None,
        typer.Option(
            "--assessments",
            help="The nämnd's assessment of each commitment (a follow-up report): YAML or "
            "JSON, as `followup form` writes it.",
        ),
    ] = None,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
) -> None:
    """Hand in your nämnd's document(s) for a deliverable; you get a receipt by e-mail."""
    from arshjul.services.submissions import SubmissionIn
    from arshjul.services.submissions import submit as hand_in

    with command(tctx) as ctx:
        form = SubmissionIn(
            deliverable,
            tuple(files),
            comment=comment,
            diarienummer=diarienummer,
            budget_total_sek=amount(budget_total) if budget_total else None,
            commitments_path=commitments,
            assessments_path=assessments,
            municipality=municipality,
            year=year,
        )
        outcome = hand_in(ctx, form)
        print_problems(ctx, outcome.warnings)
        if outcome.identical_to is not None:
            say(label("identical", ctx.lang, version=outcome.identical_to))
            return
        say(
            label(
                "submitted",
                ctx.lang,
                id=outcome.deliverable_id,
                version=outcome.version,
                at=local_time(outcome.submitted_at),
            )
        )
        if outcome.late_business_days:
            say(
                label(
                    "late_submission",
                    ctx.lang,
                    days=outcome.late_business_days,
                    deadline=outcome.deadline.isoformat(),
                )
            )
        for f in outcome.files:
            say(f"  {f.name}  {f.size} B  sha256 {f.sha256}")
        say(label("receipt_sent" if outcome.receipt_sent else "receipt_queued", ctx.lang))
        if outcome.over_frame:
            err_console.print(
                label("over_frame_alerted", ctx.lang, count=outcome.coordinators_alerted),
                style="bold red",
            )


@app.command()
def review(
    tctx: typer.Context,
    deliverable: DeliverableArg,
    accept: Annotated[bool, typer.Option("--accept", help="Accept the latest version.")] = False,
    send_back: Annotated[
        bool,
        typer.Option("--return", help="Return it for completion (needs --comment and --deadline)."),
    ] = False,
    comment: Annotated[str, typer.Option("--comment", "-c", help="Why it is returned.")] = "",
    deadline: Annotated[str | None, typer.Option("--deadline", help="New deadline.")] = None,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
) -> None:
    """Accept a submission, or return it with a comment and a new deadline (coordinators)."""
    from arshjul.services.submissions import ReviewIn
    from arshjul.services.submissions import review as give_verdict

    with command(tctx) as ctx:
        if accept == send_back:
            raise InvalidInput("accept_or_return")
        form = ReviewIn(
            deliverable,
            accept=accept,
            comment=comment,
            new_deadline=parse_date(ctx, deadline) if deadline else None,
            municipality=municipality,
            year=year,
        )
        reviewed, notified = give_verdict(ctx, form)
        say(
            label(
                "reviewed_" + (reviewed.review or ""),
                ctx.lang,
                version=reviewed.version,
                deadline=reviewed.new_deadline.isoformat() if reviewed.new_deadline else "",
            )
        )
        say(label("secretary_notified" if notified else "secretary_queued", ctx.lang))
