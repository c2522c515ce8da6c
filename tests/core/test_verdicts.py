"""The verdicts the roll-up queries count by (arshjul.core.status.verdicts: what nothing
handed in comes to, and until when a single hand-in is on time) equal derive_status for
every deliverable the database counts without it: around DST changes, deadline-day
midnights, gates and facts after `now`. Deliverables with several visible versions or a
visible return go through derive_status itself (notifications/digests.py)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from arshjul.core.instants import local_date
from arshjul.core.lateness import days_late, return_visible
from arshjul.core.status import (
    DeliverableStatus,
    Gate,
    Review,
    Status,
    SubmissionFact,
    derive_status,
    verdicts,
)

BASE = dt.datetime(2019, 3, 25, 21, 0, tzinfo=dt.UTC)  # the night after a DST change

instants = st.integers(min_value=-2 * 24 * 60, max_value=12 * 24 * 60).map(
    lambda minutes: BASE + dt.timedelta(minutes=minutes)
)
deadlines = st.integers(min_value=-3, max_value=12).map(
    lambda days: BASE.date() + dt.timedelta(days=days)
)
facts = st.builds(
    SubmissionFact,
    submitted_at=instants,
    review=st.one_of(st.none(), st.sampled_from(Review)),
    reviewed_at=st.one_of(st.none(), instants),
    new_deadline=st.one_of(st.none(), deadlines),
)
gates = st.one_of(st.none(), st.builds(Gate, st.just("kf-budget"), st.one_of(st.none(), instants)))
cells = st.lists(st.tuples(deadlines, gates, st.lists(facts, max_size=3).map(tuple)), max_size=30)


@settings(max_examples=400, deadline=None)
@given(cells=cells, now=instants, due_soon=st.integers(min_value=0, max_value=10))
def test_equal_to_derive_status_cell_by_cell(
    cells: list[tuple[dt.date, Gate | None, tuple[SubmissionFact, ...]]],
    now: dt.datetime,
    due_soon: int,
) -> None:
    for deadline, gate, subs in cells:
        visible = [f for f in subs if f.submitted_at <= now]
        if len(visible) > 1 or (visible and return_visible(visible[0], now)):
            continue  # counted by derive_status itself
        assert _counted(deadline, gate, visible, now, due_soon) == derive_status(
            deadline, subs, now, due_soon, gate
        ), (deadline, gate, subs)


def _counted(
    deadline: dt.date,
    gate: Gate | None,
    visible: list[SubmissionFact],
    now: dt.datetime,
    due_soon: int,
) -> DeliverableStatus:
    """The status the roll-up's SQL gives a deliverable from the milestone's verdicts."""
    found = verdicts(deadline, gate, now, due_soon)
    if not visible:
        return found.unsubmitted
    if visible[0].submitted_at < found.on_time_before:
        return DeliverableStatus(Status.SUBMITTED, deadline)
    late = days_late(deadline, local_date(visible[0].submitted_at))
    return DeliverableStatus(Status.SUBMITTED_LATE, deadline, late)


def test_a_hand_in_at_midnight_summer_time_is_late_by_one_business_day() -> None:
    deadline = dt.date(2019, 6, 14)  # a Friday; Stockholm midnight is 22:00 UTC
    on_time = SubmissionFact(dt.datetime(2019, 6, 14, 21, 59, 59, tzinfo=dt.UTC))
    late = SubmissionFact(dt.datetime(2019, 6, 14, 22, 0, tzinfo=dt.UTC))
    now = dt.datetime(2019, 6, 20, tzinfo=dt.UTC)
    assert _counted(deadline, None, [on_time], now, 7).status is Status.SUBMITTED
    counted = _counted(deadline, None, [late], now, 7)
    assert (counted.status, counted.business_days_late) == (Status.SUBMITTED_LATE, 1)
