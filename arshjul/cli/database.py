"""`arshjul db upgrade` and `arshjul db current`: the schema's revision (models.migrate).
`arshjul init` upgrades too; a command that reads an older database brings it up first."""

from __future__ import annotations

import typer

from arshjul.cli.common import app, command, console
from arshjul.texts import label

db_app = typer.Typer(help="The database schema: its revision and its migrations.")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade(tctx: typer.Context) -> None:
    """Migrate the database to the newest schema (creating it if it does not exist)."""
    from arshjul.models import migrate

    with command(tctx) as ctx:
        engine = ctx.database(create=True)
        console.print(
            label("db_revision", ctx.lang, revision=migrate.current(engine), head=migrate.HEAD)
        )


@db_app.command("current")
def current(tctx: typer.Context) -> None:
    """Print the database's schema revision and the newest this arshjul knows."""
    from arshjul.models import migrate
    from arshjul.models.db import make_engine

    with command(tctx) as ctx:
        engine = make_engine(ctx.settings.resolved_database_url, ctx.settings.db_busy_seconds)
        try:
            found = migrate.current(engine)
        finally:
            engine.dispose()
        console.print(label("db_revision", ctx.lang, revision=found or "–", head=migrate.HEAD))
        if found != migrate.HEAD:
            raise typer.Exit(1)
