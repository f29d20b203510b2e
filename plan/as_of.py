"""The plan as it stood at a moment: each measure's catalogue data, status and progress,
rebuilt from the audit trail rather than read from today's state.

Replaying follows the rules the repositories apply when they record a change: an update
sets the status and progress it names; when an update is corrected or withdrawn, the
measure stands where the newest standing updates that name a status and a progress put
it (the initial status and 0 % without one); catalogue edits and deadlines take their
"after" values. Changes are replayed in the order of their time, so an update imported
with an earlier date counts from that date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, assert_never

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
    state: MeasureState
    # update id → (status, progress, when) of the standing updates
    updates: dict[int, tuple[str | None, int | None, datetime]] = field(default_factory=dict)

    def follow(self) -> None:
        """Stand where the newest standing updates that name a status and progress put it."""
        newest = sorted(self.updates.items())
        status = next((s for _, (s, _, _) in reversed(newest) if s is not None), INITIAL_STATUS)
        progress = next((p for _, (_, p, _) in reversed(newest) if p is not None), 0)
        last = max((at for _, _, at in self.updates.values()), default=None)
        self.state = replace(self.state, status=status, progress=progress, last_update=last)


_CATALOGUE = {"title": "title", "field_code": "field_code", "department": "department"}


def replay(
    trail: Iterable[TrailEntry], moments: Sequence[datetime]
) -> list[dict[int, MeasureState]]:
    """The measures as they stood at each of `moments` (ascending), by id: one pass over
    the trail; a measure created after a moment is not in that moment's plan."""
    entries = sorted(trail, key=lambda e: e.at)
    measures: dict[int, _Replayed] = {}
    snapshots: list[dict[int, MeasureState]] = []
    position = 0
    for moment in moments:
        while position < len(entries) and entries[position].at <= moment:
            _apply(measures, entries[position])
            position += 1
        snapshots.append({number: m.state for number, m in measures.items()})
    return snapshots


def _apply(measures: dict[int, _Replayed], entry: TrailEntry) -> None:
    details = entry.details
    if isinstance(details, MeasureCreated):
        measures[entry.measure_id] = _Replayed(
            MeasureState(
                id=entry.measure_id,
                field_code=details.field,
                title=details.title,
                department=details.department,
                involved=details.involved,
                status=details.status or INITIAL_STATUS,
                progress=details.progress,
                deadline=details.deadline,
                created_at=entry.at,
                last_update=None,
            )
        )
        return
    measure = measures.get(entry.measure_id)
    if measure is None:
        return  # a change of a measure whose creation the trail does not have
    match details:
        case UpdateRecorded():
            if details.update_id is not None:
                measure.updates[details.update_id] = (details.status, details.progress, entry.at)
            measure.state = replace(
                measure.state,
                status=details.status or measure.state.status,
                progress=measure.state.progress if details.progress is None else details.progress,
                last_update=entry.at,
            )
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
            changed: dict[str, Any] = {
                name: after[key] for key, name in _CATALOGUE.items() if key in after
            }
            if "involved" in after:
                changed["involved"] = tuple(after["involved"] or ())
            measure.state = replace(measure.state, **changed)
        case ChangeKind.DEADLINE | ChangeKind.DEADLINE_CORRECTED | ChangeKind.DEADLINE_WITHDRAWN:
            measure.state = replace(measure.state, deadline=details.deadline_after)
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
