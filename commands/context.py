"""The one typed context every command handler receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from commands import texts
from commands.registry import Registry
from commands.reply import Text
from storage.repositories import Origin, Store


@dataclass(frozen=True)
class ReminderPolicy:
    """When reminders go out (the `[reminders]` configuration)."""

    days_before: tuple[int, ...] = (14, 3, 0)
    at: time = time(9, 0)
    overdue_every_days: int = 7


@dataclass(frozen=True)
class Settings:
    """What commands and services need from the configuration."""

    language: str
    tz: ZoneInfo
    coordinators: frozenset[str]
    group_room: str = ""
    reminders: ReminderPolicy = field(default_factory=ReminderPolicy)
    stale_after_days: int = 28


@dataclass(frozen=True)
class CommandContext:
    """Who sent the command, where, when, and the repositories of its one transaction."""

    sender: str
    room_id: str
    event_id: str | None
    now: datetime
    settings: Settings
    store: Store
    registry: Registry
    # the sender's power level in the group room (None: not there); see commands.permissions
    group_power: int | None = None
    is_member: bool = True
    # set when the message is an edit: the edit's own event id (`event_id` is then the
    # original's, so what the command records stays tied to the original message)
    edit_of: str | None = None

    @property
    def language(self) -> str:
        """The language replies are written in."""
        return self.settings.language

    @property
    def today(self) -> date:
        """Today's date in the configured time zone."""
        return self.now.astimezone(self.settings.tz).date()

    @property
    def origin(self) -> Origin:
        """The audit-trail origin of changes this command makes."""
        return Origin(self.sender, self.now, self.event_id, self.room_id, self.edit_of)

    def text(self, key: str, /, **values: Any) -> Text:
        """The text `key` in the reply language, filled with escaped values."""
        return texts.render(self.language, key, **values)

    def word(self, key: str) -> str:
        """A single word or label in the reply language."""
        return texts.word(self.language, key)

    def local(self, moment: datetime) -> str:
        """A moment in the configured zone as "25.11.2026 10:00"."""
        return f"{moment.astimezone(self.settings.tz):%d.%m.%Y %H:%M}"

    def date(self, day: date | None) -> str:
        """A date as "Fr, 31.03.2028", or a dash when there is none."""
        return texts.format_date(self.language, day) if day else self.word("none")
