"""SIGKILL in the middle of a stream of commands: after restart each applies exactly once,
on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.local_synapse import Homeserver, create_group_room
from storage.db import Database
from storage.repositories.measures import MeasureFilter
from tests.e2e.conftest import E2E, PASSWORD, staff_client
from tests.e2e.harness import BotProcess

COMMANDS = 40

pytestmark = E2E


@pytest.mark.parametrize("storage", ["sqlite", "postgresql"])
async def test_sigkill_during_a_stream_loses_nothing_and_doubles_nothing(
    homeserver: Homeserver, tmp_path: Path, storage: str, request: pytest.FixtureRequest
) -> None:
    coordinator = await staff_client(homeserver, "koordination", tmp_path)
    name = f"europa-bot-neustart-{storage}"
    await homeserver.register(name, PASSWORD)
    room = await create_group_room(
        coordinator.client, [], [homeserver.user_id(name)], alias=f"neustart-{storage}"
    )
    data = tmp_path / "bot-data"
    url = f"sqlite+aiosqlite:///{data / 'europa-bot.db'}"
    if storage == "postgresql":
        url = await request.getfixturevalue("postgres").create_database()
    bot = await BotProcess.launch(
        homeserver,
        tmp_path,
        PASSWORD,
        [f"#neustart-{storage}:localhost"],
        [coordinator.user_id],
        name=name,
        storage_url=url,
    )
    device = json.loads((data / "credentials.json").read_text())["device_id"]
    try:
        sent: list[str] = []
        for n in range(1, COMMANDS + 1):
            sent.append(await coordinator.send(room, f"!massnahme neu HF1 Messung {n}"))
            if n == 15:
                # kill as soon as some, but not all, commands have been answered
                await coordinator.wait_for(lambda _: bool(coordinator.replies_to(sent[3])))
                bot.kill()
                await bot.process.wait()  # type: ignore[union-attr]
                # staff chat on while the bot is down: more events than one sync shows
                for k in range(60):
                    await coordinator.send(room, f"Zwischenbemerkung {k}")
        answered_before = sum(bool(coordinator.replies_to(e)) for e in sent)
        assert answered_before < COMMANDS
        await bot.start()
        await coordinator.wait_for(
            lambda _: all(coordinator.replies_to(e) for e in sent), wait_s=120
        )
        await asyncio.sleep(2.0)  # room for a duplicate to show up, if there were one
    finally:
        await bot.stop()
        await coordinator.stop()

    assert [len(coordinator.replies_to(e)) for e in sent] == [1] * COMMANDS
    database = Database(url)
    async with database.transaction() as store:
        measures, _ = await store.measures.find(MeasureFilter(), limit=COMMANDS + 10)
    await database.close()
    assert sorted(m.id for m in measures) == list(range(1, COMMANDS + 1))
    assert sorted(m.title for m in measures) == sorted(
        f"Messung {n}" for n in range(1, COMMANDS + 1)
    )
    assert json.loads((data / "credentials.json").read_text())["device_id"] == device
    assert "reusing device" in bot.log_text()
    assert "events missed in" in bot.log_text()  # the limited sync's gap was fetched
