"""What people open in a spreadsheet, from the web and the CLI alike (OWASP: CSV injection:
a diarienummer `=1+1` became 2 in LibreOffice, a file handed in as `=HYPERLINK(…)` a live
link).

- Workbooks: real date and time cells (Stockholm wall-clock time, which is what a
  spreadsheet shows), numbers as numbers, and every text cell stored as text, so such a
  value is shown, not run, and without an apostrophe in front of it.
- CSV (`spreadsheet_csv`, the one CSV writer: the web's downloads and every CSV the CLI
  writes, `audit submissions` included): a text cell that starts with =, +, -, @, a tab,
  CR or LF gets a leading apostrophe, which spreadsheets show as text; numbers stay
  numbers; a byte-order mark first, so Excel reads the Swedish letters as UTF-8."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from arshjul.core.instants import STOCKHOLM

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
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


def spreadsheet_safe(value: Any) -> Any:
    """The cell as a spreadsheet should show it: text that would start a formula gets a
    leading apostrophe; numbers, booleans and empty cells are left as they are."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def spreadsheet_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    """The rows as UTF-8 CSV with a byte-order mark, every cell defused."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(row.get(k)) for k in columns})
    return buffer.getvalue().encode("utf-8")
