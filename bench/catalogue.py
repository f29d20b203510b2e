"""A large catalogue as the bot writes it, for the benchmarks: departments, measures
with their creation in the audit trail, and updates with their records and processed
events, inserted in bulk."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from plan.audit import ChangeKind, MeasureCreated, UpdateRecorded
from plan.vocabulary import DEFAULT_GOALS, Status
from storage.db import Database
from storage.models import Change, Department, DepartmentContact, Measure, ProcessedEvent, Update

# Wednesday, 17 March 2027, 09:30 in Berlin: after the reminders' 09:00
NOW = datetime(2027, 3, 17, 8, 30, tzinfo=UTC)
ROOM = "!gruppe:example.org"
STAFF = "@anna:example.org"
COORDINATOR = "@koordination:example.org"
DEPARTMENTS = 40
STATUSES = (Status.PLANNED, Status.RUNNING, Status.RUNNING, Status.DELAYED, Status.DONE)
BATCH = 20_000


async def fill(database: Database, measures: int, updates_per: int) -> int:
    """Bulk-insert departments, measures and their updates; return how many updates."""
    rng = random.Random(7)
    updates = measures * updates_per
    first = NOW - timedelta(minutes=updates)
    created = first - timedelta(days=1)
    catalogue = [
        {
            "id": n,
            "field_code": f"HF{n % 4 + 1}",
            "title": f"Maßnahme {n}: Sprachkurse für Fachkräfte",
            "department_id": n % DEPARTMENTS + 1,
            "goal_number": n % len(DEFAULT_GOALS) + 1,
            "status": rng.choice(STATUSES),
            "progress": rng.randrange(101),
            "deadline": NOW.date() + timedelta(days=n % 360 - 75),
            "deadline_set_at": created,
            "created_at": created,
            "updated_at": created,
        }
        for n in range(1, measures + 1)
    ]
    async with database.transaction() as store:
        await store.session.execute(
            insert(Department),
            [
                {
                    "id": n,
                    "code": f"FB{n}",
                    "code_key": f"fb{n}",
                    "name": f"Fachbereich {n}",
                    "room": f"!fb{n}:example.org" if n % 2 else None,
                }
                for n in range(1, DEPARTMENTS + 1)
            ],
        )
        await store.session.execute(
            insert(DepartmentContact),
            [  # the last department has nobody to remind
                {"department_id": n, "user_id": f"@kontakt{n}:example.org"}
                for n in range(1, DEPARTMENTS)
            ],
        )
        await store.session.execute(insert(Measure), catalogue)
        # each measure's creation in the audit trail, as the bot writes it: past weeks'
        # reports and the chart's trend are rebuilt from it
        await store.session.execute(insert(Change), [_created(row) for row in catalogue])
    for offset in range(0, updates, BATCH):
        rows = range(offset + 1, min(updates, offset + BATCH) + 1)
        batch = [(n, rng.randrange(1, measures + 1), first + timedelta(minutes=n)) for n in rows]
        async with database.transaction() as store:
            await store.session.execute(insert(Update), [_update(*row) for row in batch])
            await store.session.execute(insert(Change), [_change(*row) for row in batch])
            await store.session.execute(
                insert(ProcessedEvent),
                [
                    {"event_id": f"$seed{n}", "room_id": ROOM, "processed_at": at}
                    for n, _, at in batch
                ],
            )
    return updates


def _update(n: int, measure_id: int, at: datetime) -> dict[str, Any]:
    return {
        "id": n,
        "measure_id": measure_id,
        "author": STAFF,
        "at": at,
        "text": f"Sachstand {n}: Kurse laufen planmäßig weiter",
        "status": Status.RUNNING,
        "progress": n % 101,
        "event_id": f"$seed{n}",
        "room_id": ROOM,
    }


def _created(measure: dict[str, Any]) -> dict[str, Any]:
    details = MeasureCreated(
        field=measure["field_code"],
        title=measure["title"],
        department=f"FB{measure['department_id']}",
        goal=measure["goal_number"],
        deadline=measure["deadline"],
        status=measure["status"],
        progress=measure["progress"],
    )
    return {
        "measure_id": measure["id"],
        "kind": ChangeKind.CREATED,
        "actor": COORDINATOR,
        "at": measure["created_at"],
        "details": details.to_json(),
    }


def _change(n: int, measure_id: int, at: datetime) -> dict[str, Any]:
    details = UpdateRecorded(
        update_id=n,
        text=f"Sachstand {n}: Kurse laufen planmäßig weiter",
        status=Status.RUNNING,
        progress=n % 101,
        status_before=Status.PLANNED if n % 3 else Status.RUNNING,
        progress_before=(n - 1) % 101,
    )
    return {
        "measure_id": measure_id,
        "kind": ChangeKind.UPDATE,
        "actor": STAFF,
        "at": at,
        "event_id": f"$seed{n}",
        "room_id": ROOM,
        "details": details.to_json(),
    }
