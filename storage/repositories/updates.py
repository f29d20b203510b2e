"""Progress updates (Sachstände); the measure's status and progress follow them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from plan.audit import ChangeKind, MeasureCreated, Origin, UpdateRecorded, UpdateWithdrawn
from plan.vocabulary import INITIAL_STATUS, progress_for
from storage.models import (
    Change,
    Measure,
    Update,
)
from storage.repositories.audit import diff, record
from storage.repositories.base import Repository


class UpdateRepository(Repository):
    """Progress updates (Sachstände); the measure's status and progress follow them."""

    async def add(
        self,
        measure: Measure,
        origin: Origin,
        text: str,
        status: str | None,
        progress: int | None,
        reported_at: datetime | None = None,
    ) -> Update:
        """Record an update, apply its status and progress to the measure, log it.

        An update that closes the measure as done without naming progress sets 100 %.
        `reported_at` is when the update says it was made, if not now (a CSV import's
        date); the audit trail keeps both.
        """
        progress = progress_for(status, progress)
        update = Update(
            measure_id=measure.id,
            author=origin.actor,
            at=reported_at or origin.at,
            text=text,
            status=status,
            progress=progress,
            event_id=origin.event_id,
            room_id=origin.room_id,
        )
        self.session.add(update)
        await self.session.flush()
        details = UpdateRecorded(
            update_id=update.id,
            text=text,
            status=status,
            progress=progress,
            status_before=measure.status,
            progress_before=measure.progress,
            reported_at=reported_at,
        )
        if status is not None:
            measure.status = status
        if progress is not None:
            measure.progress = progress
        measure.updated_at = origin.at
        record(self.session, origin, details, measure_id=measure.id)
        return update

    async def by_event(self, event_id: str) -> Update | None:
        """The update a Matrix event recorded, or None."""
        return await self.session.scalar(select(Update).where(Update.event_id == event_id))

    async def all_for(self, measure_id: int) -> Sequence[Update]:
        """Every update of a measure, withdrawn ones too, oldest first."""
        query = select(Update).where(Update.measure_id == measure_id).order_by(Update.id)
        return (await self.session.scalars(query)).all()

    async def latest(self, measure_id: int, limit: int) -> Sequence[Update]:
        """The newest updates of a measure that were not withdrawn, newest first."""
        query = (
            select(Update)
            .where(Update.measure_id == measure_id, Update.withdrawn_at.is_(None))
            .order_by(Update.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def status_before(self, update: Update) -> str:
        """The status the standing updates before `update` give its measure."""
        earlier = await self.session.scalar(
            select(Update.status)
            .where(
                Update.measure_id == update.measure_id,
                Update.id < update.id,
                Update.withdrawn_at.is_(None),
                Update.status.is_not(None),
            )
            .order_by(Update.id.desc())
            .limit(1)
        )
        return earlier or INITIAL_STATUS

    async def correct(
        self,
        update: Update,
        measure: Measure,
        origin: Origin,
        text: str,
        status: str | None,
        progress: int | None,
    ) -> dict[str, tuple[Any, Any]]:
        """Replace text, status and progress of an update (an edit); log both versions."""
        progress = progress_for(status, progress)
        changed = {
            key: (getattr(update, key), value)
            for key, value in (("text", text), ("status", status), ("progress", progress))
            if getattr(update, key) != value
        }
        if changed:
            for key, (_, value) in changed.items():
                setattr(update, key, value)
            update.corrected_at = origin.at
            details = diff(ChangeKind.UPDATE_CORRECTED, changed, update_id=update.id)
            record(self.session, origin, details, measure_id=measure.id)
            await self._follow(measure, origin)
        return changed

    async def withdraw(self, update: Update, measure: Measure, origin: Origin) -> None:
        """Withdraw an update (its message was redacted); it stays in the trail, marked."""
        update.withdrawn_at = origin.at
        update.withdrawn_by = origin.actor
        record(
            self.session,
            origin,
            UpdateWithdrawn(update_id=update.id, text=update.text),
            measure_id=measure.id,
        )
        await self._follow(measure, origin)

    async def _follow(self, measure: Measure, origin: Origin) -> None:
        """Set status and progress from the newest standing updates that name them."""
        await self.session.flush()
        standing = select(Update).where(
            Update.measure_id == measure.id, Update.withdrawn_at.is_(None)
        )
        status = await self.session.scalar(
            standing.where(Update.status.is_not(None)).order_by(Update.id.desc()).limit(1)
        )
        progress = await self.session.scalar(
            standing.where(Update.progress.is_not(None)).order_by(Update.id.desc()).limit(1)
        )
        created = await self.session.scalar(
            select(Change.details).where(
                Change.measure_id == measure.id, Change.kind == ChangeKind.CREATED
            )
        )
        # without a standing update the measure stands as it was created (a CSV import may
        # have created it as laufend, 40 %)
        initial = MeasureCreated.from_json(created or {})
        measure.status = (
            status.status if status and status.status else initial.status or INITIAL_STATUS
        )
        measure.progress = (
            progress.progress if progress and progress.progress is not None else initial.progress
        )
        measure.updated_at = origin.at
