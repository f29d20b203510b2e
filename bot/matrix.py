"""The Matrix gateway: the only module that talks to the homeserver for the rooms.

Logs in (reusing one device and its E2EE keys across restarts), joins the configured
rooms, answers invites, runs the sync loop and hands each room event to the
dispatcher as a plain value; `bot.outbox` sends what was queued.

Failures delay, never lose: each event is handled inside its own boundary (an event
the bot cannot understand is skipped for good, logged once), and a failure of the
homeserver or the database raises out of the batch *before* the sync position is
stored, so the whole batch is tried again after a backoff. Events already handled
are no-ops the second time (their ids are recorded with their changes), which is also
why the position is stored at most every STORE_TOKEN_EVERY_S: a crash replays only
those seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Sequence
from typing import Any

from nio import (
    MegolmEvent,
    MessageDirection,
    RoomGetEventResponse,
    RoomMemberEvent,
    RoomMessagesResponse,
    SyncResponse,
)
from nio.rooms import MatrixRoom

from bot import events
from bot.config import Config
from bot.device import Device
from bot.dispatch import Dispatcher, command_text
from bot.events import Incoming, IncomingFile, IncomingReaction, IncomingRedaction
from bot.failures import (
    REFUSALS,
    Backoff,
    FatalError,
    MatrixError,
    SessionLost,
    is_transient,
    ok,
    retry,
)
from bot.metrics import Metrics
from bot.outbox import Outbox
from bot.rooms import Rooms
from bot.typing_notice import TypingNotices
from bot.undecryptable import Undecryptable
from bot.uploads import Uploads
from storage.db import Database

log = logging.getLogger(__name__)

SYNC_TIMEOUT_MS = 30_000
# typing notices, read receipts and presence are of no use to the bot, and each would
# end a long poll (and cost a sync) on its own
SYNC_FILTER = {
    "presence": {"not_types": ["*"]},
    "room": {"timeline": {"limit": 50}, "ephemeral": {"not_types": ["*"]}},
}
GAP_PAGE = 100
# how long the next sync waits at most for a reply to the last one to go out
REPLY_WAIT_S = 0.5
# how often the sync position is stored at most: each event is claimed in its own
# transaction, so after a crash the few seconds since are synced again as no-ops, and
# a burst of commands does not pay one more transaction per sync
STORE_TOKEN_EVERY_S = 2.0


class Gateway:
    """One logged-in Matrix client serving the configured rooms."""

    def __init__(
        self,
        config: Config,
        database: Database,
        dispatcher: Dispatcher,
        device: Device,
        stopping: asyncio.Event,
        metrics: Metrics | None = None,
    ) -> None:
        self.config = config
        self.metrics = metrics if metrics is not None else Metrics()
        self.database = database
        self.dispatcher = dispatcher
        self.device = device
        self.client = device.client
        self._stopping = stopping
        self.rooms = Rooms(self.client, config, database)
        language = config.bot.language
        self.outbox = Outbox(self.client, database, self.rooms, language, stopping, self.metrics)
        dispatcher.on_queued = self.outbox.queued
        dispatcher.names = self.rooms.names_in
        self.typing = TypingNotices(self.client)
        self.uploads = Uploads(self.client, database, dispatcher, self.rooms)
        dispatcher.working_in = self.typing.in_room
        # set after the first sync: the rooms, their members and names are known
        self.ready = asyncio.Event()
        self.undecryptable = Undecryptable(
            self.client,
            database,
            language,
            dispatcher.clock,
            self._handle_event,
            self.rooms.names_in,
        )

    @property
    def user_id(self) -> str:
        """The bot's own Matrix id."""
        return self.config.matrix.user_id

    @property
    def stopping(self) -> bool:
        """Whether `stop()` was called."""
        return self._stopping.is_set()

    async def join_configured_rooms(self) -> None:
        """Join every configured room (or its successor); a room that refuses is logged."""
        await retry("reading the rooms' upgrades", self.rooms.load, self._stopping)
        for room in self.config.bot.rooms:
            target = self.rooms.resolved(room)
            try:  # once: a room whose server is away must not keep the others waiting
                self.rooms.remember(room, await self.rooms.join(target))
            except REFUSALS as error:
                log.error("cannot join %s now (%s); an invite to it will be accepted", room, error)

    async def run(self) -> None:
        """Sync until stopped; the homeserver or the database failing only delays it."""
        sender = asyncio.create_task(self.outbox.run())
        try:
            await self._sync_loop()
        finally:
            self._stopping.set()
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender

    async def _sync_loop(self) -> None:
        token = await retry("reading the sync position", self._stored_token, self._stopping)
        stored, stored_at = token, -STORE_TOKEN_EVERY_S
        full_state, announced = True, False
        backoff = Backoff(self._stopping)
        loop = asyncio.get_running_loop()
        try:
            while not self.stopping:
                try:
                    response = await self._sync_unless_stopped(
                        timeout=0 if full_state else SYNC_TIMEOUT_MS,
                        since=token,
                        full_state=full_state,
                        sync_filter=SYNC_FILTER,
                    )
                    if response is None:
                        break
                    ok(response, "sync")
                    await self._handle_sync(response, since=token)
                except Exception as error:
                    await self._after_failure("sync", error, backoff)
                    continue
                token, full_state = response.next_batch, False
                if loop.time() - stored_at >= STORE_TOKEN_EVERY_S:
                    try:
                        await self._store_token(token)
                        stored, stored_at = token, loop.time()
                    except Exception as error:  # stored with a later sync
                        await self._after_failure("storing the sync position", error, backoff)
                backoff.succeeded()
                self.metrics.synced()
                self.outbox.synced()
                if not announced:
                    log.info(
                        "ready: listening in %d rooms as %s", len(self.client.rooms), self.user_id
                    )
                    announced = True
                    self.ready.set()
                try:
                    await self._keep_keys()
                    if await self.undecryptable.retry():
                        self.outbox.wake()
                except Exception as error:
                    await self._after_failure("key maintenance", error, backoff)
                # answer before listening again, as a plain client does: a sync request sent
                # while the first reply goes out has the homeserver work on both, the reply
                # later
                await self.outbox.next_sent(within=REPLY_WAIT_S)
        finally:
            if token != stored:  # else a restart syncs these seconds again, as no-ops
                with contextlib.suppress(Exception):
                    await self._store_token(token)

    async def _store_token(self, token: str | None) -> None:
        """Record that everything up to `token` is handled."""
        assert token is not None
        async with self.database.transaction() as store:
            await store.events.set_sync_token(token)

    async def _after_failure(self, what: str, error: Exception, backoff: Backoff) -> None:
        """A step of the loop failed: a lost session ends the bot, anything else waits."""
        if isinstance(error, SessionLost):
            raise FatalError(self.device.refusal(error)) from None
        if not is_transient(error):
            log.exception("%s failed", what)
        await backoff.failed(what, error)

    async def _stored_token(self) -> str | None:
        async with self.database.transaction() as store:
            return await store.events.sync_token()

    async def _sync_unless_stopped(self, **kwargs: Any) -> Any:
        """One sync request, abandoned (None) when the bot is stopped while it waits.

        Abandoning is safe: the token of an unfinished sync is never stored.
        """
        sync = asyncio.ensure_future(self.client.sync(**kwargs))
        stopping = asyncio.ensure_future(self._stopping.wait())
        await asyncio.wait((sync, stopping), return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not sync.done():
            sync.cancel()
            return None
        return sync.result()

    async def close(self) -> None:
        """Close the HTTP session (the device stays logged in for the next start)."""
        await self.client.close()

    async def _handle_sync(self, response: SyncResponse, *, since: str | None) -> None:
        """Handle what one sync brought; `since` is the token it continued from.

        Raises:
            a transient failure: the batch must be handled again (nothing was lost).
        """
        for room_id, info in response.rooms.invite.items():
            await self.rooms.answer_invite(room_id, info.invite_state, self.dispatcher.settings)
        for room_id, info in response.rooms.join.items():
            for event in (*info.state, *info.timeline.events):
                successor = events.successor(getattr(event, "source", None))
                if successor is not None and successor != room_id:
                    await self.rooms.follow_upgrade(room_id, successor)
            room = self.client.rooms.get(room_id)
            if room is None:
                continue
            timeline = list(info.timeline.events)
            if info.timeline.limited and since is not None:
                timeline = await self._gap(room_id, info.timeline.prev_batch, since) + timeline
            for event in self._new_events(timeline, skip_history=since is None):
                await self._handle_event(room, event)

    async def _gap(self, room_id: str, start: str, since: str) -> list[Any]:
        """The events a limited sync left out, between `since` and `start`, oldest first.

        After a long downtime a sync returns only the newest events of a room; the
        commands posted before them are fetched here, so none is lost. A transient
        failure raises (the batch is retried); a refusal for good loses the gap, logged.
        """
        missed: list[Any] = []
        cursor: str | None = start
        while cursor:
            try:
                page = ok(
                    await self.client.room_messages(
                        room_id,
                        start=cursor,
                        end=since,
                        direction=MessageDirection.back,
                        limit=GAP_PAGE,
                    ),
                    f"messages of {room_id}",
                )
            except MatrixError as error:
                if error.transient:
                    raise
                log.error("cannot fetch the events missed in %s: %s", room_id, error)
                break
            assert isinstance(page, RoomMessagesResponse)
            missed.extend(page.chunk)
            cursor = page.end if page.chunk and page.end != cursor else None
        log.info("fetched %d events missed in %s", len(missed), room_id)
        return missed[::-1]

    def _new_events(self, timeline: Sequence[Any], skip_history: bool) -> Sequence[Any]:
        """The events after the bot's own join, if it joined within them.

        Events from before the bot joined a room are history, not commands to it. On
        the very first sync, a room without the join in view is all history.
        """
        for index in range(len(timeline) - 1, -1, -1):
            event = timeline[index]
            if (
                isinstance(event, RoomMemberEvent)
                and event.state_key == self.user_id
                and event.membership == "join"
                and event.prev_membership != "join"
            ):
                return timeline[index + 1 :]
        return () if skip_history else timeline

    async def _handle_event(self, room: MatrixRoom, event: Any) -> None:
        """Hand one event to the dispatcher; skip it for good if it cannot be understood.

        Raises:
            a transient failure: nothing was recorded; the event is handled again later.
        """
        event_id = getattr(event, "event_id", None)
        try:
            if isinstance(event, MegolmEvent):
                self.metrics.undecryptable.inc()
                await self.undecryptable.keep(room, event)
                return
            incoming = await self._incoming(room, event)
            if incoming is None:
                return
            if isinstance(incoming, IncomingRedaction):
                await self.dispatcher.handle_redaction(incoming)
            elif isinstance(incoming, IncomingReaction):
                await self.dispatcher.handle_reaction(incoming)
            elif isinstance(incoming, IncomingFile):
                await self.uploads.handle(incoming)
            else:
                await self.dispatcher.handle(incoming)
        except Exception as error:
            if is_transient(error) or isinstance(error, FatalError):
                raise  # not the event's fault: it is handled again later
            await self._skip(room.room_id, event_id, error)

    async def _skip(self, room_id: str, event_id: Any, error: Exception) -> None:
        """Record an event the bot cannot handle, so that no restart replays it."""
        if not isinstance(event_id, str):
            log.warning("skipped an event without id in %s: %s", room_id, error)
            return
        async with self.database.transaction() as store:
            if not await store.events.claim(event_id, room_id, self.dispatcher.clock()):
                return
        log.warning(
            "skipped event %s in %s for good: %s: %s",
            event_id,
            room_id,
            type(error).__name__,
            error,
            exc_info=error,
        )

    async def _incoming(self, room: MatrixRoom, event: Any) -> Incoming | None:
        """The plain value the dispatcher takes for a room event; None for anything else."""
        incoming = events.parse(getattr(event, "source", None), room.room_id)
        if incoming is None or incoming.sender == self.user_id:
            return None
        if isinstance(incoming, IncomingReaction):
            return incoming
        power = await self.rooms.group_power(incoming.sender)
        if isinstance(incoming, IncomingRedaction):
            return dataclasses.replace(incoming, group_power=power)
        is_member = incoming.sender in room.users
        if isinstance(incoming, IncomingFile):
            return dataclasses.replace(incoming, group_power=power, is_member=is_member)
        original = None
        if incoming.replaces is not None:
            if command_text(incoming.body) is None:
                return None  # an edited chat message: nothing to ask the homeserver
            original = await self._sender_of(room.room_id, incoming.replaces)
        return dataclasses.replace(
            incoming,
            group_power=power,
            is_member=is_member,
            original_sender=original,
        )

    async def _sender_of(self, room_id: str, event_id: str) -> str | None:
        """Who sent `event_id`: recorded by the bot, or else asked of the homeserver."""
        async with self.database.transaction() as store:
            known = await store.events.sender_of(event_id, room_id)
        if known is not None:
            return known
        try:
            response = ok(await self.client.room_get_event(room_id, event_id), "get event")
        except MatrixError as error:
            if error.transient:
                raise
            return None  # unknown or not visible: nobody's edit counts
        assert isinstance(response, RoomGetEventResponse)
        sender = getattr(response.event, "sender", None)
        return sender if isinstance(sender, str) else None

    async def _keep_keys(self) -> None:
        """Upload, query and claim E2EE keys and send queued to-device messages."""
        client = self.client
        if client.should_upload_keys:
            ok(await client.keys_upload(), "keys upload")
        if client.should_query_keys:
            ok(await client.keys_query(), "keys query")
        if client.should_claim_keys:
            ok(await client.keys_claim(client.get_users_for_key_claiming()), "keys claim")
        await client.send_to_device_messages()
