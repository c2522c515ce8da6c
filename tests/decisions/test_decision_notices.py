"""The secretary is chased for justering and anslag, and the coordinators hear when a
decision vinner laga kraft: through the outbox to a real SMTP server, each notice once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from arshjul.services.decisions import DecisionUpdateIn, update
from tests.decisions.test_register import KF_SECRETARY, kf_budget, planned  # noqa: F401
from tests.factories import at, ctx_for, sweep
from tests.smtp_server import Inbox

D = dt.date.fromisoformat
COORDINATOR = "samordnare@example.org"


def decision_mail(smtp: Inbox, address: str) -> list[tuple[str, str]]:
    """(subject, plain text) of the decision notices `address` received, in order."""
    return [
        (m["Subject"], m.get_body(("plain",)).get_content())
        for m in smtp.to(address)
        if "§ 61" in m["Subject"]
    ]


def test_justering_then_anslag_then_laga_kraft(planned: Engine, smtp: Inbox) -> None:  # noqa: F811
    view = kf_budget(planned, meeting_date=D("2019-06-05"), now=at("2019-06-05", 16))
    decision_id = view.decision.id
    sweep(planned, at("2019-06-13", 7))
    assert decision_mail(smtp, KF_SECRETARY) == []

    # Latest justering Wednesday 19 June; three business days before is Friday 14 June.
    sweep(planned, at("2019-06-14", 7))
    sweep(planned, at("2019-06-14", 9))
    ((subject, text),) = decision_mail(smtp, KF_SECRETARY)
    assert subject.startswith("Dags för justering: KF onsdag 5 juni 2019 § 61")
    assert "ska justeras senast onsdag 19 juni 2019" in text
    assert f"arshjul decision update {decision_id} --justered" in text

    # Justered on the last day: the anslag is due on the second day after, midsommarafton,
    # so by Lag 1930:173 the next weekday, Monday 24 June.
    update(
        ctx_for(planned, KF_SECRETARY, at("2019-06-19", 15)),
        DecisionUpdateIn(decision_id, D("2019-06-19"), None),
    )
    sweep(planned, at("2019-06-20", 7))
    subject, text = decision_mail(smtp, KF_SECRETARY)[-1]
    assert subject.startswith("Dags för anslag")
    assert "tillkännages på anslagstavlan senast måndag 24 juni 2019" in text
    assert "flyttad från fredag 21 juni till måndag 24 juni: midsommarafton" in text

    # Not announced by Monday: one overdue notice on Tuesday, none again that week.
    for day in ("2019-06-25", "2019-06-26"):
        sweep(planned, at(day, 7))
    subjects = [s for s, _ in decision_mail(smtp, KF_SECRETARY)]
    assert len(subjects) == 3 and subjects[-1].startswith("Försenad anslag")

    update(
        ctx_for(planned, KF_SECRETARY, at("2019-06-26", 10)),
        DecisionUpdateIn(decision_id, None, D("2019-06-26")),
    )
    # Three weeks from Wednesday 26 June end Wednesday 17 July; final on Thursday 18 July.
    sweep(planned, at("2019-07-17", 7))
    assert decision_mail(smtp, COORDINATOR) == []
    for day in ("2019-07-18", "2019-07-19", "2019-07-22"):
        sweep(planned, at(day, 7))
    ((subject, text),) = decision_mail(smtp, COORDINATOR)
    assert subject.startswith("Laga kraft torsdag 18 juli 2019: KF § 61 Budget 2020")
    assert "Överklagandetiden slutade: onsdag 17 juli 2019" in text
    assert "Beslutet fullgör" in text
    assert len(decision_mail(smtp, KF_SECRETARY)) == 3  # nothing more once announced


def test_omedelbar_justering_is_chased_for_the_anslag_only(
    planned: Engine,  # noqa: F811
    smtp: Inbox,
) -> None:
    kf_budget(planned, meeting_date=D("2019-06-17"), omedelbar=True, now=at("2019-06-17", 20))
    # Justered at the meeting; the anslag is due Wednesday 19 June (1 business day: 18 June).
    sweep(planned, at("2019-06-18", 7))
    ((subject, text),) = decision_mail(smtp, KF_SECRETARY)
    assert subject.startswith("Dags för anslag")
    assert "senast onsdag 19 juni 2019" in text


def test_a_provisional_date_is_never_announced_as_final(
    planned: Engine,  # noqa: F811
    smtp: Inbox,
) -> None:
    kf_budget(planned, meeting_date=D("2019-06-17"), justered=D("2019-06-18"), now=at("2019-06-18"))
    for day in ("2019-07-12", "2019-07-15", "2019-08-01"):
        sweep(planned, at(day, 7))
    assert decision_mail(smtp, COORDINATOR) == []
    assert [s.split(":")[0] for s, _ in decision_mail(smtp, KF_SECRETARY)] == [
        "Försenad anslag",
        "Försenad anslag",
        "Försenad anslag",
    ]
