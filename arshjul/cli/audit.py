"""The audit trail for auditors: verify the chains, read the log, export submissions, and
show one deliverable's history. Reading is itself a checked and audited action."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from arshjul.cli.common import (
    BodyOption,
    DeliverableArg,
    FormatOption,
    MunicipalityOption,
    YearOption,
    app,
    command,
    console,
    emit,
    err_console,
    say,
)
from arshjul.context import Context
from arshjul.core.checkpoints import CheckpointProblem
from arshjul.texts import label

if TYPE_CHECKING:
    from arshjul.models.tables import Municipality
    from arshjul.services.chain_checks import ChainReport

audit_app = typer.Typer(
    help="The audit trail: verify it, read it, export submissions.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    tctx: typer.Context,
    files: Annotated[bool, typer.Option("--files", help="Also re-hash every stored file.")] = False,
    repair: Annotated[
        bool,
        typer.Option("--repair", help="With --files: remove what killed hand-ins left."),
    ] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Re-hash every chain from its start, not from where the last check stopped.",
        ),
    ] = False,
    checkpoint: Annotated[
        Path | None,
        typer.Option("--checkpoint", help="A checkpoint an auditor kept (from `audit seal`)."),
    ] = None,
) -> None:
    """Check every hash chain (the events since the last check; with --full every event),
    every signed checkpoint (and one an auditor kept, and with --files every stored file's
    checksum); exit 1 naming each problem."""
    from arshjul.services.audit import verify_all, verify_files
    from arshjul.services.audit_tables import mismatches
    from arshjul.services.seals import check

    with command(tctx) as ctx:
        reports = verify_all(ctx, full=full)
        disagree = mismatches(ctx)
        checked, problems = verify_files(ctx) if files else (0, [])
        if files:
            _leftovers(ctx, repair=repair)
        sealed, broken_seals = check(ctx)
        kept = _kept(ctx, checkpoint) if checkpoint else []
    _say_mismatches(ctx, disagree)
    _say_seals(ctx, sealed, broken_seals, kept)
    _say_files(ctx, files, checked, problems)
    chains_broken = _say_chains(ctx, reports)
    if problems or broken_seals or kept or disagree or chains_broken:
        raise typer.Exit(1)


def _say_mismatches(ctx: Context, disagree: list[Any]) -> None:
    for mismatch in disagree:
        say(
            label(
                "table_unrecorded" if mismatch.field == "event" else "table_mismatch",
                ctx.lang,
                code=mismatch.municipality_code,
                table=mismatch.table,
                id=mismatch.row_id,
                field=mismatch.field,
                stored=mismatch.stored,
                recorded=mismatch.recorded,
            ),
            error=True,
        )


def _say_seals(
    ctx: Context, sealed: int, broken: list[CheckpointProblem], kept: list[CheckpointProblem]
) -> None:
    for seal in [*broken, *kept]:
        err_console.print(
            label(
                f"checkpoint_{seal.why}",
                ctx.lang,
                code=seal.checkpoint.municipality,
                seq=seal.checkpoint.seq,
                at=seal.checkpoint.at.isoformat(timespec="seconds"),
            ),
            markup=False,
            soft_wrap=True,
        )
    if sealed and not broken:
        console.print(label("checkpoints_ok", ctx.lang, count=sealed))


def _say_files(ctx: Context, files: bool, checked: int, problems: list[Any]) -> None:
    for problem in problems:
        err_console.print(
            label(
                f"stored_{problem.problem}",
                ctx.lang,
                code=problem.municipality_code,
                id=problem.deliverable_id,
                version=problem.version,
                name=problem.name,
                sha256=problem.sha256,
            ),
            markup=False,
            soft_wrap=True,
        )
    if files and not problems:
        console.print(label("files_ok", ctx.lang, count=checked))


def _say_chains(ctx: Context, reports: list[ChainReport]) -> bool:
    """One line per chain, whole on standard output, broken on standard error; whether
    any is broken."""
    lang = ctx.lang
    broken = False
    for report in reports:
        if report.first_break is None:
            console.print(
                label("chain_ok", lang, code=report.municipality_code, events=report.events)
            )
            continue
        broken = True
        err_console.print(
            label(
                "chain_broken",
                lang,
                code=report.municipality_code,
                seq=report.first_break.seq,
                id=report.first_break.event_id,
                reason=label("break_" + report.first_break.reason, lang),
            )
        )
    return broken


def _trail(
    tctx: typer.Context,
    municipality: str | None,
    output: str,
    columns: tuple[str, ...],
    rows_of: Callable[[Context, Municipality], list[dict[str, Any]]],
) -> None:
    """Check that the person may read the trail (a refusal is recorded), then print."""
    from arshjul.services.audit import authorise_reader

    with command(tctx) as ctx:
        muni = authorise_reader(ctx, municipality=municipality)
        title = label("audit_title", ctx.lang, municipality=muni.name)
        emit(ctx, rows_of(ctx, muni), output, columns, title)


def _leftovers(ctx: Context, *, repair: bool) -> None:
    """Temporary files of hand-ins that were killed: never referenced, so not a broken
    trail; reported, and removed with --repair once their writer is gone."""
    from arshjul.services.storage import FileStore

    store = FileStore(ctx.settings.resolved_files_dir)
    removed = store.remove_leftovers() if repair else []
    for leftover in [*removed, *store.leftovers()]:
        key = "stored_leftover_removed" if leftover in removed else "stored_leftover"
        if leftover.writer_alive:
            key = "stored_leftover_writing"
        say(label(key, ctx.lang, path=str(leftover.path), size=leftover.size), error=True)


def _kept(ctx: Context, path: Path) -> list[CheckpointProblem]:
    """The auditor's checkpoint file, one checkpoint a line, checked against the chain."""
    from arshjul.core.checkpoints import Checkpoint
    from arshjul.errors import InvalidInput
    from arshjul.services.bounded_files import read_text_file
    from arshjul.services.seals import check_one

    try:
        text = read_text_file(path)
        lines = [line for line in text.splitlines() if line.strip()]
        kept = [Checkpoint.from_json(line) for line in lines]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput("checkpoint_file", file=str(path), detail=str(exc)) from None
    if not kept:
        raise InvalidInput("checkpoint_file_empty", file=str(path))
    found = [(c, check_one(ctx, c)) for c in kept]
    return [CheckpointProblem(c, why) for c, why in found if why is not None]


@audit_app.command("seal")
def audit_seal(tctx: typer.Context) -> None:
    """Sign every municipality's chain head not sealed yet, and print each municipality's
    current checkpoint, one JSON line each, for the auditors to keep: never nothing, even
    when the last sweep already sealed the head."""
    from arshjul.notifications import send_now
    from arshjul.services.seals import current, seal_and_tell

    with command(tctx) as ctx:
        _, keys = seal_and_tell(ctx)
        for checkpoint in current(ctx):
            print(checkpoint.as_json())
        sent = send_now(ctx, keys)
        say(label("seal_told", ctx.lang, sent=len(sent), queued=len(keys)), error=True)


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
    from arshjul.services.audit import event_rows

    _trail(
        tctx,
        municipality,
        output,
        ("seq", "at", "actor", "kind", "subject", "payload"),
        lambda ctx, muni: event_rows(
            ctx, municipality=muni, year=year, body=body, person=person, kind=kind
        ),
    )


@audit_app.command("submissions")
def audit_submissions(
    tctx: typer.Context,
    year: Annotated[int, typer.Option("--year", "-y", min=1900, max=2200, help="Budget year.")],
    municipality: MunicipalityOption = None,
    output: FormatOption = "csv",
) -> None:
    """One row per submission version: who, when, on time or how late, checksums, review."""
    from arshjul.services.audit import SUBMISSION_COLUMNS, submission_rows

    _trail(
        tctx,
        municipality,
        output,
        SUBMISSION_COLUMNS,
        lambda ctx, muni: submission_rows(ctx, municipality=muni, year=year),
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
    from arshjul.services.audit import history

    _trail(
        tctx,
        municipality,
        output,
        ("seq", "at", "actor", "kind", "payload"),
        lambda ctx, muni: history(ctx, municipality=muni, ref=deliverable, year=year),
    )
