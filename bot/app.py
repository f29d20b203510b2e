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
from commands import build_registry
from commands.context import Settings
from storage.db import Database

log = logging.getLogger(__name__)
# sent messages are kept a while for inspection, then pruned at start
OUTBOX_KEEP = timedelta(days=7)


def utc_now() -> datetime:
    """The real clock; tests inject their own."""
    return datetime.now(UTC)


def settings_of(config: Config) -> Settings:
    """What commands need to know from the configuration."""
    return Settings(
        language=config.bot.language,
        tz=config.bot.tz,
        coordinators=frozenset(config.bot.coordinators),
    )


async def run(config: Config, clock: Callable[[], datetime] = utc_now) -> None:
    """Run the bot until SIGTERM or SIGINT, then shut down cleanly."""
    database = Database(config.storage.url)
    await database.start(config.fields, config.goals)
    async with database.transaction() as store:
        await store.events.prune_outbox(clock() - OUTBOX_KEEP)
    dispatcher = Dispatcher(build_registry(), database, settings_of(config), clock)
    gateway = Gateway(config, database, dispatcher)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, gateway.stop)
    try:
        await gateway.login()
        await gateway.join_configured_rooms()
        await gateway.run()
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        await gateway.close()
        await database.close()
        log.info("stopped")
