"""Matrix events the bot has handled, and the sync token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite

from storage.models import (
    ProcessedEvent,
    SyncState,
)
from storage.repositories.base import Repository

SYNC_TOKEN = "sync_token"


class EventRepository(Repository):
    """Processed Matrix events and the sync token."""

    async def is_processed(self, event_id: str) -> bool:
        """Whether the event was handled already."""
        return await self.session.get(ProcessedEvent, event_id) is not None

    async def claim(
        self, event_id: str, room_id: str, at: datetime, sender: str | None = None
    ) -> bool:
        """Record the event as handled unless it was; whether this transaction recorded it.

        One statement instead of a read and a write (commits with the change it causes).
        """
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        result = await self.session.execute(
            dialect.insert(ProcessedEvent)
            .values(event_id=event_id, room_id=room_id, processed_at=at, sender=sender)
            .on_conflict_do_nothing(index_elements=[ProcessedEvent.event_id])
        )
        return bool(getattr(result, "rowcount", 0))

    async def sender_of(self, event_id: str, room_id: str) -> str | None:
        """Who sent a handled event of room `room_id`, if the bot recorded it."""
        row = await self.session.get(ProcessedEvent, event_id)
        return row.sender if row and row.room_id == room_id else None

    async def prune_processed(self, before: datetime) -> int:
        """Forget events handled before `before` (no sync replays them any more)."""
        result = await self.session.execute(
            delete(ProcessedEvent).where(ProcessedEvent.processed_at < before)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def sync_token(self) -> str | None:
        """Where the last fully handled sync ended, or None before the first."""
        row = await self.session.get(SyncState, SYNC_TOKEN)
        return row.value if row else None

    async def set_sync_token(self, token: str) -> None:
        """Record that everything up to `token` is handled."""
        # one UPDATE after every sync; the row exists from the first sync on
        result = await self.session.execute(
            update(SyncState)
            .where(SyncState.key == SYNC_TOKEN)
            .values(value=token)
            .execution_options(synchronize_session=False)
        )
        if not getattr(result, "rowcount", 0):
            self.session.add(SyncState(key=SYNC_TOKEN, value=token))
