"""`arshjul prefect sync` and `arshjul prefect automation`: the cycle mirrored in Prefect as
one scheduled `milestone_due` run per milestone, and the automation that tells the
coordinators when KF's or KS's decision is late. These talk to Prefect; reads do not."""

from __future__ import annotations

import typer

from arshjul.cli.common import ExitCode, MunicipalityOption, YearOption, app, command, console
from arshjul.cli.cycle import prefect_ready, print_failed
from arshjul.texts import label

prefect_app = typer.Typer(help="The cycle in Prefect: milestone runs and the automation.")
app.add_typer(prefect_app, name="prefect")


@prefect_app.command("sync")
def sync(
    tctx: typer.Context, municipality: MunicipalityOption = None, year: YearOption = None
) -> None:
    """Rebuild the scheduled milestone runs from the tables: create the missing, reschedule
    the moved, update the changed, delete the orphaned; the rest are counted unchanged.
    Every planned cycle unless one is named. A busy server is waited for; what it still
    would not take is listed, and the exit status is 3 (run it again to finish)."""
    with command(tctx) as ctx:
        prefect_ready(ctx)
        from arshjul.flows.mirror import sync_from_tables

        result = sync_from_tables(ctx, code=municipality, budget_year=year)
        fields = {k: v for k, v in vars(result).items() if k not in ("runs", "failed")}
        console.print(label("mirrored", ctx.lang, **fields))
        print_failed(ctx.lang, result.failed)
    if result.failed:
        raise typer.Exit(ExitCode.FAILED)


@prefect_app.command("automation")
def automation(tctx: typer.Context) -> None:
    """Create (or replace) the automation: a KF or KS decision milestone found late (its
    run ends "Försenad") runs `decision_late`, which tells the coordinators through the
    outbox."""
    with command(tctx) as ctx:
        prefect_ready(ctx)
        from prefect.utilities.asyncutils import run_coro_as_sync

        from arshjul.flows.automation import NAME, ensure_automation

        made = run_coro_as_sync(ensure_automation())
        console.print(label("automation_made", ctx.lang, name=NAME, id=made))
