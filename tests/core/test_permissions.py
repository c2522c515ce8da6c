"""Who may do what."""

from __future__ import annotations

import pytest

from arshjul.core.permissions import RULES, Action, Grant, may

SECRETARY_BUN = Grant("secretary", "BUN")
COORDINATOR = Grant("coordinator", None)
AUDITOR = Grant("auditor", None)
ADMIN = Grant("admin", None)


@pytest.mark.parametrize(
    ("action", "grants", "body", "allowed"),
    [
        (Action.SUBMIT, {SECRETARY_BUN}, "BUN", True),
        (Action.SUBMIT, {SECRETARY_BUN}, "SN", False),  # another nämnd
        (Action.SUBMIT, {COORDINATOR}, "BUN", False),
        (Action.SUBMIT, {AUDITOR}, "BUN", False),
        (Action.SUBMIT, {ADMIN}, "SN", True),
        (Action.SUBMIT, {SECRETARY_BUN, Grant("secretary", "SN")}, "SN", True),
        (Action.REVIEW, {COORDINATOR}, "BUN", True),
        (Action.REVIEW, {SECRETARY_BUN}, "BUN", False),  # nobody reviews their own work
        (Action.REVIEW, {AUDITOR}, "BUN", False),
        (Action.READ_AUDIT, {AUDITOR}, None, True),
        (Action.READ_AUDIT, {COORDINATOR}, None, True),
        (Action.READ_AUDIT, {SECRETARY_BUN}, None, False),
        (Action.READ_AUDIT, set(), None, False),
        (Action.RECORD_DECISION, {Grant("secretary", "KF")}, "KF", True),
        (Action.RECORD_DECISION, {SECRETARY_BUN}, "KF", False),
        (Action.RECORD_DECISION, {COORDINATOR}, "KF", True),
        (Action.RECORD_DECISION, {AUDITOR}, "KF", False),
        (Action.SET_FRAME, {COORDINATOR}, "BUN", True),
        (Action.SET_FRAME, {SECRETARY_BUN}, "BUN", False),
        (Action.READ_FILE, {AUDITOR}, "BUN", True),
        (Action.READ_FILE, {COORDINATOR}, "BUN", True),
        (Action.READ_FILE, {ADMIN}, "BUN", True),
        (Action.READ_FILE, {SECRETARY_BUN}, "BUN", True),  # her body's own file
        (Action.READ_FILE, {SECRETARY_BUN}, "SN", False),  # another body's
        (Action.READ_FILE, {Grant("chair", None)}, "BUN", False),
        (Action.READ_FILE, set(), "BUN", False),
        # the follow-up: the central office and KF's presidium (the scope is KF)
        (Action.READ_FOLLOWUP, {COORDINATOR}, "KF", True),
        (Action.READ_FOLLOWUP, {ADMIN}, "KF", True),
        (Action.READ_FOLLOWUP, {Grant("chair", "KF")}, "KF", True),
        (Action.READ_FOLLOWUP, {Grant("secretary", "KF")}, "KF", True),
        (Action.READ_FOLLOWUP, {Grant("chair", "BUN")}, "KF", False),
        (Action.READ_FOLLOWUP, {SECRETARY_BUN}, "KF", False),
        (Action.READ_FOLLOWUP, {AUDITOR}, "KF", False),
        (Action.IMPORT_INDICATORS, {COORDINATOR}, None, True),
        (Action.IMPORT_INDICATORS, {SECRETARY_BUN}, None, False),
        (Action.IMPORT_INDICATORS, {AUDITOR}, None, False),
        (Action.VIEW_DELIVERABLE, {SECRETARY_BUN}, "BUN", True),
        (Action.VIEW_DELIVERABLE, {SECRETARY_BUN}, "SN", False),
        (Action.VIEW_DELIVERABLE, {COORDINATOR}, "SN", True),
        (Action.VIEW_DELIVERABLE, {AUDITOR}, "SN", True),
        (Action.EXTEND_DEADLINE, {COORDINATOR}, "BUN", True),
        (Action.EXTEND_DEADLINE, {SECRETARY_BUN}, "BUN", False),  # no more time for oneself
        (Action.EXTEND_DEADLINE, {AUDITOR}, "BUN", False),
        (Action.REMIND, {COORDINATOR}, "BUN", True),
        (Action.REMIND, {SECRETARY_BUN}, "BUN", False),
        (Action.ARRANGE_STAND_IN, {COORDINATOR}, None, True),
        (Action.ARRANGE_STAND_IN, {SECRETARY_BUN}, None, False),  # not her own stand-in
        (Action.READ_WHEEL, {AUDITOR}, None, True),
        (Action.READ_WHEEL, {SECRETARY_BUN}, None, False),
        (Action.CHANGE_WHEEL, {COORDINATOR}, None, True),
        (Action.CHANGE_WHEEL, {AUDITOR}, None, False),  # auditors read, never change
        (Action.MARK_NOT_APPLICABLE, {COORDINATOR}, "BUN", True),
        (Action.MARK_NOT_APPLICABLE, {SECRETARY_BUN}, "BUN", False),  # no excusing oneself
    ],
)
def test_may(action: Action, grants: set[Grant], body: str | None, allowed: bool) -> None:
    assert may(action, grants, body) is allowed


def test_every_rule_says_why() -> None:
    assert set(RULES) == set(Action)
    assert all(rule.why for rule in RULES.values())
