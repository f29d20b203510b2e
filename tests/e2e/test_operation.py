"""The operator's side: a homeserver that is not there yet, a revoked token, two instances."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import aiohttp

from bot.local_synapse import Homeserver, free_port
from bot.sandbox import write_config
from tests.e2e.conftest import E2E, PASSWORD
from tests.e2e.harness import REPO, BotProcess, until

pytestmark = E2E
EXIT_FATAL = 3


async def start(config: Path, log: Path) -> asyncio.subprocess.Process:
    out = log.open("ab")
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "-c", str(config),
            stdout=out, stderr=out, cwd=REPO, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
    finally:
        out.close()


async def test_an_unreachable_homeserver_is_retried_with_one_line_per_attempt(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    config, log = tmp_path / "config.toml", tmp_path / "bot.log"
    nowhere = f"http://127.0.0.1:{free_port()}"
    write_config(
        config, homeserver, "europa-bot", PASSWORD, ["#x:localhost"], [], tmp_path / "data",
        homeserver_url=nowhere,
    )  # fmt: skip
    bot = await start(config, log)
    try:
        await until(lambda: log.read_text().count(f"connecting to {nowhere} failed") >= 2)
        assert bot.returncode is None
        text = log.read_text()
        assert "Traceback" not in text
        assert "retrying in" in text
    finally:
        bot.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), 20) == 0


async def test_a_revoked_token_ends_the_bot_with_a_clear_message(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    name = "europa-bot-abgemeldet"
    await homeserver.register(name, PASSWORD)
    bot = await BotProcess.launch(
        homeserver, tmp_path, PASSWORD, ["#nirgends:localhost"], [], name=name
    )
    await bot.stop()
    token = json.loads((tmp_path / "bot-data" / "credentials.json").read_text())["access_token"]
    async with aiohttp.ClientSession() as http:
        logout = f"{homeserver.url}/_matrix/client/v3/logout"
        async with http.post(logout, headers={"Authorization": f"Bearer {token}"}) as response:
            assert response.status == 200
    process = await start(bot.config, bot.log)
    assert await asyncio.wait_for(process.wait(), 60) == EXIT_FATAL
    text = bot.log_text()
    assert "was revoked" in text and "credentials.json" in text
    assert "Traceback" not in text


async def test_a_second_instance_on_the_same_data_dir_is_refused(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    name = "europa-bot-zweimal"
    await homeserver.register(name, PASSWORD)
    first = await BotProcess.launch(
        homeserver, tmp_path, PASSWORD, ["#nirgends:localhost"], [], name=name
    )
    try:
        second = await start(first.config, tmp_path / "second.log")
        assert await asyncio.wait_for(second.wait(), 60) == EXIT_FATAL
        assert "already running" in (tmp_path / "second.log").read_text()
        assert first.process is not None and first.process.returncode is None
    finally:
        await first.stop()
