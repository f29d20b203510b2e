"""End-to-end fixtures: one Synapse per test session on 127.0.0.1, users, rooms, the bot."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.local_synapse import Homeserver, create_group_room, free_port
from tests.e2e.harness import BotProcess, Staff

PASSWORD = "test-passwort"


# Every e2e module shares the session's event loop, and so its homeserver and clients:
E2E = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def homeserver(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Homeserver]:
    server = Homeserver(tmp_path_factory.mktemp("synapse"), free_port(), secrets.token_hex(16))
    await server.start()
    for name in (
        "europa-bot",
        "europa-bot-neustart",
        "europa-bot-erinnerung",
        "koordination",
        "anna",
        "ben",
    ):
        await server.register(name, PASSWORD)
    yield server
    await server.stop()


async def staff_client(homeserver: Homeserver, name: str, tmp: Path) -> Staff:
    """A logged-in staff client with its own E2EE store, syncing in the background."""
    staff = Staff(await homeserver.client(name, PASSWORD, store=tmp / f"{name}-store"))
    await staff.start()
    return staff


@dataclass
class World:
    """The shared scene: staff, the group room, an encrypted room, the running bot."""

    homeserver: Homeserver
    koordination: Staff
    anna: Staff
    ben: Staff
    group_room: str
    secret_room: str
    bot: BotProcess


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def world(
    homeserver: Homeserver, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    tmp = tmp_path_factory.mktemp("world")
    koordination = await staff_client(homeserver, "koordination", tmp)
    anna = await staff_client(homeserver, "anna", tmp)
    ben = await staff_client(homeserver, "ben", tmp)
    bot_id = homeserver.user_id("europa-bot")
    group = await create_group_room(koordination.client, [anna.client], [bot_id])
    secret = await create_group_room(
        koordination.client,
        [anna.client],
        [bot_id],
        alias="europa-vertraulich",
        encrypted=True,
        name="Vertraulich",
    )
    bot = await BotProcess.launch(
        homeserver,
        tmp,
        PASSWORD,
        ["#europa-international:localhost", "#europa-vertraulich:localhost"],
        [homeserver.user_id("koordination")],
    )
    yield World(homeserver, koordination, anna, ben, group, secret, bot)
    await bot.stop()
    for staff in (koordination, anna, ben):
        await staff.stop()
