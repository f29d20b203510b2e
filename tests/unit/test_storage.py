"""Storage on SQLite and PostgreSQL: migrations match the models, start is repeatable,
constraints hold, measure numbers have no gaps; SQLite runs in WAL mode."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, select, text
from sqlalchemy.exc import IntegrityError

from bot.local_synapse import free_port
from plan.audit import MeasureCreated, Origin
from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS
from storage.db import Database, StorageUnavailable, alembic_config
from storage.models import Base, Change
from tests.postgres import PostgresServer
from tests.unit.conftest import NOW


async def test_migrations_produce_exactly_the_models(database: Database) -> None:
    def diff(conn: Connection) -> list[object]:
        return list(compare_metadata(MigrationContext.configure(conn), Base.metadata))

    async with database.engine.connect() as conn:
        assert await conn.run_sync(diff) == []


async def test_a_second_start_upgrades_in_place_and_keeps_data(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}"
    first = Database(url)
    await first.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    async with first.transaction() as store:
        await store.measures.add(
            Origin("@a:hs", datetime.now(UTC)), field_code="HF1", title="bleibt"
        )
    await first.close()
    renamed = (("HF1", "Neu benannt"), *DEFAULT_FIELDS[1:], ("HF5", "Zusatzfeld"))
    second = Database(url)
    await second.start(renamed, DEFAULT_GOALS)
    async with second.transaction() as store:
        measure = await store.measures.get(1)
        assert measure is not None and measure.title == "bleibt"
        field = await store.fields.get("HF1")
        assert field is not None and field.name == "Neu benannt"
        assert [f.code for f in await store.fields.all()] == ["HF1", "HF2", "HF3", "HF4", "HF5"]
    await second.close()


async def test_sqlite_uses_wal(tmp_path: Path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    async with database.engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
    await database.close()


async def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(IntegrityError):
        async with database.transaction() as store:
            await store.measures.add(Origin("@a:hs", NOW), field_code="HF9", title="ohne Feld")


async def test_measure_numbers_follow_the_highest_also_after_a_dry_run(database: Database) -> None:
    origin = Origin("@a:hs", NOW)
    async with database.transaction(commit=False) as store:
        assert (await store.measures.add(origin, field_code="HF1", title="Probe")).id == 1
    async with database.transaction() as store:
        assert (await store.measures.add(origin, field_code="HF1", title="A", measure_id=7)).id == 7
    async with database.transaction() as store:
        assert (await store.measures.add(origin, field_code="HF1", title="B")).id == 8


async def test_a_failed_transaction_leaves_nothing(database: Database) -> None:
    origin = Origin("@a:hs", datetime.now(UTC))
    try:
        async with database.transaction() as store:
            await store.measures.add(origin, field_code="HF1", title="halb")
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    async with database.transaction() as store:
        assert await store.measures.get(1) is None
        assert await store.changes.for_measure(1) == []


async def test_datetimes_come_back_aware_in_utc(database: Database) -> None:
    at = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    async with database.transaction() as store:
        await store.measures.add(Origin("@a:hs", at), field_code="HF1", title="x")
    async with database.transaction() as store:
        measure = await store.measures.get(1)
        assert measure is not None and measure.created_at == at
        assert measure.created_at.tzinfo is UTC


async def test_sent_outbox_messages_are_pruned_unsent_ones_kept(database: Database) -> None:
    old = datetime(2026, 1, 1, tzinfo=UTC)
    async with database.transaction() as store:
        sent = await store.outbox.enqueue("!r:hs", "t1", "m.room.message", {}, old)
        await store.outbox.enqueue("!r:hs", "t2", "m.room.message", {}, old)
        await store.outbox.mark_sent(sent.id, "$e", old)
    async with database.transaction() as store:
        assert await store.outbox.prune_outbox(datetime(2026, 2, 1, tzinfo=UTC)) == 1
        assert [m.txn_id for m in await store.outbox.unsent()] == ["t2"]


async def test_a_room_upgrade_moves_the_departments_rooms(database: Database) -> None:
    origin = Origin("@k:hs", datetime(2026, 11, 25, tzinfo=UTC))
    async with database.transaction() as store:
        await store.departments.add("FB18", "Personal", "!alt", [], origin)
        await store.departments.add("FB19", "Kultur", "#kultur:hs", [], origin)
    async with database.transaction() as store:
        assert await store.rooms.record_move("!alt", "!neu", origin.at)
        assert not await store.rooms.record_move("!alt", "!neu", origin.at)  # once
    async with database.transaction() as store:
        assert await store.rooms.moves() == {"!alt": "!neu"}
        rooms = {d.code: d.room for d in await store.departments.all()}
    assert rooms == {"FB18": "!neu", "FB19": "#kultur:hs"}  # an alias moves by itself


async def test_an_unreachable_postgresql_is_reported_as_unavailable() -> None:
    database = Database(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/europa")
    with pytest.raises(StorageUnavailable):
        await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    await database.close()


async def test_a_lost_postgresql_connection_fails_one_transaction_then_reconnects(
    postgres: PostgresServer,
) -> None:
    url = await postgres.create_database()
    database = Database(url)
    await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    assert await postgres.terminate_connections(url) >= 1  # the pooled one
    with pytest.raises(StorageUnavailable):
        async with database.transaction() as store:
            await store.fields.all()
    async with database.transaction() as store:
        assert len(await store.fields.all()) == len(DEFAULT_FIELDS)
    await database.close()


async def test_creations_recorded_before_their_status_was_kept_get_it(tmp_path: Path) -> None:
    """The status and progress a measure was created with, filled in for older records:
    from its first update's "before", or, without updates, from where it stands."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    created = {"field": "HF1", "title": "Alt", "department": None, "deadline": None}
    async with database.engine.begin() as conn:
        await conn.run_sync(lambda c: command.upgrade(alembic_config(c), "3f2bba0c43c6"))
        await conn.exec_driver_sql("INSERT INTO fields VALUES ('HF1', 'Feld', 1)")
        for number, status, progress in ((1, "laufend", 60), (2, "verzoegert", 30)):
            await conn.exec_driver_sql(
                "INSERT INTO measures (id, field_code, title, status, progress, created_at, "
                f"updated_at) VALUES ({number}, 'HF1', 'Alt', '{status}', {progress}, "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
            await conn.exec_driver_sql(
                "INSERT INTO changes (measure_id, kind, actor, at, details) VALUES "
                f"({number}, 'created', 'Import', '2026-01-01 00:00:00', '{json.dumps(created)}')"
            )
        before = {"update_id": 1, "text": "x", "status": "verzoegert", "progress": 30,
                  "before": {"status": "laufend", "progress": 20}}  # fmt: skip
        await conn.exec_driver_sql(
            "INSERT INTO changes (measure_id, kind, actor, at, details) VALUES "
            f"(2, 'update', '@a:hs', '2026-02-01 00:00:00', '{json.dumps(before)}')"
        )
    await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    async with database.transaction() as store:
        rows = (await store.session.scalars(select(Change).where(Change.kind == "created"))).all()
        found = {c.measure_id: MeasureCreated.from_json(c.details) for c in rows}
    await database.close()
    assert (found[1].status, found[1].progress) == ("laufend", 60)  # no update: as it stands
    assert (found[2].status, found[2].progress) == ("laufend", 20)  # before its first update
