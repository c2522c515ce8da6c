"""A nämnd's Agenda 2030 commitments: check a file, list the goals, report the coverage."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from arshjul.cli.common import (
    FormatOption,
    MunicipalityOption,
    YearOption,
    app,
    command,
    console,
    context,
    emit,
    err_console,
    print_problems,
    say,
    write_json,
)
from arshjul.context import Context
from arshjul.errors import InvalidInput
from arshjul.texts import label

if TYPE_CHECKING:  # loaded by the commands that read a template, not by every command
    from arshjul.core.template import CycleTemplate

commitments_app = typer.Typer(
    help="A nämnd's chosen Agenda 2030 goals and contributions.", no_args_is_help=True
)
app.add_typer(commitments_app, name="commitments")

TemplateOption = Annotated[
    str, typer.Option("--template", help="Cycle template (vision areas, goal limit).")
]


def template_or_exit(ctx: Context, name: str) -> CycleTemplate:
    """A loaded template (its vision areas and goal limit); its errors printed, exit 1."""
    from arshjul.services.template_files import load_template

    loaded, problems = load_template(name)
    if loaded is None:
        print_problems(ctx, problems)
        raise typer.Exit(1)
    return loaded


@commitments_app.command("check")
def commitments_check(
    tctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The nämnd's commitments, YAML or JSON.")],
    template: TemplateOption = "timra",
) -> None:
    """Check a commitments file before handing it in: one problem per line with its line
    and field; exit 1 on errors."""
    from arshjul.core.commitments import read_commitments
    from arshjul.core.goals import GOALS

    ctx = context(tctx)
    loaded = template_or_exit(ctx, template)
    from arshjul.services.bounded_files import read_text_file

    try:
        text = read_text_file(file)
    except InvalidInput as exc:
        say(label(exc.key, ctx.lang, **exc.params), error=True)
        raise typer.Exit(1) from None
    commitments, found = read_commitments(
        text,
        file=str(file),
        vision_areas=tuple(area.key for area in loaded.vision.areas),
        max_goals=loaded.max_goals,
    )
    print_problems(ctx, found, error=False)
    if commitments is None:
        raise typer.Exit(1)
    names = ", ".join(f"{n} {GOALS[n]}" for n in commitments.goals)
    say(
        label("commitments_ok", ctx.lang, file=str(file), goals=len(commitments.goals), names=names)
    )


@commitments_app.command("goals")
def commitments_goals(
    tctx: typer.Context, template: TemplateOption = "timra", output: FormatOption = "table"
) -> None:
    """The reference data a nämnd chooses from: the 17 global goals and the vision areas."""
    from arshjul.core.goals import ALIASES, GOALS

    with command(tctx) as ctx:
        loaded = template_or_exit(ctx, template)
        aliases: dict[int, list[str]] = {}
        for alias, number in ALIASES.items():
            aliases.setdefault(number, []).append(alias)
        goals = [
            {"number": n, "name": name, "aliases": sorted(aliases.get(n, []))}
            for n, name in GOALS.items()
        ]
        areas = [{"key": a.key, "name": a.name} for a in loaded.vision.areas]
        if output == "json":
            write_json(
                {
                    "max_goals": loaded.max_goals,
                    "goals": goals,
                    "vision": {"name": loaded.vision.name, "areas": areas},
                }
            )
            return
        rows = [{"key": g["number"], "name": g["name"]} for g in goals] + areas
        title = label("goals_title", ctx.lang, max=loaded.max_goals, vision=loaded.vision.name)
        emit(ctx, rows, output, ("key", "name"), title)


@commitments_app.command("report")
def commitments_report(
    tctx: typer.Context,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    output: FormatOption = "table",
) -> None:
    """The nämnder × the 17 goals, the vision areas each covers, and the gaps."""
    from arshjul.cli import render
    from arshjul.core.goals import GOALS
    from arshjul.services.commitments import coverage_report

    with command(tctx) as ctx:
        report = coverage_report(ctx, municipality=municipality, year=year)
        data = report.as_dict()
        if output == "json":
            write_json(data)
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
            emit(ctx, rows, "csv", ("namnd", "handed_in", "version", "goals", "vision_areas"), "")
            return
        if output != "table":
            raise InvalidInput("bad_format", value=output)
        title = label(
            "coverage_title",
            ctx.lang,
            municipality=report.municipality.name,
            year=report.cycle.budget_year,
        )
        console.print(render.coverage_table(report, ctx.lang, title))
        chosen = [n for n, count in report.coverage.goal_counts.items() if count]
        if chosen:
            console.print(label("coverage_goals", ctx.lang))
            for number in chosen:
                console.print(f"  {number:>2} {GOALS[number]}", highlight=False)
        for area in report.coverage.vision_areas:
            console.print(f"  {area}: {report.area_names[area]}", style="cyan", highlight=False)
        for gap in report.coverage.gaps:
            err_console.print(
                label(f"gap_{gap.kind}", ctx.lang, body=gap.body, area=gap.area),
                style="yellow",
                highlight=False,
            )
        if not report.coverage.gaps:
            console.print(label("coverage_no_gaps", ctx.lang))
