"""Problems found in a cycle template: what is wrong, where, and how serious.

A problem carries a code and parameters rather than a sentence, so the CLI can say it in
Swedish or English (arshjul/texts.py) and tests can assert on the code and the location.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the template cannot be planned
    WARNING = "warning"  # it can, but a person should look


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    file: str
    line: int | None
    field: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    severity: Severity = Severity.ERROR


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
