"""APScheduler in the configured time zone: the daily reminder run and the weekly digest.

The scheduler only says *when*; what is due comes from the database each time, so a
restart, a changed deadline or a missed run need no bookkeeping here. A missed run is
made up at start (`app.run` runs both once before syncing).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.config import Config
from commands.digest import DigestService
from commands.reminders import ReminderService

log = logging.getLogger(__name__)


class Scheduler:
    """Runs reminders daily at `reminders.time` and the digest at `digest.cron`; then sends."""

    def __init__(
        self,
        config: Config,
        reminders: ReminderService,
        digest: DigestService,
        send: Callable[[], Awaitable[None]],
        clock: Callable[[], datetime],
    ) -> None:
        self.config = config
        self.reminders = reminders
        self.digest = digest
        self.send = send
        self.clock = clock
        self._scheduler = AsyncIOScheduler(timezone=config.bot.tz)

    def reminder_trigger(self) -> CronTrigger:
        """Every day at the configured time, in the configured zone (DST-safe)."""
        at = self.config.reminders.time
        return CronTrigger(hour=at.hour, minute=at.minute, timezone=self.config.bot.tz)

    async def run_reminders(self) -> int:
        """One reminder run: queue what is due, send it; never raises."""
        try:
            queued = await self.reminders.run(self.clock())
            if queued:
                log.info("queued %d reminders", queued)
            await self.send()
            return queued
        except Exception:
            log.exception("reminder run failed")
            return 0

    async def run_digest(self) -> bool:
        """Queue this week's digest if it is due and not yet posted, send it; never raises."""
        try:
            posted = await self.digest.post_if_due(self.clock())
            if posted:
                await self.send()
            return posted
        except Exception:
            log.exception("digest run failed")
            return False

    def start(self) -> None:
        """Start the schedule (inside the running event loop)."""
        for job, trigger in (
            (self.run_reminders, self.reminder_trigger()),
            (self.run_digest, self.digest.trigger),
        ):
            self._scheduler.add_job(
                job, trigger, coalesce=True, max_instances=1, misfire_grace_time=3600
            )
        self._scheduler.start()

    def shutdown(self) -> None:
        """Stop the schedule; a run under way is not awaited."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
