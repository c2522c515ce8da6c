"""The wheel's stored versions on the command line: the history, and the current (or one)
version written as YAML that `arshjul validate` accepts. The same service and `authorise`
as the web's version history."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from arshjul.cli.common import FormatOption, MunicipalityOption, app, command, emit, say
from arshjul.texts import label

template_app = typer.Typer(help="The wheel's stored versions (its template).", no_args_is_help=True)
app.add_typer(template_app, name="template")

VERSION_COLUMNS = ("version", "at", "author", "source", "file", "reason", "sha256")


@template_app.command("export")
def template_export(
    tctx: typer.Context,
    municipality: MunicipalityOption = None,
    version: Annotated[
        int | None, typer.Option("--version", min=1, help="A version (default: the current).")
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
) -> None:
    """Write the wheel's current version (or --version N) as YAML (coordinators, admins,
    auditors): plan it with `arshjul plan` and the deadlines are the same."""
    from arshjul.services.wheel_versions import version_text

    with command(tctx) as ctx:
        found = version_text(ctx, municipality=municipality, version=version)
        if output is None:
            sys.stdout.write(found.text)
            return
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(found.text)
        say(
            label(
                "template_exported",
                ctx.lang,
                version=found.version,
                municipality=found.municipality.code,
                file=output,
                sha256=found.sha256[:12],
            )
        )


@template_app.command("versions")
def template_versions(
    tctx: typer.Context, municipality: MunicipalityOption = None, output: FormatOption = "table"
) -> None:
    """Every version of the wheel, newest first: when, by whom, from where and why."""
    from arshjul.cli.common import local_time
    from arshjul.services.wheel_versions import history

    with command(tctx) as ctx:
        found, versions = history(ctx, municipality=municipality)
        rows = [
            {
                "version": v.version,
                "at": local_time(v.at),
                "author": v.author,
                "source": v.source,
                "file": v.file,
                "reason": v.reason,
                "sha256": v.sha256 if output != "table" else v.sha256[:12],
            }
            for v in versions
        ]
        title = label("template_versions_title", ctx.lang, municipality=found.name)
        emit(ctx, rows, output, VERSION_COLUMNS, title)
