"""Workbooks people open: real date and time cells (Stockholm wall-clock time, which is
what a spreadsheet shows), numbers as numbers, and every text cell stored as text, so a
file name or comment like '=HYPERLINK(…)' handed in by anyone is shown, not run, and
without an apostrophe in front of it (OWASP: CSV injection)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from arshjul.core.instants import STOCKHOLM

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE = "yyyy-mm-dd"
INSTANT = "yyyy-mm-dd hh:mm"


def workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet: a bold header row, then the rows with each value in a cell of its kind."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, dt.datetime):
        local = value.astimezone(STOCKHOLM).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=local)
        cell.number_format = INSTANT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE
        return cell
    if isinstance(value, bool | int | float) or value is None:
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"  # text, whatever it starts with: never a formula
    return cell
