"""CLI fixtures: Timrå 2020 planned into the settings database without Prefect."""

from __future__ import annotations

import datetime as dt

import pytest
from arshjul.models.db import create_schema, make_engine
from typer.testing import CliRunner

from arshjul.services.planning import checked_plan, save_plan
from arshjul.settings import get_settings
from tests.factories import ctx_for


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def timra_2020() -> str:
    url = get_settings().resolved_database_url
    engine = make_engine(url)
    create_schema(engine)
    template, cycle_plan, _ = checked_plan("timra", 2020)
    ctx = ctx_for(engine, now=dt.datetime(2019, 1, 2, tzinfo=dt.UTC))
    save_plan(ctx, template=template, cycle_plan=cycle_plan)
    engine.dispose()
    return url
