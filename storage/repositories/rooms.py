"""What the gateway keeps about rooms: upgrades followed, events it cannot read yet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select

from storage.models import (
    Department,
    RoomMove,
    UndecryptedEvent,
)
from storage.repositories.base import Repository


class RoomRepository(Repository):
    """What the gateway keeps about rooms: upgrades it followed, events it cannot read yet."""

    async def moves(self) -> dict[str, str]:
        """{old room id: new room id} of every upgrade followed."""
        rows = await self.session.execute(select(RoomMove.old_room_id, RoomMove.new_room_id))
        return {old: new for old, new in rows.all()}

    async def record_move(self, old_room_id: str, new_room_id: str, at: datetime) -> bool:
        """Record an upgrade and move the departments' rooms with it; False if known.

        A room upgraded again (a newer tombstone) points to the newer successor.
        """
        move = await self.session.get(RoomMove, old_room_id)
        if move is not None and move.new_room_id == new_room_id:
            return False
        if move is None:
            self.session.add(
                RoomMove(old_room_id=old_room_id, new_room_id=new_room_id, moved_at=at)
            )
        else:
            move.new_room_id, move.moved_at = new_room_id, at
        departments = await self.session.scalars(
            select(Department).where(Department.room == old_room_id)
        )
        for department in departments:
            department.room = new_room_id
        return True

    async def keep_undecrypted(
        self, event_id: str, room_id: str, sender: str, source: dict[str, Any], at: datetime
    ) -> None:
        """Keep an encrypted event for later (once: a replayed sync changes nothing)."""
        if await self.session.get(UndecryptedEvent, event_id) is None:
            self.session.add(
                UndecryptedEvent(
                    event_id=event_id, room_id=room_id, sender=sender, source=source, received_at=at
                )
            )

    async def undecrypted_from(self, sender: str, room_id: str) -> int:
        """How many events of `sender` in `room_id` are kept undecrypted."""
        query = select(func.count()).where(
            UndecryptedEvent.sender == sender, UndecryptedEvent.room_id == room_id
        )
        return int(await self.session.scalar(query) or 0)

    async def undecrypted(self) -> Sequence[UndecryptedEvent]:
        """The kept encrypted events, oldest first."""
        query = select(UndecryptedEvent).order_by(UndecryptedEvent.received_at)
        return (await self.session.scalars(query)).all()

    async def forget_undecrypted(self, event_id: str) -> None:
        """Drop a kept event (it was decrypted and handled, or given up)."""
        await self.session.execute(
            delete(UndecryptedEvent).where(UndecryptedEvent.event_id == event_id)
        )

    async def mark_notified(self, event_id: str, at: datetime) -> None:
        """Record that the sender was told the bot cannot read the event."""
        row = await self.session.get(UndecryptedEvent, event_id)
        if row is not None:
            row.notified_at = at
