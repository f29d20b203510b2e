"""Absences: which contacts are away until when, and who stands in for them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from plan.audit import Origin
from storage.models import Absence
from storage.repositories.base import Repository


class AbsenceRepository(Repository):
    """One absence per user; it is current while its `until` is today or later."""

    async def set(self, user_id: str, until: date, deputy: str | None, origin: Origin) -> Absence:
        """Record that `user_id` is away until `until` (inclusive), replacing an earlier absence."""
        absence = await self.session.get(Absence, user_id)
        if absence is None:
            absence = Absence(user_id=user_id)
            self.session.add(absence)
        absence.until = until
        absence.deputy = deputy
        absence.set_at = origin.at
        absence.set_by = origin.actor
        absence.event_id = origin.event_id
        await self.session.flush()
        return absence

    async def by_event(self, event_id: str) -> Absence | None:
        """The absence the message `event_id` set, unless replaced or ended since."""
        return await self.session.scalar(select(Absence).where(Absence.event_id == event_id))

    async def end(self, user_id: str, today: date) -> bool:
        """End the absence of `user_id`; whether one was current `today`."""
        ended = await self.session.scalar(
            delete(Absence).where(Absence.user_id == user_id).returning(Absence.until)
        )
        return ended is not None and ended >= today

    async def current(self, day: date) -> dict[str, Absence]:
        """The absences current on `day`, by user."""
        rows = await self.session.scalars(
            select(Absence).where(Absence.until >= day).order_by(Absence.user_id)
        )
        return {absence.user_id: absence for absence in rows}

    async def deputies(self, day: date) -> dict[str, str | None]:
        """Who is away on `day` → their deputy (None: nobody named), for `plan.stand_ins`."""
        return {user: absence.deputy for user, absence in (await self.current(day)).items()}

    async def stood_in_for(self, deputy: str, day: date) -> tuple[str, ...]:
        """The users away on `day` who named `deputy` to stand in for them."""
        rows = await self.session.scalars(
            select(Absence.user_id)
            .where(Absence.deputy == deputy, Absence.until >= day)
            .order_by(Absence.user_id)
        )
        return tuple(rows)
