"""Ramstyrning: a budget total above the nämnd's frame reaches the coordinators, once per
excess, whichever side changed (a real SMTP server, a real database file)."""

from __future__ import annotations

from pathlib import Path

from arshjul.models.tables import OutboxMessage
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.services.frames import FrameIn, set_frame
from tests.factories import at, ctx_for
from tests.smtp_server import Inbox
from tests.submissions.test_submit import COORDINATOR, hand_in, pdf, planned  # noqa: F401


def frame(engine: Engine, amount: int, day: str = "2019-05-02"):
    return set_frame(ctx_for(engine, COORDINATOR, at(day, 9)), FrameIn("BUN", amount, 2020))


def alerts(smtp: Inbox) -> list[tuple[str, str]]:
    return [
        (m["Subject"], m.get_body(("plain",)).get_content())
        for m in smtp.to(COORDINATOR)
        if "budgetramen" in m["Subject"]
    ]


def test_a_total_over_the_frame_alerts_the_coordinator_once(
    planned: Engine,  # noqa: F811
    pdf: Path,  # noqa: F811
    smtp: Inbox,
) -> None:
    change = frame(planned, 412_500_000)
    assert (change.old_sek, change.coordinators_alerted, change.line.over_frame) == (
        None,
        0,
        False,
    )
    within = hand_in(planned, [pdf], at("2019-05-06", 10), budget_total_sek=412_000_000)
    assert (within.over_frame, within.coordinators_alerted) == (False, 0)
    assert alerts(smtp) == []

    over = hand_in(planned, [pdf], at("2019-05-06", 11), budget_total_sek=413_000_000)
    assert (over.over_frame, over.coordinators_alerted) == (True, 1)
    ((subject, text),) = alerts(smtp)
    assert subject == (
        "Över budgetramen: Barn- och utbildningsnämnden, budgetår 2020 (+500 000 kr)"
    )
    assert "Budgetram:        412\u00a0500\u00a0000 kr" in text
    assert "Budgetförslag:    413\u00a0000\u00a0000 kr" in text
    assert "Senaste ändring av: Sekreterare <bun@example.org>" in text

    # The same excess again (the frame re-entered unchanged) is not news.
    again = frame(planned, 412_500_000, "2019-05-07")
    assert again.line.over_frame and again.coordinators_alerted == 0
    assert len(alerts(smtp)) == 1


def test_lowering_the_frame_below_a_submitted_budget_alerts_too(
    planned: Engine,  # noqa: F811
    pdf: Path,  # noqa: F811
    smtp: Inbox,
) -> None:
    hand_in(planned, [pdf], at("2019-05-06", 10), budget_total_sek=412_000_000)
    assert frame(planned, 420_000_000).coordinators_alerted == 0
    lowered = frame(planned, 410_000_000, "2019-06-18")
    assert (lowered.old_sek, lowered.coordinators_alerted) == (420_000_000, 1)
    ((subject, _),) = alerts(smtp)
    assert subject.endswith("(+2 000 000 kr)")  # one line, plain spaces
    with Session(planned) as session:
        row = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "over_frame")).one()
    assert (row.state, row.recipient) == ("sent", COORDINATOR)


def test_no_frame_no_alert(planned: Engine, pdf: Path, smtp: Inbox) -> None:  # noqa: F811
    outcome = hand_in(planned, [pdf], at("2019-05-06", 10), budget_total_sek=999_000_000)
    assert (outcome.over_frame, outcome.coordinators_alerted) == (False, 0)
    assert alerts(smtp) == []
