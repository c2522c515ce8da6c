"""Rendering in both languages, escaping, overrides and their validation, iCalendar."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from arshjul.notifications import render as render_module
from arshjul.notifications.ical import DeadlineEvent, calendar_text, deliverable_uid
from arshjul.notifications.render import KINDS, Renderer, check_overrides, sample_context
from icalendar import Calendar


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_shipped_template_renders(kind: str, lang: str) -> None:
    rendered = Renderer().render(kind, lang, sample_context(kind))
    assert rendered.subject and "\n" not in rendered.subject
    assert rendered.text.strip() and rendered.html.strip()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_shipped_environment_renders_as_jinja_does(
    kind: str, lang: str, tmp_path: Path
) -> None:
    """The shipped environment looks keys up before attributes; an empty override folder
    gives the same templates under Jinja's own lookup (in the sandbox)."""
    fast, plain = Renderer(), Renderer(tmp_path)
    assert plain.sandboxed and not fast.sandboxed
    assert fast.render(kind, lang, sample_context(kind)) == plain.render(
        kind, lang, sample_context(kind)
    )


def test_the_shipped_templates_stand_alone() -> None:
    """The shipped environment makes each template's context without Jinja's globals
    (notifications/render.py), which only imports, includes and blocks would need."""
    folder = Path(render_module.__file__).parent / "templates"
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert len(files) > 30
    pattern = re.compile(r"\{%-?\s*(import|from|include|extends|block|macro|call)\b")
    assert not [p.name for p in files if pattern.search(p.read_text(encoding="utf-8"))]


def _keys(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _keys(inner)


@pytest.mark.parametrize("kind", KINDS)
def test_no_value_a_template_reads_is_named_like_a_dict_method(kind: str) -> None:
    """Where key-first and attribute-first lookup would differ."""
    assert not set(_keys(sample_context(kind))) & set(dir(dict))


def test_swedish_reminder_names_what_when_who_and_how() -> None:
    rendered = Renderer().render("reminder", "sv", sample_context("reminder"))
    assert rendered.subject == (
        "Påminnelse: Nämndens budgetunderlag, Barn- och "
        "utbildningsnämnden, senast torsdag 9 maj 2019"
    )
    assert "Senast: torsdag 9 maj 2019 (om 7 dagar)" in rendered.text
    assert "Så lämnar ni in: Lämna in dokumentet" in rendered.text
    assert "Ekonomichef <ekonomi@example.org>" in rendered.text
    english = Renderer().render("reminder", "en", sample_context("reminder"))
    assert "Deadline: Thursday 9 May 2019 (in 7 days)" in english.text


def test_html_is_escaped_and_text_is_not() -> None:
    context = sample_context("reminder")
    context["body"] = {"key": "X", "name": "<script>alert(1)</script> & Co"}
    rendered = Renderer().render("reminder", "sv", context)
    assert "&lt;script&gt;" in rendered.html and "<script>" not in rendered.html
    assert "<script>alert(1)</script> & Co" in rendered.text


def test_a_municipality_overrides_one_template(tmp_path: Path) -> None:
    (tmp_path / "sv").mkdir()
    (tmp_path / "sv" / "reminder.subject.txt").write_text("Timrå påminner: {{ body.key }}")
    renderer = Renderer(tmp_path)
    assert renderer.render("reminder", "sv", sample_context("reminder")).subject == (
        "Timrå påminner: BUN"
    )
    assert "Senast:" in renderer.render("reminder", "sv", sample_context("reminder")).text
    assert check_overrides(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "content", "code", "line"),
    [
        ("sv/reminder.txt", "Hej\n\n{{ recipient.name }\n", "template_syntax", 3),
        ("sv/reminder.txt", "Hej\n{% if x %}\nslut\n", "template_syntax", 2),  # the open block
        ("sv/reminder.txt", "Hej\n\n{{ recipient.nmae }}\n", "template_render", 3),
        ("en/overdue.html", "<p>{{ recipient.__class__.__mro__ }}</p>", "template_render", 1),
        ("sv/remindr.txt", "Hej", "template_unknown_file", None),
    ],
)
def test_broken_overrides_are_reported_with_file_and_line(
    tmp_path: Path, name: str, content: str, code: str, line: int | None
) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True)
    path.write_text(content)
    problems = check_overrides(tmp_path)
    assert [(p.code, p.file, p.line) for p in problems] == [(code, str(path), line)]


def test_ics_parses_and_keeps_its_uid() -> None:
    uid = deliverable_uid("2262", 2020, "budgetunderlag", "BUN")
    stamp = dt.datetime(2019, 5, 1, 5, tzinfo=dt.UTC)
    events = [DeadlineEvent(uid, 2, dt.date(2019, 5, 9), "Budgetunderlag (BUN)", "x", stamp)]
    calendar = Calendar.from_ical(calendar_text(events, "BUN"))
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "arshjul-2262-2020-budgetunderlag-BUN@arshjul"
    assert int(event["SEQUENCE"]) == 2
    assert event.decoded("DTSTART") == dt.date(2019, 5, 9)
    assert event.decoded("DTEND") == dt.date(2019, 5, 10)
    assert calendar["METHOD"] == "PUBLISH"


def test_ics_escapes_and_folds_long_swedish_text() -> None:
    summary = "Nämndens budgetunderlag, förslag; verksamhetsplan\\ med åäö " * 3
    stamp = dt.datetime(2019, 5, 1, 5, tzinfo=dt.UTC)
    text = calendar_text(
        [DeadlineEvent("u@x", 0, dt.date(2019, 5, 9), summary, "a\nb", stamp)], "Kalender BUN"
    )
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == summary
    assert str(event["DESCRIPTION"]) == "a\nb"
    assert str(calendar["X-WR-CALNAME"]) == "Kalender BUN"


@pytest.mark.parametrize(
    ("content", "construct", "line"),
    [
        ("Hej\n{{ comment|safe }}\n", "|safe", 2),
        ("{% autoescape false %}{{ comment }}{% endautoescape %}", "autoescape false", 1),
        (
            "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}",
            "range()",
            1,
        ),
    ],
)
def test_unsafe_overrides_are_refused_and_never_used(
    tmp_path: Path, content: str, construct: str, line: int
) -> None:
    path = tmp_path / "sv" / "review.html"
    path.parent.mkdir()
    path.write_text(content)
    problems = check_overrides(tmp_path)
    assert problems  # each use is named: both range() calls, say
    assert {(p.code, p.line, p.params["construct"]) for p in problems} == {
        ("template_unsafe", line, construct)
    }
    context = sample_context("review") | {"comment": "<script>alert(1)</script>"}
    html = Renderer(tmp_path).render("review", "sv", context).html  # the shipped one instead
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_symlink_in_an_override_folder_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "hemligt.txt"
    secret.write_text("root:x:0:0:HEMLIGT\n")
    folder = tmp_path / "mallar"
    (folder / "sv").mkdir(parents=True)
    (folder / "sv" / "reminder.txt").symlink_to(secret)
    problems = check_overrides(folder)
    assert [p.code for p in problems] == ["template_link"]
    text = Renderer(folder).render("reminder", "sv", sample_context("reminder")).text
    assert "HEMLIGT" not in text and "Senast:" in text
    linked_folder = tmp_path / "länkad"
    linked_folder.symlink_to(folder)
    assert [p.code for p in check_overrides(linked_folder)] == ["template_link"]


def test_rendering_is_capped(tmp_path: Path) -> None:
    from arshjul.notifications.render import MAX_RENDERED

    path = tmp_path / "sv" / "digest.txt"
    path.parent.mkdir()
    path.write_text("{% for c in cycles %}{{ 'x' * 300000 }}{% endfor %}")
    (problem,) = check_overrides(tmp_path)
    assert problem.code == "template_render"
    assert str(MAX_RENDERED) in problem.params["detail"]
