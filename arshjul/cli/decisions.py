"""The decisions register: record a decision, its justering and anslag; list them all."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from arshjul.cli.common import (
    FormatOption,
    MunicipalityOption,
    YearOption,
    app,
    command,
    emit,
    parse_date,
    say,
)
from arshjul.context import Context
from arshjul.texts import label

decision_app = typer.Typer(
    help="The decisions register: KF, KS and nämnd decisions and when they become final.",
    no_args_is_help=True,
)
app.add_typer(decision_app, name="decision")


def print_decision(ctx: Context, view: Any) -> None:
    data = view.as_dict()
    say(
        label(
            "decision_recorded",
            ctx.lang,
            id=data["id"],
            body=data["body"],
            meeting=data["meeting_date"],
            paragraph=data["paragraph"],
            title=data["title"],
        )
    )
    clock = {
        k: data[k] or "-"
        for k in ("latest_justering", "latest_anslag", "appeal_ends", "laga_kraft")
    }
    provisional = label("provisional", ctx.lang) if data["provisional"] else ""
    say(label("decision_clock", ctx.lang, **clock, provisional=provisional))


@decision_app.command("record")
def decision_record(
    tctx: typer.Context,
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
    from arshjul.services.decisions import DecisionIn, record

    with command(tctx) as ctx:
        form = DecisionIn(
            body_key=body,
            meeting_date=parse_date(ctx, meeting),
            paragraph=paragraph,
            title=title,
            diarienummer=diarienummer,
            milestone_key=milestone,
            year=year,
            justered=parse_date(ctx, justered) if justered else None,
            announced=parse_date(ctx, announced) if announced else None,
            omedelbar=omedelbar,
            municipality=municipality,
        )
        print_decision(ctx, record(ctx, form))


@decision_app.command("update")
def decision_update(
    tctx: typer.Context,
    decision_id: Annotated[int, typer.Argument(help="The decision's number.")],
    justered: Annotated[str | None, typer.Option("--justered", help="Justering date.")] = None,
    announced: Annotated[str | None, typer.Option("--announced", help="Anslag date.")] = None,
) -> None:
    """Record a decision's justering or anslag when it happens."""
    from arshjul.services.decisions import DecisionUpdateIn, update

    with command(tctx) as ctx:
        form = DecisionUpdateIn(
            decision_id,
            justered=parse_date(ctx, justered) if justered else None,
            announced=parse_date(ctx, announced) if announced else None,
        )
        print_decision(ctx, update(ctx, form))


@decision_app.command("list")
def decision_list(
    tctx: typer.Context,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    output: FormatOption = "table",
) -> None:
    """Every recorded decision with its justering, anslag, appeal window and laga kraft:
    a late justering or anslag says so, a date that is only provisional (the anslag not
    yet recorded) is marked as such."""
    from arshjul.services.decisions import listing

    with command(tctx) as ctx:
        muni, views = listing(ctx, municipality=municipality, year=year)
        found = [v.as_dict() for v in views]
        title = label("decisions_title", ctx.lang, municipality=muni.name)
        if output == "table":
            emit(ctx, [table_row(d, ctx.lang) for d in found], output, TABLE_COLUMNS, title)
        else:
            emit(ctx, found, output, FIELDS, title)


FIELDS = (
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
    "provisional",
    "justering_late",
    "anslag_late",
)
TABLE_COLUMNS = (
    "id",
    "body",
    "meeting_date",
    "paragraph",
    "title",
    "milestone",
    "justering",
    "anslag",
    "appeal_ends",
    "laga_kraft",
)


def table_row(d: dict[str, Any], lang: str) -> dict[str, Any]:
    """A decision as a controller reads it: each step done (late, if it was) or due by
    when, and the appeal window and laga kraft marked provisional until the anslag is
    recorded."""

    def step(done: str | None, limit: str | None, late: bool) -> str:
        if done is None:
            return label("cell_due", lang, limit=limit) if limit else "–"
        return label("cell_late", lang, date=done, limit=limit) if late else done

    def final(day: str | None) -> str:
        if day is None:
            return "–"
        return label("cell_provisional", lang, date=day) if d["provisional"] else day

    return {
        **d,
        "justering": step(d["justered_on"], d["latest_justering"], d["justering_late"]),
        "anslag": step(d["announced_on"], d["latest_anslag"], d["anslag_late"]),
        "appeal_ends": final(d["appeal_ends"]),
        "laga_kraft": final(d["laga_kraft"]),
    }
