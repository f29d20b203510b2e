"""Invites are judged by the room id they lead to, never by an alias they merely claim.

The gateway talks to a small homeserver of this test's on 127.0.0.1 that answers joins,
leaves, alias look-ups and room state, and records what the bot asked of it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from nio import InviteEvent
from nio.rooms import MatrixRoom

from bot.matrix import Gateway
from plan.audit import Origin
from tests.unit.offline_gateway import BOT, offline_gateway

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
    server = FakeHomeserver(aliases={"#fb18:localhost": "!fb18", "#privat:localhost": "!privat"})
    app = web.Application()
    app.router.add_post("/_matrix/client/v3/join/{room}", server.join)
    app.router.add_post("/_matrix/client/v3/rooms/{room}/leave", server.leave)
    app.router.add_get("/_matrix/client/v3/directory/room/{alias}", server.alias)
    app.router.add_get("/_matrix/client/v3/rooms/{room}/state", server.state)
    rooms = ["#gruppe:localhost", "!konfiguriert", "#privat:localhost"]
    async with offline_gateway(tmp_path, app, rooms, [COORDINATOR]) as offline:
        async with offline.database.transaction() as store:
            origin = Origin(COORDINATOR, datetime(2026, 11, 25, tzinfo=UTC))
            await store.departments.add("FB18", "Personal", "#fb18:localhost", [], origin)
        group = MatrixRoom(GROUP, BOT)
        group.power_levels.users[CHIEF] = 50
        offline.gateway.client.rooms[GROUP] = group
        offline.gateway.rooms.remember("#gruppe:localhost", GROUP)
        yield offline.gateway, server


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
        ("!privat", STRANGER, [], True),  # configured by alias, not joinable at start
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
    await bot.rooms.answer_invite(room, invite(inviter, *state), bot.dispatcher.settings)
    assert (server.joined, server.left) == (([room], []) if joins else ([], [room]))
