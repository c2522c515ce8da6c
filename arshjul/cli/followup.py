"""The follow-up: the roll-up for KF (`followup report`), a nämnd's assessments file to
fill in (`followup form`), and indicator values for the municipality (`indicators import
FILE`, `indicators fetch --kpi ID`). Each calls the service the web application calls."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from arshjul.cli.common import (
    DeliverableArg,
    MunicipalityOption,
    YearOption,
    app,
    command,
    console,
    say,
)
from arshjul.errors import InvalidInput
from arshjul.texts import label

if TYPE_CHECKING:  # the services load when a command runs, not with every command
    from arshjul.services.followup_report import FollowupView
    from arshjul.services.indicators import ImportOutcome

followup_app = typer.Typer(
    help="The follow-up of the nämnder's commitments: the roll-up and the assessments.",
    no_args_is_help=True,
)
indicators_app = typer.Typer(
    help="Indicator values for the municipality: Kolada's API format or CSV.",
    no_args_is_help=True,
)
app.add_typer(followup_app, name="followup")
app.add_typer(indicators_app, name="indicators")

OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead.")
]


@followup_app.command("report")
def followup_report(
    tctx: typer.Context,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    output: Annotated[
        str, typer.Option("--format", "-f", help="table, json, xlsx, md or html.")
    ] = "table",
    to: OutputOption = None,
) -> None:
    """Vision area × nämnd and goal × nämnd: each nämnd's latest assessment and its trend
    over the year's reports, the summary per area and goal, and the gaps (coordinators
    and KF's presidium)."""
    from arshjul.services import followup_report as report
    from arshjul.services.followup import authorise_reader, followup_view

    with command(tctx) as ctx:
        if output not in ("table", "json", "xlsx", "md", "html"):
            raise InvalidInput("bad_format", value=output)
        muni = authorise_reader(ctx, municipality=municipality)
        view = followup_view(ctx, municipality=muni, year=year)
        if output == "xlsx":
            name = to or Path(f"uppfoljning-{muni.code}-{view.cycle.budget_year}.xlsx")
            name.write_bytes(report.as_xlsx([view], ctx.lang))
            say(label("followup_written", ctx.lang, file=str(name)))
            return
        if output == "table":
            _print_tables(view, ctx.lang)
            return
        if output == "json":
            text = json.dumps(report.as_data(view, ctx.lang), ensure_ascii=False, indent=2) + "\n"
        else:
            text = (report.as_markdown if output == "md" else report.as_html)(view, ctx.lang)
        if to is not None:
            to.write_text(text, encoding="utf-8")
            say(label("followup_written", ctx.lang, file=str(to)))
        else:
            sys.stdout.write(text)


def _print_tables(view: FollowupView, lang: str) -> None:
    from arshjul.cli import render
    from arshjul.core.commitments import CommitmentKind
    from arshjul.services.followup_report import cell_text, gap_lines

    rollup = view.rollup
    keys = tuple(key for key, _name in rollup.bodies)
    for kind, heading in (
        (CommitmentKind.VISION, label("followup_areas", lang)),
        (CommitmentKind.GOAL, label("followup_goals", lang)),
    ):
        rows = [
            {"": view.title(ref)} | {b: cell_text(view, rollup.cell(ref, b), lang) for b in keys}
            for ref in rollup.rows(kind)
        ]
        title = label(
            "followup_title",
            lang,
            municipality=view.municipality.name,
            year=view.cycle.budget_year,
        )
        console.print(render.rows_table(rows, ("", *keys), f"{title}: {heading}"))
    console.print(label("followup_gaps", lang))
    for line in gap_lines(view, lang) or [label("followup_no_gaps", lang)]:
        say(f"  {line}")


@followup_app.command("form")
def followup_form(
    tctx: typer.Context,
    deliverable: DeliverableArg,
    municipality: MunicipalityOption = None,
    year: YearOption = None,
    to: OutputOption = None,
) -> None:
    """A YAML file with one entry per commitment of your nämnd, prefilled from its latest
    report: fill it in and hand it in with `submit … --assessments FILE`."""
    from arshjul.services.assessments import assessment_form, scale_of

    with command(tctx) as ctx:
        form = assessment_form(ctx, deliverable, municipality=municipality, year=year)
        if not form.rows:
            raise InvalidInput(
                "followup_form_none",
                milestone=form.milestone,
                body=form.body,
                collects=label("yes" if form.collects else "no", ctx.lang),
                commitments=label("yes" if form.has_commitments else "no", ctx.lang),
            )
        lines = [label("followup_form_written", ctx.lang, milestone=form.milestone, body=form.body)]
        if form.prefilled_from:
            milestone, version = form.prefilled_from
            lines.append(
                label("followup_form_prefilled", ctx.lang, milestone=milestone, version=version)
            )
        text = "\n".join(lines) + "\n" + form.yaml(scale_of(ctx.settings))
        if to is not None:
            to.write_text(text, encoding="utf-8")
            say(label("followup_written", ctx.lang, file=str(to)))
        else:
            sys.stdout.write(text)


@indicators_app.command("import")
def indicators_import(
    tctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Kolada's API answer (JSON) or a CSV file.")],
    municipality: MunicipalityOption = None,
    kpi: Annotated[
        str | None, typer.Option("--kpi", help="Every value must be of this Kolada KPI.")
    ] = None,
) -> None:
    """Import indicator values for the municipality (coordinators): a file saved from
    Kolada's API (/v2/data/kpi/ID/municipality/KOMMUNKOD) or a CSV file with the columns
    indicator;period;value. A file with any problem stores nothing."""
    from arshjul.services.indicators import import_file

    with command(tctx) as ctx:
        outcome = import_file(ctx, file, municipality=municipality, kpi=kpi)
        _say_imported(ctx.lang, outcome)


@indicators_app.command("fetch")
def indicators_fetch(
    tctx: typer.Context,
    kpi: Annotated[str, typer.Option("--kpi", help="The Kolada KPI, e.g. N00945.")],
    municipality: MunicipalityOption = None,
) -> None:
    """Fetch a KPI's values for the municipality from Kolada's API (ARSHJUL_KOLADA_URL)
    and import them (coordinators)."""
    from arshjul.services.indicators import fetch

    with command(tctx) as ctx:
        _say_imported(ctx.lang, fetch(ctx, kpi=kpi, municipality=municipality))


def _say_imported(lang: str, outcome: ImportOutcome) -> None:
    say(
        label(
            "indicators_imported",
            lang,
            file=outcome.file,
            changed=outcome.changed,
            unchanged=outcome.unchanged,
            skipped=outcome.skipped,
        )
    )
