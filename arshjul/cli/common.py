"""What every command shares: the Typer app, the context built once per command in the
callback, the common options, one way to report a user's error, and output helpers.

Commands that only read or write state never import Prefect, Jinja or the outbox at
module level; tests/cli/test_cold_start.py keeps it that way.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from typing import Annotated, Any

import typer
from rich.console import Console

from arshjul.context import Context
from arshjul.core.instants import STOCKHOLM, noon, parse_day
from arshjul.errors import ArshjulError, InvalidInput
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

LangOption = Annotated[str | None, typer.Option("--lang", help="sv (default) or en.")]
AsOption = Annotated[
    str | None,
    typer.Option("--as", help="Act as this person (e-mail in the template); or ARSHJUL_AS."),
]
MunicipalityOption = Annotated[
    str | None, typer.Option("--municipality", "-m", help="Kommunkod, e.g. 2262.")
]
YearOption = Annotated[
    int | None, typer.Option("--year", "-y", min=1900, max=2200, help="Budget year.")
]
BodyOption = Annotated[str | None, typer.Option("--body", "-b", help="Body key, e.g. BUN.")]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Show the state as of this date (YYYY-MM-DD).")
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
DeliverableArg = Annotated[
    str, typer.Argument(help="Deliverable id (as in reminders) or MILESTONE/BODY.")
]


class ExitCode(IntEnum):
    """What every command's exit status means (README, "Exit codes")."""

    OK = 0
    ERROR = 1  # a person's error: bad input, refused, not found; said in one line
    USAGE = 2  # the command line or an ARSHJUL_* setting is malformed
    FAILED = 3  # the work ran and part of it failed: messages failed for good, the mail
    # server unusable, a municipality's templates broken
    SKIPPED = 4  # left undone: another run holds the outbox; the next run does it


@app.callback()
def _main(tctx: typer.Context, lang: LangOption = None, as_person: AsOption = None) -> None:
    from pydantic import ValidationError

    try:
        tctx.obj = Context.create(actor=as_person, lang=lang, operator=operating_user())
    except ValidationError as exc:  # a malformed ARSHJUL_* setting: say which, no traceback
        from arshjul.settings import variable

        for error in exc.errors():
            name = variable(str(error["loc"][0])) if error["loc"] else "ARSHJUL_*"
            say(f"{name}: {error['msg']} ({error.get('input')!r})", error=True, style="red")
        raise typer.Exit(2) from None
    tctx.call_on_close(tctx.obj.close)


def operating_user() -> str:
    """The operating-system user and host running this command: recorded in every event
    beside the `--as` person, which is only a claim on the command line."""
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return f"{user}@{socket.gethostname()}"


def context(tctx: typer.Context) -> Context:
    """The context the callback built for this command."""
    ctx: Context = tctx.find_root().obj
    return ctx


@contextmanager
def command(tctx: typer.Context, as_of: str | None = None) -> Iterator[Context]:
    """The command's context (its clock fixed at midday Stockholm on `--as-of`), with any
    user error said as one line and exit 1."""
    ctx = context(tctx)
    with user_errors(ctx):
        yield ctx.viewing(noon(parse_date(ctx, as_of))) if as_of else ctx


def parse_date(ctx: Context, value: str) -> dt.date:
    day = parse_day(value)
    if day is None:
        raise InvalidInput("bad_date", value=value)
    return day


def amount(text: str) -> int:
    from arshjul.core.frames import parse_sek

    parsed = parse_sek(text)
    if parsed is None:
        raise InvalidInput("bad_amount", value=text)
    return parsed


def local_time(instant: dt.datetime) -> str:
    return instant.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M:%S")


def say(text: str, *, error: bool = False, style: str | None = None) -> None:
    """One line as written: no Rich markup or highlighting in user data."""
    (err_console if error else console).print(
        text, markup=False, highlight=False, soft_wrap=True, style=style
    )


def print_problems(ctx: Context, problems: list[Any], *, error: bool = True) -> None:
    for problem in problems:
        say(problem_line(problem, ctx.lang), error=error)


@contextmanager
def user_errors(ctx: Context) -> Iterator[None]:
    """Say an ArshjulError as one line (its problems or findings first) and exit 1."""
    from sqlalchemy.exc import OperationalError

    try:
        yield
    except OperationalError as exc:  # another process holds the database
        if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
            raise
        seconds = ctx.settings.db_busy_seconds
        say(label("database_busy", ctx.lang, seconds=f"{seconds:g}"), error=True, style="red")
        raise typer.Exit(1) from None
    except ArshjulError as exc:
        print_problems(ctx, getattr(exc, "problems", []))
        for finding in getattr(exc, "findings", []):
            say(finding_line(finding, "", ctx.lang), error=True)
        say(label(exc.key, ctx.lang, **exc.params), error=True, style="red")
        raise typer.Exit(1) from None


def warn_mail_setup(ctx: Context) -> None:
    """At the start of a command that sends over SMTP: a line for each sender or
    Message-ID domain that is not fully qualified (the channel logs the same)."""
    from arshjul.notifications import unqualified_mail_domains

    for name, domain in unqualified_mail_domains(ctx.settings):
        say(label("mail_domain_not_qualified", ctx.lang, variable=name, domain=domain), error=True)


def emit(
    ctx: Context, rows: list[dict[str, Any]], output: str, columns: tuple[str, ...], title: str
) -> None:
    """Rows as a table, JSON or CSV (defused for spreadsheets, with a byte-order mark: the
    same export as the web's, arshjul.services.spreadsheets)."""
    from arshjul.cli import render
    from arshjul.services.spreadsheets import spreadsheet_csv

    if output == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    elif output == "csv":
        sys.stdout.flush()
        sys.stdout.buffer.write(spreadsheet_csv(rows, columns))
        sys.stdout.buffer.flush()
    elif output == "table":
        console.print(render.rows_table(rows, columns, title, ctx.lang))
    else:
        raise InvalidInput("bad_format", value=output)


def write_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
