"""Indicator values for the municipality: a Kolada API answer saved as a file, a CSV file,
and Kolada's API itself served by a local HTTP server from answers in tests/data/kolada.
Each bad file is named and stores nothing; every change is one audit event that `audit
verify` compares with the table."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from arshjul.models.tables import AuditEvent, IndicatorValue
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from arshjul.core.indicators import Source
from arshjul.errors import InvalidFile, Refused, SourceFailed
from arshjul.services import kolada
from arshjul.services.audit_tables import mismatches
from arshjul.services.followup import authorise_reader, followup_view
from arshjul.services.indicators import fetch, import_file
from tests.factories import at, ctx_for, followup_into, write
from tests.models.test_store import dump

COORDINATOR = "samordnare@example.org"
DATA = Path(__file__).resolve().parents[1] / "data" / "kolada"


@pytest.fixture
def followed(engine: Engine, tmp_path: Path) -> Engine:
    """BUN follows N15419 (Kolada) and `larare` (its own) for goal 4."""
    followup_into(engine, tmp_path)
    return engine


def ctx(engine: Engine, actor: str = COORDINATOR):  # type: ignore[no-untyped-def]
    return ctx_for(engine, actor, at("2020-10-01", 9))


def answer(*records: tuple[str, str, object, object]) -> str:
    return json.dumps(
        {
            "count": len(records),
            "values": [
                {
                    "kpi": kpi,
                    "municipality": municipality,
                    "period": period,
                    "values": [{"count": 1, "gender": "T", "status": "", "value": value}],
                }
                for kpi, municipality, period, value in records
            ],
        }
    )


def stored(engine: Engine) -> list[tuple[str, int, float, Source]]:
    with Session(engine) as session:
        rows = session.exec(select(IndicatorValue).order_by(col(IndicatorValue.id))).all()
    return [(r.indicator, r.period, r.value, r.source) for r in rows]


def test_a_kolada_file_is_imported_once_and_recorded(followed: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path, answer(("N15419", "9999", 2018, 70.9), ("N15419", "9999", "2019", 72.8)), "k.json"
    )
    outcome = import_file(ctx(followed), path)
    assert (outcome.changed, outcome.unchanged) == (2, 0)
    assert stored(followed) == [
        ("N15419", 2018, 70.9, Source.KOLADA),
        ("N15419", 2019, 72.8, Source.KOLADA),
    ]
    again = import_file(ctx(followed), path)
    assert (again.changed, again.unchanged) == (0, 2)
    revised = write(tmp_path, answer(("N15419", "9999", 2019, 73.0)), "k2.json")
    assert import_file(ctx(followed), revised).changed == 1  # Kolada revised its figure
    with Session(followed) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.kind == "indicators_imported")
        ).all()
    assert [e.payload["values"] for e in events] == [
        [["N15419", 2018, 70.9], ["N15419", 2019, 72.8]],
        [["N15419", 2019, 73.0]],
    ]
    assert mismatches(ctx(followed)) == []
    with followed.begin() as connection:
        connection.execute(text("UPDATE indicatorvalue SET value = 99 WHERE period = 2018"))
    assert [(m.table, m.stored, m.recorded) for m in mismatches(ctx(followed))] == [
        ("indicatorvalue", "99.0", "70.9")
    ]


def test_imported_values_show_in_the_roll_up(followed: Engine, tmp_path: Path) -> None:
    import_file(ctx(followed), write(tmp_path, "indikator;år;värde\nlarare;2020;125\n", "v.csv"))
    view = followup_view(
        ctx(followed), municipality=authorise_reader(ctx(followed), municipality=None), year=2020
    )
    (cell,) = [c for (ref, body), c in view.rollup.cells.items() if ref.path == "goals.4"]
    readings = {r.indicator.ref: (r.value, r.source, r.meets) for r in cell.readings}
    assert readings == {"N15419": (80.5, Source.REPORT, True), "larare": (125.0, Source.CSV, True)}


BAD = [
    (
        "another municipality",
        "k.json",
        answer(("N15419", "1860", 2019, 81.0)),
        [("other_municipality", None, "values[0].municipality")],
    ),
    (
        "another KPI",
        "k.json",
        answer(("N15419", "9999", 2019, 1.0), ("N01951", "9999", 2019, 2.0)),
        [("indicator_not_named", None, "values[1].values[0]")],
    ),
    (
        "not a number",
        "k.json",
        answer(("N15419", "9999", 2019, "sjuttio")),
        [("not_a_number", None, "values[0].values[0].value")],
    ),
    (
        "a duplicated year",
        "k.json",
        answer(("N15419", "9999", 2019, 1.0), ("N15419", "9999", 2019, 2.0)),
        [("duplicate_period", None, "values[1].values[0]")],
    ),
    ("malformed", "k.json", '{"values": [{"kpi": "N15419",', [("json_syntax", 1, "")]),
    ("nested too deep", "k.json", "[" * 40 + "]" * 40, [("too_deep", None, "")]),
    ("oversized", "k.json", '{"values": []}' + " " * 5_000_001, [("too_large", None, "")]),
    (
        "a CSV line for another municipality",
        "v.csv",
        "indicator;year;value;kommun\nlarare;2019;3;1860\n",
        [("other_municipality", 2, "municipality")],
    ),
    (
        "a CSV value that is not a number",
        "v.csv",
        "indicator;year;value\nlarare;2019;tre\n",
        [("not_a_number", 2, "value")],
    ),
    (
        "a CSV year twice",
        "v.csv",
        "indicator;year;value\nlarare;2019;3\nlarare;2019;4\n",
        [("duplicate_period", 3, "")],
    ),
    ("a CSV file without its header", "v.csv", "larare;2019;3\n", [("csv_header", 1, "")]),
]


@pytest.mark.parametrize(("what", "name", "content", "problems"), BAD, ids=[b[0] for b in BAD])
def test_each_bad_file_is_named_and_nothing_stored(
    followed: Engine,
    tmp_path: Path,
    what: str,
    name: str,
    content: str,
    problems: list[tuple[str, int | None, str]],
) -> None:
    before = dump(followed)
    with pytest.raises(InvalidFile) as caught:
        import_file(ctx(followed), write(tmp_path, content, name))
    assert [(p.code, p.line, p.field) for p in caught.value.problems] == problems
    assert dump(followed) == before


def test_a_file_for_another_kpi_than_asked(followed: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, (DATA / "n15419-1860.json").read_text(), "k.json")
    with pytest.raises(InvalidFile) as caught:
        import_file(ctx(followed), path, kpi="N00945")
    assert [p.code for p in caught.value.problems] == ["other_municipality", "other_kpi"]


def test_only_the_central_office_imports(followed: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, answer(("N15419", "9999", 2019, 72.8)), "k.json")
    with pytest.raises(Refused):
        import_file(ctx(followed, "bun@example.org"), path)
    assert stored(followed) == []


# Kolada's API, served locally from the answers in tests/data/kolada ---------------------


class Kolada:
    """A local HTTP server answering like api.kolada.se from files; `routes` maps a path
    (with its query) to (status, file or text)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str]] = {}
        self.asked: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.asked.append(self.path)
                status, body = outer.routes.get(self.path, (404, "{}"))
                data = body.replace("{base}", outer.base).encode("utf-8")
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def serve(self, path: str, file: str, status: int = 200) -> None:
        self.routes[path] = (status, (DATA / file).read_text(encoding="utf-8"))


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[Kolada]:
    server = Kolada()
    server.thread.start()
    monkeypatch.setenv("ARSHJUL_KOLADA_URL", server.base)
    from arshjul.settings import get_settings

    get_settings.cache_clear()
    yield server
    server.server.shutdown()
    server.server.server_close()
    get_settings.cache_clear()


def test_the_api_client_follows_every_page(api: Kolada) -> None:
    api.serve("/v2/data/kpi/N15419/municipality/9999", "n15419-9999-page1.json")
    api.serve("/v2/data/kpi/N15419/municipality/9999?page=2&per_page=2", "n15419-9999-page2.json")
    joined = json.loads(kolada.fetch_values(api.base, "N15419", "9999"))
    assert [r["period"] for r in joined["values"]] == [2017, 2018, 2019, 2020]
    assert len(api.asked) == 2


def test_fetch_imports_what_the_api_answers(followed: Engine, api: Kolada) -> None:
    api.serve("/v2/data/kpi/N15419/municipality/9999", "n15419-9999-page1.json")
    api.serve("/v2/data/kpi/N15419/municipality/9999?page=2&per_page=2", "n15419-9999-page2.json")
    outcome = fetch(ctx(followed), kpi="N15419")
    assert (outcome.changed, outcome.skipped) == (3, 7)  # 2020 has no value yet
    assert [(i, p, v) for i, p, v, _s in stored(followed)] == [
        ("N15419", 2017, 68.4),
        ("N15419", 2018, 70.9),
        ("N15419", 2019, 72.8),
    ]


@pytest.mark.parametrize(
    ("route", "detail"),
    [
        ((500, "{}"), "HTTP 500"),
        ((200, "<html>"), "not JSON"),
        ((200, '{"values": 3}'), "no list of values"),
        (
            (200, '{"values": [], "next_page": "http://elsewhere.example/v2/x"}'),
            "next_page elsewhere",
        ),
        ((200, '{"values": [' + '"x", ' * 2_000_000 + '"x"]}'), "answer too large"),
        ((200, "[" * 30 + "]" * 30), "nested too deep"),
        ((302, "{}"), "HTTP 302"),  # redirects are not followed
    ],
)
def test_the_api_client_refuses_what_it_should_not_read(
    followed: Engine, api: Kolada, route: tuple[int, str], detail: str
) -> None:
    api.routes["/v2/data/kpi/N15419/municipality/9999"] = route
    before = dump(followed)
    with pytest.raises(SourceFailed) as caught:
        fetch(ctx(followed), kpi="N15419")
    assert caught.value.params["detail"] == detail
    assert dump(followed) == before


def test_the_api_for_another_municipality_is_refused_on_import(
    followed: Engine, api: Kolada
) -> None:
    api.serve("/v2/data/kpi/N15419/municipality/9999", "n15419-1860.json")
    with pytest.raises(InvalidFile) as caught:
        fetch(ctx(followed), kpi="N15419")
    assert [(p.code, p.field) for p in caught.value.problems] == [
        ("other_municipality", "values[0].municipality")
    ]
