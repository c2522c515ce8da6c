"""The cycle as Prefect runs, without Prefect: when each run is scheduled and how long it
waits for its deadline day to end, how it is named and tagged, which phase it belongs to,
and what a sync changes."""

from __future__ import annotations

import datetime as dt

import pytest

from arshjul.core.milestone_runs import (
    WAITS_AT_MOST,
    ExistingRun,
    MirrorMilestone,
    RunState,
    decision_words,
    desired_runs,
    end_of_day,
    run_start,
    sync_plan,
    wait_for_day_end,
)
from arshjul.core.phases import Phase, phase_of
from arshjul.services.planning import check

D = dt.date.fromisoformat
UTC = dt.UTC
NOW = dt.datetime(2019, 6, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        ("2019-03-29", "2019-03-29T23:00:00+00:00"),  # CET: the next midnight is 23:00Z
        ("2019-03-30", "2019-03-30T23:00:00+00:00"),  # the night clocks go forward
        ("2019-03-31", "2019-03-31T22:00:00+00:00"),  # CEST from then on
        ("2019-10-26", "2019-10-26T22:00:00+00:00"),  # the night clocks go back
        ("2019-10-27", "2019-10-27T23:00:00+00:00"),
    ],
)
def test_a_run_is_due_when_the_stockholm_deadline_day_ends(day: str, utc: str) -> None:
    assert end_of_day(D(day)).isoformat() == utc


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        ("2019-03-30", "2019-03-30T22:59:00+00:00"),  # CET, the night clocks go forward
        ("2019-03-31", "2019-03-31T21:59:00+00:00"),  # CEST from that day
        ("2019-10-27", "2019-10-27T22:59:00+00:00"),  # CET again
    ],
)
def test_a_run_is_scheduled_at_23_59_stockholm_on_its_deadline_day(day: str, utc: str) -> None:
    """Prefect's UI shows a run's scheduled time: the deadline day, not the day after."""
    assert run_start(D(day)).isoformat() == utc
    assert run_start(D(day)) + dt.timedelta(minutes=1) == end_of_day(D(day))


@pytest.mark.parametrize(
    ("started", "waits"),
    [
        ("2019-11-25T22:59:00+00:00", 60),  # on time, a minute before the day ends
        ("2019-11-25T22:58:50+00:00", 70),  # a worker may start a run a little early
        ("2019-11-25T23:00:00+00:00", 0),  # the day has ended
        ("2019-11-26T06:30:00+00:00", 0),  # started late: judged as of the day's end
        ("2019-11-25T12:00:00+00:00", 0),  # by hand, hours before: judged as of then
    ],
)
def test_a_run_waits_out_the_deadline_day_only_when_it_is_close(started: str, waits: int) -> None:
    end = end_of_day(D("2019-11-25"))
    assert wait_for_day_end(dt.datetime.fromisoformat(started), end).total_seconds() == waits
    assert wait_for_day_end(end - WAITS_AT_MOST, end) == WAITS_AT_MOST


@pytest.mark.parametrize(
    ("milestone", "body", "words"),
    [
        ("kf-budget", "KF", "budget"),
        ("ks-budget", "KS", "budget"),
        ("delarsrapport-kf", "KF", "delarsrapport"),
        ("kf-revisionen-budget", "KF", "revisionen budget"),
        ("styrmodell-form", "KF", "styrmodell form"),
        ("kf", "KF", "kf"),  # nothing left without the body: the key as it is
        ("kf-budget", "", "kf budget"),
    ],
)
def test_a_decision_in_words(milestone: str, body: str, words: str) -> None:
    assert decision_words(milestone, body) == words


def mirrored(key: str = "kf-budget", deadline: str = "2019-11-25", **kw: object) -> MirrorMilestone:
    fields: dict[str, object] = {
        "title": "Budget beslutas",
        "phase": "beslut",
        "deliverables": (("KF", "KF beslut om budget"),),
        "deciding_body": "KF",
    } | kw
    return MirrorMilestone(key, deadline=D(deadline), **fields)  # type: ignore[arg-type]


def test_a_run_is_named_tagged_and_carries_its_deliverables() -> None:
    (run,) = desired_runs("2262", 2020, [mirrored()])
    assert run.name == "2262 kf-budget 2020"
    assert run.idempotency_key == "arshjul:2262:2020:kf-budget"
    assert run.scheduled == dt.datetime(2019, 11, 25, 22, 59, tzinfo=UTC)
    assert run.tags == (
        "arshjul",
        "beslut:KF",
        "budgetår:2020",
        "fas:beslut",
        "kommun:2262",
        "milstolpe:kf-budget",
        "organ:KF",
    )
    assert run.parameters == {
        "municipality": "2262",
        "budget_year": 2020,
        "milestone": "kf-budget",
        "title": "Budget beslutas",
        "deadline": "2019-11-25",
        "deliverables": [{"body": "KF", "deliverable": "KF beslut om budget"}],
    }
    many = mirrored("budgetunderlag", deliverables=(("BUN", "U"), ("KS", "U")), deciding_body=None)
    (run,) = desired_runs("2262", 2020, [many])
    assert "organ:BUN" in run.tags and "organ:KS" in run.tags
    assert not any(t.startswith("beslut:") for t in run.tags)


@pytest.mark.parametrize(
    ("deadline", "law", "council", "phase"),
    [
        ("2019-02-28", None, False, Phase.PLANERING),
        ("2018-11-30", None, False, Phase.PLANERING),  # Karlstad's frames start in Y-2
        ("2019-09-17", None, False, Phase.BUDGET),
        ("2019-10-29", "ks_budget_proposal", True, Phase.BESLUT),
        ("2019-06-17", None, True, Phase.BESLUT),  # KF's own decision
        ("2020-05-15", None, False, Phase.UPPFOLJNING),
        ("2020-11-30", "kf_interim_report", True, Phase.UPPFOLJNING),
        ("2021-06-21", "ansvarsfrihet", True, Phase.BOKSLUT),
    ],
)
def test_phase_of(deadline: str, law: str | None, council: bool, phase: Phase) -> None:
    assert phase_of(D(deadline), 2020, law=law, council_decision=council) is phase


def test_timra_2020_spans_every_phase_and_a_template_may_name_one() -> None:
    planned = check("timra", 2020).plan
    assert planned is not None
    assert {m.phase for m in planned.milestones} == set(Phase)
    assert planned.milestone("kf-budget").phase == "beslut"
    assert planned.milestone("budgetunderlag").phase == "budget"


def existing(
    run_id: str, milestone: str | None, at: dt.datetime, state: RunState, **kw: object
) -> ExistingRun:
    (goal,) = desired_runs("2262", 2020, [mirrored()])
    fields: dict[str, object] = {
        "name": goal.name,
        "tags": goal.tags,
        "parameters": goal.parameters,
    } | kw
    return ExistingRun(run_id, milestone, at, state, **fields)  # type: ignore[arg-type]


def test_a_missing_run_is_created_and_a_matching_one_left_alone() -> None:
    desired = desired_runs("2262", 2020, [mirrored()])
    assert sync_plan(desired, [], NOW).create == tuple(desired)
    same = existing("a", "kf-budget", desired[0].scheduled, RunState.SCHEDULED)
    plan = sync_plan(desired, [same], NOW)
    assert plan.empty and plan.unchanged == 1


def test_the_deployments_own_tags_are_kept_and_are_no_change() -> None:
    """Prefect gives every run its deployment's tags (prefect.yaml's `milestones`): a run
    that has them is as wanted, and an update keeps them."""
    desired = desired_runs("2262", 2020, [mirrored()], inherited_tags=("arshjul", "milestones"))
    assert "milestones" in desired[0].tags and desired[0].tags.count("arshjul") == 1
    as_created = existing("a", "kf-budget", desired[0].scheduled, RunState.SCHEDULED)
    with_them = ExistingRun(
        "a",
        "kf-budget",
        desired[0].scheduled,
        RunState.SCHEDULED,
        desired[0].name,
        (*reversed(desired[0].tags), "milestones"),  # as the server lists them
        desired[0].parameters,
    )
    assert sync_plan(desired, [with_them], NOW).empty
    (update,) = sync_plan(desired, [as_created], NOW).update  # one that lost them
    assert "milestones" in update[1].tags


def test_a_run_both_moved_and_renamed_is_one_change() -> None:
    desired = desired_runs("2262", 2020, [mirrored(deadline="2019-11-26", title="Ny")])
    desired += desired_runs("2262", 2020, [mirrored("ks-budget", deciding_body="KS")])
    ks = desired[1]
    runs = [
        existing("a", "kf-budget", run_start(D("2019-11-25")), RunState.SCHEDULED),
        ExistingRun(
            "b", ks.milestone, ks.scheduled, RunState.SCHEDULED, ks.name, ks.tags, ks.parameters
        ),
    ]
    plan = sync_plan(desired, runs, NOW)
    # kf-budget moved and retitled: one run changed, counted once; ks-budget as it was
    assert len(plan.reschedule) == len(plan.update) == 1 and plan.unchanged == 1


def test_a_moved_deadline_reschedules_a_waiting_run() -> None:
    desired = desired_runs("2262", 2020, [mirrored(deadline="2019-11-26")])
    old = existing("a", "kf-budget", run_start(D("2019-11-25")), RunState.SCHEDULED)
    plan = sync_plan(desired, [old], NOW)
    assert plan.reschedule == (("a", run_start(D("2019-11-26"))),)
    assert not plan.create and not plan.delete and plan.unchanged == 0


def test_a_run_scheduled_at_midnight_by_an_earlier_version_moves_to_23_59() -> None:
    desired = desired_runs("2262", 2020, [mirrored()])
    old = existing("a", "kf-budget", end_of_day(D("2019-11-25")), RunState.SCHEDULED)
    assert sync_plan(desired, [old], NOW).reschedule == (("a", run_start(D("2019-11-25"))),)


def test_a_run_that_already_ran_is_rescheduled_only_when_its_deadline_moved_ahead() -> None:
    ran = existing("a", "kf-budget", run_start(D("2019-05-20")), RunState.OTHER)
    later = desired_runs("2262", 2020, [mirrored(deadline="2019-11-25")])
    assert sync_plan(later, [ran], NOW).reschedule == (("a", run_start(D("2019-11-25"))),)
    earlier = desired_runs("2262", 2020, [mirrored(deadline="2019-05-10")])
    assert sync_plan(earlier, [ran], NOW).reschedule == ()


def test_orphans_and_duplicates_are_deleted_but_a_running_run_is_left_to_finish() -> None:
    desired = desired_runs("2262", 2020, [mirrored()])
    at = desired[0].scheduled
    runs = [
        existing("a", "kf-budget", at, RunState.SCHEDULED),
        existing("b", "kf-budget", at, RunState.SCHEDULED),  # a second run for it
        existing("c", "gone", at, RunState.SCHEDULED),  # its milestone was re-planned away
        existing("d", "also-gone", at, RunState.RUNNING),
        existing("e", None, at, RunState.SCHEDULED),  # no milestone tag at all
    ]
    plan = sync_plan(desired, runs, NOW)
    assert plan.delete == ("b", "c", "e")
    assert not plan.create and not plan.reschedule


def test_a_changed_title_updates_the_run() -> None:
    desired = desired_runs("2262", 2020, [mirrored(title="Ny rubrik")])
    old = existing("a", "kf-budget", desired[0].scheduled, RunState.SCHEDULED)
    assert [run_id for run_id, _ in sync_plan(desired, [old], NOW).update] == ["a"]
