"""A body's meeting dates for a year on the command line: written into the wheel's
`calendars:` as a new version and re-planned (or previewed with --preview). The same
service and `authorise` as the web's Sammanträden page."""

from __future__ import annotations

from typing import Annotated

import typer

from arshjul.cli.common import AsOfOption, MunicipalityOption, app, command, print_problems, say
from arshjul.texts import label

meetings_app = typer.Typer(help="Meeting calendars (sammanträdesplaner).", no_args_is_help=True)
app.add_typer(meetings_app, name="meetings")


@meetings_app.command("set")
def meetings_set(
    tctx: typer.Context,
    body: Annotated[str, typer.Option("--body", "-b", help="Body key, e.g. KF.")],
    year: Annotated[int, typer.Option("--year", "-y", min=1900, max=2200, help="Their year.")],
    dates: Annotated[
        list[str], typer.Argument(help="Dates: 2027-02-15 or '15 februari 2027', or a,b,c.")
    ],
    preview: Annotated[
        bool, typer.Option("--preview", help="Show what it would change; change nothing.")
    ] = False,
    expect_version: Annotated[
        str | None,
        typer.Option("--expect-version", help="Only if the wheel is still this version."),
    ] = None,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept with the version).")] = "",
    municipality: MunicipalityOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Set a body's meeting dates for a year (coordinators): each argument is a line, a
    bad one named by its number; a Sunday or a holiday is a warning."""
    from arshjul.cli.wheel_preview import print_preview
    from arshjul.services.meeting_calendars import CalendarIn, apply_calendar, preview_calendar

    with command(tctx, as_of if preview else None) as ctx:
        form = CalendarIn(body, year, "\n".join(dates), municipality, reason, "arshjul meetings")
        if preview:
            change, previews = preview_calendar(ctx, form)
            print_problems(ctx, list(change.warnings), error=False)
            base = change.base_sha256[:12]
            quoted = " ".join(f"'{d}'" for d in dates)
            again = f"arshjul meetings set --body {body} --year {year} --expect-version {base}"
            for found in previews:
                print_preview(ctx, found, f"calendars {body} {year}", f"{again} {quoted}")
            return
        change, done = apply_calendar(ctx, form, base_sha256=expect_version)
        print_problems(ctx, list(change.warnings), error=False)
        say(
            label(
                "meetings_set",
                ctx.lang,
                body=body,
                year=year,
                count=len(change.dates),
                version=done[-1].version if done else "-",
                years=", ".join(str(y) for y in change.budget_years),
                notices=sum(len(d.notice_keys) for d in done),
            )
        )
