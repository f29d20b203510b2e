"""What goes into the outbox: a reply with its files, and the transaction id of each
kind of message.

A message is queued in the transaction of the change that caused it and sent later
under its transaction id, which is derived from what caused it: a resend after a crash
carries the same id and is dropped by the homeserver, and a notice said once is never
queued twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from messages import matrix_content
from messages.reply import Reply
from storage.models import OutboxMessage
from storage.repositories import Store

# the prefix of a notice that a message was refused (never itself reported again)
REFUSED = "refused-"


def _hashed(text: str, length: int = 32) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def reply_txn_id(event_id: str) -> str:
    """The reply to the command of `event_id`."""
    return "reply-" + _hashed(event_id)


def reminders_txn_id(room_id: str, day: date, listed: Iterable[str]) -> str:
    """The reminder message of `day` to `room_id` that lists the entries `listed` (e.g.
    "M7:d3"): the same list gives the same id."""
    return f"reminders-{day:%Y%m%d}-" + _hashed("\n".join([room_id, *sorted(listed)]), 16)


def digest_txn_id(week_key: str) -> str:
    """The digest of the week `week_key` (e.g. "2026-W48")."""
    return f"digest-{week_key}"


Kind = Literal["reply", "reminder", "digest"]
# the first message of a reply, a reminder and a digest (their files have "-1", "-2" … added)
_KINDS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    ("reply", re.compile(r"reply-[0-9a-f]{32}")),
    ("reminder", re.compile(r"reminders-\d{8}-[0-9a-f]{16}")),
    ("digest", re.compile(r"digest-\d{4}-W\d{2}")),
)


def kind_of(txn_id: str) -> Kind | None:
    """What the message `txn_id` is; None for a file, a notice or anything else."""
    return next((kind for kind, pattern in _KINDS if pattern.fullmatch(txn_id)), None)


def refused_txn_id(txn_id: str) -> str:
    """The notice that the message `txn_id` was refused by the homeserver."""
    return REFUSED + txn_id


def room_problem_txn_id(room_id: str) -> str:
    """The notice that the bot cannot post to `room_id` (told once)."""
    return "room-problem-" + _hashed(room_id, 24)


def undecryptable_txn_id(event_id: str) -> str:
    """The notice that the bot cannot read the encrypted event `event_id`."""
    return "undecryptable-" + _hashed(event_id)


async def queue_reply(
    store: Store,
    room_id: str,
    txn_id: str,
    reply: Reply,
    now: datetime,
    *,
    msgtype: str = "m.notice",
    in_reply_to: str | None = None,
    thread_root: str | None = None,
    fallback_room_id: str | None = None,
) -> OutboxMessage:
    """Queue `reply` and then each of its files (`txn_id`-1, -2, …); return the message."""
    content = matrix_content.message(reply, msgtype, in_reply_to, thread_root)
    message = await store.outbox.enqueue(
        room_id, txn_id, "m.room.message", content, now, fallback_room_id=fallback_room_id
    )
    for number, attachment in enumerate(reply.attachments, start=1):
        await store.outbox.enqueue(
            room_id,
            f"{txn_id}-{number}",
            "m.room.message",
            matrix_content.file(attachment, in_reply_to, thread_root),
            now,
            attachment=attachment.data,
        )
    return message
