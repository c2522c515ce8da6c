"""The documented automation: when KF's or KS's own decision milestone ends "Försenad",
run `decision_late`, which tells the coordinators through our outbox.

Created (or replaced) by `arshjul prefect automation`. It matches the event Prefect emits
for the run's final state, `prefect.flow-run.Försenad`, on runs tagged `beslut:KF` or
`beslut:KS` (arshjul.core.milestone_runs tags the decision milestones so)."""

from __future__ import annotations

from uuid import UUID

from arshjul.flows.milestone_due import LATE
from prefect.automations import AutomationCore, EventTrigger, Posture, RunDeployment
from prefect.client.orchestration import PrefectClient, get_client
from prefect.exceptions import ObjectNotFound

NAME = "arshjul: KF:s eller KS:s beslut försenat"
FLOW_NAME = "decision_late"
DEPLOYMENT = "decision-late"
SERVED = f"{DEPLOYMENT} (serve)"
DECIDERS = ("KF", "KS")


async def decision_late_deployment(client: PrefectClient) -> UUID:
    """prefect.yaml's `decision-late`, else the served one (registered if missing)."""
    for name in (DEPLOYMENT, SERVED):
        try:
            return (await client.read_deployment_by_name(f"{FLOW_NAME}/{name}")).id
        except ObjectNotFound:
            continue
    from arshjul.flows.milestone_due import decision_late

    return await (await decision_late.ato_deployment(name=SERVED)).aapply()


def automation(deployment: UUID) -> AutomationCore:
    return AutomationCore(
        name=NAME,
        description=(
            "När en KF- eller KS-beslutsmilstolpe slutar Försenad: meddela samordnarna "
            "genom arshjuls utkorg (flödet decision_late)."
        ),
        trigger=EventTrigger(
            expect={f"prefect.flow-run.{LATE}"},
            match={"prefect.resource.id": "prefect.flow-run.*"},
            match_related={
                "prefect.resource.role": "tag",
                "prefect.resource.id": [f"prefect.tag.beslut:{body}" for body in DECIDERS],
            },
            posture=Posture.Reactive,
            threshold=1,
        ),
        actions=[
            RunDeployment(
                source="selected",
                deployment_id=deployment,
                # a plain Jinja template renders to text; the `{{ … }}` shorthand would
                # pass the id through `tojson`, which a UUID fails
                parameters={
                    "flow_run_id": {"__prefect_kind": "jinja", "template": "{{ flow_run.id }}"}
                },
            )
        ],
    )


async def ensure_automation() -> UUID:
    """Create the automation, replacing one of the same name (so rerunning is safe)."""
    async with get_client() as client:
        deployment = await decision_late_deployment(client)
        for old in await client.read_automations_by_name(NAME):
            if old.id is not None:
                await client.delete_automation(old.id)
        return await client.create_automation(automation(deployment))
