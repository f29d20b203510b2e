"""Posting the weekly digest to the group room: once per ISO week, after its time.

When the digest is scheduled is the scheduler's (`bot.scheduler`); this service is told
the scheduled time of the current week and queues the digest if that time has passed
and the week's digest was not queued yet, so a restart or a missed run changes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime

from messages.matrix_content import NamesIn, no_names_in
from plan.digest_week import DigestWeek
from services.digest import build_digest
from services.digest_message import digest_with_chart
from services.outbox_queue import digest_txn_id, queue_reply
from services.settings import Settings
from storage.db import Database

log = logging.getLogger(__name__)


class DigestService:
    """Queues the weekly digest to the group room, once per ISO week."""

    def __init__(
        self, database: Database, settings: Settings, names: NamesIn = no_names_in
    ) -> None:
        self.database = database
        self.settings = settings
        self.names = names  # display names as a room shows them (the gateway's)

    async def post_if_due(self, now: datetime, scheduled: datetime | None) -> bool:
        """Queue this week's digest if `scheduled` (its time this week) has passed and it
        was not queued yet; return whether it was queued now."""
        week = DigestWeek.of(now, self.settings.tz)
        if not week.is_due(scheduled):
            return False
        async with self.database.transaction() as store:
            if await store.digests.posted(week.year, week.week):
                return False
            digest = await build_digest(
                store, now, self.settings.tz, self.settings.stale_after_days, trend=True
            )
        room = self.settings.group_room
        reply = await digest_with_chart(digest, self.settings.language, self.names(room))
        async with self.database.transaction() as store:
            if await store.digests.posted(week.year, week.week):
                return False
            store.digests.record(week.year, week.week, now)
            await queue_reply(store, room, digest_txn_id(week.key), reply, now)
        log.info("queued the digest of week %s", week.key)
        return True
