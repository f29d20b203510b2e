"""The repository API: async methods per aggregate over one session (one transaction).

Every method that changes the catalogue writes its entry in the audit trail in the
same transaction, so no change exists without its who, when and Matrix event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import (
    Change,
    Department,
    DepartmentContact,
    Field,
    Goal,
    Measure,
    OutboxMessage,
    PostedDigest,
    ProcessedEvent,
    RoomMove,
    SentReminder,
    SyncState,
    UndecryptedEvent,
    Update,
)


@dataclass(frozen=True)
class Origin:
    """Who caused a change, when, and through which Matrix event (None for the CLI)."""

    actor: str
    at: datetime
    event_id: str | None = None
    room_id: str | None = None
    # the edit or redaction event, when the change amends the record of `event_id`
    via_event_id: str | None = None


class PlanRepository:
    """Fields of action and goals."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def fields(self) -> Sequence[Field]:
        """All fields of action in plan order."""
        return (await self.session.scalars(select(Field).order_by(Field.position))).all()

    async def field(self, code: str) -> Field | None:
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


class DepartmentRepository:
    """Departments and their contacts."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, code: str) -> Department | None:
        """The department with `code`, compared case-insensitively, or None."""
        return await self.session.scalar(
            select(Department).where(Department.code_key == code.casefold())
        )

    async def all(self) -> Sequence[Department]:
        """All departments ordered by code."""
        return (await self.session.scalars(select(Department).order_by(Department.code))).all()

    async def add(
        self, code: str, name: str, room: str | None, contacts: Sequence[str], origin: Origin
    ) -> Department:
        """Create a department and record it in the audit trail."""
        department = Department(
            code=code,
            code_key=code.casefold(),
            name=name,
            room=room,
            contacts=[DepartmentContact(user_id=u) for u in dict.fromkeys(contacts)],
        )
        self.session.add(department)
        await self.session.flush()
        details = {"code": code, "name": name, "room": room, "contacts": list(contacts)}
        _record(self.session, origin, "department_created", details, department_id=department.id)
        return department

    async def update(
        self,
        department: Department,
        origin: Origin,
        *,
        name: str | None = None,
        room: str | None = None,
        contacts: Sequence[str] | None = None,
    ) -> dict[str, tuple[Any, Any]]:
        """Change what is given; return {key: (before, after)} of what really changed."""
        changed: dict[str, tuple[Any, Any]] = {}
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
            _record(
                self.session,
                origin,
                "department_edited",
                _diff(changed),
                department_id=department.id,
            )
        return changed


@dataclass(frozen=True)
class MeasureFilter:
    """Criteria of `!massnahmen`; None means any."""

    field_code: str | None = None
    department_id: int | None = None
    status: str | None = None
    overdue_on: date | None = None


class MeasureRepository:
    """Measures of the catalogue."""

    # statuses that end reminders and do not count as overdue
    CLOSED = ("abgeschlossen", "zurueckgestellt")

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, measure_id: int) -> Measure | None:
        """The measure `M<measure_id>`, or None."""
        return await self.session.get(Measure, measure_id)

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
        status: str = "geplant",
        progress: int = 0,
        measure_id: int | None = None,
    ) -> Measure:
        """Create a measure (its id is the next number, or `measure_id`), log it in the trail."""
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
            progress=progress,
            created_at=origin.at,
            updated_at=origin.at,
        )
        self.session.add(measure)
        await self.session.flush()
        details = {
            "field": field_code,
            "title": title,
            "department": department.code if department else None,
            "goal": goal_number,
            "priority": priority,
            "deadline": deadline.isoformat() if deadline else None,
        }
        _record(self.session, origin, "created", details, measure_id=measure.id)
        return measure

    async def update(
        self, measure: Measure, origin: Origin, changes: dict[str, Any]
    ) -> dict[str, tuple[Any, Any]]:
        """Apply catalogue `changes` (column name → value); record and return what differed."""
        changed: dict[str, tuple[Any, Any]] = {}
        for key, value in changes.items():
            before = getattr(measure, key)
            if value != before:
                changed[key] = (before, value)
                setattr(measure, key, value)
        if changed:
            measure.updated_at = origin.at
            _record(self.session, origin, "edited", _diff(changed), measure_id=measure.id)
        return changed

    async def set_deadline(
        self, measure: Measure, origin: Origin, deadline: date | None, kind: str = "deadline"
    ) -> date | None:
        """Set or move the deadline; record it (kind "deadline" or a correction); return the old."""
        before = measure.deadline
        measure.deadline = deadline
        measure.deadline_set_at = origin.at
        measure.updated_at = origin.at
        _record(
            self.session,
            origin,
            kind,
            _diff({"deadline": (before, deadline)}),
            measure_id=measure.id,
        )
        return before

    async def due(self, start: date | None, end: date) -> Sequence[Measure]:
        """Open measures with a deadline from `start` (None: any) up to `end`, by deadline."""
        query = select(Measure).where(Measure.deadline <= end, Measure.status.not_in(self.CLOSED))
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
                Measure.deadline < criteria.overdue_on, Measure.status.not_in(self.CLOSED)
            )
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = (
            await self.session.scalars(query.order_by(Measure.id).offset(skip).limit(limit))
        ).all()
        return rows, total or 0


class UpdateRepository:
    """Progress updates (Sachstände); the measure's status and progress follow them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        measure: Measure,
        origin: Origin,
        text: str,
        status: str | None,
        progress: int | None,
    ) -> Update:
        """Record an update, apply its status and progress to the measure, log it."""
        update = Update(
            measure_id=measure.id,
            author=origin.actor,
            at=origin.at,
            text=text,
            status=status,
            progress=progress,
            event_id=origin.event_id,
            room_id=origin.room_id,
        )
        self.session.add(update)
        await self.session.flush()
        before = {"status": measure.status, "progress": measure.progress}
        if status is not None:
            measure.status = status
        if progress is not None:
            measure.progress = progress
        measure.updated_at = origin.at
        _record(
            self.session,
            origin,
            "update",
            {
                "update_id": update.id,
                "text": text,
                "status": status,
                "progress": progress,
                "before": before,
            },
            measure_id=measure.id,
        )
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
        changed = {
            key: (getattr(update, key), value)
            for key, value in (("text", text), ("status", status), ("progress", progress))
            if getattr(update, key) != value
        }
        if changed:
            for key, (_, value) in changed.items():
                setattr(update, key, value)
            update.corrected_at = origin.at
            details = _diff(changed) | {"update_id": update.id}
            _record(self.session, origin, "update_corrected", details, measure_id=measure.id)
            await self._follow(measure, origin)
        return changed

    async def withdraw(self, update: Update, measure: Measure, origin: Origin) -> None:
        """Withdraw an update (its message was redacted); it stays in the trail, marked."""
        update.withdrawn_at = origin.at
        update.withdrawn_by = origin.actor
        _record(
            self.session,
            origin,
            "update_withdrawn",
            {"update_id": update.id, "text": update.text},
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
        measure.status = status.status if status and status.status else "geplant"
        measure.progress = progress.progress if progress and progress.progress is not None else 0
        measure.updated_at = origin.at


class ReminderRepository:
    """Reminder stages queued for sending, and their acknowledgements."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def candidates(self) -> Sequence[Measure]:
        """Open measures that have a deadline and a department: those that get reminders."""
        query = (
            select(Measure)
            .where(
                Measure.deadline.is_not(None),
                Measure.department_id.is_not(None),
                Measure.status.not_in(MeasureRepository.CLOSED),
            )
            .options(selectinload(Measure.department).selectinload(Department.contacts))
            .order_by(Measure.id)
        )
        return (await self.session.scalars(query)).all()

    async def still_open(self, deadlines: dict[int, date]) -> set[int]:
        """Of the given measures, those still open and with the same deadline."""
        query = select(Measure.id, Measure.deadline).where(
            Measure.id.in_(deadlines), Measure.status.not_in(MeasureRepository.CLOSED)
        )
        rows = (await self.session.execute(query)).all()
        return {mid for mid, deadline in rows if deadlines.get(mid) == deadline}

    async def queued_stages(self) -> set[tuple[int, str]]:
        """(measure id, stage) of every stage queued for the measure's current deadline."""
        query = (
            select(SentReminder.measure_id, SentReminder.stage)
            .join(Measure, Measure.id == SentReminder.measure_id)
            .where(SentReminder.deadline == Measure.deadline)
        )
        return {(m, s) for m, s in (await self.session.execute(query)).all()}

    async def queue(
        self, measure: Measure, stage: str, message: OutboxMessage, at: datetime
    ) -> SentReminder:
        """Record a stage as queued with its outbox message (same transaction)."""
        assert measure.deadline is not None
        reminder = SentReminder(
            measure_id=measure.id,
            deadline=measure.deadline,
            stage=stage,
            outbox_id=message.id,
            queued_at=at,
        )
        self.session.add(reminder)
        await self.session.flush()
        return reminder

    async def by_message(self, event_id: str) -> SentReminder | None:
        """The reminder that was sent as Matrix event `event_id`, or None."""
        query = (
            select(SentReminder).join(OutboxMessage).where(OutboxMessage.sent_event_id == event_id)
        )
        return await self.session.scalar(query)

    async def for_measure(self, measure_id: int) -> Sequence[SentReminder]:
        """Every reminder queued for a measure, oldest first."""
        query = (
            select(SentReminder)
            .where(SentReminder.measure_id == measure_id)
            .order_by(SentReminder.id)
        )
        return (await self.session.scalars(query)).all()

    async def since(self, moment: datetime) -> Sequence[SentReminder]:
        """Reminders queued since `moment`, oldest first."""
        query = (
            select(SentReminder).where(SentReminder.queued_at >= moment).order_by(SentReminder.id)
        )
        return (await self.session.scalars(query)).all()

    def acknowledge(self, reminder: SentReminder, origin: Origin) -> None:
        """Record that a contact took note of a reminder (and log it in the trail)."""
        reminder.acknowledged_by = origin.actor
        reminder.acknowledged_at = origin.at
        _record(
            self.session,
            origin,
            "reminder_acknowledged",
            {"stage": reminder.stage, "deadline": reminder.deadline.isoformat()},
            measure_id=reminder.measure_id,
        )


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


class ReportRepository:
    """Read-only aggregates for the digest, the council report and the CSV export."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

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
            .outerjoin(Change, (Change.event_id == Update.event_id) & (Change.kind == "update"))
            .where(Update.at >= start, Update.at <= end, Update.withdrawn_at.is_(None))
            .order_by(Update.at, Update.id)
        )
        rows = []
        for update, field_code, title, details in (await self.session.execute(query)).all():
            before = (details or {}).get("before", {}).get("status")
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
        return {m: _aware(at) for m, at in (await self.session.execute(query)).all()}

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

    async def digest_posted(self, year: int, week: int) -> bool:
        """Whether the digest of ISO week `week` of `year` was queued already."""
        query = select(PostedDigest.id).where(
            PostedDigest.iso_year == year, PostedDigest.iso_week == week
        )
        return await self.session.scalar(query) is not None

    def record_digest(self, year: int, week: int, at: datetime) -> None:
        """Record the week's digest as queued (same transaction as its messages)."""
        self.session.add(PostedDigest(iso_year=year, iso_week=week, queued_at=at))


def _aware(moment: datetime) -> datetime:
    """Aggregates bypass the column type: SQLite hands back naive UTC."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ChangeRepository:
    """The audit trail."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

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


class EventRepository:
    """Processed Matrix events, the outbox of messages to send, and the sync token."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def is_processed(self, event_id: str) -> bool:
        """Whether the event was handled already."""
        return await self.session.get(ProcessedEvent, event_id) is not None

    def mark_processed(
        self, event_id: str, room_id: str, at: datetime, sender: str | None = None
    ) -> None:
        """Record the event as handled (commits with the change it caused)."""
        self.session.add(
            ProcessedEvent(event_id=event_id, room_id=room_id, processed_at=at, sender=sender)
        )

    async def sender_of(self, event_id: str, room_id: str) -> str | None:
        """Who sent a handled event of room `room_id`, if the bot recorded it."""
        row = await self.session.get(ProcessedEvent, event_id)
        return row.sender if row and row.room_id == room_id else None

    async def enqueue(
        self,
        room_id: str,
        txn_id: str,
        event_type: str,
        content: dict[str, Any],
        at: datetime,
        fallback_room_id: str | None = None,
        attachment: bytes | None = None,
    ) -> OutboxMessage:
        """Queue a message for sending; commits with the change that caused it.

        With an `attachment`, the gateway uploads it first and puts its URL in the content.
        """
        message = OutboxMessage(
            txn_id=txn_id,
            room_id=room_id,
            event_type=event_type,
            content=content,
            created_at=at,
            fallback_room_id=fallback_room_id,
            attachment=attachment,
        )
        self.session.add(message)
        await self.session.flush()
        return message

    async def enqueue_once(
        self, room_id: str, txn_id: str, event_type: str, content: dict[str, Any], at: datetime
    ) -> OutboxMessage | None:
        """Queue a message unless one with `txn_id` was queued before (a report said once)."""
        query = select(OutboxMessage.id).where(OutboxMessage.txn_id == txn_id)
        if await self.session.scalar(query) is not None:
            return None
        return await self.enqueue(room_id, txn_id, event_type, content, at)

    async def unsent(self) -> Sequence[OutboxMessage]:
        """Queued messages not yet accepted by the homeserver, oldest first."""
        query = select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
        return (await self.session.scalars(query.order_by(OutboxMessage.id))).all()

    async def mark_sent(self, message_id: int, event_id: str | None, at: datetime) -> None:
        """Record that the message was sent (event_id None: given up as undeliverable)."""
        message = await self.session.get(OutboxMessage, message_id)
        if message is not None:
            message.sent_at = at
            message.sent_event_id = event_id
            message.attachment = None  # uploaded: the homeserver keeps the file

    async def redirect(self, message_id: int, room_id: str) -> None:
        """Send a queued message to another room (its own cannot be posted to)."""
        message = await self.session.get(OutboxMessage, message_id)
        if message is not None:
            message.room_id, message.fallback_room_id = room_id, None

    async def prune_outbox(self, sent_before: datetime) -> int:
        """Delete messages sent before `sent_before` (their job is done); return how many.

        Messages behind a reminder stay: acknowledgements find the reminder through them.
        """
        reminded = select(SentReminder.outbox_id)
        result = await self.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.sent_at < sent_before, OutboxMessage.id.not_in(reminded)
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def prune_processed(self, before: datetime) -> int:
        """Forget events handled before `before` (no sync replays them any more)."""
        result = await self.session.execute(
            delete(ProcessedEvent).where(ProcessedEvent.processed_at < before)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def state(self, key: str) -> str | None:
        """A stored gateway value such as the sync token."""
        row = await self.session.get(SyncState, key)
        return row.value if row else None

    async def set_state(self, key: str, value: str) -> None:
        """Store a gateway value."""
        await self.session.merge(SyncState(key=key, value=value))


class RoomRepository:
    """What the gateway keeps about rooms: upgrades it followed, events it cannot read yet."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def moves(self) -> dict[str, str]:
        """{old room id: new room id} of every upgrade followed."""
        rows = await self.session.execute(select(RoomMove.old_room_id, RoomMove.new_room_id))
        return {old: new for old, new in rows.all()}

    async def record_move(self, old_room_id: str, new_room_id: str, at: datetime) -> bool:
        """Record an upgrade and move the departments' rooms with it; False if known.

        A room upgraded again (a newer tombstone) points to the newer successor.
        """
        move = await self.session.get(RoomMove, old_room_id)
        if move is not None and move.new_room_id == new_room_id:
            return False
        if move is None:
            self.session.add(
                RoomMove(old_room_id=old_room_id, new_room_id=new_room_id, moved_at=at)
            )
        else:
            move.new_room_id, move.moved_at = new_room_id, at
        departments = await self.session.scalars(
            select(Department).where(Department.room == old_room_id)
        )
        for department in departments:
            department.room = new_room_id
        return True

    async def keep_undecrypted(
        self, event_id: str, room_id: str, sender: str, source: dict[str, Any], at: datetime
    ) -> None:
        """Keep an encrypted event for later (once: a replayed sync changes nothing)."""
        if await self.session.get(UndecryptedEvent, event_id) is None:
            self.session.add(
                UndecryptedEvent(
                    event_id=event_id, room_id=room_id, sender=sender, source=source, received_at=at
                )
            )

    async def undecrypted_from(self, sender: str, room_id: str) -> int:
        """How many events of `sender` in `room_id` are kept undecrypted."""
        query = select(func.count()).where(
            UndecryptedEvent.sender == sender, UndecryptedEvent.room_id == room_id
        )
        return int(await self.session.scalar(query) or 0)

    async def undecrypted(self) -> Sequence[UndecryptedEvent]:
        """The kept encrypted events, oldest first."""
        query = select(UndecryptedEvent).order_by(UndecryptedEvent.received_at)
        return (await self.session.scalars(query)).all()

    async def forget_undecrypted(self, event_id: str) -> None:
        """Drop a kept event (it was decrypted and handled, or given up)."""
        await self.session.execute(
            delete(UndecryptedEvent).where(UndecryptedEvent.event_id == event_id)
        )

    async def mark_notified(self, event_id: str, at: datetime) -> None:
        """Record that the sender was told the bot cannot read the event."""
        row = await self.session.get(UndecryptedEvent, event_id)
        if row is not None:
            row.notified_at = at


class Store:
    """All repositories over one session; handed out by `Database.transaction()`."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.plan = PlanRepository(session)
        self.departments = DepartmentRepository(session)
        self.measures = MeasureRepository(session)
        self.updates = UpdateRepository(session)
        self.reminders = ReminderRepository(session)
        self.reports = ReportRepository(session)
        self.changes = ChangeRepository(session)
        self.events = EventRepository(session)
        self.rooms = RoomRepository(session)


def _diff(changed: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    """Audit details of an edit: {"before": {...}, "after": {...}} with JSON-safe values."""
    return {
        "before": {k: _plain(b) for k, (b, _) in changed.items()},
        "after": {k: _plain(a) for k, (_, a) in changed.items()},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Department):
        return value.code
    return value


def _record(
    session: AsyncSession,
    origin: Origin,
    kind: str,
    details: dict[str, Any],
    *,
    measure_id: int | None = None,
    department_id: int | None = None,
) -> None:
    session.add(
        Change(
            measure_id=measure_id,
            department_id=department_id,
            kind=kind,
            actor=origin.actor,
            at=origin.at,
            event_id=origin.event_id,
            room_id=origin.room_id,
            details=details | {"via_event_id": origin.via_event_id}
            if origin.via_event_id
            else details,
        )
    )
