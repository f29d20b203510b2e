"""The composition root: configuration → storage → commands → gateway; run and shut down."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.config import Config
from bot.dispatch import Dispatcher
from bot.matrix import Gateway
from bot.scheduler import Scheduler
from commands import build_registry
from commands.context import ReminderPolicy, Settings
from commands.digest import DigestService
from commands.reminders import ReminderService
from storage.db import Database

log = logging.getLogger(__name__)
# sent messages are kept a while for inspection, then pruned at start
OUTBOX_KEEP = timedelta(days=7)


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
        reminders=ReminderPolicy(
            days_before=config.reminders.days_before,
            at=config.reminders.time,
            overdue_every_days=config.reminders.overdue_every_days,
        ),
        stale_after_days=config.digest.stale_after_days,
    )


async def run(config: Config, clock: Callable[[], datetime] = utc_now) -> None:
    """Run the bot until SIGTERM or SIGINT, then shut down cleanly."""
    database = Database(config.storage.url)
    await database.start(config.fields, config.goals)
    async with database.transaction() as store:
        await store.events.prune_outbox(clock() - OUTBOX_KEEP)
    settings = settings_of(config)
    dispatcher = Dispatcher(build_registry(), database, settings, clock)
    gateway = Gateway(config, database, dispatcher)
    scheduler = Scheduler(
        config,
        ReminderService(database, settings),
        DigestService(database, settings, config.digest.cron),
        gateway.send_outbox,
        clock,
    )
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, gateway.stop)
    try:
        await gateway.login()
        await gateway.join_configured_rooms()
        # catch up on reminders and a digest missed while down; sent after the first sync
        await scheduler.run_reminders()
        await scheduler.run_digest()
        scheduler.start()
        await gateway.run()
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        scheduler.shutdown()
        await gateway.close()
        await database.close()
        log.info("stopped")
