"""APScheduler in the configured time zone: the daily reminder run and the weekly digest.

The scheduler only says *when*; what is due comes from the database each time, so a
restart, a changed deadline or a missed run need no bookkeeping here. A missed run is
made up after the first sync at start (`app.run` runs both once then, when the rooms
and the names of their members are known).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.config import Config
from plan.digest_week import DigestWeek
from services.reminders import ReminderService
from services.weekly_digest import DigestService
from storage.db import StorageUnavailable

log = logging.getLogger(__name__)
# how soon a run that found the database unavailable is tried again
RETRY_S = 60


class Scheduler:
    """Runs reminders daily at `reminders.time` and the digest at `digest.cron`."""

    def __init__(
        self,
        config: Config,
        reminders: ReminderService,
        digest: DigestService,
        wake_sender: Callable[[], None],
        clock: Callable[[], datetime],
    ) -> None:
        self.config = config
        self.reminders = reminders
        self.digest = digest
        self.wake_sender = wake_sender
        self.clock = clock
        self._scheduler = AsyncIOScheduler(timezone=config.bot.tz)
        tz = config.bot.tz
        at = config.reminders.time
        # every day at the configured time, in the configured zone (DST-safe)
        self.reminder_trigger = CronTrigger(hour=at.hour, minute=at.minute, timezone=tz)
        self.digest_trigger = CronTrigger.from_crontab(config.digest.cron, timezone=tz)

    def digest_time(self, now: datetime) -> datetime | None:
        """When the digest is scheduled in the week of `now` (its first cron time there)."""
        monday = DigestWeek.of(now, self.config.bot.tz).monday
        scheduled: datetime | None = self.digest_trigger.get_next_fire_time(None, monday)
        return scheduled

    async def run_reminders(self) -> int:
        """One reminder run: queue what is due, wake the sender; never raises.

        While the database is unavailable the run is tried again every RETRY_S.
        """
        try:
            queued = await self.reminders.run(self.clock())
        except StorageUnavailable as error:
            self._retry_later(self.run_reminders, "reminder run", error)
            return 0
        except Exception:
            log.exception("reminder run failed")
            return 0
        if queued:
            log.info("queued %d reminders", queued)
            self.wake_sender()
        return queued

    async def run_digest(self) -> bool:
        """Queue this week's digest if it is due and not yet posted; never raises."""
        try:
            now = self.clock()
            posted = await self.digest.post_if_due(now, self.digest_time(now))
        except StorageUnavailable as error:
            self._retry_later(self.run_digest, "digest run", error)
            return False
        except Exception:
            log.exception("digest run failed")
            return False
        if posted:
            self.wake_sender()
        return posted

    def _retry_later(
        self, job: Callable[[], Awaitable[object]], what: str, error: Exception
    ) -> None:
        log.warning("%s failed (%s); retrying in %d s", what, error, RETRY_S)
        when = datetime.now(self.config.bot.tz) + timedelta(seconds=RETRY_S)
        self._scheduler.add_job(job, DateTrigger(when), max_instances=1)

    def start(self) -> None:
        """Start the schedule (inside the running event loop)."""
        for job, trigger in (
            (self.run_reminders, self.reminder_trigger),
            (self.run_digest, self.digest_trigger),
        ):
            self._scheduler.add_job(
                job, trigger, coalesce=True, max_instances=1, misfire_grace_time=3600
            )
        self._scheduler.start()

    def shutdown(self) -> None:
        """Stop the schedule; a run under way is not awaited."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
