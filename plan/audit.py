"""The audit trail's vocabulary: every kind of change and the typed details it records.

The values of `ChangeKind` and the JSON of each details class are what the `changes`
table stores; reading is tolerant of rows written before a field existed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Literal, TypeAlias, assert_never


@dataclass(frozen=True)
class Origin:
    """Who caused a change, when, and through which Matrix event (None for the CLI)."""

    actor: str
    at: datetime
    event_id: str | None = None
    room_id: str | None = None
    # the edit or redaction event, when the change amends the record of `event_id`
    via_event_id: str | None = None


class ChangeKind(StrEnum):
    """What a change did; the value is what the database stores."""

    CREATED = "created"
    EDITED = "edited"
    DEADLINE = "deadline"
    DEADLINE_CORRECTED = "deadline_corrected"
    DEADLINE_WITHDRAWN = "deadline_withdrawn"
    UPDATE = "update"
    UPDATE_CORRECTED = "update_corrected"
    UPDATE_WITHDRAWN = "update_withdrawn"
    DEPARTMENT_CREATED = "department_created"
    DEPARTMENT_EDITED = "department_edited"
    REMINDER_ACKNOWLEDGED = "reminder_acknowledged"


# the kinds that record values before and after
DeadlineKind: TypeAlias = Literal[
    ChangeKind.DEADLINE, ChangeKind.DEADLINE_CORRECTED, ChangeKind.DEADLINE_WITHDRAWN
]
DiffKind: TypeAlias = Literal[
    ChangeKind.EDITED,
    ChangeKind.DEADLINE,
    ChangeKind.DEADLINE_CORRECTED,
    ChangeKind.DEADLINE_WITHDRAWN,
    ChangeKind.UPDATE_CORRECTED,
    ChangeKind.DEPARTMENT_EDITED,
]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(raw: Any) -> date | None:
    return date.fromisoformat(raw) if isinstance(raw, str) and raw else None


def _moment(raw: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class MeasureCreated:
    """A measure was created with these catalogue values (and, from a CSV import, the
    status and progress it started with); departments by code."""

    kind: ClassVar[Literal[ChangeKind.CREATED]] = ChangeKind.CREATED
    field: str
    title: str
    department: str | None = None
    goal: int | None = None
    priority: str | None = None
    deadline: date | None = None
    involved: tuple[str, ...] = ()
    funding: str | None = None
    amount_cents: int | None = None
    council_paper: str | None = None
    decision: str | None = None
    status: str | None = None  # None: the initial status, as before this was recorded
    progress: int = 0

    def to_json(self) -> dict[str, Any]:
        """The details as stored."""
        return {
            "field": self.field,
            "title": self.title,
            "department": self.department,
            "goal": self.goal,
            "priority": self.priority,
            "deadline": _iso(self.deadline),
            "involved": [*self.involved],
            "funding": self.funding,
            "amount_cents": self.amount_cents,
            "council_paper": self.council_paper,
            "decision": self.decision,
            "status": self.status,
            "progress": self.progress,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MeasureCreated:
        """Read stored details."""
        return cls(
            field=data.get("field", ""),
            title=data.get("title", ""),
            department=data.get("department"),
            goal=data.get("goal"),
            priority=data.get("priority"),
            deadline=_day(data.get("deadline")),
            involved=tuple(data.get("involved") or ()),
            funding=data.get("funding"),
            amount_cents=data.get("amount_cents"),
            council_paper=data.get("council_paper"),
            decision=data.get("decision"),
            status=data.get("status"),
            progress=data.get("progress") or 0,
        )


@dataclass(frozen=True)
class Diff:
    """Values replaced: {key: value} before and after, as JSON-safe values.

    An update's correction names the update it corrected.
    """

    kind: DiffKind
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    update_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The details as stored."""
        data: dict[str, Any] = {"before": dict(self.before), "after": dict(self.after)}
        if self.update_id is not None:
            data["update_id"] = self.update_id
        return data

    @classmethod
    def from_json(cls, kind: DiffKind, data: Mapping[str, Any]) -> Diff:
        """Read stored details of `kind`."""
        return cls(
            kind=kind,
            before=dict(data.get("before") or {}),
            after=dict(data.get("after") or {}),
            update_id=data.get("update_id"),
        )

    def pairs(self) -> dict[str, tuple[Any, Any]]:
        """{key: (before, after)} for every key that was set."""
        return {key: (self.before.get(key), after) for key, after in self.after.items()}

    @property
    def deadline_before(self) -> date | None:
        """The deadline this change replaced (for the deadline kinds)."""
        return _day(self.before.get("deadline"))

    @property
    def deadline_after(self) -> date | None:
        """The deadline this change set (for the deadline kinds)."""
        return _day(self.after.get("deadline"))


@dataclass(frozen=True)
class UpdateRecorded:
    """A progress update was recorded; status and progress of the measure before it."""

    kind: ClassVar[Literal[ChangeKind.UPDATE]] = ChangeKind.UPDATE
    # where `to_json` keeps `status_before` and `update_id`: the digest reads them in SQL
    STATUS_BEFORE: ClassVar[tuple[str, str]] = ("before", "status")
    UPDATE_ID: ClassVar[str] = "update_id"
    update_id: int | None
    text: str
    status: str | None = None
    progress: int | None = None
    status_before: str | None = None
    progress_before: int | None = None
    # when the update says it was made, if not when it was recorded (a CSV import's date)
    reported_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """The details as stored."""
        data: dict[str, Any] = {
            "update_id": self.update_id,
            "text": self.text,
            "status": self.status,
            "progress": self.progress,
            "before": {"status": self.status_before, "progress": self.progress_before},
        }
        if self.reported_at is not None:
            data["reported_at"] = self.reported_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> UpdateRecorded:
        """Read stored details."""
        before = data.get("before") or {}
        return cls(
            update_id=data.get("update_id"),
            text=data.get("text", ""),
            status=data.get("status"),
            progress=data.get("progress"),
            status_before=before.get("status"),
            progress_before=before.get("progress"),
            reported_at=_moment(data.get("reported_at")),
        )


@dataclass(frozen=True)
class UpdateWithdrawn:
    """A progress update was withdrawn (its message was redacted)."""

    kind: ClassVar[Literal[ChangeKind.UPDATE_WITHDRAWN]] = ChangeKind.UPDATE_WITHDRAWN
    update_id: int | None
    text: str

    def to_json(self) -> dict[str, Any]:
        """The details as stored."""
        return {"update_id": self.update_id, "text": self.text}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> UpdateWithdrawn:
        """Read stored details."""
        return cls(update_id=data.get("update_id"), text=data.get("text", ""))


@dataclass(frozen=True)
class DepartmentCreated:
    """A department was created."""

    kind: ClassVar[Literal[ChangeKind.DEPARTMENT_CREATED]] = ChangeKind.DEPARTMENT_CREATED
    code: str
    name: str
    room: str | None = None
    contacts: tuple[str, ...] = ()
    party_kind: str = "fachbereich"  # plan.vocabulary.PartyKind

    def to_json(self) -> dict[str, Any]:
        """The details as stored."""
        return {
            "code": self.code,
            "name": self.name,
            "room": self.room,
            "contacts": [*self.contacts],
            "party_kind": self.party_kind,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DepartmentCreated:
        """Read stored details."""
        return cls(
            code=data.get("code", ""),
            name=data.get("name", ""),
            room=data.get("room"),
            contacts=tuple(data.get("contacts") or ()),
            party_kind=data.get("party_kind") or "fachbereich",
        )


@dataclass(frozen=True)
class ReminderAcknowledged:
    """A department contact took note of a reminder stage (d14, o8 …) of a deadline."""

    kind: ClassVar[Literal[ChangeKind.REMINDER_ACKNOWLEDGED]] = ChangeKind.REMINDER_ACKNOWLEDGED
    stage: str
    deadline: date | None

    def to_json(self) -> dict[str, Any]:
        """The details as stored."""
        return {"stage": self.stage, "deadline": _iso(self.deadline)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReminderAcknowledged:
        """Read stored details."""
        return cls(stage=data.get("stage", ""), deadline=_day(data.get("deadline")))


Details: TypeAlias = (
    MeasureCreated
    | Diff
    | UpdateRecorded
    | UpdateWithdrawn
    | DepartmentCreated
    | ReminderAcknowledged
)


def details_of(kind: str, data: Mapping[str, Any]) -> Details:
    """The typed details of a stored change of `kind` (ValueError for an unknown kind)."""
    match ChangeKind(kind):
        case ChangeKind.CREATED:
            return MeasureCreated.from_json(data)
        case (
            ChangeKind.EDITED
            | ChangeKind.DEADLINE
            | ChangeKind.DEADLINE_CORRECTED
            | ChangeKind.DEADLINE_WITHDRAWN
            | ChangeKind.UPDATE_CORRECTED
            | ChangeKind.DEPARTMENT_EDITED
        ) as diff_kind:
            return Diff.from_json(diff_kind, data)
        case ChangeKind.UPDATE:
            return UpdateRecorded.from_json(data)
        case ChangeKind.UPDATE_WITHDRAWN:
            return UpdateWithdrawn.from_json(data)
        case ChangeKind.DEPARTMENT_CREATED:
            return DepartmentCreated.from_json(data)
        case ChangeKind.REMINDER_ACKNOWLEDGED:
            return ReminderAcknowledged.from_json(data)
        case unknown:
            assert_never(unknown)
