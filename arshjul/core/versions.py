"""When a hand-in is a new version and when it is the one already on record.

Handing in the same files again (the same checksums, in any order and under any names,
with the same budget total and the same assessments) adds nothing: no version, no receipt,
no audit event, so a nervous double click or a rerun script cannot fill the trail. After a
return it is always a new version: the return asked for one, and the coordinator must see
that it came.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from arshjul.core.assessments import Assessment
from arshjul.core.facts import Review


@dataclass(frozen=True, slots=True)
class VersionOnRecord:
    version: int
    checksums: tuple[str, ...]
    review: Review | None
    budget_total_sek: int | None
    assessments: tuple[Assessment, ...] = ()  # in canonical order


def identical_to(
    latest: VersionOnRecord | None,
    checksums: Iterable[str],
    budget_total_sek: int | None,
    assessments: tuple[Assessment, ...] = (),
) -> int | None:
    """The version a hand-in repeats, or None when it is a new version."""
    if latest is None or latest.review is Review.RETURNED:
        return None
    same_files = sorted(latest.checksums) == sorted(checksums)
    same = same_files and latest.assessments == assessments
    return latest.version if same and latest.budget_total_sek == budget_total_sek else None
