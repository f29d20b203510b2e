"""Reminder stages queued for sending, and their acknowledgements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from plan.audit import Origin, ReminderAcknowledged
from plan.vocabulary import CLOSED
from storage.models import (
    Department,
    Measure,
    OutboxMessage,
    SentReminder,
)
from storage.repositories.audit import record
from storage.repositories.base import Repository


class ReminderRepository(Repository):
    """Reminder stages queued for sending, and their acknowledgements."""

    async def candidates(self, until: date | None = None) -> Sequence[Measure]:
        """Open measures that have a deadline (up to `until`, if given) and a department:
        those that get reminders."""
        query = (
            select(Measure)
            .where(
                Measure.deadline.is_not(None),
                Measure.department_id.is_not(None),
                Measure.status.not_in(CLOSED),
            )
            .options(selectinload(Measure.department).selectinload(Department.contacts))
            .order_by(Measure.id)
        )
        if until is not None:
            query = query.where(Measure.deadline <= until)
        return (await self.session.scalars(query)).all()

    async def still_open(self, deadlines: dict[int, date]) -> set[int]:
        """Of the given measures, those still open and with the same deadline."""
        query = select(Measure.id, Measure.deadline).where(
            Measure.id.in_(deadlines), Measure.status.not_in(CLOSED)
        )
        rows = (await self.session.execute(query)).all()
        return {mid for mid, deadline in rows if deadlines.get(mid) == deadline}

    async def queued_stages(self) -> set[tuple[int, str]]:
        """(measure id, stage) of every stage queued for the measure's current deadline."""
        query = (
            select(SentReminder.measure_id, SentReminder.stage)
            .join(Measure, Measure.id == SentReminder.measure_id)
            .where(SentReminder.deadline == Measure.deadline)
        )
        return {(m, s) for m, s in (await self.session.execute(query)).all()}

    async def queue_all(self, queued: Sequence[tuple[Measure, str, int]], at: datetime) -> None:
        """Record stages as queued, in one statement: (measure, stage, id of its outbox
        message, queued in the same transaction)."""
        if not queued:
            return
        rows = []
        for measure, stage, outbox_id in queued:
            assert measure.deadline is not None
            rows.append(
                {
                    "measure_id": measure.id,
                    "deadline": measure.deadline,
                    "stage": stage,
                    "outbox_id": outbox_id,
                    "queued_at": at,
                }
            )
        await self.session.execute(insert(SentReminder), rows)

    async def by_message(self, event_id: str) -> Sequence[SentReminder]:
        """The reminders listed in the message sent as Matrix event `event_id`."""
        query = (
            select(SentReminder)
            .join(OutboxMessage)
            .where(OutboxMessage.sent_event_id == event_id)
            .order_by(SentReminder.id)
        )
        return (await self.session.scalars(query)).all()

    async def for_measure(self, measure_id: int) -> Sequence[SentReminder]:
        """Every reminder queued for a measure, oldest first."""
        query = (
            select(SentReminder)
            .where(SentReminder.measure_id == measure_id)
            .order_by(SentReminder.id)
        )
        return (await self.session.scalars(query)).all()

    async def since(self, moment: datetime) -> Sequence[SentReminder]:
        """Reminders queued since `moment`, oldest first."""
        query = (
            select(SentReminder).where(SentReminder.queued_at >= moment).order_by(SentReminder.id)
        )
        return (await self.session.scalars(query)).all()

    def acknowledge(self, reminder: SentReminder, origin: Origin) -> None:
        """Record that a contact took note of a reminder (and log it in the trail)."""
        reminder.acknowledged_by = origin.actor
        reminder.acknowledged_at = origin.at
        record(
            self.session,
            origin,
            ReminderAcknowledged(stage=reminder.stage, deadline=reminder.deadline),
            measure_id=reminder.measure_id,
        )
