"""Fields of action and goals: the frame of the catalogue."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from storage.models import (
    Field,
    Goal,
)
from storage.repositories.base import Repository


class FieldRepository(Repository):
    """Fields of action and goals."""

    async def all(self) -> Sequence[Field]:
        """All fields of action in plan order."""
        return (await self.session.scalars(select(Field).order_by(Field.position))).all()

    async def get(self, code: str) -> Field | None:
        """The field with `code` (e.g. "HF2"), or None."""
        return await self.session.get(Field, code)

    async def goal(self, number: int) -> Goal | None:
        """The goal with `number`, or None."""
        return await self.session.get(Goal, number)

    async def goals(self) -> Sequence[Goal]:
        """All goals by number."""
        return (await self.session.scalars(select(Goal).order_by(Goal.number))).all()

    async def sync(
        self, fields: tuple[tuple[str, str], ...], goals: tuple[tuple[int, str], ...]
    ) -> None:
        """Insert or rename fields and goals to match the configuration; none are deleted."""
        for position, (code, name) in enumerate(fields):
            await self.session.merge(Field(code=code, name=name, position=position))
        for number, name in goals:
            await self.session.merge(Goal(number=number, name=name))
