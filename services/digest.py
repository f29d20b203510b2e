"""What the weekly digest reports, per field of action, gathered in a few aggregate queries.

Which week and which span it covers is decided by `plan.digest_week`; how it reads is
`services.digest_message`; when it is posted, `services.weekly_digest`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from plan.digest_week import DigestWeek
from plan.vocabulary import is_open, is_overdue
from storage.models import SentReminder
from storage.repositories import Store
from storage.repositories.reports import MeasureRow, UpdateRow


@dataclass
class FieldDigest:
    """Where one field of action stands."""

    code: str
    name: str
    by_status: dict[str, int] = field(default_factory=dict)
    average_progress: float | None = None
    updates: list[UpdateRow] = field(default_factory=list)
    status_changes: list[UpdateRow] = field(default_factory=list)
    due_soon: list[MeasureRow] = field(default_factory=list)
    overdue: list[MeasureRow] = field(default_factory=list)
    stale: list[MeasureRow] = field(default_factory=list)
    acknowledged: list[tuple[MeasureRow, SentReminder]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many measures the field has."""
        return sum(self.by_status.values())


@dataclass
class Digest:
    """The week's digest: one entry per field of action, plus what concerns all."""

    week: DigestWeek
    fields: list[FieldDigest]
    without_contact: list[str]


async def build_digest(
    store: Store, now: datetime, tz: ZoneInfo, stale_after_days: int, only: str | None = None
) -> Digest:
    """Gather the digest from the database as of `now` (optionally one field only)."""
    week = DigestWeek.of(now, tz)
    today = week.today
    fields = [f for f in await store.fields.all() if only is None or f.code == only]
    entries = {f.code: FieldDigest(f.code, f.name) for f in fields}
    for (code, status), count in (await store.reports.status_counts()).items():
        if code in entries:
            entries[code].by_status[status] = count
    for code, average in (await store.reports.average_progress()).items():
        if code in entries:
            entries[code].average_progress = average
    for row in await store.reports.updates_between(week.since, now):
        if row.field_code in entries:
            entries[row.field_code].updates.append(row)
            if row.status and row.status != row.status_before:
                entries[row.field_code].status_changes.append(row)
    for measure in await store.reports.deadlines_until(week.due_soon_until, only):
        entry = entries.get(measure.field_code)
        if entry is None:
            continue
        if is_overdue(measure.status, measure.deadline, today):
            entry.overdue.append(measure)
        elif is_open(measure.status):  # due by `due_soon_until`: only those are read
            entry.due_soon.append(measure)
    for measure in await store.reports.stale(now - timedelta(days=stale_after_days), only):
        if measure.field_code in entries:
            entries[measure.field_code].stale.append(measure)
    for reminder, measure in await store.reports.acknowledgements_since(week.since):
        if measure.field_code in entries:
            entries[measure.field_code].acknowledged.append((measure, reminder))
    for entry in entries.values():
        entry.due_soon.sort(key=lambda m: (m.deadline, m.id))
        entry.overdue.sort(key=lambda m: (m.deadline, m.id))
    without_contact = await store.reports.departments_without_contacts()
    return Digest(week, list(entries.values()), without_contact)
