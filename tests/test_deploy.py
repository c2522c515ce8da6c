"""What an operator installs from: the package's metadata and folder list, the production
pins, the Dockerfile and the compose file (checked against the compose-spec schema; no
Docker daemon runs here). The wheel itself is built, installed and run outside the
checkout by tests/e2e/test_wheel.py."""

from __future__ import annotations

import json
import tomllib
from importlib.resources import files
from pathlib import Path

import jsonschema
import yaml
from packaging.requirements import Requirement

from arshjul.settings import Settings, variable

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
COMPOSE = yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text(encoding="utf-8"))


def _source_folder(package: str) -> Path:
    """Where a package of pyproject's list lives in the checkout (package-dir mapped)."""
    mapped: dict[str, str] = PYPROJECT["tool"]["setuptools"]["package-dir"]
    for name, folder in sorted(mapped.items(), key=lambda kv: -len(kv[0])):
        if package == name or package.startswith(name + "."):
            return ROOT / folder / package[len(name) :].lstrip(".").replace(".", "/")
    return ROOT / package.replace(".", "/")


def test_every_package_folder_is_listed() -> None:
    listed = PYPROJECT["tool"]["setuptools"]["packages"]
    assert all(_source_folder(p).joinpath("__init__.py").is_file() for p in listed), listed
    found = set()
    for top, name in (("arshjul", "arshjul"), ("flows", "arshjul.flows")):
        for init in (ROOT / top).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / top).parts
            found.add(".".join((name, *parts)))
    for top in ("models", "notifications"):
        for init in (ROOT / top).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / top).parts
            found.add(".".join(("arshjul", top, *parts)))
    assert found == set(listed), sorted(found ^ set(listed))


def test_the_license_is_spdx_with_its_file_and_the_build_backend_pinned() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    (backend,) = PYPROJECT["build-system"]["requires"]
    assert Requirement(backend).specifier and str(Requirement(backend).specifier).startswith("==")


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not pinned: {line}"
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_the_production_pins_cover_and_satisfy_every_dependency() -> None:
    pins = _pins()
    wanted = (
        PYPROJECT["project"]["dependencies"]
        + PYPROJECT["project"]["optional-dependencies"]["postgres"]
    )
    for text in wanted:
        requirement = Requirement(text)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        name = requirement.name.lower().replace("_", "-")
        assert name in pins, f"{name} is not in constraints.txt (run scripts/lock)"
        assert requirement.specifier.contains(pins[name]), (text, pins[name])
    assert "psycopg-binary" in pins and "asyncpg" in pins  # the databases of the compose file


def test_the_dockerfile_builds_the_wheel_and_runs_it_as_a_user_without_privileges() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    stages = [line for line in lines if line.startswith("FROM ")]
    assert len(stages) == 2 and all("python:3.11-slim" in line for line in stages)
    steps = " ".join(line for line in lines if "steps.sh" in line)
    for step in ("steps.sh wheel", "steps.sh install", "steps.sh check"):
        assert step in steps
    assert "USER arshjul" in lines and 'ENTRYPOINT ["arshjul"]' in lines
    assert lines.index("USER arshjul") > max(i for i, x in enumerate(lines) if x.startswith("RUN"))
    script = (ROOT / "deploy" / "container" / "steps.sh").read_text()
    assert '--constraint "$dist/constraints.txt"' in script


def test_the_compose_file_is_valid_compose() -> None:
    schema = json.loads(
        (files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json").read_text()
    )
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(COMPOSE)
    ]
    assert problems == []


def test_every_service_restarts_is_checked_and_keeps_its_data() -> None:
    services = COMPOSE["services"]
    assert set(services) == {"db", "prefect", "worker", "web"}
    for name, service in services.items():
        assert service["restart"] == "unless-stopped", name
        assert service["healthcheck"]["test"], name
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), (name, port)  # the host's nginx in front
    for name in ("worker", "web"):
        mounts = {v.split(":")[1] for v in services[name]["volumes"]}
        assert {"/srv/arshjul/files", "/var/lib/arshjul-keys", "/srv/arshjul/cycles"} <= mounts
        assert services[name]["image"] == "arshjul:latest" and services[name]["build"]
    assert services["worker"]["entrypoint"] == ["prefect"]
    assert "--with-healthcheck" in services["worker"]["command"]


def test_the_compose_file_sets_only_real_settings() -> None:
    known = {variable(name) for name in Settings.model_fields}
    for name, service in COMPOSE["services"].items():
        for setting in service.get("environment", {}):
            if setting.startswith("ARSHJUL_"):
                assert setting in known, (name, setting)
