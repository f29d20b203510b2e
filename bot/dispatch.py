"""From an incoming chat event to a queued reply: the one error boundary of the bot.

Each command (or edit, or redaction) runs in one transaction that also records its
event id and queues its reply in the outbox; a refused or failed command rolls back
whole and its error reply is recorded in a second transaction. Either way an event is
handled exactly once.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from commands import texts
from commands.context import CommandContext, Settings
from commands.corrections import withdraw
from commands.errors import CommandError, Silent, UsageError
from commands.parsing import MAX_MESSAGE, tokenize
from commands.registry import Registry
from commands.reminders import ACK_KEYS, acknowledge
from commands.reply import Reply
from storage.db import Database
from storage.models import OutboxMessage
from storage.repositories import Store

log = logging.getLogger(__name__)

PREFIX = "!"
# a command word starts with a letter: "!!!" or "!1" are not commands
_COMMAND = re.compile(r"^!\s*[^\W\d_]")
# the quoted part of a reply fallback: "> <@a:hs> text" lines and the blank line after them
_REPLY_FALLBACK = re.compile(r"^(?:>[^\n]*\n)+\n?")

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class IncomingMessage:
    """A text message from a room, as the gateway hands it over (no nio types).

    For an edit, `body` is the new text and `replaces` the id of the edited message.
    """

    room_id: str
    event_id: str
    sender: str
    body: str
    thread_root: str | None = None
    power_level: int = 0
    is_member: bool = True
    replaces: str | None = None


@dataclass(frozen=True)
class IncomingRedaction:
    """A redaction of the message `redacts`, by `sender`."""

    room_id: str
    event_id: str
    sender: str
    redacts: str
    power_level: int = 0


@dataclass(frozen=True)
class IncomingReaction:
    """A reaction (`key`, e.g. ✅) by `sender` to the message `reacts_to`."""

    room_id: str
    event_id: str
    sender: str
    reacts_to: str
    key: str


def command_text(body: str) -> str | None:
    """The command in a message body without a reply fallback, or None if it is none."""
    text = _REPLY_FALLBACK.sub("", body, count=1).strip()
    return text if _COMMAND.match(text) else None


def reply_content(
    reply: Reply, in_reply_to: str | None = None, thread_root: str | None = None
) -> dict[str, Any]:
    """The Matrix content of a reply: an HTML `m.notice`, threaded like the command."""
    return reply.content() | _relation(in_reply_to, thread_root)


def _relation(in_reply_to: str | None, thread_root: str | None) -> dict[str, Any]:
    """The `m.relates_to` of a reply (inside the thread if the command was in one)."""
    if in_reply_to is None:
        return {}
    relation: dict[str, Any] = {"m.in_reply_to": {"event_id": in_reply_to}}
    if thread_root is not None:
        relation.update(rel_type="m.thread", event_id=thread_root, is_falling_back=False)
    return {"m.relates_to": relation}


def reply_txn_id(event_id: str) -> str:
    """A transaction id derived from the command's event, so a resent reply is dropped."""
    return "reply-" + hashlib.sha256(event_id.encode()).hexdigest()[:32]


Work = Callable[[Store, datetime], Awaitable[Reply | None]]


class Dispatcher:
    """Runs commands, edits and redactions from the rooms and queues their replies."""

    def __init__(
        self, registry: Registry, database: Database, settings: Settings, clock: Clock
    ) -> None:
        self.registry = registry
        self.database = database
        self.settings = settings
        self.clock = clock

    async def handle(self, message: IncomingMessage) -> OutboxMessage | None:
        """Handle a message (or an edit); return the queued reply, or None."""
        text = command_text(message.body)
        if text is None:
            return None

        async def work(store: Store, now: datetime) -> Reply:
            if len(text) > MAX_MESSAGE:
                raise UsageError("error.too_long", limit=MAX_MESSAGE)
            ctx = self._context(
                store,
                now,
                message.sender,
                message.room_id,
                event_id=message.replaces or message.event_id,
                edit_of=message.event_id if message.replaces else None,
                power_level=message.power_level,
                is_member=message.is_member,
            )
            return await self.registry.run(ctx, tokenize(text[len(PREFIX) :]))

        return await self._once(
            message.event_id,
            message.room_id,
            work,
            message.replaces or message.event_id,
            message.thread_root,
        )

    async def handle_redaction(self, redaction: IncomingRedaction) -> OutboxMessage | None:
        """Withdraw what the redacted command recorded; return the notice, or None."""

        async def work(store: Store, now: datetime) -> Reply | None:
            ctx = self._context(
                store,
                now,
                redaction.sender,
                redaction.room_id,
                event_id=redaction.redacts,
                edit_of=redaction.event_id,
                power_level=redaction.power_level,
            )
            return await withdraw(ctx, redaction.redacts)

        return await self._once(redaction.event_id, redaction.room_id, work, None, None)

    async def handle_reaction(self, reaction: IncomingReaction) -> None:
        """Record a ✅ of a department contact on a reminder as an acknowledgement."""
        if reaction.key not in ACK_KEYS:
            return

        async def work(store: Store, now: datetime) -> Reply | None:
            ctx = self._context(
                store,
                now,
                reaction.sender,
                reaction.room_id,
                event_id=reaction.event_id,
                edit_of=None,
                power_level=0,
            )
            return await acknowledge(ctx, reaction.reacts_to, reaction.key)

        await self._once(reaction.event_id, reaction.room_id, work, None, None)

    def _context(
        self,
        store: Store,
        now: datetime,
        sender: str,
        room_id: str,
        *,
        event_id: str,
        edit_of: str | None,
        power_level: int,
        is_member: bool = True,
    ) -> CommandContext:
        return CommandContext(
            sender=sender,
            room_id=room_id,
            event_id=event_id,
            now=now,
            settings=self.settings,
            store=store,
            registry=self.registry,
            power_level=power_level,
            is_member=is_member,
            edit_of=edit_of,
        )

    async def _once(
        self,
        event_id: str,
        room_id: str,
        work: Work,
        in_reply_to: str | None,
        thread_root: str | None,
    ) -> OutboxMessage | None:
        """Run `work` for an event exactly once, inside the error boundary."""
        now = self.clock()
        reply: Reply | None
        try:
            async with self.database.transaction() as store:
                if await store.events.is_processed(event_id):
                    return None
                reply = await work(store, now)
                return await self._finish(
                    store, event_id, room_id, reply, in_reply_to, thread_root, now
                )
        except Silent:
            reply = None
        except CommandError as exc:
            reply = self.refusal(exc)
        except Exception:
            ref = secrets.token_hex(2)
            log.exception("event %s in %s failed (ref %s)", event_id, room_id, ref)
            reply = Reply(lines=(texts.render(self.settings.language, "error.internal", ref=ref),))
        async with self.database.transaction() as store:
            if await store.events.is_processed(event_id):
                return None
            return await self._finish(
                store, event_id, room_id, reply, in_reply_to, thread_root, now
            )

    def refusal(self, exc: CommandError) -> Reply:
        """The reply to a refused command; usage errors add the correct form(s)."""
        language = self.settings.language
        reason = texts.render(language, exc.key, **exc.values)
        if isinstance(exc, UsageError) and len(exc.forms) == 1:
            return Reply(
                lines=(texts.render(language, "error.usage", reason=reason, usage=exc.forms[0]),)
            )
        if isinstance(exc, UsageError) and exc.forms:
            return Reply(
                lines=(texts.render(language, "error.usage_many", reason=reason),),
                items=tuple(texts.render(language, "help.code", code=f) for f in exc.forms),
            )
        return Reply(lines=(reason,))

    async def _finish(
        self,
        store: Store,
        event_id: str,
        room_id: str,
        reply: Reply | None,
        in_reply_to: str | None,
        thread_root: str | None,
        now: datetime,
    ) -> OutboxMessage | None:
        store.events.mark_processed(event_id, room_id, now)
        if reply is None:
            return None
        txn_id = reply_txn_id(event_id)
        queued = await store.events.enqueue(
            room_id, txn_id, "m.room.message", reply_content(reply, in_reply_to, thread_root), now
        )
        for number, attachment in enumerate(reply.attachments, start=1):
            content = attachment.content() | _relation(in_reply_to, thread_root)
            await store.events.enqueue(
                room_id,
                f"{txn_id}-{number}",
                "m.room.message",
                content,
                now,
                attachment=attachment.data,
            )
        return queued
