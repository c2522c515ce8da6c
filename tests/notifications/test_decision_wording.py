"""What each notice says, by notice kind × what completes the deliverable × language: a
document is handed in; a decision (`completed_by: decision`) is taken by a body at a meeting
and recorded by its secretary from the justerat protokoll in the decisions register, never
"handed in"; and the justering rule is cited by its chapter and paragraph."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from arshjul.models.tables import OutboxMessage
from arshjul.notifications.render import Renderer, sample_context
from sqlalchemy import Engine
from sqlmodel import Session, select

from tests.factories import MAIL_TEMPLATE, at, plan_into, sweep

MEETING = {
    "title": "KF, budgetsammanträde",
    "date": dt.date(2019, 11, 25),
    "days": 2,
    "last_day": dt.date(2019, 11, 26),
}
# What each completion kind's notices must say, and must never say, per language.
SAYS = {
    ("hand_in", "sv"): (["Lämna in här"], ["beslutsregistret", "justera"]),
    ("hand_in", "en"): (["Hand it in here"], ["decisions register"]),
    ("decision", "sv"): (
        ["justerade protokollet", "beslutsregistret", "https://arshjul.timra.se/beslut"],
        ["lämna in dokumentet", "lämnats in", "Lämna in här", "Så lämnar ni in"],
    ),
    ("decision", "en"): (
        ["signed", "decisions register", "https://arshjul.timra.se/beslut"],
        ["hand it in here", "How to hand it in", "was due on"],
    ),
}
LEADS = {
    ("reminder", "hand_in", "sv"): "Barn- och utbildningsnämnden ska lämna in: ",
    ("reminder", "decision", "sv"): "Barn- och utbildningsnämnden ska besluta: ",
    ("reminder", "hand_in", "en"): "Barn- och utbildningsnämnden is to hand in: ",
    ("reminder", "decision", "en"): "Barn- och utbildningsnämnden is to decide: ",
    ("overdue", "hand_in", "sv"): "skulle ha lämnats in senast",
    ("overdue", "decision", "sv"): "skulle ha beslutats av Barn- och utbildningsnämnden senast",
    ("overdue", "hand_in", "en"): "was due on",
    ("overdue", "decision", "en"): "was to be decided by Barn- och utbildningsnämnden by",
    ("deadline_changed", "hand_in", "sv"): "Tidsfristen för",
    ("deadline_changed", "decision", "sv"): "Dagen för Barn- och utbildningsnämndens beslut om",
    ("deadline_changed", "hand_in", "en"): "The deadline for",
    ("deadline_changed", "decision", "en"): "The day of Barn- och utbildningsnämnden's decision",
}
SUBJECTS = {
    ("reminder", "decision", "sv"): "Påminnelse: beslut om Nämndens budgetunderlag",
    ("reminder", "decision", "en"): "Reminder: decision on Nämndens budgetunderlag",
    ("overdue", "decision", "sv"): "Försenad: beslut om Nämndens budgetunderlag",
    ("overdue", "decision", "en"): "Overdue: decision on Nämndens budgetunderlag",
    ("deadline_changed", "decision", "sv"): "Ändrat datum: beslut om Nämndens budgetunderlag",
    ("deadline_changed", "decision", "en"): "Date changed: decision on Nämndens budgetunderlag",
    ("reminder", "hand_in", "sv"): "Påminnelse: Nämndens budgetunderlag",
    ("reminder", "hand_in", "en"): "Reminder: Nämndens budgetunderlag",
    ("overdue", "hand_in", "sv"): "Försenad: Nämndens budgetunderlag",
    ("overdue", "hand_in", "en"): "Overdue: Nämndens budgetunderlag",
    ("deadline_changed", "hand_in", "sv"): "Ändrat datum: Nämndens budgetunderlag",
    ("deadline_changed", "hand_in", "en"): "Date changed: Nämndens budgetunderlag",
}


def render(kind: str, lang: str, **changes: object):
    return Renderer().render(kind, lang, {**sample_context(kind), **changes})


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("completed_by", ["hand_in", "decision"])
@pytest.mark.parametrize("kind", ["reminder", "overdue", "deadline_changed"])
@pytest.mark.parametrize("copy", [False, True])
def test_each_deliverable_notice_speaks_of_what_completes_it(
    kind: str, completed_by: str, lang: str, copy: bool
) -> None:
    meeting = MEETING if completed_by == "decision" else None
    rendered = render(kind, lang, completed_by=completed_by, meeting=meeting, is_copy=copy)
    must, never = SAYS[(completed_by, lang)]
    for part in (rendered.text, rendered.html):
        assert LEADS[(kind, completed_by, lang)] in re.sub(r"<[^>]+>", "", part).replace("\n", " ")
        for phrase in must:
            assert phrase in part, (phrase, part)
        for phrase in never:
            assert phrase.lower() not in part.lower(), (phrase, part)
    assert SUBJECTS[(kind, completed_by, lang)] in rendered.subject


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_decision_reminder_names_the_meeting_and_its_two_days(lang: str) -> None:
    rendered = render("reminder", lang, completed_by="decision", meeting=MEETING)
    expected = {
        "sv": "Sammanträde: KF, budgetsammanträde, måndag 25 november 2019 (till och med "
        "tisdag 26 november 2019)",
        "en": "Meeting: KF, budgetsammanträde, Monday 25 November 2019 (until Tuesday 26 "
        "November 2019)",
    }[lang]
    assert expected in rendered.text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_without_the_web_a_decision_notice_gives_the_command(lang: str) -> None:
    rendered = render("overdue", lang, completed_by="decision", meeting=MEETING, decisions_link="")
    assert "arshjul decision record --body BUN --milestone budgetunderlag" in rendered.text


@pytest.mark.parametrize(
    ("lang", "decision", "expected"),
    [
        ("sv", False, "BUN: Budgetunderlag (senast fredag 3 maj 2019)"),
        ("sv", True, "BUN: beslut om Budgetunderlag (senast fredag 3 maj 2019)"),
        ("en", False, "BUN: Budgetunderlag (due Friday 3 May 2019)"),
        ("en", True, "BUN: decision on Budgetunderlag (due Friday 3 May 2019)"),
    ],
)
def test_the_digest_says_which_late_items_are_decisions(
    lang: str, decision: bool, expected: str
) -> None:
    context = sample_context("digest")
    context["overdue"] = [{**context["overdue"][0], "decision": decision}]
    rendered = Renderer().render("digest", lang, context)
    assert expected in rendered.text and expected in rendered.html
    assert rendered.subject.endswith({"sv": "1 försenad", "en": "1 overdue"}[lang])


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_late_decision_notice_says_it_is_recorded_from_the_justerat_protokoll(
    lang: str,
) -> None:
    rendered = render("decision_late", lang)
    phrase = {"sv": "från det justerade protokollet", "en": "once the minutes are signed"}[lang]
    for part in (rendered.text, rendered.html):
        assert phrase in part and "https://arshjul.timra.se/beslut" in part


@pytest.mark.parametrize(
    ("lang", "kind", "cited"),
    [
        ("sv", "kf", "(fjorton dagar efter sammanträdet, kommunallagen 5 kap. 69 §)"),
        (
            "sv",
            "ks",
            "(fjorton dagar efter sammanträdet, kommunallagen 6 kap. 35 § och 5 kap. 69 §)",
        ),
        ("en", "kf", "(within fourteen days of the meeting, Local Government Act ch. 5 s. 69)"),
        (
            "en",
            "namnd",
            "(within fourteen days of the meeting, Local Government Act ch. 6 s. 35 and ch. 5 "
            "s. 69)",
        ),
    ],
)
def test_the_justering_mail_cites_the_chapter_and_paragraph_of_its_body(
    lang: str, kind: str, cited: str
) -> None:
    context = sample_context("decision_due")
    context["body"] = {**context["body"], "kind": kind}
    rendered = Renderer().render("decision_due", lang, context)
    assert cited in rendered.text and cited in rendered.html
    assert "8 kap.)" not in rendered.text and "ch. 8)" not in rendered.text


@pytest.mark.parametrize(
    ("lang", "cited"),
    [
        ("sv", "(andra dagen efter justeringen, kommunallagen 8 kap. 12 §)"),
        ("en", "(the second day after the justering, Local Government Act ch. 8 s. 12)"),
    ],
)
def test_the_anslag_mail_cites_8_kap_12(lang: str, cited: str) -> None:
    rendered = render("decision_due", lang, step="anslag", step_name="anslag")
    assert cited in rendered.text


def test_laga_kraft_cites_13_kap_5() -> None:
    assert "kommunallagen 13 kap. 5 §" in render("laga_kraft", "sv").text


# The sweep: a KS decision owed at its meeting is reminded as a decision ----------------------

KS_DECIDES = MAIL_TEMPLATE + (
    "  - key: ks-forslag\n"
    "    title: KS förslag till budget\n"
    "    deliverable: KS beslut om förslag till budget\n"
    "    responsible: KS\n"
    "    deadline: {on_meeting: ks-maj}\n"
    "    completed_by: decision\n"
)


def test_the_sweep_reminds_ks_of_its_decision_at_its_meeting(engine: Engine) -> None:
    plan_into(engine, KS_DECIDES)
    sweep(engine, at("2019-05-07", 7))  # 14 days before KS on Tuesday 21 May 2019
    with Session(engine) as session:
        mails = [
            m
            for m in session.exec(
                select(OutboxMessage).where(OutboxMessage.recipient == "ks@example.org")
            )
            if "KS beslut om förslag" in m.subject
        ]
    (mail,) = mails
    assert mail.subject.startswith("Påminnelse: beslut om KS beslut om förslag till budget")
    assert "Kommunstyrelsen ska besluta: KS beslut om förslag till budget" in mail.body_text
    assert "Sammanträde: KS maj, tisdag 21 maj 2019" in mail.body_text
    assert "från det justerade protokollet" in mail.body_text
    assert "/beslut" in mail.body_text and "Lämna in här" not in mail.body_text
