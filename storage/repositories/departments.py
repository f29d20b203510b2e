"""Departments and their contacts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from plan.audit import ChangeKind, DepartmentCreated, Origin
from plan.vocabulary import PartyKind
from storage.models import (
    Department,
    DepartmentContact,
)
from storage.repositories.audit import diff, record
from storage.repositories.base import Repository


class DepartmentRepository(Repository):
    """Departments and their contacts."""

    async def get(self, code: str) -> Department | None:
        """The department with `code`, compared case-insensitively, or None."""
        return await self.session.scalar(
            select(Department).where(Department.code_key == code.casefold())
        )

    async def all(self) -> Sequence[Department]:
        """All departments ordered by code."""
        return (await self.session.scalars(select(Department).order_by(Department.code))).all()

    async def of_contact(self, user_id: str) -> Sequence[Department]:
        """The departments `user_id` is a contact of, ordered by code."""
        query = (
            select(Department)
            .join(DepartmentContact)
            .where(DepartmentContact.user_id == user_id)
            .order_by(Department.code)
        )
        return (await self.session.scalars(query)).all()

    async def add(
        self,
        code: str,
        name: str,
        room: str | None,
        contacts: Sequence[str],
        origin: Origin,
        party_kind: str = PartyKind.CITY,
    ) -> Department:
        """Create a department (or partner) and record it in the audit trail."""
        department = Department(
            code=code,
            code_key=code.casefold(),
            name=name,
            room=room,
            party_kind=party_kind,
            contacts=[DepartmentContact(user_id=u) for u in dict.fromkeys(contacts)],
        )
        self.session.add(department)
        await self.session.flush()
        details = DepartmentCreated(
            code=code, name=name, room=room, contacts=tuple(contacts), party_kind=party_kind
        )
        record(self.session, origin, details, department_id=department.id)
        return department

    async def update(
        self,
        department: Department,
        origin: Origin,
        *,
        name: str | None = None,
        room: str | None = None,
        contacts: Sequence[str] | None = None,
        party_kind: str | None = None,
    ) -> dict[str, tuple[Any, Any]]:
        """Change what is given; return {key: (before, after)} of what really changed."""
        changed: dict[str, tuple[Any, Any]] = {}
        if party_kind is not None and party_kind != department.party_kind:
            changed["party_kind"] = (department.party_kind, party_kind)
            department.party_kind = party_kind
        if name is not None and name != department.name:
            changed["name"] = (department.name, name)
            department.name = name
        if room is not None and room != department.room:
            changed["room"] = (department.room, room)
            department.room = room
        if contacts is not None:
            before = [c.user_id for c in department.contacts]
            after = list(dict.fromkeys(contacts))
            if sorted(before) != sorted(after):
                changed["contacts"] = (before, after)
                department.contacts = [DepartmentContact(user_id=u) for u in after]
        if changed:
            record(
                self.session,
                origin,
                diff(ChangeKind.DEPARTMENT_EDITED, changed),
                department_id=department.id,
            )
        return changed
