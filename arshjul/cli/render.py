"""Rich tables and JSON for the CLI. Takes plain data (a Board, problems), prints nothing
itself: callers hand the result to a Console, so tests can render to a string."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from arshjul.core.board import Board, BoardCell
from arshjul.core.goals import GOALS
from arshjul.core.status import ATTENTION_ORDER, Status
from arshjul.texts import (
    STATUS_SYMBOLS,
    cell_text,
    column_header,
    label,
    shift_note,
    status_label,
)

# The terminal's colour beside each status's symbol (the symbol alone must also tell).
STATUS_COLOURS: dict[Status, str] = {
    Status.WAITING: "blue",
    Status.UPCOMING: "dim",
    Status.DUE_SOON: "yellow",
    Status.OVERDUE: "bold red",
    Status.SUBMITTED: "green",
    Status.SUBMITTED_LATE: "dark_orange",
    Status.RETURNED: "magenta",
    Status.ACCEPTED: "bold green",
    Status.OPTIONAL: "cyan",
    Status.NOT_APPLICABLE: "dim italic",
}


def _symbol(status: Status) -> Text:
    symbol, style = STATUS_SYMBOLS[status], STATUS_COLOURS[status]
    return Text(symbol, style=style, justify="center")


def legend(lang: str) -> Text:
    text = Text(f"{label('legend', lang)}: ", style="bold")
    for status in ATTENTION_ORDER:
        symbol, style = STATUS_SYMBOLS[status], STATUS_COLOURS[status]
        text.append(symbol, style=style).append(f" {status_label(status, lang)}  ")
    return text


def _note(cell: BoardCell, lang: str) -> str:
    status = cell.status
    if status.status is Status.OVERDUE:
        return label("overdue_days", lang, days=status.business_days_late)
    if status.status is Status.SUBMITTED_LATE:
        return label("late_days", lang, days=status.business_days_late)
    return shift_note(cell.row.deadline, lang)


def board_matrix(board: Board, lang: str, title: str) -> Group:
    """Milestones down, bodies across, one coloured symbol per deliverable, then counts."""
    bodies = board.bodies()
    matrix = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1)
    )
    matrix.add_column(label("deadline", lang), no_wrap=True)
    matrix.add_column(label("milestone", lang), overflow="ellipsis", no_wrap=True, max_width=46)
    for key, _name in bodies:
        matrix.add_column(key, justify="center", no_wrap=True)
    for row in board.milestones():
        cells: list[Text | str] = [row.deadline.date.isoformat(), row.milestone_title]
        for key, _name in bodies:
            cell = board.cell(row.milestone_key, key)
            cells.append(_symbol(cell.status.status) if cell else Text(""))
        matrix.add_row(*cells)

    counts = Table(
        title=label("per_body", lang), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    counts.add_column(label("body", lang), no_wrap=True)
    for status in ATTENTION_ORDER:
        counts.add_column(_symbol(status), justify="right")
    for key, name in bodies:
        tally: dict[Status, int] = board.rollup.by_body.get(key, {})
        counts.add_row(f"{key}  {name}", *[str(tally.get(s, 0) or "") for s in ATTENTION_ORDER])
    counts.add_row(
        Text(label("total", lang), style="bold"),
        *[Text(str(board.rollup.total.get(s, 0) or ""), style="bold") for s in ATTENTION_ORDER],
    )
    return Group(matrix, Text(""), counts, Text(""), legend(lang))


def board_list(board: Board, lang: str, title: str) -> Table:
    """One row per deliverable, for a single body (`status --body X`)."""
    table = Table(title=title, title_justify="left", pad_edge=False)
    table.add_column(label("deadline", lang), no_wrap=True)
    table.add_column(label("title", lang), overflow="fold")
    table.add_column(label("status", lang), no_wrap=True)
    table.add_column(label("note", lang), overflow="fold")
    for cell in board.cells:
        status = cell.status.status
        symbol, style = STATUS_SYMBOLS[status], STATUS_COLOURS[status]
        table.add_row(
            cell.status.deadline.isoformat(),
            f"{cell.row.milestone_title}\n[dim]{cell.row.deliverable_title}[/dim]",
            Text(f"{symbol} {status_label(cell.status.status, lang)}", style=style),
            _note(cell, lang),
        )
    return table


def deadline_records(board: Board, lang: str, since: dt.date | None) -> list[dict[str, Any]]:
    """The `deadlines --format json` objects, in deadline order."""
    records = []
    for cell in sorted(
        board.cells, key=lambda c: (c.status.deadline, c.row.position, c.row.body_position)
    ):
        if since is not None and cell.status.deadline < since:
            continue
        row = cell.row
        records.append(
            {
                "milestone": row.milestone_key,
                "title": row.milestone_title,
                "deliverable": row.deliverable_title,
                "body": row.body_key,
                "body_name": row.body_name,
                "deadline": cell.status.deadline.isoformat(),
                "nominal_deadline": row.deadline.nominal.isoformat(),
                "moved": row.deadline.moved,
                "moved_reason": shift_note(row.deadline, lang) or None,
                "status": cell.status.status.value,
                "optional": row.optional,
                "completed_by": row.completed_by,
                "not_applicable_reason": row.not_applicable_reason or None,
            }
        )
    return records


def deadline_table(records: list[dict[str, Any]], lang: str, title: str) -> Table:
    table = Table(title=title, title_justify="left", pad_edge=False)
    table.add_column(label("deadline", lang), no_wrap=True)
    table.add_column(label("body", lang), no_wrap=True)
    table.add_column(label("title", lang), overflow="fold")
    table.add_column(label("status", lang), no_wrap=True)
    table.add_column(label("note", lang), overflow="fold")
    for r in records:
        status = Status(r["status"])
        symbol, style = STATUS_SYMBOLS[status], STATUS_COLOURS[status]
        table.add_row(
            r["deadline"],
            r["body"],
            r["title"],
            Text(f"{symbol} {status_label(status, lang)}", style=style),
            r["moved_reason"] or "",
        )
    return table


def outbox_table(rows: list[Any], lang: str, title: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for key in ("number", "due", "kind", "recipient", "subject", "state", "attempts", "note"):
        table.add_column(label(key, lang), overflow="fold")
    styles = {"sent": "green", "failed": "bold red", "retry": "yellow", "sending": "cyan"}
    for row in rows:
        table.add_row(
            str(row.id),
            row.due_date.isoformat(),
            row.kind,
            row.recipient,
            row.subject,
            Text(row.state, style=styles.get(row.state, "")),
            str(row.attempts),
            row.last_error,
        )
    return table


def planned_table(notices: list[Any], lang: str, title: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for key in ("due", "kind", "recipient", "title"):
        table.add_column(label(key, lang), overflow="fold")
    for notice in sorted(notices, key=lambda n: (n.due, n.key)):
        context = notice.values()
        what = _what(context)
        body = context.get("body", {}).get("key", "")
        table.add_row(
            notice.due.isoformat(),
            notice.kind.value,
            notice.recipient.email,
            f"{what} ({body})" if body else what,
        )
    return table


def _what(context: dict[str, Any]) -> str:
    """What a notice is about: a deliverable, a decision, or the digest's week."""
    if "decision" in context:
        return f"{context['decision']['paragraph']} {context['decision']['title']}"
    milestone = context.get("milestone")
    if isinstance(milestone, dict):
        return str(milestone.get("deliverable", ""))
    return str(context.get("week", ""))


def rows_table(
    rows: list[dict[str, Any]],
    columns: tuple[str, ...],
    title: str,
    lang: str,
    headers: dict[str, str] | None = None,
) -> Table:
    """Rows under their columns' headers in the user's language (arshjul.texts.columns),
    or under `headers` where the columns are names themselves (a body's key)."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for column in columns:
        header = headers[column] if headers is not None else column_header(column, lang)
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*[cell_text(row.get(column), lang) for column in columns])
    return table


def coverage_table(report: Any, lang: str, title: str) -> Table:
    """Nämnder down, the 17 goals and then the vision areas across; ● chosen or covered."""
    c = report.coverage
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(label("namnd", lang), no_wrap=True)
    for number in GOALS:
        table.add_column(str(number), justify="center")
    for area in c.vision_areas:
        table.add_column(area, justify="center", style="cyan", min_width=len(area))
    for entry in c.namnder:
        if entry.commitments is None:
            missing = Text(f"{entry.body} ({label('not_handed_in', lang)})", style="red")
            table.add_row(missing, *[""] * (len(GOALS) + len(c.vision_areas)))
            continue
        goals = ["●" if n in entry.commitments.goals else "" for n in GOALS]
        areas = ["●" if c.covers(entry.body, a) else "–" for a in c.vision_areas]
        table.add_row(entry.body, *goals, *areas)
    table.add_section()
    table.add_row(
        label("namnder_count", lang),
        *[str(count or "") for count in c.goal_counts.values()],
        *[str(sum(c.covers(n.body, a) for n in c.namnder)) for a in c.vision_areas],
    )
    return table
