"""Builders for test data: small cycle templates written as YAML text, so line numbers in
error messages can be asserted exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from arshjul.core.planner import CyclePlan, plan
from arshjul.core.problems import Problem
from arshjul.core.template import CycleTemplate
from arshjul.core.template_loader import parse_template

# Line numbers matter: tests refer to them. Line 1 is "municipality:".
SMALL_TEMPLATE = """\
municipality: {code: "9999", name: Testkommun}
bodies:
  - {key: KF, name: Kommunfullmäktige, kind: kf}
  - {key: KS, name: Kommunstyrelsen, kind: ks}
  - key: BUN
    name: Barn- och utbildningsnämnden
    kind: namnd
    contacts:
      - {role: secretary, name: Sekreterare, email: bun@example.org}
  - {key: KLK, name: Kommunledningskontoret, kind: office}
meetings:
  - {key: ks-maj, body: KS, title: KS maj, date: {month: 5, weekday: tuesday, nth: 3, year: -1}}
  - {key: kf-jun, body: KF, title: KF juni, date: {month: 6, day: 17, year: -1}}
milestones:
  - key: pf
    title: Planeringsförutsättningar
    deliverable: Dokument
    responsible: KLK
    deadline: {last_business_day_of: 2, year: -1}
  - key: budget
    title: Budgetunderlag
    deliverable: Underlag
    responsible: every nämnd
    deadline: {before_meeting: ks-maj, business_days: 10}
    depends_on: [pf]
  - key: kf-budget
    title: Budget beslutas
    deliverable: Beslut
    responsible: KF
    deadline: {on_meeting: kf-jun}
    depends_on: [budget]
    completed_by: decision
"""


def small_template(text: str = SMALL_TEMPLATE, file: str = "test.yaml") -> CycleTemplate:
    template, problems = parse_template(text, file)
    assert template is not None, problems
    return template


def small_plan(year: int = 2020, text: str = SMALL_TEMPLATE) -> tuple[CycleTemplate, CyclePlan]:
    template = small_template(text)
    cycle_plan, problems = plan(template, year)
    assert cycle_plan is not None, problems
    return template, cycle_plan


def with_milestone(extra: str, text: str = SMALL_TEMPLATE) -> str:
    """The small template with one more milestone appended (YAML lines, 2-space indented)."""
    return text + extra


def problems_of(text: str, year: int = 2020) -> list[Problem]:
    template, problems = parse_template(text, "bad.yaml")
    if template is None:
        return problems
    return problems + plan(template, year)[1]


def write(tmp: Path, text: str, name: str = "cycle.yaml") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def at(day: str, hour: int = 12, minute: int = 0) -> dt.datetime:
    """An aware instant at a Stockholm wall-clock time."""
    from arshjul.core.instants import STOCKHOLM

    d = dt.date.fromisoformat(day)
    return dt.datetime(d.year, d.month, d.day, hour, minute, tzinfo=STOCKHOLM)


# The small template with a coordinator at KLK and a secretary at KS too.
MAIL_TEMPLATE = (
    SMALL_TEMPLATE.replace(
        "  - {key: KF, name: Kommunfullmäktige, kind: kf}\n",
        "  - key: KF\n    name: Kommunfullmäktige\n    kind: kf\n    contacts:\n"
        "      - {role: auditor, name: Revisor, email: revisor@example.org}\n",
    )
    .replace(
        "  - {key: KS, name: Kommunstyrelsen, kind: ks}\n",
        "  - key: KS\n    name: Kommunstyrelsen\n    kind: ks\n    contacts:\n"
        "      - {role: secretary, name: Sekreterare KS, email: ks@example.org}\n",
    )
    .replace(
        "  - {key: KLK, name: Kommunledningskontoret, kind: office}\n",
        "  - key: KLK\n    name: Kommunledningskontoret\n    kind: office\n    contacts:\n"
        "      - {role: coordinator, name: Samordnare, email: samordnare@example.org}\n"
        "      - {role: secretary, name: Sekreterare KLK, email: klk@example.org}\n",
    )
)


def ctx_for(engine, actor: str | None = None, now: dt.datetime | None = None):
    """A context on a test database: the settings of the test, `actor` acting, and the
    clock fixed at `now` when given."""
    from arshjul.context import Context
    from arshjul.settings import get_settings

    ctx = Context.create(get_settings(), actor=actor, engine=engine)
    return ctx.at(now) if now is not None else ctx


def plan_into(engine, text: str = MAIL_TEMPLATE, year: int = 2020, now: dt.datetime | None = None):
    """Plan a template straight into a database (no Prefect); returns the PlanChanges."""
    from arshjul.services.planning import save_plan

    template, cycle_plan = small_plan(year, text)
    ctx = ctx_for(engine, now=now or dt.datetime(2019, 1, 2, tzinfo=dt.UTC))
    return save_plan(ctx, template=template, cycle_plan=cycle_plan)


def sweep(engine, now: dt.datetime) -> None:
    """What the scheduled flow does, without Prefect: queue what is owed, send it all."""
    from arshjul.notifications.delivery import channel_from, deliver
    from arshjul.notifications.due import enqueue

    ctx = ctx_for(engine, now=now)
    enqueue(ctx)
    while deliver(ctx, channel_from(ctx.settings), batch_size=2).claimed:
        pass
