"""Reminder stages queued for sending, and their acknowledgements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
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

    async def candidates(self) -> Sequence[Measure]:
        """Open measures that have a deadline and a department: those that get reminders."""
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

    async def queue(
        self, measure: Measure, stage: str, message: OutboxMessage, at: datetime
    ) -> SentReminder:
        """Record a stage as queued with its outbox message (same transaction)."""
        assert measure.deadline is not None
        reminder = SentReminder(
            measure_id=measure.id,
            deadline=measure.deadline,
            stage=stage,
            outbox_id=message.id,
            queued_at=at,
        )
        self.session.add(reminder)
        await self.session.flush()
        return reminder

    async def by_message(self, event_id: str) -> SentReminder | None:
        """The reminder that was sent as Matrix event `event_id`, or None."""
        query = (
            select(SentReminder).join(OutboxMessage).where(OutboxMessage.sent_event_id == event_id)
        )
        return await self.session.scalar(query)

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
