"""The roll-up as its readers get it: the view the page shows (FollowupView), JSON for
the årsredovisning's authors, an XLSX with real cells (numbers as numbers, a cell per
value, text defused where a spreadsheet would run it), and a section in Markdown and in
HTML ready to paste into the annual report. Everything is computed from the view; nothing
is read again (arshjul.services.followup reads it)."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from arshjul.core.assessments import Level, Scale
from arshjul.core.commitments import CommitmentKind, CommitmentRef
from arshjul.core.followup import Cell, Gap, GapKind, Rollup, Step, trend
from arshjul.core.goals import GOALS
from arshjul.models.tables import Cycle, Municipality
from arshjul.services.spreadsheets import spreadsheet_safe
from arshjul.texts import label

KINDS = (CommitmentKind.VISION, CommitmentKind.GOAL)


@dataclass(frozen=True)
class FollowupView:
    """One budget year's roll-up, with what its readers need to word it."""

    municipality: Municipality
    cycle: Cycle
    rollup: Rollup
    scale: Scale
    years: tuple[int, ...]  # the municipality's budget years, newest first

    def title(self, ref: CommitmentRef) -> str:
        if ref.kind is CommitmentKind.GOAL:
            return f"{ref.key} {GOALS[int(ref.key)]}"
        return dict(self.rollup.areas).get(ref.key, ref.key)

    def report_title(self, key: str) -> str:
        return next((r.title for r in self.rollup.reports if r.key == key), key)

    def body_name(self, key: str) -> str:
        return dict(self.rollup.bodies).get(key, key)


def _step(view: FollowupView, step: Step | None, lang: str) -> dict[str, Any] | None:
    if step is None:
        return None
    return {
        "report": step.report,
        "version": step.version,
        "level": step.level.value,
        "level_name": view.scale.name(step.level, lang),
        "comment": step.comment,
        "values": dict(step.values),
    }


def _cell(view: FollowupView, cell: Cell, lang: str) -> dict[str, Any]:
    return {
        "body": cell.body,
        "latest": _step(view, cell.latest, lang),
        "trend": cell.trend.value if cell.trend else None,
        "history": [_step(view, s, lang) for s in cell.history],
        "indicators": [
            {
                "indicator": r.indicator.ref,
                "name": r.indicator.name,
                "unit": r.indicator.unit,
                "target": r.indicator.target,
                "direction": r.indicator.direction.value,
                "value": r.value,
                "source": r.source.value if r.source else None,
                "when": r.when,
                "meets_target": r.meets,
            }
            for r in cell.readings
        ],
    }


def _summary(view: FollowupView, ref: CommitmentRef) -> dict[str, Any]:
    summary = view.rollup.summary(ref)
    return {
        "contributing": summary.contributing,
        "levels": {level.value: count for level, count in summary.levels.items()},
        "not_assessed": summary.not_assessed,
    }


def as_data(view: FollowupView, lang: str = "sv") -> dict[str, Any]:
    """The roll-up as JSON-ready data: every cell's latest assessment, trend, history and
    indicators; the summaries and gaps."""
    rollup = view.rollup

    def rows(kind: CommitmentKind) -> list[dict[str, Any]]:
        return [
            {
                "key": ref.key,
                "name": view.title(ref),
                "summary": _summary(view, ref),
                "cells": [
                    _cell(view, cell, lang)
                    for body, _name in rollup.bodies
                    if (cell := rollup.cell(ref, body)) is not None
                ],
            }
            for ref in rollup.rows(kind)
        ]

    return {
        "municipality": {"code": view.municipality.code, "name": view.municipality.name},
        "budget_year": view.cycle.budget_year,
        "scale": [{"level": lv.value, "name": name} for lv, name in view.scale.choices(lang)],
        "reports": [
            {
                "key": r.key,
                "title": r.title,
                "deadline": r.deadline.isoformat(),
                "handed_in": list(rollup.handed_in[r.key]),
            }
            for r in rollup.reports
        ],
        "namnder": [{"key": key, "name": name} for key, name in rollup.bodies],
        "vision_areas": rows(CommitmentKind.VISION),
        "goals": rows(CommitmentKind.GOAL),
        "gaps": [
            {
                "kind": gap.kind.value,
                "body": gap.body or None,
                "commitment": gap.ref.path if gap.ref else None,
                "report": gap.report or None,
                "text": gap_text(view, gap, lang),
            }
            for gap in rollup.gaps
        ],
    }


def gap_text(view: FollowupView, gap: Gap, lang: str) -> str:
    ref = gap.ref
    return label(
        f"followup_gap_{gap.kind.value}",
        lang,
        goal=view.title(ref) if ref else "",
        area=view.title(ref) if ref else "",
        commitment=view.title(ref) if ref else "",
        body=view.body_name(gap.body),
        report=view.report_title(gap.report),
    )


def cell_text(view: FollowupView, cell: Cell | None, lang: str) -> str:
    """'Uppfyllt (bättre)', 'inte bedömt' or '' where the nämnd has no such commitment."""
    if cell is None:
        return ""
    latest = cell.latest
    if latest is None or cell.trend is None:
        return label("not_assessed_yet", lang)
    return f"{view.scale.name(latest.level, lang)} ({label(f'trend_{cell.trend.value}', lang)})"


# XLSX ------------------------------------------------------------------------------------


def as_xlsx(views: list[FollowupView], lang: str = "sv") -> bytes:
    """One workbook: a sheet per matrix (for one municipality), then the assessments, the
    indicators, the summaries and the gaps as tables with a row per fact, for one
    municipality or many (each row names its municipality)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    if len(views) == 1:
        for kind in KINDS:
            _matrix(book, views[0], kind, lang)
    summary, assessed = label("followup_summary", lang), label("followup_assessments", lang)
    _table(book, lang, summary, _summary_rows(views, lang), _SUMMARY_COLUMNS)
    _table(book, lang, assessed, _assessment_rows(views, lang), _ASSESSED_COLUMNS)
    indicators, gaps = label("followup_indicators", lang), label("followup_gaps", lang)
    _table(book, lang, indicators, _indicator_rows(views), _INDICATOR_COLUMNS)
    _table(book, lang, gaps, _gap_rows(views, lang), ("municipality", "kind", "text"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_SUMMARY_COLUMNS = (
    "municipality",
    "kind",
    "key",
    "name",
    "contributing",
    "met",
    "partly_met",
    "not_met",
    "not_assessable",
    "not_assessed",
)
_ASSESSED_COLUMNS = (
    "municipality",
    "body",
    "kind",
    "key",
    "commitment",
    "report",
    "version",
    "level",
    "assessment",
    "trend",
    "comment",
)
_INDICATOR_COLUMNS = (
    "municipality",
    "body",
    "commitment",
    "indicator",
    "name",
    "unit",
    "target",
    "direction",
    "value",
    "source",
    "when",
    "meets_target",
)


def _header(sheet: Any, values: list[str]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)


def _table(
    book: Any,
    lang: str,
    title: str,
    rows: Iterator[tuple[Any, ...]],
    columns: tuple[str, ...],
) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, _column in enumerate(columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = 18
    _header(sheet, [label(f"followup_col_{column}", lang) for column in columns])
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])


def _matrix(book: Any, view: FollowupView, kind: CommitmentKind, lang: str) -> None:
    rollup = view.rollup
    vision = kind is CommitmentKind.VISION
    sheet = book.create_sheet(label("followup_areas" if vision else "followup_goals", lang)[:31])
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 36
    first = label("followup_area" if vision else "followup_goal", lang)
    _header(sheet, [first, *(name for _key, name in rollup.bodies)])
    for ref in rollup.rows(kind):
        cells = [rollup.cell(ref, body) for body, _name in rollup.bodies]
        sheet.append([view.title(ref), *(cell_text(view, c, lang) for c in cells)])


def _summary_rows(views: list[FollowupView], lang: str) -> Iterator[tuple[Any, ...]]:
    for view in views:
        for kind in KINDS:
            for ref in view.rollup.rows(kind):
                s = view.rollup.summary(ref)
                yield (
                    view.municipality.code,
                    kind.value,
                    ref.key,
                    view.title(ref),
                    s.contributing,
                    *(s.levels[level] for level, _name in view.scale.choices(lang)),
                    s.not_assessed,
                )


def _assessment_rows(views: list[FollowupView], lang: str) -> Iterator[tuple[Any, ...]]:
    for view in views:
        for (ref, body), cell in sorted(view.rollup.cells.items()):
            for index, step in enumerate(cell.history):
                if step is None:
                    continue
                moved = trend(cell.history[: index + 1])
                yield (
                    view.municipality.code,
                    body,
                    ref.kind.value,
                    ref.key,
                    view.title(ref),
                    view.report_title(step.report),
                    step.version,
                    step.level.value,
                    view.scale.name(step.level, lang),
                    label(f"trend_{moved.value}", lang) if moved else "",
                    step.comment,
                )


def _indicator_rows(views: list[FollowupView]) -> Iterator[tuple[Any, ...]]:
    for view in views:
        for (ref, body), cell in sorted(view.rollup.cells.items()):
            for r in cell.readings:
                yield (
                    view.municipality.code,
                    body,
                    view.title(ref),
                    r.indicator.ref,
                    r.indicator.name,
                    r.indicator.unit,
                    r.indicator.target,
                    r.indicator.direction.value,
                    r.value,
                    r.source.value if r.source else "",
                    r.when,
                    r.meets,
                )


def _gap_rows(views: list[FollowupView], lang: str) -> Iterator[tuple[Any, ...]]:
    for view in views:
        for gap in view.rollup.gaps:
            yield (view.municipality.code, gap.kind.value, gap_text(view, gap, lang))


# The annual report's section ---------------------------------------------------------


def _md(text: str) -> str:
    """Text safe in Markdown, also in a table cell: one line, what would be markup (and
    a list or heading mark at the start) escaped."""
    flat = re.sub(r"([\\`*_\[\]<>|])", r"\\\1", " ".join(text.split()))
    return "\\" + flat if re.match(r"[#+\-]|\d+[.)]", flat) else flat


def _section(view: FollowupView, lang: str) -> Iterator[tuple[str, Any]]:
    """The section as a sequence of parts both renderings share: (kind, content)."""
    rollup = view.rollup
    yield "h2", label("followup_section_title", lang, year=view.cycle.budget_year)
    reports = ", ".join(r.title for r in rollup.reports if rollup.handed_in[r.key])
    yield "p", label("followup_section_intro", lang, reports=reports or "-")
    for kind in KINDS:
        vision = kind is CommitmentKind.VISION
        yield "h3", label("followup_areas" if vision else "followup_goals", lang)
        for ref in rollup.rows(kind):
            s = view.rollup.summary(ref)
            counts = {
                "contributing": s.contributing,
                "met": s.levels[Level.MET],
                "partly": s.levels[Level.PARTLY_MET],
                "not_met": s.levels[Level.NOT_MET],
            }
            yield "h4", view.title(ref)
            yield "p", label("followup_section_area", lang, **counts)
            rows = [
                (view.body_name(body), cell_text(view, cell, lang), _comment(cell))
                for body, _name in rollup.bodies
                if (cell := rollup.cell(ref, body)) is not None
            ]
            if rows:
                yield "table", rows
    yield "h3", label("followup_gaps", lang)
    yield "ul", gap_lines(view, lang) or [label("followup_no_gaps", lang)]


def gap_lines(view: FollowupView, lang: str) -> list[str]:
    """The gaps as sentences, the goals no nämnd works on in one of them."""
    unchosen = [g for g in view.rollup.gaps if g.kind is GapKind.GOAL_UNCHOSEN]
    lines = [gap_text(view, g, lang) for g in view.rollup.gaps if g not in unchosen]
    if unchosen:
        goals = ", ".join(view.title(g.ref) for g in unchosen if g.ref)
        lines.insert(0, label("followup_gaps_unchosen", lang, goals=goals))
    return lines


def _comment(cell: Cell) -> str:
    latest = cell.latest
    return latest.comment if latest else ""


def _headings(lang: str) -> tuple[str, str, str]:
    return (
        label("followup_body", lang),
        label("followup_latest", lang),
        label("followup_comments", lang),
    )


def as_markdown(view: FollowupView, lang: str = "sv") -> str:
    lines: list[str] = []
    marks = {"h2": "##", "h3": "###", "h4": "####"}
    for kind, content in _section(view, lang):
        if kind in marks:
            lines += [f"{marks[kind]} {_md(content)}", ""]
        elif kind == "p":
            lines += [_md(content), ""]
        elif kind == "table":
            head = _headings(lang)
            lines += [f"| {' | '.join(head)} |", "|---|---|---|"]
            lines += [f"| {' | '.join(_md(c) for c in row)} |" for row in content]
            lines.append("")
        else:
            lines += [f"- {_md(item)}" for item in content] + [""]
    return "\n".join(lines)


def as_html(view: FollowupView, lang: str = "sv") -> str:
    """The same section as HTML (every text escaped), to paste or to show on the page."""
    parts: list[str] = []
    for kind, content in _section(view, lang):
        if kind in ("h2", "h3", "h4", "p"):
            parts.append(f"<{kind}>{html.escape(content)}</{kind}>")
        elif kind == "table":
            head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in _headings(lang))
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in content
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        else:
            items = "".join(f"<li>{html.escape(item)}</li>" for item in content)
            parts.append(f"<ul>{items}</ul>")
    return "\n".join(parts)
