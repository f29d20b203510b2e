"""The plan as it stood at a moment: each measure's catalogue data, status and progress,
rebuilt from the audit trail rather than read from today's state.

Replaying follows the rules the repositories apply when they record a change: an update
sets the status and progress it names; when an update is corrected or withdrawn, the
measure stands where the newest standing updates that name a status and a progress put
it (what it was created with, without one); catalogue edits and deadlines take their
"after" values. Changes are replayed in the order they were recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import assert_never

from plan.audit import (
    ChangeKind,
    DepartmentCreated,
    Details,
    Diff,
    MeasureCreated,
    ReminderAcknowledged,
    UpdateRecorded,
    UpdateWithdrawn,
)
from plan.vocabulary import INITIAL_STATUS


@dataclass(frozen=True)
class MeasureState:
    """A measure as a report shows it: where it stood (now, or at a past moment)."""

    id: int
    field_code: str
    title: str
    department: str | None  # the lead's code
    involved: tuple[str, ...]
    status: str
    progress: int
    deadline: date | None
    created_at: datetime
    last_update: datetime | None  # the newest standing update, None: none


@dataclass(frozen=True)
class TrailEntry:
    """One recorded change of a measure, as the audit trail keeps it."""

    measure_id: int
    kind: ChangeKind
    at: datetime
    details: Details


@dataclass
class _Replayed:
    """A measure while its trail is replayed (mutable; frozen into a MeasureState)."""

    id: int
    field_code: str
    title: str
    department: str | None
    involved: tuple[str, ...]
    status: str
    progress: int
    deadline: date | None
    created_at: datetime
    # what the measure was created with: where it stands without a standing update
    initial: tuple[str, int]
    # update id → (status, progress, when) of the standing updates
    updates: dict[int, tuple[str | None, int | None, datetime]] = field(default_factory=dict)

    def follow(self) -> None:
        """Stand where the newest standing updates that name a status and progress put it."""
        newest = sorted(self.updates.items(), reverse=True)
        self.status = next((s for _, (s, _, _) in newest if s is not None), self.initial[0])
        self.progress = next((p for _, (_, p, _) in newest if p is not None), self.initial[1])

    def frozen(self) -> MeasureState:
        """The measure as it stands now in the replay."""
        return MeasureState(
            id=self.id,
            field_code=self.field_code,
            title=self.title,
            department=self.department,
            involved=self.involved,
            status=self.status,
            progress=self.progress,
            deadline=self.deadline,
            created_at=self.created_at,
            last_update=max((at for _, _, at in self.updates.values()), default=None),
        )


def replay(
    trail: Iterable[TrailEntry], moments: Sequence[datetime]
) -> list[dict[int, MeasureState]]:
    """The measures as they stood at each of `moments` (ascending), by id, in one pass.

    `trail` comes in the order it was recorded, which is the order the repositories
    applied it. A change counts from when it was recorded; one recorded with an earlier
    time than a change before it (an imported update with its file's date) counts from
    that earlier change's time, when the bot came to know it. A measure created after a
    moment is not in that moment's plan.
    """
    measures: dict[int, _Replayed] = {}
    snapshots: list[dict[int, MeasureState]] = []
    entries = iter(trail)
    entry = next(entries, None)
    known_at: datetime | None = None
    for moment in moments:
        while entry is not None and max(entry.at, known_at or entry.at) <= moment:
            known_at = max(entry.at, known_at or entry.at)
            _apply(measures, entry)
            entry = next(entries, None)
        snapshots.append({number: m.frozen() for number, m in measures.items()})
    return snapshots


def _apply(measures: dict[int, _Replayed], entry: TrailEntry) -> None:
    details = entry.details
    if isinstance(details, MeasureCreated):
        status = details.status or INITIAL_STATUS
        measures[entry.measure_id] = _Replayed(
            id=entry.measure_id,
            field_code=details.field,
            title=details.title,
            department=details.department,
            involved=details.involved,
            status=status,
            progress=details.progress,
            deadline=details.deadline,
            created_at=entry.at,
            initial=(status, details.progress),
        )
        return
    measure = measures.get(entry.measure_id)
    if measure is None:
        return  # a change of a measure whose creation the trail does not have
    match details:
        case UpdateRecorded():
            if details.update_id is not None:
                made = details.reported_at or entry.at
                measure.updates[details.update_id] = (details.status, details.progress, made)
            measure.status = details.status or measure.status
            if details.progress is not None:
                measure.progress = details.progress
        case UpdateWithdrawn():
            if details.update_id is not None:
                measure.updates.pop(details.update_id, None)
            measure.follow()
        case Diff():
            _apply_diff(measure, details)
        case ReminderAcknowledged() | DepartmentCreated():
            pass
        case MeasureCreated():  # handled above
            pass
        case unknown:
            assert_never(unknown)


def _apply_diff(measure: _Replayed, details: Diff) -> None:
    after = details.after
    match details.kind:
        case ChangeKind.EDITED:
            measure.title = after.get("title", measure.title)
            measure.field_code = after.get("field_code", measure.field_code)
            measure.department = after.get("department", measure.department)
            if "involved" in after:
                measure.involved = tuple(after["involved"] or ())
        case ChangeKind.DEADLINE | ChangeKind.DEADLINE_CORRECTED | ChangeKind.DEADLINE_WITHDRAWN:
            measure.deadline = details.deadline_after
        case ChangeKind.UPDATE_CORRECTED:
            if details.update_id in measure.updates:
                status, progress, at = measure.updates[details.update_id]
                measure.updates[details.update_id] = (
                    after.get("status", status),
                    after.get("progress", progress),
                    at,
                )
                measure.follow()
        case ChangeKind.DEPARTMENT_EDITED:
            pass
        case unknown:
            assert_never(unknown)
