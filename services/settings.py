"""What commands and services need from the configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from plan.reminder_stages import ReminderPolicy


@dataclass(frozen=True)
class Settings:
    """Language, zone, people and schedule-independent policies of one bot instance."""

    language: str
    tz: ZoneInfo
    coordinators: frozenset[str]
    group_room: str = ""
    reminders: ReminderPolicy = field(default_factory=ReminderPolicy)
    stale_after_days: int = 28
