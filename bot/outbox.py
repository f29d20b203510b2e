"""Sending the outbox: queued messages go out oldest first, each with its own transaction id.

Messages are queued in the transaction of the change that caused them, so sending is
the only step left; the deterministic transaction id makes a resend after a crash a
no-op at the homeserver. A message is isolated from the others: a room that is not
synced yet makes only its messages wait; a message refused for good is given up and
reported to its room once (a department's reminder goes to the group room instead);
a room whose server is away waits alone; a failure of the bot's own homeserver (network,
429, 5xx) ends the pass and the sender backs off.

A reply handed over with `queued()` right after its commit goes out without reading
the database again; the database is read when something else was queued (`wake()`),
after a failure, and while messages wait. Rooms are sent to at once, each room's
messages one after another in the order they were queued. What a pass sent is marked
sent in one transaction at its end.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from collections.abc import Coroutine, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

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

T = TypeVar("T")


class RoomAway(Exception):
    """A room's server cannot be reached now; only that room's messages wait."""


class _Outcome(Enum):
    SENT = "sent"
    LATER = "later"  # the room is joined but not synced yet
    REDIRECTED = "redirected"
    GIVEN_UP = "given up"


class Outbox:
    """Sends what the database has queued; `queued()` or `wake()` after queueing, `run()`
    in a task."""

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
        # committed and handed over, not sent yet, in the order they were queued
        self._fresh: list[OutboxMessage] = []
        # whether the database may hold unsent messages that are not in `_fresh`
        self._scan = True
        # set when a message went out, and when a pass ended
        self._went = asyncio.Event()

    def wake(self) -> None:
        """Something was queued in the database: send it soon."""
        self._scan = True
        self._wake.set()

    def queued(self, messages: Sequence[OutboxMessage]) -> None:
        """`messages` were just committed: send them soon, without reading them back."""
        if messages:
            self._fresh.extend(messages)
            self._wake.set()

    def synced(self) -> None:
        """A sync was handled: messages waiting for a room to be synced may go now."""
        if self._scan:
            self._wake.set()

    async def next_sent(self, within: float) -> None:
        """Wait until the next message went out (or the pass ended), at most `within`
        seconds; not at all when nothing is to be sent."""
        if not self._fresh and not self._lock.locked():
            return
        self._went.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._went.wait(), within)

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
            try:
                await asyncio.wait_for(
                    first_of(self._wake.wait(), self._stopping.wait()), timeout=idle
                )
            except TimeoutError:
                self._scan = True  # nobody woke us: look for anything queued after all

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
            try:
                for _ in range(MAX_PASSES):
                    by_room: dict[str, list[OutboxMessage]] = {}
                    for message in await self._pending():
                        by_room.setdefault(message.room_id, []).append(message)
                    sent: list[tuple[int, str]] = []
                    try:
                        redirected = await all_of(
                            [self._send_room(messages, sent) for messages in by_room.values()]
                        )
                    finally:
                        if sent:
                            async with self.database.transaction() as store:
                                await store.outbox.mark_all_sent(sent, datetime.now(UTC))
                    if not any(redirected):
                        break
            except BaseException:
                self._scan = True  # what was handed over and not sent is in the database
                raise
            finally:
                self._went.set()
        if not self._waiting:
            return None
        return max(0.0, min(at for _, at in self._waiting.values()) - loop.time())

    async def _pending(self) -> list[OutboxMessage]:
        """What to send: all that is unsent if the database may hold more than was handed
        over, else what was handed over."""
        if not self._scan:
            pending, self._fresh = self._fresh, []
            return pending
        self._scan = False
        async with self.database.transaction() as store:
            pending = list(await store.outbox.unsent())
        read = {message.id for message in pending}
        # handed over while reading, but committed too late to be read
        self._fresh = [message for message in self._fresh if message.id not in read]
        return pending

    async def _send_room(self, messages: list[OutboxMessage], sent: list[tuple[int, str]]) -> bool:
        """Send one room's messages in order, noting each sent one in `sent`; whether one
        was redirected to another room."""
        loop = asyncio.get_running_loop()
        redirected = False
        for message in messages:
            waiting = self._waiting.get(message.room_id)
            if waiting is not None and waiting[1] > loop.time():
                self._scan = True  # it waits in the database
                continue
            try:
                outcome = await self._deliver(message, sent)
            except RoomAway as error:
                self._wait(message.room_id, error, loop.time())
                self._scan = True
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
        return redirected

    def _wait(self, room: str, error: Exception, now: float) -> None:
        """Let `room` wait (growing backoff) after a send that failed for now."""
        backoff = self._waiting.get(room, (Backoff(self._stopping), now))[0]
        backoff.failures += 1
        delay = backoff.delay(error)
        self._waiting[room] = (backoff, now + delay)
        log.warning("sending to %s failed (%s); retrying in %.1f s", room, error, delay)

    async def _deliver(self, message: OutboxMessage, sent: list[tuple[int, str]]) -> _Outcome:
        """Send one message; a sent one is added to `sent` (marked by the caller)."""
        room_id = await self._room(message.room_id)
        if room_id is None:
            return await self._refused(message, "cannot join or resolve the room", tell=False)
        if room_id not in self.client.rooms:
            self._scan = True  # it waits in the database for the room's first sync
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
        sent.append((message.id, response.event_id))
        self._went.set()
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
        self._scan = True  # the notice, or the redirected message, is in the database
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


async def all_of(coroutines: list[Coroutine[Any, Any, T]]) -> list[T]:
    """Run `coroutines` at once; their results, or the first error (the others cancelled)."""
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def first_of(*waits: Coroutine[Any, Any, Any]) -> None:
    """Wait until the first of `waits` is done; cancel the others."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
