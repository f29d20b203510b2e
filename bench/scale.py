"""How commands, the digest, the reminder run and the CSV export grow with the catalogue.

    python -m bench.scale [--sizes 1000,10000,50000] [--updates-per 20] [--runs 200]

For each size a fresh SQLite file is filled with that many measures in 40 departments,
each with 20 updates (with their audit-trail entries and processed events, as the bot
writes them; one update a minute up to now, so the digest's 7-day window holds about
10,000 at every size) and a deadline between 75 days ago and 285 days ahead (about a
fifth of the measures are due a reminder). Then it times, through the real code paths:
`!massnahme`, `!update` and `!massnahmen HF2` through the dispatcher (interleaved,
`--runs` each); building, rendering and drawing the digest, the digest with its
12-week progress trend (which replays the audit trail: each measure's creation and its
updates), and the CSV export (median of 5, and peak Python memory under tracemalloc);
the first reminder run, which queues every due stage (median of 3, each on a fresh
copy), and the daily run with nothing new.
Each figure is printed next to a bare query of the same rows in the same run (the floor
no implementation beats), with the targets of issue 12 and the growth between sizes.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import resource
import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bench.catalogue import COORDINATOR, NOW, ROOM, STAFF, fill
from bot.dispatch import Dispatcher
from bot.events import IncomingMessage
from commands import build_registry
from plan.vocabulary import CLOSED, DEFAULT_FIELDS, DEFAULT_GOALS
from services.catalogue_csv import export_csv
from services.digest import Digest, build_digest
from services.digest_chart import render_chart
from services.digest_message import digest_reply
from services.reminders import ReminderService
from services.settings import Settings
from storage.db import Database
from storage.models import Department, DepartmentContact, Measure

BERLIN = ZoneInfo("Europe/Berlin")
SETTINGS = Settings("de", BERLIN, frozenset({COORDINATOR}), group_room=ROOM)
WARM_UP = 20  # command rounds before the timed ones: statement caches, first imports
HEAVY_RUNS = 5
REMINDER_RUNS = 3
CHECKED_AT = 10_000  # the size the targets are judged at

Work = Callable[[], Awaitable[object]]


@dataclass
class Figure:
    """One row of the table: its value at each size, and its target if it has one."""

    name: str
    unit: str = "ms"
    target: float | None = None
    bare: bool = False
    values: dict[int, float] = field(default_factory=dict)


class Table:
    """The figures, in the order they were first measured."""

    def __init__(self) -> None:
        self.rows: dict[str, Figure] = {}

    def put(self, size: int, name: str, value: float, **kwargs: Any) -> None:
        """Record `value` of figure `name` at `size` (the first call sets unit and target)."""
        self.rows.setdefault(name, Figure(name, **kwargs)).values[size] = value

    def print(self, sizes: list[int]) -> None:
        """Figure × size, the growth from each size to the next, target and verdict."""
        pairs = list(itertools.pairwise(sizes))
        header = f"{'figure (median)':<40}" + "".join(f"{s:>13,}" for s in sizes)
        header += "".join(f"{_short(b) + '/' + _short(a):>10}" for a, b in pairs)
        header += f"   target at {CHECKED_AT:,}"
        print("\n" + header + "\n" + "-" * len(header))
        for row in self.rows.values():
            line = f"{('  bare: ' if row.bare else '') + row.name:<40}"
            for size in sizes:
                value = row.values.get(size)
                line += f"{'' if value is None else _number(value) + ' ' + row.unit:>13}"
            for a, b in pairs:
                if row.values.get(a) and b in row.values:
                    line += f"{f'×{row.values[b] / row.values[a]:.1f}':>10}"
                else:
                    line += " " * 10
            if row.target is not None:
                value = row.values.get(CHECKED_AT)
                verdict = "—" if value is None else "met" if value <= row.target else "MISSED"
                line += f"   ≤ {_number(row.target)} {row.unit}: {verdict}"
            print(line.rstrip())


def _short(size: int) -> str:
    return f"{size / 1000:g}k"


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


async def timed(work: Work) -> float:
    """Milliseconds `work` takes."""
    began = time.perf_counter()
    await work()
    return (time.perf_counter() - began) * 1000


async def median_of(runs: int, work: Work) -> float:
    """The median milliseconds of `runs` calls of `work`."""
    return statistics.median([await timed(work) for _ in range(runs)])


async def peak_mib(work: Work) -> float:
    """The peak Python memory (MiB) of one call of `work`, traced by tracemalloc."""
    tracemalloc.start()
    try:
        await work()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


async def measure_size(size: int, updates_per: int, runs: int, table: Table) -> None:
    """Fill a database of `size` measures and put every figure of that size into `table`."""
    with tempfile.TemporaryDirectory(prefix="europa-bench-") as tmp:
        path = Path(tmp) / "bench.db"
        database = Database(f"sqlite+aiosqlite:///{path}")
        await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
        began = time.perf_counter()
        updates = await fill(database, size, updates_per)
        print(
            f"{size:,} measures, {updates:,} updates: filled in "
            f"{time.perf_counter() - began:.0f} s, database {path.stat().st_size / 2**20:.0f} MiB",
            flush=True,
        )
        try:
            await _commands(database, size, runs, table)
            await _reports(database, size, table)
        finally:
            await database.close()  # closed cleanly: the whole database is in the one file
        await _reminders(path, size, table)


async def _commands(database: Database, size: int, runs: int, table: Table) -> None:
    """`!massnahme`, `!update` and `!massnahmen HF2` through the dispatcher, interleaved
    with bare reads and writes of the same rows."""
    dispatcher = Dispatcher(build_registry(), database, SETTINGS, lambda: NOW)

    async def say(event_id: str, text: str, expect: str) -> None:
        queued = await dispatcher.handle(IncomingMessage(ROOM, event_id, STAFF, text))
        assert queued is not None and expect in queued.content["body"], queued

    async def bare_read(query: Any) -> None:
        async with database.transaction() as store:
            (await store.session.execute(query)).all()

    async def bare_insert(event_id: str) -> None:
        async with database.transaction() as store:
            await store.events.claim(event_id, ROOM, NOW)

    row = select(*Measure.__table__.columns)
    first_page = row.where(Measure.field_code == "HF2").order_by(Measure.id).limit(25)
    rng = random.Random(11)
    samples: dict[tuple[str, float | None], list[float]] = {}
    for n in range(-WARM_UP, runs):
        m = rng.randrange(1, size + 1)
        update = f"!update M{m} Zwischenstand {n}: zweite Kursrunde status=laufend {n % 101}%"
        work: list[tuple[str, float | None, Work]] = [
            ("!massnahme <id>", 3, partial(say, f"$show{n}", f"!massnahme M{m}", f"M{m}")),
            ("read one measure", None, partial(bare_read, row.where(Measure.id == m))),
            ("!update <id> <text> status= <n>%", 5, partial(say, f"$up{n}", update, "gespeichert")),
            ("insert one row and commit", None, partial(bare_insert, f"$bare{n}")),
        ]
        if n % 4 == 0:
            listing = partial(say, f"$ls{n}", "!massnahmen HF2", "HF2")
            work.append(("!massnahmen HF2 (first page)", 30, listing))
            work.append(("read the first 25 of HF2", None, partial(bare_read, first_page)))
        for name, target, call in work:
            took = await timed(call)
            if n >= 0:
                samples.setdefault((name, target), []).append(took)
    for (name, target), values in samples.items():
        table.put(size, name, statistics.median(values), target=target, bare=target is None)


async def _reports(database: Database, size: int, table: Table) -> None:
    """Digest data, message and chart, and the CSV export, next to a bare read of all."""

    async def bare_all() -> None:
        async with database.transaction() as store:
            (await store.session.execute(select(*Measure.__table__.columns))).all()

    async def data() -> Digest:
        async with database.transaction() as store:
            return await build_digest(store, NOW, BERLIN, 28)

    async def csv() -> tuple[bytes, int]:
        async with database.transaction() as store:
            return await export_csv(store, BERLIN)

    async def with_trend() -> Digest:
        async with database.transaction() as store:
            return await build_digest(store, NOW, BERLIN, 28, trend=True)

    digest = await data()  # the first run compiles the statements
    table.put(size, "digest data (all queries)", await median_of(HEAVY_RUNS, data), target=300)
    digest = await with_trend()
    table.put(size, "digest with 12-week trend (replay)", await median_of(HEAVY_RUNS, with_trend))
    message = partial(asyncio.to_thread, digest_reply, digest, "de")
    table.put(size, "digest message (HTML + plain)", await median_of(HEAVY_RUNS, message))
    chart = partial(asyncio.to_thread, render_chart, digest, "de")
    await chart()  # the first draws after importing matplotlib
    table.put(size, "digest chart (PNG)", await median_of(HEAVY_RUNS, chart))
    table.put(size, "CSV export", await median_of(HEAVY_RUNS, csv), target=1000)
    table.put(size, "read all measures", await median_of(HEAVY_RUNS, bare_all), bare=True)
    table.put(size, "digest data, peak memory", await peak_mib(data), unit="MiB")
    table.put(size, "CSV export, peak memory", await peak_mib(csv), unit="MiB")


async def _reminders(path: Path, size: int, table: Table) -> None:
    """The first reminder run (every due stage), each time on a fresh copy of the database
    at `path`; then the daily run and a bare read on the last copy."""
    snapshot = path.with_name("before-reminders.db")
    shutil.copyfile(path, snapshot)
    first: list[float] = []
    for _ in range(REMINDER_RUNS):
        shutil.copyfile(snapshot, path)
        database = Database(f"sqlite+aiosqlite:///{path}")
        service = ReminderService(database, SETTINGS)
        began = time.perf_counter()
        queued = await service.run(NOW)
        first.append((time.perf_counter() - began) * 1000)
        if len(first) < REMINDER_RUNS:
            await database.close()
    table.put(size, "reminder run, first (all due)", statistics.median(first), target=1000)
    table.put(size, "reminders it queued", queued, unit="")
    open_measures = (
        select(*Measure.__table__.columns, Department.room, DepartmentContact.user_id)
        .join(Department, Department.id == Measure.department_id)
        .outerjoin(DepartmentContact, DepartmentContact.department_id == Department.id)
        .where(Measure.deadline.is_not(None), Measure.status.not_in(CLOSED))
    )

    async def bare_open() -> None:
        async with database.transaction() as store:
            (await store.session.execute(open_measures)).all()

    try:
        daily = partial(service.run, NOW)
        table.put(size, "reminder run, daily (nothing new)", await median_of(REMINDER_RUNS, daily))
        read = await median_of(REMINDER_RUNS, bare_open)
        table.put(size, "read open measures, departments", read, bare=True)
    finally:
        await database.close()


async def main(sizes: list[int], updates_per: int, runs: int) -> None:
    """Measure every size, then print the table."""
    table = Table()
    for size in sizes:
        await measure_size(size, updates_per, runs, table)
    table.print(sizes)
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def _sizes(text: str) -> list[int]:
    return sorted({int(part) for part in text.replace("_", "").split(",") if part.strip()})


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=[1_000, 10_000, 50_000])
    parser.add_argument("--updates-per", type=int, default=20)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.sizes, args.updates_per, args.runs))
