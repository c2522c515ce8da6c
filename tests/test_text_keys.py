"""Every text key the program can look up exists in the catalogue (whose both languages
tests/core/test_texts.py checks). Literal keys are found in the source; keys built at run
time are listed here with what they are built from, and a key built in a new way fails
until it is added, so no user ever meets a KeyError instead of a sentence."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from arshjul.core.audit import BreakReason
from arshjul.core.checkpoints import CheckpointBreak
from arshjul.core.commitments import GapKind
from arshjul.core.decisions import Step
from arshjul.core.facts import Review
from arshjul.core.followup import GapKind as FollowupGap
from arshjul.core.followup import Trend
from arshjul.core.phases import Phase
from arshjul.core.reminders import NoticeKind
from arshjul.errors import ArshjulError
from arshjul.services.followup_report import (
    _ASSESSED_COLUMNS,
    _INDICATOR_COLUMNS,
    _SUMMARY_COLUMNS,
)
from arshjul.services.milestone_mirror import Outcome
from arshjul.services.storage import StoredFileProblem
from arshjul.texts import LABELS, LAW, PROBLEMS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    path
    for package in ("arshjul", "models", "flows", "notifications")
    for path in sorted((ROOT / package).rglob("*.py"))
]


def _subclasses(cls: type) -> set[type]:
    return {cls} | {s for sub in cls.__subclasses__() for s in _subclasses(sub)}


ERRORS = {cls.__name__ for cls in _subclasses(ArshjulError)}

# Keys built at run time, and every value they can take.
BUILT_AT_RUN_TIME = {
    "f'gap_{gap.kind}'": {f"gap_{kind}" for kind in GapKind},
    "'break_' + report.first_break.reason": {f"break_{reason}" for reason in BreakReason},
    "'break_' + broken['reason']": {f"break_{reason}" for reason in BreakReason},  # the sweep's
    "'reviewed_' + (reviewed.review or '')": {f"reviewed_{review}" for review in Review},
    "f'step_{owed.step.value}'": {f"step_{step}" for step in Step},
    # an error's own key: each raise is checked below, and these are set in __init__
    "exc.key": {"file_invalid", "invalid", "law_blocked", "cycle_closed", "not_permitted"},
    "f'stored_{problem.problem}'": {f"stored_{p}" for p in StoredFileProblem},
    "f'checkpoint_{seal.why}'": {f"checkpoint_{why}" for why in CheckpointBreak},
    "key": set(),  # a loop over literal column names; collected from the loop itself
    "f'mirror_{outcome.outcome.value}{decided}'": {f"mirror_{o}" for o in Outcome}
    | {"mirror_late_decision"},
    "f'role_{role}'": {"role_secretary", "role_coordinator", "role_auditor"},  # the demo's links
    "f'followup_gap_{gap.kind.value}'": {f"followup_gap_{kind}" for kind in FollowupGap},
    "f'trend_{cell.trend.value}'": {f"trend_{t}" for t in Trend},
    "f'trend_{moved.value}'": {f"trend_{t}" for t in Trend},
    "f'followup_col_{column}'": {
        f"followup_col_{c}" for c in (*_SUMMARY_COLUMNS, *_ASSESSED_COLUMNS, *_INDICATOR_COLUMNS)
    }
    | {"followup_col_text"},
    "f'phase_{name}'": {f"phase_{phase}" for phase in Phase},
    # looked up only when the catalogue has the key (event_name): none is ever missing
    "f'event_{kind}'": set(),
    "f'notice_{notice}'": {f"notice_{kind}" for kind in NoticeKind},
    "f'web_review_{row.review.value}'": {f"web_review_{review}" for review in Review},
}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _literals(node: ast.expr) -> list[str] | None:
    """The keys an argument can be when it is written out: a string or a choice of two."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _loops_over_keys(node: ast.AST) -> bool:
    """`for key in ("due", "kind", …)`: column titles looked up one by one."""
    return (
        isinstance(node, ast.For)
        and isinstance(node.iter, ast.Tuple)
        and isinstance(node.target, ast.Name)
        and node.target.id == "key"
    )


def _keys() -> dict[str, set[tuple[str, str]]]:
    """Catalogue name -> {(key, where)} for every key the source looks up."""
    found: dict[str, set[tuple[str, str]]] = {"LABELS": set(), "PROBLEMS": set(), "LAW": set()}
    unexplained: list[str] = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if _loops_over_keys(node):
                for element in node.iter.elts:  # type: ignore[attr-defined]
                    found["LABELS"].update((key, where) for key in _literals(element) or [])
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and where.endswith("core/law.py")
                and node.value.startswith("law_")
            ):
                found["LAW"].add((node.value, where))
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name, first = _name(node.func), node.args[0]
            # `label(key, lang)` looks a text up; `column.label("x")` names a SQL column
            looks_up = name == "label" and isinstance(node.func, ast.Name)
            catalogue = (
                "LABELS"
                if looks_up or name in ERRORS
                else "PROBLEMS"
                if name in ("report", "Problem")
                else "LAW"
                if name == "Finding"
                else None
            )
            if catalogue is None:
                continue
            keys = _literals(first)
            if keys is not None:
                found[catalogue].update((key, where) for key in keys)
            elif looks_up:
                built = ast.unparse(first)
                if built in BUILT_AT_RUN_TIME:
                    found["LABELS"].update((k, where) for k in BUILT_AT_RUN_TIME[built])
                else:
                    unexplained.append(f"{where}:{node.lineno}: label({built}, …)")
    assert not unexplained, (
        "keys built at run time that this test cannot enumerate; add them to "
        f"BUILT_AT_RUN_TIME: {unexplained}"
    )
    return found


FOUND = _keys()
CATALOGUES = {"LABELS": LABELS, "PROBLEMS": PROBLEMS, "LAW": LAW}


@pytest.mark.parametrize("catalogue", sorted(CATALOGUES))
def test_every_key_looked_up_exists(catalogue: str) -> None:
    missing = sorted(
        f"{where}: {key}" for key, where in FOUND[catalogue] if key not in CATALOGUES[catalogue]
    )
    assert not missing, f"not in {catalogue}: {missing}"


def test_the_scan_sees_literal_and_run_time_keys() -> None:
    """A guard on the guard."""
    labels = {key for key, _ in FOUND["LABELS"]}
    assert {
        "gap_area_uncovered",
        "break_out_of_order",
        "step_anslag",
        "reviewed_returned",
    } <= labels
    assert {"not_permitted", "bad_state", "who_are_you", "attempts"} <= labels
    assert "unknown_goal" in {key for key, _ in FOUND["PROBLEMS"]}
    assert "law_interim_late" in {key for key, _ in FOUND["LAW"]}
