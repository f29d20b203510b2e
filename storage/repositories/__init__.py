"""The repository API: one repository per aggregate, all over one session (one transaction).

Every method that changes the catalogue writes its entry in the audit trail in the
same transaction, so no change exists without its who, when and Matrix event.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.absences import AbsenceRepository
from storage.repositories.audit import ChangeRepository
from storage.repositories.departments import DepartmentRepository
from storage.repositories.digests import DigestRepository
from storage.repositories.events import EventRepository
from storage.repositories.fields import FieldRepository
from storage.repositories.measures import MeasureRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.questions import QuestionRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.reports import ReportRepository
from storage.repositories.rooms import RoomRepository
from storage.repositories.updates import UpdateRepository
from storage.repositories.uploads import UploadRepository


class Store:
    """All repositories over one session; handed out by `Database.transaction()`."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.fields = FieldRepository(session)
        self.departments = DepartmentRepository(session)
        self.measures = MeasureRepository(session)
        self.updates = UpdateRepository(session)
        self.reminders = ReminderRepository(session)
        self.reports = ReportRepository(session)
        self.digests = DigestRepository(session)
        self.changes = ChangeRepository(session)
        self.events = EventRepository(session)
        self.outbox = OutboxRepository(session)
        self.rooms = RoomRepository(session)
        self.absences = AbsenceRepository(session)
        self.questions = QuestionRepository(session)
        self.uploads = UploadRepository(session)
