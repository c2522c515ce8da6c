"""What an operator reads in Prefect's UI about a run: a markdown report of a sweep (what
was planned and sent, by kind, what failed and why, who was told) and of a plan (what
changed). Words from the one catalogue, in the installation's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from arshjul.core.instants import local_minute
from arshjul.texts import label


def _table(rows: list[tuple[str, object]]) -> list[str]:
    lines = ["| | |", "|---|---:|"]
    return lines + [f"| {name} | {value} |" for name, value in rows]


def sweep_report(result: dict[str, Any], at: dt.datetime, lang: str) -> str:
    """`result` as the sweep returns it: {"queued": {...}, "delivery": {...}}."""
    queued, sent = result.get("queued"), result["delivery"]
    when = local_minute(at)
    lines = [f"# {label('report_sweep_title', lang, when=when)}", ""]
    rows: list[tuple[str, object]] = []
    if queued is not None:
        rows += [
            (label("report_planned", lang), queued["planned"]),
            (label("report_new", lang), queued["new"]),
        ]
    rows += [
        (label("report_sent", lang), sent["sent"]),
        (label("report_retry", lang), sent["retry"]),
        (label("report_failed", lang), sent["failed"]),
        (label("report_told", lang), sent["told"]),
    ]
    lines += _table(rows)
    if queued and queued["by_kind"]:
        lines += ["", f"## {label('report_by_kind', lang)}", ""]
        lines += _table(sorted(queued["by_kind"].items()))
    problems = [label("channel_error", lang, reason=sent["channel_error"])] * bool(
        sent["channel_error"]
    )
    problems += [label("delivery_failed_line", lang, failure=f) for f in sent["failures"]]
    for code, found in (queued or {}).get("skipped_municipalities", {}).items():
        problems.append(f"{label('templates_broken', lang, code=code)} {'; '.join(found)}")
    for broken in result.get("trail", {}).get("broken", []):
        reason = label("break_" + broken["reason"], lang)
        problems.append(
            label(
                "chain_broken",
                lang,
                code=broken["code"],
                seq=broken["seq"],
                id=broken["event_id"],
                reason=reason,
            )
        )
    if problems:
        lines += ["", f"## {label('report_problems', lang)}", ""]
        lines += [f"- {problem}" for problem in problems]
    return "\n".join(lines) + "\n"


def sweep_problems(result: dict[str, Any]) -> int:
    """How many things went wrong in a sweep: failed messages, a channel that could not be
    opened, municipalities whose templates are broken, audit chains that break. Zero means
    the run succeeded."""
    sent, queued = result["delivery"], result.get("queued") or {}
    broken = result.get("trail", {}).get("broken", [])
    return int(
        sent["failed"]
        + bool(sent["channel_error"])
        + len(queued.get("skipped_municipalities", {}))
        + len(broken)
    )


def plan_report(changes: dict[str, Any], lang: str) -> str:
    lines = [
        "# "
        + label(
            "planned",
            lang,
            municipality=changes["municipality_code"],
            year=changes["budget_year"],
            created=changes["created"],
            updated=changes["updated"],
            moved=len(changes["moved"]),
            retired=changes["retired"],
        ),
        "",
    ]
    lines += [
        label("moved_line", lang, milestone=key, old=old, new=new)
        for key, old, new in changes["moved"]
    ]
    if "runs" in changes:
        lines += ["", label("mirrored", lang, **changes["runs"])]
        failed = changes["runs"].get("failed", [])
        if failed:
            lines += ["", label("mirror_failed", lang, count=len(failed)), ""]
            lines += [f"- {line}" for line in failed]
    return "\n".join(lines) + "\n"
