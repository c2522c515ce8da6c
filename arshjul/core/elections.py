"""Swedish general elections: every fourth year in September (2018, 2022, 2026, …); the
newly elected council takes office on 15 October (KL 5 kap. 9 §: "väljas för fyra år
räknat från och med den 15 oktober valåret"; an omval ordered by Valprövningsnämnden
extends the old council's term, which this module does not know of)."""

from __future__ import annotations

FIRST_KNOWN = 2018
NEW_COUNCIL_TAKES_OFFICE = (10, 15)


def is_election_year(year: int) -> bool:
    return (year - FIRST_KNOWN) % 4 == 0
