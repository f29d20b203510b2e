"""Read-only aggregates for the digest, the council report and the CSV export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from plan.as_of import MeasureState, TrailEntry
from plan.audit import ChangeKind, UpdateRecorded, details_of
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

    async def plan_now(self) -> list[MeasureState]:
        """Every measure as it stands now, by id, with the time of its newest standing update."""
        newest = (
            select(func.max(Update.at))
            .where(Update.measure_id == Measure.id, Update.withdrawn_at.is_(None))
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
                Measure.created_at,
                newest.label("last_update"),
            )
            .select_from(Measure)
            .outerjoin(Department, Department.id == Measure.department_id)
            .order_by(Measure.id)
        )
        involved = await self.involved()
        return [
            MeasureState(
                id=row.id,
                field_code=row.field_code,
                title=row.title,
                department=row.code,
                involved=involved.get(row.id, ()),
                status=row.status,
                progress=row.progress,
                deadline=row.deadline,
                created_at=row.created_at,
                last_update=row.last_update,
            )
            for row in await self.session.execute(query)
        ]

    async def trail(self, until: datetime) -> list[TrailEntry]:
        """Every change of a measure recorded up to `until`, in the order recorded, to
        rebuild the plan as it stood then (`plan.as_of`).

        Recorded up to `until` means before the first change with a later time: an update
        imported afterwards with an earlier date was not known then.
        """
        later = select(func.min(Change.id)).where(Change.at > until).scalar_subquery()
        query = (
            select(Change.measure_id, Change.kind, Change.at, Change.details)
            .where(Change.measure_id.is_not(None), or_(later.is_(None), Change.id < later))
            .order_by(Change.id)
        )
        return [
            TrailEntry(measure_id, ChangeKind(kind), at, details_of(kind, details))
            for measure_id, kind, at, details in await self.session.execute(query)
        ]

    async def updates_between(
        self, start: datetime, end: datetime, as_of_end: bool = False
    ) -> list[UpdateRow]:
        """Updates from `start` to `end` (both included) that stand today (with `as_of_end`:
        that still stood at `end`, withdrawn later or not), oldest first, with their measure
        and the status before them."""
        standing: ColumnElement[bool] = Update.withdrawn_at.is_(None)
        if as_of_end:
            standing = or_(standing, Update.withdrawn_at > end)
        # the update's own record: by its Matrix event (indexed), or, for an imported
        # update that has none, among its measure's changes by the update id it names
        by_event, by_id = aliased(Change), aliased(Change)
        query = (
            select(
                Update.measure_id,
                Measure.field_code,
                Measure.title,
                Update.author,
                Update.at,
                Update.text,
                Update.status,
                func.coalesce(
                    by_event.details[UpdateRecorded.STATUS_BEFORE].as_string(),
                    by_id.details[UpdateRecorded.STATUS_BEFORE].as_string(),
                ),
            )
            .join(Measure, Measure.id == Update.measure_id)
            .outerjoin(
                by_event,
                (by_event.event_id == Update.event_id) & (by_event.kind == ChangeKind.UPDATE),
            )
            .outerjoin(
                by_id,
                Update.event_id.is_(None)
                & (by_id.measure_id == Update.measure_id)
                & (by_id.kind == ChangeKind.UPDATE)
                & (by_id.details[UpdateRecorded.UPDATE_ID].as_integer() == Update.id),
            )
            .where(
                Update.at >= start,
                Update.at <= end,
                standing,
            )
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

    async def acknowledgements_between(
        self, start: datetime, end: datetime
    ) -> Sequence[SentReminder]:
        """Reminders acknowledged from `start` to `end`, in that order."""
        query = (
            select(SentReminder)
            .where(SentReminder.acknowledged_at >= start, SentReminder.acknowledged_at <= end)
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
