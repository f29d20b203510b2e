"""Measures of the catalogue: create, edit, move deadlines, find."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from plan.audit import ChangeKind, DeadlineKind, MeasureCreated, Origin
from plan.funding import Funding
from plan.vocabulary import CLOSED, INITIAL_STATUS, progress_for
from storage.models import (
    Department,
    Measure,
)
from storage.repositories.audit import diff, json_safe, record
from storage.repositories.base import Repository


@dataclass(frozen=True)
class MeasureFilter:
    """Criteria of `!massnahmen`; None means any."""

    field_code: str | None = None
    department_id: int | None = None
    status: str | None = None
    overdue_on: date | None = None


def involved_besides(lead: Department | None, involved: Sequence[Department]) -> list[Department]:
    """The others involved in a measure, each once, by code, without its lead."""
    unique = {d.id: d for d in involved if d is not lead}
    return sorted(unique.values(), key=lambda d: d.code)


class MeasureRepository(Repository):
    """Measures of the catalogue."""

    async def get(self, measure_id: int) -> Measure | None:
        """The measure `M<measure_id>`, or None."""
        # with its department's contacts and the others involved in the same statement
        contacts = joinedload(Measure.department).joinedload(Department.contacts)
        options = [contacts, joinedload(Measure.involved)]
        return await self.session.get(Measure, measure_id, options=options)

    async def add(
        self,
        origin: Origin,
        *,
        field_code: str,
        title: str,
        department: Department | None = None,
        goal_number: int | None = None,
        priority: str | None = None,
        deadline: date | None = None,
        status: str = INITIAL_STATUS,
        progress: int | None = None,
        measure_id: int | None = None,
        involved: Sequence[Department] = (),
        funding: str | None = None,
        amount_cents: int | None = None,
        council_paper: str | None = None,
        decision: str | None = None,
    ) -> Measure:
        """Create a measure (its id is the next number, or `measure_id`), log it in the trail."""
        if measure_id is None:
            # the next number after the highest, on every database: a PostgreSQL sequence
            # would skip the numbers a dry run or a failed command drew, and would not know
            # the numbers an import gave
            measure_id = (await self.session.scalar(select(func.max(Measure.id))) or 0) + 1
        measure = Measure(
            id=measure_id,
            field_code=field_code,
            title=title,
            department=department,
            goal_number=goal_number,
            priority=priority,
            deadline=deadline,
            deadline_set_at=origin.at if deadline else None,
            status=status,
            progress=progress_for(status, progress) or 0,
            created_at=origin.at,
            updated_at=origin.at,
            involved=involved_besides(department, involved),
            funding=funding,
            amount_cents=amount_cents,
            council_paper=council_paper,
            decision=decision,
        )
        self.session.add(measure)
        await self.session.flush()
        details = MeasureCreated(
            field=field_code,
            title=title,
            department=department.code if department else None,
            goal=goal_number,
            priority=priority,
            deadline=deadline,
            involved=tuple(d.code for d in measure.involved),
            funding=funding,
            amount_cents=amount_cents,
            council_paper=council_paper,
            decision=decision,
            status=measure.status,
            progress=measure.progress,
        )
        record(self.session, origin, details, measure_id=measure.id)
        return measure

    async def update(
        self, measure: Measure, origin: Origin, changes: dict[str, Any]
    ) -> dict[str, tuple[Any, Any]]:
        """Apply catalogue `changes` (column name → value; `involved` a list of
        departments); record and return what differed."""
        changed: dict[str, tuple[Any, Any]] = {}
        lead = changes.get("department", measure.department)
        if "involved" in changes or lead is not measure.department:
            # the lead is never also among the others involved
            changes["involved"] = involved_besides(lead, changes.get("involved", measure.involved))
        for key, value in changes.items():
            before = getattr(measure, key)
            if key == "involved":  # the same parties in another order are no change
                before = list(before)
                if {d.id for d in before} == {d.id for d in value}:
                    continue
            if value != before:
                changed[key] = (before, value)
                setattr(measure, key, value)
        if changed:
            measure.updated_at = origin.at
            record(self.session, origin, diff(ChangeKind.EDITED, changed), measure_id=measure.id)
        return {
            key: (json_safe(before), json_safe(after)) for key, (before, after) in changed.items()
        }

    async def set_deadline(
        self,
        measure: Measure,
        origin: Origin,
        deadline: date | None,
        kind: DeadlineKind = ChangeKind.DEADLINE,
    ) -> date | None:
        """Set or move the deadline; record it (as set, corrected or withdrawn); return the old."""
        before = measure.deadline
        measure.deadline = deadline
        measure.deadline_set_at = origin.at
        measure.updated_at = origin.at
        record(
            self.session,
            origin,
            diff(kind, {"deadline": (before, deadline)}),
            measure_id=measure.id,
        )
        return before

    async def needing_funds(self) -> Sequence[Measure]:
        """Measures that need additional funds, by id, with the others involved."""
        query = (
            select(Measure)
            .where(Measure.funding == Funding.ADDITIONAL)
            .options(selectinload(Measure.involved))
            .order_by(Measure.id)
        )
        return (await self.session.scalars(query)).all()

    async def due(self, start: date | None, end: date) -> Sequence[Measure]:
        """Open measures with a deadline from `start` (None: any) up to `end`, by deadline."""
        query = select(Measure).where(Measure.deadline <= end, Measure.status.not_in(CLOSED))
        if start is not None:
            query = query.where(Measure.deadline >= start)
        return (await self.session.scalars(query.order_by(Measure.deadline, Measure.id))).all()

    async def find(
        self, criteria: MeasureFilter, limit: int, skip: int = 0
    ) -> tuple[Sequence[Measure], int]:
        """Measures matching `criteria` by id (`limit` after `skip`), and how many in all."""
        query = select(Measure)
        if criteria.field_code is not None:
            query = query.where(Measure.field_code == criteria.field_code)
        if criteria.department_id is not None:
            query = query.where(Measure.department_id == criteria.department_id)
        if criteria.status is not None:
            query = query.where(Measure.status == criteria.status)
        if criteria.overdue_on is not None:
            query = query.where(
                Measure.deadline < criteria.overdue_on, Measure.status.not_in(CLOSED)
            )
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        page = query.order_by(Measure.id).offset(skip).limit(limit)
        rows = (await self.session.scalars(page.options(selectinload(Measure.involved)))).all()
        return rows, total or 0
