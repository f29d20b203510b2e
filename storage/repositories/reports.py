"""Read-only aggregates for the digest, the council report and the CSV export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from plan.audit import ChangeKind, UpdateRecorded
from storage.models import (
    Change,
    Department,
    Measure,
    SentReminder,
    Update,
)
from storage.repositories.base import Repository, aware


@dataclass(frozen=True)
class UpdateRow:
    """An update with what a report needs of its measure."""

    measure_id: int
    field_code: str
    title: str
    author: str
    at: datetime
    text: str
    status: str | None
    status_before: str | None


class ReportRepository(Repository):
    """Read-only aggregates for the digest, the council report and the CSV export."""

    async def measures(self, field_code: str | None = None) -> Sequence[Measure]:
        """All measures (of one field) by id, with departments."""
        query = select(Measure).order_by(Measure.id)
        if field_code is not None:
            query = query.where(Measure.field_code == field_code)
        return (await self.session.scalars(query)).all()

    async def status_counts(self) -> dict[tuple[str, str], int]:
        """{(field, status): number of measures}."""
        query = select(Measure.field_code, Measure.status, func.count()).group_by(
            Measure.field_code, Measure.status
        )
        return {(f, s): n for f, s, n in (await self.session.execute(query)).all()}

    async def average_progress(self) -> dict[str, float]:
        """{field: average progress of its measures}."""
        query = select(Measure.field_code, func.avg(Measure.progress)).group_by(Measure.field_code)
        return {f: float(a) for f, a in (await self.session.execute(query)).all()}

    async def updates_between(self, start: datetime, end: datetime) -> list[UpdateRow]:
        """Standing updates from `start` to `end` (both included), oldest first, with measure."""
        query = (
            select(Update, Measure.field_code, Measure.title, Change.details)
            .join(Measure, Measure.id == Update.measure_id)
            .outerjoin(
                Change, (Change.event_id == Update.event_id) & (Change.kind == ChangeKind.UPDATE)
            )
            .where(Update.at >= start, Update.at <= end, Update.withdrawn_at.is_(None))
            .order_by(Update.at, Update.id)
        )
        rows = []
        for update, field_code, title, details in (await self.session.execute(query)).all():
            before = UpdateRecorded.from_json(details).status_before if details else None
            rows.append(
                UpdateRow(
                    update.measure_id,
                    field_code,
                    title,
                    update.author,
                    update.at,
                    update.text,
                    update.status,
                    before,
                )
            )
        return rows

    async def last_updates(self) -> dict[int, Update]:
        """The newest standing update of every measure that has one."""
        newest = (
            select(func.max(Update.id))
            .where(Update.withdrawn_at.is_(None))
            .group_by(Update.measure_id)
        )
        query = select(Update).where(Update.id.in_(newest))
        return {u.measure_id: u for u in (await self.session.scalars(query)).all()}

    async def last_update_times(self) -> dict[int, datetime]:
        """When each measure last had a standing update."""
        query = (
            select(Update.measure_id, func.max(Update.at))
            .where(Update.withdrawn_at.is_(None))
            .group_by(Update.measure_id)
        )
        return {m: aware(at) for m, at in (await self.session.execute(query)).all()}

    async def acknowledgements_since(self, moment: datetime) -> Sequence[SentReminder]:
        """Reminders acknowledged since `moment`."""
        query = (
            select(SentReminder)
            .where(SentReminder.acknowledged_at >= moment)
            .order_by(SentReminder.acknowledged_at)
        )
        return (await self.session.scalars(query)).all()

    async def departments_without_contacts(self) -> list[str]:
        """Codes of departments that have measures but nobody to remind."""
        query = (
            select(Department.code)
            .where(~Department.contacts.any(), Department.id.in_(select(Measure.department_id)))
            .order_by(Department.code)
        )
        return list((await self.session.scalars(query)).all())
