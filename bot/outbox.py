"""Sending the outbox: queued messages go out oldest first, each with its own transaction id.

Messages are queued in the transaction of the change that caused them, so sending is
the only step left; the deterministic transaction id makes a resend after a crash a
no-op at the homeserver. A message is isolated from the others: a room that is not
synced yet makes only its messages wait; a message refused for good is given up and
reported to its room once (a department's reminder goes to the group room instead);
a room whose server is away waits alone; a failure of the bot's own homeserver (network,
429, 5xx) ends the pass and the sender backs off.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from collections.abc import Coroutine
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from nio import AsyncClient, LocalProtocolError, RoomSendResponse

from bot.failures import Backoff, FatalError, MatrixError, is_transient, ok
from bot.metrics import Metrics
from bot.rooms import Rooms
from messages import matrix_content
from messages.reply import Reply
from messages.texts import render
from services.outbox_queue import REFUSED, refused_txn_id, room_problem_txn_id
from storage.db import Database, StorageUnavailable
from storage.models import OutboxMessage

log = logging.getLogger(__name__)

# a redirected message goes out in the next pass over the outbox
MAX_PASSES = 3
# how long the sender sleeps when nobody wakes it (messages of a room not synced yet)
IDLE_S = 30.0


class RoomAway(Exception):
    """A room's server cannot be reached now; only that room's messages wait."""


class _Outcome(Enum):
    SENT = "sent"
    LATER = "later"  # the room is joined but not synced yet
    REDIRECTED = "redirected"
    GIVEN_UP = "given up"


class Outbox:
    """Sends what the database has queued; `wake()` after queueing, `run()` in a task."""

    def __init__(
        self,
        client: AsyncClient,
        database: Database,
        rooms: Rooms,
        language: str,
        stopping: asyncio.Event,
        metrics: Metrics,
    ) -> None:
        self.client = client
        self.metrics = metrics
        self.rooms = rooms
        self.database = database
        self.language = language
        self._stopping = stopping
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._backoff = Backoff(stopping)
        # rooms whose last send failed for now: their backoff and when to try again
        self._waiting: dict[str, tuple[Backoff, float]] = {}
        self._unjoinable: set[str] = set()

    def wake(self) -> None:
        """Something was queued: send it soon."""
        self._wake.set()

    async def run(self) -> None:
        """Send whenever woken (or every IDLE_S), backing off while the homeserver fails."""
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                retry_in = await self.send_pending()
            except FatalError as error:  # the sync loop meets it too and ends the bot
                log.error("sending stopped: %s", error)
                return
            except Exception as error:
                if not is_transient(error):
                    log.exception("sending queued messages failed")
                await self._backoff.failed("sending queued messages", error)
                continue
            self._backoff.succeeded()
            idle = IDLE_S if retry_in is None else min(IDLE_S, retry_in)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    first_of(self._wake.wait(), self._stopping.wait()), timeout=idle
                )

    async def send_pending(self) -> float | None:
        """One pass over the outbox (more if messages were redirected).

        A room whose server cannot be reached now waits with its own backoff, and its
        later messages wait behind it; the other rooms go on. Returns in how many
        seconds a waiting room may be tried again (None: none waits).

        Raises:
            StorageUnavailable, MatrixError …: the database or the bot's own homeserver
            fails for now (network, 429, 5xx); what was not sent stays queued.
        """
        loop = asyncio.get_running_loop()
        async with self._lock:
            for _ in range(MAX_PASSES):
                async with self.database.transaction() as store:
                    pending = await store.outbox.unsent()
                redirected = False
                for message in pending:
                    waiting = self._waiting.get(message.room_id)
                    if waiting is not None and waiting[1] > loop.time():
                        continue
                    try:
                        outcome = await self._deliver(message)
                    except RoomAway as error:
                        self._wait(message.room_id, error, loop.time())
                        continue
                    except (StorageUnavailable, FatalError):
                        raise
                    except Exception as error:
                        if is_transient(error):
                            raise  # our homeserver: the whole pass waits

                        # a fault of ours must not block the queue behind this message
                        log.exception("sending %s failed", message.txn_id)
                        outcome = await self._refused(message, type(error).__name__)
                    self._waiting.pop(message.room_id, None)
                    # a message went through: failures before it no longer count in a row
                    self._backoff.succeeded()
                    redirected = redirected or outcome is _Outcome.REDIRECTED
                if not redirected:
                    break
        if not self._waiting:
            return None
        return max(0.0, min(at for _, at in self._waiting.values()) - loop.time())

    def _wait(self, room: str, error: Exception, now: float) -> None:
        """Let `room` wait (growing backoff) after a send that failed for now."""
        backoff = self._waiting.get(room, (Backoff(self._stopping), now))[0]
        backoff.failures += 1
        delay = backoff.delay(error)
        self._waiting[room] = (backoff, now + delay)
        log.warning("sending to %s failed (%s); retrying in %.1f s", room, error, delay)

    async def _deliver(self, message: OutboxMessage) -> _Outcome:
        room_id = await self._room(message.room_id)
        if room_id is None:
            return await self._refused(message, "cannot join or resolve the room", tell=False)
        if room_id not in self.client.rooms:
            return _Outcome.LATER
        try:
            content = message.content
            if message.attachment is not None:
                content = await self._with_upload(room_id, message)
            response = ok(
                await self.client.room_send(
                    room_id,
                    message.event_type,
                    content,
                    tx_id=message.txn_id,
                    ignore_unverified_devices=True,
                ),
                f"sending {message.txn_id}",
            )
        except LocalProtocolError as error:  # nio refused before sending
            return await self._refused(message, str(error))
        except MatrixError as error:
            if error.transient:
                raise
            return await self._refused(message, str(error))
        assert isinstance(response, RoomSendResponse)
        async with self.database.transaction() as store:
            await store.outbox.mark_sent(message.id, response.event_id, datetime.now(UTC))
        self.metrics.sent(message.txn_id)
        return _Outcome.SENT

    async def _room(self, target: str) -> str | None:
        """The id of a room we can send to, joining it if needed; None if we never can.

        A room that was upgraded is its successor.

        Raises:
            RoomAway: the room's server cannot be reached now (only this room waits).
        """
        try:
            if self.rooms.resolved(target).startswith("#"):
                await self.rooms.resolve(target)
            room_id = self.rooms.resolved(target)
            if room_id in self.client.rooms:
                return room_id
            if room_id in self._unjoinable:
                return None
            await self.rooms.join(room_id)
        except MatrixError as error:
            if error.transient:
                raise RoomAway(str(error)) from error
            self._unjoinable.add(self.rooms.resolved(target))
            return None
        return room_id  # joined now; the next sync brings the room

    async def _with_upload(self, room_id: str, message: OutboxMessage) -> dict[str, Any]:
        """Upload the message's file (encrypted in an encrypted room); the content with it."""
        assert message.attachment is not None
        content = message.content
        response, keys = await self.client.upload(
            io.BytesIO(message.attachment),
            content_type=content["info"]["mimetype"],
            filename=content["body"],
            encrypt=self.client.rooms[room_id].encrypted,
            filesize=len(message.attachment),
        )
        uri = ok(response, f"uploading {content['body']}").content_uri
        return matrix_content.with_upload(content, uri, keys)

    async def _refused(self, message: OutboxMessage, reason: str, tell: bool = True) -> _Outcome:
        """Redirect to the fallback room (telling it once), or give up and tell the room.

        A room the bot cannot reach at all (`tell=False`) is not told.
        """
        now = datetime.now(UTC)
        async with self.database.transaction() as store:
            if message.fallback_room_id is not None:
                log.warning(
                    "cannot send %s to %s (%s); sending it to %s",
                    message.txn_id,
                    message.room_id,
                    reason,
                    message.fallback_room_id,
                )
                await store.outbox.redirect(message.id, message.fallback_room_id)
                await store.outbox.enqueue_once(
                    message.fallback_room_id,
                    room_problem_txn_id(message.room_id),
                    "m.room.message",
                    _notice(self.language, "outbox.room_problem", room=message.room_id),
                    now,
                )
                return _Outcome.REDIRECTED
            log.error(
                "cannot send %s to %s (%s); given up", message.txn_id, message.room_id, reason
            )
            await store.outbox.mark_sent(message.id, None, now)
            if tell and not message.txn_id.startswith(REFUSED):
                key = "outbox.refused_file" if message.attachment else "outbox.refused_message"
                name = message.content.get("body")
                notice = _notice(self.language, key, name=name, reason=reason)
                notice |= matrix_content.reply_relation_of(message.content)
                await store.outbox.enqueue_once(
                    message.room_id, refused_txn_id(message.txn_id), "m.room.message", notice, now
                )
        return _Outcome.GIVEN_UP


def _notice(language: str, key: str, **values: Any) -> dict[str, Any]:
    return matrix_content.message(Reply(lines=(render(language, key, **values),)))


async def first_of(*waits: Coroutine[Any, Any, Any]) -> None:
    """Wait until the first of `waits` is done; cancel the others."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
