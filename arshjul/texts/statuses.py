"""A status in words and as a symbol (a colour is never the only sign of a status)."""

from __future__ import annotations

from arshjul.core.status import Status

STATUS_LABELS: dict[Status, dict[str, str]] = {
    Status.WAITING: {"sv": "väntar på beslut", "en": "waiting for a decision"},
    Status.UPCOMING: {"sv": "kommande", "en": "upcoming"},
    Status.DUE_SOON: {"sv": "snart", "en": "due soon"},
    Status.OVERDUE: {"sv": "försenad", "en": "overdue"},
    Status.SUBMITTED: {"sv": "inlämnad", "en": "submitted"},
    Status.SUBMITTED_LATE: {"sv": "inlämnad sent", "en": "submitted late"},
    Status.RETURNED: {"sv": "återsänd", "en": "returned"},
    Status.ACCEPTED: {"sv": "godkänd", "en": "accepted"},
    Status.OPTIONAL: {"sv": "frivillig", "en": "optional"},
    Status.NOT_APPLICABLE: {"sv": "inte aktuell", "en": "not applicable"},
}

STATUS_SYMBOLS: dict[Status, str] = {
    Status.WAITING: "◌",
    Status.UPCOMING: "·",
    Status.DUE_SOON: "◔",
    Status.OVERDUE: "✗",
    Status.SUBMITTED: "✓",
    Status.SUBMITTED_LATE: "✓!",
    Status.RETURNED: "↺",
    Status.ACCEPTED: "★",
    Status.OPTIONAL: "○",
    Status.NOT_APPLICABLE: "–",
}
