"""Unit-test fixtures: a real SQLite file in tmp_path and a dispatcher with a fixed clock."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.dispatch import Dispatcher
from bot.events import IncomingMessage, IncomingRedaction
from commands import build_registry
from plan.audit import Origin
from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS
from services.catalogue_csv import ImportResult, import_csv
from services.settings import Settings
from storage.db import Database

COORDINATOR = "@koordination:example.org"
STAFF = "@anna:example.org"
ROOM = "!gruppe:example.org"
# Wednesday, 25 November 2026, 10:00 in Berlin
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@dataclass
class Clock:
    """A clock the tests set; commands read `now` from it."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Harness:
    """Sends chat text through the real dispatcher and returns the queued reply content."""

    database: Database
    dispatcher: Dispatcher
    clock: Clock
    _ids: itertools.count[int] = field(default_factory=itertools.count)

    async def say(
        self,
        text: str,
        sender: str = COORDINATOR,
        *,
        event_id: str | None = None,
        group_power: int | None = None,
        is_member: bool = True,
        thread_root: str | None = None,
    ) -> dict[str, Any]:
        message = IncomingMessage(
            room_id=ROOM,
            event_id=event_id or f"$event{next(self._ids)}",
            sender=sender,
            body=text,
            thread_root=thread_root,
            group_power=group_power,
            is_member=is_member,
        )
        queued = await self.dispatcher.handle(message)
        assert queued is not None, f"no reply to {text!r}"
        return queued.content

    async def body(self, text: str, sender: str = COORDINATOR, **kwargs: Any) -> str:
        """The plain reply body to `text`."""
        return str((await self.say(text, sender, **kwargs))["body"])

    async def edit(
        self, original: str, text: str, sender: str = COORDINATOR, author: str | None = None
    ) -> str | None:
        """Edit the message `original` (sent by `author`, default: `sender`) to `text`.

        Returns the reply body, or None if the bot stays silent.
        """
        message = IncomingMessage(
            ROOM,
            f"$edit{next(self._ids)}",
            sender,
            text,
            replaces=original,
            original_sender=author or sender,
        )
        queued = await self.dispatcher.handle(message)
        return None if queued is None else str(queued.content["body"])

    async def redact(
        self, original: str, sender: str = COORDINATOR, group_power: int | None = None
    ) -> str | None:
        """Redact the message `original`; the notice body, or None if there is none."""
        redaction = IncomingRedaction(
            ROOM, f"$redaction{next(self._ids)}", sender, original, group_power
        )
        queued = await self.dispatcher.handle_redaction(redaction)
        return None if queued is None else str(queued.content["body"])


GROUP_ROOM = "#gruppe:example.org"


def make_settings(language: str = "de") -> Settings:
    return Settings(
        language=language,
        tz=ZoneInfo("Europe/Berlin"),
        coordinators=frozenset({COORDINATOR}),
        group_room=GROUP_ROOM,
    )


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await db.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    yield db
    await db.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bot(database: Database, clock: Clock) -> Harness:
    dispatcher = Dispatcher(build_registry(), database, make_settings(), clock)
    return Harness(database, dispatcher, clock)


# the bot's own bookkeeping; every other table is what a command may change
BOOKKEEPING = {
    "processed_events",
    "outbox",
    "sync_state",
    "alembic_version",
    "room_moves",
    "undecrypted_events",
}


def dump(source: Path | sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the bot's bookkeeping, read with plain sqlite3."""
    db = sqlite3.connect(source) if isinstance(source, Path) else source
    try:
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name not in BOOKKEEPING
        ]
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        if db is not source:
            db.close()


async def run_import(
    database: Database, data: bytes, tz: ZoneInfo, origin: Origin, dry_run: bool = False
) -> ImportResult:
    """Import a CSV file in one transaction, as `europa-bot import` does."""
    async with database.transaction(commit=not dry_run) as store:
        return await import_csv(store, data, tz, origin)
