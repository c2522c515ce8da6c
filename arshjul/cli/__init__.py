"""The `arshjul` command line. Thin: parse options, call shared functions, print.

Commands that only read or write state (status, deadlines, validate, init, outbox, calendar,
templates, remind --dry-run) never import Prefect; only `plan`, `remind`, `serve` and `demo`,
which run flows, do, and they import it
inside the command. tests/cli/test_cold_start.py keeps it that way.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import pendulum
import typer
from rich.console import Console

from arshjul.core.instants import local_date, noon
from arshjul.errors import ArshjulError, InvalidInput
from arshjul.settings import get_settings
from arshjul.texts import finding_line, label, problem_line

app = typer.Typer(
    name="arshjul",
    help="Årshjul: plan, follow up and audit a municipality's annual governance cycle.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output (CI logs, `| less`) gets room for the board instead of Rich's 80 columns.
console = Console(width=None if Console().is_terminal else 132)
err_console = Console(stderr=True)


class State:
    lang: str = "sv"
    actor: str | None = None


state = State()

LangOption = Annotated[str | None, typer.Option("--lang", help="sv (default) or en.")]
MunicipalityOption = Annotated[
    str | None, typer.Option("--municipality", "-m", help="Kommunkod, e.g. 2262.")
]
YearOption = Annotated[int | None, typer.Option("--year", "-y", help="Budget year.")]
BodyOption = Annotated[str | None, typer.Option("--body", "-b", help="Body key, e.g. BUN.")]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Show the state as of this date (YYYY-MM-DD).")
]


AsOption = Annotated[
    str | None,
    typer.Option("--as", help="Act as this person (e-mail in the template); or ARSHJUL_AS."),
]


@app.callback()
def _main(lang: LangOption = None, as_person: AsOption = None) -> None:
    state.lang = lang if lang in ("sv", "en") else get_settings().lang
    state.actor = as_person or get_settings().as_person


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("bad_date", value=value) from None


def _now(as_of: str | None) -> pendulum.DateTime:
    return noon(_parse_date(as_of)) if as_of else pendulum.now("UTC")


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except ArshjulError as exc:
        for problem in getattr(exc, "problems", []):
            err_console.print(problem_line(problem, state.lang), markup=False, soft_wrap=True)
        err_console.print(
            label(exc.key, state.lang, **exc.params), style="red", markup=False, soft_wrap=True
        )
        raise typer.Exit(1) from None


def _engine(*, create: bool) -> Any:
    """The engine; `create` makes the schema, otherwise a database without one is 'no cycle'
    (reads do not pay for schema checks or leave an empty database behind)."""
    from sqlalchemy import inspect

    from arshjul.errors import NotFound
    from models.db import create_schema, make_engine, upgrade_schema

    engine = make_engine(get_settings().resolved_database_url)
    if create:
        create_schema(engine)
    elif not inspect(engine).has_table("cycle"):
        raise NotFound("no_cycle", what=get_settings().resolved_database_url)
    else:
        upgrade_schema(engine)  # a database from an older arshjul gains the new columns
    return engine


def _load_board(
    *, municipality: str | None, year: int | None, body: str | None, now: dt.datetime
) -> tuple[Any, Any, Any]:
    from sqlmodel import Session

    from arshjul.core.board import build_board
    from arshjul.errors import NotFound
    from models import queries

    with Session(_engine(create=False)) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        cycle = queries.resolve_cycle(
            session=session, municipality=muni, budget_year=year, today=local_date(now)
        )
        if body is not None:
            known = [b.key for b in queries.bodies_of(session=session, municipality=muni)]
            if body not in known:
                raise NotFound("unknown_body", body=body, known=", ".join(known))
        rows = queries.deliverable_rows(session=session, cycle=cycle, body_key=body)
        return muni, cycle, build_board(rows, now, cycle.due_soon_days)


def print_status(
    *, municipality: str | None, year: int | None, body: str | None, now: dt.datetime
) -> None:
    from arshjul.cli import render

    muni, cycle, board = _load_board(municipality=municipality, year=year, body=body, now=now)
    title = label(
        "board_title",
        state.lang,
        municipality=muni.name,
        year=cycle.budget_year,
        date=local_date(now).isoformat(),
    )
    if body is None:
        console.print(render.board_matrix(board, state.lang, title))
    else:
        console.print(render.board_list(board, state.lang, f"{title} · {body}"))


@app.command()
def init() -> None:
    """Create the database (SQLite under ARSHJUL_HOME unless ARSHJUL_DATABASE_URL is set)."""
    _engine(create=True)
    console.print(label("initialised", state.lang, url=get_settings().resolved_database_url))


@app.command()
def validate(
    template: Annotated[str, typer.Argument(help="A template file, or a shipped name: timra.")],
    year: YearOption = None,
) -> None:
    """Check a cycle template: one problem per line; exit 0 when it can be planned."""
    from arshjul.services.planning import check

    budget_year = year or dt.date.today().year + 1
    result = check(template, budget_year)
    for problem in result.problems:
        console.print(
            problem_line(problem, state.lang), markup=False, highlight=False, soft_wrap=True
        )
    for finding in result.law:
        console.print(
            finding_line(finding, template, state.lang),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if not result.ok or result.plan is None or result.law_errors:
        count = sum(1 for p in result.problems if p.severity == "error") + len(result.law_errors)
        err_console.print(label("invalid", state.lang, file=template, count=count))
        raise typer.Exit(1)
    console.print(
        label(
            "valid",
            state.lang,
            file=template,
            year=budget_year,
            milestones=len(result.plan.milestones),
            deliverables=len(result.plan.deliverables()),
        )
    )


@app.command()
def lint(
    template: Annotated[str, typer.Argument(help="A template file, or a shipped name: timra.")],
    year: YearOption = None,
    output: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Check a planned cycle against the Local Government Act; each finding cites its source."""
    from arshjul.services.planning import check

    budget_year = year or dt.date.today().year + 1
    result = check(template, budget_year)
    if not result.ok:
        for problem in result.problems:
            err_console.print(
                problem_line(problem, state.lang), markup=False, highlight=False, soft_wrap=True
            )
        raise typer.Exit(1)
    if output == "json":
        sys.stdout.write(
            json.dumps(
                [
                    {
                        "code": f.code,
                        "severity": f.severity.value,
                        "source": f.source,
                        "subject": f.subject,
                        **f.params,
                    }
                    for f in result.law
                ],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    else:
        for finding in result.law:
            console.print(
                finding_line(finding, template, state.lang),
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        if not result.law:
            console.print(label("law_clean", state.lang, file=template, year=budget_year))
    if result.law_errors:
        raise typer.Exit(1)


def _run_plan_flow(
    template: str, budget_year: int, allow_law_errors: bool = False
) -> dict[str, Any]:
    """Validate without Prefect first (fast, clear errors), then run the flow."""
    from arshjul.services.planning import check

    result = check(template, budget_year)
    if result.ok and result.law_errors:
        for finding in result.law_errors:
            (console if allow_law_errors else err_console).print(
                finding_line(finding, template, state.lang),
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        if not allow_law_errors:
            err_console.print(label("law_blocked", state.lang))
            raise typer.Exit(1)
    if not result.ok:
        for problem in result.problems:
            err_console.print(
                problem_line(problem, state.lang), markup=False, highlight=False, soft_wrap=True
            )
        err_console.print(
            label(
                "invalid",
                state.lang,
                file=template,
                count=sum(1 for p in result.problems if p.severity == "error"),
            )
        )
        raise typer.Exit(1)
    _prefect()
    from flows.plan_cycle import plan_cycle

    return plan_cycle(
        template=template,
        budget_year=budget_year,
        database_url=get_settings().resolved_database_url,
        allow_law_errors=allow_law_errors,
    )


def _prefect() -> None:
    """Configure Prefect's environment; call before the first import of a flow module."""
    from arshjul import prefect_env

    prefect_env.configure(get_settings())


def _sweep_instant(as_of: str | None) -> dt.datetime:
    """07:00 Stockholm on --as-of (the scheduled sweep's hour), else now."""
    if not as_of:
        return pendulum.now("UTC")
    day = _parse_date(as_of)
    return pendulum.datetime(day.year, day.month, day.day, 7, tz="Europe/Stockholm").in_timezone(
        "UTC"
    )


def _amount(text: str) -> int:
    from arshjul.core.frames import parse_sek

    amount = parse_sek(text)
    if amount is None:
        raise InvalidInput("bad_amount", value=text)
    return amount


def _print_over_frame(*, municipality: str | None, year: int | None, now: dt.datetime) -> None:
    """Flag every nämnd whose submitted budget is above its frame, under the board."""
    from arshjul.services.frames import frame_lines

    _muni, _cycle, lines = frame_lines(
        engine=_engine(create=False), municipality=municipality, year=year, today=local_date(now)
    )
    for line in lines:
        if line.over_frame:
            err_console.print(_over_frame_text(line), style="bold red")


def _print_changes(changes: dict[str, Any], name: str) -> None:
    console.print(
        label(
            "planned",
            state.lang,
            municipality=name,
            year=changes["budget_year"],
            created=changes["created"],
            updated=changes["updated"],
            moved=len(changes["moved"]),
            retired=changes["retired"],
        )
    )
    for key, old, new in changes["moved"]:
        console.print(label("moved_line", state.lang, milestone=key, old=old, new=new))


@app.command()
def plan(
    template: Annotated[str, typer.Argument(help="A template file, or a shipped name: timra.")],
    year: Annotated[int, typer.Option("--year", "-y", help="Budget year.")],
    allow_law_errors: Annotated[
        bool,
        typer.Option("--allow-law-errors", help="Plan even if the law checks fail (recorded)."),
    ] = False,
) -> None:
    """Plan (or re-plan) a cycle with the Prefect flow plan_cycle. Safe to repeat."""
    changes = _run_plan_flow(template, year, allow_law_errors)
    _print_changes(changes, changes["municipality_code"])


@app.command()
def status(
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    body: BodyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """The status board: milestones × bodies with colours, and counts per body."""
    with _user_errors():
        now = _now(as_of)
        print_status(municipality=municipality, year=year, body=body, now=now)
        _print_over_frame(municipality=municipality, year=year, now=now)


@app.command()
def deadlines(
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    body: BodyOption = None,
    as_of: AsOfOption = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include past deadlines.")] = False,
    output: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Upcoming deadlines (all of the cycle with --all), as a table or JSON."""
    from arshjul.cli import render

    with _user_errors():
        if output not in ("table", "json"):
            raise InvalidInput("bad_format", value=output)
        now = _now(as_of)
        muni, cycle, board = _load_board(municipality=municipality, year=year, body=body, now=now)
        records = render.deadline_records(board, state.lang, None if show_all else local_date(now))
        if output == "json":
            sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
            return
        if not records:
            console.print(label("no_deadlines", state.lang))
            return
        console.print(
            render.deadline_table(
                records,
                state.lang,
                label(
                    "deadlines_title", state.lang, municipality=muni.name, year=cycle.budget_year
                ),
            )
        )


@app.command()
def demo(
    as_of: Annotated[str, typer.Option("--as-of", help="Board date (YYYY-MM-DD).")] = "2019-05-08",
    year: Annotated[int, typer.Option("--year", "-y", help="Budget year.")] = 2020,
) -> None:
    """The main job on embedded defaults: set up the database, plan Timrå's cycle through the
    Prefect flow, add example submissions and print the status board as of a date."""
    from arshjul.services.demo import record_demo_budget_decision, seed_demo_submissions

    with _user_errors():
        day = _parse_date(as_of)
        settings = get_settings()
        console.print(
            label(
                "demo_intro",
                state.lang,
                municipality="Timrå kommun",
                year=year,
                url=settings.resolved_database_url,
            )
        )
        changes = _run_plan_flow("timra", year)
        _print_changes(changes, "Timrå kommun")
        seed_demo_submissions(
            engine=_engine(create=True), settings=settings, cycle_id=changes["cycle_id"], as_of=day
        )
        decision = record_demo_budget_decision(engine=_engine(create=False), budget_year=year)
        console.print()
        print_status(municipality="2262", year=year, body=None, now=noon(day))
        console.print()
        _print_decision(decision)
        console.print()
        at = _sweep_instant(as_of)
        from flows.send_reminders import send_reminders

        result = send_reminders(now=at, database_url=settings.resolved_database_url)
        _print_sweep(result, at)
        _print_outbox(state_filter=None, since=at, limit=50)


def _print_sweep(result: dict[str, Any], at: dt.datetime) -> None:
    queued, sent = result["queued"], result["delivery"]
    console.print(
        label(
            "swept",
            state.lang,
            when=pendulum.instance(at).in_timezone("Europe/Stockholm").format("YYYY-MM-DD HH:mm"),
            planned=queued["planned"],
            new=queued["new"],
            sent=sent["sent"],
            retry=sent["retry"],
            failed=sent["failed"],
        )
    )
    for code, problems in queued["skipped_municipalities"].items():
        err_console.print(label("templates_broken", state.lang, code=code))
        for line in problems:
            err_console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)


def _print_outbox(*, state_filter: str | None, since: dt.datetime | None, limit: int) -> None:
    from sqlmodel import Session

    from arshjul.cli import render
    from models import queries

    with Session(_engine(create=True)) as session:
        rows = queries.outbox_rows(session=session, state=state_filter, since=since, limit=limit)
    console.print(render.outbox_table(rows, state.lang, label("outbox_title", state.lang)))


@app.command()
def remind(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Sweep as if at 07:00 that day.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what is due; send nothing.")
    ] = False,
) -> None:
    """Run the reminder sweep (Prefect flow send_reminders) once, or list what it would send."""
    with _user_errors():
        at = _sweep_instant(as_of)
        if dry_run:
            from sqlmodel import Session

            from arshjul.cli import render
            from arshjul.services.outbox import plan_due

            with Session(_engine(create=False)) as session:
                planned = plan_due(session=session, now=at, settings=get_settings())
            console.print(
                render.planned_table(planned, state.lang, label("dry_run_title", state.lang))
            )
            return
        _engine(create=True)
        _prefect()
        from flows.send_reminders import send_reminders

        _print_sweep(send_reminders(now=at, database_url=get_settings().resolved_database_url), at)


@app.command()
def outbox(
    state_filter: Annotated[
        str | None, typer.Option("--state", help="pending, sending, retry, sent or failed.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows.")] = 50,
) -> None:
    """What the outbox holds: each message, its state, attempts and last error."""
    with _user_errors():
        _print_outbox(state_filter=state_filter, since=None, limit=limit)


@app.command()
def calendar(
    body: Annotated[str, typer.Option("--body", "-b", help="Body key, e.g. BUN.")],
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
) -> None:
    """A body's whole cycle as one iCalendar file: one all-day event per deadline."""
    from sqlmodel import Session

    from models import queries
    from notifications.ical import DeadlineEvent, calendar_text, deliverable_uid

    with _user_errors():
        now = pendulum.now("UTC")
        muni, cycle, board = _load_board(municipality=municipality, year=year, body=body, now=now)
        with Session(_engine(create=False)) as session:
            moves = queries.deadline_moves(session=session, cycle=cycle)
        events = [
            DeadlineEvent(
                uid=deliverable_uid(muni.code, cycle.budget_year, c.row.milestone_key, body),
                sequence=moves.get(c.row.milestone_key, 0),
                deadline=c.status.deadline,
                summary=f"{c.row.deliverable_title} ({body})",
                description=f"{c.row.milestone_title}\n{c.row.body_name}\n{muni.name}",
                stamp=now,
            )
            for c in board.cells
        ]
        text = calendar_text(events, f"{muni.name} {body} {cycle.budget_year}")
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            console.print(label("calendar_written", state.lang, file=output, count=len(events)))
        else:
            sys.stdout.write(text)


@app.command()
def templates(
    folder: Annotated[str | None, typer.Argument(help="An override folder to check.")] = None,
    municipality: MunicipalityOption = None,
) -> None:
    """Check a municipality's notification template overrides: one problem per line."""
    from pathlib import Path

    from notifications.render import check_overrides

    settings = get_settings()
    target = (
        Path(folder) if folder else (settings.override_dir(municipality) if municipality else None)
    )
    if target is None or not target.is_dir():
        err_console.print(label("no_templates", state.lang, folder=folder or municipality or "-"))
        raise typer.Exit(1)
    problems = check_overrides(target)
    for problem in problems:
        console.print(
            problem_line(problem, state.lang), markup=False, highlight=False, soft_wrap=True
        )
    if problems:
        raise typer.Exit(1)
    console.print(label("templates_ok", state.lang, folder=str(target)))


@app.command()
def serve() -> None:
    """Serve the deployments locally with Prefect: the sweep at 07:00 Stockholm on weekdays,
    and plan-cycle on demand. Stop with Ctrl-C."""
    _engine(create=True)
    _prefect()
    from prefect import serve as prefect_serve
    from prefect.schedules import Cron

    from flows.plan_cycle import plan_cycle
    from flows.send_reminders import send_reminders

    prefect_serve(
        send_reminders.to_deployment(
            name="send-reminders",
            schedules=[Cron(SWEEP_CRON, timezone="Europe/Stockholm")],
        ),
        plan_cycle.to_deployment(name="plan-cycle"),
    )


SWEEP_CRON = "0 7 * * 1-5"


DeliverableArg = Annotated[
    str, typer.Argument(help="Deliverable id (as in reminders) or MILESTONE/BODY.")
]


@app.command()
def submit(
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
    municipality: MunicipalityOption = None,
    year: YearOption = None,
) -> None:
    """Hand in your nämnd's document(s) for a deliverable; you get a receipt by e-mail."""
    from arshjul.services.submissions import submit as submit_files

    with _user_errors():
        outcome = submit_files(
            engine=_engine(create=False),
            settings=get_settings(),
            actor=state.actor,
            ref=deliverable,
            paths=files,
            comment=comment,
            diarienummer=diarienummer,
            budget_total_sek=_amount(budget_total) if budget_total else None,
            commitments_path=commitments,
            municipality=municipality,
            year=year,
            now=pendulum.now("UTC"),
        )
        for problem in outcome.warnings:
            err_console.print(problem_line(problem, state.lang), markup=False, soft_wrap=True)
        if outcome.identical_to is not None:
            console.print(label("identical", state.lang, version=outcome.identical_to))
            return
        console.print(
            label(
                "submitted",
                state.lang,
                id=outcome.deliverable_id,
                version=outcome.version,
                at=pendulum.instance(outcome.submitted_at)
                .in_timezone("Europe/Stockholm")
                .format("YYYY-MM-DD HH:mm:ss"),
            )
        )
        if outcome.late_business_days:
            console.print(
                label(
                    "late_submission",
                    state.lang,
                    days=outcome.late_business_days,
                    deadline=outcome.deadline.isoformat(),
                )
            )
        for f in outcome.files:
            console.print(
                f"  {f.name}  {f.size} B  sha256 {f.sha256}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        console.print(
            label("receipt_sent" if outcome.receipt_sent else "receipt_queued", state.lang)
        )
        if outcome.over_frame:
            err_console.print(
                label("over_frame_alerted", state.lang, count=outcome.coordinators_alerted),
                style="bold red",
            )


@app.command()
def review(
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
    from arshjul.services.submissions import review as review_submission

    with _user_errors():
        if accept == send_back:
            raise InvalidInput("accept_or_return")
        reviewed, notified = review_submission(
            engine=_engine(create=False),
            settings=get_settings(),
            actor=state.actor,
            ref=deliverable,
            accept=accept,
            comment=comment,
            new_deadline=_parse_date(deadline) if deadline else None,
            municipality=municipality,
            year=year,
            now=pendulum.now("UTC"),
        )
        console.print(
            label(
                "reviewed_" + (reviewed.review or ""),
                state.lang,
                version=reviewed.version,
                deadline=reviewed.new_deadline.isoformat() if reviewed.new_deadline else "",
            )
        )
        console.print(label("secretary_notified" if notified else "secretary_queued", state.lang))


FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
frame_app = typer.Typer(
    help="Ramstyrning: budget frames per nämnd and the budgets against them.", no_args_is_help=True
)
app.add_typer(frame_app, name="frame")


@frame_app.command("set")
def frame_set(
    body: Annotated[str, typer.Option("--body", "-b", help="The nämnd's key.")],
    amount: Annotated[str, typer.Option("--amount", help="Frame in kronor, e.g. 412500000.")],
    decision: Annotated[int | None, typer.Option("--decision", help="KF's decision no.")] = None,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
) -> None:
    """Enter KF's budget frame for a nämnd (coordinators); changes are audited."""
    from arshjul.services.frames import set_frame
    from arshjul.texts import sek

    with _user_errors():
        change = set_frame(
            engine=_engine(create=False),
            settings=get_settings(),
            actor=state.actor,
            body_key=body,
            amount_sek=_amount(amount),
            year=year,
            decision_id=decision,
            municipality=municipality,
            now=pendulum.now("UTC"),
        )
        console.print(
            label(
                "frame_set",
                state.lang,
                body=body,
                year=year or "",
                new=sek(change.new_sek),
                old=sek(change.old_sek),
            )
        )
        line = change.line
        if line.over_frame:
            alerted = label("over_frame_alerted", state.lang, count=change.coordinators_alerted)
            err_console.print(f"{_over_frame_text(line)} {alerted}", style="bold red")


@frame_app.command("report")
def frame_report(
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    output: FormatOption = "table",
) -> None:
    """Frames, submitted budgets and the difference per nämnd, with the totals."""
    from arshjul.services.frames import frame_lines
    from arshjul.core.frames import totals

    with _user_errors():
        muni, cycle, lines = frame_lines(
            engine=_engine(create=False),
            municipality=municipality,
            year=year,
            today=local_date(pendulum.now("UTC")),
        )
        rows = [
            {
                "namnd": line.body,
                "frame_sek": line.frame_sek,
                "submitted_sek": line.submitted_sek,
                "difference_sek": line.difference_sek,
                "over_frame": line.over_frame,
            }
            for line in lines
        ]
        total = totals(lines)
        rows.append(
            {
                "namnd": label("total", state.lang),
                "frame_sek": total.frame_sek,
                "submitted_sek": total.submitted_sek,
                "difference_sek": total.difference_sek,
                "over_frame": total.over_frame,
            }
        )
        _emit(
            rows,
            output,
            ("namnd", "frame_sek", "submitted_sek", "difference_sek", "over_frame"),
            label("frames_title", state.lang, municipality=muni.name, year=cycle.budget_year),
        )


def _template_or_exit(name: str) -> Any:
    """A loaded template (its vision areas and goal limit); its errors printed, exit 1."""
    from arshjul.core.template_loader import load_template
    from arshjul.cycle_templates import resolve

    loaded, problems = load_template(resolve(name))
    if loaded is None:
        for problem in problems:
            err_console.print(problem_line(problem, state.lang), markup=False, soft_wrap=True)
        raise typer.Exit(1)
    return loaded


def _over_frame_text(line: Any) -> str:
    from arshjul.texts import sek

    return label(
        "over_frame",
        state.lang,
        body=line.body,
        submitted=sek(line.submitted_sek),
        frame=sek(line.frame_sek),
        diff=sek(line.difference_sek),
    )


commitments_app = typer.Typer(
    help="A nämnd's chosen Agenda 2030 goals and contributions.", no_args_is_help=True
)
app.add_typer(commitments_app, name="commitments")


@commitments_app.command("check")
def commitments_check(
    file: Annotated[Path, typer.Argument(help="The nämnd's commitments, YAML or JSON.")],
    template: Annotated[
        str, typer.Option("--template", help="Cycle template (vision areas, goal limit).")
    ] = "timra",
) -> None:
    """Check a commitments file before handing it in: one problem per line with its line
    and field; exit 1 on errors."""
    from arshjul.core.commitments import read_commitments
    from arshjul.core.goals import GOALS

    loaded = _template_or_exit(template)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        err_console.print(f"{file}: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    commitments, found = read_commitments(
        text,
        file=str(file),
        vision_areas=tuple(area.key for area in loaded.vision.areas),
        max_goals=loaded.max_goals,
    )
    for problem in found:
        console.print(
            problem_line(problem, state.lang), markup=False, highlight=False, soft_wrap=True
        )
    if commitments is None:
        raise typer.Exit(1)
    console.print(
        label(
            "commitments_ok",
            state.lang,
            file=str(file),
            goals=len(commitments.goals),
            names=", ".join(f"{n} {GOALS[n]}" for n in commitments.goals),
        ),
        soft_wrap=True,
    )


@commitments_app.command("goals")
def commitments_goals(
    template: Annotated[
        str, typer.Option("--template", help="Cycle template (vision areas, goal limit).")
    ] = "timra",
    output: FormatOption = "table",
) -> None:
    """The reference data a nämnd chooses from: the 17 global goals and the vision areas."""
    from arshjul.core.goals import ALIASES, GOALS

    with _user_errors():
        loaded = _template_or_exit(template)
        aliases: dict[int, list[str]] = {}
        for alias, number in ALIASES.items():
            aliases.setdefault(number, []).append(alias)
        data = {
            "max_goals": loaded.max_goals,
            "goals": [
                {"number": n, "name": name, "aliases": sorted(aliases.get(n, []))}
                for n, name in GOALS.items()
            ],
            "vision": {
                "name": loaded.vision.name,
                "areas": [{"key": a.key, "name": a.name} for a in loaded.vision.areas],
            },
        }
        if output == "json":
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            return
        rows = [{"key": g["number"], "name": g["name"]} for g in data["goals"]]
        rows += [{"key": a["key"], "name": a["name"]} for a in data["vision"]["areas"]]
        _emit(
            rows,
            output,
            ("key", "name"),
            label("goals_title", state.lang, max=loaded.max_goals, vision=loaded.vision.name),
        )


@commitments_app.command("report")
def commitments_report(
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    output: FormatOption = "table",
) -> None:
    """The nämnder × the 17 goals, the vision areas each covers, and the gaps."""
    from arshjul.cli import render
    from arshjul.core.goals import GOALS
    from arshjul.services.commitments import coverage_report

    with _user_errors():
        report = coverage_report(
            engine=_engine(create=False),
            municipality=municipality,
            year=year,
            today=local_date(pendulum.now("UTC")),
        )
        data = report.as_dict()
        if output == "json":
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            return
        if output == "csv":
            rows = [
                {
                    "namnd": n["body"],
                    "handed_in": n["handed_in"],
                    "version": n["version"],
                    "goals": " ".join(str(g) for g in n["goals"]),
                    "vision_areas": " ".join(n["vision_areas"]),
                }
                for n in data["namnder"]
            ]
            _emit(rows, "csv", ("namnd", "handed_in", "version", "goals", "vision_areas"), "")
            return
        if output != "table":
            raise InvalidInput("bad_format", value=output)
        title = label(
            "coverage_title",
            state.lang,
            municipality=report.municipality.name,
            year=report.cycle.budget_year,
        )
        console.print(render.coverage_table(report, state.lang, title))
        chosen = [n for n, count in report.coverage.goal_counts.items() if count]
        if chosen:
            console.print(label("coverage_goals", state.lang))
            for number in chosen:
                console.print(f"  {number:>2} {GOALS[number]}", highlight=False)
        for area in report.coverage.vision_areas:
            console.print(f"  {area}: {report.area_names[area]}", style="cyan", highlight=False)
        for gap in report.coverage.gaps:
            err_console.print(
                label(f"gap_{gap.kind}", state.lang, body=gap.body, area=gap.area),
                style="yellow",
                highlight=False,
            )
        if not report.coverage.gaps:
            console.print(label("coverage_no_gaps", state.lang))


decision_app = typer.Typer(
    help="The decisions register: KF, KS and nämnd decisions and when they become final.",
    no_args_is_help=True,
)
app.add_typer(decision_app, name="decision")


def _print_decision(view: Any) -> None:
    data = view.as_dict()
    console.print(
        label(
            "decision_recorded",
            state.lang,
            id=data["id"],
            body=data["body"],
            meeting=data["meeting_date"],
            paragraph=data["paragraph"],
            title=data["title"],
        ),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        label(
            "decision_clock",
            state.lang,
            **{
                k: data[k] or "-"
                for k in ("latest_justering", "latest_anslag", "appeal_ends", "laga_kraft")
            },
            provisional=label("provisional", state.lang) if data["provisional"] else "",
        ),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


@decision_app.command("record")
def decision_record(
    body: Annotated[str, typer.Option("--body", "-b", help="KF, KS or a nämnd's key.")],
    meeting: Annotated[str, typer.Option("--meeting", help="Meeting date (YYYY-MM-DD).")],
    paragraph: Annotated[str, typer.Option("--paragraph", "-p", help='e.g. "§ 45".')],
    title: Annotated[str, typer.Option("--title", "-t", help="What was decided.")],
    diarienummer: Annotated[str, typer.Option("--dnr", help="Diarienummer.")] = "",
    milestone: Annotated[
        str | None, typer.Option("--milestone", help="The milestone this decision completes.")
    ] = None,
    justered: Annotated[str | None, typer.Option("--justered", help="Justering date.")] = None,
    announced: Annotated[str | None, typer.Option("--announced", help="Anslag date.")] = None,
    omedelbar: Annotated[bool, typer.Option("--omedelbar", help="Omedelbar justering.")] = False,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
) -> None:
    """Record a decision; prints when it must be justified and announced and when it becomes
    final (laga kraft)."""
    from arshjul.services.decisions import record

    with _user_errors():
        view = record(
            engine=_engine(create=False),
            actor=state.actor,
            body_key=body,
            meeting_date=_parse_date(meeting),
            paragraph=paragraph,
            title=title,
            diarienummer=diarienummer,
            milestone_key=milestone,
            year=year,
            justered=_parse_date(justered) if justered else None,
            announced=_parse_date(announced) if announced else None,
            omedelbar=omedelbar,
            municipality=municipality,
            now=pendulum.now("UTC"),
        )
        _print_decision(view)


@decision_app.command("update")
def decision_update(
    decision_id: Annotated[int, typer.Argument(help="The decision's number.")],
    justered: Annotated[str | None, typer.Option("--justered", help="Justering date.")] = None,
    announced: Annotated[str | None, typer.Option("--announced", help="Anslag date.")] = None,
) -> None:
    """Record a decision's justering or anslag when it happens."""
    from arshjul.services.decisions import update

    with _user_errors():
        view = update(
            engine=_engine(create=False),
            actor=state.actor,
            decision_id=decision_id,
            justered=_parse_date(justered) if justered else None,
            announced=_parse_date(announced) if announced else None,
            now=pendulum.now("UTC"),
        )
        _print_decision(view)


@decision_app.command("list")
def decision_list(
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    output: FormatOption = "table",
) -> None:
    """Every recorded decision with its justering, anslag, appeal window and laga kraft."""
    from arshjul.services.decisions import listing

    with _user_errors():
        muni, views = listing(engine=_engine(create=False), municipality=municipality, year=year)
        rows = [v.as_dict() for v in views]
        _emit(
            rows,
            output,
            (
                "id",
                "body",
                "meeting_date",
                "paragraph",
                "title",
                "milestone",
                "justered_on",
                "announced_on",
                "appeal_ends",
                "laga_kraft",
            ),
            label("decisions_title", state.lang, municipality=muni.name),
        )


audit_app = typer.Typer(
    help="The audit trail: verify it, read it, export submissions.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify() -> None:
    """Recompute every hash chain; exit 1 naming the first bad event."""
    from arshjul.services.audit import verify_all

    broken = False
    with _user_errors():
        reports = verify_all(engine=_engine(create=False))
    for report in reports:
        if report.first_break is None:
            console.print(
                label("chain_ok", state.lang, code=report.municipality_code, events=report.events)
            )
        else:
            broken = True
            err_console.print(
                label(
                    "chain_broken",
                    state.lang,
                    code=report.municipality_code,
                    seq=report.first_break.seq,
                    id=report.first_break.event_id,
                    reason=label("break_" + report.first_break.reason, state.lang),
                )
            )
    if broken:
        raise typer.Exit(1)


def _emit(rows: list[dict[str, Any]], output: str, columns: tuple[str, ...], title: str) -> None:
    from arshjul.cli import render
    from arshjul.services.audit import as_csv

    if output == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    elif output == "csv":
        sys.stdout.write(as_csv(rows, columns))
    elif output == "table":
        console.print(render.rows_table(rows, columns, title))
    else:
        raise InvalidInput("bad_format", value=output)


@audit_app.command("log")
def audit_log(
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    body: BodyOption = None,
    person: Annotated[str | None, typer.Option("--person", help="Actor e-mail.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="e.g. submitted, refused.")] = None,
    output: FormatOption = "table",
) -> None:
    """Every recorded event in order, filtered by year, body, person or kind."""
    from arshjul.services.audit import authorise_reader, event_rows

    with _user_errors():
        engine = _engine(create=False)
        muni = authorise_reader(
            engine=engine, actor=state.actor, municipality=municipality, now=pendulum.now("UTC")
        )
        rows = event_rows(
            engine=engine, municipality=muni, year=year, body=body, person=person, kind=kind
        )
        _emit(
            rows,
            output,
            ("seq", "at", "actor", "kind", "subject", "payload"),
            label("audit_title", state.lang, municipality=muni.name),
        )


@audit_app.command("submissions")
def audit_submissions(
    year: Annotated[int, typer.Option("--year", "-y", help="Budget year.")],
    municipality: MunicipalityOption = None,
    output: FormatOption = "csv",
) -> None:
    """One row per submission version: who, when, on time or how late, checksums, review."""
    from arshjul.services.audit import SUBMISSION_COLUMNS, authorise_reader, submission_rows

    with _user_errors():
        engine = _engine(create=False)
        muni = authorise_reader(
            engine=engine, actor=state.actor, municipality=municipality, now=pendulum.now("UTC")
        )
        _emit(
            submission_rows(engine=engine, municipality=muni, year=year),
            output,
            SUBMISSION_COLUMNS,
            label("audit_title", state.lang, municipality=muni.name),
        )


@audit_app.command("show")
def audit_show(
    deliverable: DeliverableArg,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    output: FormatOption = "table",
) -> None:
    """A deliverable's whole history, in order."""
    from arshjul.services.audit import authorise_reader, history

    with _user_errors():
        engine = _engine(create=False)
        now = pendulum.now("UTC")
        muni = authorise_reader(
            engine=engine, actor=state.actor, municipality=municipality, now=now
        )
        rows = history(engine=engine, municipality=muni, ref=deliverable, year=year, now=now)
        _emit(
            rows,
            output,
            ("seq", "at", "actor", "kind", "payload"),
            label("audit_title", state.lang, municipality=muni.name),
        )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
