"""Read-only aggregates for the digest, the council report and the CSV export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, selectinload

from plan.audit import ChangeKind, UpdateRecorded
from plan.vocabulary import Status
from storage.models import (
    Change,
    Department,
    Measure,
    MeasureInvolved,
    SentReminder,
    Update,
)
from storage.repositories.base import Repository


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


@dataclass(frozen=True)
class MeasureRow:
    """A measure as a report lists it."""

    id: int
    field_code: str
    title: str
    status: str
    deadline: date | None


_MEASURE_ROW = (Measure.id, Measure.field_code, Measure.title, Measure.status, Measure.deadline)


@dataclass(frozen=True)
class CatalogueRow:
    """A measure as the catalogue export lists it, with its newest standing update."""

    measure_id: int
    field_code: str
    title: str
    department: str | None
    status: str
    progress: int
    deadline: date | None
    priority: str | None
    goal_number: int | None
    update_text: str | None
    update_at: datetime | None
    funding: str | None
    amount_cents: int | None
    council_paper: str | None
    decision: str | None
    involved: tuple[str, ...]


class ReportRepository(Repository):
    """Read-only aggregates for the digest, the council report and the CSV export."""

    async def measures(self) -> Sequence[Measure]:
        """All measures by id, with their lead and the others involved."""
        query = select(Measure).options(selectinload(Measure.involved)).order_by(Measure.id)
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

    async def deadlines_until(self, day: date, field_code: str | None = None) -> list[MeasureRow]:
        """Measures (of one field) with a deadline on or before `day`, by id."""
        query = select(*_MEASURE_ROW).where(Measure.deadline <= day).order_by(Measure.id)
        if field_code is not None:
            query = query.where(Measure.field_code == field_code)
        return [MeasureRow(*row) for row in await self.session.execute(query)]

    async def stale(self, before: datetime, field_code: str | None = None) -> list[MeasureRow]:
        """Running measures (of one field) whose newest standing update, or their creation
        if they have none, is older than `before`; by id."""
        newest = (
            select(func.max(Update.at))
            .where(Update.measure_id == Measure.id, Update.withdrawn_at.is_(None))
            .scalar_subquery()
        )
        query = (
            select(*_MEASURE_ROW)
            .where(
                Measure.status == Status.RUNNING,
                func.coalesce(newest, Measure.created_at) < before,
            )
            .order_by(Measure.id)
        )
        if field_code is not None:
            query = query.where(Measure.field_code == field_code)
        return [MeasureRow(*row) for row in await self.session.execute(query)]

    async def updates_between(self, start: datetime, end: datetime) -> list[UpdateRow]:
        """Standing updates from `start` to `end` (both included), oldest first, with measure."""
        query = (
            select(
                Update.measure_id,
                Measure.field_code,
                Measure.title,
                Update.author,
                Update.at,
                Update.text,
                Update.status,
                Change.details[UpdateRecorded.STATUS_BEFORE].as_string(),
            )
            .join(Measure, Measure.id == Update.measure_id)
            .outerjoin(
                Change, (Change.event_id == Update.event_id) & (Change.kind == ChangeKind.UPDATE)
            )
            .where(Update.at >= start, Update.at <= end, Update.withdrawn_at.is_(None))
            .order_by(Update.at, Update.id)
        )
        return [UpdateRow(*row) for row in (await self.session.execute(query)).all()]

    async def catalogue(self) -> list[CatalogueRow]:
        """Every measure by id, with its department's code and its newest standing update."""
        standing = aliased(Update)
        newest = (
            select(func.max(standing.id))
            .where(standing.measure_id == Measure.id, standing.withdrawn_at.is_(None))
            .correlate(Measure)
            .scalar_subquery()
        )
        query = (
            select(
                Measure.id,
                Measure.field_code,
                Measure.title,
                Department.code,
                Measure.status,
                Measure.progress,
                Measure.deadline,
                Measure.priority,
                Measure.goal_number,
                Update.text,
                Update.at,
                Measure.funding,
                Measure.amount_cents,
                Measure.council_paper,
                Measure.decision,
            )
            .select_from(Measure)
            .outerjoin(Department, Department.id == Measure.department_id)
            .outerjoin(Update, Update.id == newest)
            .order_by(Measure.id)
        )
        involved = await self.involved()
        # each row with the codes of the others involved as its last value
        rows: list[tuple[Any, ...]] = [
            (*row, involved.get(row[0], ())) for row in await self.session.execute(query)
        ]
        return [CatalogueRow(*row) for row in rows]

    async def involved(self) -> dict[int, tuple[str, ...]]:
        """{measure id: the codes of the others involved, in order} for every measure with any."""
        query = (
            select(MeasureInvolved.measure_id, Department.code)
            .join(Department, Department.id == MeasureInvolved.department_id)
            .order_by(MeasureInvolved.measure_id, Department.code)
        )
        found: dict[int, list[str]] = {}
        for measure_id, code in await self.session.execute(query):
            found.setdefault(measure_id, []).append(code)
        return {measure_id: tuple(codes) for measure_id, codes in found.items()}

    async def acknowledgements_since(
        self, moment: datetime
    ) -> list[tuple[SentReminder, MeasureRow]]:
        """Reminders acknowledged since `moment`, in that order, each with its measure."""
        query = (
            select(SentReminder, *_MEASURE_ROW)
            .join(Measure, Measure.id == SentReminder.measure_id)
            .where(SentReminder.acknowledged_at >= moment)
            .order_by(SentReminder.acknowledged_at)
        )
        return [(row[0], MeasureRow(*row[1:])) for row in await self.session.execute(query)]

    async def departments_without_contacts(self) -> list[str]:
        """Codes of departments that have measures but nobody to remind."""
        query = (
            select(Department.code)
            .where(~Department.contacts.any(), Department.id.in_(select(Measure.department_id)))
            .order_by(Department.code)
        )
        return list((await self.session.scalars(query)).all())
