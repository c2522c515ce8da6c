"""The reminders wing: which notices are owed, what each says, and how it goes out once.

Everything a reminder passes through from the daily sweep to the mail server lives here
(docs/adr/0011): selection (`due`, `notices`, `digests`, `queries`, `rollup_queries`),
the outbox and delivery (`delivery`, `run_lock`, `resend`, `failure_notices`,
`frame_alerts`), rendering (`render`, `templates/`) and channels (`message`, `channels`,
`ical`). "Change what a reminder says and where it goes" stays inside this folder, the
core and the tables.

The rest of arshjul uses only the names below, imported from `arshjul.notifications`.
They are looked up when first used, so a command that only reads (status, audit) does
not pay for Jinja, the outbox or SMTP by importing this package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from arshjul.notifications.channels import unqualified_mail_domains
    from arshjul.notifications.delivery import (
        DeliveryResult,
        channel_from,
        deliver,
        outbox_rows,
        send_now,
    )
    from arshjul.notifications.due import EnqueueResult, due_now, enqueue, enqueue_notice
    from arshjul.notifications.frame_alerts import frame_line, over_frame_notices
    from arshjul.notifications.ical import DeadlineEvent, calendar_text, deliverable_uid
    from arshjul.notifications.notices import PlannedNotice, recipient_context
    from arshjul.notifications.on_demand import queue_changed_deadline, remind_now
    from arshjul.notifications.queries import Recipient, recipients
    from arshjul.notifications.render import check_overrides
    from arshjul.notifications.resend import RequeueIn, requeue
    from arshjul.notifications.run_lock import Held, exclusive, renew

# name -> the module of the wing that holds it
_FACE = {
    "due_now": "due",  # plan: what a sweep would queue now (the dry run; reads only)
    "enqueue": "due",  # plan, render and queue what is owed, each notice once
    "EnqueueResult": "due",
    "enqueue_notice": "due",  # one notice inside the caller's transaction (a receipt)
    "remind_now": "on_demand",  # a coordinator's "Påminn nu", once per deliverable and day
    "queue_changed_deadline": "on_demand",  # the notices of one body's new deadline
    "deliver": "delivery",  # send what is due in the outbox, exactly once
    "send_now": "delivery",  # send the notices just queued
    "channel_from": "delivery",
    "unqualified_mail_domains": "channels",  # sender domains to warn about at start
    "DeliveryResult": "delivery",
    "outbox_rows": "delivery",
    "requeue": "resend",  # send failed messages again (authorised, audited)
    "RequeueIn": "resend",
    "exclusive": "run_lock",  # one sweep at a time across workers
    "renew": "run_lock",
    "Held": "run_lock",
    "PlannedNotice": "notices",
    "recipient_context": "notices",
    "Recipient": "queries",
    "recipients": "queries",  # whom a body's notices go to today (stand-ins included)
    "frame_line": "frame_alerts",
    "over_frame_notices": "frame_alerts",
    "check_overrides": "render",
    "DeadlineEvent": "ical",
    "calendar_text": "ical",
    "deliverable_uid": "ical",
}

__all__ = [
    "DeadlineEvent",
    "DeliveryResult",
    "EnqueueResult",
    "Held",
    "PlannedNotice",
    "Recipient",
    "RequeueIn",
    "calendar_text",
    "channel_from",
    "check_overrides",
    "deliver",
    "deliverable_uid",
    "due_now",
    "enqueue",
    "enqueue_notice",
    "exclusive",
    "frame_line",
    "outbox_rows",
    "over_frame_notices",
    "queue_changed_deadline",
    "recipient_context",
    "recipients",
    "remind_now",
    "renew",
    "requeue",
    "send_now",
    "unqualified_mail_domains",
]
assert sorted(__all__) == sorted(_FACE)


def __getattr__(name: str) -> Any:
    module = _FACE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)  # no module shares a name
    globals()[name] = value
    return value
