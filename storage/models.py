"""Database tables: the plan's catalogue, the audit trail, and the bot's bookkeeping."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC and hands them back aware (SQLite has no zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """An aware datetime as naive UTC for the database; a naive one is a bug."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """A stored naive UTC datetime, aware again."""
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Base of all tables."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON}


class Field(Base):
    """A field of action (Handlungsfeld), e.g. HF2."""

    __tablename__ = "fields"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[int]


class Goal(Base):
    """A top-level goal (Oberziel) of the plan."""

    __tablename__ = "goals"
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(300))


class Department(Base):
    """A responsible party with its contacts and optional room: a unit of the city
    (Fachbereich, Dezernat) or an external partner of the plan (`party_kind`)."""

    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    # casefolded code, so FB18 and fb18 cannot both exist
    code_key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    room: Mapped[str | None] = mapped_column(String(255))
    # a unit of the city or an external partner: plan.vocabulary.PartyKind
    party_kind: Mapped[str] = mapped_column(
        String(12), default="fachbereich", server_default="fachbereich"
    )
    contacts: Mapped[list[DepartmentContact]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DepartmentContact.user_id"
    )


class DepartmentContact(Base):
    """A Matrix user who answers for a department."""

    __tablename__ = "department_contacts"
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)


class Measure(Base):
    """A measure (Maßnahme) of the catalogue; its id is the number in `M<id>`."""

    __tablename__ = "measures"
    id: Mapped[int] = mapped_column(primary_key=True)
    field_code: Mapped[str] = mapped_column(ForeignKey("fields.code"))
    title: Mapped[str] = mapped_column(String(300))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    goal_number: Mapped[int | None] = mapped_column(ForeignKey("goals.number"))
    priority: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[int]
    deadline: Mapped[date | None] = mapped_column(Date)
    # when the current deadline was set: reminder stages already past then are skipped
    deadline_set_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    department: Mapped[Department | None] = relationship(lazy="joined")
    # the others involved besides the lead (`department`), ordered by code; loaded where a query
    # asks for them (`raise`: a forgotten load is an error, not a hidden query)
    involved: Mapped[list[Department]] = relationship(
        secondary="measure_involved", lazy="raise", order_by="Department.code"
    )
    # the plan's money: plan.vocabulary.Funding and Decision, the amount in euro cents,
    # the council paper (Drucksache) that puts it before the council
    funding: Mapped[str | None] = mapped_column(String(12))
    amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    council_paper: Mapped[str | None] = mapped_column(String(60))
    decision: Mapped[str | None] = mapped_column(String(12))

    @property
    def deadline_since(self) -> datetime:
        """When the current deadline was set (its creation, for one set with the measure):
        reminder stages that were due before then are skipped."""
        return self.deadline_set_at or self.created_at

    __table_args__ = (
        Index("ix_measures_field", "field_code"),
        Index("ix_measures_department", "department_id"),
        Index("ix_measures_deadline", "deadline"),
    )


class MeasureInvolved(Base):
    """A party involved in a measure besides its lead."""

    __tablename__ = "measure_involved"
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True
    )


class Update(Base):
    """A progress update (Sachstand); corrections edit it, a redaction withdraws it.

    The audit trail keeps every version; this row holds the current one.
    """

    __tablename__ = "updates"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"))
    author: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(20))
    progress: Mapped[int | None]
    event_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    room_id: Mapped[str | None] = mapped_column(String(255))
    corrected_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (
        Index("ix_updates_measure", "measure_id", "id"),
        Index("ix_updates_at", "at"),
        # a measure's newest standing update in one index seek (the digest's stale measures)
        Index("ix_updates_standing", "measure_id", "at", "withdrawn_at"),
    )


class Change(Base):
    """One entry of the audit trail: who changed what, when, through which Matrix event."""

    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measures.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    kind: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime]
    event_id: Mapped[str | None] = mapped_column(String(255))
    room_id: Mapped[str | None] = mapped_column(String(255))
    # the values after the change, and before it where something was replaced
    details: Mapped[dict[str, Any]]

    __table_args__ = (
        Index("ix_changes_measure", "measure_id", "id"),
        Index("ix_changes_event", "event_id"),
    )


class ProcessedEvent(Base):
    """A Matrix event the bot has handled; recorded in the transaction of its change."""

    __tablename__ = "processed_events"
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255))
    processed_at: Mapped[datetime]
    # who sent it: an edit of the message counts only when it comes from the same person
    sender: Mapped[str | None] = mapped_column(String(255))


class OutboxMessage(Base):
    """A message to send, written in the same transaction as the change that caused it.

    Sent with the deterministic transaction id `txn_id`, so a resend after a crash is
    dropped by the homeserver; `sent_at` is set once the homeserver has accepted it.
    """

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    txn_id: Mapped[str] = mapped_column(String(255), unique=True)
    room_id: Mapped[str] = mapped_column(String(255))
    event_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    sent_event_id: Mapped[str | None] = mapped_column(String(255))
    # where it goes instead if `room_id` cannot be posted to (a department's room)
    fallback_room_id: Mapped[str | None] = mapped_column(String(255))
    # a file to upload first (chart, CSV); its URL goes into the content when sending
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (
        Index("ix_outbox_unsent", "sent_at", "id"),
        Index("ix_outbox_sent_event", "sent_event_id"),
    )


class SentReminder(Base):
    """A reminder stage of a measure's deadline, queued for sending exactly once.

    The key (measure, deadline, stage) is unique; the message itself goes through the
    outbox with a transaction id derived from the key.
    """

    __tablename__ = "sent_reminders"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"))
    deadline: Mapped[date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(10))
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"))
    queued_at: Mapped[datetime]
    acknowledged_by: Mapped[str | None] = mapped_column(String(255))
    acknowledged_at: Mapped[datetime | None]
    outbox: Mapped[OutboxMessage] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("measure_id", "deadline", "stage"),
        Index("ix_sent_reminders_queued", "queued_at"),
        Index("ix_sent_reminders_acknowledged", "acknowledged_at"),
    )


class SachstandRequest(Base):
    """A question for a Sachstand about a running measure, queued with the day's reminder
    message; one per measure and day."""

    __tablename__ = "sachstand_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"))
    asked_on: Mapped[date] = mapped_column(Date)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"))
    queued_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("measure_id", "asked_on"),)


class PostedDigest(Base):
    """The weekly digest of one ISO week, queued once (the record makes restarts harmless)."""

    __tablename__ = "posted_digests"
    id: Mapped[int] = mapped_column(primary_key=True)
    iso_year: Mapped[int]
    iso_week: Mapped[int]
    queued_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("iso_year", "iso_week"),)


class SyncState(Base):
    """Small key/value facts of the gateway, such as the sync token."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RoomMove(Base):
    """A served room was upgraded (tombstone): the bot serves `new_room_id` in its place."""

    __tablename__ = "room_moves"
    old_room_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    new_room_id: Mapped[str] = mapped_column(String(255))
    moved_at: Mapped[datetime]


class UndecryptedEvent(Base):
    """An encrypted event the bot could not decrypt yet; retried when keys arrive.

    Kept in the database so that a restart loses none; its sender is told once
    (`notified_at`) when the key has not come after a while.
    """

    __tablename__ = "undecrypted_events"
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255))
    sender: Mapped[str] = mapped_column(String(255))
    source: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]
    notified_at: Mapped[datetime | None]


class Absence(Base):
    """A contact away until `until` (inclusive) and who stands in meanwhile; one row per user.

    A row whose `until` has passed is no longer current; it stays until the user writes
    `!abwesend` again (which replaces it), or `!zurück` or a redaction removes it.
    """

    __tablename__ = "absences"
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    until: Mapped[date] = mapped_column(Date)
    # None: nobody named; reminders then go to the department's other contacts
    deputy: Mapped[str | None] = mapped_column(String(255))
    set_at: Mapped[datetime]
    set_by: Mapped[str] = mapped_column(String(255))
    # the `!abwesend` message that set it: redacting that message withdraws it
    event_id: Mapped[str | None] = mapped_column(String(255))


class CatalogueUpload(Base):
    """A CSV catalogue a coordinator uploaded to the group room: its dry run was answered
    with `code`, which only the uploader may confirm until `expires_at`."""

    __tablename__ = "catalogue_uploads"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    uploader: Mapped[str] = mapped_column(String(255))
    room_id: Mapped[str] = mapped_column(String(255))
    event_id: Mapped[str] = mapped_column(String(255))
    filename: Mapped[str] = mapped_column(String(255))
    # the file, until it is applied or pruned
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    applied_at: Mapped[datetime | None]
    # the `!import bestätigen` message that applied it
    applied_event_id: Mapped[str | None] = mapped_column(String(255))
