"""A preview of a change to the wheel, said as lines: the CLI's `plan FILE --preview` and
`meetings set --preview` print it; nothing in it changes anything."""

from __future__ import annotations

from typing import Any

from arshjul.cli.common import say
from arshjul.context import Context
from arshjul.texts import finding_line, label, problem_line


def _rule(rule: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in rule.items()) or "-"


def _owed_line(owed: Any, lang: str) -> str:
    return label(
        "preview_owed_line", lang, what=owed.milestone_key, body=owed.body_key, title=owed.title
    )


def preview_lines(ctx: Context, preview: Any, file: str) -> list[str]:
    """Every line of the preview, in the user's language (`preview` is
    arshjul.services.wheel_changes.Preview)."""
    lang, diff = ctx.lang, preview.diff
    lines = [
        label(
            "preview_title",
            lang,
            municipality=preview.municipality_name,
            year=preview.budget_year,
            version=preview.base_version or "-",
            sha256=preview.base_sha256[:12] or "-",
        )
    ]
    if preview.same_text:
        lines.append(label("preview_same_text", lang))
    lines += [problem_line(p, lang) for p in preview.warnings]
    if not diff.changed:
        lines.append(label("preview_nothing", lang))
    if diff.moved:
        lines.append(label("preview_moved", lang))
        lines += [
            label(
                "preview_moved_line",
                lang,
                what=m.key,
                title=m.title,
                old=m.old.isoformat(),
                new=m.new.isoformat(),
                old_rule=_rule(m.old_rule),
                new_rule=_rule(m.new_rule),
            )
            for m in diff.moved
        ]
    if diff.meetings_moved:
        lines.append(label("preview_meetings", lang))
        lines += [
            label("preview_meeting_line", lang, what=m.key, title=m.title, old=m.old, new=m.new)
            for m in diff.meetings_moved
        ]
    for key, owed in (("preview_appearing", diff.appearing), ("preview_going", diff.going)):
        if owed:
            lines.append(label(key, lang))
            lines += [_owed_line(o, lang) for o in owed]
    if diff.notices:
        lines.append(label("preview_notices", lang, count=len(diff.notices)))
        for n in diff.notices:
            to = preview.recipients.get((n.milestone_key, n.body_key)) or []
            lines.append(
                label(
                    "preview_notice_line",
                    lang,
                    what=n.milestone_key,
                    body=n.body_key,
                    old=n.old.isoformat(),
                    new=n.new.isoformat(),
                    to=", ".join(to) or label("preview_no_one", lang),
                )
            )
    if preview.law:
        lines.append(label("preview_law", lang))
        lines += [finding_line(f, file, lang) for f in preview.law]
    else:
        lines.append(label("preview_law_clean", lang))
    return lines


def print_preview(ctx: Context, preview: Any, file: str, apply_command: str) -> None:
    for line in preview_lines(ctx, preview, file):
        say(line)
    say(label("preview_apply", ctx.lang, command=apply_command))
