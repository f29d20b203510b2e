"""The audit trail: who changed what, when, through which Matrix event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from plan.audit import Details, Diff, DiffKind, Origin, details_of
from storage.models import (
    Change,
    Department,
)
from storage.repositories.base import Repository


class ChangeRepository(Repository):
    """The audit trail."""

    async def for_measure(
        self, measure_id: int, limit: int | None = None, skip_newest: int = 0
    ) -> Sequence[Change]:
        """Changes of a measure, oldest first; with `limit`, the newest page of them."""
        if limit is None:
            query = select(Change).where(Change.measure_id == measure_id).order_by(Change.id)
            return (await self.session.scalars(query)).all()
        newest = (
            select(Change)
            .where(Change.measure_id == measure_id)
            .order_by(Change.id.desc())
            .offset(skip_newest)
            .limit(limit)
        )
        return list(reversed((await self.session.scalars(newest)).all()))

    async def count_for_measure(self, measure_id: int) -> int:
        """How many changes a measure has."""
        query = select(func.count()).select_from(Change).where(Change.measure_id == measure_id)
        return int(await self.session.scalar(query) or 0)

    async def by_event(self, event_id: str) -> Sequence[Change]:
        """The changes recorded for a Matrix event (with its edits), oldest first."""
        query = select(Change).where(Change.event_id == event_id).order_by(Change.id)
        return (await self.session.scalars(query)).all()


def diff(kind: DiffKind, changed: dict[str, tuple[Any, Any]], update_id: int | None = None) -> Diff:
    """Audit details of an edit: the values before and after, made JSON-safe."""
    return Diff(
        kind,
        before={k: json_safe(b) for k, (b, _) in changed.items()},
        after={k: json_safe(a) for k, (_, a) in changed.items()},
        update_id=update_id,
    )


def json_safe(value: Any) -> Any:
    """A value as the audit trail keeps it: dates as ISO text, departments as their code."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Department):
        return value.code
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


def read_details(change: Change) -> Details:
    """The typed details of a recorded change."""
    return details_of(change.kind, change.details)


def record(
    session: AsyncSession,
    origin: Origin,
    details: Details,
    *,
    measure_id: int | None = None,
    department_id: int | None = None,
) -> None:
    """Add a change of `details.kind` to the trail (flushed with the session)."""
    data = details.to_json()
    if origin.via_event_id:
        data["via_event_id"] = origin.via_event_id
    session.add(
        Change(
            measure_id=measure_id,
            department_id=department_id,
            kind=details.kind.value,
            actor=origin.actor,
            at=origin.at,
            event_id=origin.event_id,
            room_id=origin.room_id,
            details=data,
        )
    )
