"""The one error tree: every user-visible error is an ArshjulError with a text key, none is
transient, and each survives the pickling Prefect may apply between a task and its flow."""

from __future__ import annotations

import pickle

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from arshjul.core.law import Finding
from arshjul.core.problems import Problem, Severity
from arshjul.errors import (
    Ambiguous,
    ArshjulError,
    CsrfRefused,
    CycleClosed,
    InvalidFile,
    InvalidInput,
    LawErrors,
    NotFound,
    Refused,
    SignInFailed,
    SourceFailed,
    TemplateInvalid,
    UploadRefused,
    is_transient,
)

PROBLEM = Problem("unknown_body", "t.yaml", 18, "milestones[0].responsible", {"value": "X"})
FINDING = Finding("law_kf_budget_late", Severity.ERROR, "KL 11 kap.", "kf-budget", {})
USER_ERRORS = [
    NotFound("unknown_deliverable", ref="x/Y"),
    Ambiguous("pick_municipality", codes="2262, 2281"),
    InvalidInput("bad_date", value="2019-13-01"),
    InvalidFile("vp.yaml", [PROBLEM]),
    TemplateInvalid("t.yaml", [PROBLEM]),
    LawErrors([FINDING]),
    CycleClosed("2262", 2020),
    Refused("not_permitted", person="a@b", action="submit", body="BUN"),
    UploadRefused("web_upload_too_large", limit=50),
    CsrfRefused(),
    SignInFailed("web_link_used"),
    SourceFailed("kolada_failed", url="http://127.0.0.1", detail="HTTP 500"),
]


@pytest.mark.parametrize("error", USER_ERRORS, ids=lambda e: type(e).__name__)
def test_user_errors_are_in_the_tree_permanent_and_picklable(error: ArshjulError) -> None:
    assert isinstance(error, ArshjulError) and not is_transient(error)
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert (again.key, again.params) == (error.key, error.params)
    assert getattr(again, "problems", None) == getattr(error, "problems", None)
    assert getattr(again, "findings", None) == getattr(error, "findings", None)


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked")), True),
        (ConnectionResetError("reset by peer"), True),
        (TimeoutError("timed out"), True),
        (IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")), False),
        (ValueError("a bug"), False),
        (KeyError("a bug"), False),
    ],
)
def test_what_may_pass_and_what_may_not(error: BaseException, transient: bool) -> None:
    assert is_transient(error) is transient


# Exceptions that never reach a person: caught where they are raised and turned into a
# problem line, a retry or a page (each docstring says where).
INTERNAL = {
    "DuplicateKey",  # yaml_lines: a problem line
    "AliasRefused",  # yaml_lines: a problem line
    "RuleNotComputable",  # planner: a problem line
    "RenderLimit",  # render: a template problem
    "ChannelUnavailable",  # channels: the batch stops, messages go back to retry
    "DeliveryError",  # channels: recorded on the message's row
    "SignInRequired",  # web: a redirect to the sign-in page
    "_Aborted",  # the outbox writer's rollback
    "_TooLarge",  # web/limits: a 413 answer
    "_TooSlow",  # web/limits: a 408 answer
    "_Gone",  # web/limits: the client left; nothing to answer
    "NotDone",  # flows/mirror: a call a busy Prefect server refused, listed as a failure
}


def test_every_exception_a_person_can_meet_is_in_the_tree() -> None:
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    outside = []
    for folder in ("arshjul", "flows", "models", "notifications"):
        for path in (root / folder).rglob("*.py"):
            if path.name == "errors.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.ClassDef)
                    and any(
                        getattr(b, "id", getattr(b, "attr", "")).endswith(("Exception", "Error"))
                        for b in node.bases
                    )
                    and node.name not in INTERNAL
                ):
                    outside.append(f"{path.relative_to(root)}: {node.name}")
    assert outside == []
