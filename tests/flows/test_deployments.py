"""prefect.yaml names flows that exist, with parameters those flows accept."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.e2e  # Prefect's test server

ROOT = Path(__file__).resolve().parents[2]


def test_every_deployment_entrypoint_and_parameter_exists() -> None:
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    assert config["deployments"]
    for deployment in config["deployments"]:
        file, name = deployment["entrypoint"].split(":")
        spec = importlib.util.spec_from_file_location("entry", ROOT / file)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        flow = getattr(module, name)
        accepted = set(inspect.signature(flow.fn).parameters)
        assert set(deployment.get("parameters", {})) <= accepted, deployment["name"]
