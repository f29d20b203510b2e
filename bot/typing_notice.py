"""The typing notice: the room sees the bot typing while it works on a slow command.

The notice is sent beside the command and never waited for: the command's transaction
must not wait on the homeserver, and a notice that fails changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from nio import AsyncClient

from bot.failures import ok
from commands.context import Working

log = logging.getLogger(__name__)

# how long a notice lasts unless ended (a slow command ends it when done)
TYPING_MS = 30_000


class TypingNotices:
    """Typing notices of the bot's client, one per slow command."""

    def __init__(self, client: AsyncClient) -> None:
        self.client = client
        self._sending: set[asyncio.Task[None]] = set()  # kept, or the loop may drop them

    def in_room(self, room_id: str) -> Working:
        """While entered, the bot is shown typing in `room_id`."""

        @contextlib.asynccontextmanager
        async def typing() -> AsyncIterator[None]:
            done = asyncio.Event()
            notice = asyncio.create_task(self._show(room_id, done))
            self._sending.add(notice)
            notice.add_done_callback(self._sending.discard)
            try:
                yield
            finally:
                done.set()

        return typing

    async def _show(self, room_id: str, done: asyncio.Event) -> None:
        try:
            ok(await self.client.room_typing(room_id, True, TYPING_MS), "typing")
            await done.wait()
            ok(await self.client.room_typing(room_id, False), "typing")
        except Exception as error:
            log.debug("typing notice in %s failed: %s", room_id, error)
