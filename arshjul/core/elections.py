"""Swedish general elections: every fourth year in September (2018, 2022, 2026, …); the
newly elected council takes office on 15 October (KL 5 kap.)."""

from __future__ import annotations

FIRST_KNOWN = 2018
NEW_COUNCIL_TAKES_OFFICE = (10, 15)


def is_election_year(year: int) -> bool:
    return (year - FIRST_KNOWN) % 4 == 0
