"""Encrypted events the bot cannot decrypt yet: kept, retried, and their senders told.

An event whose room key has not arrived is kept in the database (so a restart loses
none) and tried again after every sync, when keys may have come. If it still cannot
be read after `NOTICE_AFTER`, its sender gets one short notice saying so and what to do.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from nio import AsyncClient, LocalProtocolError, MegolmEvent
from nio.rooms import MatrixRoom

from bot.failures import FatalError
from messages import matrix_content
from messages.matrix_content import NamesIn, no_names_in
from messages.reply import Reply
from messages.texts import render
from services.outbox_queue import undecryptable_txn_id
from storage.db import Database, StorageUnavailable
from storage.models import UndecryptedEvent

log = logging.getLogger(__name__)

NOTICE_AFTER = timedelta(minutes=2)
GIVE_UP_AFTER = timedelta(days=7)
# what one sender may leave waiting in a room; beyond it, nothing more is kept
KEEP_PER_SENDER = 20
# one notice per sender and room in this time, however many messages it could not read
NOTICE_EVERY = timedelta(hours=1)

Handler = Callable[[MatrixRoom, Any], Awaitable[None]]


class Undecryptable:
    """The kept encrypted events of one bot."""

    def __init__(
        self,
        client: AsyncClient,
        database: Database,
        language: str,
        clock: Callable[[], datetime],
        handle: Handler,
        names: NamesIn = no_names_in,
    ) -> None:
        self.client = client
        self.names = names
        self.database = database
        self.language = language
        self.clock = clock
        self.handle = handle
        # whether the database may hold kept events; unknown (True) until first read,
        # so that a sync with nothing kept costs no query
        self._kept = True

    async def keep(self, room: MatrixRoom, event: MegolmEvent) -> None:
        """Keep an event the bot cannot decrypt, and ask the sender's devices for the key.

        Only in encrypted rooms, and at most KEEP_PER_SENDER per sender and room: a
        flood of garbage must not fill the database.
        """
        if not room.encrypted:
            return
        async with self.database.transaction() as store:
            if await store.rooms.undecrypted_from(event.sender, room.room_id) >= KEEP_PER_SENDER:
                log.warning("not keeping %s: too many unreadable events", event.event_id)
                return
            await store.rooms.keep_undecrypted(
                event.event_id, room.room_id, event.sender, event.source, self.clock()
            )
        self._kept = True
        log.info("cannot decrypt %s in %s yet; asking for the key", event.event_id, room.room_id)
        with contextlib.suppress(LocalProtocolError):  # asked before
            await self.client.request_room_key(event)

    async def retry(self) -> bool:
        """Try every kept event again; handle what decrypts, tell senders who waited long.

        Returns whether a notice was queued.
        """
        if not self._kept:
            return False
        async with self.database.transaction() as store:
            kept = await store.rooms.undecrypted()
        self._kept = bool(kept)
        now, noticed = self.clock(), False
        told = {
            (row.room_id, row.sender)
            for row in kept
            if row.notified_at is not None and now - row.notified_at < NOTICE_EVERY
        }
        for row in kept:
            try:
                noticed |= await self._retry_one(row, now, told)
            except (StorageUnavailable, FatalError):
                raise
            except Exception as error:  # one event must not hold up the others
                log.warning("retrying %s failed for now: %s", row.event_id, error)
        return noticed

    async def _retry_one(
        self, row: UndecryptedEvent, now: datetime, told: set[tuple[str, str]]
    ) -> bool:
        """Handle one kept event if it decrypts now; else tell its sender once, or give up."""
        room = self.client.rooms.get(row.room_id)
        decrypted = self._decrypt(row.source, row.room_id)
        if decrypted is not None and room is not None:
            await self.handle(room, decrypted)
        elif now - row.received_at <= GIVE_UP_AFTER:
            if row.notified_at is not None or now - row.received_at < NOTICE_AFTER:
                return False
            async with self.database.transaction() as store:
                if (row.room_id, row.sender) not in told:
                    await store.outbox.enqueue_once(
                        row.room_id,
                        undecryptable_txn_id(row.event_id),
                        "m.room.message",
                        self._notice(row.room_id, row.sender, row.event_id),
                        now,
                    )
                await store.rooms.mark_notified(row.event_id, now)
            told.add((row.room_id, row.sender))
            return True
        else:
            log.warning("gave up on undecryptable event %s in %s", row.event_id, row.room_id)
        async with self.database.transaction() as store:
            await store.rooms.forget_undecrypted(row.event_id)
        return False

    def _decrypt(self, source: dict[str, Any], room_id: str) -> Any:
        event = MegolmEvent.from_dict(source)
        if not isinstance(event, MegolmEvent):
            return None
        event.room_id = room_id
        try:
            return self.client.decrypt_event(event)
        except Exception:  # nio raises several types for a session it lacks
            return None

    def _notice(self, room_id: str, sender: str, event_id: str) -> dict[str, Any]:
        user = matrix_content.pill(sender, self.names(room_id))
        reply = Reply(
            lines=(render(self.language, "undecryptable.notice", user=user),),
            mentions=(sender,),
        )
        return matrix_content.message(reply, in_reply_to=event_id)
