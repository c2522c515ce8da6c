"""The roll-up: trends over tertial 1 → delår → helår, the cells, summaries and gaps."""

from __future__ import annotations

import datetime as dt

import pytest

from arshjul.core.assessments import Assessment, Level
from arshjul.core.commitments import CommitmentKind, CommitmentRef, Commitments
from arshjul.core.followup import (
    GapKind,
    HandedIn,
    NamndFollowup,
    Report,
    Step,
    Trend,
    roll_up,
    trend,
)
from arshjul.core.indicators import Direction, Indicator, Source

MET, PARTLY, NOT, NA = Level.MET, Level.PARTLY_MET, Level.NOT_MET, Level.NOT_ASSESSABLE


def steps(*levels: Level | None) -> tuple[Step | None, ...]:
    return tuple(
        None if level is None else Step(f"r{i}", 1, level, "", ()) for i, level in enumerate(levels)
    )


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ((), None),
        ((None, None), None),
        ((PARTLY,), Trend.FIRST),
        ((PARTLY, MET), Trend.UP),
        ((MET, NOT), Trend.DOWN),
        ((MET, MET), Trend.SAME),
        ((NOT, None, MET), Trend.UP),  # a report left out is skipped over
        ((MET, NA), Trend.UNKNOWN),
        ((NA, PARTLY), Trend.UNKNOWN),
        ((NOT, PARTLY, PARTLY), Trend.SAME),  # the latest against the one before
    ],
)
def test_the_trend_compares_the_latest_with_the_one_before(
    levels: tuple[Level | None, ...], expected: Trend | None
) -> None:
    assert trend(steps(*levels)) is expected


GOAL_4 = CommitmentRef(CommitmentKind.GOAL, "4")
GOAL_10 = CommitmentRef(CommitmentKind.GOAL, "10")
TILLVAXT = CommitmentRef(CommitmentKind.VISION, "tillvaxt")
SERVICE = CommitmentRef(CommitmentKind.VISION, "service")
AREAS = (("tillvaxt", "Tillväxt"), ("service", "Service"))
REPORTS = [
    Report("helar", "Verksamhetsberättelse", dt.date(2021, 2, 15)),
    Report("tertial@2020-04", "Tertialrapport", dt.date(2020, 5, 15)),
    Report("delar", "Delårsrapport", dt.date(2020, 9, 20)),
]
LARARE = Indicator("N15419", "Behöriga lärare", "%", 80.0, Direction.HIGHER)
BUN = NamndFollowup(
    "BUN",
    "Barn- och utbildningsnämnden",
    Commitments(
        (4, 10),
        {4: "…", 10: "…"},
        {"tillvaxt": "…"},
        {GOAL_4: (LARARE,), TILLVAXT: (Indicator("N00945", "N00945", target=70.0),)},
    ),
    {
        "tertial@2020-04": HandedIn(
            1,
            (
                Assessment(GOAL_4, PARTLY, "Fler lärare", (("N15419", 71.5),)),
                Assessment(GOAL_10, NOT),
                Assessment(TILLVAXT, MET),
            ),
        ),
        "delar": HandedIn(2, (Assessment(GOAL_4, MET, "Nu"), Assessment(TILLVAXT, MET))),
    },
)
KS = NamndFollowup("KS", "Kommunstyrelsen", Commitments((4,), {4: "…"}, {"tillvaxt": "…"}), {})
SN = NamndFollowup("SN", "Socialnämnden", None)


def rolled(today: dt.date = dt.date(2020, 10, 1)):  # type: ignore[no-untyped-def]
    return roll_up(
        reports=REPORTS,
        namnder=[KS, BUN, SN],
        areas=AREAS,
        imported={"N00945": {2018: 65.0, 2019: 72.5}},
        today=today,
    )


def test_reports_in_their_order_and_cells_with_history() -> None:
    rollup = rolled()
    assert [r.key for r in rollup.reports] == ["tertial@2020-04", "delar", "helar"]
    cell = rollup.cell(GOAL_4, "BUN")
    assert cell is not None
    assert [s.level if s else None for s in cell.history] == [PARTLY, MET, None]
    assert cell.latest == Step("delar", 2, MET, "Nu", ())
    assert cell.trend is Trend.UP
    assert rollup.cell(GOAL_10, "BUN").trend is Trend.FIRST  # type: ignore[union-attr]
    assert rollup.cell(GOAL_4, "KS").trend is None  # type: ignore[union-attr]  # committed, never assessed
    assert rollup.cell(GOAL_10, "KS") is None  # not its commitment
    assert rollup.goals == (4, 10)
    assert rollup.handed_in == {"tertial@2020-04": ("BUN",), "delar": ("BUN",), "helar": ()}


def test_an_indicator_reads_the_latest_report_else_the_imported_year() -> None:
    rollup = rolled()
    (larare,) = rollup.cell(GOAL_4, "BUN").readings  # type: ignore[union-attr]
    # delår gave no value: the tertial report's stands
    assert (larare.value, larare.source, larare.when, larare.meets) == (
        71.5,
        Source.REPORT,
        "tertial@2020-04",
        False,
    )
    (kolada,) = rollup.cell(TILLVAXT, "BUN").readings  # type: ignore[union-attr]
    assert (kolada.value, kolada.source, kolada.when, kolada.meets) == (
        72.5,
        Source.KOLADA,
        "2019",
        True,
    )


def test_the_summary_per_area_and_goal() -> None:
    rollup = rolled()
    tillvaxt = rollup.summary(TILLVAXT)
    assert (tillvaxt.contributing, tillvaxt.levels[MET], tillvaxt.not_assessed) == (2, 1, 1)
    assert rollup.summary(SERVICE).contributing == 0
    goal_4 = rollup.summary(GOAL_4)
    assert (goal_4.contributing, goal_4.levels[MET], goal_4.levels[PARTLY]) == (2, 1, 0)


def test_the_gaps() -> None:
    gaps = rolled().gaps
    unchosen = {int(g.ref.key) for g in gaps if g.kind is GapKind.GOAL_UNCHOSEN and g.ref}
    assert unchosen == set(range(1, 18)) - {4, 10}
    rest = [(g.kind, g.body, g.ref.path if g.ref else "", g.report) for g in gaps]
    rest = [g for g in rest if g[0] is not GapKind.GOAL_UNCHOSEN]
    assert (
        rest
        == [
            (GapKind.AREA_UNCOVERED, "", "vision.service", ""),
            (GapKind.REPORT_MISSING, "KS", "", "tertial@2020-04"),
            (GapKind.REPORT_MISSING, "KS", "", "delar"),
            (GapKind.NO_COMMITMENTS, "SN", "", ""),
            (GapKind.NOT_ASSESSED, "BUN", "goals.10", "delar"),
        ]
        or rest
    )


def test_a_report_not_yet_due_is_no_gap() -> None:
    early = rolled(dt.date(2020, 5, 1))
    assert not [g for g in early.gaps if g.kind is GapKind.REPORT_MISSING]
