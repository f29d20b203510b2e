"""The one typed context every command handler receives."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from commands.registry import Registry
from messages import dates, texts
from messages.matrix_content import Names, no_names, person
from messages.text import Text
from plan.audit import Origin
from services.settings import Settings
from storage.repositories import Store

# shows the room that the bot works on a command, while the context is entered
Working = Callable[[], AbstractAsyncContextManager[object]]


def not_shown() -> AbstractAsyncContextManager[object]:
    """Working without showing it (no room to show it in, as in tests)."""
    return nullcontext()


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
    # the edit or redaction event this command comes through; `event_id` is then the
    # original message's, so what the command records stays tied to the original
    via_event_id: str | None = None
    # display names as the command's room shows them (the gateway's; none in tests)
    names: Names = no_names
    # the gateway's typing notice in the command's room, for slow commands
    working: Working = not_shown

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
        return Origin(self.sender, self.now, self.event_id, self.room_id, self.via_event_id)

    def text(self, key: str, /, **values: Any) -> Text:
        """The text `key` in the reply language, filled with escaped values."""
        return texts.render(self.language, key, **values)

    def counted(self, key: str, n: int, /, **values: Any) -> Text:
        """The text `key` for the number `n` ("1 Eintrag", "2 Einträge") in the reply language."""
        return texts.render_count(self.language, key, n, **values)

    def person(self, actor: str) -> Text:
        """Who did something, by display name, as a pill linking their Matrix id."""
        return person(actor, self.names)

    def word(self, key: str) -> str:
        """A single word or label in the reply language."""
        return texts.word(self.language, key)

    def status(self, status: str | None) -> str:
        """A status in the reply language."""
        return texts.status_word(self.language, status)

    def local(self, moment: datetime) -> str:
        """A moment in the configured zone as "25.11.2026 10:00"."""
        return dates.moment(moment, self.settings.tz)

    def date(self, day: date | None) -> str:
        """A date as "Fr, 31.03.2028", or a dash when there is none."""
        return texts.format_date(self.language, day) if day else self.word("none")
