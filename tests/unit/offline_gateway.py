"""A real gateway over a real SQLite file, talking to a small homeserver of the test's own.

For tests that drive the gateway's event and invite handling without Synapse: the
test's aiohttp app answers only what the test expects the gateway to ask.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.config import load_config
from bot.data_dir import DataDir
from bot.device import Device
from bot.dispatch import Dispatcher
from bot.local_synapse import free_port
from bot.matrix import Gateway
from commands import build_registry
from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS
from storage.db import Database
from tests.unit.conftest import Clock, make_settings

BOT = "@bot:localhost"


@dataclass
class Offline:
    """The gateway and what it is made of."""

    gateway: Gateway
    dispatcher: Dispatcher
    database: Database
    db_path: Path


@asynccontextmanager
async def offline_gateway(
    tmp: Path,
    app: web.Application,
    rooms: list[str],
    coordinators: list[str],
    dispatcher_class: type[Dispatcher] = Dispatcher,
) -> AsyncIterator[Offline]:
    """A logged-in gateway (no sync running) whose homeserver is `app` on 127.0.0.1."""
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    (tmp / "config.toml").write_text(
        f'[matrix]\nhomeserver = "http://127.0.0.1:{port}"\nuser_id = "{BOT}"\n'
        f'password = "pw"\n[bot]\nrooms = {json.dumps(rooms)}\n'
        f'coordinators = {json.dumps(coordinators)}\ndata_dir = "{tmp / "data"}"\n'
    )
    config = load_config(tmp / "config.toml", environ={})
    database = Database(f"sqlite+aiosqlite:///{tmp / 'bot.db'}")
    await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    settings = make_settings()
    settings = type(settings)(**{**settings.__dict__, "coordinators": frozenset(coordinators)})
    dispatcher = dispatcher_class(build_registry(), database, settings, Clock())
    data = DataDir.open(config.bot.data_dir)
    stopping = asyncio.Event()
    device = Device(config.matrix, data, stopping)
    device.client.restore_login(BOT, "DEVICE", "token")
    try:
        yield Offline(
            Gateway(config, database, dispatcher, device, stopping),
            dispatcher,
            database,
            tmp / "bot.db",
        )
    finally:
        await device.client.close()
        data.close()
        await database.close()
        await runner.cleanup()
