"""The documented automation: when KF's or KS's own decision milestone is found late, run
`decision_late`, which tells the coordinators through our outbox.

Created (or replaced) by `arshjul prefect automation`. It matches the event the milestone's
run emits just before it ends "Försenad", `arshjul.milestone.late`, from runs tagged
`beslut:KF` or `beslut:KS` (arshjul.core.milestone_runs tags the decision milestones so).
Not the state's own event `prefect.flow-run.Försenad`: that one follows the run's previous
state event, and Prefect's trigger service holds an event whose predecessor it has not
seen for up to 15 minutes, which after a server restart is every predecessor (README, "The
wheel in Prefect"). The daily sweep tells the coordinators too if this never fires."""

from __future__ import annotations

from uuid import UUID

from arshjul.flows.milestone_due import LATE_EVENT
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


def _from_the_run(expression: str) -> dict[str, str]:
    """A parameter rendered from the late run as text (Jinja's `tojson` shorthand would fail
    on a UUID), read when the action runs."""
    return {"__prefect_kind": "jinja", "template": "{{ " + expression + " }}"}


# the deciding body, from the late run's `beslut:KF` tag
DECIDED_BY = (
    "{% for tag in flow_run.tags %}{% if tag.startswith('beslut:') %}{{ tag[7:] }}"
    "{% endif %}{% endfor %}"
)


def automation(deployment: UUID) -> AutomationCore:
    """The trigger and its action; `decision_late` gets the decision by name, from the late
    run's own parameters, so its run shows which decision it is about."""
    return AutomationCore(
        name=NAME,
        description=(
            "När en KF- eller KS-beslutsmilstolpe är försenad: meddela samordnarna "
            "genom arshjuls utkorg (flödet decision_late)."
        ),
        trigger=EventTrigger(
            expect={LATE_EVENT},
            match={"prefect.resource.id": "arshjul.milestone.*"},
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
                parameters={
                    "municipality": _from_the_run("flow_run.parameters.municipality"),
                    # a single expression keeps its type: the year stays a number
                    "budget_year": "{{ flow_run.parameters.budget_year }}",
                    "milestone": _from_the_run("flow_run.parameters.milestone"),
                    "decided_by": {"__prefect_kind": "jinja", "template": DECIDED_BY},
                    "flow_run_id": _from_the_run("flow_run.id"),
                },
                job_variables=None,
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
