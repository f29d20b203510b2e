"""SIGKILL in the middle of a stream of commands: after restart each applies exactly once."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

from bot.local_synapse import Homeserver, create_group_room
from tests.e2e.conftest import E2E, PASSWORD, staff_client
from tests.e2e.harness import BotProcess

COMMANDS = 40

pytestmark = E2E


async def test_sigkill_during_a_stream_loses_nothing_and_doubles_nothing(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    coordinator = await staff_client(homeserver, "koordination", tmp_path)
    bot_id = homeserver.user_id("europa-bot-neustart")
    room = await create_group_room(coordinator.client, [], [bot_id], alias="neustart")
    data = tmp_path / "bot-data"
    bot = await BotProcess.launch(
        homeserver,
        tmp_path,
        PASSWORD,
        ["#neustart:localhost"],
        [coordinator.user_id],
        name="europa-bot-neustart",
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
    with sqlite3.connect(data / "europa-bot.db") as db:
        rows = db.execute("SELECT id, title FROM measures ORDER BY id").fetchall()
    assert [r[0] for r in rows] == list(range(1, COMMANDS + 1))
    assert sorted(r[1] for r in rows) == sorted(f"Messung {n}" for n in range(1, COMMANDS + 1))
    assert json.loads((data / "credentials.json").read_text())["device_id"] == device
    assert "reusing device" in bot.log_text()
    assert "events missed in" in bot.log_text()  # the limited sync's gap was fetched
