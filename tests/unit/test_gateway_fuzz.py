"""Hostile room events through the gateway's own event handling, by the ten thousand.

Hypothesis generates raw event JSON as any room member could send it: random JSON
types at every content key and relation, edits of other people's messages, redactions,
reactions, huge and odd strings. Each event goes the way a synced event goes: parsed by
nio, then `Gateway._handle_event` with a real database. The gateway asks a homeserver
on 127.0.0.1 (a small one of this test's, which knows every generated event and fails
the test on any other request) who sent an edited message.

Checked for every event: no exception escapes; handling it again adds nothing (at
most one reply, exactly once); a refused command, a command of someone without the
right, and somebody else's edit change no table.
"""

from __future__ import annotations

import itertools
import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nio import Event
from nio.rooms import MatrixRoom

from bot.dispatch import Dispatcher
from bot.matrix import Gateway
from commands.errors import CommandError
from messages.reply import Reply
from tests.unit.conftest import dump
from tests.unit.offline_gateway import BOT, offline_gateway

pytestmark = pytest.mark.asyncio(loop_scope="module")

EVENTS_PER_EXAMPLE = 25
EXAMPLES = 420  # 10,500 events
GROUP = "!gruppe:localhost"
FOREIGN = "!fremd:localhost"
COORDINATOR = "@koordination:localhost"
CHIEF = "@chefin:localhost"  # power 50 in the group room
CONTACT = "@anna:localhost"
MEMBER = "@ben:localhost"
STRANGER = "@gast:localhost"  # in no room
FOREIGN_ADMIN = "@fremd:localhost"  # creator of the foreign room: unlimited power, only there
POWERLESS = {STRANGER, FOREIGN_ADMIN}
# what recording or withdrawing an update changes
UPDATE_TABLES = {"updates", "changes", "measures"}
SENDERS = [COORDINATOR, CHIEF, CONTACT, MEMBER, STRANGER, FOREIGN_ADMIN]
TARGET = "$TARGET"

WORDS = [
    "!massnahme", "!massnahmen", "!update", "!sachstand", "!frist", "!fristen", "!verlauf",
    "!fb", "!fachbereiche", "!hilfe", "!erinnerungen", "!bericht", "!export", "!measure",
    "neu", "ändern", "M1", "M2", "M-3", "M999999999", "HF1", "HF2", "FB18", "fb=FB18",
    "frist=31.03.2027", "frist=gestern", "status=abgeschlossen", "status=kaputt", "40%",
    "fortschritt=101", "kontakt=@anna:localhost", "raum=#r:localhost", "titel=x",
    "seite=2", "Ende März", "KW 53", '"', "„", "=", "!", "<b>", "\u200b", "\u202e", "✅",
]  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)
COMMANDS = st.lists(st.sampled_from(WORDS) | st.text(max_size=10), min_size=1, max_size=7).map(
    " ".join
)
HUGE = st.integers(4_000, 70_000).map(lambda n: "!update M1 " + "x" * n)
BODIES = st.one_of(COMMANDS, COMMANDS, st.text(max_size=30), HUGE, JSON)


@dataclass
class Homeserver:
    """What the test's homeserver knows: every event generated so far, by id."""

    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)

    async def get_event(self, request: web.Request) -> web.Response:
        event = self.events.get(request.match_info["event_id"])
        if event is None or event["room_id"] != request.match_info["room_id"]:
            body = {"errcode": "M_NOT_FOUND", "error": "Event not found"}
            return web.json_response(body, status=404)
        return web.json_response(event)

    async def state(self, request: web.Request) -> web.Response:
        """Both rooms are of version 12: their creators have unlimited power there."""
        room_id = request.match_info["room_id"]
        creator = {GROUP: COORDINATOR, FOREIGN: FOREIGN_ADMIN}[room_id]
        create = {
            "type": "m.room.create",
            "state_key": "",
            "sender": creator,
            "event_id": f"$create{room_id}",
            "room_id": room_id,
            "origin_server_ts": 1,
            "content": {"room_version": "12"},
        }
        return web.json_response([create])

    async def typing(self, request: web.Request) -> web.Response:
        """`!bericht` and `!export` show the bot typing while they work."""
        return web.json_response({})

    async def other(self, request: web.Request) -> web.Response:
        self.unexpected.append(f"{request.method} {request.path}")
        return web.json_response({"errcode": "M_UNRECOGNIZED", "error": "unexpected"}, status=400)


class RecordingDispatcher(Dispatcher):
    """The real dispatcher, noting which events it refused."""

    refused: int = 0

    def refusal(self, exc: CommandError) -> Reply:
        self.refused += 1
        return super().refusal(exc)


@dataclass
class Scene:
    gateway: Gateway
    dispatcher: RecordingDispatcher
    db: sqlite3.Connection  # a second, plain connection to look at the tables
    homeserver: Homeserver
    rooms: dict[str, MatrixRoom]
    ids: itertools.count[int] = field(default_factory=itertools.count)
    handled: int = 0


def room(room_id: str, power: dict[str, int], members: list[str]) -> MatrixRoom:
    matrix_room = MatrixRoom(room_id, BOT)
    for user in [BOT, *members]:
        matrix_room.add_member(user, None, None)
    matrix_room.power_levels.users.update(power)
    return matrix_room


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def scene(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Scene]:
    # nio logs every event that fails its schema at length; the fuzz makes thousands
    logging.getLogger("nio").setLevel(logging.ERROR)
    known = Homeserver()
    app = web.Application()
    app.router.add_get("/_matrix/client/v3/rooms/{room_id}/event/{event_id}", known.get_event)
    app.router.add_get("/_matrix/client/v3/rooms/{room_id}/state", known.state)
    app.router.add_put("/_matrix/client/v3/rooms/{room_id}/typing/{user_id}", known.typing)
    app.router.add_route("*", "/{tail:.*}", known.other)
    async with offline_gateway(
        tmp_path_factory.mktemp("fuzz"),
        app,
        [GROUP, FOREIGN],
        [COORDINATOR],
        dispatcher_class=RecordingDispatcher,
    ) as offline:
        assert isinstance(offline.dispatcher, RecordingDispatcher)
        rooms = {
            GROUP: room(GROUP, {CHIEF: 50}, [COORDINATOR, CHIEF, CONTACT, MEMBER]),
            FOREIGN: room(FOREIGN, {FOREIGN_ADMIN: 100}, [FOREIGN_ADMIN, MEMBER, CONTACT]),
        }
        offline.gateway.client.rooms.update(rooms)
        with sqlite3.connect(offline.db_path, isolation_level=None) as db:
            the_scene = Scene(offline.gateway, offline.dispatcher, db, known, rooms)
            await setup_catalogue(the_scene)
            yield the_scene
        db.close()
    assert not known.unexpected, known.unexpected
    assert the_scene.handled >= 10_000, the_scene.handled


async def setup_catalogue(scene: Scene) -> None:
    """A department and two measures for the commands to work on."""
    for number, text in enumerate(
        (
            f"!fb neu FB18 Personal kontakt={CONTACT}",
            "!massnahme neu HF2 Sprachkurse fb=FB18 frist=31.03.2027",
            "!massnahme neu HF1 Partnerschaften",
        )
    ):
        source = message(f"$setup{number}", COORDINATOR, GROUP, {"msgtype": "m.text", "body": text})
        scene.homeserver.events[source["event_id"]] = source
        await scene.gateway._handle_event(scene.rooms[GROUP], Event.parse_event(source))


def message(event_id: str, sender: str, room_id: str, content: Any) -> dict[str, Any]:
    return {
        "type": "m.room.message",
        "event_id": event_id,
        "sender": sender,
        "room_id": room_id,
        "origin_server_ts": 1_790_000_000_000,
        "content": content,
    }


@st.composite
def events(draw: st.DrawFn) -> tuple[str, str, dict[str, Any], int]:
    """(kind, room, raw event without id, which earlier event it targets).

    The target is written as TARGET and replaced by a real event id by the test.
    """
    sender = draw(st.sampled_from(SENDERS))
    room_id = draw(st.sampled_from([GROUP, GROUP, FOREIGN]))
    target = draw(st.integers(0, 40))
    target_value = draw(st.one_of(st.just(TARGET), JSON))
    kind = draw(st.sampled_from(["text", "text", "text", "edit", "reaction", "redaction", "odd"]))
    content: Any
    if kind == "text":
        content = {"msgtype": draw(st.sampled_from(["m.text", "m.text", "m.notice", "x"]))}
        content["body"] = draw(BODIES)
        relation = draw(
            st.one_of(
                st.none(),
                JSON,
                st.fixed_dictionaries(
                    {"rel_type": st.sampled_from(["m.thread", "m.reference"]) | JSON},
                    optional={"event_id": st.just(target_value)},
                ),
            )
        )
        if relation is not None:
            content["m.relates_to"] = relation
    elif kind == "edit":
        new_content = draw(
            st.one_of(
                JSON,
                st.fixed_dictionaries(
                    {"body": BODIES}, optional={"msgtype": st.sampled_from(["m.text"]) | JSON}
                ),
            )
        )
        relation = draw(
            st.one_of(JSON, st.just({"rel_type": "m.replace", "event_id": target_value}))
        )
        content = {
            "msgtype": "m.text",
            "body": "* " + draw(st.text(max_size=10)),
            "m.new_content": new_content,
            "m.relates_to": relation,
        }
    elif kind == "reaction":
        content = {
            "m.relates_to": draw(
                st.one_of(
                    JSON,
                    st.fixed_dictionaries(
                        {
                            "rel_type": st.just("m.annotation") | JSON,
                            "event_id": st.just(target_value),
                            "key": st.sampled_from(["✅", "👍"]) | JSON,
                        }
                    ),
                )
            )
        }
    elif kind == "redaction":
        content = draw(st.one_of(JSON, st.fixed_dictionaries({"redacts": st.just(target_value)})))
    else:
        content = draw(JSON)
    event_type = {
        "text": "m.room.message",
        "edit": "m.room.message",
        "reaction": "m.reaction",
        "redaction": "m.room.redaction",
    }.get(kind) or draw(st.sampled_from(["m.room.message", "m.sticker", "x.custom"]))
    raw = {"type": event_type, "sender": sender, "room_id": room_id, "content": content}
    if kind == "redaction" and draw(st.booleans()):
        raw["redacts"] = target_value  # room versions up to 10
    return kind, room_id, raw, target


def queued_after(db: sqlite3.Connection, last_id: int) -> list[dict[str, Any]]:
    """The contents queued in the outbox after message `last_id`."""
    rows = db.execute("SELECT content FROM outbox WHERE id > ? ORDER BY id", (last_id,))
    return [json.loads(content) for (content,) in rows]


def last_outbox_id(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT coalesce(max(id), 0) FROM outbox").fetchone()[0])


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_hostile_events_never_escape_and_never_change_what_they_may_not(
    scene: Scene, data: st.DataObject
) -> None:
    known = ["$setup0", "$setup1", "$setup2"]
    for _ in range(EVENTS_PER_EXAMPLE):
        kind, room_id, raw, index = data.draw(events())
        target = known[index % len(known)]
        raw = json.loads(json.dumps(raw).replace(json.dumps(TARGET), json.dumps(target)))
        event_id = f"$fuzz{next(scene.ids)}"
        raw = {"event_id": event_id, "origin_server_ts": 1_790_000_000_000, **raw}
        scene.homeserver.events[event_id] = raw
        known.append(event_id)
        sender = raw["sender"]
        original = scene.homeserver.events.get(target, {})
        foreign_edit = kind == "edit" and original.get("sender") != sender

        before = dump(scene.db)
        last = last_outbox_id(scene.db)
        refused = scene.dispatcher.refused
        parsed = Event.parse_event(json.loads(json.dumps(raw)))
        await scene.gateway._handle_event(scene.rooms[room_id], parsed)
        scene.handled += 1
        after = dump(scene.db)
        queued = queued_after(scene.db, last)
        replies = [r for r in queued if r.get("msgtype") == "m.notice"]  # not attachments

        assert len(replies) <= 1, raw
        assert not any("Interner Fehler" in str(r["body"]) for r in replies), (raw, replies)
        # a member without power may post updates in its room, nothing else
        member_update = sender == FOREIGN_ADMIN and room_id == FOREIGN
        if scene.dispatcher.refused > refused or (sender in POWERLESS and not member_update):
            assert after == before, raw
        if member_update:
            assert all(before[t] == after[t] for t in before if t not in UPDATE_TABLES), raw
        if foreign_edit:
            assert after == before and not replies, raw

        # the same event again (a replayed sync) is a no-op
        await scene.gateway._handle_event(scene.rooms[room_id], parsed)
        assert dump(scene.db) == after
        assert len(queued_after(scene.db, last)) == len(queued), raw
