"""Commands about the cycle itself: set up, check, plan, and see where it stands."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from arshjul.cli.common import (
    AsOfOption,
    BodyOption,
    MunicipalityOption,
    YearOption,
    app,
    command,
    console,
    context,
    err_console,
    print_problems,
    say,
    user_errors,
    write_json,
)
from arshjul.context import Context
from arshjul.core.problems import errors
from arshjul.errors import InvalidInput
from arshjul.texts import finding_line, label

PREVIEW_COLUMNS = ("run", "utc", "stockholm", "tags")
TemplateArg = Annotated[str, typer.Argument(help="A template file, or a shipped name: timra.")]


@app.command()
def init(tctx: typer.Context) -> None:
    """Create the database (SQLite under ARSHJUL_HOME unless ARSHJUL_DATABASE_URL is set)."""
    from arshjul.services.seals import signing_key

    with command(tctx) as ctx:
        ctx.database(create=True)
        signing_key(ctx.settings.resolved_signing_key, create=True)
        console.print(label("initialised", ctx.lang, url=ctx.settings.resolved_database_url))
        say(label("signing_key", ctx.lang, file=str(ctx.settings.resolved_signing_key)))


@app.command()
def validate(tctx: typer.Context, template: TemplateArg, year: YearOption = None) -> None:
    """Check a cycle template: one problem per line; exit 0 when it can be planned."""
    from arshjul.services.planning import check

    ctx = context(tctx)
    budget_year = year if year is not None else ctx.default_budget_year()
    result = check(template, budget_year)
    print_problems(ctx, result.problems, error=False)
    for finding in result.law:
        say(finding_line(finding, template, ctx.lang))
    if not result.ok or result.plan is None or result.law_errors:
        count = len(errors(result.problems)) + len(result.law_errors)
        err_console.print(label("invalid", ctx.lang, file=template, count=count))
        raise typer.Exit(1)
    console.print(
        label(
            "valid",
            ctx.lang,
            file=template,
            year=budget_year,
            milestones=len(result.plan.milestones),
            deliverables=len(result.plan.deliverables()),
        )
    )


@app.command()
def lint(
    tctx: typer.Context,
    template: TemplateArg,
    year: YearOption = None,
    output: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Check a planned cycle against the Local Government Act; each finding cites its source."""
    from arshjul.services.planning import check

    ctx = context(tctx)
    budget_year = year if year is not None else ctx.default_budget_year()
    result = check(template, budget_year)
    if not result.ok:
        print_problems(ctx, result.problems)
        raise typer.Exit(1)
    if output == "json":
        write_json(
            [
                {
                    "code": f.code,
                    "severity": f.severity.value,
                    "source": f.source,
                    "subject": f.subject,
                    **f.params,
                }
                for f in result.law
            ]
        )
    else:
        for finding in result.law:
            say(finding_line(finding, template, ctx.lang))
        if not result.law:
            console.print(label("law_clean", ctx.lang, file=template, year=budget_year))
    if result.law_errors:
        raise typer.Exit(1)


def run_plan_flow(
    ctx: Context,
    template: str,
    budget_year: int,
    allow_law_errors: bool = False,
    mirror_in_prefect: bool = True,
    reason: str = "",
    base_version: str | None = None,
) -> dict[str, Any]:
    """Validate without Prefect first (fast, clear errors), then run the flow."""
    from arshjul.services.planning import check

    result = check(template, budget_year)
    if result.ok and result.law_errors:
        for finding in result.law_errors:
            say(finding_line(finding, template, ctx.lang), error=not allow_law_errors)
        if not allow_law_errors:
            err_console.print(label("law_blocked", ctx.lang))
            raise typer.Exit(1)
    if not result.ok:
        print_problems(ctx, result.problems)
        count = len(errors(result.problems))
        err_console.print(label("invalid", ctx.lang, file=template, count=count))
        raise typer.Exit(1)
    prefect_ready(ctx)
    from arshjul.flows.plan_cycle import plan_cycle

    changes: dict[str, Any] = plan_cycle(
        template=template,
        budget_year=budget_year,
        allow_law_errors=allow_law_errors,
        actor=ctx.actor,
        operator=ctx.operator,
        mirror_in_prefect=mirror_in_prefect,
        reason=reason,
        base_version=base_version,
    )
    return changes


def print_mirror_preview(ctx: Context, code: str, budget_year: int, day: Any) -> None:
    """What planning would schedule in Prefect (the demo does not start a server for it)."""
    from arshjul.cli import render
    from arshjul.core.instants import local_minute
    from arshjul.core.milestone_runs import desired_runs
    from arshjul.services.milestone_mirror import mirror_milestones

    runs = desired_runs(
        code, budget_year, mirror_milestones(ctx, code=code, budget_year=budget_year)
    )
    coming = [r for r in sorted(runs, key=lambda r: r.scheduled) if r.scheduled.date() >= day][:5]
    rows = [
        {
            "run": r.name,
            "utc": r.scheduled.strftime("%Y-%m-%d %H:%M"),
            "stockholm": local_minute(r.scheduled),
            "tags": " ".join(t for t in r.tags if t.startswith(("fas:", "beslut:"))),
        }
        for r in coming
    ]
    title = label("mirror_preview", ctx.lang, count=len(runs))
    console.print(render.rows_table(rows, PREVIEW_COLUMNS, title, ctx.lang))


def prefect_ready(ctx: Context) -> None:
    """Configure Prefect's environment; call before the first import of a flow module."""
    from arshjul import prefect_env

    prefect_env.configure(ctx.settings)


def print_failed(lang: str, failed: list[str]) -> None:
    """What Prefect's server would not take in a mirror, one line each, on standard error."""
    if failed:
        say(label("mirror_failed", lang, count=len(failed)), error=True)
    for line in failed:
        say(label("mirror_failed_line", lang, line=line), error=True)


def print_changes(ctx: Context, changes: dict[str, Any], name: str) -> None:
    console.print(
        label(
            "planned",
            ctx.lang,
            municipality=name,
            year=changes["budget_year"],
            created=changes["created"],
            updated=changes["updated"],
            moved=len(changes["moved"]),
            retired=changes["retired"],
        )
    )
    for key, old, new in changes["moved"]:
        console.print(label("moved_line", ctx.lang, milestone=key, old=old, new=new))
    if "runs" in changes:
        console.print(label("mirrored", ctx.lang, **changes["runs"]))
        print_failed(ctx.lang, changes["runs"].get("failed", []))


@app.command()
def plan(
    tctx: typer.Context,
    template: TemplateArg,
    year: Annotated[int, typer.Option("--year", "-y", min=1900, max=2200, help="Budget year.")],
    allow_law_errors: Annotated[
        bool,
        typer.Option("--allow-law-errors", help="Plan even if the law checks fail (recorded)."),
    ] = False,
    preview: Annotated[
        bool, typer.Option("--preview", help="Show what planning would change; change nothing.")
    ] = False,
    expect_version: Annotated[
        str | None,
        typer.Option(
            "--expect-version",
            help="Plan only if the wheel is still this version (its sha256, or none).",
        ),
    ] = None,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept with the version).")] = "",
    as_of: AsOfOption = None,
) -> None:
    """Plan (or re-plan) a cycle with the Prefect flow plan_cycle. Safe to repeat. The
    template's text becomes the wheel's newest version (the same text adds none)."""
    ctx = context(tctx)
    if preview:
        with command(tctx, as_of) as viewing:  # --as-of: the notices owed as of that day
            show_plan_preview(viewing, template, year)
        return
    base = None if expect_version is None else expect_version.removeprefix("none")
    with user_errors(ctx):
        changes = run_plan_flow(
            ctx, template, year, allow_law_errors, reason=reason, base_version=base
        )
    print_changes(ctx, changes, changes["municipality_code"])


def show_plan_preview(ctx: Context, template: str, year: int) -> None:
    """`plan --preview`: validated like `validate`, compared with the stored plan, printed
    with the command that applies exactly what was shown. Reads only, no Prefect."""
    from arshjul.cli.wheel_preview import print_preview
    from arshjul.services.template_files import read_template
    from arshjul.services.wheel_changes import Change
    from arshjul.services.wheel_changes import preview as preview_of

    text, path, problems = read_template(template)
    if text is None:
        print_problems(ctx, problems)
        raise typer.Exit(1)
    found = preview_of(ctx, Change(text, path, year, source="plan"))
    base = found.base_sha256[:12] or "none"
    print_preview(
        ctx, found, path, f"arshjul plan {template} --year {year} --expect-version {base}"
    )


def print_status(
    ctx: Context, *, municipality: str | None, year: int | None, body: str | None
) -> None:
    from arshjul.cli import render
    from arshjul.services.board import load_board

    view = load_board(ctx, municipality=municipality, year=year, body=body)
    title = label(
        "board_title",
        ctx.lang,
        municipality=view.municipality.name,
        year=view.cycle.budget_year,
        date=ctx.today().isoformat(),
    )
    if body is None:
        console.print(render.board_matrix(view.board, ctx.lang, title))
    else:
        console.print(render.board_list(view.board, ctx.lang, f"{title} · {body}"))


@app.command()
def status(
    tctx: typer.Context,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    body: BodyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """The status board: milestones × bodies with colours, and counts per body."""
    from arshjul.cli.frames import print_over_frame

    with command(tctx, as_of) as ctx:
        print_status(ctx, municipality=municipality, year=year, body=body)
        print_over_frame(ctx, municipality=municipality, year=year)


@app.command()
def deadlines(
    tctx: typer.Context,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    body: BodyOption = None,
    as_of: AsOfOption = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include past deadlines.")] = False,
    output: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Upcoming deadlines (all of the cycle with --all), as a table or JSON."""
    from arshjul.cli import render
    from arshjul.services.board import load_board

    with command(tctx, as_of) as ctx:
        if output not in ("table", "json"):
            raise InvalidInput("bad_format", value=output)
        view = load_board(ctx, municipality=municipality, year=year, body=body)
        records = render.deadline_records(view.board, ctx.lang, None if show_all else ctx.today())
        if output == "json":
            write_json(records)
            return
        if not records:
            console.print(label("no_deadlines", ctx.lang))
            return
        title = label(
            "deadlines_title",
            ctx.lang,
            municipality=view.municipality.name,
            year=view.cycle.budget_year,
        )
        console.print(render.deadline_table(records, ctx.lang, title))


@app.command()
def calendar(
    tctx: typer.Context,
    body: Annotated[str, typer.Option("--body", "-b", help="Body key, e.g. BUN.")],
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
) -> None:
    """A body's whole cycle as one iCalendar file: one all-day event per deadline."""
    import sys

    from arshjul.services.board import body_calendar

    with command(tctx) as ctx:
        text, count = body_calendar(ctx, body=body, municipality=municipality, year=year)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            console.print(label("calendar_written", ctx.lang, file=output, count=count))
        else:
            sys.stdout.write(text)
