"""What every repository shares: the session of its one transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession


class Repository:
    """A repository works inside the session (the transaction) it was made with."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session


def aware(moment: datetime | str) -> datetime:
    """A moment as an aware datetime: aggregates bypass the column type, and SQLite hands
    back naive UTC (or, through some functions, text)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
