"""Cycle templates shipped with arshjul, found by name (`timra`) or used from a path."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped() -> dict[str, Path]:
    folder = resources.files(__name__)
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


def resolve(name_or_path: str) -> Path:
    """A shipped template's path by name, else the argument as a path."""
    return shipped().get(name_or_path, Path(name_or_path))
