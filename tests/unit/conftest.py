"""Unit-test fixtures: a real SQLite file or PostgreSQL database, a dispatcher, a fixed clock."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Connection, inspect

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


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database of each kind the bot runs on: an SQLite file, a PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    else:
        url = await request.getfixturevalue("postgres").create_database()
    db = Database(url)
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


Contents = dict[str, list[tuple[Any, ...]]]


def _contents(tables: Iterable[str], rows: Callable[[str], Iterable[Sequence[Any]]]) -> Contents:
    return {
        table: sorted((tuple(row) for row in rows(f'SELECT * FROM "{table}"')), key=repr)
        for table in tables
        if table not in BOOKKEEPING
    }


def dump(db: sqlite3.Connection) -> Contents:
    """Every row of every table but the bot's bookkeeping, read over a plain sqlite3 connection."""
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return _contents(tables, lambda query: db.execute(query).fetchall())


async def snapshot(database: Database) -> Contents:
    """Every row of every table but the bot's bookkeeping, on any database the bot runs on."""

    def read(connection: Connection) -> Contents:
        tables = inspect(connection).get_table_names()
        return _contents(tables, lambda query: connection.exec_driver_sql(query).all())

    async with database.engine.connect() as connection:
        return await connection.run_sync(read)


async def run_import(
    database: Database, data: bytes, tz: ZoneInfo, origin: Origin, dry_run: bool = False
) -> ImportResult:
    """Import a CSV file in one transaction, as `europa-bot import` does."""
    async with database.transaction(commit=not dry_run) as store:
        return await import_csv(store, data, tz, origin)
