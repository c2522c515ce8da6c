"""What is recorded about a deliverable's hand-ins: the facts every status and lateness rule
is derived from. Plain data, so the rules can be table-tested without a database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Review(StrEnum):
    ACCEPTED = "accepted"
    RETURNED = "returned"


@dataclass(frozen=True, slots=True)
class SubmissionFact:
    submitted_at: dt.datetime
    review: Review | None = None
    reviewed_at: dt.datetime | None = None
    new_deadline: dt.date | None = None  # given with a return
