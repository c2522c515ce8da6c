"""Exports people open in a spreadsheet: the CLI's CSV (`audit submissions`, `-f csv`
anywhere) and the web's CSV and XLSX downloads go through these functions, so every one
is defused the same way.

A cell whose text starts with =, +, -, @, a tab, CR or LF is one a spreadsheet may run
as a formula: a diarienummer `=1+1` became 2 in LibreOffice, and a file handed in as
`=HYPERLINK(…)` became a live link (OWASP: CSV injection). Such a cell is written with a
leading apostrophe, which spreadsheets show as text. Numbers stay numbers. The CSV starts
with a byte-order mark, so Excel reads the Swedish letters as UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


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


def spreadsheet_xlsx(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], title: str) -> bytes:
    """The same rows as an Excel workbook, every cell defused like the CSV's."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append([spreadsheet_safe(row.get(k)) for k in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
