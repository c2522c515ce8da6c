"""The legal moves of a submission and of an outbox message, declared as tables.

Like Prefect's orchestration rules, each allowed transition names where it comes from,
where it goes, and why it exists; anything not in a table is refused. The services ask
`allows` before they write, and the outbox's claim query takes its source states from
`sources` so that the SQL and the table cannot drift apart.

    submission (per deliverable, from its latest version)
      ∅ ──submit──▶ submitted ──review──▶ accepted
                        │  ▲                 │
                 review │  │ submit          │ submit (a corrected version)
                        ▼  │                 ▼
                      returned            submitted

    outbox message
      pending ──claim──▶ sending ──▶ sent
      retry   ──claim──▶ sending ──▶ retry | failed ──requeue──▶ pending
                         sending ──claim after the lease──▶ sending
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from arshjul.core.facts import Review

S = TypeVar("S", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Transition(Generic[S]):
    source: S | None  # None: the thing does not exist yet
    target: S
    action: str
    why: str


@dataclass(frozen=True, slots=True)
class Transitions(Generic[S]):
    name: str
    table: tuple[Transition[S], ...]

    def allows(self, source: S | None, target: S) -> bool:
        return any(t.source == source and t.target == target for t in self.table)

    def sources(self, target: S) -> tuple[S, ...]:
        """The states from which `target` can be reached (None, 'not yet', left out)."""
        return tuple(t.source for t in self.table if t.target == target and t.source is not None)


class SubmissionState(StrEnum):
    SUBMITTED = "submitted"  # the latest version waits for review
    ACCEPTED = "accepted"
    RETURNED = "returned"


def submission_state(latest_review: Review | None, has_version: bool) -> SubmissionState | None:
    """A deliverable's state from its latest version (None: nothing handed in yet)."""
    if not has_version:
        return None
    if latest_review is None:
        return SubmissionState.SUBMITTED
    return SubmissionState(latest_review.value)


SUBMISSION: Transitions[SubmissionState] = Transitions(
    "submission",
    (
        Transition(
            None,
            SubmissionState.SUBMITTED,
            "submit",
            "the body hands in its document; late is allowed and marked, never refused",
        ),
        Transition(
            SubmissionState.SUBMITTED,
            SubmissionState.SUBMITTED,
            "submit",
            "a new version before review replaces the old as the one to review; both stay",
        ),
        Transition(
            SubmissionState.SUBMITTED,
            SubmissionState.ACCEPTED,
            "review",
            "the central office finds it complete",
        ),
        Transition(
            SubmissionState.SUBMITTED,
            SubmissionState.RETURNED,
            "review",
            "returned for completion with a comment and a new deadline, which then applies",
        ),
        Transition(
            SubmissionState.RETURNED,
            SubmissionState.SUBMITTED,
            "submit",
            "resubmitted against the new deadline; even the same files count as a new version",
        ),
        Transition(
            SubmissionState.ACCEPTED,
            SubmissionState.SUBMITTED,
            "submit",
            "a correction after acceptance is a new version to review; the acceptance stays",
        ),
    ),
)


class OutboxState(StrEnum):
    PENDING = "pending"  # rendered and queued, never tried
    SENDING = "sending"  # claimed by one delivery run
    RETRY = "retry"  # failed for a reason that can pass; waits for its backoff
    SENT = "sent"
    FAILED = "failed"  # refused for good, or out of attempts


OUTBOX: Transitions[OutboxState] = Transitions(
    "outbox",
    (
        Transition(
            OutboxState.PENDING,
            OutboxState.SENDING,
            "claim",
            "one delivery run takes it; the conditional update lets only one win",
        ),
        Transition(
            OutboxState.RETRY,
            OutboxState.SENDING,
            "claim",
            "its backoff has passed; tried again",
        ),
        Transition(
            OutboxState.SENDING,
            OutboxState.SENDING,
            "claim",
            "the run holding it died past the lease; another sends it with the same Message-ID",
        ),
        Transition(
            OutboxState.SENDING,
            OutboxState.SENT,
            "deliver",
            "the channel accepted it; committed with its audit event",
        ),
        Transition(
            OutboxState.SENDING,
            OutboxState.RETRY,
            "deliver",
            "a failure that can pass (4xx, no connection) with attempts left",
        ),
        Transition(
            OutboxState.SENDING,
            OutboxState.FAILED,
            "deliver",
            "a permanent refusal (5xx) or the last attempt; audited, coordinators told",
        ),
        Transition(
            OutboxState.FAILED,
            OutboxState.PENDING,
            "requeue",
            "a coordinator fixed the cause and sends it again, with every attempt anew; audited",
        ),
    ),
)
