"""The status board: every deliverable of a cycle with its derived status, rolled up.

Rows come in as plain data (models.queries builds them with two set-based queries), so the
board is computed the same way for the CLI, a digest e-mail or the web, for any `now`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from arshjul.core.calendar import DayOff, Shift, Shifted
from arshjul.core.status import (
    DeliverableStatus,
    Gate,
    Rollup,
    SubmissionFact,
    derive_status,
    roll_up,
)


@dataclass(frozen=True, slots=True)
class DeliverableRow:
    deliverable_id: int
    milestone_key: str
    milestone_title: str
    deliverable_title: str
    position: int
    body_key: str
    body_name: str
    body_position: int
    deadline: Shifted
    submissions: tuple[SubmissionFact, ...] = ()
    gate: Gate | None = None
    extension_reason: str = ""  # set when this body was given a deadline of its own
    optional: bool = False  # a step that may be taken: "frivillig", never late
    completed_by: str = "hand_in"  # arshjul.core.kinds.CompletedBy
    not_applicable_reason: str = ""  # set when "inte aktuell" for this body: why


@dataclass(frozen=True, slots=True)
class BoardCell:
    row: DeliverableRow
    status: DeliverableStatus


@dataclass(frozen=True, slots=True)
class Board:
    cells: tuple[BoardCell, ...]  # in milestone order, then body order
    rollup: Rollup

    def milestones(self) -> list[DeliverableRow]:
        """One representative row per milestone, in plan order."""
        seen: dict[str, DeliverableRow] = {}
        for cell in self.cells:
            seen.setdefault(cell.row.milestone_key, cell.row)
        return list(seen.values())

    def bodies(self) -> list[tuple[str, str]]:
        """(key, name) of every body with a deliverable, in template order."""
        rows = sorted(self.cells, key=lambda c: c.row.body_position)
        return list(dict.fromkeys((c.row.body_key, c.row.body_name) for c in rows))

    def cell(self, milestone_key: str, body_key: str) -> BoardCell | None:
        return next(
            (
                c
                for c in self.cells
                if c.row.milestone_key == milestone_key and c.row.body_key == body_key
            ),
            None,
        )


def shifted_from_columns(
    deadline: dt.date, nominal: dt.date, rule: str, passed: list[list[str]]
) -> Shifted:
    days_off = tuple(DayOff(dt.date.fromisoformat(d), sv, en) for d, sv, en in passed)
    return Shifted(deadline, nominal, Shift(rule), days_off)


def given(deadline: dt.date) -> Shifted:
    """A deadline a coordinator gave one body: a business day chosen by hand, not moved."""
    return Shifted(deadline, deadline, Shift.NONE, ())


def build_board(rows: list[DeliverableRow], now: dt.datetime, due_soon_days: int) -> Board:
    cells = tuple(
        BoardCell(
            row,
            derive_status(
                row.deadline.date,
                row.submissions,
                now,
                due_soon_days,
                row.gate,
                row.optional,
                bool(row.not_applicable_reason),
            ),
        )
        for row in sorted(rows, key=lambda r: (r.position, r.body_position))
    )
    rollup = roll_up((c.row.milestone_key, c.row.body_key, c.status.status) for c in cells)
    return Board(cells, rollup)
