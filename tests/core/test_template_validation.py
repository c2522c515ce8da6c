"""Each kind of bad template gives a problem naming the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from arshjul.core.problems import Severity, errors
from arshjul.services.template_files import load_template
from arshjul.texts import problem_line
from tests.factories import SMALL_TEMPLATE, problems_of, small_template, with_milestone


def bad(old: str, new: str) -> str:
    assert old in SMALL_TEMPLATE, old
    return SMALL_TEMPLATE.replace(old, new, 1)


def only_error(text: str) -> tuple[str, int | None, str, dict]:
    found = errors(problems_of(text))
    assert len(found) == 1, found
    p = found[0]
    assert p.file == "bad.yaml"
    return p.code, p.line, p.field, p.params


def test_the_small_template_is_valid() -> None:
    assert problems_of(SMALL_TEMPLATE) == []


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "field"),
    [
        ("responsible: KLK", "responsible: KLX", "unknown_body", 18, "milestones[0].responsible"),
        ("body: KF, title", "body: KFX, title", "unknown_body", 13, "meetings[1].body"),
        (
            "before_meeting: ks-maj",
            "before_meeting: ks-mars",
            "unknown_meeting",
            24,
            "milestones[1].deadline.before_meeting",
        ),
        (
            "on_meeting: kf-jun",
            "on_meeting: kf-juni",
            "unknown_meeting",
            30,
            "milestones[2].deadline.on_meeting",
        ),
        (
            "depends_on: [pf]",
            "depends_on: [pff]",
            "unknown_milestone",
            25,
            "milestones[1].depends_on[0]",
        ),
        (
            "depends_on: [pf]",
            "depends_on: [budget]",
            "dependency_cycle",
            25,
            "milestones[1].depends_on",
        ),
        (
            "{last_business_day_of: 2, year: -1}",
            '{fixed: "12-01", year: -2}',
            "outside_cycle",
            19,
            "milestones[0].deadline",
        ),
        (
            "{last_business_day_of: 2, year: -1}",
            '{fixed: "02-30", year: -1}',
            "uncomputable",
            19,
            "milestones[0].deadline",
        ),
        (
            "date: {month: 6, day: 17, year: -1}",
            "date: {month: 2, weekday: monday, nth: 5, year: -1}",
            "uncomputable",
            13,
            "meetings[1].date",
        ),
        ("    title: Budgetunderlag\n", "", "missing_field", 20, "milestones[1].title"),
        (
            "business_days: 10",
            "business_days: ten",
            "wrong_type",
            24,
            "milestones[1].deadline.business_days",
        ),
        (
            "business_days: 10",
            "business_days: 10, days: 3",
            "bad_rule",
            24,
            "milestones[1].deadline",
        ),
        (
            "{on_meeting: kf-jun}",
            '{on_meeting: kf-jun, fixed: "06-01"}',
            "bad_rule",
            30,
            "milestones[2].deadline",
        ),
    ],
)
def test_reference_and_rule_errors(old: str, new: str, code: str, line: int, field: str) -> None:
    assert only_error(bad(old, new))[:3] == (code, line, field)


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "field"),
    [
        (
            "    title: Budgetunderlag\n",
            "    title: Budgetunderlag\n    colour: red\n",
            "unknown_field",
            22,
            "milestones[1].colour",
        ),
        ("kind: namnd", "kind: nämnder", "bad_choice", 7, "bodies[2].kind"),
        (
            "email: bun@example.org",
            "email: bun.example.org",
            "bad_value",
            9,
            "bodies[2].contacts[0].email",
        ),
        (
            "email: bun@example.org",
            'email: "bun@example.org, extern@evil.example"',  # a second, outside recipient
            "bad_value",
            9,
            "bodies[2].contacts[0].email",
        ),
        (
            "name: Sekreterare, email",
            'name: "Sekreterare\\r\\nBcc: extern@evil.example", email',  # header injection
            "control_character",
            9,
            "bodies[2].contacts[0].name",
        ),
        (
            "    title: Budgetunderlag\n",
            '    title: "Budget\\nunderlag"\n',
            "control_character",
            21,
            "milestones[1].title",
        ),
        ('code: "9999"', 'code: "99"', "bad_value", 1, "municipality.code"),
        (
            "year: -1}\n  - key: budget",
            "year: 5}\n  - key: budget",
            "out_of_range",
            19,
            "milestones[0].deadline.year",
        ),
        ("  - key: BUN\n", "  - key: KF\n", "duplicate_key", 5, "bodies[2].key"),
        ("responsible: KLK", "responsible: []", "wrong_type", 18, "milestones[0].responsible"),
        ("role: secretary", "role: sekreterare", "bad_choice", 9, "bodies[2].contacts[0].role"),
    ],
)
def test_structural_errors(old: str, new: str, code: str, line: int, field: str) -> None:
    assert only_error(bad(old, new))[:3] == (code, line, field)


def test_every_problem_is_reported_in_one_run() -> None:
    text = bad("responsible: KLK", "responsible: KLX").replace("kind: namnd", "kind: x")
    codes = sorted(p.code for p in problems_of(text))
    assert codes == ["bad_choice"]  # structural errors stop before references are checked
    text = bad("responsible: KLK", "responsible: KLX").replace(
        "depends_on: [pf]", "depends_on: [nope]"
    )
    assert sorted(p.code for p in problems_of(text)) == ["unknown_body", "unknown_milestone"]


def test_duplicate_milestone_key() -> None:
    found = errors(problems_of(bad("  - key: pf\n", "  - key: budget\n")))
    assert ("duplicate_key", 20, "milestones[1].key") in [(p.code, p.line, p.field) for p in found]


def test_yaml_syntax_error_names_the_line() -> None:
    code, line, _field, params = only_error(bad("depends_on: [pf]", "depends_on: [pf"))
    assert code == "yaml_syntax" and line is not None and line >= 25
    assert params["detail"]


def test_duplicate_yaml_key_is_a_syntax_error_with_its_line() -> None:
    code, line, _f, params = only_error(
        bad("    title: Budgetunderlag\n", "    title: Budgetunderlag\n    title: Igen\n")
    )
    assert (code, line) == ("yaml_syntax", 22)
    assert "title" in params["detail"]


def test_top_level_must_be_a_mapping() -> None:
    assert only_error("- a\n- b\n")[:3] == ("wrong_type", 1, "")


def test_missing_municipality() -> None:
    text = SMALL_TEMPLATE.split("\n", 1)[1]
    assert only_error(text)[0] == "missing_field"


def test_longer_cycle_is_found_with_its_path() -> None:
    text = bad(
        "    deadline: {last_business_day_of: 2, year: -1}\n",
        "    deadline: {last_business_day_of: 2, year: -1}\n    depends_on: [kf-budget]\n",
    )
    code, _line, field, params = only_error(text)
    assert code == "dependency_cycle" and field == "milestones[0].depends_on"
    assert params["cycle"] == ["pf", "kf-budget", "budget", "pf"]


def test_dependency_out_of_order_is_a_warning_not_an_error() -> None:
    text = bad("{on_meeting: kf-jun}", '{fixed: "01-15", year: -1}')
    problems = problems_of(text)
    assert [p.code for p in problems] == ["dependency_order"]
    assert problems[0].severity is Severity.WARNING


def test_unreadable_file(tmp_path: Path) -> None:
    template, problems = load_template(tmp_path / "missing.yaml")
    assert template is None
    assert problems[0].code == "file_missing"


def test_problem_lines_read_like_compiler_errors() -> None:
    problem = errors(problems_of(bad("responsible: KLK", "responsible: KLX")))[0]
    assert problem_line(problem, "sv").startswith(
        "bad.yaml:18: milestones[0].responsible: okänt organ 'KLX'; kända är BUN, KF, KLK, KS"
    )
    assert "unknown body 'KLX'" in problem_line(problem, "en")


def test_reminder_settings_per_template_and_milestone() -> None:
    from tests.factories import small_plan

    text = SMALL_TEMPLATE.replace(
        "bodies:\n", "reminders: {days_before: [21], overdue_every_days: 14}\nbodies:\n", 1
    ).replace("    depends_on: [pf]\n", "    depends_on: [pf]\n    reminders: {days_before: [3]}\n")
    _template, cycle_plan = small_plan(2020, text)
    assert cycle_plan.milestone("pf").reminders.days_before == (21,)
    assert cycle_plan.milestone("pf").reminders.overdue_every_days == 14
    assert cycle_plan.milestone("budget").reminders.days_before == (3,)
    assert cycle_plan.milestone("budget").reminders.overdue_every_days == 14


@pytest.mark.parametrize(
    ("reminders", "code", "field"),
    [
        ("{days_before: [0]}", "bad_value", "reminders.days_before[0]"),
        ("{days_before: 7}", "wrong_type", "reminders.days_before"),
        ("{on_the_day: maybe}", "wrong_type", "reminders.on_the_day"),
        ("{overdue_every_days: -1}", "out_of_range", "reminders.overdue_every_days"),
        ("{weekly: true}", "unknown_field", "reminders.weekly"),
    ],
)
def test_bad_reminder_settings(reminders: str, code: str, field: str) -> None:
    text = SMALL_TEMPLATE.replace("bodies:\n", f"reminders: {reminders}\nbodies:\n", 1)
    assert only_error(text)[0::2] == (code, field)
    assert only_error(text)[1] == 2


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ("    opens_on_decision: kf-budgte\n", "unknown_milestone", "opens_on_decision"),
        ("    opens_on_decision: plan\n", "unknown_milestone", "opens_on_decision"),
        ("    collects: goals\n", "bad_choice", "collects"),
        ("    completed_by: beslut\n", "bad_choice", "completed_by"),
    ],
)
def test_decision_gates_and_collected_data_are_checked(extra: str, code: str, field: str) -> None:
    text = with_milestone(
        "  - key: plan\n"
        "    title: Verksamhetsplan\n"
        "    deliverable: Plan\n"
        "    responsible: every nämnd\n"
        '    deadline: {fixed: "11-29", year: -1}\n' + extra
    )
    assert only_error(text)[:3] == (code, 38, f"milestones[3].{field}")


def test_max_goals_per_namnd() -> None:
    assert small_template().max_goals == 5
    text = "goals: {max_per_namnd: 3}\n" + SMALL_TEMPLATE
    assert small_template(text).max_goals == 3
    assert only_error("goals: {max_per_namnd: 18}\n" + SMALL_TEMPLATE)[:3] == (
        "out_of_range",
        1,
        "goals.max_per_namnd",
    )
