"""The phases of the yearly cycle, for filtering it by part of the year (the Prefect UI's
tags, the board)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Phase(StrEnum):
    """The parts of the year an operator filters the Prefect UI by."""

    PLANERING = "planering"  # planeringsförutsättningar, instructions, drafts
    BUDGET = "budget"  # the nämnder's budget work and plans
    BESLUT = "beslut"  # KS's proposal, KF's frames and budget, KF and KS decisions
    UPPFOLJNING = "uppföljning"  # the budget year: tertial, delårsrapport
    BOKSLUT = "bokslut"  # the year after: årsredovisning, ansvarsfrihet


BUDGET_LAW = frozenset(
    {
        "ks_budget_proposal",
        "ks_tax_rate_proposal",
        "auditors_budget_proposal",
        "kf_budget",
        "kf_budget_frames",
        "kf_tax_rate",
        "joint_budget_consultation",
    }
)


def phase_of(
    deadline: dt.date, budget_year: int, *, law: str | None, council_decision: bool
) -> Phase:
    """The phase a milestone belongs to when its template does not say: by the year of its
    deadline, and in the preparation year by what it is (a KF or KS decision, or the
    budget's legal steps, are `beslut`; work before May is `planering`)."""
    if deadline.year > budget_year:
        return Phase.BOKSLUT
    if deadline.year == budget_year:
        return Phase.UPPFOLJNING
    if law in BUDGET_LAW or council_decision:
        return Phase.BESLUT
    if deadline.year < budget_year - 1 or deadline.month <= 4:
        return Phase.PLANERING
    return Phase.BUDGET
