"""The declared transition tables, the identical-resubmission rule and the retry schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from arshjul.core.facts import Review
from arshjul.core.retries import ATTEMPTS, BACKOFF, after_failure
from arshjul.core.transitions import (
    OUTBOX,
    SUBMISSION,
    OutboxState,
    SubmissionState,
    submission_state,
)
from arshjul.core.versions import VersionOnRecord, identical_to

S, OB = SubmissionState, OutboxState


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        (None, S.SUBMITTED, True),
        (S.SUBMITTED, S.SUBMITTED, True),
        (S.SUBMITTED, S.ACCEPTED, True),
        (S.SUBMITTED, S.RETURNED, True),
        (S.RETURNED, S.SUBMITTED, True),
        (S.ACCEPTED, S.SUBMITTED, True),
        (None, S.ACCEPTED, False),  # nothing to review
        (S.ACCEPTED, S.ACCEPTED, False),  # reviewed already
        (S.ACCEPTED, S.RETURNED, False),
        (S.RETURNED, S.ACCEPTED, False),  # a return waits for a new version
        (S.RETURNED, S.RETURNED, False),
    ],
)
def test_submission_transitions(source, target, allowed: bool) -> None:
    assert SUBMISSION.allows(source, target) is allowed


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        (OB.PENDING, OB.SENDING, True),
        (OB.RETRY, OB.SENDING, True),
        (OB.SENDING, OB.SENDING, True),
        (OB.SENDING, OB.SENT, True),
        (OB.SENDING, OB.RETRY, True),
        (OB.SENDING, OB.FAILED, True),
        (OB.PENDING, OB.SENT, False),  # never sent without a claim
        (OB.SENT, OB.SENDING, False),  # sent once
        (OB.FAILED, OB.SENDING, False),
        (OB.RETRY, OB.SENT, False),
    ],
)
def test_outbox_transitions(source, target, allowed: bool) -> None:
    assert OUTBOX.allows(source, target) is allowed


def test_every_transition_says_why_and_claims_come_from_the_table() -> None:
    for table in (SUBMISSION, OUTBOX):
        assert all(len(t.why) > 20 for t in table.table), table.name
        assert len({(t.source, t.target) for t in table.table}) == len(table.table)
    assert set(OUTBOX.sources(OB.SENDING)) == {OB.PENDING, OB.RETRY, OB.SENDING}


@pytest.mark.parametrize(
    ("review", "has_version", "state"),
    [
        (None, False, None),
        (None, True, S.SUBMITTED),
        (Review.ACCEPTED, True, S.ACCEPTED),
        (Review.RETURNED, True, S.RETURNED),
    ],
)
def test_submission_state(review, has_version: bool, state) -> None:
    assert submission_state(review, has_version) == state


V1 = VersionOnRecord(1, ("aa", "bb"), None, 100)


@pytest.mark.parametrize(
    ("latest", "checksums", "total", "repeats"),
    [
        (None, ["aa"], None, None),
        (V1, ["bb", "aa"], 100, 1),  # same files in another order
        (V1, ["aa"], 100, None),  # a file fewer
        (V1, ["aa", "bb", "cc"], 100, None),
        (V1, ["aa", "bb"], 101, None),  # another budget total
        (VersionOnRecord(1, ("aa",), Review.ACCEPTED, None), ["aa"], None, 1),
        (VersionOnRecord(1, ("aa",), Review.RETURNED, None), ["aa"], None, None),  # asked for
    ],
)
def test_identical_resubmission(latest, checksums, total, repeats) -> None:
    assert identical_to(latest, checksums, total) == repeats


NOW = dt.datetime(2019, 5, 6, 7, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("attempts", "permanent", "state", "wait"),
    [
        (1, False, OB.RETRY, dt.timedelta(minutes=1)),
        (2, False, OB.RETRY, dt.timedelta(minutes=5)),
        (5, False, OB.RETRY, dt.timedelta(hours=6)),
        (6, False, OB.RETRY, dt.timedelta(hours=12)),
        (7, False, OB.RETRY, dt.timedelta(hours=24)),
        (8, False, OB.RETRY, dt.timedelta(hours=24)),  # the last wait is used, not skipped
        (9, False, OB.FAILED, None),
        (1, True, OB.FAILED, None),  # 5xx: at once
    ],
)
def test_after_failure(attempts: int, permanent: bool, state, wait) -> None:
    assert after_failure(attempts, permanent, NOW) == (state, NOW + wait if wait else None)


def test_an_outage_of_two_days_and_a_weekend_loses_nothing() -> None:
    assert sum(BACKOFF, dt.timedelta()) > dt.timedelta(hours=48)  # first try to last
    assert ATTEMPTS == len(BACKOFF) + 1 == 9
