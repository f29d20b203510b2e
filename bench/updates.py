"""`!update` handler latency on a large SQLite database, next to a bare commit.

    python -m bench.updates [--measures 10000] [--updates 200000] [--runs 2000]

Fills a fresh SQLite file with measures and updates (each with its audit-trail entry
and processed event, as the bot writes them), then times `!update` through the real
dispatcher (parse, permission, handler, audit trail, processed event, queued reply,
one commit) against the floor in the same run: one transaction that inserts a single
processed-event row and commits.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from bench.figures import summary
from bot.dispatch import Dispatcher
from bot.events import IncomingMessage
from commands import build_registry
from plan.audit import ChangeKind
from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS, Status
from services.settings import Settings
from storage.db import Database
from storage.models import Change, Measure, ProcessedEvent, Update

STATUSES = (Status.PLANNED, Status.RUNNING, Status.DELAYED, Status.DONE)
BATCH = 20_000


async def fill(database: Database, measures: int, updates: int) -> None:
    """Bulk-insert measures and updates with their trail entries and processed events."""
    rng = random.Random(7)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    async with database.transaction() as store:
        await store.session.execute(
            insert(Measure),
            [
                {
                    "id": n,
                    "field_code": f"HF{n % 4 + 1}",
                    "title": f"Maßnahme {n}",
                    "status": rng.choice(STATUSES),
                    "progress": rng.randrange(101),
                    "deadline": date(2027, 1, 1) + timedelta(days=n % 700),
                    "created_at": start,
                    "updated_at": start,
                }
                for n in range(1, measures + 1)
            ],
        )
    for offset in range(0, updates, BATCH):
        rows = range(offset + 1, min(updates, offset + BATCH) + 1)
        at = [start + timedelta(minutes=n) for n in rows]
        target = [rng.randrange(1, measures + 1) for _ in rows]
        async with database.transaction() as store:
            await store.session.execute(
                insert(Update),
                [
                    {
                        "id": n,
                        "measure_id": m,
                        "author": "@anna:example.org",
                        "at": t,
                        "text": f"Sachstand {n}: Kurse laufen planmäßig weiter",
                        "status": Status.RUNNING,
                        "progress": n % 101,
                        "event_id": f"$seed{n}",
                        "room_id": "!r:example.org",
                    }
                    for n, m, t in zip(rows, target, at, strict=True)
                ],
            )
            await store.session.execute(
                insert(Change),
                [
                    {
                        "measure_id": m,
                        "kind": ChangeKind.UPDATE,
                        "actor": "@anna:example.org",
                        "at": t,
                        "event_id": f"$seed{n}",
                        "room_id": "!r:example.org",
                        "details": {
                            "update_id": n,
                            "text": f"Sachstand {n}",
                            "status": Status.RUNNING,
                        },
                    }
                    for n, m, t in zip(rows, target, at, strict=True)
                ],
            )
            await store.session.execute(
                insert(ProcessedEvent),
                [
                    {"event_id": f"$seed{n}", "room_id": "!r:example.org", "processed_at": t}
                    for n, t in zip(rows, at, strict=True)
                ],
            )


async def main(measures: int, updates: int, runs: int) -> None:
    """Time `!update` and `!massnahme` through the dispatcher next to a bare commit."""
    with tempfile.TemporaryDirectory(prefix="europa-bench-") as tmp:
        path = Path(tmp) / "bench.db"
        database = Database(f"sqlite+aiosqlite:///{path}")
        await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
        began = time.perf_counter()
        await fill(database, measures, updates)
        print(
            f"filled {measures} measures and {updates} updates in "
            f"{time.perf_counter() - began:.1f} s; database {path.stat().st_size / 2**20:.0f} MiB"
        )
        settings = Settings("de", ZoneInfo("Europe/Berlin"), frozenset())
        dispatcher = Dispatcher(build_registry(), database, settings, lambda: datetime.now(UTC))
        rng = random.Random(11)
        update_ms: list[float] = []
        show_ms: list[float] = []
        floor_ms: list[float] = []
        for n in range(runs):
            measure = rng.randrange(1, measures + 1)
            text = (
                f"!update M{measure} Zwischenstand {n}: zweite Kursrunde geplant "
                f"status=laufend fortschritt={n % 101}"
            )
            message = IncomingMessage("!r:example.org", f"$bench{n}", "@anna:example.org", text)
            t0 = time.perf_counter()
            queued = await dispatcher.handle(message)
            t1 = time.perf_counter()
            assert queued is not None and "gespeichert" in queued.content["body"]
            show = IncomingMessage(
                "!r:example.org", f"$show{n}", "@anna:example.org", f"!massnahme M{measure}"
            )
            await dispatcher.handle(show)
            t2 = time.perf_counter()
            async with database.transaction() as store:
                store.events.mark_processed(f"$floor{n}", "!r:example.org", datetime.now(UTC))
            t3 = time.perf_counter()
            update_ms.append((t1 - t0) * 1000)
            show_ms.append((t2 - t1) * 1000)
            floor_ms.append((t3 - t2) * 1000)
        print(
            f"\nHandler latency with {measures} measures and {updates} updates "
            f"({runs} runs, interleaved):"
        )
        print(summary("!update (dispatcher, one commit)", update_ms))
        print(summary("!massnahme (read + reply queued)", show_ms))
        print(summary("baseline: bare insert + commit", floor_ms))
        print(
            f"{'!update minus baseline (medians)':<34} "
            f"{statistics.median(update_ms) - statistics.median(floor_ms):+6.2f} ms"
        )
        await database.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=2_000)
    args = parser.parse_args()
    asyncio.run(main(args.measures, args.updates, args.runs))
