"""Which week a digest covers and when it is due.

A digest belongs to the ISO week of the moment it is made in the configured zone; it
reports the seven days before that moment and looks two weeks ahead for deadlines. It is
due once the first scheduled time of its week has passed (the scheduler knows the
schedule), and goes out once per week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

# the updates a digest reports: the seven days before it
WINDOW = timedelta(days=7)
# the deadlines it announces: the next fourteen days
DUE_SOON = timedelta(days=14)


@dataclass(frozen=True)
class DigestWeek:
    """The ISO week of a digest, and the span of time it reports."""

    year: int
    week: int
    monday: datetime  # 00:00 local time, the start of the week
    now: datetime  # local time

    @classmethod
    def of(cls, now: datetime, tz: ZoneInfo) -> DigestWeek:
        """The week `now` falls in, in zone `tz`."""
        local = now.astimezone(tz)
        year, week, _ = local.isocalendar()
        monday = (local - timedelta(days=local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        return cls(year, week, monday, local)

    @property
    def since(self) -> datetime:
        """The start of the span whose updates the digest reports."""
        return self.now - WINDOW

    @property
    def today(self) -> date:
        """The local date the digest is made on."""
        return self.now.date()

    @property
    def due_soon_until(self) -> date:
        """The last day whose deadlines count as "due soon"."""
        return self.today + DUE_SOON

    @property
    def key(self) -> str:
        """A stable name of the week, e.g. "2026-W48" (for transaction ids)."""
        return f"{self.year}-W{self.week:02d}"

    def is_due(self, scheduled: datetime | None) -> bool:
        """Whether the week's scheduled time (`scheduled`, None: none this week) has passed."""
        return scheduled is not None and scheduled <= self.now
