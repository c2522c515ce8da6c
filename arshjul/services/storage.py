"""Submitted files, stored by their SHA-256 and never overwritten.

A file is written (readable by its owner and group only, 0640) to a temporary name in its
final folder, flushed to disk and renamed into place, so a crash leaves at most an
unreferenced temporary file, never a half-written file under a checksum name. The
database refers to a file only after it is in place.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileStore:
    root: Path

    def path_for(self, checksum: str) -> Path:
        return self.root / checksum[:2] / checksum[2:]

    def put(self, data: bytes) -> str:
        """Store `data` under its checksum (once) and return the checksum."""
        checksum = sha256(data)
        target = self.path_for(checksum)
        if target.exists():
            return checksum
        target.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o640)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
        return checksum

    def get(self, checksum: str) -> bytes:
        return self.path_for(checksum).read_bytes()
