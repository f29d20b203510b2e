"""The weekly digests queued so far: one per ISO week, so a restart never posts twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from storage.models import PostedDigest
from storage.repositories.base import Repository


class DigestRepository(Repository):
    """Which weeks' digests were queued."""

    async def posted(self, year: int, week: int) -> bool:
        """Whether the digest of ISO week `week` of `year` was queued already."""
        query = select(PostedDigest.id).where(
            PostedDigest.iso_year == year, PostedDigest.iso_week == week
        )
        return await self.session.scalar(query) is not None

    def record(self, year: int, week: int, at: datetime) -> None:
        """Record the week's digest as queued (same transaction as its messages)."""
        self.session.add(PostedDigest(iso_year=year, iso_week=week, queued_at=at))
