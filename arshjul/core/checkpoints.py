"""Checkpoints anchor the audit chain outside the database. A checkpoint is a signed
statement "municipality M's chain had event number N with hash H at time T". Whoever can
write the database can rebuild a whole chain with valid hashes, delete its tail or empty
it; none of that can make the chain contain the checkpoint's head again, and a checkpoint
kept outside (mailed to the auditors, saved by them) cannot be forged without the key.

Pure: the message that is signed, and how a chain is compared with its checkpoints.
Signing and the key are the edge (arshjul.services.seals).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from arshjul.core.audit import EventRecord


@dataclass(frozen=True, slots=True)
class Checkpoint:
    municipality: str  # kommunkod
    seq: int
    hash: str
    at: dt.datetime
    signature: str = ""  # hex
    public_key: str = ""  # hex, raw Ed25519

    def message(self) -> bytes:
        """The exact bytes that are signed: canonical JSON, instant in UTC."""
        content = {
            "municipality": self.municipality,
            "seq": self.seq,
            "hash": self.hash,
            "at": self.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }
        return json.dumps(content, sort_keys=True, separators=(",", ":")).encode()

    def as_json(self) -> str:
        data = json.loads(self.message()) | {
            "signature": self.signature,
            "public_key": self.public_key,
        }
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        """Raises ValueError (KeyError, TypeError included) when it is not a checkpoint."""
        data = json.loads(text)
        return cls(
            str(data["municipality"]),
            int(data["seq"]),
            str(data["hash"]),
            dt.datetime.fromisoformat(str(data["at"]).replace("Z", "+00:00")),
            str(data["signature"]),
            str(data["public_key"]),
        )


class CheckpointBreak(StrEnum):
    """Why a chain does not hold a checkpoint (said by the text key `checkpoint_<why>`)."""

    TRUNCATED = "truncated"  # the chain no longer reaches the checkpoint's event
    REWRITTEN = "rewritten"  # the event at that number has another hash now
    BAD_SIGNATURE = "bad_signature"  # the checkpoint itself was altered or forged
    FOREIGN_KEY = "foreign_key"  # signed with a key that is not this installation's
    MISSING = "missing"  # the chain says it was sent to the auditors; it is not stored


@dataclass(frozen=True, slots=True)
class CheckpointProblem:
    checkpoint: Checkpoint
    why: CheckpointBreak


def held_by_chain(checkpoint: Checkpoint, chain: Iterable[EventRecord]) -> CheckpointBreak | None:
    """Whether the chain still contains the checkpoint's head event, with its hash."""
    event = next((e for e in chain if e.seq == checkpoint.seq), None)
    if event is None:
        return CheckpointBreak.TRUNCATED
    return None if event.hash == checkpoint.hash else CheckpointBreak.REWRITTEN
