"""Questions for a Sachstand: which running measure was asked about when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from plan.asking import RUNNING
from storage.models import Department, Measure, SachstandRequest, Update
from storage.repositories.base import Repository


@dataclass(frozen=True)
class Silence:
    """A running measure and when it last heard something: its last standing update and
    the bot's last question (None: never)."""

    measure: Measure
    last_update: datetime | None
    last_asked: datetime | None


class QuestionRepository(Repository):
    """Questions for a Sachstand, queued with the day's reminder message."""

    async def running(self) -> Sequence[Silence]:
        """Running measures that have a department, with their last update and question."""
        updated = (
            select(Update.measure_id, func.max(Update.at).label("at"))
            .where(Update.withdrawn_at.is_(None))
            .group_by(Update.measure_id)
            .subquery()
        )
        asked = (
            select(SachstandRequest.measure_id, func.max(SachstandRequest.queued_at).label("at"))
            .group_by(SachstandRequest.measure_id)
            .subquery()
        )
        query = (
            select(Measure, updated.c.at, asked.c.at)
            .outerjoin(updated, updated.c.measure_id == Measure.id)
            .outerjoin(asked, asked.c.measure_id == Measure.id)
            .where(Measure.status.in_(RUNNING), Measure.department_id.is_not(None))
            .options(selectinload(Measure.department).selectinload(Department.contacts))
            .order_by(Measure.id)
        )
        rows = (await self.session.execute(query)).all()
        return [
            Silence(measure, last_update, last_asked) for measure, last_update, last_asked in rows
        ]

    async def record_all(self, asked: Sequence[tuple[int, date, int]], at: datetime) -> None:
        """Record questions as queued, in one statement: (measure id, day, id of the outbox
        message that asks, queued in the same transaction)."""
        if asked:
            rows = [
                {"measure_id": m, "asked_on": day, "outbox_id": outbox_id, "queued_at": at}
                for m, day, outbox_id in asked
            ]
            await self.session.execute(insert(SachstandRequest), rows)
