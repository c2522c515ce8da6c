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
        # a module path, not a file: a worker in a container from the wheel (Dockerfile)
        # has the package installed and no checkout
        module_name, name = deployment["entrypoint"].split(":")
        assert module_name.startswith("arshjul.flows."), deployment["entrypoint"]
        flow = getattr(importlib.import_module(module_name), name)
        accepted = set(inspect.signature(flow.fn).parameters)
        assert set(deployment.get("parameters", {})) <= accepted, deployment["name"]
