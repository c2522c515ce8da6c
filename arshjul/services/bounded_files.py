"""Reading a file a person names: never through a symbolic link, never a device or a
folder, and never more than a bound read, whatever the file's size (a 1 GB template is
refused by its size on the open descriptor, not after being read whole)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from arshjul.errors import InvalidInput

MAX_TEXT_BYTES = 1_000_000  # templates, commitments, checkpoint files: as documented


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, never through a symbolic link (opened with O_NOFOLLOW,
    then checked on the open descriptor, so a link swapped in between does not count), and
    never more than `max_bytes` + 1 read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InvalidInput("file_missing", file=str(path)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InvalidInput("file_not_regular", file=str(path)) from None
        raise InvalidInput("file_unreadable", file=str(path), detail=exc.strerror) from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise InvalidInput("file_not_regular", file=str(path))
    if status.st_size > max_bytes:
        os.close(descriptor)
        raise InvalidInput("file_too_large", file=str(path), size=status.st_size, limit=max_bytes)
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while we looked
        raise InvalidInput("file_too_large", file=str(path), size=len(data), limit=max_bytes)
    return data


def read_text_file(path: Path, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """`read_regular_file`, as UTF-8 text."""
    data = read_regular_file(path, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "file_unreadable", file=str(path), detail=f"not UTF-8 ({exc.reason})"
        ) from None
