"""The outbox: messages queued with the change that caused them, until sent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    OutboxMessage,
    SentReminder,
)
from storage.repositories.base import Repository


class OutboxRepository(Repository):
    """Messages to send, each queued in the transaction of the change that caused it."""

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self.enqueued: list[OutboxMessage] = []  # queued in this transaction, in order

    async def enqueue(
        self,
        room_id: str,
        txn_id: str,
        event_type: str,
        content: dict[str, Any],
        at: datetime,
        fallback_room_id: str | None = None,
        attachment: bytes | None = None,
    ) -> OutboxMessage:
        """Queue a message for sending; commits with the change that caused it.

        With an `attachment`, the gateway uploads it first and puts its URL in the content.
        """
        message = OutboxMessage(
            txn_id=txn_id,
            room_id=room_id,
            event_type=event_type,
            content=content,
            created_at=at,
            fallback_room_id=fallback_room_id,
            attachment=attachment,
        )
        self.session.add(message)
        await self.session.flush()
        self.enqueued.append(message)
        return message

    async def enqueue_once(
        self, room_id: str, txn_id: str, event_type: str, content: dict[str, Any], at: datetime
    ) -> OutboxMessage | None:
        """Queue a message unless one with `txn_id` was queued before (a report said once)."""
        query = select(OutboxMessage.id).where(OutboxMessage.txn_id == txn_id)
        if await self.session.scalar(query) is not None:
            return None
        return await self.enqueue(room_id, txn_id, event_type, content, at)

    async def unsent(self) -> Sequence[OutboxMessage]:
        """Queued messages not yet accepted by the homeserver, oldest first."""
        query = select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
        return (await self.session.scalars(query.order_by(OutboxMessage.id))).all()

    async def count_unsent(self) -> int:
        """How many queued messages the homeserver has not accepted yet."""
        query = select(func.count()).where(OutboxMessage.sent_at.is_(None))
        return await self.session.scalar(query) or 0

    async def mark_sent(self, message_id: int, event_id: str | None, at: datetime) -> None:
        """Record that the message was sent (event_id None: given up as undeliverable)."""
        message = await self.session.get(OutboxMessage, message_id)
        if message is not None:
            message.sent_at = at
            message.sent_event_id = event_id
            message.attachment = None  # uploaded: the homeserver keeps the file

    async def mark_all_sent(self, sent: Sequence[tuple[int, str]], at: datetime) -> None:
        """Record that the homeserver accepted each message: (message id, its event id)."""
        if sent:
            await self.session.execute(
                update(OutboxMessage),
                [
                    {"id": message_id, "sent_at": at, "sent_event_id": event_id, "attachment": None}
                    for message_id, event_id in sent
                ],
            )

    async def redirect(self, message_id: int, room_id: str) -> None:
        """Send a queued message to another room (its own cannot be posted to)."""
        message = await self.session.get(OutboxMessage, message_id)
        if message is not None:
            message.room_id, message.fallback_room_id = room_id, None

    async def prune_outbox(self, sent_before: datetime) -> int:
        """Delete messages sent before `sent_before` (their job is done); return how many.

        Messages behind a reminder stay: acknowledgements find the reminder through them.
        """
        reminded = select(SentReminder.outbox_id)
        result = await self.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.sent_at < sent_before, OutboxMessage.id.not_in(reminded)
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)
