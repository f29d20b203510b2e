"""Invites are judged by the room id they lead to, never by an alias they merely claim.

The gateway talks to a small homeserver of this test's on 127.0.0.1 that answers joins,
leaves, alias look-ups and room state, and records what the bot asked of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from nio import InviteEvent
from nio.rooms import MatrixRoom

from bot.config import load_config
from bot.data_dir import DataDir
from bot.device import Device
from bot.dispatch import Dispatcher
from bot.matrix import Gateway
from bot.sandbox import free_port
from commands import build_registry
from commands.plan import DEFAULT_FIELDS, DEFAULT_GOALS
from storage.db import Database
from storage.repositories import Origin
from tests.unit.conftest import Clock, make_settings

BOT = "@bot:localhost"
GROUP = "!gruppe"
COORDINATOR = "@koordination:localhost"
CHIEF = "@chefin:localhost"
STRANGER = "@gast:localhost"


@dataclass
class FakeHomeserver:
    """Answers what the gateway asks while judging invites; records joins and leaves."""

    aliases: dict[str, str] = field(default_factory=dict)
    joined: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)

    async def join(self, request: web.Request) -> web.Response:
        self.joined.append(request.match_info["room"])
        return web.json_response({"room_id": request.match_info["room"]})

    async def leave(self, request: web.Request) -> web.Response:
        self.left.append(request.match_info["room"])
        return web.json_response({})

    async def alias(self, request: web.Request) -> web.Response:
        room = self.aliases.get(request.match_info["alias"])
        if room is None:
            return web.json_response({"errcode": "M_NOT_FOUND", "error": "no"}, status=404)
        return web.json_response({"room_id": room, "servers": ["localhost"]})

    async def state(self, request: web.Request) -> web.Response:
        create = {
            "type": "m.room.create",
            "state_key": "",
            "sender": "@someone:localhost",
            "event_id": "$c",
            "room_id": request.match_info["room"],
            "origin_server_ts": 1,
            "content": {"room_version": "11"},
        }
        return web.json_response([create])


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[tuple[Gateway, FakeHomeserver]]:
    server = FakeHomeserver(aliases={"#fb18:localhost": "!fb18"})
    app = web.Application()
    app.router.add_post("/_matrix/client/v3/join/{room}", server.join)
    app.router.add_post("/_matrix/client/v3/rooms/{room}/leave", server.leave)
    app.router.add_get("/_matrix/client/v3/directory/room/{alias}", server.alias)
    app.router.add_get("/_matrix/client/v3/rooms/{room}/state", server.state)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    (tmp_path / "config.toml").write_text(
        f'[matrix]\nhomeserver = "http://127.0.0.1:{port}"\nuser_id = "{BOT}"\n'
        'password = "pw"\n[bot]\nrooms = ["#gruppe:localhost", "!konfiguriert"]\n'
        f'coordinators = ["{COORDINATOR}"]\ndata_dir = "{tmp_path / "data"}"\n'
    )
    config = load_config(tmp_path / "config.toml", environ={})
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    async with database.transaction() as store:
        origin = Origin(COORDINATOR, datetime(2026, 11, 25, tzinfo=UTC))
        await store.departments.add("FB18", "Personal", "#fb18:localhost", [], origin)
    settings = make_settings()
    settings = type(settings)(**{**settings.__dict__, "coordinators": frozenset({COORDINATOR})})
    dispatcher = Dispatcher(build_registry(), database, settings, Clock())
    data = DataDir.open(config.bot.data_dir)
    stopping = asyncio.Event()
    device = Device(config.matrix, data, stopping)
    device.client.restore_login(BOT, "DEVICE", "token")
    gateway = Gateway(config, database, dispatcher, device, stopping)
    group = MatrixRoom(GROUP, BOT)
    group.power_levels.users[CHIEF] = 50
    device.client.rooms[GROUP] = group
    gateway.rooms.remember("#gruppe:localhost", GROUP)
    try:
        yield gateway, server
    finally:
        await device.client.close()
        data.close()
        await database.close()
        await runner.cleanup()


def invite(inviter: str, *extra: dict[str, Any]) -> list[Any]:
    member = {
        "type": "m.room.member",
        "state_key": BOT,
        "sender": inviter,
        "content": {"membership": "invite"},
    }
    return [InviteEvent.parse_event(e) for e in (member, *extra)]


CLAIMED_ALIAS = {
    "type": "m.room.canonical_alias",
    "state_key": "",
    "sender": STRANGER,
    "content": {"alias": "#gruppe:localhost", "alt_aliases": ["#fb18:localhost"]},
}


@pytest.mark.parametrize(
    ("room", "inviter", "state", "joins"),
    [
        ("!falle", STRANGER, [CLAIMED_ALIAS], False),  # claims the group room's alias
        ("!irgendwo", STRANGER, [], False),
        ("!konfiguriert", STRANGER, [], True),  # configured by id
        ("!fb18", STRANGER, [], True),  # a department's room, by the id its alias leads to
        ("!neu", COORDINATOR, [], True),  # listed coordinator
        ("!neu2", CHIEF, [], True),  # power 50 in the group room
    ],
)
async def test_invites_are_judged_by_room_id_and_inviter(
    gateway: tuple[Gateway, FakeHomeserver],
    room: str,
    inviter: str,
    state: list[dict[str, Any]],
    joins: bool,
) -> None:
    bot, server = gateway
    await bot._answer_invite(room, invite(inviter, *state))
    assert (server.joined, server.left) == (([room], []) if joins else ([], [room]))
