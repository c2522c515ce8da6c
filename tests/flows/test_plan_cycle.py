"""The plan_cycle flow on Prefect's real local server and a real database file."""

from __future__ import annotations

from pathlib import Path

import pytest
from arshjul.flows.plan_cycle import plan_cycle
from arshjul.models.db import make_engine
from arshjul.models.tables import Cycle, DeadlineChange, Deliverable
from sqlmodel import Session, select

from tests.factories import SMALL_TEMPLATE, write
from tests.models.test_store import dump

pytestmark = pytest.mark.e2e  # Prefect's test server


def test_plan_cycle_plans_and_is_idempotent(database_url: str) -> None:
    state = plan_cycle(template="timra", budget_year=2020, return_state=True)
    assert state.is_completed()
    first = state.result()
    assert first["created"] > 0 and first["moved"] == []
    engine = make_engine(database_url)
    before = dump(engine)
    second = plan_cycle(template="timra", budget_year=2020)
    assert (second["created"], second["updated"], second["retired"], second["moved"]) == (
        0,
        0,
        0,
        [],
    )
    assert dump(engine) == before
    with Session(engine) as session:
        assert session.exec(select(Cycle)).one().budget_year == 2020
        assert len(session.exec(select(Deliverable)).all()) == 72


def test_replanning_a_changed_template_records_moves(database_url: str, tmp_path: Path) -> None:
    path = write(tmp_path, SMALL_TEMPLATE)
    plan_cycle(template=str(path), budget_year=2021)
    write(tmp_path, SMALL_TEMPLATE.replace("last_business_day_of: 2", "last_business_day_of: 3"))
    changes = plan_cycle(template=str(path), budget_year=2021)
    assert [m[0] for m in changes["moved"]] == ["pf"]
    with Session(make_engine(database_url)) as session:
        assert len(session.exec(select(DeadlineChange)).all()) == 1


def test_an_invalid_template_fails_the_flow_and_writes_nothing(
    database_url: str, tmp_path: Path
) -> None:
    plan_cycle(template="timra", budget_year=2020)
    engine = make_engine(database_url)
    before = dump(engine)
    path = write(tmp_path, SMALL_TEMPLATE.replace("responsible: KLK", "responsible: KLX"))
    state = plan_cycle(template=str(path), budget_year=2020, return_state=True)
    assert state.is_failed()
    from arshjul.errors import TemplateInvalid

    try:
        state.result()
    except TemplateInvalid as exc:
        assert [(p.code, p.line) for p in exc.problems] == [("unknown_body", 18)]
    else:
        raise AssertionError("expected TemplateInvalid")
    assert dump(engine) == before
