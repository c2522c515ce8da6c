"""Submitted files, stored by their SHA-256 and never overwritten.

A file is written (readable by its owner and group only, 0640) to a temporary name in its
final folder, flushed to disk and renamed into place, so a crash leaves at most an
unreferenced temporary file, never a half-written file under a checksum name. The
database refers to a file only after it is in place. `leftovers` finds the temporary files
of writers that were killed; the web application's start and `audit verify --files
--repair` remove them, and `audit verify --files` reports them.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class StoredFileProblem(StrEnum):
    """What can be wrong with a stored file (said by the text key `stored_<problem>`)."""

    MISSING = "missing"
    CHANGED = "changed"
    NOT_REGULAR = "not_regular"  # a link or a folder where the file should be


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Leftover:
    """A temporary file a killed writer left: never referenced, safe to remove once its
    writer is gone."""

    path: Path
    size: int
    writer_alive: bool


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class FileStore:
    root: Path

    def path_for(self, checksum: str) -> Path:
        return self.root / checksum[:2] / checksum[2:]

    def put(self, data: bytes) -> str:
        """Store `data` under its checksum and return the checksum. A stored file that is
        missing or no longer matches its checksum is written again: handing in the original
        bytes restores it."""
        checksum = sha256(data)
        target = self.path_for(checksum)
        if self.check(checksum) is None:
            return checksum  # a link put in its place is replaced below, not followed
        target.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o640)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
        return checksum

    def leftovers(self) -> list[Leftover]:
        """The temporary files in the store, and whether the process writing each lives."""
        found = []
        for path in sorted(self.root.glob("??/.*.partial")):
            try:
                pid, size = int(path.name.rsplit(".", 2)[1]), path.lstat().st_size
            except (ValueError, OSError):
                continue
            found.append(Leftover(path, size, pid > 0 and _alive(pid)))
        return found

    def remove_leftovers(self) -> list[Leftover]:
        """Remove the temporary files whose writer is gone; returns them."""
        removed = []
        for leftover in self.leftovers():
            if leftover.writer_alive:
                continue
            try:
                leftover.path.unlink()
            except FileNotFoundError:
                continue
            removed.append(leftover)
        return removed

    def get(self, checksum: str) -> bytes:
        return self.path_for(checksum).read_bytes()

    def check(self, checksum: str) -> StoredFileProblem | None:
        """None if the stored file is there with its content intact."""
        path = self.path_for(checksum)
        if path.is_symlink() or (path.exists() and not path.is_file()):
            return StoredFileProblem.NOT_REGULAR
        if not path.exists():
            return StoredFileProblem.MISSING
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
        return None if digest.hexdigest() == checksum else StoredFileProblem.CHANGED
