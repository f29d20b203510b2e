"""What the weekly digest reports, per field of action: of this week, or of a past week
as the plan stood then; of all measures, one field, or one party's.

Which week and which span it covers is decided by `plan.digest_week`; how the plan stood
at a past moment, by `plan.as_of` (rebuilt from the audit trail); how the digest reads
is `services.digest_message`; when it is posted, `services.weekly_digest`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from plan.as_of import MeasureState, replay
from plan.digest_week import DigestWeek
from plan.vocabulary import Status, is_open, is_overdue
from storage.models import SentReminder
from storage.repositories import Store
from storage.repositories.reports import UpdateRow


@dataclass(frozen=True)
class DigestScope:
    """What a digest covers: a past ISO week (None: the seven days up to now), one field
    of action, one department or partner (as lead or involved); None means all."""

    week: tuple[int, int] | None = None
    field: str | None = None
    department: str | None = None

    def covers(self, measure: MeasureState) -> bool:
        """Whether `measure` belongs in the digest."""
        return (self.field is None or measure.field_code == self.field) and (
            self.department is None
            or measure.department == self.department
            or self.department in measure.involved
        )


@dataclass
class FieldDigest:
    """Where one field of action stands."""

    code: str
    name: str
    by_status: dict[str, int] = field(default_factory=dict)
    average_progress: float | None = None
    updates: list[UpdateRow] = field(default_factory=list)
    status_changes: list[UpdateRow] = field(default_factory=list)
    due_soon: list[MeasureState] = field(default_factory=list)
    overdue: list[MeasureState] = field(default_factory=list)
    stale: list[MeasureState] = field(default_factory=list)
    acknowledged: list[tuple[MeasureState, SentReminder]] = field(default_factory=list)
    # average progress at the end of each week of `Digest.trend_weeks` (None: no measures)
    trend: list[float | None] = field(default_factory=list)

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
    scope: DigestScope = DigestScope()
    # the weeks of the progress trend, oldest first (empty unless asked for)
    trend_weeks: list[DigestWeek] = field(default_factory=list)


async def build_digest(
    store: Store,
    now: datetime,
    tz: ZoneInfo,
    stale_after_days: int,
    scope: DigestScope = DigestScope(),
    trend: bool = False,
) -> Digest:
    """Gather the digest as of `now`, or of the end of the scope's past week; with `trend`,
    also the average progress per field over the last weeks (for the chart)."""
    week = DigestWeek.ending(*scope.week, tz) if scope.week else DigestWeek.of(now, tz)
    weeks = week.trend(tz) if trend else [week]
    if trend or scope.week:
        trail = await store.reports.trail(week.now)
        # pure work over the whole trail: off the event loop
        snapshots = await asyncio.to_thread(replay, trail, [w.now for w in weeks])
    else:
        snapshots = [{}]
    if scope.week is None:  # this week: as the tables stand, not replayed
        snapshots[-1] = {m.id: m for m in await store.reports.plan_now()}
    plan = {n: m for n, m in snapshots[-1].items() if scope.covers(m)}
    fields = [f for f in await store.fields.all() if scope.field in (None, f.code)]
    entries = {f.code: FieldDigest(f.code, f.name) for f in fields}
    _standing(entries, plan.values(), week, stale_after_days)
    for row in await store.reports.updates_between(week.since, week.now, as_of_end=True):
        measure = plan.get(row.measure_id)
        if measure is not None and measure.field_code in entries:
            entry = entries[measure.field_code]
            entry.updates.append(row)
            if row.status and row.status != row.status_before:
                entry.status_changes.append(row)
    for reminder in await store.reports.acknowledgements_between(week.since, week.now):
        measure = plan.get(reminder.measure_id)
        if measure is not None and measure.field_code in entries:
            entries[measure.field_code].acknowledged.append((measure, reminder))
    if trend:
        for snapshot in snapshots:
            averages = _averages([m for m in snapshot.values() if scope.covers(m)])
            for code, entry in entries.items():
                entry.trend.append(averages.get(code))
    # who has nobody to remind is today's concern, not a past week's; of the party asked for
    without_contact = [
        code
        for code in ([] if scope.week else await store.reports.departments_without_contacts())
        if scope.department in (None, code)
    ]
    return Digest(week, list(entries.values()), without_contact, scope, weeks if trend else [])


def _standing(
    entries: Mapping[str, FieldDigest],
    plan: Iterable[MeasureState],
    week: DigestWeek,
    stale_after_days: int,
) -> None:
    """Fill each field's counts, average, deadlines and stale measures from the plan."""
    measures = list(plan)
    today, due_soon_until = week.today, week.due_soon_until
    stale_before = week.now - timedelta(days=stale_after_days)
    for code, average in _averages(measures).items():
        if code in entries:
            entries[code].average_progress = average
    for measure in measures:
        entry = entries.get(measure.field_code)
        if entry is None:
            continue
        entry.by_status[measure.status] = entry.by_status.get(measure.status, 0) + 1
        deadline = measure.deadline
        if is_overdue(measure.status, deadline, today):
            entry.overdue.append(measure)
        elif deadline is not None and is_open(measure.status) and deadline <= due_soon_until:
            entry.due_soon.append(measure)
        if (
            measure.status == Status.RUNNING
            and (measure.last_update or measure.created_at) < stale_before
        ):
            entry.stale.append(measure)
    for entry in entries.values():
        entry.due_soon.sort(key=lambda m: (m.deadline, m.id))
        entry.overdue.sort(key=lambda m: (m.deadline, m.id))


def _averages(measures: list[MeasureState]) -> dict[str, float]:
    """{field: average progress of its measures}."""
    sums: dict[str, list[int]] = {}
    for measure in measures:
        sums.setdefault(measure.field_code, []).append(measure.progress)
    return {code: sum(values) / len(values) for code, values in sums.items()}
