"""Indicators a nämnd names for its commitments, and the values they take.

An indicator is a Kolada KPI (its id, such as `N00945`: the municipality's value is
published by RKA for every municipality) or a local one the nämnd defines with a key, a
name and a unit. Either may carry a target and a direction: whether a higher or a lower
value is better. Values come with a report (entered in the hand-in form) or are imported
for the whole municipality from a file (arshjul.core.indicator_files).

Numbers are written the Swedish way as often as not: "78,5", "1 234", "−3" all parse.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

KOLADA_ID = re.compile(r"[A-Z]\d{5}")  # N00945, U00402
LOCAL_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
LARGEST = 1e15  # no indicator is larger; beyond it a value is a typing error or hostile


class Direction(StrEnum):
    HIGHER = "higher"  # a higher value is better (the share of qualified teachers)
    LOWER = "lower"  # a lower value is better (waiting days)


DIRECTIONS = {
    "higher": Direction.HIGHER,
    "högre": Direction.HIGHER,
    "lower": Direction.LOWER,
    "lägre": Direction.LOWER,
}


class Source(StrEnum):
    """Where a value came from: with a report, or imported for the whole municipality."""

    REPORT = "report"
    KOLADA = "kolada"  # a file in Kolada's API format, or the API itself
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class Indicator:
    ref: str  # the Kolada id or the local key
    name: str
    unit: str = ""
    target: float | None = None
    direction: Direction = Direction.HIGHER

    @property
    def kolada(self) -> bool:
        return KOLADA_ID.fullmatch(self.ref) is not None


def parse_number(value: Any) -> float | None:
    """A finite number from YAML, JSON, a form or a CSV cell, or None. Text may use a
    decimal comma, spaces (also no-break and thin) between thousands and U+2212 for minus."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = re.sub(r"[\s\u00a0\u2009\u202f]", "", value).replace("\u2212", "-")
        if not re.fullmatch(r"[-+]?\d{1,16}([.,]\d{1,12})?", text):
            return None
        number = float(text.replace(",", "."))
    else:
        return None
    return number if math.isfinite(number) and abs(number) <= LARGEST else None


def meets_target(indicator: Indicator, value: float | None) -> bool | None:
    """Whether a value reaches the target in the indicator's direction; None without
    either."""
    if value is None or indicator.target is None:
        return None
    if indicator.direction is Direction.HIGHER:
        return value >= indicator.target
    return value <= indicator.target


def format_number(value: float) -> str:
    """A value as people write it: no trailing ".0", a decimal comma, up to 4 decimals."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
