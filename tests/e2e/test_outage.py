"""The homeserver goes away and comes back: the bot backs off, keeps running, answers."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

from bot.local_synapse import Homeserver, create_group_room, free_port
from tests.e2e.conftest import E2E, PASSWORD, staff_client
from tests.e2e.harness import BotProcess

pytestmark = E2E


async def test_bot_survives_a_homeserver_outage(tmp_path: Path) -> None:
    server = Homeserver(tmp_path / "synapse", free_port(), secrets.token_hex(16))
    await server.start()
    bot: BotProcess | None = None
    try:
        for name in ("europa-bot", "koordination"):
            await server.register(name, PASSWORD)
        owner = await server.client("koordination", PASSWORD)
        await create_group_room(owner, [], [server.user_id("europa-bot")])
        await owner.close()
        bot = await BotProcess.launch(
            server,
            tmp_path,
            PASSWORD,
            ["#europa-international:localhost"],
            [server.user_id("koordination")],
        )

        await server.stop()
        await asyncio.sleep(4)  # a few failed syncs
        assert bot.process is not None and bot.process.returncode is None
        await server.start()

        staff = await staff_client(server, "koordination", tmp_path)
        try:
            room = next(iter(staff.client.rooms))
            reply = await staff.ask(
                room,
                "!hilfe",
            )
            assert "!massnahme neu" in reply["body"]
        finally:
            await staff.stop()
        assert "sync failed" in bot.log_text()
        assert await bot.stop() == 0  # SIGTERM ends it cleanly
        bot = None
    finally:
        if bot is not None:
            await bot.stop()
        await server.stop()
