"""Who may do what: declared rules, one per action, each saying why.

A person holds roles, some tied to a body (a nämnd's secretary) and some to the whole
municipality (coordinator, auditor, admin). Checks are pure: the CLI asks, and records a
refusal in the audit trail when the answer is no.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    SUBMIT = "submit"
    REVIEW = "review"
    READ_AUDIT = "read_audit"
    READ_FILE = "read_file"
    RECORD_DECISION = "record_decision"
    SET_FRAME = "set_frame"
    REQUEUE = "requeue"
    CHANGE_PEOPLE = "change_people"
    END_SESSIONS = "end_sessions"
    READ_FOLLOWUP = "read_followup"
    IMPORT_INDICATORS = "import_indicators"
    VIEW_DELIVERABLE = "view_deliverable"
    EXTEND_DEADLINE = "extend_deadline"
    REMIND = "remind"
    ARRANGE_STAND_IN = "arrange_stand_in"
    READ_WHEEL = "read_wheel"
    CHANGE_WHEEL = "change_wheel"
    MARK_NOT_APPLICABLE = "mark_not_applicable"


READS = frozenset(
    {
        Action.READ_AUDIT,
        Action.READ_FILE,
        Action.READ_FOLLOWUP,
        Action.VIEW_DELIVERABLE,
        Action.READ_WHEEL,
    }
)
# What a page showing another day never offers: every change to the year. Ending someone's
# sessions is about access, not the year (a lost laptop cannot wait for "today").
CHANGES = frozenset(Action) - READS - {Action.END_SESSIONS}


@dataclass(frozen=True, slots=True)
class Grant:
    role: str  # coordinator | secretary | auditor | admin | chair
    body_key: str | None  # the body a secretary serves; None for municipality-wide roles


@dataclass(frozen=True, slots=True)
class Rule:
    action: Action
    roles: frozenset[str]
    own_body_only: frozenset[str]  # roles that may act only for their own body
    why: str


RULES = {
    rule.action: rule
    for rule in (
        Rule(
            Action.SUBMIT,
            frozenset({"secretary", "admin"}),
            frozenset({"secretary"}),
            "a nämnd hands in its own documents; a secretary acts for their own body only",
        ),
        Rule(
            Action.REVIEW,
            frozenset({"coordinator", "admin"}),
            frozenset(),
            "coordinators at kommunledningskontoret accept or return what nämnder hand in",
        ),
        Rule(
            Action.RECORD_DECISION,
            frozenset({"secretary", "coordinator", "admin"}),
            frozenset({"secretary"}),
            "a body's secretary keeps its minutes; the central office may record for any",
        ),
        Rule(
            Action.SET_FRAME,
            frozenset({"coordinator", "admin"}),
            frozenset(),
            "KF decides the frames; the central office enters them, not the nämnder themselves",
        ),
        Rule(
            Action.REQUEUE,
            frozenset({"coordinator", "admin"}),
            frozenset(),
            "the central office is told of failed messages and decides to send them again",
        ),
        Rule(
            Action.CHANGE_PEOPLE,
            frozenset({"admin"}),
            frozenset(),
            "a role decides what a person may do and where reminders go: only an admin adds, "
            "removes or changes people",
        ),
        Rule(
            Action.END_SESSIONS,
            frozenset({"admin"}),
            frozenset(),
            "signing someone out of every browser (a lost laptop, a person who left) is an "
            "administrator's call",
        ),
        Rule(
            Action.READ_FOLLOWUP,
            frozenset({"coordinator", "admin", "chair", "secretary"}),
            frozenset({"chair", "secretary"}),
            "the central office compiles the follow-up for the årsredovisning and KF's "
            "presidium prepares KF's handling of it (KF's chair and secretary: the scope is "
            "KF); a nämnd sees its own reports on its own pages",
        ),
        Rule(
            Action.IMPORT_INDICATORS,
            frozenset({"coordinator", "admin"}),
            frozenset(),
            "an indicator's value is the municipality's shared fact (Kolada's, or its own "
            "statistics): the central office imports it; a nämnd gives values with its report",
        ),
        Rule(
            Action.VIEW_DELIVERABLE,
            frozenset({"secretary", "coordinator", "auditor", "admin"}),
            frozenset({"secretary"}),
            "a deliverable's page, its versions and files are read by the body that hands it "
            "in, the office that reviews it and the auditors who check it",
        ),
        Rule(
            Action.EXTEND_DEADLINE,
            frozenset({"coordinator", "admin"}),
            frozenset(),
            "the central office owns the wheel's dates: giving one nämnd more time is its call",
        ),
        Rule(
            Action.REMIND,
            frozenset({"coordinator", "admin"}),
            frozenset(),
            "the central office chases what is late; a reminder on demand is its tool",
        ),
        Rule(
            Action.ARRANGE_STAND_IN,
            frozenset({"coordinator", "admin"}),
            frozenset(),
            "who stands in decides where reminders go and who may act for a body: the "
            "central office arranges it when someone is away",
        ),
        Rule(
            Action.READ_WHEEL,
            frozenset({"coordinator", "admin", "auditor"}),
            frozenset(),
            "the wheel's versions name its people and show how the year was changed: the "
            "central office that keeps it and the auditors who check it read them",
        ),
        Rule(
            Action.CHANGE_WHEEL,
            frozenset({"coordinator", "admin"}),
            frozenset(),
            "the central office owns the wheel: a new template, a year's meeting dates and "
            "every re-planning of the year are its call",
        ),
        Rule(
            Action.MARK_NOT_APPLICABLE,
            frozenset({"coordinator", "admin"}),
            frozenset(),
            "whether a body owes a step this year is the central office's call, like its "
            "deadline: a nämnd does not excuse itself",
        ),
        Rule(
            Action.READ_AUDIT,
            frozenset({"auditor", "coordinator", "admin"}),
            frozenset(),
            "auditors and the central office read the trail; it is not a secretary's tool",
        ),
        Rule(
            Action.READ_FILE,
            frozenset({"auditor", "coordinator", "admin", "secretary"}),
            frozenset({"secretary"}),
            "a handed-in document is read by those who review and audit it, and by the "
            "secretary of the body that handed it in; not by other bodies",
        ),
    )
}


def may(action: Action, grants: frozenset[Grant] | set[Grant], body_key: str | None) -> bool:
    rule = RULES[action]
    for grant in grants:
        if grant.role not in rule.roles:
            continue
        if grant.role in rule.own_body_only and grant.body_key != body_key:
            continue
        return True
    return False
