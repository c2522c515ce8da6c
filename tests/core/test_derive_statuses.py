"""derive_statuses, the bulk form used for roll-ups, equals derive_status cell by cell:
around DST changes, deadline-day midnights, returns, gates and facts after `now`."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from arshjul.core.status import (
    Gate,
    Review,
    Status,
    SubmissionFact,
    derive_status,
    derive_statuses,
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
    keyed = [(i, deadline, gate, subs) for i, (deadline, gate, subs) in enumerate(cells)]
    bulk = dict(derive_statuses(keyed, now, due_soon))
    for i, deadline, gate, subs in keyed:
        assert bulk[i] == derive_status(deadline, subs, now, due_soon, gate), (i, cells[i])


def test_a_hand_in_at_midnight_summer_time_is_late_by_one_business_day() -> None:
    deadline = dt.date(2019, 6, 14)  # a Friday; Stockholm midnight is 22:00 UTC
    on_time = SubmissionFact(dt.datetime(2019, 6, 14, 21, 59, 59, tzinfo=dt.UTC))
    late = SubmissionFact(dt.datetime(2019, 6, 14, 22, 0, tzinfo=dt.UTC))
    now = dt.datetime(2019, 6, 20, tzinfo=dt.UTC)
    result = dict(
        derive_statuses([("a", deadline, None, (on_time,)), ("b", deadline, None, (late,))], now)
    )
    assert result["a"].status is Status.SUBMITTED
    assert (result["b"].status, result["b"].business_days_late) == (Status.SUBMITTED_LATE, 1)
