"""Monitoring a running bot: `/metrics` counts what it did, `/health` says whether it works."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from bot.local_synapse import Homeserver, create_group_room, free_port
from tests.e2e.conftest import E2E, PASSWORD, staff_client
from tests.e2e.harness import WAIT_S, BotProcess

pytestmark = E2E
NAME = "europa-bot-metriken"
OK = 'europa_bot_commands_total{outcome="ok"}'
NOT_FOUND = 'europa_bot_commands_total{outcome="not_found"}'
REPLIES = "europa_bot_replies_sent_total"

Samples = dict[str, float]


async def scrape(url: str) -> Samples:
    """The samples of `/metrics` by name and labels, as Prometheus reads them."""
    async with aiohttp.ClientSession() as http, http.get(f"{url}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=")
        text = await response.text()
    samples: Samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, value = line.rsplit(" ", 1)
            samples[key] = float(value)
    return samples


async def health(url: str) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as http, http.get(f"{url}/health") as response:
        assert response.headers["Content-Type"].startswith("application/json")
        return response.status, json.loads(await response.text())


async def scraped_until(url: str, predicate: Callable[[Samples], bool]) -> Samples:
    """Scrape until `predicate` holds (a reply is counted once the homeserver took it)."""
    for _ in range(int(WAIT_S / 0.2)):
        samples = await scrape(url)
        if predicate(samples):
            return samples
        await asyncio.sleep(0.2)
    raise AssertionError(f"not within {WAIT_S} s: {samples}")


async def healthy_until(url: str, expected: int) -> dict[str, Any]:
    for _ in range(int(WAIT_S / 0.2)):
        status, body = await health(url)
        if status == expected:
            return body
        await asyncio.sleep(0.2)
    raise AssertionError(f"/health not {expected} within {WAIT_S} s: {status} {body}")


async def test_a_running_bot_serves_metrics_and_health(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    await homeserver.register(NAME, PASSWORD)
    coordinator = await staff_client(homeserver, "koordination", tmp_path)
    room = await create_group_room(
        coordinator.client, [], [homeserver.user_id(NAME)], alias="metriken"
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    bot = await BotProcess.launch(
        homeserver,
        tmp_path,
        PASSWORD,
        ["#metriken:localhost"],
        [coordinator.user_id],
        name=NAME,
        extra=f'\n[metrics]\nlisten = "127.0.0.1:{port}"\n',
    )
    try:
        # at start the bot may have queued this week's digest: wait until it is sent
        before = await scraped_until(url, lambda s: s["europa_bot_outbox_length"] == 0)
        assert 0 <= before["europa_bot_last_sync_age_seconds"] < 60

        assert "!massnahme neu" in (await coordinator.ask(room, "!hilfe"))["body"]
        assert "M999" in (await coordinator.ask(room, "!massnahme M999"))["body"]
        after = await scraped_until(url, lambda s: s[REPLIES] == before[REPLIES] + 2)
        assert after[OK] == before[OK] + 1
        assert after[NOT_FOUND] == before[NOT_FOUND] + 1
        assert after["europa_bot_outbox_length"] == 0

        status, body = await health(url)
        assert status == 200
        assert body["status"] == "ok" and body["sync"] == "ok" and body["database"] == "ok"
        assert 0 <= body["last_sync_seconds"] < 60

        # an operator's tool holds the database's write lock: the bot waits, /health says so
        lock = sqlite3.connect(tmp_path / "bot-data" / "europa-bot.db", 10, isolation_level=None)
        try:
            lock.execute("BEGIN IMMEDIATE")
            body = await healthy_until(url, 503)
            assert body["status"] == "failing" and body["database"].startswith("no answer")
            lock.execute("ROLLBACK")
        finally:
            lock.close()
        assert (await healthy_until(url, 200))["database"] == "ok"
    finally:
        assert await bot.stop() == 0
        await coordinator.stop()
    assert "serving /metrics and /health on 127.0.0.1" in bot.log_text()
    assert "Traceback" not in bot.log_text()
