"""Commitments handed in with the verksamhetsplan: checked before anything is stored, kept
as rows per submission version, and read back as the coverage report."""

from __future__ import annotations

from pathlib import Path

import pytest
from arshjul.models.tables import AuditEvent, Commitment, SubmissionFile
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from arshjul.errors import InvalidFile, InvalidInput
from arshjul.services.commitments import coverage_report
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into
from tests.models.test_store import dump
from tests.submissions.test_submit import hand_in, pdf  # noqa: F401

VISION = (
    "vision:\n"
    "  name: Vision 2025\n"
    "  areas:\n"
    "    - {key: tillvaxt, name: Tillväxt}\n"
    "    - {key: service, name: Service}\n"
    "goals: {max_per_namnd: 3}\n"
)
COLLECTING = (
    VISION
    + MAIL_TEMPLATE
    + (
        "  - key: plan\n"
        "    title: Verksamhetsplan\n"
        "    deliverable: Verksamhetsplan med valda globala mål\n"
        "    responsible: every nämnd\n"
        '    deadline: {fixed: "11-29", year: -1}\n'
        "    collects: commitments\n"
    )
)
GOOD = """\
goals: [4, "Jämställdhet"]
vision:
  tillvaxt: Fler i arbete genom vuxenutbildning.
contributions:
  4: Fler behöriga lärare.
  5: Jämställd skolmiljö.
"""


@pytest.fixture
def collecting(engine: Engine) -> Engine:
    plan_into(engine, COLLECTING)
    return engine


def yaml_file(tmp_path: Path, text: str, name: str = "atagande.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_commitments_are_stored_with_the_submission(
    collecting: Engine,
    pdf: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    outcome = hand_in(
        collecting,
        [pdf],
        at("2019-11-20", 10),
        ref="plan/BUN",
        commitments_path=yaml_file(tmp_path, GOOD),
    )
    assert [(w.code, w.line, w.field) for w in outcome.warnings] == [
        ("missing_statement", 2, "vision.service")
    ]
    with Session(collecting) as session:
        rows = session.exec(select(Commitment).order_by(col(Commitment.id))).all()
        files = session.exec(select(SubmissionFile.name)).all()
        event = session.exec(select(AuditEvent).where(AuditEvent.kind == "submitted")).one()
    assert [(r.kind, r.key, r.statement) for r in rows] == [
        ("goal", "4", "Fler behöriga lärare."),
        ("goal", "5", "Jämställd skolmiljö."),
        ("vision", "tillvaxt", "Fler i arbete genom vuxenutbildning."),
    ]
    assert sorted(files) == ["atagande.yaml", "budgetunderlag.pdf"]  # kept as evidence too
    assert event.payload["commitments"] == {"goals": [4, 5], "vision_areas": ["tillvaxt"]}


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            GOOD.replace('"Jämställdhet"', "18"),
            [
                ("unknown_goal", 1, "goals[1]"),
                ("statement_for_unchosen_goal", 6, "contributions.5"),
            ],
        ),
        (
            GOOD.replace("[4, ", "[4, 7, 13, "),
            [
                ("too_many_goals", 1, "goals"),
                ("missing_statement", 4, "contributions.7"),
                ("missing_statement", 4, "contributions.13"),
            ],
        ),
        ("goals: [4\n", [("yaml_syntax", 2, "")]),
    ],
)
def test_bad_commitments_are_named_and_nothing_is_stored(
    collecting: Engine,
    pdf: Path,  # noqa: F811
    tmp_path: Path,
    text: str,
    problems: list[tuple[str, int, str]],
) -> None:
    before = dump(collecting)
    with pytest.raises(InvalidFile) as caught:
        hand_in(
            collecting,
            [pdf],
            at("2019-11-20", 10),
            ref="plan/BUN",
            commitments_path=yaml_file(tmp_path, text),
        )
    found = [(p.code, p.line, p.field) for p in caught.value.problems]
    assert [p for p in found if p[0] != "missing_statement" or "vision" not in p[2]] == problems
    assert dump(collecting) == before


def test_commitments_required_and_refused_where_not_collected(
    collecting: Engine,
    pdf: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    before = dump(collecting)
    with pytest.raises(InvalidInput) as missing:
        hand_in(collecting, [pdf], at("2019-11-20", 10), ref="plan/BUN")
    assert missing.value.key == "commitments_required"
    with pytest.raises(InvalidInput) as wrong:
        hand_in(
            collecting,
            [pdf],
            at("2019-05-06", 10),
            ref="budget/BUN",
            commitments_path=yaml_file(tmp_path, GOOD),
        )
    assert wrong.value.key == "commitments_not_collected"
    assert dump(collecting) == before


def test_the_report_uses_the_latest_version_and_flags_gaps(
    collecting: Engine,
    pdf: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    hand_in(
        collecting,
        [pdf],
        at("2019-11-20", 10),
        ref="plan/BUN",
        commitments_path=yaml_file(tmp_path, GOOD),
    )
    second = GOOD.replace('"Jämställdhet"', "10").replace("5: Jämställd", "10: Kompensatorisk")
    second = second.replace(
        "contributions:", "  service: Kortare väntetider i förskolan.\ncontributions:"
    )
    hand_in(
        collecting,
        [pdf],
        at("2019-11-21", 10),
        ref="plan/BUN",
        commitments_path=yaml_file(tmp_path, second, "v2.yaml"),
    )
    report = coverage_report(
        ctx_for(collecting, now=at("2019-11-22")), municipality=None, year=2020
    )
    data = report.as_dict()
    bun, ks = (next(n for n in data["namnder"] if n["body"] == key) for key in ("BUN", "KS"))
    assert (bun["version"], bun["goals"], bun["vision_areas"]) == (
        2,
        [4, 10],
        ["tillvaxt", "service"],
    )
    assert (ks["handed_in"], ks["goals"]) == (False, [])
    assert data["goal_counts"]["10"] == {"name": "Minskad ojämlikhet", "namnder": 1}
    assert data["goal_counts"]["5"]["namnder"] == 0
    assert data["gaps"] == [{"kind": "not_handed_in", "body": "KS", "area": ""}]
