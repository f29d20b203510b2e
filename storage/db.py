"""The database: engine, SQLite settings, migrations at start, one transaction per unit of work."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Connection, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from storage.repositories import Store

MIGRATIONS = Path(__file__).parent / "migrations"


_WAIT_HELPS = ("locked", "busy", "disk", "full", "connect", "closed", "timeout", "terminat")


class StorageUnavailable(Exception):
    """The database could not be reached or stayed locked: retry later, nothing was written.

    Raised by `Database.transaction()` for operational failures (locked, disconnected,
    timed out), never for a bug such as a constraint violation.
    """


def _unavailable(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, exc.OperationalError):
        # locked, busy, a full disk, a lost connection: waiting helps; a bad statement not
        return any(word in str(error).lower() for word in _WAIT_HELPS)
    return isinstance(error, exc.InterfaceError | exc.TimeoutError | ConnectionError)


def alembic_config(connection: Connection | None = None) -> AlembicConfig:
    """An Alembic configuration for the bundled migrations, bound to `connection` if given."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def _configure_sqlite(engine: AsyncEngine) -> None:
    """WAL, foreign keys, a busy timeout, and transactions that take the write lock at BEGIN.

    The sqlite3 module opens transactions lazily, only before the first write; a
    command that reads and then writes would not be atomic. We emit BEGIN IMMEDIATE
    ourselves so every unit of work is one serialised transaction.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """Owns the engine; hands out one `Store` per transaction."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite and parsed.database not in (None, "", ":memory:"):
            self.path: Path | None = Path(parsed.database)
        else:
            self.path = None
        # every unit of work ends in a commit or a rollback: a connection handed back to
        # the pool needs no second rollback (one round trip less per transaction)
        self.engine = create_async_engine(url, pool_reset_on_return=None)
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    async def start(
        self, fields: tuple[tuple[str, str], ...], goals: tuple[tuple[int, str], ...]
    ) -> None:
        """Create or upgrade the schema to the newest migration and sync fields and goals.

        Raises:
            StorageUnavailable: the database is locked or unreachable.
        """
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            async with self.engine.begin() as conn:
                await conn.run_sync(lambda c: command.upgrade(alembic_config(c), "head"))
        except Exception as error:
            if _unavailable(error):
                raise StorageUnavailable(str(error).splitlines()[0]) from error
            raise
        async with self.transaction() as store:
            await store.fields.sync(fields, goals)

    @asynccontextmanager
    async def transaction(self, commit: bool = True) -> AsyncIterator[Store]:
        """One unit of work: commits when the block ends, rolls back if it raises.

        With `commit=False` it always rolls back: a dry run sees its own changes only.

        Raises:
            StorageUnavailable: the database failed operationally; nothing was committed.
        """
        try:
            async with self._sessions() as session, session.begin() as work:
                yield Store(session)
                if not commit:
                    await work.rollback()
        except StorageUnavailable:
            raise
        except Exception as error:
            if _unavailable(error):
                raise StorageUnavailable(str(error).splitlines()[0]) from error
            raise

    async def close(self) -> None:
        """Close all connections."""
        await self.engine.dispose()


async def backup(url: str, target: Path) -> None:
    """Write a consistent copy of the SQLite database at `url` to `target`, also while the
    bot runs (SQLite's online backup); `target` appears only once it is complete.

    Raises:
        ValueError: the database is not an SQLite file (PostgreSQL: use pg_dump).
        FileNotFoundError: the database file does not exist.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        raise ValueError("not an SQLite file")
    await asyncio.to_thread(_sqlite_backup, Path(parsed.database), target)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.exists():  # connecting would create an empty database
        raise FileNotFoundError(source)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    reading = sqlite3.connect(source)
    try:
        writing = sqlite3.connect(partial)
        try:
            reading.backup(writing)
        finally:
            writing.close()
    finally:
        reading.close()
    partial.replace(target)
