"""Indicator values in files: Kolada's open API format and CSV. Pure: text in, values and
located problems out; bounded before anything is parsed (characters, nesting, records).

Kolada (api.kolada.se, v2, as documented in the Hypergene/kolada repository): the answer
to `/v2/data/kpi/{kpi}/municipality/{id}` is

    {"count": 2, "values": [
        {"kpi": "N00945", "municipality": "2262", "period": 2019,
         "values": [{"count": 1, "gender": "T", "status": "", "value": 72.1}, …]}, …],
     "next_page": "…"}

with at most three values per period, one per gender (T total, K women, M men); only the
total is taken, and a total without a value (`null`, status "Saknas") is skipped. A file
holds one answer, or its pages' `values` lists joined.

CSV has a header row naming `indicator` (or `indikator`, `kpi`), `period` (or `år`,
`year`), `value` (or `värde`) and optionally `municipality` (or `kommun`); `;` or `,`
between fields (a Swedish spreadsheet writes `;` and a decimal comma).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from arshjul.core.indicators import parse_number
from arshjul.core.problems import Problem, Severity

MAX_CHARS = 5_000_000  # Kolada pages hold 5,000 values; a municipality's file is far less
MAX_RECORDS = 50_000
MAX_DEPTH = 6  # Kolada's answer nests four deep
MAX_LINE = 10_000  # one CSV line
YEARS = (1950, 2100)

HEADERS = {
    "indicator": "indicator",
    "indikator": "indicator",
    "kpi": "indicator",
    "nyckeltal": "indicator",
    "period": "period",
    "year": "period",
    "år": "period",
    "value": "value",
    "värde": "value",
    "municipality": "municipality",
    "kommun": "municipality",
}


@dataclass(frozen=True, slots=True)
class ImportedValue:
    indicator: str
    period: int  # a year
    value: float
    where: str  # the field or line it came from, for messages


@dataclass
class Parsed:
    values: list[ImportedValue] = field(default_factory=list)
    skipped: int = 0  # totals without a value, other genders
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether brackets nest deeper than `limit` outside strings, found without parsing:
    the parser's own recursion is not what should stop a hostile file."""
    depth = 0
    for bracket in re.findall(r"[\[\]{}]", re.sub(r'"(?:[^"\\]|\\.)*"', "", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def _bounded(text: str, file: str, parsed: Parsed) -> bool:
    if len(text) > MAX_CHARS:
        parsed.problems.append(
            Problem("too_large", file, None, "", {"size": len(text), "limit": MAX_CHARS})
        )
        return False
    return True


def parse_kolada(text: str, *, file: str, municipality: str, kpi: str | None = None) -> Parsed:
    """The values of a Kolada answer for `municipality` (kommunkod); every record for
    another municipality, or another KPI than `kpi` when given, is an error naming it."""
    parsed = Parsed()
    if not _bounded(text, file, parsed):
        return parsed
    if too_deep(text):
        parsed.problems.append(Problem("too_deep", file, None, "", {"limit": MAX_DEPTH}))
        return parsed
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        parsed.problems.append(Problem("json_syntax", file, exc.lineno, "", {"detail": exc.msg}))
        return parsed
    records = data.get("values") if isinstance(data, dict) else data
    if not isinstance(records, list):
        got = type(records).__name__
        parsed.problems.append(
            Problem("wrong_type", file, None, "values", {"expected": "list", "got": got})
        )
        return parsed
    if len(records) > MAX_RECORDS:
        parsed.problems.append(
            Problem("too_many_records", file, None, "values", {"count": len(records)})
        )
        return parsed
    for index, record in enumerate(records):
        _kolada_record(parsed, file, f"values[{index}]", record, municipality, kpi)
    _duplicates(parsed, file)
    return parsed


def _kolada_record(
    parsed: Parsed, file: str, path: str, record: Any, municipality: str, kpi: str | None
) -> None:
    def report(code: str, where: str, **params: Any) -> None:
        parsed.problems.append(Problem(code, file, None, where, params))

    if not isinstance(record, dict):
        report("wrong_type", path, expected="mapping", got=type(record).__name__)
        return
    found = str(record.get("municipality", ""))
    if found != municipality:
        report("other_municipality", f"{path}.municipality", value=found, expected=municipality)
    indicator = str(record.get("kpi", ""))
    if kpi is not None and indicator != kpi:
        report("other_kpi", f"{path}.kpi", value=indicator, expected=kpi)
    period = _year(record.get("period"))
    if period is None:
        report("bad_period", f"{path}.period", value=record.get("period"))
    genders = record.get("values")
    if not isinstance(genders, list) or len(genders) > 3:
        report("wrong_type", f"{path}.values", expected="a list of at most 3", got=genders)
        return
    for index, entry in enumerate(genders):
        where = f"{path}.values[{index}]"
        if not isinstance(entry, dict):
            report("wrong_type", where, expected="mapping", got=type(entry).__name__)
        elif entry.get("gender") != "T" or entry.get("value") is None:
            parsed.skipped += 1
        elif (number := parse_number(entry["value"])) is None:
            report("not_a_number", f"{where}.value", value=entry["value"])
        elif period is not None:
            parsed.values.append(ImportedValue(indicator, period, number, where))


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
        value = int(value)
    if isinstance(value, int) and YEARS[0] <= value <= YEARS[1]:
        return value
    return None


def _duplicates(parsed: Parsed, file: str) -> None:
    """The same indicator and year twice is an error at the second, naming the first."""
    first: dict[tuple[str, int], str] = {}
    for value in parsed.values:
        key = (value.indicator, value.period)
        if key in first:
            line = int(value.where) if value.where.isdigit() else None
            parsed.problems.append(
                Problem(
                    "duplicate_period",
                    file,
                    line,
                    "" if line else value.where,
                    {"indicator": value.indicator, "period": value.period, "first": first[key]},
                )
            )
        else:
            first[key] = value.where


def parse_csv(text: str, *, file: str, municipality: str) -> Parsed:
    """The values of a CSV file; a row for another municipality is an error at its line."""
    parsed = Parsed()
    if not _bounded(text, file, parsed):
        return parsed
    lines = text.lstrip("\ufeff").splitlines()
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            parsed.problems.append(Problem("line_too_long", file, number, "", {"limit": MAX_LINE}))
            return parsed
    if len(lines) > MAX_RECORDS + 1:
        parsed.problems.append(Problem("too_many_records", file, None, "", {"count": len(lines)}))
        return parsed
    if not lines:
        parsed.problems.append(Problem("csv_header", file, 1, "", {"expected": _expected()}))
        return parsed
    delimiter = ";" if ";" in lines[0] else ","
    rows = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    columns = _columns(next(rows), file, parsed)
    if columns is None:
        return parsed
    for row in rows:
        if any(cell.strip() for cell in row):
            _csv_row(parsed, file, rows.line_num, row, columns, municipality)
    _duplicates(parsed, file)
    return parsed


def _expected() -> list[str]:
    return ["indicator", "period", "value", "(municipality)"]


def _columns(header: list[str], file: str, parsed: Parsed) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        role = HEADERS.get(name.strip().casefold())
        if role is not None and role not in columns:
            columns[role] = index
    if not {"indicator", "period", "value"} <= columns.keys():
        parsed.problems.append(Problem("csv_header", file, 1, "", {"expected": _expected()}))
        return None
    return columns


def _csv_row(
    parsed: Parsed,
    file: str,
    line: int,
    row: list[str],
    columns: dict[str, int],
    municipality: str,
) -> None:
    def cell(role: str) -> str:
        index = columns.get(role)
        return row[index].strip() if index is not None and index < len(row) else ""

    def report(code: str, column: str, **params: Any) -> None:
        parsed.problems.append(Problem(code, file, line, column, params))

    found = cell("municipality")
    if "municipality" in columns and found != municipality:
        report("other_municipality", "municipality", value=found, expected=municipality)
    indicator = cell("indicator")
    if not indicator:
        report("missing_field", "indicator", expected="text")
    period = _year(cell("period"))
    if period is None:
        report("bad_period", "period", value=cell("period"))
    if not cell("value"):
        parsed.skipped += 1  # no value for that year (Kolada's "Saknas")
        return
    value = parse_number(cell("value"))
    if value is None:
        report("not_a_number", "value", value=cell("value"))
    if indicator and period is not None and value is not None:
        parsed.values.append(ImportedValue(indicator, period, value, str(line)))
