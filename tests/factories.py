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


# The follow-up: a verksamhetsplan that collects commitments and three reports that collect
# assessments (tertial 1, delår, helår), a chair of KF (KF's presidium) and two vision areas.
FOLLOWUP_TEMPLATE = (
    "vision:\n"
    "  name: Vision 2025\n"
    "  areas:\n"
    "    - {key: tillvaxt, name: Tillväxt}\n"
    "    - {key: service, name: Service}\n"
    "goals: {max_per_namnd: 3}\n"
    + MAIL_TEMPLATE.replace(
        "      - {role: auditor, name: Revisor, email: revisor@example.org}\n",
        "      - {role: auditor, name: Revisor, email: revisor@example.org}\n"
        "      - {role: chair, name: Ordförande KF, email: kf.ordforande@example.org}\n",
    )
    + """\
  - key: plan
    title: Verksamhetsplan
    deliverable: Verksamhetsplan med valda globala mål
    responsible: every nämnd
    deadline: {fixed: "11-29", year: -1}
    collects: commitments
  - key: tertial
    title: Tertialrapport
    deliverable: Tertialrapport
    responsible: every nämnd
    for_each: {month: [4], year: 0}
    deadline: {after_month_end: true, days: 15}
    collects: assessments
  - key: delar
    title: Delårsrapport
    deliverable: Delårsrapport
    responsible: every nämnd
    deadline: {fixed: "09-20", year: 0}
    collects: assessments
  - key: helar
    title: Verksamhetsberättelse
    deliverable: Verksamhetsberättelse
    responsible: every nämnd
    deadline: {fixed: "02-15", year: 1}
    collects: assessments
"""
)
BUN_COMMITMENTS = """\
goals: [4, 10]
vision: {tillvaxt: Fler i arbete genom vuxenutbildning.}
contributions: {4: Fler behöriga lärare., 10: Kompensatorisk skola.}
indicators:
  4:
    - {kolada: N15419, name: Behöriga lärare, unit: "%", target: 80}
    - {key: larare, name: Lärare med legitimation, unit: st, target: 120}
"""
BUN_TERTIAL = """\
goals:
  4:
    assessment: delvis uppfyllt
    comment: Fler behöriga lärare, men inte nog.
    indicators: {N15419: "71,5"}
  10: {assessment: inte uppfyllt, comment: Ojämn måluppfyllelse mellan skolor.}
vision:
  tillvaxt: {assessment: uppfyllt}
"""
BUN_DELAR = """\
goals:
  4: {assessment: uppfyllt, comment: Målet nått i augusti., indicators: {N15419: "80,5"}}
  10: {assessment: delvis uppfyllt}
vision:
  tillvaxt: {assessment: uppfyllt, comment: Vuxenutbildningen växer.}
"""
TERTIAL, DELAR = "tertial@2020-04", "delar"
PDF_BYTES = b"%PDF-1.4\nRapport\n%%EOF\n"


def followup_into(engine, folder: Path, *, reports: tuple[str, ...] = (TERTIAL, DELAR)) -> None:
    """Plan the follow-up template, then `followup_hand_ins`."""
    plan_into(engine, FOLLOWUP_TEMPLATE)
    followup_hand_ins(engine, folder, reports=reports)


def followup_hand_ins(engine, folder: Path, *, reports: tuple[str, ...] = (TERTIAL, DELAR)) -> None:
    """BUN hands in its commitments and then each report asked for with its assessments
    (KS hands in nothing)."""
    from arshjul.services.submissions import SubmissionIn, submit

    pdf = folder / "rapport.pdf"
    pdf.write_bytes(PDF_BYTES)
    steps = [
        (
            "plan/BUN",
            at("2019-11-20", 10),
            {"commitments_path": write(folder, BUN_COMMITMENTS, "vp.yaml")},
        ),
        (
            f"{TERTIAL}/BUN",
            at("2020-05-12", 10),
            {"assessments_path": write(folder, BUN_TERTIAL, "t1.yaml")},
        ),
        (
            f"{DELAR}/BUN",
            at("2020-09-15", 10),
            {"assessments_path": write(folder, BUN_DELAR, "delar.yaml")},
        ),
    ]
    for ref, now, extra in steps:
        if ref == "plan/BUN" or ref.split("/")[0] in reports:
            submit(ctx_for(engine, "bun@example.org", now), SubmissionIn(ref, (pdf,), **extra))
