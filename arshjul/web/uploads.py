"""Reading a hand-in form as it streams in: files go to a private folder chunk by chunk, and
the size limit stops the upload at the first byte over it, not after the whole body has
been received (a 2 GB upload to a 50 MB limit costs 50 MB, not 2 GB). Plain fields are
bounded too, and so is the number of files.

The body is read on the event loop, but parsing and writing to disk run in a thread, a
quarter of a mebibyte at a time: the loop that serves every other connection never waits
on the disk."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import anyio.to_thread
from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header

from arshjul.errors import UploadRefused

MAX_FIELD_BYTES = 10_000  # a comment, a diarienummer, a total
MAX_FILES = 20
WRITE_EVERY = 256 * 1024  # bytes gathered from the connection before a thread writes them


@dataclass
class ReceivedForm:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[tuple[str, Path]] = field(default_factory=list)  # (form field, saved file)


def safe_name(name: str) -> str:
    """A file name to keep: the last path component, without control characters, at most
    120 characters (the extension kept); never empty, never a dot file."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(c for c in base if c.isprintable()).strip().lstrip(".")
    if len(base) > 120:
        stem, dot, extension = base.rpartition(".")
        base = (stem[: 119 - len(extension)] + dot + extension) if dot else base[:120]
    return base or "fil"


async def receive(request: Request, folder: Path, *, max_file_bytes: int) -> ReceivedForm:
    """Parse the multipart body into `folder` (created private); raises UploadRefused."""
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadRefused("web_upload_not_form")
    ceiling = MAX_FILES * max_file_bytes + MAX_FILES * MAX_FIELD_BYTES
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > ceiling:
        raise UploadRefused("web_upload_too_large", limit=max_file_bytes // (1024 * 1024))
    await anyio.to_thread.run_sync(lambda: folder.mkdir(mode=0o700, parents=True, exist_ok=True))
    form = ReceivedForm()
    state: dict[str, object] = {}
    headers: dict[bytes, bytes] = {}
    name_field: list[bytes] = []
    value_field: list[bytes] = []

    def header_field(data: bytes, start: int, end: int) -> None:
        name_field.append(data[start:end])

    def header_value(data: bytes, start: int, end: int) -> None:
        value_field.append(data[start:end])

    def header_end() -> None:
        headers[b"".join(name_field).lower()] = b"".join(value_field)
        name_field.clear()
        value_field.clear()

    def headers_finished() -> None:
        _, disposition = parse_options_header(headers.get(b"content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        filename = disposition.get(b"filename")
        state.update(name=name, size=0, buffer=bytearray(), handle=None)
        if filename is not None:
            if len(form.files) >= MAX_FILES:
                raise UploadRefused("web_upload_too_many", limit=MAX_FILES)
            target = folder / f"{len(form.files):02d}"
            target.mkdir(mode=0o700)
            path = target / safe_name(filename.decode("utf-8", "replace"))
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            state["handle"] = os.fdopen(descriptor, "wb")
            form.files.append((name, path))
        headers.clear()

    def part_data(data: bytes, start: int, end: int) -> None:
        size = int(state["size"]) + (end - start)  # type: ignore[call-overload]
        state["size"] = size
        handle = state["handle"]
        if handle is not None:
            if size > max_file_bytes:
                raise UploadRefused("web_upload_too_large", limit=max_file_bytes // (1024 * 1024))
            handle.write(data[start:end])  # type: ignore[attr-defined]
        else:
            if size > MAX_FIELD_BYTES:
                raise UploadRefused("web_upload_field_too_long")
            state["buffer"].extend(data[start:end])  # type: ignore[attr-defined]

    def part_end() -> None:
        handle: BinaryIO | None = state.get("handle")  # type: ignore[assignment]
        if handle is not None:
            handle.close()
            state["handle"] = None
        else:
            value = bytes(state["buffer"]).decode("utf-8", "replace")  # type: ignore[call-overload]
            form.fields[str(state["name"])] = value

    parser = MultipartParser(
        boundary,
        {
            "on_header_field": header_field,
            "on_header_value": header_value,
            "on_header_end": header_end,
            "on_headers_finished": headers_finished,
            "on_part_data": part_data,
            "on_part_end": part_end,
        },
    )

    def close_open_file() -> None:
        open_handle = state.get("handle")
        if open_handle is not None:
            open_handle.close()  # type: ignore[attr-defined]

    gathered = bytearray()
    try:
        async for chunk in request.stream():
            gathered += chunk
            if len(gathered) >= WRITE_EVERY:
                await anyio.to_thread.run_sync(parser.write, bytes(gathered))
                gathered.clear()
        await anyio.to_thread.run_sync(_finish, parser, bytes(gathered))
    finally:
        await anyio.to_thread.run_sync(close_open_file)
    return form


def _finish(parser: MultipartParser, rest: bytes) -> None:
    parser.write(rest)
    parser.finalize()
