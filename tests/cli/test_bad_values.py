"""Values out of range get one clear line, never a traceback, and change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.core.frames import MAX_SEK, parse_sek
from arshjul.core.instants import parse_day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2019-05-06", dt.date(2019, 5, 6)),
        ("20190506", None),  # the basic format Python would accept
        ("2019-5-6", None),
        ("2019-02-30", None),
        ("0001-01-01", None),
        ("9999-12-31", None),
        ("2019-W19-1", None),
        ("２０１９-05-06", None),  # full-width digits
    ],
)
def test_parse_day_is_strict(text: str, day: dt.date | None) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("412 500 000", 412_500_000),
        ("1000000000000", MAX_SEK),
        ("1000000000001", None),
        ("9" * 40, None),  # past what a database integer holds
        ("-5", None),
        ("٣", None),  # a digit, but not one of ours
    ],
)
def test_parse_sek_is_bounded(text: str, amount: int | None) -> None:
    assert parse_sek(text) == amount


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (["status", "--as-of", "20190506"], {}, "Ogiltigt datum '20190506'"),
        (["status", "--as-of", "0001-01-01"], {}, "mellan 1900 och 2200"),
        (["validate", "timra", "--year", "0"], {}, "Invalid value for '--year'"),
        (["status"], {"ARSHJUL_MAX_FILE_MB": "abc"}, "ARSHJUL_MAX_FILE_MB"),
        (["status"], {"ARSHJUL_MAX_FILE_MB": "-1"}, "greater than 0"),
        (["status"], {"ARSHJUL_SMTP_PORT": "70000"}, "ARSHJUL_SMTP_PORT"),
        (["status"], {"ARSHJUL_LANG": "de"}, "ARSHJUL_LANG"),
    ],
)
def test_bad_values_give_one_clear_line(
    args: list[str], env: dict[str, str], says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from arshjul.settings import get_settings

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (1, 2)
    assert says in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
