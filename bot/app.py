"""The composition root: configuration → storage → commands → gateway; run and shut down."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.config import Config
from bot.cross_signing import CrossSigningState
from bot.data_dir import DataDir
from bot.device import Device
from bot.dispatch import Dispatcher
from bot.failures import retry
from bot.matrix import SYNC_TIMEOUT_MS, Gateway
from bot.metrics import Metrics, MetricsServer, stale_after
from bot.scheduler import Scheduler
from commands import build_registry
from services.reminders import ReminderService
from services.settings import Settings
from services.weekly_digest import DigestService
from storage.db import Database

log = logging.getLogger(__name__)
# sent messages are kept a while for inspection, then pruned at start
OUTBOX_KEEP = timedelta(days=7)
# handled event ids guard against replays; a sync never goes back this far
PROCESSED_KEEP = timedelta(days=90)


def utc_now() -> datetime:
    """The real clock; tests inject their own."""
    return datetime.now(UTC)


def settings_of(config: Config) -> Settings:
    """What commands and services need to know from the configuration."""
    return Settings(
        language=config.bot.language,
        tz=config.bot.tz,
        coordinators=frozenset(config.bot.coordinators),
        group_room=config.bot.group_room,
        reminders=config.reminders,
        stale_after_days=config.digest.stale_after_days,
    )


async def run(config: Config, clock: Callable[[], datetime] = utc_now) -> None:
    """Run the bot until SIGTERM or SIGINT, then shut down cleanly.

    Raises:
        FatalError: the bot cannot run (another instance, login refused, …).
    """
    data = DataDir.open(config.bot.data_dir)
    stopping = asyncio.Event()
    database = Database(config.storage.url)
    settings = settings_of(config)
    metrics = Metrics()
    dispatcher = Dispatcher(build_registry(), database, settings, clock, metrics)
    device = Device(config.matrix, data, stopping)
    gateway = Gateway(config, database, dispatcher, device, stopping, metrics)
    server = None
    if config.metrics is not None:
        server = MetricsServer(
            metrics, database, config.metrics, stale_after(SYNC_TIMEOUT_MS / 1000)
        )
    scheduler = Scheduler(
        config,
        ReminderService(database, settings, gateway.rooms.names_in),
        DigestService(database, settings, gateway.rooms.names_in),
        gateway.outbox.wake,
        clock,
    )
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    try:
        if server is not None:
            await server.start()
        await retry("opening the database", lambda: _open(database, config, clock()), stopping)
        await device.login()
        if stopping.is_set():
            return
        await device.cross_sign()
        await gateway.join_configured_rooms()
        catch_up = asyncio.create_task(_catch_up(gateway, scheduler))
        try:
            await gateway.run()
        finally:
            # a run cut short ends its transaction before the database is closed: a
            # connection left checked out keeps its thread, and the process, alive
            catch_up.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await catch_up
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        scheduler.shutdown()
        if server is not None:
            await server.stop()
        await gateway.close()
        await database.close()
        data.close()
        log.info("stopped")


async def _catch_up(gateway: Gateway, scheduler: Scheduler) -> None:
    """After the first sync (the rooms' members and names known), make up for reminders
    and a digest missed while the bot was down, then start the schedule."""
    await gateway.ready.wait()
    await scheduler.run_reminders()
    await scheduler.run_digest()
    scheduler.start()


async def _open(database: Database, config: Config, now: datetime) -> None:
    await database.start(config.fields, config.goals)
    async with database.transaction() as store:
        await store.outbox.prune_outbox(now - OUTBOX_KEEP)
        await store.events.prune_processed(now - PROCESSED_KEEP)
        await store.uploads.prune(now - OUTBOX_KEEP)


async def reset_cross_signing(config: Config) -> CrossSigningState:
    """`europa-bot reset-cross-signing`: new cross-signing keys for the bot's account.

    Raises:
        FatalError: the bot runs (the data_dir is locked), or the login was refused.
        MatrixError: the homeserver refused the new keys (e.g. a wrong password).
    """
    data = DataDir.open(config.bot.data_dir)
    device = Device(config.matrix, data, asyncio.Event())
    try:
        await device.login()
        return await device.reset_cross_signing()
    finally:
        await device.client.close()
        data.close()
