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
from typing import TYPE_CHECKING, BinaryIO

import anyio.to_thread
from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header

from arshjul.errors import UploadRefused

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

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
    writer = _FormWriter(folder, max_file_bytes)
    parser = MultipartParser(boundary, writer.callbacks())
    gathered = bytearray()
    try:
        async for chunk in request.stream():
            gathered += chunk
            if len(gathered) >= WRITE_EVERY:
                await anyio.to_thread.run_sync(parser.write, bytes(gathered))
                gathered.clear()
        await anyio.to_thread.run_sync(_finish, parser, bytes(gathered))
    finally:
        await anyio.to_thread.run_sync(writer.close_open_file)
    return writer.form


@dataclass
class _FormWriter:
    """The multipart parser's callbacks: each part's headers gathered, a file part written
    to its own private folder as it arrives, a field part kept in memory; each bounded."""

    folder: Path
    max_file_bytes: int
    form: ReceivedForm = field(default_factory=ReceivedForm)
    headers: dict[bytes, bytes] = field(default_factory=dict)
    header_name: list[bytes] = field(default_factory=list)
    header_value: list[bytes] = field(default_factory=list)
    name: str = ""  # the current part's form field
    size: int = 0  # bytes of the current part so far
    buffer: bytearray = field(default_factory=bytearray)  # a field part's value
    handle: BinaryIO | None = None  # a file part's open file

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_header_field": self.header_field,
            "on_header_value": self.header_field_value,
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name.append(data[start:end])

    def header_field_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value.append(data[start:end])

    def header_end(self) -> None:
        self.headers[b"".join(self.header_name).lower()] = b"".join(self.header_value)
        self.header_name.clear()
        self.header_value.clear()

    def headers_finished(self) -> None:
        _, disposition = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.name = disposition.get(b"name", b"").decode("utf-8", "replace")
        self.size, self.buffer, self.handle = 0, bytearray(), None
        filename = disposition.get(b"filename")
        if filename is not None:
            if len(self.form.files) >= MAX_FILES:
                raise UploadRefused("web_upload_too_many", limit=MAX_FILES)
            target = self.folder / f"{len(self.form.files):02d}"
            target.mkdir(mode=0o700)
            path = target / safe_name(filename.decode("utf-8", "replace"))
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            self.handle = os.fdopen(descriptor, "wb")
            self.form.files.append((self.name, path))
        self.headers.clear()

    def part_data(self, data: bytes, start: int, end: int) -> None:
        self.size += end - start
        if self.handle is not None:
            if self.size > self.max_file_bytes:
                limit = self.max_file_bytes // (1024 * 1024)
                raise UploadRefused("web_upload_too_large", limit=limit)
            self.handle.write(data[start:end])
        else:
            if self.size > MAX_FIELD_BYTES:
                raise UploadRefused("web_upload_field_too_long")
            self.buffer.extend(data[start:end])

    def part_end(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
        else:
            self.form.fields[self.name] = bytes(self.buffer).decode("utf-8", "replace")

    def close_open_file(self) -> None:
        if self.handle is not None:
            self.handle.close()


def _finish(parser: MultipartParser, rest: bytes) -> None:
    parser.write(rest)
    parser.finalize()
