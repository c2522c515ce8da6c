"""Assessments with the follow-up reports, on the test's database (SQLite, or PostgreSQL
with `--database postgres`): stored with the version in its transaction and recorded in
the trail, each kind of bad input named with nothing stored, kept through a return, the
form prefilled from the previous report, `audit verify` comparing the rows, the roll-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from arshjul.models.tables import AssessedValue, Assessment, AuditEvent, Submission
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from arshjul.core.assessments import Level, document_from_fields
from arshjul.core.followup import GapKind, Trend
from arshjul.errors import InvalidFile, InvalidInput, Refused
from arshjul.services.assessments import assessment_form
from arshjul.services.audit_tables import mismatches
from arshjul.services.followup import authorise_reader, followup_view
from arshjul.services.submissions import ReviewIn, SubmissionIn, review, submit
from tests.factories import (
    BUN_TERTIAL,
    DELAR,
    TERTIAL,
    at,
    ctx_for,
    followup_into,
    write,
)
from tests.models.test_store import dump

BUN, COORDINATOR = "bun@example.org", "samordnare@example.org"


@pytest.fixture
def tertial_done(engine: Engine, tmp_path: Path) -> Engine:
    """BUN's commitments and its tertial report are in; delår is next."""
    followup_into(engine, tmp_path, reports=(TERTIAL,))
    return engine


def hand_in(engine: Engine, folder: Path, ref: str, day: str, **extra: object):  # type: ignore[no-untyped-def]
    return submit(
        ctx_for(engine, BUN, at(day, 10)),
        SubmissionIn(ref, (folder / "rapport.pdf",), **extra),  # type: ignore[arg-type]
    )


def test_assessments_are_stored_with_the_version_and_recorded(
    tertial_done: Engine,
) -> None:
    with Session(tertial_done) as session:
        rows = session.exec(select(Assessment).order_by(col(Assessment.id))).all()
        values = session.exec(select(AssessedValue)).all()
        event = session.exec(
            select(AuditEvent)
            .where(AuditEvent.kind == "submitted")
            .order_by(col(AuditEvent.seq).desc())
        ).first()
    assert [(r.kind, r.key, r.level) for r in rows] == [
        ("goal", "10", Level.NOT_MET),
        ("goal", "4", Level.PARTLY_MET),
        ("vision", "tillvaxt", Level.MET),
    ]
    assert [(v.indicator, v.value) for v in values] == [("N15419", 71.5)]
    assert event is not None and event.payload["assessments"] == [
        {
            "kind": "goal",
            "key": "10",
            "level": "not_met",
            "comment": "Ojämn måluppfyllelse mellan skolor.",
            "values": {},
        },
        {
            "kind": "goal",
            "key": "4",
            "level": "partly_met",
            "comment": "Fler behöriga lärare, men inte nog.",
            "values": {"N15419": 71.5},
        },
        {"kind": "vision", "key": "tillvaxt", "level": "met", "comment": "", "values": {}},
    ]
    assert mismatches(ctx_for(tertial_done)) == []


BAD = [
    # (what, the file or form, the problems: code, line, field)
    (
        "a goal not chosen",
        BUN_TERTIAL.replace("  10:", "  3:"),
        [("not_a_chosen_goal", 6, "goals.3")],
    ),
    (
        "not a number",
        BUN_TERTIAL.replace('"71,5"', "sjuttio"),
        [("not_a_number", 5, "goals.4.indicators.N15419")],
    ),
    (
        "a comment over the limit",
        BUN_TERTIAL.replace("Fler behöriga lärare, men inte nog.", "x" * 1001),
        [("comment_too_long", 4, "goals.4.comment")],
    ),
    ("malformed", "goals:\n  4: {assessment: uppfyllt\n", [("yaml_syntax", 3, "")]),
    ("oversized", "# " + "x" * 1_000_000 + "\n", [("too_large", None, "")]),
    ("nested aliases", "a: &x [1]\nb: [*x, *x]\n", [("yaml_syntax", 2, "")]),
]


@pytest.mark.parametrize(("what", "content", "problems"), BAD, ids=[b[0] for b in BAD])
def test_each_bad_file_is_named_and_nothing_stored(
    tertial_done: Engine,
    tmp_path: Path,
    clean_environment: Path,
    what: str,
    content: str,
    problems: list[tuple[str, int | None, str]],
) -> None:
    before = dump(tertial_done)
    files = sorted((clean_environment / "files").rglob("*"))
    with pytest.raises(InvalidFile) as caught:
        hand_in(
            tertial_done,
            tmp_path,
            f"{DELAR}/BUN",
            "2020-09-15",
            assessments_path=write(tmp_path, content, "d.yaml"),
        )
    assert [(p.code, p.line, p.field) for p in caught.value.problems] == problems
    assert caught.value.params["file"].endswith("d.yaml")
    assert dump(tertial_done) == before
    assert sorted((clean_environment / "files").rglob("*")) == files


def test_bad_form_fields_are_named_and_nothing_stored(tertial_done: Engine, tmp_path: Path) -> None:
    before = dump(tertial_done)
    fields = {
        "goals.4.assessment": "nästan",
        "goals.4.indicators.N15419": "12,5,3",
        "vision.tillvaxt.assessment": "uppfyllt",
        "vision.tillvaxt.comment": "y" * 1001,
    }
    with pytest.raises(InvalidFile) as caught:
        hand_in(
            tertial_done,
            tmp_path,
            f"{DELAR}/BUN",
            "2020-09-15",
            assessments=document_from_fields(fields),
        )
    assert [(p.code, p.field) for p in caught.value.problems] == [
        ("unknown_assessment", "goals.4.assessment"),
        ("not_a_number", "goals.4.indicators.N15419"),
        ("comment_too_long", "vision.tillvaxt.comment"),
    ]
    assert dump(tertial_done) == before


@pytest.mark.parametrize(
    ("ref", "extra", "key"),
    [
        ("budget/BUN", "file", "assessments_not_collected"),  # the budget takes none
        (f"{DELAR}/KS", "file", "no_commitments_in_force"),  # KS handed in no commitments
        (f"{DELAR}/BUN", "both", "assessments_twice"),
    ],
)
def test_assessments_where_they_cannot_go(
    tertial_done: Engine, tmp_path: Path, ref: str, extra: str, key: str
) -> None:
    before = dump(tertial_done)
    path = write(tmp_path, BUN_TERTIAL, "d.yaml")
    given: dict[str, object] = {"assessments_path": path}
    if extra == "both":
        given["assessments"] = {"goals": {}}
    actor = "ks@example.org" if ref.endswith("/KS") else BUN
    with pytest.raises(InvalidInput) as caught:
        submit(
            ctx_for(tertial_done, actor, at("2020-09-15", 10)),
            SubmissionIn(ref, (tmp_path / "rapport.pdf",), **given),  # type: ignore[arg-type]
        )
    assert caught.value.key == key
    assert dump(tertial_done) == before


def test_another_nämnds_report_is_refused(tertial_done: Engine, tmp_path: Path) -> None:
    with pytest.raises(Refused):
        submit(
            ctx_for(tertial_done, "ks@example.org", at("2020-09-15", 10)),
            SubmissionIn(
                f"{DELAR}/BUN",
                (tmp_path / "rapport.pdf",),
                assessments_path=write(tmp_path, BUN_TERTIAL, "d.yaml"),
            ),
        )


def test_a_returned_report_keeps_its_assessments_for_the_next_version(
    tertial_done: Engine, tmp_path: Path
) -> None:
    ref = f"{TERTIAL}/BUN"
    review(
        ctx_for(tertial_done, COORDINATOR, at("2020-05-13", 9)),
        ReviewIn(ref, accept=False, comment="Bilaga saknas", new_deadline=at("2020-05-20").date()),
    )
    form = assessment_form(ctx_for(tertial_done, BUN, at("2020-05-14")), ref)
    assert form.prefilled_from == (TERTIAL, 1)
    assert [(r.ref.path, r.level) for r in form.rows] == [
        ("goals.4", Level.PARTLY_MET),
        ("goals.10", Level.NOT_MET),
        ("vision.tillvaxt", Level.MET),
    ]
    appendix = write(tmp_path, "Bilaga 1\n", "bilaga.txt")
    again = submit(
        ctx_for(tertial_done, BUN, at("2020-05-15", 10)),
        SubmissionIn(ref, (tmp_path / "rapport.pdf", appendix)),
    )
    assert again.version == 2 and again.warnings == []
    with Session(tertial_done) as session:
        second = session.exec(select(Submission).where(Submission.version == 2)).one()
        kept = session.exec(select(Assessment).where(Assessment.submission_id == second.id)).all()
        event = session.exec(
            select(AuditEvent)
            .where(AuditEvent.kind == "submitted")
            .order_by(col(AuditEvent.seq).desc())
        ).first()
    assert sorted((a.key, a.level) for a in kept) == [
        ("10", Level.NOT_MET),
        ("4", Level.PARTLY_MET),
        ("tillvaxt", Level.MET),
    ]
    assert event is not None and len(event.payload["assessments"]) == 3
    assert mismatches(ctx_for(tertial_done)) == []


def test_the_same_report_again_is_no_new_version_unless_the_assessments_change(
    tertial_done: Engine, tmp_path: Path
) -> None:
    ref, path = f"{TERTIAL}/BUN", write(tmp_path, BUN_TERTIAL, "t1.yaml")
    same = hand_in(tertial_done, tmp_path, ref, "2020-05-13", assessments_path=path)
    assert same.identical_to == 1
    # the document alone (the assessments file is not among its files): a new version,
    # which keeps version 1's assessments; the same again adds nothing
    kept = hand_in(tertial_done, tmp_path, ref, "2020-05-13")
    assert (kept.identical_to, kept.version) == (None, 2)
    assert hand_in(tertial_done, tmp_path, ref, "2020-05-13").identical_to == 2
    fields = {
        "goals.4.assessment": "uppfyllt",
        "goals.10.assessment": "inte uppfyllt",
        "vision.tillvaxt.assessment": "uppfyllt",
    }
    changed = hand_in(
        tertial_done, tmp_path, ref, "2020-05-13", assessments=document_from_fields(fields)
    )
    assert (changed.identical_to, changed.version) == (None, 3)


def test_the_form_is_prefilled_from_the_previous_report(tertial_done: Engine) -> None:
    form = assessment_form(ctx_for(tertial_done, BUN, at("2020-09-01")), f"{DELAR}/BUN")
    assert form.prefilled_from == (TERTIAL, 1) and form.collects and form.has_commitments
    (goal_4, _goal_10, tillvaxt) = form.rows
    assert (goal_4.title, goal_4.statement, goal_4.level, goal_4.comment) == (
        "4 God utbildning för alla",
        "Fler behöriga lärare.",
        Level.PARTLY_MET,
        "Fler behöriga lärare, men inte nog.",
    )
    assert [(i.ref, i.value, i.field) for i in goal_4.indicators] == [
        ("N15419", "71,5", "goals.4.indicators.N15419"),
        ("larare", "", "goals.4.indicators.larare"),
    ]
    assert (goal_4.assessment_field, tillvaxt.comment_field) == (
        "goals.4.assessment",
        "vision.tillvaxt.comment",
    )
    assert [c[0] for c in form.choices] == ["met", "partly_met", "not_met", "not_assessable"]
    with pytest.raises(Refused):  # another nämnd's form is not hers
        assessment_form(ctx_for(tertial_done, "ks@example.org", at("2020-09-01")), f"{DELAR}/BUN")
    empty = assessment_form(
        ctx_for(tertial_done, "ks@example.org", at("2020-09-01")), f"{DELAR}/KS"
    )
    assert (empty.rows, empty.collects, empty.has_commitments) == ((), True, False)


def test_audit_verify_finds_an_assessment_changed_in_the_table(tertial_done: Engine) -> None:
    with tertial_done.begin() as connection:
        connection.execute(text("UPDATE assessment SET level = 'met' WHERE key = '10'"))
        connection.execute(text("UPDATE assessedvalue SET value = 99"))
    found = {(m.table, m.field, m.stored, m.recorded) for m in mismatches(ctx_for(tertial_done))}
    assert found == {
        ("assessment", "level", "met", "not_met"),
        ("assessedvalue", "value", "N15419=99.0", "N15419=71.5"),
    }
    with tertial_done.begin() as connection:
        connection.execute(text("DELETE FROM assessedvalue"))
        connection.execute(text("DELETE FROM assessment WHERE key = 'tillvaxt'"))
    found = {(m.table, m.field, m.stored, m.recorded) for m in mismatches(ctx_for(tertial_done))}
    assert ("submission", "assessment vision:tillvaxt", "-", "present") in found


def test_the_roll_up_over_the_reports(engine: Engine, tmp_path: Path) -> None:
    followup_into(engine, tmp_path)
    ctx = ctx_for(engine, COORDINATOR, at("2020-10-01"))
    view = followup_view(ctx, municipality=authorise_reader(ctx, municipality=None), year=2020)
    rollup = view.rollup
    assert [r.key for r in rollup.reports] == [TERTIAL, DELAR, "helar"]
    cells = {(ref.path, body): cell for (ref, body), cell in rollup.cells.items()}
    assert cells[("goals.4", "BUN")].trend is Trend.UP
    assert cells[("goals.10", "BUN")].trend is Trend.UP
    assert cells[("vision.tillvaxt", "BUN")].trend is Trend.SAME
    assert {g.kind for g in rollup.gaps} == {
        GapKind.GOAL_UNCHOSEN,
        GapKind.AREA_UNCOVERED,
        GapKind.NO_COMMITMENTS,
    }
    with pytest.raises(Refused):
        authorise_reader(ctx_for(engine, BUN, at("2020-10-01")), municipality=None)
