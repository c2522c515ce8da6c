"""The one export function for spreadsheets (arshjul.services.spreadsheets), CLI and web alike."""

from __future__ import annotations

import csv
import io

import pytest

from arshjul.services.spreadsheets import BOM, spreadsheet_csv, spreadsheet_safe


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+46 60 123", "'+46 60 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("BUN 2019/12", "BUN 2019/12"),
        ("", ""),
        (-3, -3),
        (2.5, 2.5),
        (True, True),
        (None, None),
    ],
)
def test_cells_a_spreadsheet_would_run_are_text(value: object, shown: object) -> None:
    assert spreadsheet_safe(value) == shown


def test_the_csv_has_a_bom_and_every_cell_defused() -> None:
    data = spreadsheet_csv([{"a": "=cmd|' /C calc'!A0", "b": "Kommunstyrelsen, Timrå"}], ("a", "b"))
    assert data.startswith(BOM.encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["a", "b"], ["'=cmd|' /C calc'!A0", "Kommunstyrelsen, Timrå"]]
