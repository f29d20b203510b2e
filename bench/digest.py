"""Digest build time and peak memory for 10,000 measures and 200,000 updates.

    python -m bench.digest [--measures 10000] [--updates 200000]

Fills SQLite as bench/updates.py does (updates spread over 200,000 minutes, about 139
days, so the 7-day window holds about 10,000), then times building the digest data,
rendering the message, drawing the chart and exporting the CSV, next to the baseline of
loading all measures in one query. Each step is timed untraced, then repeated under
tracemalloc for its peak Python memory; the process's peak RSS is printed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.updates import fill
from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS
from services.catalogue_csv import export_csv
from services.digest import build_digest
from services.digest_chart import render_chart
from services.digest_message import digest_reply
from storage.db import Database

BERLIN = ZoneInfo("Europe/Berlin")


async def measured(name: str, work: Callable[[], Awaitable[Any]]) -> Any:
    """Time one call untraced, then repeat it under tracemalloc for its peak memory."""
    began = time.perf_counter()
    result = await work()
    took = (time.perf_counter() - began) * 1000
    tracemalloc.start()
    await work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {name:<44} {took:8.1f} ms   peak {peak / 2**20:6.1f} MiB")
    return result


async def main(measures: int, updates: int) -> None:
    """Fill a database and time digest, chart and export next to a bare load."""
    with tempfile.TemporaryDirectory(prefix="europa-bench-") as tmp:
        database = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
        await fill(database, measures, updates)
        now = datetime(2024, 5, 19, tzinfo=UTC)  # the end of the filled history
        print(f"\nDigest over {measures} measures and {updates} updates (as of {now:%d.%m.%Y}):")

        async def baseline() -> int:
            async with database.transaction() as store:
                return len(await store.reports.measures())

        async def data() -> Any:
            async with database.transaction() as store:
                return await build_digest(store, now, BERLIN, 28)

        async def csv() -> Any:
            async with database.transaction() as store:
                return await export_csv(store, BERLIN)

        await measured("baseline: load all measures", baseline)
        digest = await measured("build digest data (all queries)", data)
        reply = await measured(
            "render message (HTML + plain)", lambda: asyncio.sleep(0, digest_reply(digest, "de"))
        )
        await measured(
            "draw chart (first use imports matplotlib)",
            lambda: asyncio.to_thread(render_chart, digest, "de"),
        )
        data_csv, _ = await measured("CSV export", csv)
        recent = sum(len(f.updates) for f in digest.fields)
        print(
            f"  digest: {recent} updates in the window, message {len(reply.body) / 1024:.0f} KiB "
            f"plain / {len(reply.html) / 1024:.0f} KiB HTML; CSV {len(data_csv) / 2**20:.1f} MiB"
        )
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  process peak RSS: {peak_rss:.0f} MiB")
        await database.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=200_000)
    args = parser.parse_args()
    asyncio.run(main(args.measures, args.updates))
