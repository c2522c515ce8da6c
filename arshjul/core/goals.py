"""The 17 Agenda 2030 goals with their Swedish short names, and the name variants in use.

Variants are aliases of the same goal, not different goals: a nämnd that writes
"Hälsa och välbefinnande" has chosen goal 3.
"""

from __future__ import annotations

import re

# Few goals, chosen where the nämnd can contribute (the styrmodell): the default limit.
DEFAULT_MAX_GOALS = 5

GOALS: dict[int, str] = {
    1: "Ingen fattigdom",
    2: "Ingen hunger",
    3: "God hälsa och välbefinnande",
    4: "God utbildning för alla",
    5: "Jämställdhet",
    6: "Rent vatten och sanitet",
    7: "Hållbar energi för alla",
    8: "Anständiga arbetsvillkor och ekonomisk tillväxt",
    9: "Hållbar industri, innovationer och infrastruktur",
    10: "Minskad ojämlikhet",
    11: "Hållbara städer och samhällen",
    12: "Hållbar konsumtion och produktion",
    13: "Bekämpa klimatförändringarna",
    14: "Hav och marina resurser",
    15: "Ekosystem och biologisk mångfald",
    16: "Fredliga och inkluderande samhällen",
    17: "Genomförande och globalt partnerskap",
}

ALIASES: dict[str, int] = {
    "Hälsa och välbefinnande": 3,
    "God utbildning": 4,
    "Rent vatten och sanitet för alla": 6,
    "Bekämpa klimatförändringen": 13,
}


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().casefold())


_BY_NAME = {_norm(name): number for number, name in GOALS.items()} | {
    _norm(alias): number for alias, number in ALIASES.items()
}


def goal_number(value: object) -> int | None:
    """A goal's number from its number ("3", 3, "Mål 3") or any of its names; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value in GOALS else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = re.fullmatch(r"(?:mål\s*)?(\d{1,2})", text, flags=re.IGNORECASE)
    if match:
        number = int(match.group(1))
        return number if number in GOALS else None
    return _BY_NAME.get(_norm(text))
