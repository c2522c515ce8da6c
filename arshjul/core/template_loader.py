"""Read a cycle template from YAML text, reporting every problem with its file, line and
field.

The reader collects problems instead of stopping at the first, so a coordinator editing the
file sees all of them in one `arshjul validate` run:
- YAML syntax and line numbers: arshjul.core.yaml_lines;
- the sections (missing fields, wrong types, unknown keys): arshjul.core.template_sections,
  template_milestones and template_rules;
- references between parts (unknown body, meeting or milestone, dependency cycles):
  arshjul.core.template_references;
- whether every date can be computed and lies inside the cycle: arshjul.core.planner.
Reading the file is the caller's edge (arshjul.services.template_files).
"""

from __future__ import annotations

from arshjul.core import template_sections as sections
from arshjul.core.goals import DEFAULT_MAX_GOALS
from arshjul.core.problems import Problem, Severity
from arshjul.core.reminders import ReminderSchedule
from arshjul.core.template import CycleTemplate, Vision
from arshjul.core.template_calendars import calendars
from arshjul.core.template_milestones import milestones as read_milestones
from arshjul.core.template_references import check_references
from arshjul.core.yaml_lines import LineMap, Reader, load_yaml

TOP_LEVEL = (
    "municipality",
    "vision",
    "goals",
    "cycle",
    "reminders",
    "bodies",
    "calendars",
    "meetings",
    "milestones",
)


# How many entries a section may list: ten times the largest wheel shipped (Uppsala: 32
# milestones, 22 bodies, 14 meetings), so that a template of 10,000 milestones is refused
# naming the limit and its line instead of being validated and planned for minutes.
LIMITS = {"milestones": 300, "bodies": 200, "meetings": 300, "calendars": 200}


def _within_limits(r: Reader, top: LineMap) -> bool:
    within = True
    for key, limit in LIMITS.items():
        value = top.get(key)
        if isinstance(value, list) and len(value) > limit:
            r.report("too_many", r.line(top, key), key, count=len(value), limit=limit)
            within = False
    return within


def parse_template(text: str, file: str) -> tuple[CycleTemplate | None, list[Problem]]:
    """Parse template text; returns the template (None if any error) and all problems."""
    r = Reader(file)
    root, syntax = load_yaml(text, file)
    if syntax:
        return None, syntax
    top = r.mapping(root, 1, "")
    if top is None:
        return None, r.problems
    r.check_keys(top, "", TOP_LEVEL)
    if not _within_limits(r, top):
        return None, r.problems
    if "municipality" not in top:
        r.report("missing_field", top.line, "municipality", expected="mapping")
    municipality = sections.municipality(r, top) if "municipality" in top else None
    vision = sections.vision(r, top) if "vision" in top else Vision("", None, ())
    max_goals = sections.max_goals(r, top) if "goals" in top else DEFAULT_MAX_GOALS
    start, end, due_soon = sections.cycle_settings(r, top)
    bodies = sections.bodies(r, top)
    meetings = sections.meetings(r, top)
    body_calendars = calendars(r, top, sections.meeting_when)
    reminders = ReminderSchedule()
    if "reminders" in top:
        reminders = sections.reminder_schedule(
            r, top["reminders"], r.line(top, "reminders"), "reminders", reminders
        )
    milestones = read_milestones(r, top, reminders)
    if any(p.severity is Severity.ERROR for p in r.problems) or municipality is None:
        return None, r.problems
    template = CycleTemplate(
        file,
        municipality,
        vision,
        tuple(bodies),
        tuple(meetings),
        tuple(milestones),
        start,
        end,
        due_soon,
        reminders,
        max_goals,
        tuple(body_calendars),
        text,
    )
    r.problems.extend(check_references(template))
    if any(p.severity is Severity.ERROR for p in r.problems):
        return None, r.problems
    return template, r.problems
