"""The daily reminder run: one message per room and day, listing each due reminder and
each question for a Sachstand once.

Reminders are derived, not stored as jobs: a run looks at the measures and queues what
is due and not yet queued (when a stage is due: `plan.reminder_stages`; when to ask:
`plan.asking`). A reminder goes to the department's room, or to the group room when it
has none; overdue measures are escalated in the group room. Each room's entries of the
day go out as one message (`services.reminder_message`), recorded with every stage and
question it lists in the same transaction, so each is sent exactly once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime

from messages.matrix_content import NamesIn, no_names_in
from plan.asking import ask_due
from plan.reminder_stages import due_stage, last_deadline_due
from services.outbox_queue import queue_reply, reminders_txn_id
from services.reminder_message import Due, daily_reply
from services.settings import Settings
from storage.db import Database
from storage.repositories import Store

log = logging.getLogger(__name__)

# entries per message: a long day splits into several, each far below the size limit
PER_MESSAGE = 30


class ReminderService:
    """Queues the day's reminder messages; the gateway sends the outbox."""

    def __init__(
        self, database: Database, settings: Settings, names: NamesIn = no_names_in
    ) -> None:
        self.database = database
        self.settings = settings
        self.names = names  # display names as a room shows them (the gateway's)

    async def run(self, now: datetime) -> int:
        """Queue every stage and question due at `now` that was not queued yet, one
        message per room (or a few, on a long day); return how many entries."""
        today = now.astimezone(self.settings.tz).date()
        async with self.database.transaction() as store:
            due = await self._due(store, now)
        rooms: dict[str, list[Due]] = defaultdict(list)
        for entry in due:
            rooms[self._room(entry)].append(entry)
        count = 0
        for room, entries in rooms.items():
            for start in range(0, len(entries), PER_MESSAGE):
                chunk = entries[start : start + PER_MESSAGE]
                try:  # one room's trouble must not stop the others' reminders
                    count += await self._queue(room, chunk, today, now)
                except Exception:
                    log.exception("the reminders for %s could not be queued", room)
        return count

    async def _due(self, store: Store, now: datetime) -> list[Due]:
        """The stages and questions due at `now`, not queued yet; a measure at most once."""
        settings = self.settings
        local = now.astimezone(settings.tz)
        until = last_deadline_due(settings.reminders, local.date())
        queued = await store.reminders.queued_stages()
        due: dict[int, Due] = {}
        for measure in await store.reminders.candidates(until):
            assert measure.deadline is not None
            try:  # one measure's odd data must not stop everybody's reminders
                stage = due_stage(
                    measure.deadline, measure.deadline_since, settings.reminders, settings.tz, local
                )
            except (ValueError, OverflowError):
                log.exception("cannot plan the reminders of M%d", measure.id)
                continue
            if stage is not None and (measure.id, stage.name) not in queued:
                due[measure.id] = Due(measure, stage)
        ask_after = settings.reminders.ask_after_days
        for silence in await store.questions.running():
            measure = silence.measure
            since = silence.last_update or measure.created_at
            if ask_due(
                measure.status, since, silence.last_asked, ask_after, local.date(), settings.tz
            ):
                reminder = due.get(measure.id)
                due[measure.id] = (
                    Due(measure, None, silence.last_update)
                    if reminder is None
                    else replace(reminder, asks=True)
                )
        return list(due.values())

    def _room(self, entry: Due) -> str:
        department = entry.measure.department
        assert department is not None
        overdue = entry.stage is not None and entry.stage.overdue
        return department.room if department.room and not overdue else self.settings.group_room

    async def _queue(self, room: str, entries: list[Due], today: date, now: datetime) -> int:
        """Queue one message for `entries` with the records of what it lists."""
        group = self.settings.group_room
        async with self.database.transaction() as store:
            # a command may have moved a deadline or closed a measure since we looked
            unchanged = await store.reminders.still_open(
                {
                    e.measure.id: e.measure.deadline
                    for e in entries
                    if e.stage and e.measure.deadline
                }
            )
            entries = [e for e in entries if e.stage is None or e.measure.id in unchanged]
            if not entries:
                return 0
            away = await store.absences.deputies(today)
            # m.text, not m.notice: a reminder should notify like a message from a colleague
            message = await queue_reply(
                store,
                room,
                reminders_txn_id(room, today, [e.key for e in entries]),
                daily_reply(entries, away, self.settings, today, self.names(room)),
                now,
                msgtype="m.text",
                fallback_room_id=None if room == group else group,
            )
            await store.reminders.queue_all(
                [(e.measure, e.stage.name, message.id) for e in entries if e.stage], now
            )
            await store.questions.record_all(
                [(e.measure.id, today, message.id) for e in entries if e.stage is None or e.asks],
                now,
            )
        return len(entries)
