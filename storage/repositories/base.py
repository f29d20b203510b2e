"""What every repository shares: the session of its one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class Repository:
    """A repository works inside the session (the transaction) it was made with."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
