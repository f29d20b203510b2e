"""Metrics and health of one bot: Prometheus counters and gauges, and the HTTP server
that serves them as `/metrics` and `/health` on `[metrics] listen`.

`Metrics` keeps its own registry (not prometheus-client's global one), so several bots
in one process, as in the tests, count apart. The dispatcher, the outbox and the sync
loop tick it; the outbox length is read from the database when it is asked for.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from typing import Any, Literal, get_args

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge
from prometheus_client.exposition import generate_latest

from bot.config import MetricsConfig
from bot.failures import FatalError
from commands.errors import CommandError, Forbidden, NotFound, Silent, UsageError
from services.outbox_queue import kind_of
from storage.db import Database

log = logging.getLogger(__name__)

Outcome = Literal["ok", "silent", "usage", "not_found", "forbidden", "refused", "error"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
# how long /health and /metrics wait for the database before calling it unavailable
DATABASE_TIMEOUT_S = 2.0


def outcome_of(error: Exception | None) -> Outcome:
    """How a command ended: without error (None), refused in one of its ways, or failed."""
    match error:
        case None:
            return "ok"
        case Silent():
            return "silent"
        case UsageError():
            return "usage"
        case NotFound():
            return "not_found"
        case Forbidden():
            return "forbidden"
        case CommandError():
            return "refused"
        case _:
            return "error"


def stale_after(sync_timeout_s: float) -> float:
    """How old the last successful sync may be while the bot counts as healthy."""
    # A quiet long poll comes back empty after one sync timeout, so a working loop syncs
    # at least that often. Three timeouts in a row without success, plus 30 s for slow
    # handling (a digest, key maintenance), mean the loop hangs or the homeserver has
    # been away for over a minute (the backoff reaches its 60 s cap); one failed sync
    # and its retry do not.
    return 3 * sync_timeout_s + 30


class Metrics:
    """The counters and gauges of one bot, in a registry of its own."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.registry = CollectorRegistry()
        self._clock = clock
        self._last_sync: float | None = None
        self.commands = Counter(
            "europa_bot_commands",
            "Commands handled, by outcome",
            ["outcome"],
            registry=self.registry,
        )
        for outcome in OUTCOMES:
            self.commands.labels(outcome)
        self.replies_sent = Counter(
            "europa_bot_replies_sent", "Replies to commands sent", registry=self.registry
        )
        self.reminders_sent = Counter(
            "europa_bot_reminders_sent", "Deadline reminders sent", registry=self.registry
        )
        self.digests_posted = Counter(
            "europa_bot_digests_posted", "Weekly digests posted", registry=self.registry
        )
        self.undecryptable = Counter(
            "europa_bot_undecryptable_events",
            "Encrypted events that arrived without their room key",
            registry=self.registry,
        )
        self.outbox_length = Gauge(
            "europa_bot_outbox_length",
            "Messages queued and not yet sent (NaN: the database did not answer)",
            registry=self.registry,
        )
        self.outbox_length.set(math.nan)
        Gauge(
            "europa_bot_last_sync_age_seconds",
            "Seconds since the last successful sync (NaN: none yet)",
            registry=self.registry,
        ).set_function(lambda: math.nan if (age := self.sync_age()) is None else age)

    def command(self, error: Exception | None) -> None:
        """Count a handled command by how it ended (`error` None: it succeeded)."""
        self.commands.labels(outcome_of(error)).inc()

    def sent(self, txn_id: str) -> None:
        """Count a message the homeserver accepted, if it is a reply, reminder or digest."""
        match kind_of(txn_id):
            case "reply":
                self.replies_sent.inc()
            case "reminder":
                self.reminders_sent.inc()
            case "digest":
                self.digests_posted.inc()

    def synced(self) -> None:
        """A sync succeeded (its events handled and its position stored)."""
        self._last_sync = self._clock()

    def sync_age(self) -> float | None:
        """Seconds since the last successful sync; None before the first one."""
        return None if self._last_sync is None else self._clock() - self._last_sync


class MetricsServer:
    """`/metrics` and `/health` over HTTP on the configured address, in the bot's loop."""

    def __init__(
        self, metrics: Metrics, database: Database, config: MetricsConfig, stale_after_s: float
    ) -> None:
        self.metrics = metrics
        self.database = database
        self.config = config
        self.stale_after_s = stale_after_s
        self._probe: asyncio.Task[str | None] | None = None
        app = web.Application()
        app.router.add_get("/metrics", self._serve_metrics)
        app.router.add_get("/health", self._serve_health)
        self._runner = web.AppRunner(app, access_log=None)

    async def start(self) -> None:
        """Listen on the configured host and port.

        Raises:
            FatalError: the address cannot be bound (in use, or not of this machine).
        """
        host, port = self.config.host, self.config.port
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, host, port).start()
        except OSError as error:
            await self._runner.cleanup()
            raise FatalError(f"cannot serve metrics on {host}:{port}: {error}") from None
        log.info("serving /metrics and /health on %s:%d", host, port)

    async def stop(self) -> None:
        """Stop listening; a database probe under way is abandoned."""
        if self._probe is not None:
            self._probe.cancel()
        await self._runner.cleanup()

    async def health(self) -> tuple[int, dict[str, Any]]:
        """The status and JSON of `/health`: 200 if syncing and database work, else 503."""
        age = self.metrics.sync_age()
        database = await self._database_problem()
        if age is None:
            sync = "none yet"
        elif age > self.stale_after_s:
            sync = f"older than {self.stale_after_s:g} s"
        else:
            sync = "ok"
        healthy = sync == "ok" and database is None
        body = {
            "status": "ok" if healthy else "failing",
            "last_sync_seconds": None if age is None else round(age, 1),
            "sync": sync,
            "database": database or "ok",
        }
        return (200 if healthy else 503), body

    async def _database_problem(self) -> str | None:
        """Ask the database for the outbox length; None if it answered, else why not.

        A probe that takes longer than DATABASE_TIMEOUT_S (a lock held elsewhere) is
        left running rather than cancelled, since cancelling does not free the
        connection before the driver gives up; the next request waits for it again.
        """
        if self._probe is None or self._probe.done():
            self._probe = asyncio.create_task(self._count_unsent())
        done, _ = await asyncio.wait({self._probe}, timeout=DATABASE_TIMEOUT_S)
        if not done:
            self.metrics.outbox_length.set(math.nan)
            return f"no answer within {DATABASE_TIMEOUT_S:g} s"
        return self._probe.result()

    async def _count_unsent(self) -> str | None:
        # a query of a real table: in SQLite "SELECT 1" would not even open the file
        try:
            async with self.database.transaction() as store:
                unsent = await store.outbox.count_unsent()
        except Exception as error:
            self.metrics.outbox_length.set(math.nan)
            return (str(error).splitlines() or [type(error).__name__])[0]
        self.metrics.outbox_length.set(unsent)
        return None

    async def _serve_metrics(self, _request: web.Request) -> web.Response:
        await self._database_problem()
        body = generate_latest(self.metrics.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _serve_health(self, _request: web.Request) -> web.Response:
        status, body = await self.health()
        return web.json_response(body, status=status)
