"""Every sentence a user reads, in Swedish (the default) and English, kept in one package
and split by area: the commands' messages and the errors every edge shows (messages), the
web pages (web), template problems (problems), law findings (law), statuses (statuses),
the follow-up (followup), and dates, amounts and counts (formatting).

Codes, not sentences, travel through the program (statuses, problem codes, shift rules);
this package turns them into words. A text may hold `{count|one|other}` to agree with a
count ("1 arbetsdag", "2 arbetsdagar"). A test checks that each key has both languages.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from arshjul.core.calendar import Shifted
from arshjul.core.problems import Problem, Severity
from arshjul.core.status import Status
from arshjul.texts.columns import COLUMNS, YES_NO
from arshjul.texts.followup import FOLLOWUP_LABELS, FOLLOWUP_PROBLEMS
from arshjul.texts.formatting import (
    LANGUAGES,
    SHIFT_LABELS,
    Defaulting,
    lang_of,
    long_date,
    long_instant,
    move_reasons,
    param_text,
    plural_forms,
    sek,
    short_date,
)
from arshjul.texts.law import LAW
from arshjul.texts.messages import LABELS
from arshjul.texts.people import PEOPLE_LABELS
from arshjul.texts.problems import PROBLEMS
from arshjul.texts.statuses import STATUS_LABELS, STATUS_SYMBOLS
from arshjul.texts.web import WEB_LABELS
from arshjul.texts.wheel import (
    MEETING_LABELS,
    MEETING_PROBLEMS,
    NOT_APPLICABLE_LABELS,
    PREVIEW_LABELS,
    WHEEL_LABELS,
    WHEEL_WEB_LABELS,
)

__all__ = [
    "COLUMNS",
    "LABELS",
    "LANGUAGES",
    "LAW",
    "PROBLEMS",
    "SHIFT_LABELS",
    "STATUS_LABELS",
    "STATUS_SYMBOLS",
    "cell_text",
    "column_header",
    "event_name",
    "event_summary",
    "finding_line",
    "label",
    "lang_of",
    "long_date",
    "long_instant",
    "problem_line",
    "problem_message",
    "sek",
    "shift_note",
    "status_label",
]


def _merge_web_labels() -> None:
    for more, into in (
        (WEB_LABELS, LABELS),
        (FOLLOWUP_LABELS, LABELS),
        (WHEEL_LABELS, LABELS),
        (PREVIEW_LABELS, LABELS),
        (NOT_APPLICABLE_LABELS, LABELS),
        (MEETING_LABELS, LABELS),
        (WHEEL_WEB_LABELS, LABELS),
        (PEOPLE_LABELS, LABELS),
        (MEETING_PROBLEMS, PROBLEMS),
        (FOLLOWUP_PROBLEMS, PROBLEMS),
    ):
        clash = into.keys() & more.keys()
        assert not clash, clash
        into.update(more)


_merge_web_labels()


def label(key: str, lang: str, **params: Any) -> str:
    return plural_forms(LABELS[key][lang_of(lang)], params).format(**params)


def event_summary(row: Any, lang: str) -> str:
    """A deliverable's calendar entry: 'Nämndens budgetunderlag (BUN)', and an optional
    step says so: 'KF reviderar budgeten (KF) (frivillig)', one not applicable to the
    body this year too: '(inte aktuell)'."""
    summary = f"{row.deliverable_title} ({row.body_key})"
    if getattr(row, "not_applicable_reason", ""):  # a board row; a notice's has none
        return summary + label("not_applicable_suffix", lang)
    return summary + label("optional_suffix", lang) if row.optional else summary


def column_header(column: str, lang: str) -> str:
    """A table column's header in the user's language (a KeyError is a missing header)."""
    return COLUMNS[column][lang_of(lang)]


def cell_text(value: Any, lang: str) -> str:
    """A table cell: yes and no in words, lists joined, nothing as empty."""
    if isinstance(value, bool):
        return YES_NO[value][lang_of(lang)]
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, "", []))
    return "" if value is None else str(value)


def status_label(status: Status, lang: str) -> str:
    return STATUS_LABELS[status][lang_of(lang)]


@lru_cache(maxsize=4096)  # asked once per notice; a sweep has thousands with few dates
def shift_note(shifted: Shifted, lang: str) -> str:
    """From which day to which a date moved and why, in plain words: 'flyttad från söndag
    15 oktober till fredag 13 oktober: helgdag' (the year said when the two differ)."""
    if not shifted.moved:
        return ""
    with_year = shifted.nominal.year != shifted.date.year
    return label(
        "moved_from",
        lang,
        nominal=short_date(shifted.nominal, lang, with_year),
        date=short_date(shifted.date, lang, with_year),
        reasons=move_reasons(shifted, lang),
    )


def event_name(kind: str, lang: str) -> str:
    """An audit event's kind in words ("Inlämnad", "Skickat: påminnelse"); a kind this
    version has no words for is shown as it is stored."""
    if f"event_{kind}" in LABELS:
        return label(f"event_{kind}", lang)
    notice = kind.removesuffix("_sent")
    if notice != kind and f"notice_{notice}" in LABELS:
        return label("event_notice_sent", lang, notice=label(f"notice_{notice}", lang))
    return kind


def finding_line(finding: Any, file: str, lang: str) -> str:
    """One line per law finding: 'file: subject: error: message (source)'."""
    lang = lang_of(lang)
    params = {k: param_text(v, lang) for k, v in finding.params.items()}
    message = plural_forms(LAW[finding.code][lang], params).format_map(Defaulting(params))
    severity = label("warning" if finding.severity is Severity.WARNING else "error", lang)
    return f"{file}: {finding.subject}: {severity}: {message} ({finding.source})"


def problem_message(problem: Problem, lang: str) -> str:
    """A problem's message alone, for a form that shows it next to its field."""
    lang = lang_of(lang)
    params = {k: param_text(v, lang) for k, v in problem.params.items()}
    if problem.code == "dependency_cycle":
        params["cycle"] = " → ".join(problem.params.get("cycle", []))
    return plural_forms(PROBLEMS[problem.code][lang], params).format_map(Defaulting(params))


def problem_line(problem: Problem, lang: str) -> str:
    """One line per problem: 'file:line: field: message', the way compilers write them."""
    lang = lang_of(lang)
    message = problem_message(problem, lang)
    where = problem.file + (f":{problem.line}" if problem.line else "")
    field = f" {problem.field}:" if problem.field else ""
    prefix = f"{label('warning', lang)}: " if problem.severity is Severity.WARNING else ""
    return f"{where}:{field} {prefix}{message}"
