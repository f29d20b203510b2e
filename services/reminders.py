"""The daily reminder run: queue each deadline's due reminder once, with its message.

Reminders are derived, not stored as jobs: a run looks at the measures and queues what
is due and not yet queued (when a stage is due: `plan.reminder_stages`). A reminder goes
to the department's room, or to the group room when it has none or is overdue.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from messages import matrix_content
from messages.reply import Reply
from messages.text import Text
from messages.texts import days_until, format_date, render
from plan.reminder_stages import Stage, due_stage
from services.outbox_queue import queue_reply, reminder_txn_id
from services.settings import Settings
from storage.db import Database
from storage.models import Measure
from storage.repositories import Store

log = logging.getLogger(__name__)

# reminders queued per transaction (each in its own savepoint)
BATCH = 200


def reminder_reply(measure: Measure, stage: Stage, settings: Settings, today: date) -> Reply:
    """A reminder, mentioning the contacts (and the coordinators when it is overdue)."""
    assert measure.deadline is not None and measure.department is not None
    language = settings.language
    department = measure.department
    contacts = [c.user_id for c in department.contacts]
    mentions = contacts + (sorted(settings.coordinators - set(contacts)) if stage.overdue else [])
    who = (
        Text.join(", ", [matrix_content.pill(u) for u in contacts])
        if contacts
        else render(language, "none_contacts")
    )
    values = {
        "id": measure.id,
        "title": measure.title,
        "date": format_date(language, measure.deadline),
        "distance": days_until(language, measure.deadline, today),
        "department": f"{department.code} – {department.name}",
        "contacts": who,
    }
    lines = [
        render(language, "reminder.overdue" if stage.overdue else "reminder.before", **values),
        render(language, "reminder.department", **values),
        render(language, "reminder.how", id=measure.id),
    ]
    if stage.overdue:
        coordinators = Text.join(
            ", ", [matrix_content.pill(u) for u in sorted(settings.coordinators)]
        )
        lines.append(render(language, "reminder.escalated", coordinators=coordinators))
    return Reply(lines=tuple(lines), mentions=tuple(mentions))


class ReminderService:
    """Queues due reminders; the gateway sends the outbox."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings

    async def run(self, now: datetime) -> int:
        """Queue every stage due at `now` that was not queued yet; return how many."""
        settings = self.settings
        local = now.astimezone(settings.tz)
        async with self.database.transaction() as store:
            candidates = await store.reminders.candidates()
            queued = await store.reminders.queued_stages()
        due = []
        for measure in candidates:
            assert measure.deadline is not None
            try:  # one measure's odd data must not stop everybody's reminders
                stage = due_stage(
                    measure.deadline,
                    measure.deadline_since,
                    settings.reminders,
                    settings.tz,
                    local,
                )
            except (ValueError, OverflowError):
                log.exception("cannot plan the reminders of M%d", measure.id)
                continue
            if stage is not None and (measure.id, stage.name) not in queued:
                due.append((measure, stage))
        count = 0
        for start in range(0, len(due), BATCH):
            batch = due[start : start + BATCH]
            async with self.database.transaction() as store:
                # a command may have moved a deadline or closed a measure since we looked
                unchanged = await store.reminders.still_open(
                    {m.id: m.deadline for m, _ in batch if m.deadline}
                )
                for measure, stage in batch:
                    if measure.id not in unchanged:
                        continue
                    # a savepoint per measure: a failing one never stops the run
                    try:
                        async with store.session.begin_nested():
                            await self._queue(store, measure, stage, local)
                        count += 1
                    except Exception:
                        log.exception("reminder %s for M%d failed", stage.name, measure.id)
        return count

    async def _queue(self, store: Store, measure: Measure, stage: Stage, now: datetime) -> None:
        assert measure.department is not None
        group = self.settings.group_room
        room = measure.department.room if measure.department.room and not stage.overdue else group
        # m.text, not m.notice: a reminder should notify like a message from a colleague
        reply = reminder_reply(measure, stage, self.settings, now.date())
        assert measure.deadline is not None
        message = await queue_reply(
            store,
            room,
            reminder_txn_id(measure.id, measure.deadline, stage.name),
            reply,
            now,
            msgtype="m.text",
            fallback_room_id=None if room == group else group,
        )
        await store.reminders.queue(measure, stage.name, message, now)
