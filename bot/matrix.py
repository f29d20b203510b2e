"""The Matrix gateway: the only module that speaks nio.

Logs in (reusing one device and its E2EE keys across restarts), joins the configured
rooms, answers invites, runs the sync loop with backoff, turns room events into
`IncomingMessage`s for the dispatcher, and sends queued messages from the outbox.
The sync token is stored only after the events of a sync were handled, so a crash
replays them (and the processed-event record makes the replay a no-op).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import random
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

import aiohttp
from nio import (
    AsyncClient,
    AsyncClientConfig,
    ErrorResponse,
    InviteMemberEvent,
    JoinResponse,
    LocalProtocolError,
    LoginResponse,
    MegolmEvent,
    MessageDirection,
    ReactionEvent,
    RedactionEvent,
    RoomMemberEvent,
    RoomMessagesResponse,
    RoomMessageText,
    RoomResolveAliasResponse,
    RoomSendResponse,
    SyncResponse,
    WhoamiResponse,
)
from nio.rooms import MatrixRoom

from bot.config import Config
from bot.dispatch import Dispatcher, IncomingMessage, IncomingReaction, IncomingRedaction
from commands.reminders import room_problem_content, room_problem_txn_id
from storage.db import Database
from storage.models import OutboxMessage

log = logging.getLogger(__name__)
T = TypeVar("T")
Incoming = IncomingMessage | IncomingRedaction | IncomingReaction

SYNC_TIMEOUT_MS = 30_000
MAX_BACKOFF_S = 60.0
SYNC_TOKEN = "sync_token"
SYNC_FILTER = {"room": {"timeline": {"limit": 50}}}
GAP_PAGE = 100
# a redirected message goes out in the next pass over the outbox
MAX_OUTBOX_PASSES = 3
# how long an undecryptable event waits for its room key before it is given up
KEY_WAIT_S = 600.0


class MatrixError(Exception):
    """The homeserver refused a request; carries the Matrix error code if there is one."""

    def __init__(self, what: str, response: Any) -> None:
        self.code = getattr(response, "status_code", None)
        super().__init__(f"{what}: {getattr(response, 'message', response)} ({self.code})")


def _ok(response: T | ErrorResponse, what: str) -> T:
    """Return a successful nio response, raise `MatrixError` for an error response."""
    if isinstance(response, ErrorResponse):
        raise MatrixError(what, response)
    return response


class Gateway:
    """One logged-in Matrix client serving the configured rooms."""

    def __init__(self, config: Config, database: Database, dispatcher: Dispatcher) -> None:
        self.config = config
        self.database = database
        self.dispatcher = dispatcher
        data_dir = config.bot.data_dir
        self.credentials_file = data_dir / "credentials.json"
        self.client = AsyncClient(
            config.matrix.homeserver,
            config.matrix.user_id,
            store_path=str(data_dir),
            # nio would retry a lost connection forever inside one request; we let it try
            # twice and do the backing off in our loop, where a stop can interrupt it
            config=AsyncClientConfig(
                encryption_enabled=True,
                store_sync_tokens=False,
                max_timeouts=2,
                max_limit_exceeded=5,
            ),
        )
        self.room_ids: dict[str, str] = {}  # configured id or alias → room id
        self.ready = asyncio.Event()
        self._stopping = asyncio.Event()
        self._undecrypted: list[tuple[float, str, MegolmEvent]] = []
        self._send_lock = asyncio.Lock()
        self._unjoinable: set[str] = set()

    @property
    def user_id(self) -> str:
        """The bot's own Matrix id."""
        return self.config.matrix.user_id

    async def login(self) -> None:
        """Log in, reusing the stored device (and so its encryption keys) when there is one."""
        self.config.bot.data_dir.mkdir(parents=True, exist_ok=True)
        stored = self._stored_credentials()
        matrix = self.config.matrix
        if stored is not None:
            self.client.restore_login(matrix.user_id, stored["device_id"], stored["access_token"])
            log.info("reusing device %s", stored["device_id"])
            return
        if matrix.access_token:
            self.client.access_token = matrix.access_token
            who = _ok(await self.client.whoami(), "whoami")
            assert isinstance(who, WhoamiResponse)
            self.client.restore_login(matrix.user_id, who.device_id, matrix.access_token)
            device_id = who.device_id
        else:
            response = _ok(
                await self.client.login(matrix.password, device_name=matrix.device_name), "login"
            )
            assert isinstance(response, LoginResponse)
            device_id = response.device_id
        self._store_credentials(device_id, self.client.access_token)
        log.info("logged in as %s, new device %s", matrix.user_id, device_id)

    def _stored_credentials(self) -> dict[str, str] | None:
        try:
            data = json.loads(self.credentials_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        same = (data.get("homeserver"), data.get("user_id")) == (
            self.config.matrix.homeserver,
            self.config.matrix.user_id,
        )
        return data if same else None

    def _store_credentials(self, device_id: str, access_token: str) -> None:
        data = {
            "homeserver": self.config.matrix.homeserver,
            "user_id": self.user_id,
            "device_id": device_id,
            "access_token": access_token,
        }
        tmp = self.credentials_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(self.credentials_file)

    async def join_configured_rooms(self) -> None:
        """Join every configured room (aliases resolved); a room that fails is logged."""
        for room in self.config.bot.rooms:
            try:
                joined = _ok(await self.client.join(room), f"join {room}")
            except MatrixError as exc:
                log.error("cannot join %s: %s", room, exc)
                continue
            assert isinstance(joined, JoinResponse)
            self.room_ids[room] = joined.room_id

    async def run(self) -> None:
        """Sync until `stop()`; the homeserver being away only delays, never ends, the loop."""
        async with self.database.transaction() as store:
            token = await store.events.state(SYNC_TOKEN)
        full_state = True
        failures = 0
        while not self._stopping.is_set():
            try:
                response = await self._sync_unless_stopped(
                    timeout=0 if full_state else SYNC_TIMEOUT_MS,
                    since=token,
                    full_state=full_state,
                    sync_filter=SYNC_FILTER,
                )
                if response is None:
                    break
                if not isinstance(response, SyncResponse):
                    raise MatrixError("sync", response)
            except (MatrixError, aiohttp.ClientError, OSError, TimeoutError) as exc:
                failures += 1
                delay = min(MAX_BACKOFF_S, 2.0 ** min(failures, 6)) * random.uniform(0.5, 1.0)
                log.warning("sync failed (%s); retrying in %.1f s", exc, delay)
                await self._sleep(delay)
                continue
            failures = 0
            await self._after_sync(response, since=token)
            token, full_state = response.next_batch, False
            async with self.database.transaction() as store:
                await store.events.set_state(SYNC_TOKEN, token)
            if not self.ready.is_set():
                log.info("ready: listening in %d rooms as %s", len(self.client.rooms), self.user_id)
                self.ready.set()

    async def _sync_unless_stopped(self, **kwargs: Any) -> Any:
        """One sync request, abandoned (None) when `stop()` is called while it waits.

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

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    def stop(self) -> None:
        """Ask the sync loop to end after the sync under way."""
        self._stopping.set()

    async def close(self) -> None:
        """Close the HTTP session (the device stays logged in for the next start)."""
        await self.client.close()

    async def _after_sync(self, response: SyncResponse, *, since: str | None) -> None:
        """Handle what one sync brought; `since` is the token it continued from."""
        await self._keep_keys()
        for room_id, info in response.rooms.invite.items():
            await self._answer_invite(room_id, info.invite_state)
        for room_id, info in response.rooms.join.items():
            room = self.client.rooms.get(room_id)
            if room is None:
                continue
            events = list(info.timeline.events)
            if info.timeline.limited and since is not None:
                events = await self._gap(room_id, info.timeline.prev_batch, since) + events
            for event in self._new_events(events, skip_history=since is None):
                await self._handle_event(room, event)
        await self._retry_undecrypted()
        await self.send_outbox()

    async def _gap(self, room_id: str, start: str, since: str) -> list[Any]:
        """The events a limited sync left out, between `since` and `start`, oldest first.

        After a long downtime a sync returns only the newest events of a room; the
        commands posted before them are fetched here, so none is lost.
        """
        missed: list[Any] = []
        cursor: str | None = start
        while cursor:
            page = _ok(
                await self.client.room_messages(
                    room_id,
                    start=cursor,
                    end=since,
                    direction=MessageDirection.back,
                    limit=GAP_PAGE,
                ),
                f"messages of {room_id}",
            )
            assert isinstance(page, RoomMessagesResponse)
            missed.extend(page.chunk)
            cursor = page.end if page.chunk and page.end != cursor else None
        log.info("fetched %d events missed in %s", len(missed), room_id)
        return missed[::-1]

    def _new_events(self, events: Sequence[Any], skip_history: bool) -> Sequence[Any]:
        """The events after the bot's own join, if it joined within them.

        Events from before the bot joined a room are history, not commands to it. On
        the very first sync, a room without the join in view is all history.
        """
        for index in range(len(events) - 1, -1, -1):
            event = events[index]
            if (
                isinstance(event, RoomMemberEvent)
                and event.state_key == self.user_id
                and event.membership == "join"
                and event.prev_membership != "join"
            ):
                return events[index + 1 :]
        return () if skip_history else events

    async def _handle_event(self, room: MatrixRoom, event: Any) -> None:
        if isinstance(event, MegolmEvent):
            log.info(
                "cannot decrypt %s in %s yet; asking for the key", event.event_id, room.room_id
            )
            self._undecrypted.append((asyncio.get_running_loop().time(), room.room_id, event))
            with contextlib.suppress(LocalProtocolError):  # already requested
                await self.client.request_room_key(event)
            return
        incoming = self._incoming(room, event)
        if incoming is None:
            return
        try:
            if isinstance(incoming, IncomingRedaction):
                await self.dispatcher.handle_redaction(incoming)
            elif isinstance(incoming, IncomingReaction):
                await self.dispatcher.handle_reaction(incoming)
            else:
                await self.dispatcher.handle(incoming)
        except Exception:
            # the dispatcher has its own boundary; this catches database failures, so
            # one broken event cannot end the sync loop (nor is it marked processed)
            log.exception("could not handle %s in %s", event.event_id, room.room_id)

    def _incoming(self, room: MatrixRoom, event: Any) -> Incoming | None:
        """The plain value the dispatcher takes for a room event; None for anything else."""
        if getattr(event, "sender", self.user_id) == self.user_id:
            return None
        power = room.power_levels.get_user_level(event.sender)
        if isinstance(event, ReactionEvent):
            return IncomingReaction(
                room.room_id, event.event_id, event.sender, event.reacts_to, event.key
            )
        if isinstance(event, RedactionEvent):
            return IncomingRedaction(
                room.room_id, event.event_id, event.sender, event.redacts, power
            )
        if not isinstance(event, RoomMessageText):  # notices (bots) and other types
            return None
        content = event.source.get("content", {})
        relation = content.get("m.relates_to") or {}
        replaces, body = None, event.body
        if relation.get("rel_type") == "m.replace":
            # an edit: the new text is in m.new_content, the original holds the record
            replaces = relation.get("event_id")
            body = (content.get("m.new_content") or {}).get("body", "")
        return IncomingMessage(
            room_id=room.room_id,
            event_id=event.event_id,
            sender=event.sender,
            body=body,
            thread_root=relation.get("event_id")
            if relation.get("rel_type") == "m.thread"
            else None,
            power_level=power,
            is_member=event.sender in room.users,
            replaces=replaces,
        )

    async def _retry_undecrypted(self) -> None:
        now = asyncio.get_running_loop().time()
        waiting, self._undecrypted = self._undecrypted, []
        for since, room_id, event in waiting:
            room = self.client.rooms.get(room_id)
            try:
                decrypted = self.client.decrypt_event(event)
            except Exception:  # nio raises several types for a missing session
                decrypted = None
            if decrypted is not None and room is not None:
                await self._handle_event(room, decrypted)
            elif now - since < KEY_WAIT_S:
                self._undecrypted.append((since, room_id, event))
            else:
                log.warning("gave up on undecryptable event %s in %s", event.event_id, room_id)

    async def _answer_invite(self, room_id: str, invite_state: Sequence[Any]) -> None:
        """Join configured rooms, and any room a coordinator invites to; decline the rest."""
        inviter = next(
            (
                e.sender
                for e in invite_state
                if isinstance(e, InviteMemberEvent)
                and e.state_key == self.user_id
                and e.membership == "invite"
            ),
            None,
        )
        aliases = {
            e.source.get("content", {}).get("alias")
            for e in invite_state
            if getattr(e, "source", {}).get("type") == "m.room.canonical_alias"
        }
        configured = set(self.config.bot.rooms)
        wanted = room_id in configured or bool(aliases & configured)
        if wanted or inviter in self.config.bot.coordinators:
            log.info("accepting invite to %s from %s", room_id, inviter)
            try:
                _ok(await self.client.join(room_id), f"join {room_id}")
            except MatrixError as exc:
                log.error("cannot join %s: %s", room_id, exc)
        else:
            log.info("declining invite to %s from %s", room_id, inviter)
            await self.client.room_leave(room_id)

    async def _keep_keys(self) -> None:
        """Upload, query and claim E2EE keys and send queued to-device messages."""
        client = self.client
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        await client.send_to_device_messages()

    async def send_outbox(self) -> None:
        """Send every queued message, oldest first, each with its own transaction id.

        A message whose room is not ready yet waits for a later pass; one whose room
        cannot be posted to goes to its fallback room (the group room), and the group
        is told once; a lost connection ends the pass.
        """
        async with self._send_lock:
            for _ in range(MAX_OUTBOX_PASSES):
                async with self.database.transaction() as store:
                    pending = await store.events.unsent()
                outcomes = []
                for message in pending:
                    outcome = await self._deliver(message)
                    if outcome is _Outcome.STOP:
                        return
                    outcomes.append(outcome)
                if _Outcome.REDIRECTED not in outcomes:
                    return

    async def _deliver(self, message: OutboxMessage) -> _Outcome:
        room_id = await self._sendable_room(message.room_id)
        if room_id is None:
            return await self._undeliverable(message, "cannot join or resolve the room")
        if room_id not in self.client.rooms:
            return _Outcome.LATER  # just joined: the next sync brings the room
        content = message.content
        try:
            if message.attachment is not None:
                content = await self._with_upload(room_id, message)
            response = await self.client.room_send(
                room_id,
                message.event_type,
                content,
                tx_id=message.txn_id,
                ignore_unverified_devices=True,
            )
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            log.warning("sending %s failed (%s); will retry", message.txn_id, exc)
            return _Outcome.STOP
        except LocalProtocolError as exc:
            return await self._undeliverable(message, str(exc))
        except MatrixError as exc:  # the upload was refused; try again on the next pass
            log.warning("uploading for %s failed (%s); will retry", message.txn_id, exc)
            return _Outcome.LATER
        if isinstance(response, RoomSendResponse):
            async with self.database.transaction() as store:
                await store.events.mark_sent(message.id, response.event_id, datetime.now(UTC))
            return _Outcome.SENT
        if _transient(response):
            log.warning("sending %s failed (%s); will retry", message.txn_id, response.message)
            return _Outcome.LATER
        return await self._undeliverable(message, response.message)

    async def _with_upload(self, room_id: str, message: OutboxMessage) -> dict[str, Any]:
        """Upload the message's file (encrypted in an encrypted room); the content with it."""
        assert message.attachment is not None
        content = dict(message.content)
        encrypted = self.client.rooms[room_id].encrypted
        response, keys = await self.client.upload(
            io.BytesIO(message.attachment),
            content_type=content["info"]["mimetype"],
            filename=content["body"],
            encrypt=encrypted,
            filesize=len(message.attachment),
        )
        uri = _ok(response, f"upload of {content['body']}").content_uri
        if keys:
            content["file"] = {"url": uri, "mimetype": content["info"]["mimetype"], **keys}
        else:
            content["url"] = uri
        return content

    async def _sendable_room(self, target: str) -> str | None:
        """The id of a room we can send to: configured, resolved alias, or joined now."""
        room_id = self.room_ids.get(target, target)
        if room_id.startswith("#"):
            resolved = await self.client.room_resolve_alias(room_id)
            if not isinstance(resolved, RoomResolveAliasResponse):
                return None
            room_id = self.room_ids[target] = resolved.room_id
        if room_id in self.client.rooms:
            return room_id
        if room_id in self._unjoinable:
            return None
        if isinstance(await self.client.join(room_id), ErrorResponse):
            self._unjoinable.add(room_id)
            return None
        return room_id  # joined now; the next sync brings the room

    async def _undeliverable(self, message: OutboxMessage, reason: str) -> _Outcome:
        """Redirect to the fallback room (telling the group once), or give the message up."""
        now = datetime.now(UTC)
        async with self.database.transaction() as store:
            if message.fallback_room_id is None:
                log.error(
                    "cannot send %s to %s (%s); dropped", message.txn_id, message.room_id, reason
                )
                await store.events.mark_sent(message.id, None, now)
                return _Outcome.DROPPED
            log.warning(
                "cannot send %s to %s (%s); sending it to %s",
                message.txn_id,
                message.room_id,
                reason,
                message.fallback_room_id,
            )
            await store.events.redirect(message.id, message.fallback_room_id)
            reported = f"room_problem:{message.room_id}"
            if await store.events.state(reported) is None:  # tell the group once per room
                await store.events.set_state(reported, now.isoformat())
                await store.events.enqueue(
                    message.fallback_room_id,
                    room_problem_txn_id(message.room_id),
                    "m.room.message",
                    room_problem_content(self.config.bot.language, message.room_id),
                    now,
                )
        return _Outcome.REDIRECTED


class _Outcome(Enum):
    SENT = "sent"
    LATER = "later"  # leave queued, go on with the others
    STOP = "stop"  # the homeserver is unreachable: end this pass
    REDIRECTED = "redirected"
    DROPPED = "dropped"


def _transient(response: Any) -> bool:
    """Whether an error response is worth retrying (rate limit, server trouble)."""
    code = str(getattr(response, "status_code", "") or "")
    return code in ("M_LIMIT_EXCEEDED", "") or code.startswith("5")
