"""The cycle templates shipped with arshjul, each checked for a span of budget years: what a
municipality looks at before copying one (`arshjul wheels`)."""

from __future__ import annotations

from dataclasses import dataclass

from arshjul.core import law
from arshjul.core.planner import plan
from arshjul.core.problems import Severity
from arshjul.core.template import LawTag
from arshjul.cycle_templates import shipped
from arshjul.services.template_files import load_template


@dataclass(frozen=True, slots=True)
class Wheel:
    name: str
    municipality: str  # kommunkod and name
    file: str
    first_year: int
    last_year: int
    milestones: int  # in the template
    deliverables: int  # planned for `first_year`
    kf_budget: str  # when KF adopts the budget for `first_year`
    errors: int  # template problems and law errors over the span
    warnings: int
    failing_years: tuple[int, ...]


def shipped_wheels(first_year: int, last_year: int) -> list[Wheel]:
    """Every shipped template, validated and checked against the law for each budget year."""
    wheels = []
    for name, path in sorted(shipped().items()):
        template, problems = load_template(path)
        if template is None:
            count = sum(p.severity is Severity.ERROR for p in problems)
            years = tuple(range(first_year, last_year + 1))
            wheels.append(
                Wheel(name, "", str(path), first_year, last_year, 0, 0, "", count, 0, years)
            )
            continue
        errors = warnings = deliverables = 0
        budget_day = ""
        failing: list[int] = []
        for year in range(first_year, last_year + 1):
            planned, plan_problems = plan(template, year)
            findings = law.check(template, planned) if planned is not None else []
            severities = [p.severity for p in plan_problems] + [f.severity for f in findings]
            year_errors = sum(s is Severity.ERROR for s in severities)
            errors += year_errors
            warnings += sum(s is Severity.WARNING for s in severities)
            if year_errors or planned is None:
                failing.append(year)
            if year == first_year and planned is not None:
                deliverables = len(planned.deliverables())
                budget = [m for m in planned.milestones if m.law == LawTag.KF_BUDGET]
                budget_day = budget[0].deadline.date.isoformat() if budget else ""
        wheels.append(
            Wheel(
                name,
                f"{template.municipality.code} {template.municipality.name}",
                str(path),
                first_year,
                last_year,
                len(template.milestones),
                deliverables,
                budget_day,
                errors,
                warnings,
                tuple(failing),
            )
        )
    return wheels
