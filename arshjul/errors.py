"""The errors a user can cause, each carrying a text key so it is said in their language.

ArshjulError                 anything the CLI should print as one clear line, exit 1
├── NotFound                 no such municipality, cycle, body or deliverable
├── Ambiguous                several match and the command needs one (--municipality)
└── InvalidInput             a value given on the command line is malformed
    └── InvalidFile          a structured file handed in has problems; carries each one
TemplateInvalid (core)       a cycle template has errors; carries every Problem
"""

from __future__ import annotations

from typing import Any

from arshjul.core.problems import Problem, errors


class ArshjulError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(f"{key}: {params}")
        self.key = key
        self.params = params


class NotFound(ArshjulError):
    pass


class Ambiguous(ArshjulError):
    pass


class InvalidInput(ArshjulError):
    pass


class InvalidFile(InvalidInput):
    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__("file_invalid", file=file, count=len(errors(problems)))
        self.problems = problems  # each with its field and line
