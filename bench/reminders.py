"""Time of a reminder run over 10,000 measures with deadlines, next to a bare read.

    python -m bench.reminders [--measures 10000]

Fills SQLite with measures spread over deadlines from 60 days ago to 300 days ahead,
each with a department and contacts, then times: the first run (queues every due
stage, 200 per transaction with a savepoint each, as the bot does), a second run at
the same moment (the steady state: nothing new), and the baseline of loading the same
measures with their departments in one query.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS, Status
from services.reminders import ReminderService
from services.settings import Settings
from storage.db import Database
from storage.models import Department, DepartmentContact, Measure

BERLIN = ZoneInfo("Europe/Berlin")


async def fill(database: Database, measures: int, now: datetime) -> None:
    """Bulk-insert departments with contacts and measures with deadlines."""
    created = now - timedelta(days=90)
    async with database.transaction() as store:
        await store.session.execute(
            insert(Department),
            [
                {
                    "id": n,
                    "code": f"FB{n}",
                    "code_key": f"fb{n}",
                    "name": f"Fachbereich {n}",
                    "room": None,
                }
                for n in range(1, 41)
            ],
        )
        await store.session.execute(
            insert(DepartmentContact),
            [{"department_id": n, "user_id": f"@kontakt{n}:example.org"} for n in range(1, 41)],
        )
        await store.session.execute(
            insert(Measure),
            [
                {
                    "id": n,
                    "field_code": f"HF{n % 4 + 1}",
                    "title": f"Maßnahme {n}",
                    "department_id": n % 40 + 1,
                    "status": Status.RUNNING,
                    "progress": 10,
                    "deadline": (now + timedelta(days=n % 360 - 60)).date(),
                    "deadline_set_at": created,
                    "created_at": created,
                    "updated_at": created,
                }
                for n in range(1, measures + 1)
            ],
        )


async def main(measures: int) -> None:
    """Time a reminder run over `measures` measures next to a bare load."""
    with tempfile.TemporaryDirectory(prefix="europa-bench-") as tmp:
        database = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
        now = datetime(2027, 3, 17, 9, 30, tzinfo=BERLIN)
        await fill(database, measures, now)
        settings = Settings(
            "de", BERLIN, frozenset({"@koordination:example.org"}), group_room="#gruppe:example.org"
        )
        service = ReminderService(database, settings)

        t0 = time.perf_counter()
        async with database.transaction() as store:
            loaded = len(await store.reminders.candidates())
        t1 = time.perf_counter()
        queued = await service.run(now)
        t2 = time.perf_counter()
        again = await service.run(now)
        t3 = time.perf_counter()
        print(f"\nReminder run over {measures} measures with deadlines:")
        print(f"  baseline: load {loaded} measures with departments   {(t1 - t0) * 1000:8.1f} ms")
        print(
            f"  first run: {queued} reminders queued (savepoint each) "
            f"{(t2 - t1) * 1000:8.1f} ms  ({(t2 - t1) * 1000 / max(queued, 1):.2f} ms each)"
        )
        print(
            f"  daily run with nothing new ({again} queued)             {(t3 - t2) * 1000:8.1f} ms"
        )
        await database.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=10_000)
    asyncio.run(main(parser.parse_args().measures))
