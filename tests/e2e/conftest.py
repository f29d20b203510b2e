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
from tests.postgres import PostgresServer

PASSWORD = "test-passwort"
# the staff and their display names, as replies name them
NAMES = {"koordination": "Koordination", "anna": "Anna Albers", "ben": "Ben Berger"}


# Every e2e module shares the session's event loop, and so its homeserver and clients:
E2E = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def homeserver(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Homeserver]:
    server = Homeserver(tmp_path_factory.mktemp("synapse"), free_port(), secrets.token_hex(16))
    await server.start()
    for name in ("europa-bot", "europa-bot-neustart", "europa-bot-erinnerung", "europa-bot-pg"):
        await server.register(name, PASSWORD)
    for name, display_name in NAMES.items():
        await server.register(name, PASSWORD, display_name=display_name)
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
    bot_id: str


@dataclass
class People:
    """The staff clients every world shares."""

    koordination: Staff
    anna: Staff
    ben: Staff


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def people(
    homeserver: Homeserver, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[People]:
    tmp = tmp_path_factory.mktemp("people")
    staff = People(
        *[await staff_client(homeserver, n, tmp) for n in ("koordination", "anna", "ben")]
    )
    yield staff
    for client in (staff.koordination, staff.anna, staff.ben):
        await client.stop()


async def build_world(
    homeserver: Homeserver,
    people: People,
    tmp: Path,
    bot_name: str,
    suffix: str,
    storage_url: str | None = None,
) -> World:
    """Two rooms named with `suffix` and the bot `bot_name` serving them from `storage_url`."""
    bot_id = homeserver.user_id(bot_name)
    coordinator, anna = people.koordination, people.anna
    group = await create_group_room(
        coordinator.client, [anna.client], [bot_id], alias=f"europa-international{suffix}"
    )
    secret = await create_group_room(
        coordinator.client,
        [anna.client],
        [bot_id],
        alias=f"europa-vertraulich{suffix}",
        encrypted=True,
        name="Vertraulich",
    )
    bot = await BotProcess.launch(
        homeserver,
        tmp,
        PASSWORD,
        [f"#europa-international{suffix}:localhost", f"#europa-vertraulich{suffix}:localhost"],
        [coordinator.user_id],
        name=bot_name,
        storage_url=storage_url,
    )
    return World(homeserver, coordinator, anna, people.ben, group, secret, bot, bot_id)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def sqlite_world(
    homeserver: Homeserver, people: People, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    """The bot on its default SQLite file."""
    world = await build_world(
        homeserver, people, tmp_path_factory.mktemp("world"), "europa-bot", ""
    )
    yield world
    await world.bot.stop()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def postgresql_world(
    homeserver: Homeserver,
    people: People,
    postgres: PostgresServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[World]:
    """A second bot, in rooms of its own, on a database of the test PostgreSQL server."""
    world = await build_world(
        homeserver,
        people,
        tmp_path_factory.mktemp("pg-world"),
        "europa-bot-pg",
        "-pg",
        await postgres.create_database(),
    )
    yield world
    await world.bot.stop()


@pytest.fixture
def storage() -> str:
    """Where the bot keeps its data; a module parametrizes it to run on PostgreSQL too."""
    return "sqlite"


@pytest.fixture
def world(storage: str, request: pytest.FixtureRequest) -> World:
    """The scene on the database `storage` names."""
    world: World = request.getfixturevalue(f"{storage}_world")
    return world


ON_BOTH_DATABASES = pytest.mark.parametrize("storage", ["sqlite", "postgresql"])
