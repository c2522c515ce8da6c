"""Storing a plan in a real SQLite file: idempotent, records moves, scoped per municipality."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from arshjul.models.queries import deliverable_rows, resolve_cycle, resolve_municipality
from arshjul.models.tables import Cycle, DeadlineChange, Deliverable, Milestone, Municipality
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, select, text

from arshjul.core.instants import STOCKHOLM
from arshjul.errors import CycleClosed
from arshjul.services.planning import checked_plan, save_plan
from tests.factories import SMALL_TEMPLATE, ctx_for, small_plan

NOW = dt.datetime(2019, 1, 10, 8, tzinfo=dt.UTC)
LATER = dt.datetime(2019, 3, 1, 8, tzinfo=dt.UTC)


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to compare whole databases."""
    with engine.connect() as conn:
        return {
            table.name: sorted(tuple(map(str, row)) for row in conn.execute(table.select()))
            for table in SQLModel.metadata.sorted_tables
        }


def store(engine: Engine, text_: str = SMALL_TEMPLATE, year: int = 2020, now=NOW):
    template, cycle_plan = small_plan(year, text_)
    return save_plan(ctx_for(engine, now=now), template=template, cycle_plan=cycle_plan)


def test_first_plan_creates_rows(engine: Engine) -> None:
    changes = store(engine)
    assert changes.created > 0 and not changes.moved
    with Session(engine) as session:
        assert len(session.exec(select(Milestone)).all()) == 3
        assert len(session.exec(select(Deliverable)).all()) == 4
        cycle = session.exec(select(Cycle)).one()
        assert cycle.planned_at == NOW
        assert cycle.planned_at.tzinfo is not None


def test_planning_twice_changes_nothing(engine: Engine) -> None:
    store(engine)
    before = dump(engine)
    changes = store(engine, now=LATER)
    assert not changes.changed
    assert dump(engine) == before


def test_replanning_after_a_template_change_records_what_moved(engine: Engine) -> None:
    store(engine)
    changed = SMALL_TEMPLATE.replace("business_days: 10", "business_days: 3")
    changes = store(engine, changed, now=LATER)
    assert changes.moved == [("budget", dt.date(2019, 5, 7), dt.date(2019, 5, 16))]
    with Session(engine) as session:
        move = session.exec(select(DeadlineChange)).one()
        assert (move.old_deadline, move.new_deadline) == (dt.date(2019, 5, 7), dt.date(2019, 5, 16))
        assert move.old_rule == {"before_meeting": "ks-maj", "business_days": 10}
        assert move.new_rule == {"before_meeting": "ks-maj", "business_days": 3}
        assert move.changed_at == LATER
        assert session.exec(select(Cycle)).one().planned_at == LATER
    assert not store(engine, changed, now=LATER).changed


def test_a_milestone_removed_from_the_template_is_retired_not_deleted(engine: Engine) -> None:
    store(engine)
    without = SMALL_TEMPLATE.split("  - key: kf-budget")[0]
    changes = store(engine, without)
    assert changes.retired == 2  # the milestone and its one deliverable
    with Session(engine) as session:
        kf = session.exec(select(Milestone).where(Milestone.key == "kf-budget")).one()
        assert not kf.active
        cycle = session.exec(select(Cycle)).one()
        assert {r.milestone_key for r in deliverable_rows(session=session, cycle=cycle)} == {
            "pf",
            "budget",
        }
    changes = store(engine)
    assert changes.retired == 0
    assert changes.updated == 3  # milestone and deliverable reactivated, template hash


def test_closed_cycle_is_refused_and_nothing_changes(engine: Engine) -> None:
    store(engine)
    with Session(engine) as session, session.begin():
        session.exec(select(Cycle)).one().closed = True
    before = dump(engine)
    with pytest.raises(CycleClosed):
        store(engine, SMALL_TEMPLATE.replace("business_days: 10", "business_days: 3"))
    assert dump(engine) == before


def test_a_failure_midway_leaves_the_database_unchanged(engine: Engine, monkeypatch) -> None:
    store(engine)
    before = dump(engine)
    import arshjul.models.store

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(arshjul.models.store, "_retire", explode)
    with pytest.raises(RuntimeError):
        store(engine, SMALL_TEMPLATE.replace("Testkommun", "Testkommunen"))
    assert dump(engine) == before


def test_municipalities_are_kept_apart(engine: Engine) -> None:
    store(engine)
    store(
        engine,
        SMALL_TEMPLATE.replace(
            'code: "9999", name: Testkommun', 'code: "8888", name: Annan kommun'
        ),
    )
    with Session(engine) as session:
        assert len(session.exec(select(Municipality)).all()) == 2
        from arshjul.errors import Ambiguous

        with pytest.raises(Ambiguous):
            resolve_municipality(session=session, code=None)
        for code in ("9999", "8888"):
            muni = resolve_municipality(session=session, code=code)
            cycle = resolve_cycle(
                session=session, municipality=muni, budget_year=2020, today=dt.date(2019, 5, 1)
            )
            rows = deliverable_rows(session=session, cycle=cycle)
            assert len(rows) == 4


def test_several_years_of_one_municipality(engine: Engine) -> None:
    for year in (2020, 2021, 2022):
        store(engine, year=year)
    with Session(engine) as session:
        muni = resolve_municipality(session=session, code="9999")
        current = resolve_cycle(
            session=session, municipality=muni, budget_year=None, today=dt.date(2020, 3, 1)
        )
        assert current.budget_year == 2020
        latest = resolve_cycle(
            session=session, municipality=muni, budget_year=None, today=dt.date(2030, 1, 1)
        )
        assert latest.budget_year == 2022


def test_naive_datetimes_are_refused_by_the_column_type(engine: Engine) -> None:
    with pytest.raises(Exception, match="naive"):
        store(engine, now=dt.datetime(2019, 1, 10, 8))


def test_instants_come_back_in_utc(engine: Engine) -> None:
    store(engine, now=dt.datetime(2019, 1, 10, 9, tzinfo=STOCKHOLM))
    with Session(engine) as session:
        assert session.exec(select(Cycle)).one().planned_at == NOW
    with engine.connect() as conn:
        raw = conn.execute(text("select planned_at from cycle")).scalar_one()
        assert str(raw).startswith("2019-01-10 08:00:00")


def test_the_shipped_template_stores(engine: Engine) -> None:
    template, cycle_plan, _ = checked_plan("timra", 2020)
    changes = save_plan(ctx_for(engine, now=NOW), template=template, cycle_plan=cycle_plan)
    assert changes.created > 0
    with Session(engine) as session:
        cycle = session.exec(select(Cycle)).one()
        rows = deliverable_rows(session=session, cycle=cycle)
        assert len(rows) == len(cycle_plan.deliverables())
        moved = [r for r in rows if r.deadline.moved]
        delar = [r for r in moved if r.milestone_key == "delarsrapport-namnd"]
        assert delar and delar[0].deadline.passed[0].name_sv == "söndag"
        assert {r.milestone_key.split("@")[0] for r in moved} == {
            "delarsrapport-namnd",
            "justering-kf",  # minutes due on a weekend move to the Friday before
        }


def test_an_older_database_gains_the_new_columns(engine: Engine) -> None:
    """A database made before `collects`, `opens_on_decision` and the cycle's vision areas
    existed: the columns are added with the model's defaults and the data reads back."""
    from arshjul.models import queries
    from arshjul.models.db import create_schema, upgrade_schema

    store(engine)
    with engine.begin() as conn:
        for table, column in (
            ("milestone", "collects"),
            ("milestone", "opens_on_decision"),
            ("cycle", "vision_areas"),
            ("cycle", "max_goals"),
        ):
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
    assert sorted(upgrade_schema(engine)) == [
        "cycle.max_goals",
        "cycle.vision_areas",
        "milestone.collects",
        "milestone.opens_on_decision",
    ]
    create_schema(engine)  # and nothing more to add
    assert upgrade_schema(engine) == []
    with Session(engine) as session:
        cycle = session.exec(select(Cycle)).one()
        assert (cycle.vision_areas, cycle.max_goals) == ([], 5)
        rows = queries.deliverable_rows(session=session, cycle=cycle)
    assert rows and all(row.gate is None for row in rows)
