"""From an incoming chat message to a queued reply: the one error boundary of the bot.

Each command runs in one transaction that also records its event id and queues its
reply in the outbox; a refused or failed command rolls back whole and its error reply
is recorded in a second transaction. Either way an event is handled exactly once.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from commands import texts
from commands.context import CommandContext, Settings
from commands.errors import CommandError, UsageError
from commands.parsing import MAX_MESSAGE, tokenize
from commands.registry import Registry
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
    """A text message from a room, as the gateway hands it over (no nio types)."""

    room_id: str
    event_id: str
    sender: str
    body: str
    thread_root: str | None = None
    power_level: int = 0
    is_member: bool = True


def command_text(body: str) -> str | None:
    """The command in a message body without a reply fallback, or None if it is none."""
    text = _REPLY_FALLBACK.sub("", body, count=1).strip()
    return text if _COMMAND.match(text) else None


def reply_content(reply: Reply, to: IncomingMessage | None) -> dict[str, Any]:
    """The Matrix content of a reply: an HTML `m.notice`, threaded like the command."""
    content: dict[str, Any] = {
        "msgtype": "m.notice",
        "body": reply.body,
        "format": "org.matrix.custom.html",
        "formatted_body": reply.html,
        "m.mentions": {"user_ids": list(reply.mentions)},
    }
    if to is not None:
        relation: dict[str, Any] = {"m.in_reply_to": {"event_id": to.event_id}}
        if to.thread_root is not None:
            relation.update(rel_type="m.thread", event_id=to.thread_root, is_falling_back=False)
        content["m.relates_to"] = relation
    return content


def reply_txn_id(event_id: str) -> str:
    """A transaction id derived from the command's event, so a resent reply is dropped."""
    return "reply-" + hashlib.sha256(event_id.encode()).hexdigest()[:32]


class Dispatcher:
    """Runs commands from incoming messages and queues their replies."""

    def __init__(
        self, registry: Registry, database: Database, settings: Settings, clock: Clock
    ) -> None:
        self.registry = registry
        self.database = database
        self.settings = settings
        self.clock = clock

    async def handle(self, message: IncomingMessage) -> OutboxMessage | None:
        """Handle one message; return the queued reply, or None if there is nothing to do."""
        text = command_text(message.body)
        if text is None:
            return None
        now = self.clock()
        try:
            async with self.database.transaction() as store:
                if await store.events.is_processed(message.event_id):
                    return None
                reply = await self._run(store, message, text, now)
                return await self._finish(store, message, reply, now)
        except CommandError as exc:
            reply = self.refusal(exc)
        except Exception:
            ref = secrets.token_hex(2)
            log.exception("command failed (ref %s): %r in %s", ref, text[:200], message.room_id)
            reply = Reply(lines=(texts.render(self.settings.language, "error.internal", ref=ref),))
        async with self.database.transaction() as store:
            if await store.events.is_processed(message.event_id):
                return None
            return await self._finish(store, message, reply, now)

    async def _run(self, store: Store, message: IncomingMessage, text: str, now: datetime) -> Reply:
        if len(text) > MAX_MESSAGE:
            raise UsageError("error.too_long", limit=MAX_MESSAGE)
        ctx = CommandContext(
            sender=message.sender,
            room_id=message.room_id,
            event_id=message.event_id,
            now=now,
            settings=self.settings,
            store=store,
            registry=self.registry,
            power_level=message.power_level,
            is_member=message.is_member,
        )
        return await self.registry.run(ctx, tokenize(text[len(PREFIX) :]))

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
        self, store: Store, message: IncomingMessage, reply: Reply, now: datetime
    ) -> OutboxMessage:
        store.events.mark_processed(message.event_id, message.room_id, now)
        return await store.events.enqueue(
            message.room_id,
            reply_txn_id(message.event_id),
            "m.room.message",
            reply_content(reply, message),
            now,
        )
