"""From an incoming chat event to a queued reply: the one error boundary of the bot.

Each command (or edit, or redaction) runs in one transaction that also records its
event id and queues its reply in the outbox; a refused or failed command rolls back
whole and its error reply is recorded in a second transaction. Either way an event is
handled exactly once. A database that is unavailable is not a failure of the command:
`StorageUnavailable` goes up to the gateway, which retries the event later.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from bot.events import (
    Incoming,
    IncomingFile,
    IncomingMessage,
    IncomingReaction,
    IncomingRedaction,
)
from bot.metrics import Metrics
from commands.catalogue_upload import dry_run
from commands.context import CommandContext, Working, not_shown
from commands.errors import CommandError, Silent, UsageError
from commands.invocation import invoke
from commands.parsing import MAX_MESSAGE, tokenize
from commands.redactions import withdraw
from commands.registry import Registry
from commands.reminders import ACK_KEYS, acknowledge
from messages import texts
from messages.matrix_content import NamesIn, no_names_in
from messages.reply import Reply
from plan.spelling import clean
from services.outbox_queue import queue_reply, reply_txn_id
from services.settings import Settings
from storage.db import Database, StorageUnavailable
from storage.models import OutboxMessage
from storage.repositories import Store

log = logging.getLogger(__name__)

PREFIX = "!"
# a command word starts with a letter: "!!!" or "!1" are not commands
_COMMAND = re.compile(r"^!\s*[^\W\d_]")
# the quoted part of a reply fallback: "> <@a:hs> text" lines and the blank line after them
_REPLY_FALLBACK = re.compile(r"^(?:>[^\n]*\n)+\n?")

Clock = Callable[[], datetime]


def command_text(body: str) -> str | None:
    """The command in a message body without a reply fallback, or None if it is none."""
    text = _REPLY_FALLBACK.sub("", body, count=1).strip()
    return text if _COMMAND.match(text) else None


Work = Callable[[Store, datetime], Awaitable[Reply | None]]


class Dispatcher:
    """Runs commands, edits and redactions from the rooms and queues their replies."""

    def __init__(
        self,
        registry: Registry,
        database: Database,
        settings: Settings,
        clock: Clock,
        metrics: Metrics | None = None,
    ) -> None:
        self.registry = registry
        self.database = database
        self.settings = settings
        self.clock = clock
        self.metrics = metrics if metrics is not None else Metrics()
        # told of the messages an event queued once they are committed (the outbox)
        self.on_queued: Callable[[Sequence[OutboxMessage]], None] = lambda messages: None
        # display names as a room shows them (the gateway's rooms)
        self.names: NamesIn = no_names_in
        # how a room is shown that a slow command is being worked on (the gateway's typing)
        self.working_in: Callable[[str], Working] = lambda room_id: not_shown

    async def handle(self, message: IncomingMessage) -> OutboxMessage | None:
        """Handle a message (or an edit); return the queued reply, or None."""
        text = command_text(message.body)
        if text is None:
            return None

        async def work(store: Store, now: datetime) -> Reply:
            if message.replaces is not None and message.original_sender != message.sender:
                raise Silent()  # only the author's edits count, as in every Matrix client
            if len(text) > MAX_MESSAGE:
                raise UsageError("error.too_long", limit=MAX_MESSAGE)
            via = message.event_id if message.replaces else None
            ctx = self._context(store, now, message, message.replaces or message.event_id, via)
            return await invoke(ctx, tokenize(text[len(PREFIX) :]))

        ended: list[Exception | None] = []  # how `work` ended, if it ran

        async def counted(store: Store, now: datetime) -> Reply:
            try:
                reply = await work(store, now)
            except Exception as error:
                ended.append(error)
                raise
            ended.append(None)
            return reply

        queued = await self._once(
            message.event_id,
            message.room_id,
            counted,
            message.replaces or message.event_id,
            message.thread_root,
            message.sender,
        )
        if ended:  # counted once recorded: an event tried again later counts then
            self.metrics.command(ended[-1])
        return queued

    async def handle_redaction(self, redaction: IncomingRedaction) -> OutboxMessage | None:
        """Withdraw what the redacted command recorded; return the notice, or None."""

        async def work(store: Store, now: datetime) -> Reply | None:
            ctx = self._context(store, now, redaction, redaction.redacts, redaction.event_id)
            return await withdraw(ctx, redaction.redacts)

        return await self._once(redaction.event_id, redaction.room_id, work, None, None)

    async def handle_upload(
        self, file: IncomingFile, data: bytes | None, problem: str | None = None
    ) -> OutboxMessage | None:
        """Answer a catalogue file with its dry run: `data`, or the text key of the
        `problem` that kept it from being read."""

        async def work(store: Store, now: datetime) -> Reply | None:
            ctx = self._context(store, now, file, file.event_id)
            return await dry_run(ctx, file.filename, data, problem)

        return await self._once(file.event_id, file.room_id, work, file.event_id, None, file.sender)

    async def handle_reaction(self, reaction: IncomingReaction) -> None:
        """Record a ✅ of a department contact on a reminder as an acknowledgement."""
        if reaction.key not in ACK_KEYS:
            return

        async def work(store: Store, now: datetime) -> Reply | None:
            ctx = self._context(store, now, reaction, reaction.event_id)
            return await acknowledge(ctx, reaction.reacts_to)

        await self._once(reaction.event_id, reaction.room_id, work, None, None)

    def _context(
        self,
        store: Store,
        now: datetime,
        incoming: Incoming,
        event_id: str,
        via_event_id: str | None = None,
    ) -> CommandContext:
        """The context of `incoming`, acting on `event_id` (the original of an edit)."""
        return CommandContext(
            sender=incoming.sender,
            room_id=incoming.room_id,
            event_id=event_id,
            now=now,
            settings=self.settings,
            store=store,
            registry=self.registry,
            group_power=incoming.group_power,
            is_member=incoming.is_member,
            via_event_id=via_event_id,
            names=self.names(incoming.room_id),
            working=self.working_in(incoming.room_id),
        )

    async def _once(
        self,
        event_id: str,
        room_id: str,
        work: Work,
        in_reply_to: str | None,
        thread_root: str | None,
        sender: str | None = None,
    ) -> OutboxMessage | None:
        """Run `work` for an event exactly once, inside the error boundary.

        Raises:
            StorageUnavailable: nothing was recorded; the event must be handled again later.
        """
        now = self.clock()
        reply: Reply | None
        try:
            async with self.database.transaction() as store:
                if not await store.events.claim(event_id, room_id, now, sender):
                    return None
                reply = await work(store, now)
                queued = await self._finish(
                    store, event_id, room_id, reply, in_reply_to, thread_root, now
                )
        except StorageUnavailable:
            raise
        except Silent:
            reply = None
        except CommandError as exc:
            reply = self.refusal(exc)
        except Exception:
            ref = secrets.token_hex(2)
            log.exception("event %s in %s failed (ref %s)", event_id, room_id, ref)
            reply = Reply(lines=(texts.render(self.settings.language, "error.internal", ref=ref),))
        else:
            self.on_queued(store.outbox.enqueued)
            return queued
        async with self.database.transaction() as store:
            if not await store.events.claim(event_id, room_id, now, sender):
                return None
            queued = await self._finish(
                store, event_id, room_id, reply, in_reply_to, thread_root, now
            )
        self.on_queued(store.outbox.enqueued)
        return queued

    def refusal(self, exc: CommandError) -> Reply:
        """The reply to a refused command; usage errors add the correct form(s).

        What the user typed is quoted back without invisible and bidirectional control
        characters, which could make the reply read differently from what it says.
        """
        language = self.settings.language
        reason = texts.render(language, exc.key, **{k: _echo(v) for k, v in exc.values.items()})
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
        if reply is None:
            return None
        return await queue_reply(
            store,
            room_id,
            reply_txn_id(event_id),
            reply,
            now,
            in_reply_to=in_reply_to,
            thread_root=thread_root,
        )


def _echo(value: Any) -> Any:
    """A value quoted in an error reply, cleaned of control and invisible characters."""
    return clean(value) if isinstance(value, str) else value
