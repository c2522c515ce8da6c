"""A client for Kolada's open API (api.kolada.se, v2; the format is documented in the
Hypergene/kolada repository): the values of one KPI for one municipality, every page of
the answer followed. Read-only and bounded: each page's size and nesting before it is
parsed, the number of pages, the time; `next_page` is followed only on the same origin,
and redirects not at all, so an answer cannot send the client elsewhere.

The pages' `values` are joined into one answer in the same format, which the importer
reads exactly as it reads a file (arshjul.core.indicator_files.parse_kolada)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import httpx

from arshjul.core.indicator_files import MAX_CHARS, too_deep
from arshjul.core.indicators import KOLADA_ID
from arshjul.errors import InvalidInput, SourceFailed

MAX_PAGES = 20  # 5,000 values a page: far beyond one KPI for one municipality
TIMEOUT = 15.0


def data_url(base_url: str, kpi: str, municipality: str) -> str:
    if not KOLADA_ID.fullmatch(kpi):
        raise InvalidInput("bad_kolada_kpi", value=kpi)
    if not re.fullmatch(r"\d{4}", municipality):
        raise InvalidInput("bad_municipality_code", value=municipality)
    return f"{base_url.rstrip('/')}/v2/data/kpi/{kpi}/municipality/{municipality}"


def fetch_values(
    base_url: str,
    kpi: str,
    municipality: str,
    *,
    transport: httpx.BaseTransport | None = None,
    timeout: float = TIMEOUT,
) -> str:
    """Kolada's answer for the KPI and municipality, all pages joined, as JSON text."""
    url = data_url(base_url, kpi, municipality)
    origin = urlsplit(url)[:2]
    values: list[Any] = []
    with httpx.Client(timeout=timeout, follow_redirects=False, transport=transport) as client:
        for _page in range(MAX_PAGES):
            data = _page_of(client, url)
            page = data.get("values")
            if not isinstance(page, list):
                raise SourceFailed("kolada_failed", url=url, detail="no list of values")
            values += page
            following = data.get("next_page")
            if not following:
                break
            if not isinstance(following, str) or urlsplit(following)[:2] != origin:
                raise SourceFailed("kolada_failed", url=url, detail="next_page elsewhere")
            url = following
        else:
            raise SourceFailed("kolada_failed", url=url, detail=f"over {MAX_PAGES} pages")
    return json.dumps({"count": len(values), "values": values}, ensure_ascii=False)


def _page_of(client: httpx.Client, url: str) -> dict[str, Any]:
    """One page, its size bounded while it streams in, its nesting before it is parsed."""
    try:
        with client.stream("GET", url, headers={"accept": "application/json"}) as response:
            if response.status_code != 200:
                raise SourceFailed("kolada_failed", url=url, detail=f"HTTP {response.status_code}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_CHARS:
                    raise SourceFailed("kolada_failed", url=url, detail="answer too large")
    except httpx.HTTPError as exc:
        raise SourceFailed("kolada_failed", url=url, detail=type(exc).__name__) from None
    try:
        text = body.decode("utf-8")
        if too_deep(text):
            raise SourceFailed("kolada_failed", url=url, detail="nested too deep")
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SourceFailed("kolada_failed", url=url, detail="not JSON") from None
    if not isinstance(data, dict):
        raise SourceFailed("kolada_failed", url=url, detail="not an object")
    return data
