"""Ramstyrning: KF gives each nämnd a budget frame; the nämnd's budget stays within it.

Pure comparison of frames with the totals the nämnder handed in, per nämnd and in all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FrameLine:
    body: str
    frame_sek: int | None
    submitted_sek: int | None

    @property
    def difference_sek(self) -> int | None:
        """Submitted minus frame: positive is over the frame."""
        if self.frame_sek is None or self.submitted_sek is None:
            return None
        return self.submitted_sek - self.frame_sek

    @property
    def over_frame(self) -> bool:
        return (self.difference_sek or 0) > 0


def totals(lines: list[FrameLine]) -> FrameLine:
    """The sum of frames and of submitted totals over the nämnder that have one."""
    frames = [line.frame_sek for line in lines if line.frame_sek is not None]
    submitted = [line.submitted_sek for line in lines if line.submitted_sek is not None]
    return FrameLine("", sum(frames) if frames else None, sum(submitted) if submitted else None)


MAX_SEK = 10**12  # a thousand billion kronor: far above any municipality's whole budget


def parse_sek(text: str) -> int | None:
    """'412 500 000', '412_500_000' or '412500000 kr' as whole kronor; None if malformed or
    above `MAX_SEK` (a typo, not a budget, and past what a database integer holds)."""
    cleaned = text.strip().lower().removesuffix("kr").removesuffix("sek").strip()
    cleaned = cleaned.replace(" ", "").replace("\u00a0", "").replace("_", "")
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 13:
        return None
    amount = int(cleaned)
    return amount if amount <= MAX_SEK else None
